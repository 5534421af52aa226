/*
 * Which policy the repaired wheel meets, the way auditwheel decides it: for
 * each policy of the binaries' libc family, from the most compatible down,
 * the libraries it does not whitelist would be copied in, so what must
 * hold is what the wheel's binaries and those copies need (symbol
 * versions, blacklisted symbols, ISA level), and every such library must
 * have been found. The first policy that holds is the best; --plat names
 * one to meet instead (refused with the reasons), and a better one that
 * also holds is added in front of it.
 */
#include "repair_internal.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MAX_REASONS 8

static void add_obj_needs(const struct repair_obj *o, int isa_check,
			  struct policy_needs *n)
{
	size_t i, k;

	for (i = 0; i < o->vers.nneeds; i++) {
		const char *file = o->vers.needs[i].file;

		if (policy_is_loader(file) || policy_is_libpython(file))
			continue;
		for (k = 0; k < o->vers.needs[i].naux; k++)
			policy_needs_add_version(n, o->name, file, o->vers.needs[i].aux[k].name);
	}
	for (i = 0; i < o->nr_bl; i++)
		policy_needs_add_sym(n, o->name, o->bl[i].lib, o->bl[i].sym);
	if (o->isa_level && isa_check)
		policy_needs_set_isa(n, o->name, o->isa_level);
}

/* What must hold once g's libraries are in the wheel. */
static void gather(const struct repair_ctx *c, const struct graft_set *g,
		   struct policy_needs *n)
{
	size_t i;

	policy_needs_init(n);
	policy_needs_set_libc(n, c->libc == POLICY_ANY ? POLICY_GLIBC : c->libc);
	for (i = 0; i < c->nr_wheel_objs; i++)
		add_obj_needs(&c->objs[i], !c->opts->no_isa_check, n);
	for (i = 0; i < g->nr_libs; i++)
		add_obj_needs(&c->objs[g->libs[i]], !c->opts->no_isa_check, n);
	for (i = 0; i < g->nr_missing; i++)
		policy_needs_add_lib(n, g->missing[i].by, g->missing[i].name);
}

struct reasons {
	const struct policy *p;
	const char *arch;
	struct strbuf text;
	size_t nr;
};

static void describe(void *ctx, const struct policy_violation *v)
{
	struct reasons *r = ctx;
	struct strbuf *t = &r->text;

	if (r->nr++ >= MAX_REASONS)
		return;
	sb_adds(t, r->nr > 1 ? "; " : "");
	switch (v->kind) {
	case PV_NO_ARCH:
		sb_addf(t, "the policy has no %s variant", r->arch);
		break;
	case PV_VERSION: {
		const char *us = strchr(v->what, '_');
		struct strbuf prefix = STRBUF_INIT;
		const char *max;

		sb_add(&prefix, v->what, us ? (size_t)(us - v->what) : strlen(v->what));
		max = policy_max_version(r->p, r->arch, prefix.buf);
		sb_addf(t, "'%s' needs %s from '%s'", v->by, v->what, v->from);
		if (max)
			sb_addf(t, " (it allows %s up to %s)", prefix.buf, max);
		sb_release(&prefix);
		break;
	}
	case PV_LIB:
		sb_addf(t, "'%s' needs '%s', which is neither in the wheel nor found on this machine, and the policy does not allow it",
			v->by, v->what);
		break;
	case PV_BLACKLIST:
		sb_addf(t, "'%s' uses '%s' from '%s', which the policy forbids", v->by,
			v->what, v->from);
		break;
	case PV_ISA:
		sb_addf(t, "'%s' needs an x86-64 level above the baseline (GNU property note)", v->by);
		break;
	case PV_LIBC:
		sb_addf(t, "the binaries are linked against %s", v->what);
		break;
	}
}

/* 0 when p holds with its libraries copied in; else the reasons (if r). */
static int try_policy(struct repair_ctx *c, const struct policy *p,
		      struct graft_set *g, struct reasons *r, struct err *e)
{
	struct policy_needs n;
	size_t bad;

	graft_set_release(g);
	if (repair_walk(c, p, g, e))
		return -1;
	gather(c, g, &n);
	bad = policy_check(p, c->arch, &n, r ? describe : NULL, r);
	policy_needs_release(&n);
	return bad ? 1 : 0;
}

static int refuse(struct repair_ctx *c, const struct policy *p,
		  struct graft_set *g, const char *what, struct err *e)
{
	struct reasons r;
	struct strbuf tag = STRBUF_INIT;
	int rc;

	memset(&r, 0, sizeof(r));
	r.p = p;
	r.arch = c->arch;
	sb_init(&r.text);
	policy_tag(p, c->arch, &tag);
	rc = try_policy(c, p, g, &r, e);
	if (rc >= 0) {
		err_at(e, c->wheel, 0, 0, "cannot repair the wheel to %s '%s': %s%s", what,
		       tag.buf, r.text.buf, r.nr > MAX_REASONS ? "; ..." : "");
		e->status = EXIT_FAILED;
	}
	sb_release(&tag);
	sb_release(&r.text);
	return -1;
}

