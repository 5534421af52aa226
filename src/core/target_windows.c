/*
 * Windows targets from built-in facts (DESIGN.md invariant 2, MISSION.md
 * failure 3): no Windows interpreter is ever needed or run.
 *
 * What a Windows CPython would tell about itself is fixed by the triple and
 * the version: the platform tag, LLP64, the `.pyd` names (derived by
 * target_derive.c from os=windows) and the DLL to link (the link policy).
 * The one thing taken from this machine is the C headers of the Python
 * version: those of a local CPython of that version (any build: its
 * pyconfig.h is replaced at build time, see engine/windows.h), or the
 * folder given with --set include_dir=. The version comes from -i 3.X
 * (3.Xt: free-threaded) with --target, or --set version=3.X; an abi3 build
 * without one uses the oldest local CPython at least as new as the floor.
 */
#include "target_cross.h"
#include "discover.h"
#include "interp.h"
#include "windows_toolchain.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../formats/patchlevel.h"
#include "../platform/proc.h"

#include <stdlib.h>
#include <string.h>

/* How many minor versions past an abi3 floor we look for headers. */
#define HEADER_SEARCH_SPAN 16

static void set_field(char **slot, const char *value)
{
	char *copy = xstrdup(value);

	free(*slot);
	*slot = copy;
}

/* The version of the headers in dir, from its patchlevel.h. */
static int headers_version(const char *dir, struct patchlevel *pl, struct err *e)
{
	struct strbuf path = STRBUF_INIT;
	int rc = -1;

	path_join(&path, dir, "Python.h");
	if (!is_regular_file(path.buf)) {
		err_set(e, "no 'Python.h' in '%s'", dir);
		goto out;
	}
	sb_reset(&path);
	path_join(&path, dir, "patchlevel.h");
	rc = patchlevel_load(path.buf, pl, e);
out:
	sb_release(&path);
	return rc;
}

/* A local CPython named name (e.g. "3.11") with headers of version 3.minor. */
static int try_interpreter(const char *name, int minor, char **include_dir)
{
	struct interp ip;
	struct err ignore = ERR_INIT;
	struct patchlevel pl;
	char *path = discover_resolve_name(name);
	int found = 0;

	if (!path)
		return 0;
	free(path);
	interp_init(&ip);
	if (!interp_query_one(&ip, name, &ignore) &&
	    !strcmp(ip.target.implementation, "cpython") &&
	    *ip.target.include_dir &&
	    !headers_version(ip.target.include_dir, &pl, &ignore) &&
	    pl.major == 3 && pl.minor == minor) {
		*include_dir = xstrdup(ip.target.include_dir);
		found = 1;
	}
	interp_release(&ip);
	err_release(&ignore);
	return found;
}

/* Headers of exactly 3.minor: a plain build first, then a free-threaded one. */
static int find_headers_of(int minor, char **include_dir)
{
	char name[16];

	snprintf(name, sizeof(name), "3.%d", minor);
	if (try_interpreter(name, minor, include_dir))
		return 1;
	snprintf(name, sizeof(name), "3.%dt", minor);
	return try_interpreter(name, minor, include_dir);
}

/* The version wanted, and the lowest acceptable one when only a floor is known. */
struct wanted {
	int minor;		/* 3.minor exactly; -1 when any */
	int floor;		/* the abi3 floor's minor; -1 when none */
	const char *text;	/* as written, for messages */
};

static int find_headers(const struct wanted *w, char **include_dir, struct err *e)
{
	int minor;

	if (w->minor >= 0) {
		if (find_headers_of(w->minor, include_dir))
			return 0;
		err_set(e, "no C headers of Python %s on this machine for the Windows target", w->text);
		return err_hint(e, "install CPython %s (its headers are used with a Windows pyconfig.h), "
			 "or give a folder holding Python.h with --set include_dir=DIR", w->text);
	}
	for (minor = w->floor; minor < w->floor + HEADER_SEARCH_SPAN; minor++)
		if (find_headers_of(minor, include_dir))
			return 0;
	err_set(e, "no C headers of Python %s or newer on this machine for the Windows target", w->text);
	return err_hint(e, "install a CPython at least as new as the abi3 floor, "
		 "or give a folder holding Python.h with --set include_dir=DIR");
}

