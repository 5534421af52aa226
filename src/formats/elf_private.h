/*
 * Private to the ELF reader's files: error reporting and string lookup
 * shared between elf.c, elf_dynamic.c, elf_symbols.c, elf_versions.c and
 * elf_notes.c; and the record writer the editors share with the reader.
 */
#ifndef WW_FORMATS_ELF_PRIVATE_H
#define WW_FORMATS_ELF_PRIVATE_H

#include "elf.h"

/* Records a located error ("FILE: error: MESSAGE") and returns -1. */
int elf_bad(const struct elf_file *ef, struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The NUL-terminated string at off in the table [table_off,
 * table_off+table_size) of the file, or NULL when the table is outside
 * the file, off is outside the table or the string runs past its end.
 */
const char *elf_string_in(const struct elf_file *ef, uint64_t table_off,
			  uint64_t table_size, uint64_t off);

/*
 * Writes sh as a section header at p (elf_shdr_size() bytes, in ef's
 * class and byte order): the twin of the reader's, for the editor
 * (elf_edit_write.c) and the stripper (elf_strip.c).
 */
void elf_shdr_store(const struct elf_file *ef, unsigned char *p,
		    const struct elf_shdr *sh);

/* Reads the dynamic array and the facts it names (elf_dynamic.c). */
int elf_read_dynamic(struct elf_file *ef, struct err *e);

/*
 * A table of the file found either through a section header or through
 * the dynamic array: where it is, how big, and its entry size.
 */
struct elf_table {
	uint64_t offset, size, entsize;
	int present;
};

/* The bytes from vaddr to the end of its PT_LOAD's file image. */
int elf_vaddr_extent(const struct elf_file *ef, uint64_t vaddr,
		     uint64_t *len);

/* The table at a virtual address, size bytes long; -1 if not mapped. */
int elf_table_at_vaddr(const struct elf_file *ef, uint64_t vaddr,
		       uint64_t size, struct elf_table *t);

/* The string at off in the string table t, or NULL. */
const char *elf_table_string(const struct elf_file *ef,
			     const struct elf_table *t, uint64_t off);

/*
 * The string table a section links to (sh_link), which must be a string
 * section inside the file; the dynamic string table when sh_link is 0.
 */
int elf_linked_strtab(const struct elf_file *ef, const struct elf_shdr *sh,
		      struct elf_table *t, struct err *e);

/*
 * A table of the file: the section of type sh_type when the file has
 * one, else the table at the address of dynamic tag dt_tag, extending to
 * the end of its segment. 0 with t->present = 0 when there is neither.
 */
int elf_find_table(const struct elf_file *ef, uint32_t sh_type,
		   int64_t dt_tag, const char *what, struct elf_table *t,
		   const struct elf_shdr **sec, struct err *e);

#endif
