#include "build.h"
#include "compiler.h"
#include "depfile.h"
#include "objcache.h"
#include "windows.h"
#include "../base/fs.h"
#include "../base/sha256.h"
#include "../base/xalloc.h"
#include "../core/linkpolicy.h"
#include "../platform/proc.h"
#include "../version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One object of one module of one target. */
struct obj {
	char *src;
	char *path;		/* the object file */
	char *manifest;
	char key[65];
	char id[65];		/* content id, once fresh or built */
};

/* One module of one target: its objects and its link. */
struct mod_plan {
	struct obj *objs;
	size_t n_objs;
	char *out;		/* the module file */
	char *link_key_file;
	struct words link_common;	/* link argv without output and objects */
	const char *identity;
};

struct plan {
	const struct project *p;
	const struct build_opts *o;
	struct target_build *tbs;
	size_t n;
	struct mod_plan **mods;	/* per target, per module */
	struct compiler *ccs;	/* per target */
	struct windows_build *wins;	/* per target; empty unless os=windows */
	struct strbuf compile_db;
	int compile_db_first;
};

void build_dir_of(const struct target *t, const char *root, struct strbuf *out)
{
	sb_addf(out, "%s/%.16s", root, t->hash);
}

void target_build_release(struct target_build *tb)
{
	size_t i;

	for (i = 0; i < tb->n_mods; i++) {
		free(tb->mods[i].name);
		free(tb->mods[i].wheel_path);
		free(tb->mods[i].file);
	}
	free(tb->mods);
	free(tb->dir);
	memset(tb, 0, sizeof(*tb));
}

/* "hello._core" -> "hello/_core" */
static void module_path(const char *name, struct strbuf *out)
{
	for (; *name; name++)
		sb_addc(out, *name == '.' ? '/' : *name);
}

static void hash_words(const char *prefix, const struct words *w, char hex[65])
{
	struct sha256 c;
	unsigned char d[32];
	size_t i;

	sha256_init(&c);
	sha256_update(&c, prefix, strlen(prefix) + 1);
	for (i = 0; i < w->n; i++)
		sha256_update(&c, w->v[i], strlen(w->v[i]) + 1);
	sha256_final(&c, d);
	sha256_digest_hex(d, hex);
}

static int push_split(struct words *w, const char *s, struct err *e)
{
	return words_split(w, s, e);
}

static void push_all(struct words *w, const struct strlist *l, const char *prefix)
{
	size_t i;
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < l->n; i++) {
		sb_reset(&sb);
		sb_adds(&sb, prefix);
		sb_adds(&sb, l->items[i]);
		words_push(w, sb.buf);
	}
	sb_release(&sb);
}

/*
 * The limited API a module is built against: the target's abi3 floor, else
 * the module's own limited-api, except where there is no stable ABI (PyPy,
 * free-threaded CPython) and the module is built for the version instead.
 */
static const char *module_abi3(const struct target *t, const struct ext_module *m)
{
	if (*t->abi3)
		return t->abi3;
	if (strcmp(t->implementation, "cpython") || t->gil_disabled)
		return "";
	return m->limited_api;
}

/*
 * The Python headers: pyconfig.h's own folder first (a cross target's
 * multiarch pyconfig.h, e.g. SYSROOT/usr/include/arm-linux-gnueabihf/
 * python3.11), then INCLUDEPY. Only the target's: the host's Python
 * headers are never on a cross compile's path. A Windows target has its
 * own folder instead (windows.h): the headers with a Windows pyconfig.h.
 */
static void push_python_includes(const struct target *t, const char *win_include,
				 struct words *w)
{
	struct strbuf sb = STRBUF_INIT;

	if (win_include) {
		sb_addf(&sb, "-I%s", win_include);
		words_push(w, sb.buf);
		sb_release(&sb);
		return;
	}

	if (*t->platinclude_dir) {
		sb_addf(&sb, "-I%s", t->platinclude_dir);
		words_push(w, sb.buf);
		sb_reset(&sb);
	}
	sb_addf(&sb, "-I%s", t->include_dir);
	words_push(w, sb.buf);
	sb_release(&sb);
}