/* "3.11", or "3.13t" (-i with --target) for a free-threaded build. */
static int parse_wanted_version(struct target *t, const char *text, int *minor,
				struct err *e)
{
	char plain[16];
	size_t n = strlen(text);
	int major, threaded = n > 1 && text[n - 1] == 't';

	if (n >= sizeof(plain))
		return err_set(e, "bad Python version '%s' for a Windows target", text);
	memcpy(plain, text, n - threaded);
	plain[n - threaded] = '\0';
	if (parse_version(plain, &major, minor) || major != 3)
		return err_set(e, "bad Python version '%s' for a Windows target", text);
	if (threaded)
		t->gil_disabled = 1;
	return 0;
}

static int parse_wanted(struct target *t, const struct cross_opts *o,
			struct wanted *w, struct err *e)
{
	const char *floor = *t->abi3 ? t->abi3 : o->abi3 ? o->abi3 : o->limited_api;
	int major;

	w->minor = w->floor = -1;
	w->text = NULL;
	if (*t->version || o->version) {
		w->text = *t->version ? t->version : o->version;
		if (parse_wanted_version(t, w->text, &w->minor, e))
			return -1;
	}
	if (floor && *floor && strcmp(floor, "true")) {
		if (parse_version(floor, &major, &w->floor) || major != 3)
			return err_set(e, "bad abi3 floor '%s'", floor);
		if (!w->text)
			w->text = floor;
	}
	return 0;
}

/* include_dir: the one stated, else found; its patchlevel.h must agree. */
static int resolve_headers(struct target *t, const struct wanted *w, int *minor,
			   struct err *e)
{
	struct patchlevel pl;
	char *dir = NULL;

	if (*t->include_dir) {
		dir = os_realpath(t->include_dir);
		if (!dir)
			return err_set(e, "include_dir '%s' does not exist", t->include_dir);
	} else if (w->minor < 0 && w->floor < 0) {
		err_set(e, "a Windows target needs the Python version to build for");
		return err_hint(e, "give -i 3.X (or --set version=3.X), or --abi3 3.X (or limited-api in pyproject.toml) for the stable ABI");
	} else if (find_headers(w, &dir, e)) {
		return -1;
	}
	if (headers_version(dir, &pl, e))
		goto fail;
	if (pl.major != 3 || (w->minor >= 0 && pl.minor != w->minor)) {
		err_set(e, "the headers in '%s' are Python %d.%d, not %s", dir,
			pl.major, pl.minor, w->text);
		goto fail;
	}
	if (w->minor < 0 && pl.minor < w->floor) {
		err_set(e, "the headers in '%s' are Python %d.%d, older than the abi3 floor %s",
			dir, pl.major, pl.minor, w->text);
		goto fail;
	}
	set_field(&t->include_dir, dir);
	free(dir);
	*minor = pl.minor;
	return 0;
fail:
	free(dir);
	return -1;
}

int target_windows_init(struct target *t, const struct triple *tr,
			const struct cross_opts *o, struct err *e)
{
	struct wanted w;
	char version[16];
	int minor = -1;

	if (!tr->pe_machine || !*tr->win_tag)
		return err_set(e, "'%s' is not a Windows target wheelwright can build for", tr->name);
	if (o->sysroot || o->cross_lib_dir || o->sysconfigdata)
		return err_set(e, "--sysroot, --cross-lib-dir and --sysconfigdata do not apply to Windows target '%s'",
			       tr->name);
	if (parse_wanted(t, o, &w, e) || resolve_headers(t, &w, &minor, e))
		return -1;
	snprintf(version, sizeof(version), "3.%d", minor);
	set_field(&t->implementation, "cpython");
	set_field(&t->version, version);
	set_field(&t->os, "windows");
	set_field(&t->arch, tr->cpu);
	set_field(&t->byteorder, tr->byteorder);
	set_field(&t->platform_tag, tr->win_tag);
	t->pointer_width = tr->pointer_width;
	t->shared = 1;
	if (!*t->cc && windows_toolchain_choose(t, tr, e))
		return -1;
	return 0;
}
