/*
 * The checks of one ELF file: its CPU against the platform tags, its
 * libpython dependency, and, for an extension module, its PyInit_ export,
 * its file name, its Python symbols; and what it needs from the system
 * (symbol versions, libraries, blacklisted symbols, ISA level), gathered
 * for the policy match (audit_policy_finish).
 */
#include "audit_internal.h"
#include "../base/xalloc.h"
#include "../formats/elf.h"

#include <stdlib.h>
#include <string.h>

static void check_machine(struct audit_ctx *c, const char *arcname,
			  const struct elf_file *ef, const char *arch,
			  const char *tag)
{
	unsigned machine;
	int is64, msb;

	if (!plat_elf_machine(arch, &machine, &is64, &msb))
		return;
	if (ef->machine != machine || ef->is64 != is64 || ef->msb != msb)
		audit_member(c, arcname, "arch-mismatch", AUDIT_ERROR,
			     "is %s (ELF %d-bit %s-endian), but '%s' is for %s",
			     elf_machine_name(ef), ef->is64 ? 64 : 32,
			     ef->msb ? "big" : "little", tag, arch);
	else if (ef->machine == ELF_EM_ARM && !strcmp(arch, "armv7l") &&
		 (ef->flags & ELF_EF_ARM_ABI_FLOAT_SOFT))
		audit_member(c, arcname, "arch-mismatch", AUDIT_ERROR,
			     "uses the soft-float ARM ABI, but '%s' is for hard-float (armhf) interpreters",
			     tag);
}

/* The CPU a bare module's own name claims ("-aarch64-linux-gnu"). */
static const char *arch_of_multiarch(const char *multiarch)
{
	static const char *const arches[] = {
		"x86_64", "i686", "aarch64", "armv7l", "ppc64le", "ppc64",
		"s390x", "riscv64", "loongarch64",
	};
	size_t i;

	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		const char *gnu = ext_multiarch(arches[i], PLAT_LIBC_GLIBC, 0);
		const char *musl = ext_multiarch(arches[i], PLAT_LIBC_MUSL, 99);

		if (!strcmp(multiarch, gnu) || !strcmp(multiarch, musl))
			return arches[i];
	}
	return NULL;
}

/* arch-mismatch: the binary against every tag's CPU (one finding at most). */
static void check_arch(struct audit_ctx *c, const char *arcname,
		       const struct elf_file *ef, const struct ext_name *n)
{
	size_t before = c->r->nr, i;

	for (i = 0; i < c->tags.nr && c->r->nr == before; i++) {
		const char *tag = c->tags.v[i].platform;
		struct plat_info pi;

		plat_parse(tag, &pi);
		if (pi.os == PLAT_LINUX || pi.os == PLAT_ANDROID)
			check_machine(c, arcname, ef, pi.arch, tag);
		else if (pi.os == PLAT_WINDOWS || pi.os == PLAT_MACOS)
			audit_member(c, arcname, "arch-mismatch", AUDIT_ERROR,
				     "is an ELF file (%s), which a '%s' interpreter cannot load",
				     elf_machine_name(ef), tag);
	}
	if (!c->tags.nr && (n->kind == EXT_CPYTHON || n->kind == EXT_PYPY)) {
		/* a bare file: its name's multiarch ("pp73-" first for PyPy) */
		const char *ma = n->platform;
		const char *arch;

		if (n->kind == EXT_PYPY && (ma = strchr(ma, '-')))
			ma++;
		arch = ma ? arch_of_multiarch(ma) : NULL;
		if (arch)
			check_machine(c, arcname, ef, arch, n->suffix);
	}
}

static void note_libc(struct audit_ctx *c, const struct elf_file *ef)
{
	size_t i;

	if (ef->interp && strstr(ef->interp, "ld-musl-"))
		policy_needs_set_libc(&c->needs, POLICY_MUSL);
	for (i = 0; i < ef->nneeded; i++) {
		if (starts_with(ef->needed[i], "libc.musl-") ||
		    starts_with(ef->needed[i], "ld-musl-"))
			policy_needs_set_libc(&c->needs, POLICY_MUSL);
		else if (!strcmp(ef->needed[i], "libc.so.6") ||
			 starts_with(ef->needed[i], "ld-linux"))
			policy_needs_set_libc(&c->needs, POLICY_GLIBC);
	}
}

static int tags_say_android(const struct audit_ctx *c)
{
	size_t i;

	for (i = 0; i < c->tags.nr; i++)
		if (starts_with(c->tags.v[i].platform, "android_"))
			return 1;
	return 0;
}