/*
 * A cross target's root goes to the compiler for both compiling and
 * linking: headers and libraries are the target's (Debian's wrapper
 * pyconfig.h includes <MULTIARCH/python3.X/pyconfig.h> from
 * SYSROOT/usr/include). Not when CC names a sysroot itself.
 */
static void push_sysroot(const struct target *t, const struct compiler *cc,
			 struct words *w)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (!*t->sysroot)
		return;
	for (i = 0; i < cc->cmd.n; i++)
		if (starts_with(cc->cmd.v[i], "--sysroot"))
			return;
	sb_addf(&sb, "--sysroot=%s", t->sysroot);
	words_push(w, sb.buf);
	sb_release(&sb);
}

/* The compile command without its source and output names. */
static int compile_common(const struct plan *pl, size_t ti,
			  const struct ext_module *m, struct words *w,
			  struct err *e)
{
	const struct target *t = pl->tbs[ti].target;
	const char *abi3 = module_abi3(t, m);
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int maj, min;

	for (i = 0; i < pl->ccs[ti].cmd.n; i++)
		words_push(w, pl->ccs[ti].cmd.v[i]);
	if (strcmp(t->os, "windows"))
		words_push(w, "-fPIC");
	if (pl->o->debug) {
		words_push(w, "-O0");
		words_push(w, "-g");
	} else {
		words_push(w, "-O2");
		words_push(w, "-DNDEBUG");
	}
	/* Paths of the project folder must not leak into the binaries. */
	sb_addf(&sb, "-ffile-prefix-map=%s=.", pl->p->dir);
	words_push(w, sb.buf);
	push_all(w, &m->include_dirs, "-I");
	push_python_includes(t, pl->wins[ti].include_dir, w);
	push_sysroot(t, &pl->ccs[ti], w);
	push_all(w, &m->define_macros, "-D");
	push_all(w, &m->undef_macros, "-U");
	if (*abi3 && !parse_version(abi3, &maj, &min)) {
		sb_reset(&sb);
		sb_addf(&sb, "-DPy_LIMITED_API=0x%02X%02X0000", maj, min);
		words_push(w, sb.buf);
	}
	sb_release(&sb);
	if (*t->cflags && push_split(w, t->cflags, e))
		return -1;
	push_all(w, &m->extra_compile_args, "");
	return 0;
}

/* The link command is pre + "-o OUT OBJS..." + post. */
static int link_parts(const struct plan *pl, size_t ti,
		      const struct ext_module *m, struct words *pre,
		      struct words *post, struct err *e)
{
	const struct target *t = pl->tbs[ti].target;
	size_t i;

	for (i = 0; i < pl->ccs[ti].cmd.n; i++)
		if (i || !pl->ccs[ti].has_launcher)	/* launchers do not link */
			words_push(pre, pl->ccs[ti].cmd.v[i]);
	push_sysroot(t, &pl->ccs[ti], pre);
	if (pl->wins[ti].import_lib ? windows_link_args(t, &pl->wins[ti], pre, post, e)
				    : push_split(pre, t->link_args, e))
		return -1;
	if (*t->ldflags && push_split(post, t->ldflags, e))
		return -1;
	push_all(post, &m->extra_link_args, "");
	push_all(post, &m->library_dirs, "-L");
	push_all(post, &m->libraries, "-l");
	return 0;
}

static void add_compile_db(struct plan *pl, const struct words *argv,
			   const char *src, const char *obj)
{
	struct strbuf cmd = STRBUF_INIT;
	size_t i;

	sb_adds(&pl->compile_db, pl->compile_db_first ? "[\n" : ",\n");
	pl->compile_db_first = 0;
	sb_adds(&pl->compile_db, "  {\"directory\": ");
	sb_add_json_str(&pl->compile_db, pl->p->dir);
	sb_adds(&pl->compile_db, ", \"file\": ");
	sb_add_json_str(&pl->compile_db, src);
	sb_adds(&pl->compile_db, ", \"output\": ");
	sb_add_json_str(&pl->compile_db, obj);
	sb_adds(&pl->compile_db, ", \"arguments\": [");
	for (i = 0; i < argv->n; i++) {
		if (i)
			sb_adds(&pl->compile_db, ", ");
		sb_add_json_str(&pl->compile_db, argv->v[i]);
	}
	sb_adds(&pl->compile_db, "]}");
	sb_release(&cmd);
}

