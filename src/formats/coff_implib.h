/*
 * Windows import libraries (.lib), written without any Windows tool: the
 * "short import" form of Microsoft's PE/COFF specification that LIB.EXE and
 * llvm-dlltool produce, in an ar archive of this layout:
 *
 *   "!<arch>\n"
 *   "/"   first linker member: symbol -> member offset, big-endian
 *   "/"   second linker member: the same, sorted, little-endian
 *   "//"  long member names (NUL-terminated)
 *   DLL   the import descriptor object (__IMPORT_DESCRIPTOR_<dll>,
 *         .idata$2 with the DLL name in .idata$6)
 *   DLL   __NULL_IMPORT_DESCRIPTOR (the terminating .idata$3 entry)
 *   DLL   "\x7f<dll>_NULL_THUNK_DATA" (the terminating .idata$4/$5 slots)
 *   DLL   one 20-byte import header + names per export, defining
 *         "__imp_<sym>" and, for code, "<sym>"
 *
 * The output is reproducible: every timestamp is 0. Symbols follow
 * llvm-dlltool (MinGW mode): on i386, names without a decoration get a
 * leading '_' and the import name type NOPREFIX, so the DLL is asked for
 * the name without it; names starting with '@' or '?' or holding "@@" are
 * taken as decorated already and kept as they are.
 */
#ifndef WW_COFF_IMPLIB_H
#define WW_COFF_IMPLIB_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stddef.h>
#include <stdint.h>

struct def_file;

#define COFF_MACHINE_I386 0x14c
#define COFF_MACHINE_AMD64 0x8664
#define COFF_MACHINE_ARM64 0xaa64

/*
 * The machine for a name: "x86_64" (or "amd64", "x64", "i386:x86-64"),
 * "aarch64" ("arm64"), "i686" ("i386", "x86"). 0 if unknown.
 */
uint16_t coff_machine_from_name(const char *name);
/* "x86_64", "aarch64", "i686", or NULL. */
const char *coff_machine_name(uint16_t machine);

struct implib_export {
	char *name;		/* the DLL's export name, undecorated on i386 */
	unsigned ordinal;	/* 0 for none; the hint field otherwise */
	unsigned by_ordinal : 1;	/* NONAME: imported by ordinal */
	unsigned data : 1;	/* a variable: only __imp_<sym> is defined */
};

struct implib {
	char *dll;		/* "python311.dll", as the import table names it */
	uint16_t machine;
	struct implib_export *exports;	/* owned, in the order added */
	size_t nr_exports, alloc_exports;
};

/* dll is copied. machine is one of COFF_MACHINE_*. */
void implib_init(struct implib *lib, const char *dll, uint16_t machine);
void implib_release(struct implib *lib);

/* Adds an export (name is copied). */
void implib_add(struct implib *lib, const char *name, unsigned ordinal,
		int by_ordinal, int data);

/*
 * Adds every export of a parsed .def file except PRIVATE ones. Alias
 * entries ("a == b") are refused, with the location in file deffile.
 */
int implib_add_def(struct implib *lib, const struct def_file *def,
		   const char *deffile, struct err *e);

/*
 * Appends the library to out. Fails (with e set) only when the archive
 * would pass the format's limits (65535 members, 4 GiB) or names are empty.
 */
int implib_write(const struct implib *lib, struct strbuf *out, struct err *e);

#endif