static void check_libpython(struct audit_ctx *c, const char *arcname,
			    const struct elf_file *ef)
{
	size_t i;

	if (tags_say_android(c))
		return;		/* Android's loader wants it named (linkpolicy.h) */
	for (i = 0; i < ef->nneeded; i++)
		if (policy_is_libpython(ef->needed[i]))
			audit_member(c, arcname, "libpython-needed", AUDIT_ERROR,
				     "needs '%s' (DT_NEEDED): an extension must take libpython's symbols from the interpreter that loads it; "
				     "it fails to load under every Python whose libpython is static (python-build-standalone, manylinux images, conda)%s",
				     ef->needed[i],
				     ef->runpath ? ", and its RUNPATH makes it worse" : "");
}

static void summarize(struct audit_ctx *c, const char *arcname,
		      const struct elf_file *ef)
{
	struct elf_summary *s;
	size_t i;

	ALLOC_GROW(c->elves, c->nr_elves + 1, c->alloc_elves);
	s = &c->elves[c->nr_elves++];
	memset(s, 0, sizeof(*s));
	s->arcname = xstrdup(arcname);
	s->soname = ef->soname ? xstrdup(ef->soname) : NULL;
	s->rpath = ef->rpath ? xstrdup(ef->rpath) : NULL;
	s->runpath = ef->runpath ? xstrdup(ef->runpath) : NULL;
	s->needed = xcalloc(ef->nneeded ? ef->nneeded : 1, sizeof(char *));
	for (i = 0; i < ef->nneeded; i++)
		s->needed[i] = xstrdup(ef->needed[i]);
	s->nr_needed = ef->nneeded;
}

static int gather_versions(struct audit_ctx *c, const char *arcname,
			   const struct elf_file *ef, struct err *e)
{
	struct elf_versions v = ELF_VERSIONS_INIT;
	size_t i, k;

	if (elf_read_versions(ef, &v, e))
		return -1;
	for (i = 0; i < v.nneeds; i++) {
		if (policy_is_loader(v.needs[i].file))
			continue;
		for (k = 0; k < v.needs[i].naux; k++)
			policy_needs_add_version(&c->needs, arcname, v.needs[i].file,
						 v.needs[i].aux[k].name);
	}
	elf_versions_release(&v);
	return 0;
}

/* Undefined, non-weak symbols that a policy blacklists in a needed lib. */
static void gather_blacklisted(struct audit_ctx *c, const char *arcname,
			       const struct elf_file *ef,
			       const struct elf_symbols *syms)
{
	size_t i, k;

	for (i = 0; i < syms->nr; i++) {
		const struct elf_symbol *s = &syms->v[i];

		if (elf_symbol_defined(s) || s->bind == ELF_STB_WEAK || !*s->name)
			continue;
		for (k = 0; k < ef->nneeded; k++)
			if (policy_any_blacklists(ef->needed[k], s->name))
				policy_needs_add_sym(&c->needs, arcname, ef->needed[k], s->name);
	}
}

static void gather_isa(struct audit_ctx *c, const char *arcname,
		       const struct elf_file *ef)
{
	struct err e = ERR_INIT;
	uint32_t bits;

	if (ef->machine == ELF_EM_X86_64 && elf_x86_isa_needed(ef, &bits, &e) == 1)
		policy_needs_set_isa(&c->needs, arcname, elf_x86_isa_level(bits));
	err_release(&e);
}

struct init_scan {
	int has_init;		/* PyInit_<leaf> (or a PyPy cffi init) */
	const char *other;	/* another PyInit_ it exports */
};

static void scan_init(const struct elf_symbols *syms, const char *leaf,
		      struct init_scan *out)
{
	size_t i, llen = strlen(leaf);
	int ascii = 1;
	const char *l;

	for (l = leaf; *l; l++)
		ascii &= !((unsigned char)*l & 0x80);
	memset(out, 0, sizeof(*out));
	for (i = 0; i < syms->nr; i++) {
		const char *name = syms->v[i].name;
		const char *tail = NULL;

		if (!elf_symbol_defined(&syms->v[i]) || syms->v[i].bind == ELF_STB_LOCAL)
			continue;
		if (starts_with(name, "PyInit_"))
			tail = name + strlen("PyInit_");
		else if (starts_with(name, "_cffi_pypyinit_"))
			tail = name + strlen("_cffi_pypyinit_");
		else if (starts_with(name, "PyInitU_") && !ascii)
			out->has_init = 1;
		if (!tail)
			continue;
		if (strlen(tail) == llen && !memcmp(tail, leaf, llen))
			out->has_init = 1;
		else if (!out->other)
			out->other = name;
	}
}

