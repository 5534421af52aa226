/*
 * A Mach-O extension module's Python side: every loadable slice must
 * export _PyInit_<leaf> (the slice the interpreter's CPU picks is the one
 * imported), its name must be one the tagged interpreter imports, and in
 * an abi3 wheel its undefined _Py* symbols must be in the stable ABI at
 * the wheel's floor. Mach-O names carry C's leading underscore, which is
 * dropped before the names are compared with Python's.
 */
#include "audit_internal.h"
#include "../base/xalloc.h"
#include "../formats/macho.h"

#include <stdlib.h>
#include <string.h>

/* "_PyInit_m" -> "PyInit_m"; NULL for a name without the underscore. */
static const char *c_name(const char *sym)
{
	return sym[0] == '_' ? sym + 1 : NULL;
}

static int non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s & 0x80)
			return 1;
	return 0;
}

/* 1: exports PyInit_<leaf>; else *other is another PyInit_ it exports. */
static int exports_init(const struct macho_slice *s, const char *leaf,
			const char **other)
{
	size_t i;

	for (i = 0; i < s->nr_defined; i++) {
		const char *name = c_name(s->defined[i].name), *tail = NULL;

		if (!name)
			continue;
		if (starts_with(name, "PyInit_"))
			tail = name + strlen("PyInit_");
		else if (starts_with(name, "_cffi_pypyinit_"))
			tail = name + strlen("_cffi_pypyinit_");
		else if (starts_with(name, "PyInitU_") && non_ascii(leaf))
			return 1;
		if (tail && !strcmp(tail, leaf))
			return 1;
		if (tail && !*other)
			*other = s->defined[i].name + 1;
	}
	return 0;
}

static int loadable_slice(const struct macho_slice *s)
{
	return !s->archive && s->filetype != MACHO_MH_OBJECT;
}

/* missing-pyinit; returns whether the file is a module at all. */
static int check_init(struct audit_ctx *c, const char *arcname,
		      const struct macho_file *m, const struct ext_name *n)
{
	const struct macho_slice *lacking = NULL;
	const char *other = NULL;
	size_t i, have = 0;
	char buf[32];

	for (i = 0; i < m->nr_slices; i++) {
		if (!loadable_slice(&m->slices[i]))
			continue;
		if (exports_init(&m->slices[i], n->leaf, &other))
			have++;
		else if (!lacking)
			lacking = &m->slices[i];
	}
	if (n->kind == EXT_NOT_MODULE || audit_in_libs_folder(arcname) ||
	    ((n->kind == EXT_PLAIN || n->kind == EXT_UNKNOWN) && !have && !other))
		return 0;
	if (!lacking)
		return 1;
	if (have)
		audit_member(c, arcname, "missing-pyinit", AUDIT_ERROR,
			     "exports no 'PyInit_%s' in its %s slice: 'import %s' fails on that CPU",
			     n->leaf, macho_slice_arch(lacking, buf, sizeof(buf)), n->leaf);
	else
		audit_member(c, arcname, "missing-pyinit", AUDIT_ERROR,
			     "exports no 'PyInit_%s'%s%s%s: 'import %s' fails", n->leaf,
			     other ? " (it exports '" : "", other ? other : "",
			     other ? "')" : "", n->leaf);
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* abi3: each undefined _Py* name once, over every slice. */
static void check_abi3(struct audit_ctx *c, const char *arcname,
		       const struct macho_file *m)
{
	const char **names = NULL;
	size_t nr = 0, alloc = 0, i, k;
	struct abi3_tally t;

	for (i = 0; i < m->nr_slices; i++)
		for (k = 0; k < m->slices[i].nr_undefined; k++) {
			const char *name = c_name(m->slices[i].undefined[k].name);

			if (!name)
				continue;
			ALLOC_GROW(names, nr + 1, alloc);
			names[nr++] = name;
		}
	if (nr)
		qsort(names, nr, sizeof(*names), cmp_str);
	abi3_tally_init(&t);
	for (i = 0; i < nr; i++)
		if (!i || strcmp(names[i], names[i - 1]))
			abi3_check_symbol(c, &t, names[i], 0);
	audit_abi3_flush(c, arcname, &t);
	abi3_tally_release(&t);
	free(names);
}

/* static-libpython: the C API defined in the first loadable slice. */
static void check_static_libpython(struct audit_ctx *c, const char *arcname,
				   const struct macho_file *m)
{
	struct capi_tally t;
	size_t i, k;

	capi_tally_init(&t);
	for (i = 0; i < m->nr_slices && !loadable_slice(&m->slices[i]); i++)
		;
	for (k = 0; i < m->nr_slices && k < m->slices[i].nr_defined; k++)
		capi_tally_add(&t, c_name(m->slices[i].defined[k].name));
	audit_static_libpython(c, arcname, &t);
}

void audit_macho_module(struct audit_ctx *c, const char *arcname,
			const struct macho_file *m, const struct ext_name *n)
{
	if (!check_init(c, arcname, m, n))
		return;
	audit_module_name(c, arcname, n);
	if (c->abi3 || (!c->tags.nr && n->kind == EXT_ABI3))
		check_abi3(c, arcname, m);
	check_static_libpython(c, arcname, m);
}
