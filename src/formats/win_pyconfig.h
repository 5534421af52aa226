/*
 * The pyconfig.h a Windows build of CPython would give its extensions,
 * written for cross builds from Linux (MISSION.md failure 3): the Python
 * headers come from a CPython of this machine, but its pyconfig.h describes
 * Linux (LP64: 8-byte long; no DLL import declarations) and must never be
 * seen by a Windows compile.
 *
 * What is written is what the public headers of CPython 3.7 and newer test:
 * the Windows feature macros (MS_WINDOWS, MS_WIN32, MS_WIN64), that the core
 * is a DLL whose functions and data are imported (Py_ENABLE_SHARED,
 * HAVE_DECLSPEC_DLL), the sizes of the C types under LLP64 (or ILP32 for
 * win32), the build flavour (Py_GIL_DISABLED, Py_DEBUG), and the math and
 * header facts the older headers need. Unlike CPython's PC/pyconfig.h
 * there is no `#pragma comment(lib, ...)`: the import library is named on
 * the link line, and a MinGW or clang compile has no use for the pragma.
 */
#ifndef WW_WIN_PYCONFIG_H
#define WW_WIN_PYCONFIG_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stdint.h>

struct win_pyconfig {
	int major, minor;	/* the Python version of the headers */
	uint16_t machine;	/* COFF_MACHINE_I386, _AMD64 or _ARM64 */
	int gil_disabled;	/* a free-threaded ("t") build */
	int debug;		/* a debug ("_d") build */
};

/*
 * Appends the header to out. Fails for a machine other than the three
 * above or a version older than 3.7.
 */
int win_pyconfig_write(const struct win_pyconfig *c, struct strbuf *out,
		       struct err *e);

#endif
