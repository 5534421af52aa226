/*
 * Where each DT_NEEDED entry is satisfied: by a file of the wheel (found
 * through the search paths of the object or of the wheel objects that load
 * it, with $ORIGIN inside the wheel), or by a library of the system (found
 * as the loader would, ldsearch.h). The system search is lazy: a walk for
 * a policy only looks for the libraries that policy does not whitelist,
 * and remembers what it found in the objects for the next walk.
 */
#include "repair_internal.h"
#include "../base/fs.h"
#include "../base/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DF_1_NODEFLIB 0x800u

void repair_dirname(const char *arcname, struct strbuf *out)
{
	const char *slash = strrchr(arcname, '/');

	sb_reset(out);
	if (slash)
		sb_add(out, arcname, (size_t)(slash - arcname));
}

/*
 * Resolves "." and ".." in an absolute path in, lexically; -1 when it
 * climbs above "/".
 */
static int normalize(const char *in, struct strbuf *out)
{
	const char *p = in;

	sb_reset(out);
	while (*p) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (!n || (n == 1 && p[0] == '.')) {
			;
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash;

			if (!out->len)
				return -1;
			slash = strrchr(out->buf, '/');
			sb_setlen(out, (size_t)(slash - out->buf));
		} else {
			sb_addc(out, '/');
			sb_add(out, p, n);
		}
		p += n;
	}
	return 0;
}

/* The wheel object at arcname, or -1. */
static long wheel_obj_at(const struct repair_ctx *c, const char *arcname)
{
	size_t i;

	for (i = 0; i < c->nr_wheel_objs; i++)
		if (!strcmp(c->objs[i].name, arcname))
			return (long)i;
	return -1;
}

/* The wheel object name is found at through obj's path list, or -1. */
static long find_in_wheel(const struct repair_ctx *c, const struct repair_obj *obj,
			  const char *list, const char *name)
{
	struct strbuf origin = STRBUF_INIT, dir = STRBUF_INIT, norm = STRBUF_INIT;
	const char *p = list;
	long found = -1;

	/* The wheel's root stands for "/": $ORIGIN of "pkg/_m.so" is "/pkg". */
	sb_addc(&origin, '/');
	repair_dirname(obj->name, &dir);
	sb_add(&origin, dir.buf, dir.len);
	while (p && found < 0) {
		size_t n = strcspn(p, ":");

		sb_reset(&dir);
		if (*p == '$' && !ld_expand_entry(p, n, origin.buf, NULL, &dir) &&
		    !normalize(dir.buf, &norm) && norm.len) {
			sb_addf(&norm, "/%s", name);
			found = wheel_obj_at(c, norm.buf + 1);
		}
		p = p[n] ? p + n + 1 : NULL;
	}
	sb_release(&origin);
	sb_release(&dir);
	sb_release(&norm);
	return found;
}

static const char *own_path(const struct repair_obj *o)
{
	return o->ef.runpath ? o->ef.runpath : o->ef.rpath;
}

/*
 * The loader also searches the DT_RPATH of the objects that loaded this
 * one (when it has no DT_RUNPATH): the wheel objects that need it, and
 * theirs, up the chain. seen guards against loops.
 */
static long find_via_loaders(const struct repair_ctx *c, size_t obj,
			     const char *name, unsigned char *seen)
{
	size_t i, k;
	long found = -1;

	seen[obj] = 1;
	for (i = 0; i < c->nr_wheel_objs && found < 0; i++) {
		const struct repair_obj *l = &c->objs[i];

		for (k = 0; k < l->nr_needs && found < 0; k++) {
			if (l->needs[k].kind != NEED_WHEEL ||
			    l->needs[k].target != (long)obj || seen[i])
				continue;
			if (!l->ef.runpath && l->ef.rpath)
				found = find_in_wheel(c, l, l->ef.rpath, name);
			if (found < 0 && !l->ef.runpath)
				found = find_via_loaders(c, i, name, seen);
		}
	}
	return found;
}

/* Not yet found in the wheel (excluded ones too: see exclude.c). */
static int outside(const struct need *n)
{
	return n->kind == NEED_SYSTEM || n->kind == NEED_EXCLUDED;
}

void repair_resolve_in_wheel(struct repair_ctx *c)
{
	unsigned char *seen = xcalloc(c->nr_wheel_objs + 1, 1);
	size_t i, k;
	int changed = 1;

	for (i = 0; i < c->nr_wheel_objs; i++) {
		struct repair_obj *o = &c->objs[i];

		for (k = 0; k < o->nr_needs; k++) {
			struct need *n = &o->needs[k];
			long at;

			if (!outside(n) || !own_path(o))
				continue;
			at = find_in_wheel(c, o, own_path(o), n->name);
			if (at >= 0) {
				n->kind = NEED_WHEEL;
				n->target = at;
			}
		}
	}
	/* Inherited DT_RPATHs: each round may reveal more loaders. */
	while (changed) {
		changed = 0;
		for (i = 0; i < c->nr_wheel_objs; i++) {
			struct repair_obj *o = &c->objs[i];

			for (k = 0; k < o->nr_needs && !o->ef.runpath; k++) {
				struct need *n = &o->needs[k];
				long at;

				if (!outside(n))
					continue;
				memset(seen, 0, c->nr_wheel_objs);
				at = find_via_loaders(c, i, n->name, seen);
				if (at >= 0) {
					n->kind = NEED_WHEEL;
					n->target = at;
					changed = 1;
				}
			}
		}
	}
	free(seen);
}

