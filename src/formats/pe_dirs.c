/*
 * The import, delay-load import and export directories of a PE image.
 *
 * A hostile file can point many table entries at the same bytes, so the
 * work is bounded by budgets (pe_reader.h) rather than by the file size: at
 * most PE_MAX_ENTRIES descriptors, thunks and exports, and PE_MAX_NAME_BYTES
 * of names, far beyond any real DLL (python314.dll has about 1800 exports).
 */
#include "pe_reader.h"
#include "binbuf.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define IMPORT_DESC_SIZE 20
#define DELAY_DESC_SIZE 32
#define EXPORT_DIR_SIZE 40
static int spend(struct pe_reader *r, size_t entries)
{
	if (entries > r->entries_left)
		return pe_error(r, "more than %u import and export table entries",
				PE_MAX_ENTRIES);
	r->entries_left -= entries;
	return 0;
}

/* A name, charged to the byte budget. */
static int read_name(struct pe_reader *r, uint32_t rva, char **out,
		     const char *what)
{
	size_t n;

	if (pe_string_at_rva(r, rva, out, what) < 0)
		return -1;
	n = strlen(*out) + 1;
	if (n > r->name_bytes_left) {
		free(*out);
		*out = NULL;
		return pe_error(r, "more than %u bytes of names in the import "
				"and export tables", PE_MAX_NAME_BYTES);
	}
	r->name_bytes_left -= n;
	return 0;
}

static struct pe_import_dll *add_import_dll(struct pe_file *pe, int delay)
{
	struct pe_import_dll *d;

	ALLOC_GROW(pe->imports, pe->nr_imports + 1, pe->alloc_imports);
	d = &pe->imports[pe->nr_imports++];
	memset(d, 0, sizeof(*d));
	d->delay = delay;
	return d;
}

/* One entry of an import lookup (or name) table. */
static int read_thunk(struct pe_reader *r, struct pe_import_dll *d,
		      uint64_t thunk)
{
	uint64_t by_ordinal = r->pe->pe32_plus ? 1ULL << 63 : 1ULL << 31;
	struct pe_import_sym *s;
	const unsigned char *p;
	uint32_t rva = (uint32_t)(thunk & 0x7fffffff);

	ALLOC_GROW(d->syms, d->nr_syms + 1, d->alloc_syms);
	s = &d->syms[d->nr_syms++];
	memset(s, 0, sizeof(*s));
	if (thunk & by_ordinal) {
		s->ordinal = (uint16_t)thunk;
		return 0;
	}
	if (pe_at_rva(r, rva, 2, &p, "an import's hint") < 0)
		return -1;
	s->hint = le16_get(p);
	return read_name(r, rva + 2, &s->name, "an imported name");
}

/* The zero-terminated table of 4- or 8-byte thunks at rva. */
static int read_thunks(struct pe_reader *r, struct pe_import_dll *d,
		       uint32_t rva)
{
	uint32_t width = r->pe->pe32_plus ? 8 : 4;
	const unsigned char *p;
	uint64_t at = rva, thunk;

	for (;; at += width) {
		if (at > UINT32_MAX)
			return pe_error(r, "the import table of '%s' runs past 4 GiB", d->dll);
		if (pe_at_rva(r, (uint32_t)at, width, &p, "an import lookup table entry") < 0)
			return -1;
		thunk = width == 8 ? le64_get(p) : le32_get(p);
		if (!thunk)
			return 0;
		if (spend(r, 1) < 0 || read_thunk(r, d, thunk) < 0)
			return -1;
	}
}

/* Walks a zero-terminated array of descriptors of size bytes at rva. */
static int descriptor_at(struct pe_reader *r, uint32_t dir, size_t i,
			 uint32_t size, const unsigned char **p, int *end)
{
	static const unsigned char zeros[DELAY_DESC_SIZE];
	uint64_t at = (uint64_t)dir + (uint64_t)i * size;

	if (at > UINT32_MAX)
		return pe_error(r, "the import directory runs past 4 GiB");
	if (spend(r, 1) < 0 ||
	    pe_at_rva(r, (uint32_t)at, size, p, "an import directory entry") < 0)
		return -1;
	*end = !memcmp(*p, zeros, size);
	return 0;
}

int pe_read_imports(struct pe_reader *r)
{
	struct pe_file *pe = r->pe;
	const unsigned char *p;
	size_t i;
	int end;

	if (pe->nr_dirs <= PE_DIR_IMPORT || !pe->dirs[PE_DIR_IMPORT].rva)
		return 0;
	for (i = 0;; i++) {
		struct pe_import_dll *d;
		uint32_t lookup, iat;

		if (descriptor_at(r, pe->dirs[PE_DIR_IMPORT].rva, i,
				  IMPORT_DESC_SIZE, &p, &end) < 0)
			return -1;
		if (end)
			return 0;
		lookup = le32_get(p);
		iat = le32_get(p + 16);
		d = add_import_dll(pe, 0);
		if (read_name(r, le32_get(p + 12), &d->dll, "an imported DLL's name") < 0)
			return -1;
		/* Without a lookup table the (unbound) address table says the same. */
		if (read_thunks(r, d, lookup ? lookup : iat) < 0)
			return -1;
	}
}

