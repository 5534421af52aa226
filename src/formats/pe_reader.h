/*
 * Private to pe.c and pe_dirs.c: the state of one pe_parse() call and the
 * bounds-checked primitives both use. Not for other code: use pe.h.
 */
#ifndef WW_PE_READER_H
#define WW_PE_READER_H

#include "pe.h"

/* The budgets of one parse (see pe_dirs.c). */
#define PE_MAX_ENTRIES (1u << 20)
#define PE_MAX_NAME_BYTES (64u << 20)

struct pe_reader {
	const unsigned char *buf;
	size_t len;
	const char *file;
	struct err *e;
	struct pe_file *pe;
	size_t entries_left;	/* table entries still allowed to be read */
	size_t name_bytes_left;	/* bytes of names still allowed to be copied */
};

/* Records a "malformed PE" error about the file; returns -1. */
int pe_error(struct pe_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Points *p at the n bytes at rva, or fails with an error naming what. */
int pe_at_rva(struct pe_reader *r, uint32_t rva, uint32_t n,
	      const unsigned char **p, const char *what);

/* Copies the NUL-terminated string at rva (it must end inside its section). */
int pe_string_at_rva(struct pe_reader *r, uint32_t rva, char **out,
		     const char *what);

/* The directories: imports (normal and delay-load) and exports. */
int pe_read_imports(struct pe_reader *r);
int pe_read_delay_imports(struct pe_reader *r);
int pe_read_exports(struct pe_reader *r);

#endif
