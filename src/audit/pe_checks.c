/*
 * The checks of one PE file (.pyd, .dll): its machine against the Windows
 * platform tags, and for an extension module its PyInit_ export, its file
 * name, and the Python DLL it imports from: python3.dll with stable-ABI
 * symbols for an abi3 wheel, pythonXY.dll of the tagged version otherwise.
 */
#include "audit_internal.h"
#include "../formats/pe.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void check_machine(struct audit_ctx *c, const char *arcname,
			  const struct pe_file *pe, const char *arch,
			  const char *tag)
{
	unsigned want = plat_pe_machine(arch);
	const char *have = pe_machine_name(pe->machine);

	if (!want || pe->machine == want ||
	    (want == PE_MACHINE_ARM64 && pe->machine == PE_MACHINE_ARM64X))
		return;
	audit_member(c, arcname, "arch-mismatch", AUDIT_ERROR,
		     "is a PE file for %s (machine 0x%04x), but '%s' is for %s",
		     have ? have : "an unknown CPU", pe->machine, tag, arch);
}

static void check_arch(struct audit_ctx *c, const char *arcname,
		       const struct pe_file *pe, const struct ext_name *n)
{
	size_t before = c->r->nr, i;

	for (i = 0; i < c->tags.nr && c->r->nr == before; i++) {
		const char *tag = c->tags.v[i].platform;
		struct plat_info pi;

		plat_parse(tag, &pi);
		if (pi.os == PLAT_WINDOWS)
			check_machine(c, arcname, pe, pi.arch, tag);
		else if ((pi.os == PLAT_LINUX || pi.os == PLAT_MACOS ||
			  pi.os == PLAT_ANDROID) && n->kind != EXT_NOT_MODULE)
			audit_member(c, arcname, "arch-mismatch", AUDIT_ERROR,
				     "is a Windows PE file, which a '%s' interpreter cannot load", tag);
	}
	if (!c->tags.nr && n->kind == EXT_WIN) {
		struct plat_info pi;

		plat_parse(n->platform, &pi);
		if (pi.os == PLAT_WINDOWS)
			check_machine(c, arcname, pe, pi.arch, n->suffix);
	}
}

/* "python312.dll" -> 12 and flags "" ; "python313t.dll" -> 13, "t". */
static int python_dll_version(const char *dll, int *minor, char *flags,
			      size_t flags_size)
{
	const char *p;
	size_t k = 0;

	if (strncasecmp(dll, "python3", 7) || !isdigit((unsigned char)dll[7]))
		return 0;
	*minor = atoi(dll + 7);
	for (p = dll + 7; isdigit((unsigned char)*p); p++)
		;
	while (*p && *p != '.' && k + 1 < flags_size) {
		if (*p != '_')
			flags[k++] = (char)tolower((unsigned char)*p);
		p++;
	}
	flags[k] = '\0';
	return !strcasecmp(p, ".dll");
}

/* tag-mismatch: a pythonXY.dll of another version than the wheel's tag. */
static void check_versioned_dll(struct audit_ctx *c, const char *arcname,
				const char *dll, int minor, const char *flags)
{
	size_t i;

	for (i = 0; i < c->tags.nr; i++) {
		const char *abi = c->tags.v[i].abi;
		char *end;
		int tag_minor;

		if (!starts_with(abi, "cp3") || !isdigit((unsigned char)abi[3]))
			continue;
		tag_minor = (int)strtol(abi + 3, &end, 10);
		if (tag_minor != minor || (strchr(end, 't') != NULL) != (strchr(flags, 't') != NULL)) {
			audit_member(c, arcname, "tag-mismatch", AUDIT_ERROR,
				     "imports from '%s', but the wheel is tagged '%s': CPython 3.%d%s has no such DLL",
				     dll, abi, tag_minor, end);
			return;
		}
	}
}

static void check_imports(struct audit_ctx *c, const char *arcname,
			  const struct pe_file *pe)
{
	struct abi3_tally t;
	size_t i, k;

	abi3_tally_init(&t);
	for (i = 0; i < pe->nr_imports; i++) {
		const struct pe_import_dll *d = &pe->imports[i];
		char flags[8];
		int minor;

		if (!strcasecmp(d->dll, "python3.dll")) {
			for (k = 0; (c->abi3 || !c->tags.nr) && k < d->nr_syms; k++)
				if (d->syms[k].name)
					abi3_check_symbol(c, &t, d->syms[k].name, 1);
		} else if (python_dll_version(d->dll, &minor, flags, sizeof(flags))) {
			if (c->abi3)
				audit_member(c, arcname, "abi3-violation", AUDIT_ERROR,
					     "imports %zu symbols from '%s' rather than 'python3.dll': only CPython 3.%d loads it",
					     d->nr_syms, d->dll, minor);
			else
				check_versioned_dll(c, arcname, d->dll, minor, flags);
		}
	}
	audit_abi3_flush(c, arcname, &t);
	abi3_tally_release(&t);
}

static int exports_init(const struct pe_file *pe, const char *leaf,
			const char **other)
{
	size_t i;

	*other = NULL;
	for (i = 0; i < pe->nr_exports; i++) {
		const char *name = pe->exports[i].name;

		if (!name || !starts_with(name, "PyInit_"))
			continue;
		if (!strcmp(name + strlen("PyInit_"), leaf))
			return 1;
		if (!*other)
			*other = name;
	}
	return 0;
}

static void check_static_libpython(struct audit_ctx *c, const char *arcname,
				   const struct pe_file *pe)
{
	struct capi_tally t;
	size_t i;

	capi_tally_init(&t);
	for (i = 0; i < pe->nr_exports; i++)
		if (!pe->exports[i].forward)
			capi_tally_add(&t, pe->exports[i].name);
	audit_static_libpython(c, arcname, &t);
}

int audit_pe(struct audit_ctx *c, const char *arcname,
	     const unsigned char *data, size_t size, struct err *e)
{
	struct pe_file pe;
	struct ext_name n;
	const char *other;

	pe_file_init(&pe);
	if (pe_parse(&pe, data, size, arcname, e)) {
		pe_file_release(&pe);
		return audit_malformed(c, arcname, e);
	}
	c->r->nr_binaries++;
	ext_name_parse(audit_base_name(arcname), &n);
	if (!n.pyd)
		n.kind = EXT_NOT_MODULE;	/* .dll, .exe: not imported by Python */
	check_arch(c, arcname, &pe, &n);
	if (n.kind != EXT_NOT_MODULE) {
		if (!exports_init(&pe, n.leaf, &other))
			audit_member(c, arcname, "missing-pyinit", AUDIT_ERROR,
				     "exports no 'PyInit_%s'%s%s%s: 'import %s' fails", n.leaf,
				     other ? " (it exports '" : "", other ? other : "",
				     other ? "')" : "", n.leaf);
		audit_module_name(c, arcname, &n);
		check_imports(c, arcname, &pe);
		check_static_libpython(c, arcname, &pe);
	}
	pe_file_release(&pe);
	return 0;
}
