/*
 * A reader of PE images (.dll, .pyd, .exe) over a buffer, for the audit and
 * for tests: the DOS stub's pointer, the "PE\0\0" signature, the COFF file
 * header, the optional header (PE32 or PE32+), the data directories, the
 * section table, and from those the import table (by DLL, by name or by
 * ordinal), the delay-load import table and the export table.
 *
 * Every field is read through bounds checks: a malformed or truncated file
 * gives an error naming what is wrong, never a read outside the buffer.
 * The result owns copies of every string; the input buffer can be freed
 * as soon as pe_parse() returns.
 */
#ifndef WW_PE_H
#define WW_PE_H

#include "../base/err.h"

#include <stddef.h>
#include <stdint.h>

#define PE_MACHINE_I386 0x014c
#define PE_MACHINE_AMD64 0x8664
#define PE_MACHINE_ARM64 0xaa64
#define PE_MACHINE_ARM64EC 0xa641
#define PE_MACHINE_ARM64X 0xa64e
#define PE_MACHINE_ARMNT 0x01c4

#define PE_FILE_DLL 0x2000	/* Characteristics: the image is a DLL */

/* Data directory indices. */
enum {
	PE_DIR_EXPORT = 0,
	PE_DIR_IMPORT = 1,
	PE_DIR_DELAY_IMPORT = 13,
	PE_NR_DIRS = 16,
};

struct pe_section {
	char name[9];		/* NUL-terminated; "/4"-style long names as is */
	uint32_t vaddr, vsize;
	uint32_t raw_offset, raw_size;
	uint32_t flags;
};

struct pe_import_sym {
	char *name;		/* NULL when imported by ordinal */
	uint16_t hint;		/* with a name: the DLL's export table hint */
	uint16_t ordinal;	/* without a name */
};

struct pe_import_dll {
	char *dll;		/* as the image spells it: "KERNEL32.dll" */
	int delay;		/* from the delay-load directory */
	struct pe_import_sym *syms;
	size_t nr_syms, alloc_syms;
};

struct pe_export {
	char *name;		/* NULL when exported by ordinal only */
	uint32_t ordinal;	/* with the directory's base added */
	uint32_t rva;		/* of the code or data (of the string, for a forwarder) */
	char *forward;		/* "OTHER.name" for a forwarder, else NULL */
};

struct pe_file {
	size_t file_size;
	uint16_t machine;
	uint16_t characteristics;
	uint32_t timestamp;
	int pe32_plus;		/* optional header magic 0x20b */
	uint64_t image_base;
	uint32_t size_of_headers;
	uint16_t subsystem;
	uint16_t dll_characteristics;
	uint32_t nr_dirs;	/* NumberOfRvaAndSizes, at most PE_NR_DIRS kept */
	struct { uint32_t rva, size; } dirs[PE_NR_DIRS];

	struct pe_section *sections;
	size_t nr_sections;

	struct pe_import_dll *imports;	/* normal imports, then delay-load */
	size_t nr_imports, alloc_imports;

	char *export_name;	/* the DLL name in the export directory, or NULL */
	uint32_t ordinal_base;
	struct pe_export *exports;	/* in ordinal order; a function
					   with two names is listed twice */
	size_t nr_exports, alloc_exports;
};

void pe_file_init(struct pe_file *pe);
void pe_file_release(struct pe_file *pe);

/*
 * Reads the image buf[0..len) into pe (which must be empty). filename only
 * names the file in errors. Returns -1 with e set on malformed input; pe
 * must be released either way.
 */
int pe_parse(struct pe_file *pe, const void *buf, size_t len,
	     const char *filename, struct err *e);

/* "x86_64", "i686", "aarch64", "arm64ec", "arm64x", "armv7"; NULL if unknown. */
const char *pe_machine_name(uint16_t machine);

/*
 * The file offset of the n bytes at rva: they must lie inside one
 * section's raw data (or inside the headers). Returns -1 if not.
 */
int pe_rva_to_offset(const struct pe_file *pe, uint32_t rva, uint32_t n,
		     size_t *offset);

#endif
