/*
 * Finding the interpreters of this machine: on PATH, under pyenv's and uv's
 * install folders and in the system bin folders. Each distinct interpreter
 * is listed once (symlinks resolved, and wrappers that exec the same
 * interpreter folded by the executable they report).
 */
#ifndef WW_DISCOVER_H
#define WW_DISCOVER_H

#include "interp.h"

#include <stddef.h>

/* Whether a file name looks like a Python interpreter's. */
int discover_is_python_name(const char *name);

/*
 * Turns what a user wrote after -i into a path: a path is kept as is;
 * "3.12" means "python3.12", "3.13t" "python3.13t"; names are looked up on
 * PATH, then in pyenv's and uv's folders, then the system bin folders.
 * NULL when nothing is found. Caller frees.
 */
char *discover_resolve_name(const char *name);
/* The same, skipping pyenv's shims (for when a shim cannot run the name). */
char *discover_resolve_name_no_shims(const char *name);
/* Whether path lies in a pyenv shims folder. */
int discover_is_pyenv_shim(const char *path);

/*
 * Finds and queries every interpreter. *out is an array of *n queried
 * interps (supported or not), sorted; caller releases each and frees.
 */
void discover_all(struct interp **out, size_t *n);

#endif
