/*
 * CPython's Include/patchlevel.h: the version a folder of Python headers
 * belongs to, read without a compiler and without running any Python.
 *
 * Only `#define NAME VALUE` lines are read; comments (both kinds) are
 * skipped and every other line is ignored. PY_MAJOR_VERSION and
 * PY_MINOR_VERSION are required, PY_MICRO_VERSION and PY_VERSION are
 * optional. Nothing is allocated that outlives the call.
 */
#ifndef WW_PATCHLEVEL_H
#define WW_PATCHLEVEL_H

#include "../base/err.h"

#include <stddef.h>

struct patchlevel {
	int major, minor;
	int micro;		/* -1 when not defined */
	char version[32];	/* PY_VERSION ("3.11.7"), "" when not defined */
};

/*
 * Parses the text buf[0..len) (not NUL-terminated) of the file named file
 * (for messages). Errors carry file:line:col: a version number that is not
 * a decimal number below 1000, a macro defined twice, an unterminated
 * comment or PY_VERSION string, a PY_VERSION longer than 31 bytes, and a
 * missing PY_MAJOR_VERSION or PY_MINOR_VERSION (located at the file only).
 */
int patchlevel_parse(const char *buf, size_t len, const char *file,
		     struct patchlevel *out, struct err *e);

/* Reads and parses path. */
int patchlevel_load(const char *path, struct patchlevel *out, struct err *e);

#endif
