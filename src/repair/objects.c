/*
 * The ELF objects of a repair: parsing one, and gathering once what the
 * policy match needs from it (symbol versions, blacklisted symbols, ISA
 * level) and how each of its DT_NEEDED entries is to be satisfied.
 */
#include "repair_internal.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

size_t repair_obj_new(struct repair_ctx *c)
{
	struct repair_obj *o;

	ALLOC_GROW(c->objs, c->nr_objs + 1, c->alloc_objs);
	o = &c->objs[c->nr_objs];
	memset(o, 0, sizeof(*o));
	sb_init(&o->data);
	sb_init(&o->edited);
	o->loader = -1;
	return c->nr_objs++;
}

void repair_obj_release(struct repair_obj *o)
{
	elf_versions_release(&o->vers);
	elf_release(&o->ef);
	free(o->needs);
	free(o->bl);
	free(o->name);
	free(o->found_as);
	free(o->realpath);
	free(o->origin);
	free(o->new_name);
	free(o->arcname);
	sb_release(&o->data);
	sb_release(&o->edited);
	memset(o, 0, sizeof(*o));
}

static void classify_needs(const struct repair_ctx *c, struct repair_obj *o)
{
	size_t i;

	o->nr_needs = o->ef.nneeded;
	o->needs = xcalloc(o->nr_needs ? o->nr_needs : 1, sizeof(*o->needs));
	for (i = 0; i < o->nr_needs; i++) {
		struct need *n = &o->needs[i];

		n->name = o->ef.needed[i];
		n->target = -1;
		if (policy_is_loader(n->name))
			n->kind = NEED_LOADER;
		else if (c->remove_libpython && policy_is_libpython(n->name))
			n->kind = NEED_LIBPYTHON;
		else if (repair_excluded_by(c->opts, n->name))
			n->kind = NEED_EXCLUDED;
		else
			n->kind = NEED_SYSTEM;
	}
}

/*
 * Undefined strong symbols that some policy forbids taking from a need.
 * Excluded libraries too: the blacklist is about the system's copy, which
 * is the one they will get.
 */
static int gather_blacklisted(struct repair_obj *o, struct err *e)
{
	struct elf_symbols syms = ELF_SYMBOLS_INIT;
	size_t i, k;

	if (elf_read_dynsyms(&o->ef, &syms, e))
		return -1;
	for (i = 0; i < syms.nr; i++) {
		const struct elf_symbol *s = &syms.v[i];

		if (elf_symbol_defined(s) || s->bind == ELF_STB_WEAK || !*s->name)
			continue;
		for (k = 0; k < o->nr_needs; k++) {
			if ((o->needs[k].kind != NEED_SYSTEM &&
			     o->needs[k].kind != NEED_EXCLUDED) ||
			    !policy_any_blacklists(o->needs[k].name, s->name))
				continue;
			ALLOC_GROW(o->bl, o->nr_bl + 1, o->alloc_bl);
			o->bl[o->nr_bl].lib = o->needs[k].name;
			o->bl[o->nr_bl++].sym = s->name;
		}
	}
	elf_symbols_release(&syms);
	return 0;
}

static void gather_isa(struct repair_obj *o)
{
	struct err ignored = ERR_INIT;
	uint32_t bits;

	/* A malformed note is the audit's business; it only raises no level. */
	if (o->ef.machine == ELF_EM_X86_64 &&
	    elf_x86_isa_needed(&o->ef, &bits, &ignored) == 1)
		o->isa_level = elf_x86_isa_level(bits);
	err_release(&ignored);
}

static void note_libc(struct repair_ctx *c, const struct repair_obj *o)
{
	size_t i;

	if (o->ef.interp && strstr(o->ef.interp, "ld-musl-"))
		c->libc = POLICY_MUSL;
	for (i = 0; i < o->ef.nneeded; i++) {
		if (starts_with(o->ef.needed[i], "libc.musl-"))
			c->libc = POLICY_MUSL;
		else if (!strcmp(o->ef.needed[i], "libc.so.6") && c->libc == POLICY_ANY)
			c->libc = POLICY_GLIBC;
	}
}

int repair_obj_load(struct repair_ctx *c, struct repair_obj *o, struct err *e)
{
	if (elf_parse(&o->ef, o->data.buf, o->data.len, o->name, e))
		return -1;
	if (!o->ef.has_dynamic)
		return 0;
	classify_needs(c, o);
	if (elf_read_versions(&o->ef, &o->vers, e) || gather_blacklisted(o, e))
		return -1;
	gather_isa(o);
	if (o->in_wheel)
		note_libc(c, o);
	return 0;
}
