/*
 * A cross target's configuration from the target's own data (DESIGN.md
 * invariant 2). The names that decide whether a module imports (EXT_SUFFIX,
 * SOABI) are taken from the target's sysconfigdata as they are, never
 * rebuilt from a CPU name (MISSION.md failure 4: an armhf module is
 * `.cpython-311-arm-linux-gnueabihf.so` whatever HOST_GNU_TYPE or the CPU
 * says); the platform tag comes from the triple table's CPU.
 *
 * Every fact is filled through one function that can also record where it
 * came from, so `config --explain` shows exactly what the build uses.
 */
#include "target_cross.h"
#include "target_cross_check.h"
#include "sysroot.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../platform/proc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Fields copied as they are from the target's variables. */
static const struct {
	const char *field;
	const char *var;
} from_vars[] = {
	{ "version", "VERSION" },
	{ "abiflags", "ABIFLAGS" },
	{ "soabi", "SOABI" },
	{ "ext_suffix", "EXT_SUFFIX" },
	{ "multiarch", "MULTIARCH" },
	{ "shared", "Py_ENABLE_SHARED" },
	{ "gil_disabled", "Py_GIL_DISABLED" },
	{ "debug", "Py_DEBUG" },
};

/*
 * What is being filled, where the "why" lines go (NULL: nowhere), and the
 * first error: a value the configuration cannot hold (a path with a line
 * break) stops the filling.
 */
struct filler {
	struct target *t;
	const struct triple *tr;
	const struct sysroot_python *py;
	struct strbuf *why;
	struct err *e;
	int failed;
};

static void because(struct filler *f, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void because(struct filler *f, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!f->why)
		return;
	sb_addf(f->why, "%s: ", field);
	va_start(ap, fmt);
	sb_vaddf(f->why, fmt, ap);
	va_end(ap);
	sb_addc(f->why, '\n');
}

static const char *var(const struct filler *f, const char *name)
{
	const struct pyvar *v = pyvars_find(&f->py->vars, name);

	return v && v->kind != PYVAL_NONE ? v->text : NULL;
}

static void put(struct filler *f, const char *field, const char *value)
{
	if (f->failed || !target_set(f->t, field, value, f->e))
		return;
	err_prefix(f->e, "'%s'", f->py->config_file);
	f->failed = 1;
}

static void fill_from_vars(struct filler *f)
{
	size_t i;

	for (i = 0; i < sizeof(from_vars) / sizeof(from_vars[0]); i++) {
		const char *value = var(f, from_vars[i].var);

		if (!value)
			continue;
		put(f, from_vars[i].field, value);
		because(f, from_vars[i].field, "%s", from_vars[i].var);
	}
	if (!f->failed && (!*f->t->version || !*f->t->ext_suffix)) {
		f->failed = 1;
		err_set(f->e, "'%s' has no %s: it does not describe a Python "
			       "installation", f->py->config_file,
			       *f->t->version ? "EXT_SUFFIX" : "VERSION");
	}
}

/* build-details.json names its implementation; sysconfigdata is CPython's. */
static void fill_implementation(struct filler *f)
{
	const char *name = var(f, "implementation.name");

	put(f, "implementation", name ? name : "cpython");
	because(f, "implementation", "%s", name ? "implementation.name"
		: "a sysconfigdata file is CPython's");
}

/* SIZEOF_VOID_P when the data says it (the finder checked it), else the
 * triple's width. */
static void fill_pointer_width(struct filler *f)
{
	const char *size = var(f, "SIZEOF_VOID_P");

	if (size && (!strcmp(size, "4") || !strcmp(size, "8"))) {
		f->t->pointer_width = atoi(size) * 8;
		because(f, "pointer_width", "SIZEOF_VOID_P");
	} else {
		f->t->pointer_width = f->tr->pointer_width;
		because(f, "pointer_width", "the triple table's row '%s'",
			f->tr->name);
	}
}

/* "libpython3.11.so" / "libpython3.13t.a" -> "python3.11" / "python3.13t". */
static void fill_lib_name(struct filler *f)
{
	const char *ldlibrary = var(f, "LDLIBRARY");
	const char *ldversion = var(f, "LDVERSION");
	struct strbuf sb = STRBUF_INIT;
	const char *end;

	if (ldlibrary && starts_with(ldlibrary, "lib") &&
	    ((end = strstr(ldlibrary, ".so")) || (end = strstr(ldlibrary, ".a")))) {
		sb_add(&sb, ldlibrary + 3, (size_t)(end - ldlibrary - 3));
		because(f, "lib_name", "LDLIBRARY");
	} else if (ldversion && *ldversion) {
		sb_addf(&sb, "python%s", ldversion);
		because(f, "lib_name", "LDVERSION");
	} else {
		sb_addf(&sb, "python%s%s", f->t->version, f->t->abiflags);
		because(f, "lib_name", "VERSION and ABIFLAGS");
	}
	put(f, "lib_name", sb.buf);
	sb_release(&sb);
}

