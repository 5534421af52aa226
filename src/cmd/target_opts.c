#include "target_opts.h"
#include "../base/xalloc.h"
#include "../core/discover.h"
#include "../core/interp.h"
#include "../core/target_cross.h"

#include <stdlib.h>
#include <string.h>

const char target_opts_help[] =
	"target options:\n"
	"  -i, --interpreter PY   build for this interpreter (repeatable): a path or a\n"
	"                         name such as python3.12, 3.12, 3.13t, pypy3\n"
	"  --all-pythons          every interpreter 'list-python' finds\n"
	"  --config-file FILE     a target configuration file (key=value, or PyO3's\n"
	"                         PYO3_CONFIG_FILE form) (repeatable)\n"
	"  --set KEY=VALUE        override one field of every target (repeatable)\n"
	"  --abi3 3.X             build for the stable ABI with floor 3.X\n"
	"  --target TRIPLE        cross-compile for TRIPLE (GNU or Rust form:\n"
	"                         aarch64-linux-gnu, armv7-unknown-linux-gnueabihf,\n"
	"                         aarch64-pc-windows-msvc, ...); a Windows target\n"
	"                         needs -i 3.X, or --abi3 (docs/windows.md)\n"
	"  --sysroot DIR          the target's root file system, holding its Python\n"
	"  --cross-lib-dir DIR    the target Python's lib folder (with _sysconfigdata)\n"
	"  --sysconfigdata FILE   the target's _sysconfigdata_*.py itself\n"
	"  with --target, -i 3.X picks the target's Python 3.X (repeatable)\n";

void target_opts_init(struct target_opts *o)
{
	memset(o, 0, sizeof(*o));
}

void target_opts_release(struct target_opts *o)
{
	free(o->interpreters);
	free(o->config_files);
	free(o->sets);
	memset(o, 0, sizeof(*o));
}

static void push(const char ***list, size_t *n, size_t *alloc, const char *v)
{
	ALLOC_GROW(*list, *n + 1, *alloc);
	(*list)[(*n)++] = v;
}

int target_opts_match(struct args *a, struct target_opts *o, struct err *e)
{
	const char *v;

	if (args_is(a, "interpreter", "i")) {
		if (args_value(a, &v, e))
			return -1;
		push(&o->interpreters, &o->n_interpreters, &o->alloc_interpreters, v);
	} else if (args_is(a, "config-file", NULL)) {
		if (args_value(a, &v, e))
			return -1;
		push(&o->config_files, &o->n_config_files, &o->alloc_config_files, v);
	} else if (args_is(a, "set", NULL)) {
		if (args_value(a, &v, e))
			return -1;
		if (!strchr(v, '='))
			return err_set(e, "--set needs KEY=VALUE, not '%s'", v);
		push(&o->sets, &o->n_sets, &o->alloc_sets, v);
	} else if (args_is(a, "all-pythons", NULL)) {
		o->all_pythons = 1;
	} else if (args_is(a, "abi3", NULL)) {
		if (args_value(a, &o->abi3, e))
			return -1;
	} else if (args_is(a, "target", NULL)) {
		if (args_value(a, &o->triple, e))
			return -1;
	} else if (args_is(a, "sysroot", NULL)) {
		if (args_value(a, &o->sysroot, e))
			return -1;
	} else if (args_is(a, "cross-lib-dir", NULL)) {
		if (args_value(a, &o->cross_lib_dir, e))
			return -1;
	} else if (args_is(a, "sysconfigdata", NULL)) {
		if (args_value(a, &o->sysconfigdata, e))
			return -1;
	} else {
		return 0;
	}
	return 1;
}

struct target_list {
	struct target *items;
	size_t n, alloc;
};

/* CPython without free threading, at least as new as the floor. */
static int has_stable_abi(const struct target *t, const char *floor)
{
	int maj, min, fmaj, fmin;

	return !strcmp(t->implementation, "cpython") && !t->gil_disabled &&
	       !strchr(t->abiflags, 't') && !parse_version(t->version, &maj, &min) &&
	       !parse_version(floor, &fmaj, &fmin) && min >= fmin;
}