int pe_read_delay_imports(struct pe_reader *r)
{
	struct pe_file *pe = r->pe;
	const unsigned char *p;
	size_t i;
	int end;

	if (pe->nr_dirs <= PE_DIR_DELAY_IMPORT || !pe->dirs[PE_DIR_DELAY_IMPORT].rva)
		return 0;
	for (i = 0;; i++) {
		struct pe_import_dll *d;
		uint32_t name, names;

		if (descriptor_at(r, pe->dirs[PE_DIR_DELAY_IMPORT].rva, i,
				  DELAY_DESC_SIZE, &p, &end) < 0)
			return -1;
		if (end)
			return 0;
		name = le32_get(p + 4);
		names = le32_get(p + 16);
		if (!(le32_get(p) & 1)) {
			/* Attributes bit 0 clear: old tools stored addresses, not RVAs. */
			name -= (uint32_t)pe->image_base;
			names -= (uint32_t)pe->image_base;
		}
		d = add_import_dll(pe, 1);
		if (read_name(r, name, &d->dll, "a delay-loaded DLL's name") < 0 ||
		    read_thunks(r, d, names) < 0)
			return -1;
	}
}

static struct pe_export *add_export(struct pe_file *pe, uint32_t ordinal,
				    uint32_t rva)
{
	struct pe_export *x;

	ALLOC_GROW(pe->exports, pe->nr_exports + 1, pe->alloc_exports);
	x = &pe->exports[pe->nr_exports++];
	memset(x, 0, sizeof(*x));
	x->ordinal = ordinal;
	x->rva = rva;
	return x;
}

struct export_name {
	uint32_t name_rva;
	uint16_t index;		/* into the address table */
	uint32_t order;		/* position in the name table */
};

static int cmp_export_name(const void *a, const void *b)
{
	const struct export_name *x = a, *y = b;

	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The name table, as (function index, name) pairs sorted by index. */
static struct export_name *read_export_names(struct pe_reader *r,
					     const unsigned char *names,
					     const unsigned char *ords,
					     uint32_t nr_names, uint32_t nr_funcs)
{
	struct export_name *v = xcalloc(nr_names ? nr_names : 1, sizeof(*v));
	uint32_t j;

	for (j = 0; j < nr_names; j++) {
		v[j].name_rva = le32_get(names + 4 * j);
		v[j].index = le16_get(ords + 2 * j);
		v[j].order = j;
		if (v[j].index >= nr_funcs) {
			pe_error(r, "export name %u refers to function %u of %u",
				 j, v[j].index, nr_funcs);
			free(v);
			return NULL;
		}
	}
	qsort(v, nr_names, sizeof(*v), cmp_export_name);
	return v;
}

/* One exported function and the names pointing at it. */
static int add_function(struct pe_reader *r, uint32_t rva, uint32_t ordinal,
			const struct export_name *names, size_t n)
{
	const struct pe_file *pe = r->pe;
	uint32_t dir = pe->dirs[PE_DIR_EXPORT].rva;
	int forward = rva >= dir && rva - dir < pe->dirs[PE_DIR_EXPORT].size;
	size_t k = 0;

	do {
		struct pe_export *x = add_export(r->pe, ordinal, rva);

		if (n && read_name(r, names[k].name_rva, &x->name, "an exported name") < 0)
			return -1;
		if (forward && read_name(r, rva, &x->forward, "an export forwarder") < 0)
			return -1;
	} while (++k < n);
	return 0;
}

int pe_read_exports(struct pe_reader *r)
{
	struct pe_file *pe = r->pe;
	const unsigned char *p, *funcs, *names = NULL, *ords = NULL;
	struct export_name *v;
	uint32_t nr_funcs, nr_names, i;
	size_t k = 0;
	int ret = 0;

	if (!pe->nr_dirs || !pe->dirs[PE_DIR_EXPORT].rva)
		return 0;
	if (pe_at_rva(r, pe->dirs[PE_DIR_EXPORT].rva, EXPORT_DIR_SIZE, &p,
		      "the export directory") < 0)
		return -1;
	pe->ordinal_base = le32_get(p + 16);
	nr_funcs = le32_get(p + 20);
	nr_names = le32_get(p + 24);
	if (le32_get(p + 12) &&
	    read_name(r, le32_get(p + 12), &pe->export_name, "the export directory's DLL name") < 0)
		return -1;
	if (nr_funcs > 0x10000)
		return pe_error(r, "the export directory claims %u functions "
				"(ordinals are 16-bit)", nr_funcs);
	if (spend(r, (size_t)nr_funcs + nr_names) < 0 ||
	    pe_at_rva(r, le32_get(p + 28), nr_funcs * 4, &funcs, "the export address table") < 0 ||
	    (nr_names && pe_at_rva(r, le32_get(p + 32), nr_names * 4, &names, "the export name table") < 0) ||
	    (nr_names && pe_at_rva(r, le32_get(p + 36), nr_names * 2, &ords, "the export ordinal table") < 0))
		return -1;
	if ((uint64_t)pe->ordinal_base + nr_funcs > UINT32_MAX)
		return pe_error(r, "export ordinal base %u is too large", pe->ordinal_base);
	v = read_export_names(r, names, ords, nr_names, nr_funcs);
	if (!v)
		return -1;
	for (i = 0; i < nr_funcs && !ret; i++) {
		uint32_t rva = le32_get(funcs + 4 * i);
		size_t first = k;

		while (k < nr_names && v[k].index == i)
			k++;
		if (rva || k > first)
			ret = add_function(r, rva, pe->ordinal_base + i, v + first, k - first);
	}
	free(v);
	return ret;
}
