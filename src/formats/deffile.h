/*
 * Module-definition (.def) files, the export lists that Microsoft's LINK and
 * LIB, MinGW's dlltool and llvm-dlltool read:
 *
 *   ; comment
 *   LIBRARY "python311.dll"
 *   EXPORTS
 *     name                     a function
 *     name @5                  with an ordinal (also "@ 5")
 *     name @5 NONAME           exported by ordinal only
 *     name DATA                a variable
 *     name PRIVATE             exported, but left out of import libraries
 *     name=internal            exported as name, defined as internal
 *                              (internal may be "module.name": a forwarder)
 *     name == target           llvm-dlltool's alias (a weak external)
 *     "quoted name"            no escapes: the name ends at the next '"'
 *
 * NAME (an executable) may stand for LIBRARY; DESCRIPTION, VERSION,
 * HEAPSIZE, STACKSIZE and STUB lines are accepted and ignored, since they
 * do not change what a module exports. Keywords are upper case, as LINK
 * and llvm read them; the ordinal and the flags may come in any order.
 * Stricter than llvm-dlltool where a mistake is likely: one export per
 * line, ordinals 1..65535, no name or ordinal used twice. Errors carry the
 * file's line:col.
 */
#ifndef WW_DEFFILE_H
#define WW_DEFFILE_H

#include "../base/err.h"

#include <stddef.h>

struct def_export {
	char *name;		/* the exported name, what importers use */
	char *internal;		/* from name=internal, or NULL */
	char *alias_target;	/* from name == target, or NULL */
	unsigned ordinal;	/* 1..65535; 0 when none is given */
	unsigned noname : 1;	/* by ordinal only (needs an ordinal) */
	unsigned data : 1;	/* a variable: no code thunk is made */
	unsigned is_private : 1;	/* not put in import libraries */
	int line, col;		/* where the entry's name starts */
};

struct def_file {
	char *library;		/* the name on LIBRARY/NAME as written; NULL if none */
	int is_exe;		/* it was NAME, not LIBRARY */
	struct def_export *exports;	/* in file order */
	size_t nr_exports, alloc_exports;
};

#define DEF_FILE_INIT { NULL, 0, NULL, 0, 0 }

void def_file_init(struct def_file *d);
/* Frees everything d owns; d is then empty and reusable. */
void def_file_release(struct def_file *d);

/*
 * Parses buf[0..len) into d (which must be empty). filename is used only in
 * error locations. On error returns -1 with e set at line:col; d then holds
 * what was read before the error and must still be released.
 * An export named twice, or two exports with one ordinal, is an error.
 */
int def_parse(struct def_file *d, const char *buf, size_t len,
	      const char *filename, struct err *e);

/*
 * The module's file name as import libraries record it: the LIBRARY name,
 * with ".dll" (".exe" for NAME) appended when it has no extension, as LIB
 * and llvm-dlltool do. NULL when the file has no LIBRARY/NAME. Caller frees.
 */
char *def_module_name(const struct def_file *d);

#endif
