/*
 * The search for a target's configuration files (see sysroot.h): collect
 * every candidate, read it, then narrow the list down, remembering why each
 * one was set aside so that a failed search can say what it saw.
 */
#include "sysroot.h"
#include "sysroot_headers.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../formats/build_details.h"
#include "../formats/sysconfigdata.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

struct candidate {
	char *path;
	struct pyvars vars;
	int is_json;
	struct strbuf why;	/* why it was set aside; empty while in */
};

struct search {
	const struct sysroot_query *q;
	struct candidate *c;
	size_t nr, alloc;
	struct strbuf notes;	/* folders that held nothing, one a line */
	struct strbuf seen;	/* real paths of the folders scanned, NUL-ended */
};

static const char *get(const struct candidate *c, const char *name)
{
	const char *v = pyvars_get(&c->vars, name);

	return v ? v : "";
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of dir accepted by want(), sorted; *nr of them. */
static char **list_dir(const char *dir, int (*want)(const char *, const char *),
		       size_t *nr)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t alloc = 0;

	*nr = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		if (!want(dir, de->d_name))
			continue;
		ALLOC_GROW(names, *nr + 1, alloc);
		names[(*nr)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*nr)
		qsort(names, *nr, sizeof(*names), cmp_names);
	return names;
}

static void free_names(char **names, size_t nr)
{
	while (nr)
		free(names[--nr]);
	free(names);
}

static int is_config_name(const char *dir, const char *name)
{
	(void)dir;
	return (starts_with(name, "_sysconfigdata_") && ends_with(name, ".py")) ||
	       !strcmp(name, "build-details.json");
}

static int is_python_dir(const char *dir, const char *name)
{
	struct strbuf path = STRBUF_INIT;
	int ok;

	if (!starts_with(name, "python3"))
		return 0;
	path_join(&path, dir, name);
	ok = is_dir(path.buf);
	sb_release(&path);
	return ok;
}

static int load_file(const char *path, int is_json, struct pyvars *vars,
		     struct err *e)
{
	return is_json ? build_details_load(path, vars, e)
		       : sysconfigdata_load(path, vars, e);
}

static void add_candidate(struct search *s, const char *path)
{
	struct candidate *c;
	struct err e = ERR_INIT;

	ALLOC_GROW(s->c, s->nr + 1, s->alloc);
	c = &s->c[s->nr++];
	c->path = xstrdup(path);
	pyvars_init(&c->vars);
	sb_init(&c->why);
	c->is_json = ends_with(path, ".json");
	if (load_file(path, c->is_json, &c->vars, &e) < 0) {
		sb_adds(&c->why, "not readable: ");
		if (e.line > 0)
			sb_addf(&c->why, "%d:%d: ", e.line, e.col);
		sb_add(&c->why, e.msg.buf, e.msg.len);
		err_release(&e);
	}
}

/* Reads every configuration file in dir; 0 if there is none. */
static int scan_python_dir(struct search *s, const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	size_t nr, i;
	char **names = list_dir(dir, is_config_name, &nr);

	for (i = 0; i < nr; i++) {
		sb_reset(&path);
		path_join(&path, dir, names[i]);
		add_candidate(s, path.buf);
	}
	free_names(names, nr);
	sb_release(&path);
	return nr != 0;
}

/* Whether dir is, through links, a folder already scanned. */
static int seen_before(struct search *s, const char *dir)
{
	char *real = realpath(dir, NULL);
	const char *p;
	int seen = 0;

	if (!real)
		return 0;
	for (p = s->seen.buf; p < s->seen.buf + s->seen.len; p += strlen(p) + 1)
		if (!strcmp(p, real))
			seen = 1;
	if (!seen)
		sb_add(&s->seen, real, strlen(real) + 1);
	free(real);
	return seen;
}

/* dir itself (when self is set) and its python3.X folders. */
static void scan_lib_dir(struct search *s, const char *dir, int self)
{
	struct strbuf path = STRBUF_INIT;
	size_t nr, i;
	char **names;
	int found = 0;

	if (!is_dir(dir)) {
		sb_addf(&s->notes, "  %s: no such folder\n", dir);
		return;
	}
	if (seen_before(s, dir))
		return;	/* merged /usr: lib is a link to usr/lib */
	if (self)
		found = scan_python_dir(s, dir);
	names = list_dir(dir, is_python_dir, &nr);
	for (i = 0; i < nr; i++) {
		sb_reset(&path);
		path_join(&path, dir, names[i]);
		if (scan_python_dir(s, path.buf))
			found = 1;
		else
			sb_addf(&s->notes, "  %s: no _sysconfigdata_*.py or "
				"build-details.json\n", path.buf);
	}
	if (!found && !nr)
		sb_addf(&s->notes, "  %s: no python3.X folder\n", dir);
	free_names(names, nr);
	sb_release(&path);
}