int audit_in_libs_folder(const char *arcname)
{
	const char *p = arcname, *slash;

	/* auditwheel vendors libraries into "<pkg>.libs/" folders */
	while ((slash = strchr(p, '/'))) {
		if (slash - p > 5 && !strncmp(slash - 5, ".libs", 5))
			return 1;
		p = slash + 1;
	}
	return 0;
}

/* Whether the file is an extension module (else a library or a program). */
static int is_module(const char *arcname, const struct ext_name *n,
		     const struct init_scan *init)
{
	if (n->kind == EXT_NOT_MODULE || audit_in_libs_folder(arcname))
		return 0;
	if (n->kind == EXT_PLAIN || n->kind == EXT_UNKNOWN)
		return init->has_init || init->other;
	return 1;
}

static void count_capi(const struct elf_symbols *syms, struct capi_tally *t)
{
	size_t i;

	for (i = 0; i < syms->nr; i++)
		if (elf_symbol_defined(&syms->v[i]))
			capi_tally_add(t, syms->v[i].name);
}

static void check_static_libpython(struct audit_ctx *c, const char *arcname,
				   const struct elf_file *ef,
				   const struct elf_symbols *dynsyms)
{
	struct elf_symbols symtab = ELF_SYMBOLS_INIT;
	struct capi_tally t;
	struct err e = ERR_INIT;

	capi_tally_init(&t);
	/* .symtab, when kept, is a superset of .dynsym: count one of them. */
	if (!elf_read_symtab(ef, &symtab, &e) && symtab.nr)
		count_capi(&symtab, &t);
	else
		count_capi(dynsyms, &t);
	audit_static_libpython(c, arcname, &t);
	elf_symbols_release(&symtab);
	err_release(&e);
}

static void check_abi3(struct audit_ctx *c, const char *arcname,
		       const struct elf_symbols *syms)
{
	struct abi3_tally t;
	size_t i;

	abi3_tally_init(&t);
	for (i = 0; i < syms->nr; i++)
		if (!elf_symbol_defined(&syms->v[i]) && *syms->v[i].name)
			abi3_check_symbol(c, &t, syms->v[i].name, 0);
	audit_abi3_flush(c, arcname, &t);
	abi3_tally_release(&t);
}

static void check_module(struct audit_ctx *c, const char *arcname,
			 const struct elf_file *ef, const struct ext_name *n,
			 const struct elf_symbols *syms)
{
	struct init_scan init;

	scan_init(syms, n->leaf, &init);
	if (!is_module(arcname, n, &init))
		return;
	if (!init.has_init)
		audit_member(c, arcname, "missing-pyinit", AUDIT_ERROR,
			     "exports no 'PyInit_%s'%s%s%s: 'import %s' fails", n->leaf,
			     init.other ? " (it exports '" : "",
			     init.other ? init.other : "", init.other ? "')" : "", n->leaf);
	audit_module_name(c, arcname, n);
	if (c->abi3 || (!c->tags.nr && n->kind == EXT_ABI3))
		check_abi3(c, arcname, syms);
	check_static_libpython(c, arcname, ef, syms);
}

int audit_elf(struct audit_ctx *c, const char *arcname,
	      const unsigned char *data, size_t size, struct err *e)
{
	struct elf_file ef;
	struct elf_symbols syms = ELF_SYMBOLS_INIT;
	struct ext_name n;
	int rc = 0;

	if (elf_parse(&ef, data, size, arcname, e))
		return audit_malformed(c, arcname, e);
	c->r->nr_binaries++;
	ext_name_parse(audit_base_name(arcname), &n);
	if (!c->arch[0] && plat_arch_of_elf(ef.machine, ef.is64, ef.msb))
		strcpy(c->arch, plat_arch_of_elf(ef.machine, ef.is64, ef.msb));
	if (elf_read_dynsyms(&ef, &syms, e) || gather_versions(c, arcname, &ef, e)) {
		rc = audit_malformed(c, arcname, e);
		goto out;
	}
	check_arch(c, arcname, &ef, &n);
	note_libc(c, &ef);
	check_libpython(c, arcname, &ef);
	summarize(c, arcname, &ef);
	gather_blacklisted(c, arcname, &ef, &syms);
	gather_isa(c, arcname, &ef);
	check_module(c, arcname, &ef, &n, &syms);
out:
	elf_symbols_release(&syms);
	elf_release(&ef);
	return rc;
}