/* INCLUDEPY and LIBDIR as found on this machine (inside the sysroot). */
static void fill_paths(struct filler *f)
{
	const struct sysroot_python *py = f->py;

	put(f, "include_dir", py->include_dir);
	because(f, "include_dir", "INCLUDEPY '%s', found at '%s'",
		var(f, "INCLUDEPY"), py->include_dir);
	if (strcmp(py->pyconfig_dir, py->include_dir)) {
		put(f, "platinclude_dir", py->pyconfig_dir);
		if (py->multiarch_include_root)
			because(f, "platinclude_dir", "the target's own pyconfig.h "
				"for MULTIARCH '%s' (INCLUDEPY's pyconfig.h only "
				"includes it)", var(f, "MULTIARCH"));
		else
			because(f, "platinclude_dir", "the folder of the target's "
				"pyconfig.h");
	}
	if (py->lib_dir) {
		put(f, "lib_dir", py->lib_dir);
		because(f, "lib_dir", "LIBDIR '%s', found at '%s'",
			var(f, "LIBDIR"), py->lib_dir);
	} else {
		because(f, "lib_dir", "none: LIBDIR '%s' is not there",
			var(f, "LIBDIR") ? var(f, "LIBDIR") : "");
	}
}

/* The machine: the triple table's row, where the data does not say. */
static void fill_machine(struct filler *f)
{
	struct target *t = f->t;
	struct strbuf tag = STRBUF_INIT;

	put(f, "os", f->tr->os);
	put(f, "arch", f->tr->cpu);
	put(f, "byteorder", f->tr->byteorder);
	because(f, "os, arch, byteorder", "the triple table's row '%s'",
		f->tr->name);
	if (!*t->multiarch && *f->tr->multiarch) {
		put(f, "multiarch", f->tr->multiarch);
		because(f, "multiarch", "the triple table's row '%s' (the data "
			"has no MULTIARCH)", f->tr->name);
	}
	if (!strcmp(f->tr->os, "linux")) {
		sb_addf(&tag, "linux_%s", f->tr->cpu);
		put(f, "platform_tag", tag.buf);
		because(f, "platform_tag", "the CPU '%s' of the triple table's "
			"row '%s'", f->tr->cpu, f->tr->name);
	}
	sb_release(&tag);
}

static int installed(const char *program)
{
	char *path = os_find_program(program);

	free(path);
	return path != NULL;
}

/*
 * The target's GNU compiler when it is installed, else clang for the
 * target's triple (linking with lld: a machine without the GNU cross
 * compiler seldom has the GNU cross linker), else the GNU name, so that the
 * build says which compiler is missing. A compiler already stated (CC, or
 * --set cc=) is kept; CC of the environment also has the last word
 * (target_apply_env after this).
 */
static void fill_compiler(struct filler *f)
{
	struct strbuf cc = STRBUF_INIT, ldflags = STRBUF_INIT;
	const char *clang = installed("clang-14") ? "clang-14" : "clang";

	if (*f->t->cc) {
		because(f, "cc", "stated by the user");
		return;
	}
	sb_addf(&cc, "%sgcc", f->tr->gnu_prefix);
	if (*f->tr->gnu_prefix && installed(cc.buf)) {
		because(f, "cc", "'%s' is installed (the triple's GNU tool "
			"prefix)", cc.buf);
	} else if (installed(clang)) {
		sb_reset(&cc);
		sb_addf(&cc, "%s --target=%s", clang, f->tr->clang_target);
		sb_addf(&ldflags, "%s%s-fuse-ld=lld", f->t->ldflags,
			*f->t->ldflags ? " " : "");
		put(f, "ldflags", ldflags.buf);
		because(f, "cc", "no '%sgcc' installed: clang for the triple, "
			"linking with lld", f->tr->gnu_prefix);
	} else {
		because(f, "cc", "neither '%sgcc' nor clang is installed",
			f->tr->gnu_prefix);
	}
	put(f, "cc", cc.buf);
	sb_release(&cc);
	sb_release(&ldflags);
}

static int fill(struct target *t, const struct triple *tr,
		const struct sysroot_python *py, const char *sysroot,
		struct strbuf *why, struct err *e)
{
	struct filler f = { t, tr, py, why, e, 0 };