static void collect(struct search *s)
{
	static const char *const sysroot_libs[] = {
		"usr/lib", "usr/local/lib", "usr/lib64", "lib",
	};
	struct strbuf dir = STRBUF_INIT;
	size_t i;

	if (s->q->sysroot) {
		for (i = 0; i < sizeof(sysroot_libs) / sizeof(sysroot_libs[0]); i++) {
			sb_reset(&dir);
			path_join(&dir, s->q->sysroot, sysroot_libs[i]);
			scan_lib_dir(s, dir.buf, 0);
		}
	}
	if (s->q->cross_lib_dir) {
		scan_lib_dir(s, s->q->cross_lib_dir, 1);
		sb_reset(&dir);
		path_join(&dir, s->q->cross_lib_dir, "lib");
		if (is_dir(dir.buf))
			scan_lib_dir(s, dir.buf, 0);
	}
	sb_release(&dir);
}

static int is_debug(const struct candidate *c)
{
	return strchr(get(c, "ABIFLAGS"), 'd') || !strcmp(get(c, "Py_DEBUG"), "1");
}

static int is_free_threaded(const struct candidate *c)
{
	return strchr(get(c, "ABIFLAGS"), 't') ||
	       !strcmp(get(c, "Py_GIL_DISABLED"), "1");
}

static int is_in(const struct candidate *c)
{
	return c->why.len == 0;
}

/* The target's MULTIARCH and pointer width, where the file says them. */
static void check_target(const struct triple *t, struct candidate *c)
{
	const char *multiarch = get(c, "MULTIARCH");
	long size = strtol(get(c, "SIZEOF_VOID_P"), NULL, 10);
	int bits = size > 0 && size <= 16 ? (int)size * 8 : 0;

	if (!t || !is_in(c))
		return;
	if (*t->multiarch && *multiarch && strcmp(multiarch, t->multiarch))
		sb_addf(&c->why, "for '%s', not '%s'", multiarch, t->multiarch);
	else if (bits && bits != t->pointer_width)
		sb_addf(&c->why, "a %d-bit build, the target is %d-bit", bits,
			t->pointer_width);
}

static void check_version(const char *want, struct candidate *c)
{
	size_t n = want ? strlen(want) : 0;
	int want_t = n && want[n - 1] == 't';
	const char *version = get(c, "VERSION");

	if (!want || !is_in(c))
		return;
	if (strlen(version) != n - want_t || strncmp(version, want, n - want_t))
		sb_addf(&c->why, "Python %s, not %.*s", *version ? version : "(no VERSION)",
			(int)(n - want_t), want);
	else if (is_free_threaded(c) && !want_t)
		sb_addf(&c->why, "a free-threaded build (ask for '%st')", want);
	else if (!is_free_threaded(c) && want_t)
		sb_addf(&c->why, "not a free-threaded build");
}

/* Upstream's name for the file: _sysconfigdata_{ABIFLAGS}_{MACHDEP}_{MULTIARCH}.py */
static int has_upstream_name(const struct candidate *c)
{
	struct strbuf name = STRBUF_INIT;
	int yes;

	sb_addf(&name, "/_sysconfigdata_%s_%s_%s.py", get(c, "ABIFLAGS"),
		get(c, "MACHDEP"), get(c, "MULTIARCH"));
	yes = ends_with(c->path, name.buf);
	sb_release(&name);
	return yes;
}

static int preference(const struct candidate *c)
{
	return c->is_json ? 0 : has_upstream_name(c) ? 2 : 1;
}

static int same_config(const struct candidate *a, const struct candidate *b)
{
	static const char *const keys[] = {
		"VERSION", "ABIFLAGS", "MULTIARCH", "EXT_SUFFIX",
	};
	const char *sa = strrchr(a->path, '/'), *sb = strrchr(b->path, '/');
	size_t i;

	if (!sa || !sb || sa - a->path != sb - b->path ||
	    strncmp(a->path, b->path, (size_t)(sa - a->path)))
		return 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(get(a, keys[i]), get(b, keys[i])))
			return 0;
	return 1;
}

