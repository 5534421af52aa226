/*
 * Glob patterns over relative paths, as PyPA's "glob patterns"
 * specification defines them (PEP 639, for pyproject.toml's
 * license-files):
 *
 *   - letters, digits, spaces, '_', '-' and '.' match themselves;
 *   - '*' matches any run of characters and '?' one character, never '/';
 *   - "[...]" matches one of the characters listed (ranges "a-z" by code
 *     point; a '-' first or last is literal);
 *   - a segment "**" matches zero or more folders;
 *   - '/' separates segments; no leading '/', no "..".
 *
 * Matching follows Python's glob.glob(recursive=True), which setuptools
 * uses: wildcards do not match names starting with '.', unless the
 * pattern segment itself starts with '.'. Expansion returns regular files
 * only (symbolic links to files count), and "**" does not descend into
 * symbolic links to folders (Python's would), so that it cannot loop.
 *
 * Non-ASCII characters are accepted as letters (the spec says
 * "alphanumeric", which is wider than ASCII).
 */
#ifndef WW_PATHGLOB_H
#define WW_PATHGLOB_H

#include "err.h"

#include <stddef.h>

/* NULL when pattern is a valid glob, else why not (a static string). */
const char *pathglob_invalid(const char *pattern);

/* Whether the '/'-separated relative path matches a valid pattern. */
int pathglob_match(const char *pattern, const char *path);

struct pathglob_files {
	char **v;		/* '/'-separated, relative to the root; owned */
	size_t n, alloc;
};

#define PATHGLOB_FILES_INIT { NULL, 0, 0 }

void pathglob_files_release(struct pathglob_files *f);

/*
 * Appends the regular files under root that match the valid pattern,
 * sorted by bytes, to out. A folder that cannot be read is an error.
 */
int pathglob_expand(const char *root, const char *pattern,
		    struct pathglob_files *out, struct err *e);

#endif
