/*
 * ELF editor: changes to the dynamic section of a shared library or
 * executable (DT_NEEDED, DT_RPATH/DT_RUNPATH, DT_SONAME), written as a new
 * image; the input is never modified.
 *
 * What fits is done in place: a string no longer than the one it replaces
 * overwrites it when nothing else points into it, and entries are added
 * in the DT_NULL padding linkers leave at the end of .dynamic. What does
 * not fit goes into one new PT_LOAD segment appended to the file: a copy
 * of .dynstr with the new strings after the old ones (so every existing
 * string offset stays valid), a new .dynamic with spare room when entries
 * must be added, and the program header table itself, which moves there
 * (PT_PHDR and e_phoff follow) unless a PT_NULL entry can be reused for
 * the new segment. DT_STRTAB/DT_STRSZ, PT_DYNAMIC and the section headers
 * of .dynstr and .dynamic are updated; no other byte of the file moves.
 *
 * Strings in struct elf_edit are borrowed from the caller.
 */
#ifndef WW_FORMATS_ELF_EDIT_H
#define WW_FORMATS_ELF_EDIT_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stddef.h>

enum elf_rpath_convert {
	ELF_KEEP_RPATH_KIND = 0,
	ELF_TO_RPATH,		/* DT_RUNPATH becomes DT_RPATH */
	ELF_TO_RUNPATH,		/* DT_RPATH becomes DT_RUNPATH */
};

struct elf_edit_rename {
	const char *from, *to;
};

struct elf_edit {
	/* DT_NEEDED entries to drop (absent names are not an error). */
	const char **remove_needed;
	size_t nremove_needed, alloc_remove_needed;
	/* DT_NEEDED names to change, with the file of their version needs. */
	struct elf_edit_rename *replace_needed;
	size_t nreplace_needed, alloc_replace_needed;
	/*
	 * The search path, as patchelf --set-rpath does: sets every
	 * DT_RPATH/DT_RUNPATH entry, or adds one; the entry becomes
	 * DT_RUNPATH unless force_rpath asks for DT_RPATH.
	 */
	const char *set_rpath;
	int force_rpath;
	int remove_rpath;		/* drop DT_RPATH and DT_RUNPATH */
	enum elf_rpath_convert convert;
	const char *set_soname;	/* sets DT_SONAME, adding it if absent */
	/*
	 * First remove the symbol table and debug information, as
	 * `strip -s` does (elf_strip.h); the other edits apply to the result.
	 */
	int strip_all;
};

#define ELF_EDIT_INIT { NULL, 0, 0, NULL, 0, 0, NULL, 0, 0, ELF_KEEP_RPATH_KIND, NULL, 0 }

void elf_edit_init(struct elf_edit *ed);
/* Frees the lists (not the strings, which the caller owns). */
void elf_edit_release(struct elf_edit *ed);
void elf_edit_add_remove_needed(struct elf_edit *ed, const char *name);
void elf_edit_add_replace_needed(struct elf_edit *ed, const char *from,
				 const char *to);

/*
 * Applies ed to the ELF image in[0..size) and appends the edited image
 * to out. name is used in messages. Errors: the input is not an ELF
 * shared library or executable with a dynamic section (exit status 2), or
 * the change cannot be made in this file (status 1).
 */
int elf_edit_apply(const void *in, size_t size, const char *name,
		   const struct elf_edit *ed, struct strbuf *out,
		   struct err *e);

/*
 * Reads path, applies ed, and writes the result to out_path (path itself
 * when out_path is NULL) through an atomic_file, keeping path's mode.
 */
int elf_edit_file(const char *path, const char *out_path,
		  const struct elf_edit *ed, struct err *e);

#endif