/* The same configuration under two names in one folder counts once. */
static void drop_copies(struct search *s)
{
	size_t i, j;

	for (i = 0; i < s->nr; i++) {
		for (j = 0; j < i && is_in(&s->c[i]); j++) {
			struct candidate *a = &s->c[j], *b = &s->c[i], *keep = a, *drop = b;

			if (!is_in(a) || !same_config(a, b))
				continue;
			if (preference(b) > preference(a))
				keep = b, drop = a;
			sb_addf(&drop->why, "the same configuration as '%s'", keep->path);
		}
	}
}

/* A debug or free-threaded build only when no default build is left. */
static void prefer_default(struct search *s)
{
	size_t i;
	int have_default = 0;

	if (s->q->version && ends_with(s->q->version, "t"))
		return;
	for (i = 0; i < s->nr; i++)
		if (is_in(&s->c[i]) && !is_debug(&s->c[i]) && !is_free_threaded(&s->c[i]))
			have_default = 1;
	for (i = 0; have_default && i < s->nr; i++) {
		struct candidate *c = &s->c[i];

		if (!is_in(c))
			continue;
		if (is_debug(c))
			sb_adds(&c->why, "a debug build");
		else if (is_free_threaded(c))
			sb_adds(&c->why, "a free-threaded build");
	}
}

static void narrow(struct search *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++) {
		check_target(s->q->triple, &s->c[i]);
		check_version(s->q->version, &s->c[i]);
	}
	drop_copies(s);
	prefer_default(s);
}

static void search_release(struct search *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++) {
		free(s->c[i].path);
		pyvars_release(&s->c[i].vars);
		sb_release(&s->c[i].why);
	}
	free(s->c);
	sb_release(&s->notes);
	sb_release(&s->seen);
}

/* "for 'T' in sysroot 'S'" and the like, for messages. */
static void describe_place(const struct sysroot_query *q, struct strbuf *out)
{
	if (q->triple)
		sb_addf(out, " for '%s'", q->triple->name);
	if (q->version)
		sb_addf(out, " (Python %s)", q->version);
	if (q->sysroot)
		sb_addf(out, " in sysroot '%s'", q->sysroot);
	if (q->cross_lib_dir)
		sb_addf(out, "%s '%s'", q->sysroot ? " or" : " in", q->cross_lib_dir);
}

static void install_hint(const struct sysroot_query *q, struct err *e)
{
	const struct triple *t = q->triple;
	const char *deb = t ? t->debian_arch : "";
	struct strbuf pkg = STRBUF_INIT;

	sb_addf(&pkg, "libpython%s-dev", q->version ? q->version : "3");
	if (*deb && q->sysroot)
		err_hint(e, "install the target's Python into the root: package "
			 "'%s:%s' (Debian multiarch), or make the root with "
			 "'debootstrap --arch=%s --include=%s'; or name the file "
			 "with --sysconfigdata", pkg.buf, deb, deb, pkg.buf);
	else
		err_hint(e, "point --sysconfigdata at the target's "
			 "_sysconfigdata_*.py or build-details.json, or "
			 "--cross-lib-dir at the lib folder of its installation");
	sb_release(&pkg);
}

static int report_none(const struct search *s, struct err *e)
{
	struct strbuf msg = STRBUF_INIT;
	size_t i;

	sb_adds(&msg, "no Python configuration");
	describe_place(s->q, &msg);
	sb_adds(&msg, "; considered:\n");
	for (i = 0; i < s->nr; i++)
		sb_addf(&msg, "  %s: %s\n", s->c[i].path, s->c[i].why.buf);
	sb_add(&msg, s->notes.buf, s->notes.len);
	sb_rtrim(&msg);
	err_set(e, "%s", msg.buf);
	install_hint(s->q, e);
	sb_release(&msg);
	return -1;
}

static int report_several(const struct search *s, struct err *e)
{
	struct strbuf msg = STRBUF_INIT;
	size_t i;

	sb_adds(&msg, "several Python configurations");
	describe_place(s->q, &msg);
	sb_addc(&msg, ':');
	for (i = 0; i < s->nr; i++) {
		const struct candidate *c = &s->c[i];

		if (is_in(c))
			sb_addf(&msg, "\n  %s: Python %s, ABIFLAGS '%s', EXT_SUFFIX '%s'",
				c->path, get(c, "VERSION"), get(c, "ABIFLAGS"),
				get(c, "EXT_SUFFIX"));
	}
	err_set(e, "%s", msg.buf);
	err_hint(e, "pick one with --sysconfigdata FILE, or ask for a Python "
		 "version with -i (such as '-i 3.11', or '-i 3.13t' for a "
		 "free-threaded build)");
	sb_release(&msg);
	return -1;
}

