/*
 * Finding a cross target's Python configuration and headers as data
 * (DESIGN.md invariant 2: the target's interpreter is never run).
 *
 * Where it looks, given what the user said:
 *   --sysconfigdata FILE   that file: a _sysconfigdata_*.py, or a PEP 739
 *                          build-details.json (by its .json name)
 *   --sysroot DIR          DIR/{usr/lib,usr/local/lib,usr/lib64,lib}/
 *                          python3.X/ (the Debian multiarch layout, where
 *                          one folder may hold the files of several
 *                          architectures, and `make install` into /usr or
 *                          /usr/local)
 *   --cross-lib-dir DIR    DIR/, DIR/python3.X/ and DIR/lib/python3.X/
 *                          (a `make install` or pyenv prefix's lib folder)
 * In each folder, every _sysconfigdata_*.py and build-details.json is read.
 *
 * Which one it takes: those whose MULTIARCH is the triple's and whose
 * SIZEOF_VOID_P is the triple's pointer width; of the wanted version when
 * one is given ("3.11"; "3.13t" for the free-threaded build, which "3.13"
 * does not match); copies of one configuration (Debian installs the same
 * data under two names; build-details.json beside its sysconfigdata) count
 * once; a debug or free-threaded build only when no default build is left.
 * Exactly one must remain: none is an error that lists every file and
 * folder considered and what to install, several is an error that lists
 * them and asks the user to pick.
 */
#ifndef WW_SYSROOT_H
#define WW_SYSROOT_H

#include "triple.h"
#include "../formats/pyvars.h"

/* What to search; every field may be NULL except one of the three places. */
struct sysroot_query {
	const char *sysroot;		/* --sysroot */
	const char *cross_lib_dir;	/* --cross-lib-dir */
	const char *sysconfigdata;	/* --sysconfigdata */
	const struct triple *triple;	/* the target; NULL: no filtering */
	const char *version;		/* "3.11", "3.13t" or NULL for any */
};

/*
 * What was found. Paths are as seen from this machine (inside the sysroot
 * when there is one). Owned by the struct; NULL when not found.
 */
struct sysroot_python {
	char *config_file;	/* the file the variables were read from */
	struct pyvars vars;	/* its variables (sysconfig names) */
	char *include_dir;	/* INCLUDEPY: the folder of Python.h */
	char *pyconfig_dir;	/* the folder of the real pyconfig.h */
	/*
	 * Debian's INCLUDEPY/pyconfig.h only includes
	 * <MULTIARCH/python3.X/pyconfig.h>: then this is the folder that
	 * must be on the include path for it (SYSROOT/usr/include).
	 */
	char *multiarch_include_root;
	char *lib_dir;		/* LIBDIR, where libpython is */
};

void sysroot_python_init(struct sysroot_python *py);
void sysroot_python_release(struct sysroot_python *py);

/*
 * Finds the configuration as described at the top and, where they are,
 * the headers and LIBDIR. Errors: nothing or several found, or the file
 * named by --sysconfigdata cannot be read; exit status 2.
 */
int sysroot_find_python(const struct sysroot_query *q,
			struct sysroot_python *out, struct err *e);

/* An error (with what to install) when sysroot_find_python found no
 * Python.h for the configuration in *py. */
int sysroot_require_headers(const struct sysroot_query *q,
			    const struct sysroot_python *py, struct err *e);

#endif
