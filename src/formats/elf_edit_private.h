/*
 * Private to the ELF editor: the state shared by elf_edit.c (what the
 * dynamic array and string table become) and elf_edit_write.c (where
 * they go in the new image).
 */
#ifndef WW_FORMATS_ELF_EDIT_PRIVATE_H
#define WW_FORMATS_ELF_EDIT_PRIVATE_H

#include "elf.h"
#include "elf_edit.h"

struct editor {
	const struct elf_file *ef;	/* the parsed input */
	struct strbuf img;		/* the new image, a copy to change */
	struct err *e;

	/* The dynamic entries the new image will have (no DT_NULL). */
	struct elf_dyn *dyn;
	size_t ndyn, alloc_dyn;

	/* Strings to append after the old .dynstr (offsets follow it). */
	struct strbuf added;

	/* Offsets into .dynstr something points to (see refs_in). */
	uint64_t *refs;
	size_t nrefs, alloc_refs;

	struct elf_versions vers;
	char *vers_dropped;		/* per vers.needs[i]: unlinked */
	struct elf_symbols dynsyms;
};

/*
 * The dynamic string table (elf_edit_strings.c). collect_refs records
 * every offset something points to; str_at reads the new table (old
 * bytes, then the added strings); find_or_add returns an offset of s,
 * reusing an existing string or suffix; place_string returns the offset
 * nself references at old_off should take to read s, overwriting the old
 * string in place when s fits there and nothing else points into it.
 */
int elf_edit_collect_refs(struct editor *ed);
const char *elf_edit_str_at(const struct editor *ed, uint64_t off);
uint64_t elf_edit_find_or_add(struct editor *ed, const char *s);
uint64_t elf_edit_place_string(struct editor *ed, uint64_t old_off,
			       const char *s, size_t nself);

/*
 * Lays out and writes ed->dyn and ed->added into ed->img: in place when
 * they fit, else in a new PT_LOAD segment at the end (elf_edit_write.c).
 */
int elf_edit_write(struct editor *ed);
/* Writes a section header at its place in ed->img. */
void elf_edit_write_shdr(struct editor *ed, size_t index,
			 const struct elf_shdr *sh);
/* Drops the version needs of removed libraries (elf_edit_versions.c). */
void elf_edit_drop_version_needs(struct editor *ed, const char *file);
int elf_edit_relink_version_needs(struct editor *ed);

#endif
