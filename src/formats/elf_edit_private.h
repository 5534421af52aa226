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
};

/*
 * Lays out and writes ed->dyn and ed->added into ed->img: in place when
 * they fit, else in a new PT_LOAD segment at the end (elf_edit_write.c).
 */
int elf_edit_write(struct editor *ed);

#endif