void graft_set_release(struct graft_set *g)
{
	free(g->libs);
	free(g->missing);
	memset(g, 0, sizeof(*g));
}

/* A system library already found for this name (the loader's by-name reuse). */
static long already_found(const struct repair_ctx *c, const char *name)
{
	size_t i;

	for (i = c->nr_wheel_objs; i < c->nr_objs; i++)
		if (!strcmp(c->objs[i].found_as, name) ||
		    (c->objs[i].ef.soname && !strcmp(c->objs[i].ef.soname, name)))
			return (long)i;
	return -1;
}

/* The chain from obj up through the objects that loaded it. */
static size_t build_chain(const struct repair_ctx *c, size_t obj,
			  struct ld_object *objs, const struct ld_object **chain,
			  size_t max)
{
	size_t n = 0;
	long at = (long)obj;

	while (at >= 0 && n < max) {
		const struct repair_obj *o = &c->objs[at];

		objs[n].rpath = o->ef.rpath;
		objs[n].runpath = o->ef.runpath;
		/* a wheel object's $ORIGIN is inside the wheel: searched already */
		objs[n].origin = o->in_wheel ? NULL : o->origin;
		objs[n].nodeflib = !!(o->ef.dt_flags_1 & DF_1_NODEFLIB);
		chain[n] = &objs[n];
		n++;
		at = o->in_wheel ? -1 : o->loader;
	}
	return n;
}

static int load_system_lib(struct repair_ctx *c, size_t obj, const char *name,
			   const char *path, long *out, struct err *e)
{
	char real[PATH_MAX];
	struct stat st;
	struct repair_obj *o;
	size_t k = repair_obj_new(c);

	o = &c->objs[k];
	o->name = xstrdup(path);
	o->found_as = xstrdup(name);
	o->origin = path_dirname(path);
	o->realpath = xstrdup(realpath(path, real) ? real : path);
	o->loader = (long)obj;
	o->mode = stat(path, &st) ? 0644 : (uint32_t)(st.st_mode & 0777);
	if (read_file(path, &o->data, e) || repair_obj_load(c, o, e)) {
		err_prefix(e, "'%s' (needed by '%s')", path, c->objs[obj].name);
		e->status = EXIT_FAILED;
		return -1;
	}
	if (!o->ef.has_dynamic) {
		e->status = EXIT_FAILED;
		return err_set(e, "'%s' (needed by '%s') is not a shared library", path,
			       c->objs[obj].name);
	}
	*out = (long)k;
	return 0;
}

/* Sets *out to the system library for obj's need name, or -2. */
static int search_system(struct repair_ctx *c, size_t obj, const char *name,
			 long *out, struct err *e)
{
	struct ld_object objs[64];
	const struct ld_object *chain[64];
	struct strbuf path = STRBUF_INIT;
	size_t n;
	int rc = 0;

	*out = already_found(c, name);
	if (*out >= 0)
		return 0;
	if (!c->ls_ready) {
		if (ld_search_init(&c->ls, c->opts->sysroot, c->opts->ld_library_path, e))
			return -1;
		c->ls_ready = 1;
	}
	n = build_chain(c, obj, objs, chain, 64);
	*out = -2;
	if (ld_search_find(&c->ls, name, &c->want, chain, n, &path))
		rc = load_system_lib(c, obj, name, path.buf, out, e);
	sb_release(&path);
	return rc;
}

static void add_missing(struct graft_set *g, const char *name, const char *by)
{
	size_t i;

	for (i = 0; i < g->nr_missing; i++)
		if (!strcmp(g->missing[i].name, name) && !strcmp(g->missing[i].by, by))
			return;
	ALLOC_GROW(g->missing, g->nr_missing + 1, g->alloc_missing);
	g->missing[g->nr_missing].name = name;
	g->missing[g->nr_missing++].by = by;
}

/* Follows obj's needs that p does not allow; queues what it reaches. */
static int visit(struct repair_ctx *c, size_t obj, const struct policy *p,
		 struct graft_set *g, struct err *e)
{
	size_t k;

	for (k = 0; k < c->objs[obj].nr_needs; k++) {
		struct need *n = &c->objs[obj].needs[k];
		long t;

		if (n->kind != NEED_SYSTEM || policy_whitelists(p, c->arch, n->name))
			continue;
		if (n->target == -1 &&
		    search_system(c, obj, n->name, &c->objs[obj].needs[k].target, e))
			return -1;
		n = &c->objs[obj].needs[k];	/* objs may have moved */
		t = n->target;
		if (t >= 0 && repair_excluded_by(c->opts, c->objs[t].realpath)) {
			n->kind = NEED_EXCLUDED;
			continue;
		}
		if (t < 0) {
			add_missing(g, n->name, c->objs[obj].name);
			continue;
		}
		if (c->objs[t].walk_gen == c->walk_gen)
			continue;
		c->objs[t].walk_gen = c->walk_gen;
		ALLOC_GROW(g->libs, g->nr_libs + 1, g->alloc_libs);
		g->libs[g->nr_libs++] = (size_t)t;
	}
	return 0;
}

int repair_walk(struct repair_ctx *c, const struct policy *p,
		struct graft_set *g, struct err *e)
{
	size_t i;

	memset(g, 0, sizeof(*g));
	c->walk_gen++;
	for (i = 0; i < c->nr_wheel_objs; i++)
		if (visit(c, i, p, g, e))
			return -1;
	for (i = 0; i < g->nr_libs; i++)	/* grows while it runs */
		if (visit(c, g->libs[i], p, g, e))
			return -1;
	return 0;
}