	because(&f, "data", "'%s' (upper-case names below are its variables)",
		py->config_file);
	fill_implementation(&f);
	fill_from_vars(&f);
	fill_pointer_width(&f);
	fill_lib_name(&f);
	fill_paths(&f);
	fill_machine(&f);
	if (sysroot) {
		put(&f, "sysroot", sysroot);
		because(&f, "sysroot", "--sysroot (compiles and links with "
			"--sysroot=%s)", sysroot);
	}
	fill_compiler(&f);
	return f.failed ? -1 : 0;
}

/*
 * A place named on the command line, made absolute: the compiler runs in
 * the project's folder and the configuration must not depend on where
 * wheelwright was started. Folders are resolved through links; a file
 * keeps its own name (Debian's two sysconfigdata names are a link and
 * its target, and messages should name the one the user gave).
 */
static int absolute_place(const char *what, const char *path, int want_dir,
			  char **out, struct err *e)
{
	char *dir, *base, *real;
	struct strbuf sb = STRBUF_INIT;

	*out = NULL;
	if (!path)
		return 0;
	if (!path_exists(path))
		return err_set(e, "%s '%s' does not exist", what, path);
	if (want_dir && !is_dir(path))
		return err_set(e, "%s '%s' is not a folder", what, path);
	if (!want_dir && is_dir(path))
		return err_set(e, "%s '%s' is a folder, not a file", what, path);
	dir = want_dir ? xstrdup(path) : path_dirname(path);
	real = realpath(dir, NULL);
	if (real && !want_dir) {
		base = path_basename(path);
		path_join(&sb, real, base);
		free(base);
		free(real);
		real = sb_detach(&sb, NULL);
	}
	free(dir);
	if (!real)
		return err_set(e, "%s '%s' cannot be resolved", what, path);
	*out = real;
	return 0;
}

struct places {
	char *sysroot, *cross_lib_dir, *sysconfigdata;
};

static void places_release(struct places *p)
{
	free(p->sysroot);
	free(p->cross_lib_dir);
	free(p->sysconfigdata);
}

static int resolve_places(const struct triple *tr, const struct cross_opts *o,
			  struct places *p, struct err *e)
{
	memset(p, 0, sizeof(*p));
	if (!o->sysroot && !o->cross_lib_dir && !o->sysconfigdata) {
		err_set(e, "cross-compiling for '%s' needs the target's Python "
			"configuration", tr->name);
		return err_hint(e, "give --sysroot DIR (the target's root file "
				"system, holding its python3 and libpython3.X-dev), "
				"--cross-lib-dir DIR or --sysconfigdata FILE");
	}
	if (absolute_place("sysroot", o->sysroot, 1, &p->sysroot, e) ||
	    absolute_place("cross lib dir", o->cross_lib_dir, 1, &p->cross_lib_dir, e) ||
	    absolute_place("sysconfigdata", o->sysconfigdata, 0, &p->sysconfigdata, e))
		return -1;
	return 0;
}

/* Finds the data, then fills t from it; why (if not NULL) gets the reasons. */
static int cross_fill(struct target *t, const struct triple *tr,
		      const struct cross_opts *o, struct strbuf *why,
		      struct err *e)
{
	struct places p;
	struct sysroot_query q;
	struct sysroot_python py;
	int rc = -1;

	sysroot_python_init(&py);
	if (resolve_places(tr, o, &p, e))
		goto out;
	q.sysroot = p.sysroot;
	q.cross_lib_dir = p.cross_lib_dir;
	q.sysconfigdata = p.sysconfigdata;
	q.triple = tr;
	q.version = o->version;
	if (sysroot_find_python(&q, &py, e) || cross_check_soabi(tr, &py, e) ||
	    sysroot_require_headers(&q, &py, e) || cross_check_pyconfig(tr, &py, e))
		goto out;
	rc = fill(t, tr, &py, p.sysroot, why, e);
out:
	sysroot_python_release(&py);
	places_release(&p);
	return rc;
}

int target_cross_init(struct target *t, const struct triple *tr,
		      const struct cross_opts *o, struct err *e)
{
	return cross_fill(t, tr, o, NULL, e);
}

int target_cross_explain(const struct triple *tr, const struct cross_opts *o,
			 struct strbuf *out, struct err *e)
{
	struct target t;
	int rc;

	target_init(&t);
	rc = cross_fill(&t, tr, o, out, e);
	if (!rc && getenv("CC") && *getenv("CC"))
		sb_addf(out, "cc: CC of the environment ('%s') replaces that\n",
			getenv("CC"));
	target_release(&t);
	return rc;
}