struct compile_job {
	struct obj *obj;
	char *tmp_obj, *tmp_dep;
};

struct link_job {
	struct mod_plan *mp;
	size_t ti;
	char *tmp;
};

static void link_key(const struct plan *pl, size_t ti, const struct mod_plan *mp,
		     char hex[65])
{
	struct words w;
	size_t i;

	words_init(&w);
	words_push(&w, WHEELWRIGHT_VERSION);
	words_push(&w, pl->tbs[ti].target->hash);
	words_push(&w, mp->identity);
	for (i = 0; i < mp->link_common.n; i++)
		words_push(&w, mp->link_common.v[i]);
	for (i = 0; i < mp->n_objs; i++)
		words_push(&w, mp->objs[i].id);
	hash_words("link", &w, hex);
	words_release(&w);
}

static int compile_done(struct job *j, void *ctx, struct err *e)
{
	struct compile_job *cj = j->data;
	struct strbuf dep = STRBUF_INIT;
	struct words deps;
	struct plan *pl = ctx;
	int rc = -1;

	words_init(&deps);
	if (read_file(cj->tmp_dep, &dep, e) ||
	    depfile_parse(dep.buf, dep.len, cj->tmp_dep, &deps, e))
		goto out;
	if (rename(cj->tmp_obj, cj->obj->path)) {
		err_fail(e, "cannot rename '%s' into place", cj->tmp_obj);
		goto out;
	}
	if (objcache_record(cj->obj->manifest, cj->obj->key, pl->p->dir, &deps,
			    cj->obj->id, e))
		goto out;
	unlink(cj->tmp_dep);
	rc = 0;
out:
	words_release(&deps);
	sb_release(&dep);
	return rc;
}

static int link_done(struct job *j, void *ctx, struct err *e)
{
	struct link_job *lj = j->data;
	struct plan *pl = ctx;
	char key[65];

	if (rename(lj->tmp, lj->mp->out))
		return err_fail(e, "cannot rename '%s' into place", lj->tmp);
	if (pl->wins[lj->ti].import_lib)
		windows_link_tmp_remove(lj->tmp);
	link_key(pl, lj->ti, lj->mp, key);
	return write_file_atomic(lj->mp->link_key_file, key, 64, e);
}

static void on_report(const struct job *j, void *ctx)
{
	struct plan *pl = ctx;
	struct target_build *tb = &pl->tbs[j->group];

	if (pl->o->on_job)
		pl->o->on_job(j, pl->o->ctx);
	if (j->state == JOB_FAILED)
		tb->failed = 1;
	if (--tb->jobs_left == 0) {
		tb->ms = os_now_ms() - tb->start_ms;
		if (pl->o->on_target)
			pl->o->on_target(tb, pl->o->ctx);
	}
}

static void obj_paths(const char *dir, const char *modname, const char *src,
		      struct obj *ob)
{
	struct strbuf sb = STRBUF_INIT;
	char hex[65];
	char *base = path_basename(src);

	sha256_hex(src, strlen(src), hex);
	path_join(&sb, dir, "obj/");
	sb_addf(&sb, "%s/%s-%.8s.o", modname, base, hex);
	ob->path = sb_detach(&sb, NULL);
	sb_addf(&sb, "%s.manifest", ob->path);
	ob->manifest = sb_detach(&sb, NULL);
	ob->src = xstrdup(src);
	free(base);
}

static int plan_objects(struct plan *pl, size_t ti, size_t mi,
			struct job_loop *l, size_t *jobs, struct err *e)
{
	const struct ext_module *m = &pl->p->modules[mi];
	struct target_build *tb = &pl->tbs[ti];
	struct mod_plan *mp = &pl->mods[ti][mi];
	struct words common;
	char flags[65];
	size_t si;
	int rc = -1;