void sysroot_python_init(struct sysroot_python *py)
{
	memset(py, 0, sizeof(*py));
	pyvars_init(&py->vars);
}

void sysroot_python_release(struct sysroot_python *py)
{
	free(py->config_file);
	pyvars_release(&py->vars);
	free(py->include_dir);
	free(py->pyconfig_dir);
	free(py->multiarch_include_root);
	free(py->lib_dir);
	sysroot_python_init(py);
}

/* Moves candidate c into out and finds its headers and LIBDIR. */
static void take(const struct sysroot_query *q, struct candidate *c,
		 struct sysroot_python *out)
{
	out->config_file = c->path;
	out->vars = c->vars;
	c->path = NULL;
	pyvars_init(&c->vars);
	sysroot_locate_files(q, out);
}

/* --sysconfigdata: that file, which must still suit the target. */
static int load_explicit(const struct sysroot_query *q,
			 struct sysroot_python *out, struct err *e)
{
	struct candidate c;
	int r = 0;

	c.path = xstrdup(q->sysconfigdata);
	c.is_json = ends_with(c.path, ".json");
	pyvars_init(&c.vars);
	sb_init(&c.why);
	if (load_file(c.path, c.is_json, &c.vars, e) < 0) {
		r = -1;
	} else {
		check_target(q->triple, &c);
		if (!is_in(&c)) {
			err_set(e, "'%s' does not suit the target: it is %s",
				c.path, c.why.buf);
			r = err_hint(e, "name the target this file describes "
				     "with --target");
		} else {
			take(q, &c, out);
		}
	}
	free(c.path);
	pyvars_release(&c.vars);
	sb_release(&c.why);
	return r;
}

int sysroot_find_python(const struct sysroot_query *q,
			struct sysroot_python *out, struct err *e)
{
	struct search s = { q, NULL, 0, 0, STRBUF_INIT, STRBUF_INIT };
	size_t i, found = 0, last = 0;
	int r = 0;

	sysroot_python_init(out);
	if (q->sysconfigdata)
		return load_explicit(q, out, e);
	if (!q->sysroot && !q->cross_lib_dir)
		return err_set(e, "no sysroot, cross lib dir or sysconfigdata to "
			       "search for the target's Python");
	collect(&s);
	narrow(&s);
	for (i = 0; i < s.nr; i++)
		if (is_in(&s.c[i]))
			found++, last = i;
	if (found == 1)
		take(q, &s.c[last], out);
	else
		r = found ? report_several(&s, e) : report_none(&s, e);
	search_release(&s);
	return r;
}

static void missing_headers(const struct sysroot_query *q,
			    const struct sysroot_python *py, struct err *e)
{
	const char *include = pyvars_get(&py->vars, "INCLUDEPY");
	const char *multiarch = pyvars_get(&py->vars, "MULTIARCH");

	if (py->include_dir)
		err_set(e, "no pyconfig.h for '%s' beside '%s'",
			multiarch && *multiarch ? multiarch : "the target",
			py->include_dir);
	else if (!include || !*include)
		err_set(e, "'%s' has no INCLUDEPY: where are the target's headers?",
			py->config_file);
	else if (q->sysroot)
		err_set(e, "no Python.h in '%s' inside sysroot '%s'", include,
			q->sysroot);
	else
		err_set(e, "no Python.h in '%s' (INCLUDEPY of '%s')", include,
			py->config_file);
}

int sysroot_require_headers(const struct sysroot_query *q,
			    const struct sysroot_python *py, struct err *e)
{
	const char *version = pyvars_get(&py->vars, "VERSION");
	const char *deb = q->triple ? q->triple->debian_arch : "";

	if (py->include_dir && py->pyconfig_dir)
		return 0;
	missing_headers(q, py, e);
	if (!version || !*version)
		version = "3";
	if (*deb && q->sysroot)
		return err_hint(e, "install package 'libpython%s-dev:%s' into the "
				"root (or make it with 'debootstrap --arch=%s "
				"--include=libpython%s-dev')", version, deb, deb,
				version);
	return err_hint(e, "the target's Python development headers must be "
			"installed where its configuration says");
}
