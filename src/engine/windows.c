#include "windows.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../core/linkpolicy.h"
#include "../formats/coff_implib.h"
#include "../formats/python_implib.h"
#include "../formats/win_pyconfig.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void windows_build_init(struct windows_build *wb)
{
	memset(wb, 0, sizeof(*wb));
}

void windows_build_release(struct windows_build *wb)
{
	free(wb->include_dir);
	free(wb->import_lib);
	memset(wb, 0, sizeof(*wb));
}

/* Writes path only when its content differs, keeping its mtime otherwise. */
static int write_if_changed(const char *path, const struct strbuf *data,
			    struct err *e)
{
	struct strbuf old = STRBUF_INIT;
	struct err ignore = ERR_INIT;
	int same = !read_file(path, &old, &ignore) && old.len == data->len &&
		   !memcmp(old.buf, data->buf, data->len);

	sb_release(&old);
	err_release(&ignore);
	return same ? 0 : write_file_atomic(path, data->buf, data->len, e);
}

/* link -> target, unless it already is exactly that link. */
static int ensure_symlink(const char *target, const char *link, struct err *e)
{
	char buf[4096];
	ssize_t n = readlink(link, buf, sizeof(buf) - 1);

	if (n >= 0) {
		buf[n] = '\0';
		if (!strcmp(buf, target))
			return 0;
	}
	if (remove_tree(link, e))	/* lstat-based: never follows the link */
		return -1;
	if (symlink(target, link))
		return err_fail(e, "cannot create '%s': %s", link, strerror(errno));
	return 0;
}

/* The headers of include_dir, all but pyconfig.h, linked into dir. */
static int link_headers(const char *include_dir, const char *dir, struct err *e)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	struct dirent *de;
	DIR *d = opendir(include_dir);
	int rc = 0;

	if (!d)
		return err_set(e, "cannot read the Python headers in '%s': %s",
			       include_dir, strerror(errno));
	while (!rc && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, "pyconfig.h"))
			continue;
		sb_reset(&from);
		sb_reset(&to);
		path_join(&from, include_dir, de->d_name);
		path_join(&to, dir, de->d_name);
		rc = ensure_symlink(from.buf, to.buf, e);
	}
	closedir(d);
	sb_release(&from);
	sb_release(&to);
	return rc;
}

static int write_pyconfig(const struct target *t, uint16_t machine,
			  const char *dir, struct err *e)
{
	struct win_pyconfig c;
	struct strbuf text = STRBUF_INIT, path = STRBUF_INIT;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	if (parse_version(t->version, &c.major, &c.minor)) {
		err_set(e, "bad version '%s'", t->version);
		goto out;
	}
	c.machine = machine;
	c.gil_disabled = t->gil_disabled;
	c.debug = t->debug;
	path_join(&path, dir, "pyconfig.h");
	rc = win_pyconfig_write(&c, &text, e);
	if (!rc)
		rc = write_if_changed(path.buf, &text, e);
out:
	sb_release(&text);
	sb_release(&path);
	return rc;
}

static int write_import_lib(const struct target *t, uint16_t machine,
			    const char *dir, struct windows_build *wb,
			    struct err *e)
{
	struct strbuf name = STRBUF_INIT, data = STRBUF_INIT, path = STRBUF_INIT;
	struct implib lib;
	int rc = -1;

	implib_init(&lib, "", machine);
	link_policy_lib_name(t, &name);
	sb_adds(&name, ".dll");
	if (python_implib_add_dll(&lib, name.buf, e) || implib_write(&lib, &data, e))
		goto out;
	sb_reset(&name);
	link_policy_import_lib(t, &name);
	path_join(&path, dir, name.buf);
	if (write_if_changed(path.buf, &data, e))
		goto out;
	wb->import_lib = sb_detach(&path, NULL);
	rc = 0;
out:
	implib_release(&lib);
	sb_release(&name);
	sb_release(&data);
	sb_release(&path);
	return rc;
}

int windows_prepare(const struct target *t, const char *build_dir,
		    struct windows_build *wb, struct err *e)
{
	struct strbuf dir = STRBUF_INIT, inc = STRBUF_INIT;
	uint16_t machine = coff_machine_from_name(t->arch);
	int rc = -1;

	if (!machine) {
		err_set(e, "no Windows machine for arch '%s'", t->arch);
		return err_hint(e, "Windows targets are x86_64, i686 and aarch64");
	}
	if (strcmp(t->implementation, "cpython"))
		return err_set(e, "Windows builds are for CPython, not '%s'", t->implementation);
	if (t->debug) {
		/* The tables hold the release DLLs' exports only. */
		err_set(e, "no import library for a debug build of CPython %s for Windows",
			t->version);
		return err_hint(e, "the exports of python3X_d.dll are not built in; build a release module");
	}
	if (!*t->include_dir)
		return err_set(e, "the Windows target has no include_dir");
	path_join(&dir, build_dir, "windows");
	path_join(&inc, dir.buf, "include");
	if (mkdir_p(inc.buf, e) || link_headers(t->include_dir, inc.buf, e) ||
	    write_pyconfig(t, machine, inc.buf, e) ||
	    write_import_lib(t, machine, dir.buf, wb, e))
		goto out;
	wb->include_dir = sb_detach(&inc, NULL);
	rc = 0;
out:
	sb_release(&dir);
	sb_release(&inc);
	return rc;
}

int windows_link_args(const struct target *t, const struct windows_build *wb,
		      struct words *pre, struct words *post, struct err *e)
{
	struct strbuf name = STRBUF_INIT;
	struct words w;
	size_t i;

	words_init(&w);
	if (words_split(&w, t->link_args, e)) {
		words_release(&w);
		return -1;
	}
	link_policy_import_lib(t, &name);
	for (i = 0; i < w.n; i++) {
		if (strcmp(w.v[i], name.buf))
			words_push(pre, w.v[i]);
		else
			words_push(post, wb->import_lib);
	}
	words_release(&w);
	sb_release(&name);
	return 0;
}

void windows_link_tmp(const char *build_dir, const char *module,
		      const char *out, long pid, struct strbuf *tmp)
{
	const char *base = strrchr(out, '/');

	path_join(tmp, build_dir, "tmp/");
	sb_addf(tmp, "%s.%ld/%s", module, pid, base ? base + 1 : out);
}

void windows_link_tmp_remove(const char *tmp)
{
	struct err ignore = ERR_INIT;
	char *dir = path_dirname(tmp);

	remove_tree(dir, &ignore);
	err_release(&ignore);
	free(dir);
}