	words_init(&common);
	if (compile_common(pl, ti, m, &common, e))
		goto out;
	hash_words("flags", &common, flags);
	mp->objs = xcalloc(m->sources.n + 1, sizeof(*mp->objs));
	mp->n_objs = m->sources.n;
	for (si = 0; si < m->sources.n; si++) {
		struct obj *ob = &mp->objs[si];
		struct compile_job *cj;
		struct words argv, keyw;
		struct strbuf sb = STRBUF_INIT, label = STRBUF_INIT;
		char *objdir;

		obj_paths(tb->dir, m->name, m->sources.items[si], ob);
		if (!is_regular_file(ob->src)) {
			err_at(e, pl->p->pyproject_path, m->line, 0,
			       "source '%s' of module '%s' does not exist", ob->src, m->name);
			goto out;
		}
		words_init(&keyw);
		words_push(&keyw, WHEELWRIGHT_VERSION);
		words_push(&keyw, tb->target->hash);
		words_push(&keyw, pl->ccs[ti].identity);
		words_push(&keyw, ob->src);
		words_push(&keyw, flags);
		hash_words("compile", &keyw, ob->key);
		words_release(&keyw);
		words_init(&argv);
		for (size_t k = 0; k < common.n; k++)
			words_push(&argv, common.v[k]);
		words_push(&argv, "-c");
		words_push(&argv, ob->src);
		if (ti == 0)
			add_compile_db(pl, &argv, ob->src, ob->path);
		if (objcache_fresh(ob->manifest, ob->key, pl->p->dir, ob->id)) {
			words_release(&argv);
			continue;
		}
		unlink(ob->manifest);
		objdir = path_dirname(ob->path);
		if (mkdir_p(objdir, e)) {
			free(objdir);
			goto out;
		}
		free(objdir);
		cj = xcalloc(1, sizeof(*cj));
		cj->obj = ob;
		/* Per process: two builds of one project may run at once. */
		sb_addf(&sb, "%s.tmp%ld", ob->path, (long)getpid());
		cj->tmp_obj = sb_detach(&sb, NULL);
		sb_addf(&sb, "%s.d.tmp%ld", ob->path, (long)getpid());
		cj->tmp_dep = sb_detach(&sb, NULL);
		words_push(&argv, "-o");
		words_push(&argv, cj->tmp_obj);
		words_push(&argv, "-MD");
		words_push(&argv, "-MF");
		words_push(&argv, cj->tmp_dep);
		sb_addf(&label, "compile %s [%s-%s]", ob->src, tb->target->python_tag,
			tb->target->abi_tag);
		jobs[si] = job_add(l, &argv, label.buf, ti, compile_done, cj);
		sb_release(&label);
		tb->jobs_left++;
		tb->compiles++;
		words_release(&argv);
	}
	rc = 0;
out:
	words_release(&common);
	return rc;
}

static int plan_module(struct plan *pl, size_t ti, size_t mi,
		       struct job_loop *l, struct err *e)
{
	const struct ext_module *m = &pl->p->modules[mi];
	struct target_build *tb = &pl->tbs[ti];
	struct built_module *bm = &tb->mods[mi];
	struct mod_plan *mp = &pl->mods[ti][mi];
	const struct link_policy *policy = link_policy_for(tb->target->os);
	size_t *jobs = xcalloc(m->sources.n + 1, sizeof(*jobs));
	size_t first_job = l->n, si, lj;
	struct words pre, post, argv;
	struct strbuf sb = STRBUF_INIT, label = STRBUF_INIT;
	struct link_job *ljd;
	char key[65], *outdir;
	int rc = -1;

