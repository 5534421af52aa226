/*
 * Editable installs (PEP 660): the project is imported from where it is.
 *
 * An editable install is two files in site-packages plus a .dist-info:
 *   _wheelwright_editable_{name}.pth  one line, "import _wheelwright_editable_{name}",
 *                                   run by site.py at every start;
 *   _wheelwright_editable_{name}.py   a meta path finder that maps the
 *                                   project's top-level packages to their
 *                                   folders in the project, and each
 *                                   extension module to its file in the
 *                                   build folder (absolute paths).
 * Nothing else is copied, so an edit of a Python file is seen at the next
 * import. An edit of a C file is seen at the next start of the interpreter:
 * the first import of one of the project's extension modules in a process
 * runs `wheelwright develop DIR -i sys.executable --build-only` (an
 * incremental build: nothing is compiled when nothing changed) and imports
 * what it built; a failed build raises ImportError with the compiler's
 * messages. The binary is the one that made the install if it is still
 * there, else $WHEELWRIGHT, else `wheelwright` on PATH or in the
 * environment's scripts folder; with none, or with
 * WHEELWRIGHT_EDITABLE_REBUILD=0, or when installed with rebuild off, the
 * modules built at install time are used and `wheelwright develop` (or
 * `pip install -e`) again picks C edits up.
 *
 * The same two files go into an editable wheel (build --editable, the
 * backend's build_editable) or straight into site-packages
 * (develop.c, with INSTALLER, direct_url.json and RECORD).
 */
#ifndef WW_EDITABLE_H
#define WW_EDITABLE_H

#include "build.h"
#include "wheel.h"

struct editable_opts {
	const char *wheelwright;	/* the binary to rebuild with; NULL: unknown */
	int rebuild;			/* rebuild at import */
	const char *const *build_args;	/* recorded for the rebuild ("--debug", ...) */
	size_t n_build_args;
};

/* The options a rebuild at import is rerun with: at most this many. */
#define EDITABLE_MAX_BUILD_ARGS 3

/*
 * Fills o for an install that reruns wheelwright at import (unless
 * !rebuild) with the options the build had (--debug, --abi3 V); args,
 * with room for EDITABLE_MAX_BUILD_ARGS, holds them and must outlive o.
 */
void editable_opts_set(struct editable_opts *o, const char *wheelwright,
		       int rebuild, int debug, const char *abi3,
		       const char **args);

/* "_wheelwright_editable_{normalised name}" */
void editable_module_name(const struct project *p, struct strbuf *out);

/*
 * Adds the finder module and the .pth file for a built target to es (at
 * the top of the wheel or of site-packages). p->dir must be absolute.
 */
void editable_add_files(const struct project *p, const struct target_build *tb,
			const struct editable_opts *o, struct wheel_entries *es);

/* Writes the editable wheel of a built target into out_dir. */
int editable_wheel_write(const struct project *p, const struct target_build *tb,
			 const struct editable_opts *o, const char *out_dir,
			 struct strbuf *path, struct err *e);

#endif