/* --set KEY=VALUE, in order. */
static int apply_sets(const struct target_opts *o, struct target *t,
		      struct err *e)
{
	size_t i;

	for (i = 0; i < o->n_sets; i++) {
		const char *eq = strchr(o->sets[i], '=');
		char *key = xstrndup(o->sets[i], (size_t)(eq - o->sets[i]));
		int rc = target_set(t, key, eq + 1, e);

		free(key);
		if (rc) {
			err_prefix(e, "--set '%s'", o->sets[i]);
			return -1;
		}
	}
	return 0;
}

/*
 * Environment (unless the caller applied it already), then --set, then
 * --abi3, then derive and hash.
 */
static int finish_target(const struct target_opts *o, struct target *t,
			 const char *origin, int env_applied, struct err *e)
{
	if (!env_applied)
		target_apply_env(t);
	if (o->launcher && *o->launcher) {
		struct strbuf cc = STRBUF_INIT;

		target_default_cc(t);
		if (!starts_with(t->cc, o->launcher) ||
		    (t->cc[strlen(o->launcher)] != ' ' && t->cc[strlen(o->launcher)]))
			sb_addf(&cc, "%s %s", o->launcher, t->cc);
		else
			sb_adds(&cc, t->cc);
		target_set(t, "cc", cc.buf, e);
		sb_release(&cc);
	}
	if (apply_sets(o, t, e))
		return -1;
	if (o->abi3 && target_set(t, "abi3", o->abi3, e)) {
		err_prefix(e, "--abi3");
		return -1;
	}
	if (!o->abi3 && o->abi3_if_possible && !*t->abi3 && has_stable_abi(t, o->abi3_if_possible))
		target_set(t, "abi3", o->abi3_if_possible, e);
	if (target_finish(t, e)) {
		if (!e->file)
			err_prefix(e, "%s", origin);
		return -1;
	}
	return 0;
}

static struct target *new_item(struct target_list *l)
{
	ALLOC_GROW(l->items, l->n + 1, l->alloc);
	target_init(&l->items[l->n]);
	return &l->items[l->n++];
}

/* Every -i is asked at once: a multi-Python build waits for the slowest only. */
static int add_interpreters(const struct target_opts *o, struct target_list *l,
			    const char *const *names, size_t n, struct err *e)
{
	struct interp *ips = xcalloc(n + 1, sizeof(*ips));
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++)
		interp_init(&ips[i]);
	if (interp_query_many(ips, names, n, e))
		rc = -1;
	for (i = 0; i < n; i++) {
		if (!rc) {
			struct target *t = new_item(l);

			target_release(t);
			target_copy(t, &ips[i].target);
			rc = finish_target(o, t, names[i], 0, e);
		}
		interp_release(&ips[i]);
	}
	free(ips);
	return rc;
}

static int add_all_pythons(const struct target_opts *o, struct target_list *l,
			   struct err *e)
{
	struct interp *ips;
	size_t n, i;
	int rc = 0;

	discover_all(&ips, &n);
	for (i = 0; i < n; i++) {
		if (!rc && ips[i].supported) {
			struct target *t = new_item(l);

			target_release(t);
			target_copy(t, &ips[i].target);
			rc = finish_target(o, t, ips[i].path, 0, e);
		}
		interp_release(&ips[i]);
	}
	free(ips);
	if (!rc && !l->n)
		rc = err_set(e, "--all-pythons: no usable interpreter found");
	return rc;
}

static int add_config_file(const struct target_opts *o, struct target_list *l,
			   const char *path, struct err *e)
{
	struct target *t = new_item(l);

	if (target_load_file(t, path, e))
		return -1;
	return finish_target(o, t, path, 0, e);
}

/* "3.11" or "3.13t": a version of the target's Python, for -i with --target. */
static int is_cross_version(const char *v)
{
	size_t n = strlen(v);
	char *plain = xstrndup(v, n && v[n - 1] == 't' ? n - 1 : n);
	int maj, min, ok = !parse_version(plain, &maj, &min) && maj == 3;

	free(plain);
	return ok;
}