	words_init(&pre);
	words_init(&post);
	words_init(&argv);
	bm->name = xstrdup(m->name);
	bm->abi3 = *module_abi3(tb->target, m) != 0;
	module_path(m->name, &sb);
	sb_adds(&sb, bm->abi3 && !*tb->target->abi3 ? policy->abi3_suffix
						     : tb->target->module_suffix);
	bm->wheel_path = sb_detach(&sb, NULL);
	sb_addf(&sb, "%s/lib/%s", tb->dir, bm->wheel_path);
	mp->out = xstrdup(sb.buf);
	bm->file = sb_detach(&sb, NULL);
	path_join(&sb, tb->dir, "link/");
	sb_addf(&sb, "%s.key", m->name);
	mp->link_key_file = sb_detach(&sb, NULL);
	mp->identity = pl->ccs[ti].identity;
	outdir = path_dirname(mp->out);
	if (mkdir_p(outdir, e) || plan_objects(pl, ti, mi, l, jobs, e) ||
	    link_parts(pl, ti, m, &pre, &post, e))
		goto out;
	words_init(&mp->link_common);
	for (si = 0; si < pre.n; si++)
		words_push(&mp->link_common, pre.v[si]);
	for (si = 0; si < post.n; si++)
		words_push(&mp->link_common, post.v[si]);
	if (l->n == first_job && is_regular_file(mp->out)) {
		struct strbuf old = STRBUF_INIT;
		struct err ignore = ERR_INIT;
		int same;

		link_key(pl, ti, mp, key);
		same = !read_file(mp->link_key_file, &old, &ignore) &&
		       !strcmp(old.buf, key);
		sb_release(&old);
		err_release(&ignore);
		if (same) {
			rc = 0;
			goto out;
		}
	}
	unlink(mp->link_key_file);
	free(outdir);
	outdir = path_dirname(mp->link_key_file);
	if (mkdir_p(outdir, e))
		goto out;
	/* Per process: two builds of one project may run at once. */
	if (pl->wins[ti].import_lib)
		windows_link_tmp(tb->dir, m->name, mp->out, (long)getpid(), &sb);
	else
		sb_addf(&sb, "%s.tmp%ld", mp->out, (long)getpid());
	free(outdir);
	outdir = path_dirname(sb.buf);
	if (mkdir_p(outdir, e))
		goto out;
	ljd = xcalloc(1, sizeof(*ljd));
	ljd->mp = mp;
	ljd->ti = ti;
	ljd->tmp = sb_detach(&sb, NULL);
	for (si = 0; si < pre.n; si++)
		words_push(&argv, pre.v[si]);
	words_push(&argv, "-o");
	words_push(&argv, ljd->tmp);
	for (si = 0; si < mp->n_objs; si++)
		words_push(&argv, mp->objs[si].path);
	for (si = 0; si < post.n; si++)
		words_push(&argv, post.v[si]);
	sb_addf(&label, "link %s [%s-%s]", bm->wheel_path, tb->target->python_tag,
		tb->target->abi_tag);
	lj = job_add(l, &argv, label.buf, ti, link_done, ljd);
	for (si = first_job; si < lj; si++)
		job_depend(l, lj, si);
	tb->jobs_left++;
	tb->links++;
	rc = 0;
out:
	free(outdir);
	free(jobs);
	words_release(&pre);
	words_release(&post);
	words_release(&argv);
	sb_release(&sb);
	sb_release(&label);
	return rc;
}

static void free_job_data(struct job_loop *l, const struct plan *pl)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct job *j = &l->jobs[i];

		if (j->done == compile_done) {
			struct compile_job *cj = j->data;

			if (j->state != JOB_DONE) {
				unlink(cj->tmp_obj);
				unlink(cj->tmp_dep);
			}
			free(cj->tmp_obj);
			free(cj->tmp_dep);
		} else if (j->done == link_done) {
			struct link_job *lj = j->data;

			if (j->state != JOB_DONE)
				unlink(lj->tmp);
			if (j->state != JOB_DONE && pl->wins && pl->wins[lj->ti].import_lib)
				windows_link_tmp_remove(lj->tmp);
			free(lj->tmp);
		}
		free(j->data);
	}
}

static void free_plan(struct plan *pl, const struct project *p)
{
	size_t ti, mi, oi;

	for (ti = 0; ti < pl->n; ti++) {
		for (mi = 0; pl->mods && pl->mods[ti] && mi < p->n_modules; mi++) {
			struct mod_plan *mp = &pl->mods[ti][mi];

			for (oi = 0; oi < mp->n_objs; oi++) {
				free(mp->objs[oi].src);
				free(mp->objs[oi].path);
				free(mp->objs[oi].manifest);
			}
			free(mp->objs);
			free(mp->out);
			free(mp->link_key_file);
			if (mp->link_common.v)
				words_release(&mp->link_common);
		}
		if (pl->mods)
			free(pl->mods[ti]);
		compiler_release(&pl->ccs[ti]);
		windows_build_release(&pl->wins[ti]);
	}
	free(pl->mods);
	free(pl->ccs);
	free(pl->wins);
	sb_release(&pl->compile_db);
}

