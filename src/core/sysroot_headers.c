/*
 * The paths in a target's configuration are the target's (INCLUDEPY
 * "/usr/include/python3.11"); on this machine they are under the sysroot,
 * or under wherever the installation was copied to. The installation's
 * prefix is found from the configuration file itself, which lives in
 * PREFIX/lib/python3.X/.
 */
#include "sysroot_headers.h"
#include "../base/fs.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* PREFIX of PREFIX/lib/python3.X/FILE, or NULL when the file is not in
 * such a place. */
static char *install_prefix(const char *config_file)
{
	char *dir = path_dirname(config_file);	/* .../lib/python3.X */
	char *lib = path_dirname(dir);		/* .../lib */
	char *prefix = NULL;
	char *pydir = path_basename(dir), *libname = path_basename(lib);

	if (starts_with(pydir, "python") && (!strcmp(libname, "lib") ||
					     !strcmp(libname, "lib64")))
		prefix = path_dirname(lib);
	free(dir);
	free(lib);
	free(pydir);
	free(libname);
	return prefix;
}

typedef int (*path_test)(const char *path);

static int has_python_h(const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	int yes;

	path_join(&path, dir, "Python.h");
	yes = is_regular_file(path.buf);
	sb_release(&path);
	return yes;
}

/*
 * The first place where the target's path passes test: inside the
 * sysroot; relocated from the configuration's prefix to the installation's
 * actual prefix; or, without a sysroot, as it is.
 */
static char *map_path(const struct sysroot_query *q,
		      const struct sysroot_python *py, const char *path,
		      path_test test)
{
	struct strbuf sb = STRBUF_INIT;
	const char *prefix = pyvars_get(&py->vars, "prefix");
	char *actual = install_prefix(py->config_file);
	size_t n = prefix ? strlen(prefix) : 0;

	if (q->sysroot && path[0] == '/') {
		path_join(&sb, q->sysroot, path);
		if (test(sb.buf))
			goto found;
	}
	sb_reset(&sb);
	if (actual && n && !strncmp(path, prefix, n) &&
	    (path[n] == '/' || !path[n])) {
		path_join(&sb, actual, path + n);
		if (test(sb.buf))
			goto found;
	}
	sb_reset(&sb);
	if (!q->sysroot && test(path)) {
		sb_adds(&sb, path);
		goto found;
	}
	free(actual);
	sb_release(&sb);
	return NULL;
found:
	free(actual);
	return sb_detach(&sb, NULL);
}

/*
 * Debian's INCLUDEPY/pyconfig.h only picks <MULTIARCH/python3.X/pyconfig.h>
 * by the compiler's predefined macros: it is no pyconfig.h by itself.
 */
static int is_multiarch_wrapper(const char *path)
{
	struct strbuf text = STRBUF_INIT;
	struct err e = ERR_INIT;
	int yes = 0;

	if (!read_file(path, &text, &e))
		yes = strstr(text.buf, "/pyconfig.h>") != NULL &&
		      !strstr(text.buf, "#define SIZEOF_VOID_P");
	err_release(&e);
	sb_release(&text);
	return yes;
}

/* The folder of the real pyconfig.h: Debian keeps it per architecture in
 * INCLUDE_ROOT/MULTIARCH/python3.X/, behind a wrapper in INCLUDEPY. */
static void locate_pyconfig(struct sysroot_python *py)
{
	const char *multiarch = pyvars_get(&py->vars, "MULTIARCH");
	char *name = path_basename(py->include_dir);	/* python3.11 */
	char *root = path_dirname(py->include_dir);	/* .../usr/include */
	struct strbuf path = STRBUF_INIT;

	if (multiarch && *multiarch) {
		path_join(&path, root, multiarch);
		sb_addf(&path, "/%s/pyconfig.h", name);
		if (is_regular_file(path.buf)) {
			char *dir = path_dirname(path.buf);

			py->pyconfig_dir = dir;
			py->multiarch_include_root = root;
			root = NULL;
		}
	}
	if (!py->pyconfig_dir) {
		sb_reset(&path);
		path_join(&path, py->include_dir, "pyconfig.h");
		if (is_regular_file(path.buf) && !is_multiarch_wrapper(path.buf))
			py->pyconfig_dir = xstrdup(py->include_dir);
	}
	sb_release(&path);
	free(name);
	free(root);
}

void sysroot_locate_files(const struct sysroot_query *q,
			  struct sysroot_python *py)
{
	const char *include = pyvars_get(&py->vars, "INCLUDEPY");
	const char *libdir = pyvars_get(&py->vars, "LIBDIR");

	if (include && *include)
		py->include_dir = map_path(q, py, include, has_python_h);
	if (py->include_dir)
		locate_pyconfig(py);
	if (libdir && *libdir)
		py->lib_dir = map_path(q, py, libdir, is_dir);
}