/* A member of the wheel called name, in any folder, or NULL. */
static const char *member_named(const struct repair_ctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->zr.nr; i++) {
		const char *base = strrchr(c->zr.m[i].name, '/');

		if (!strcmp(base ? base + 1 : c->zr.m[i].name, name))
			return c->zr.m[i].name;
	}
	return NULL;
}

/* Libraries that no policy allows and that could not be found. */
static int missing(struct repair_ctx *c, const struct graft_set *g,
		   struct err *e)
{
	struct strbuf list = STRBUF_INIT;
	const char *carried = NULL;
	const char *root = c->opts->sysroot && *c->opts->sysroot ? c->opts->sysroot : NULL;
	size_t i;

	for (i = 0; i < g->nr_missing && i < MAX_REASONS; i++) {
		sb_addf(&list, "%s'%s' needs '%s'", i ? "; " : "", g->missing[i].by,
			g->missing[i].name);
		if (!carried && (carried = member_named(c, g->missing[i].name)))
			sb_addf(&list, " (the wheel has '%s', but no search path of '%s' reaches it)",
				carried, g->missing[i].by);
	}
	err_at(e, c->wheel, 0, 0, "cannot repair the wheel: %s%s, which %s not in the wheel and not found %s%s%s (DT_RPATH, LD_LIBRARY_PATH, DT_RUNPATH, /etc/ld.so.cache, the system folders)",
	       list.buf, g->nr_missing > MAX_REASONS ? "; ..." : "",
	       g->nr_missing > 1 ? "are" : "is",
	       root ? "in '" : "on this machine", root ? root : "", root ? "'" : "");
	err_hint(e, "install %s, add the folder that holds %s to LD_LIBRARY_PATH%s",
		 g->nr_missing > 1 ? "them" : "it", g->nr_missing > 1 ? "them" : "it",
		 root ? "" : ", or name a root file system of the wheel's CPU with --sysroot");
	e->status = EXIT_FAILED;
	sb_release(&list);
	return -1;
}

/* The most compatible policy that holds, or NULL; last: the newest tried. */
static const struct policy *best(struct repair_ctx *c, struct graft_set *g,
				 const struct policy **last, struct err *e)
{
	enum policy_libc libc = c->libc == POLICY_ANY ? POLICY_GLIBC : c->libc;
	size_t i;

	*last = NULL;
	for (i = 0; i < policy_table_nr; i++) {
		const struct policy *p = &policy_table[i];
		int rc;

		if (p->libc != libc || !policy_arch_row(p, c->arch))
			continue;
		*last = p;
		rc = try_policy(c, p, g, NULL, e);
		if (rc < 0)
			return NULL;
		if (!rc)
			return p;
	}
	return NULL;
}

static int requested(struct repair_ctx *c, const struct policy **out,
		     struct err *e)
{
	struct strbuf arch = STRBUF_INIT;
	const struct policy *p = policy_from_tag(c->opts->plat, &arch);
	enum policy_libc libc = c->libc == POLICY_ANY ? POLICY_GLIBC : c->libc;
	int rc = 0;

	if (!p || p->libc == POLICY_ANY)
		rc = err_set(e, "--plat '%s' is not a manylinux or musllinux platform tag",
			     c->opts->plat);
	else if (strcmp(arch.buf, c->arch))
		rc = err_set(e, "--plat '%s' is for %s, but the wheel's binaries are for %s",
			     c->opts->plat, arch.buf, c->arch);
	else if (!policy_arch_row(p, c->arch))
		rc = err_set(e, "--plat '%s' does not exist: %s has no %s variant",
			     c->opts->plat, p->name, c->arch);
	else if (p->libc != libc)
		rc = err_set(e, "--plat '%s' is for %s, but the binaries are linked against %s",
			     c->opts->plat, p->libc == POLICY_MUSL ? "musl" : "glibc",
			     libc == POLICY_MUSL ? "musl" : "glibc");
	sb_release(&arch);
	*out = p;
	return rc;
}

int repair_choose_policy(struct repair_ctx *c, struct graft_set *g,
			 struct err *e)
{
	const struct policy *want = NULL, *found, *last;

	if (c->opts->plat && requested(c, &want, e))
		return -1;
	if (want) {
		int rc = try_policy(c, want, g, NULL, e);

		if (rc < 0)
			return -1;
		if (rc)
			return g->nr_missing ? missing(c, g, e)
					     : refuse(c, want, g, "the requested", e);
		if (c->opts->only_plat) {	/* g holds the copies for want */
			c->policy = want;
			sb_reset(&c->tags);
			policy_tags(want, c->arch, &c->tags);
			return 0;
		}
	}
	found = best(c, g, &last, e);
	if (!found && err_isset(e))
		return -1;
	if (!found && !last)
		return err_fail(e, "no policy exists for %s", c->arch);
	if (!found)	/* g holds the walk for last, the most lenient */
		return g->nr_missing ? missing(c, g, e) : refuse(c, last, g, "even the newest", e);
	/* g now holds the copies for found; want, if any, is less strict. */
	c->policy = found;
	sb_reset(&c->tags);
	policy_tags(found, c->arch, &c->tags);
	if (want && want != found) {
		sb_addc(&c->tags, '.');
		policy_tags(want, c->arch, &c->tags);
	}
	return 0;
}
