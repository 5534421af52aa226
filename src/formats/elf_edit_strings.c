/*
 * ELF editor: the dynamic string table. Which strings are pointed at
 * (so which may be overwritten in place), reuse of existing strings and
 * suffixes, and the strings appended after the old table.
 */
#include "elf_edit_private.h"
#include "../base/xalloc.h"

#include <string.h>

/* Tags whose value is an offset into the dynamic string table. */
static int is_string_tag(int64_t tag)
{
	switch (tag) {
	case ELF_DT_NEEDED: case ELF_DT_SONAME: case ELF_DT_RPATH:
	case ELF_DT_RUNPATH: case ELF_DT_AUXILIARY: case ELF_DT_FILTER:
	case 0x6ffffefa: case 0x6ffffefb: case 0x6ffffefc:
		/* DT_CONFIG, DT_DEPAUDIT, DT_AUDIT */
		return 1;
	default:
		return 0;
	}
}

/* The string at off of the new .dynstr (old bytes, then the added). */
const char *elf_edit_str_at(const struct editor *ed, uint64_t off)
{
	const struct elf_file *ef = ed->ef;

	if (off < ef->dynstr_size) {
		const char *p = ed->img.buf + ef->dynstr_offset + off;

		return memchr(p, '\0', (size_t)(ef->dynstr_size - off)) ? p
									 : NULL;
	}
	off -= ef->dynstr_size;
	return off < ed->added.len ? ed->added.buf + off : NULL;
}

static void add_ref(struct editor *ed, uint64_t off)
{
	ALLOC_GROW(ed->refs, ed->nrefs + 1, ed->alloc_refs);
	ed->refs[ed->nrefs++] = off;
}

static void add_ref_ptr(struct editor *ed, const char *s)
{
	const char *base = (const char *)ed->ef->data + ed->ef->dynstr_offset;

	if (s >= base && s < base + ed->ef->dynstr_size)
		add_ref(ed, (uint64_t)(s - base));
}

/*
 * Everything that points into .dynstr: string entries of the dynamic
 * array, symbol names and version names. A string may be overwritten in
 * place only when no other reference points into it (linkers merge
 * strings that are suffixes of others).
 */
int elf_edit_collect_refs(struct editor *ed)
{
	const struct elf_symbols *syms = &ed->dynsyms;
	const struct elf_versions *v = &ed->vers;
	size_t i, j;

	for (i = 0; i < ed->ef->ndyn; i++)
		if (is_string_tag(ed->ef->dyn[i].tag))
			add_ref(ed, ed->ef->dyn[i].val);
	if (elf_read_dynsyms(ed->ef, &ed->dynsyms, ed->e))
		return -1;
	for (i = 0; i < syms->nr; i++)
		add_ref_ptr(ed, syms->v[i].name);
	for (i = 0; i < v->nneeds; i++) {
		add_ref_ptr(ed, v->needs[i].file);
		for (j = 0; j < v->needs[i].naux; j++)
			add_ref_ptr(ed, v->needs[i].aux[j].name);
	}
	for (i = 0; i < v->ndefs; i++) {
		add_ref_ptr(ed, v->defs[i].name);
		for (j = 0; j < v->defs[i].nparents; j++)
			add_ref_ptr(ed, v->defs[i].parents[j]);
	}
	return 0;
}

/* How many references point into [off, off+len]. */
static size_t refs_in(const struct editor *ed, uint64_t off, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < ed->nrefs; i++)
		n += ed->refs[i] >= off && ed->refs[i] - off <= len;
	return n;
}

/* An offset of s: an existing string or suffix, else appended. */
uint64_t elf_edit_find_or_add(struct editor *ed, const char *s)
{
	const struct elf_file *ef = ed->ef;
	size_t len = strlen(s) + 1;
	const char *base = ed->img.buf + ef->dynstr_offset;
	const char *hit = memmem(base, (size_t)ef->dynstr_size, s, len);
	uint64_t off;

	if (hit) {
		off = (uint64_t)(hit - base);
	} else {
		hit = ed->added.len ? memmem(ed->added.buf, ed->added.len, s,
					     len)
				    : NULL;
		if (hit) {
			off = ef->dynstr_size + (uint64_t)(hit - ed->added.buf);
		} else {
			off = ef->dynstr_size + ed->added.len;
			sb_add(&ed->added, s, len);
		}
	}
	add_ref(ed, off);
	return off;
}

/*
 * The offset that the nself references now at old_off should take to
 * read s: old_off itself when s fits there and nothing else points into
 * the old string (it is overwritten, NUL-padded), else find_or_add().
 */
uint64_t elf_edit_place_string(struct editor *ed, uint64_t old_off,
			     const char *s, size_t nself)
{
	const char *old = elf_edit_str_at(ed, old_off);
	size_t len = strlen(s);

	if (old && old_off < ed->ef->dynstr_size && !strcmp(old, s))
		return old_off;
	if (old && old_off < ed->ef->dynstr_size && len <= strlen(old) &&
	    refs_in(ed, old_off, strlen(old)) == nself) {
		char *p = ed->img.buf + ed->ef->dynstr_offset + old_off;
		size_t oldlen = strlen(old);

		memcpy(p, s, len);
		memset(p + len, 0, oldlen - len);
		return old_off;
	}
	return elf_edit_find_or_add(ed, s);
}
