/*
 * What a Windows target needs in its build folder before the first compile
 * (MISSION.md failure 3: no Windows interpreter, no Windows tool):
 *
 *   <build>/windows/include/   every entry of the target's include_dir
 *                              (symbolic links) except pyconfig.h, plus a
 *                              Windows pyconfig.h (formats/win_pyconfig.h)
 *   <build>/windows/python3.lib (or python311.lib, python313t.lib, ...)
 *                              the import library of the DLL the link
 *                              policy names, from the built-in tables
 *
 * The compile gets -I<build>/windows/include instead of the target's
 * include_dir, so `#include <Python.h>` finds the headers through the
 * folder and Python.h's `#include "pyconfig.h"` (searched first in the
 * folder Python.h was found in) finds ours: the Linux pyconfig.h beside
 * the real Python.h is never read. Files are rewritten only when their
 * content changes, so a no-op build stays a no-op.
 */
#ifndef WW_ENGINE_WINDOWS_H
#define WW_ENGINE_WINDOWS_H

#include "../base/strbuf.h"
#include "../base/words.h"
#include "../core/target.h"

struct windows_build {
	char *include_dir;	/* the folder to compile with (-I) */
	char *import_lib;	/* the import library to link */
};

void windows_build_init(struct windows_build *wb);
void windows_build_release(struct windows_build *wb);

/*
 * Writes the folder described above for target t (os=windows) under
 * build_dir and fills wb (owned by it; release with windows_build_release).
 */
int windows_prepare(const struct target *t, const char *build_dir,
		    struct windows_build *wb, struct err *e);

/*
 * Appends t's link arguments: the options to pre (before the objects), and
 * the import library (a bare file name in the link policy) by its path in
 * the build folder to post, since GNU ld takes from an archive only what
 * the objects before it need.
 */
int windows_link_args(const struct target *t, const struct windows_build *wb,
		      struct words *pre, struct words *post, struct err *e);

/*
 * The temporary file a module is linked to: <build_dir>/tmp/<module>.<pid>/
 * and the module's own file name, because a DLL records the name it was
 * linked as (its export directory's name) and linkers may write .lib and
 * .pdb files beside it. pid keeps two builds running at once apart.
 */
void windows_link_tmp(const char *build_dir, const char *module,
		      const char *out, long pid, struct strbuf *tmp);
/* Removes the folder of such a temporary file, with whatever is left in it. */
void windows_link_tmp_remove(const char *tmp);

#endif