static void cross_opts_of(const struct target_opts *o, const char *version,
			  struct cross_opts *co)
{
	memset(co, 0, sizeof(*co));
	co->sysroot = o->sysroot;
	co->cross_lib_dir = o->cross_lib_dir;
	co->sysconfigdata = o->sysconfigdata;
	co->version = version;
	co->abi3 = o->abi3;
	co->limited_api = o->abi3_if_possible;
}

/* --target: a target described by data, never by running its Python. */
static int add_cross_one(const struct target_opts *o, const struct triple *tr,
			 const char *version, struct target_list *l,
			 struct err *e)
{
	struct cross_opts co;
	struct target *t = new_item(l);
	int rc;

	cross_opts_of(o, version, &co);
	/* The builders see what the user stated (target_cross.h). */
	target_apply_env(t);
	if (apply_sets(o, t, e))
		return -1;
	if (!strcmp(tr->os, "windows"))
		rc = target_windows_init(t, tr, &co, e);
	else
		rc = target_cross_init(t, tr, &co, e);
	if (rc)
		return -1;
	return finish_target(o, t, o->triple, 1, e);
}

/* With --target, each -i names a version of the target's Python. */
static int add_cross(const struct target_opts *o, struct target_list *l,
		     struct err *e)
{
	const struct triple *tr;
	size_t i;

	if (triple_lookup(o->triple, &tr, e))
		return -1;
	for (i = 0; i < o->n_interpreters; i++) {
		if (!is_cross_version(o->interpreters[i])) {
			err_set(e, "with --target, -i names a version of the "
				"target's Python, not '%s'", o->interpreters[i]);
			return err_hint(e, "such as '-i 3.11', or '-i 3.13t' for "
					"a free-threaded build; the target's "
					"interpreter is never run");
		}
		if (add_cross_one(o, tr, o->interpreters[i], l, e))
			return -1;
	}
	return o->n_interpreters ? 0 : add_cross_one(o, tr, NULL, l, e);
}

int target_opts_explain(const struct target_opts *o, const struct target *t,
			struct strbuf *out, struct err *e)
{
	const struct triple *tr;
	struct cross_opts co;
	struct strbuf version = STRBUF_INIT;
	int rc;

	if (!o->triple || *t->executable || !(tr = triple_find(o->triple)) ||
	    !strcmp(tr->os, "windows"))
		return 0;
	/* The exact version finds the same file again. */
	sb_addf(&version, "%s%s", t->version, t->gil_disabled ? "t" : "");
	cross_opts_of(o, version.buf, &co);
	rc = target_cross_explain(tr, &co, out, e);
	sb_release(&version);
	return rc;
}

int target_opts_resolve(const struct target_opts *o, struct target **out,
			size_t *n, struct err *e)
{
	struct target_list l = { NULL, 0, 0 };
	size_t i;
	int rc = 0;

	if (o->n_interpreters && !o->triple)
		rc = add_interpreters(o, &l, o->interpreters, o->n_interpreters, e);
	for (i = 0; !rc && i < o->n_config_files; i++)
		rc = add_config_file(o, &l, o->config_files[i], e);
	if (!rc && o->all_pythons)
		rc = add_all_pythons(o, &l, e);
	if (!rc && o->triple)
		rc = add_cross(o, &l, e);
	else if (!rc && (o->sysroot || o->cross_lib_dir || o->sysconfigdata))
		rc = err_set(e, "--sysroot, --cross-lib-dir and --sysconfigdata need --target TRIPLE");
	if (!rc && !l.n) {
		static const char *const dflt[] = { "python3" };

		rc = add_interpreters(o, &l, dflt, 1, e);
	}
	if (rc) {
		for (i = 0; i < l.n; i++)
			target_release(&l.items[i]);
		free(l.items);
		return -1;
	}
	*out = l.items;
	*n = l.n;
	return 0;
}
