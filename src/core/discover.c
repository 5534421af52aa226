#include "discover.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../platform/proc.h"

#include <ctype.h>
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const system_dirs[] = {
	"/usr/local/bin", "/usr/bin", "/bin", NULL,
};

/* python, python3, python3.X, python3.Xt, python3.Xd, python3.X-dbg, pypy, pypy3, pypy3.X */
int discover_is_python_name(const char *name)
{
	const char *p;

	if (starts_with(name, "python"))
		p = name + 6;
	else if (starts_with(name, "pypy"))
		p = name + 4;
	else
		return 0;
	if (!*p)
		return 1;
	if (*p == '2' || *p == '3')
		p++;
	else
		return 0;
	if (!*p)
		return 1;
	if (*p++ != '.' || !isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	if (!strcmp(p, "-dbg"))
		return 1;
	while (*p == 't' || *p == 'd' || *p == 'm')
		p++;
	return *p == '\0';
}

static char *home_path(const char *env, const char *fallback_under_home)
{
	const char *v = getenv(env);
	const char *home = getenv("HOME");
	struct strbuf sb = STRBUF_INIT;

	if (v && *v)
		return xstrdup(v);
	if (!home || !*home)
		return NULL;
	path_join(&sb, home, fallback_under_home);
	return sb_detach(&sb, NULL);
}

struct dirlist {
	char **dirs;
	size_t n, alloc;
};

static void add_dir(struct dirlist *dl, const char *dir)
{
	size_t i;

	for (i = 0; i < dl->n; i++)
		if (!strcmp(dl->dirs[i], dir))
			return;
	ALLOC_GROW(dl->dirs, dl->n + 1, dl->alloc);
	dl->dirs[dl->n++] = xstrdup(dir);
}

static void add_glob(struct dirlist *dl, const char *pattern)
{
	glob_t g;
	size_t i;

	if (glob(pattern, GLOB_NOSORT, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++)
			if (is_dir(g.gl_pathv[i]))
				add_dir(dl, g.gl_pathv[i]);
	}
	globfree(&g);
}

/* pyenv's shims only re-dispatch to its versions, which we list directly. */
static int is_pyenv_shims(const char *dir)
{
	return ends_with(dir, "/shims") && strstr(dir, "pyenv");
}

static void search_dirs(struct dirlist *dl, int with_path)
{
	const char *path = getenv("PATH");
	char *pyenv = home_path("PYENV_ROOT", ".pyenv");
	char *uv = home_path("UV_PYTHON_INSTALL_DIR", ".local/share/uv/python");
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	while (with_path && path && *path) {
		size_t len = strcspn(path, ":");

		sb_reset(&sb);
		sb_add(&sb, path, len);
		if (len && !is_pyenv_shims(sb.buf))
			add_dir(dl, sb.buf);
		path += len + (path[len] == ':');
	}
	if (pyenv) {
		sb_reset(&sb);
		path_join(&sb, pyenv, "versions/*/bin");
		add_glob(dl, sb.buf);
	}
	if (uv) {
		sb_reset(&sb);
		path_join(&sb, uv, "*/bin");
		add_glob(dl, sb.buf);
	}
	for (i = 0; system_dirs[i]; i++)
		add_dir(dl, system_dirs[i]);
	free(pyenv);
	free(uv);
	sb_release(&sb);
}

static void dirlist_release(struct dirlist *dl)
{
	size_t i;

	for (i = 0; i < dl->n; i++)
		free(dl->dirs[i]);
	free(dl->dirs);
}

int discover_is_pyenv_shim(const char *path)
{
	char *dir = path_dirname(path);
	int shim = is_pyenv_shims(dir);

	free(dir);
	return shim;
}

static char *resolve_name(const char *name, int shims);

/* The versions pyenv has selected: $PYENV_VERSION, .python-version up from here, or the global file. */
static void pyenv_versions(const char *root, struct strbuf *out)
{
	const char *env = getenv("PYENV_VERSION");
	struct strbuf path = STRBUF_INIT;
	struct err e = ERR_INIT;
	char *dir = os_realpath(".");

	if (env && *env) {
		sb_adds(out, env);
		goto done;
	}
	while (dir) {
		char *up;

		sb_reset(&path);
		path_join(&path, dir, ".python-version");
		if (!read_file(path.buf, out, &e))
			goto done;
		err_release(&e);
		if (!strcmp(dir, "/"))
			break;
		up = path_dirname(dir);
		free(dir);
		dir = up;
	}
	sb_reset(&path);
	path_join(&path, root, "version");
	read_file(path.buf, out, &e);
done:
	free(dir);
	sb_release(&path);
	err_release(&e);
}

/*
 * What a pyenv shim would run for name, found without running the shim (a
 * shell script that is slow, and fails for names its versions lack).
 */
static char *pyenv_shim_target(const char *shim_path, const char *name)
{
	char *shims = path_dirname(shim_path);
	char *root = path_dirname(shims);
	struct strbuf versions = STRBUF_INIT, cand = STRBUF_INIT;
	char *found = NULL, *v, *save = NULL;

	pyenv_versions(root, &versions);
	for (v = strtok_r(versions.buf, ": \t\r\n", &save); v && !found;
	     v = strtok_r(NULL, ": \t\r\n", &save)) {
		if (!strcmp(v, "system") || v[0] == '#')
			continue;
		sb_reset(&cand);
		sb_addf(&cand, "%s/versions/%s/bin/%s", root, v, name);
		if (os_is_executable(cand.buf))
			found = xstrdup(cand.buf);
	}
	free(shims);
	free(root);
	sb_release(&versions);
	sb_release(&cand);
	return found;
}

char *discover_resolve_name(const char *name)
{
	return resolve_name(name, 1);
}

char *discover_resolve_name_no_shims(const char *name)
{
	return resolve_name(name, 0);
}

static char *resolve_name(const char *name, int shims)
{
	struct dirlist dl = { NULL, 0, 0 };
	struct strbuf sb = STRBUF_INIT;
	char *found = NULL;
	size_t i;

	if (strchr(name, '/'))
		return path_exists(name) ? xstrdup(name) : NULL;
	if (isdigit((unsigned char)name[0]))
		sb_addf(&sb, "python%s", name);
	else
		sb_adds(&sb, name);
	/* What the name means in the user's shell first (pyenv shims too). */
	if (shims)
		found = os_find_program(sb.buf);
	if (found && discover_is_pyenv_shim(found)) {
		char *target = pyenv_shim_target(found, sb.buf);

		free(found);
		found = target;
	}
	search_dirs(&dl, 1);
	for (i = 0; i < dl.n && !found; i++) {
		struct strbuf cand = STRBUF_INIT;

		path_join(&cand, dl.dirs[i], sb.buf);
		if (os_is_executable(cand.buf))
			found = sb_detach(&cand, NULL);
		sb_release(&cand);
	}
	dirlist_release(&dl);
	sb_release(&sb);
	return found;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct file_id {
	dev_t dev;
	ino_t ino;
};

/* Hard links (pyenv's python3.7 and python3.7m) are one interpreter. */
struct candidates {
	struct interp *ips;
	struct file_id *ids;
	size_t n, alloc, ids_alloc;
};

static void add_candidate(struct candidates *c, const char *path)
{
	char *real = os_realpath(path);
	struct stat st;
	size_t i;

	if (!real || !os_is_executable(real) || stat(real, &st)) {
		free(real);
		return;
	}
	for (i = 0; i < c->n; i++) {
		if (c->ids[i].dev == st.st_dev && c->ids[i].ino == st.st_ino) {
			free(real);
			return;
		}
	}
	ALLOC_GROW(c->ids, c->n + 1, c->ids_alloc);
	c->ids[c->n].dev = st.st_dev;
	c->ids[c->n].ino = st.st_ino;
	ALLOC_GROW(c->ips, c->n + 1, c->alloc);
	interp_init(&c->ips[c->n]);
	c->ips[c->n].path = xstrdup(real);
	c->ips[c->n].real_path = real;
	c->n++;
}

static void scan_dir(struct candidates *c, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (discover_is_python_name(de->d_name)) {
			ALLOC_GROW(names, n + 1, alloc);
			names[n++] = xstrdup(de->d_name);
		}
	closedir(d);
	/* Sorted, so that which of two links is kept never depends on readdir. */
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;

		path_join(&sb, dir, names[i]);
		add_candidate(c, sb.buf);
		sb_release(&sb);
		free(names[i]);
	}
	free(names);
}

static int version_key(const struct interp *ip, int *maj, int *min)
{
	const char *v = ip->full_version ? ip->full_version : "";

	*maj = *min = 0;
	return sscanf(v, "%d.%d", maj, min) == 2 ? 0 : -1;
}

static int cmp_interps(const void *pa, const void *pb)
{
	const struct interp *a = pa, *b = pb;
	int amaj, amin, bmaj, bmin, c;

	version_key(a, &amaj, &amin);
	version_key(b, &bmaj, &bmin);
	c = strcmp(a->supported ? a->target.implementation : "~",
		   b->supported ? b->target.implementation : "~");
	if (c)
		return c;
	if (amaj != bmaj)
		return amaj - bmaj;
	if (amin != bmin)
		return amin - bmin;
	c = strcmp(a->supported ? a->target.abiflags : "",
		   b->supported ? b->target.abiflags : "");
	return c ? c : strcmp(a->path, b->path);
}

/*
 * Two paths can be one interpreter even when their links differ (a wrapper
 * script, a venv's python): fold those by the executable they report.
 */
static void fold_same_executable(struct candidates *c)
{
	size_t i, j, out = 0;

	for (i = 0; i < c->n; i++) {
		struct interp *ip = &c->ips[i];
		char *exe = ip->supported && *ip->target.executable ?
			    os_realpath(ip->target.executable) : NULL;
		int dup = 0;

		for (j = 0; exe && j < out; j++) {
			struct interp *kept = &c->ips[j];
			char *kexe = kept->supported ? os_realpath(kept->target.executable) : NULL;

			dup = kexe && !strcmp(kexe, exe) &&
			      !strcmp(kept->target.hash, ip->target.hash);
			free(kexe);
			if (dup)
				break;
		}
		free(exe);
		if (dup) {
			interp_release(ip);
			continue;
		}
		if (out != i)
			c->ips[out] = *ip;
		out++;
	}
	c->n = out;
}

void discover_all(struct interp **out, size_t *n)
{
	struct dirlist dl = { NULL, 0, 0 };
	struct candidates c = { NULL, NULL, 0, 0, 0 };
	size_t i, parallel = (size_t)os_cpu_count() * 4;

	search_dirs(&dl, 1);
	for (i = 0; i < dl.n; i++)
		scan_dir(&c, dl.dirs[i]);
	dirlist_release(&dl);
	interp_query_all(c.ips, c.n, parallel);
	free(c.ids);
	c.ids = NULL;
	fold_same_executable(&c);
	if (c.n)
		qsort(c.ips, c.n, sizeof(*c.ips), cmp_interps);
	*out = c.ips;
	*n = c.n;
}