/* Written only when it changed, so editors watching it are not woken. */
static void write_compile_db(struct plan *pl, const char *root)
{
	struct strbuf path = STRBUF_INIT, old = STRBUF_INIT;
	struct err ignore = ERR_INIT;
	char *parent = path_dirname(root);

	if (pl->compile_db_first)
		sb_adds(&pl->compile_db, "[");
	sb_adds(&pl->compile_db, "\n]\n");
	path_join(&path, parent, "compile_commands.json");
	if (read_file(path.buf, &old, &ignore) || strcmp(old.buf, pl->compile_db.buf))
		write_file_atomic(path.buf, pl->compile_db.buf, pl->compile_db.len, &ignore);
	free(parent);
	sb_release(&path);
	sb_release(&old);
	err_release(&ignore);
}

int build_targets(const struct project *p, const struct target *ts, size_t n,
		  const struct build_opts *o, struct target_build **out,
		  struct err *e)
{
	const char *root = o->build_root ? o->build_root : "build/wheelwright";
	struct plan pl;
	struct job_loop l;
	struct strbuf sb = STRBUF_INIT, compilers = STRBUF_INIT;
	size_t ti, mi;
	int rc = -1;

	memset(&pl, 0, sizeof(pl));
	pl.p = p;
	pl.o = o;
	pl.n = n;
	pl.compile_db_first = 1;
	sb_init(&pl.compile_db);
	pl.tbs = xcalloc(n + 1, sizeof(*pl.tbs));
	pl.ccs = xcalloc(n + 1, sizeof(*pl.ccs));
	pl.wins = xcalloc(n + 1, sizeof(*pl.wins));
	pl.mods = xcalloc(n + 1, sizeof(*pl.mods));
	job_loop_init(&l, o->parallel ? o->parallel : (size_t)os_cpu_count());
	l.cwd = p->dir;
	l.report = on_report;
	l.ctx = &pl;
	path_join(&compilers, root, "compilers");
	for (ti = 0; ti < n; ti++) {
		struct target_build *tb = &pl.tbs[ti];

		compiler_init(&pl.ccs[ti]);
		tb->target = &ts[ti];
		tb->start_ms = os_now_ms();
		sb_reset(&sb);
		build_dir_of(&ts[ti], root, &sb);
		tb->dir = xstrdup(sb.buf);
		tb->mods = xcalloc(p->n_modules + 1, sizeof(*tb->mods));
		tb->n_mods = p->n_modules;
		pl.mods[ti] = xcalloc(p->n_modules + 1, sizeof(*pl.mods[ti]));
		/* A project without modules (pure Python, data) needs no compiler. */
		if (p->n_modules &&
		    compiler_identify(&pl.ccs[ti], ts[ti].cc, compilers.buf, e))
			goto out;
		if (!strcmp(ts[ti].os, "windows") &&
		    windows_prepare(&ts[ti], tb->dir, &pl.wins[ti], e))
			goto out;
		for (mi = 0; mi < p->n_modules; mi++)
			if (plan_module(&pl, ti, mi, &l, e))
				goto out;
	}
	if (p->n_modules)
		write_compile_db(&pl, root);
	for (ti = 0; ti < n; ti++) {
		if (!pl.tbs[ti].jobs_left) {
			pl.tbs[ti].ms = os_now_ms() - pl.tbs[ti].start_ms;
			if (o->on_target)
				o->on_target(&pl.tbs[ti], o->ctx);
		}
	}
	rc = job_loop_run(&l, e);
out:
	free_job_data(&l, &pl);
	job_loop_release(&l);
	free_plan(&pl, p);
	sb_release(&sb);
	sb_release(&compilers);
	if (rc) {
		for (ti = 0; ti < n; ti++)
			target_build_release(&pl.tbs[ti]);
		free(pl.tbs);
		return -1;
	}
	*out = pl.tbs;
	return 0;
}
