/*
 * `wheelwright develop [DIR] [-i PYTHON]`: build the project for one
 * interpreter of this machine and install it there in editable mode
 * (engine/develop.h, engine/editable.h). `--build-only` builds and prints
 * "module NAME PATH" lines: what an editable install's finder runs at
 * import to pick C edits up.
 */
#include "commands.h"
#include "build_args.h"
#include "target_opts.h"
#include "../base/xalloc.h"
#include "../core/interp.h"
#include "../core/pyproject.h"
#include "../engine/develop.h"
#include "../platform/proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: wheelwright develop [DIR] [-i PYTHON] [--debug|--release] [-j N]\n"
	"                           [--abi3 3.X] [--no-rebuild] [--build-only]\n\n"
	"Builds the project in DIR (default: here) for PYTHON (default: python3)\n"
	"and installs it into PYTHON's site-packages in editable mode: packages\n"
	"are imported from DIR, modules from its build folder. A C edit is\n"
	"rebuilt at the next import in a new process (see docs/backend.md).\n\n"
	"  -i, --interpreter PY  the Python to install into\n"
	"  -j, --jobs N          compile N files at once\n"
	"  --debug | --release   -O0 -g, or -O2 -DNDEBUG (the default)\n"
	"  --abi3 3.X            build for the stable ABI with floor 3.X\n"
	"  --no-rebuild          do not rebuild changed C at import\n"
	"  --build-only          build only, and print 'module NAME PATH' lines\n";

struct develop_cmd {
	const char *dir;
	size_t jobs;
	int debug, no_rebuild, build_only;
	struct target_opts topts;
};

static int parse(struct develop_cmd *c, int argc, char **argv, struct err *e)
{
	struct args a;
	char *arg;
	int rc;

	args_init(&a, "develop", argc, argv);
	while (args_next(&a, &arg)) {
		if (args_is(&a, "help", "h")) {
			fputs(usage, stdout);
			exit(0);
		} else if ((rc = build_args_match(&a, &c->jobs, &c->debug, e)) != 0) {
			if (rc < 0)
				return -1;
		} else if (args_is(&a, "no-rebuild", NULL)) {
			c->no_rebuild = 1;
		} else if (args_is(&a, "build-only", NULL)) {
			c->build_only = 1;
		} else if ((rc = target_opts_match(&a, &c->topts, e)) != 0) {
			if (rc < 0)
				return -1;
		} else if (!args_is_option(&a) && !c->dir) {
			c->dir = arg;
		} else {
			return args_unknown(&a, e);
		}
	}
	if (!c->dir)
		c->dir = ".";
	return 0;
}

static void print_target(const struct target_build *tb, void *ctx)
{
	(void)ctx;
	if (!tb->failed && tb->n_mods && (tb->compiles || tb->links))
		fprintf(stderr, "%s-%s: built %zu module%s (%zu compiled, %zu linked)\n",
			tb->target->python_tag, tb->target->abi_tag, tb->n_mods,
			tb->n_mods == 1 ? "" : "s", tb->compiles, tb->links);
}

static int one_local_target(const struct target *ts, size_t n, struct err *e)
{
	if (n != 1)
		return err_set(e, "develop: installs into one interpreter, not %zu", n);
	if (!*ts[0].executable || *ts[0].sysroot)
		return err_set(e, "develop: needs an interpreter of this machine (-i PYTHON)");
	return 0;
}

static void print_modules(const struct project *p, const struct target_build *tb)
{
	size_t i;

	for (i = 0; i < tb->n_mods; i++)
		printf("module %s %s/%s\n", tb->mods[i].name, p->dir, tb->mods[i].file);
}

static int install(const struct develop_cmd *c, const struct project *p,
		   const struct target_build *tb, struct err *e)
{
	struct editable_opts eo;
	struct develop_paths dp;
	struct interp ip;
	const char *args[EDITABLE_MAX_BUILD_ARGS];
	char *self = os_self_exe();
	size_t removed;
	int rc = -1;

	interp_init(&ip);
	if (interp_query_one(&ip, tb->target->executable, e))
		goto out;
	if (!ip.purelib || !*ip.purelib || !ip.data || !*ip.data) {
		err_set(e, "'%s' does not say where its site-packages are", tb->target->executable);
		goto out;
	}
	editable_opts_set(&eo, self, !c->no_rebuild, c->debug, c->topts.abi3, args);
	dp.purelib = ip.purelib;
	dp.prefix = ip.data;
	if (develop_uninstall(p, &dp, &removed, e) || develop_install(p, tb, &eo, &dp, e))
		goto out;
	printf("installed %s %s in editable mode into %s%s\n", p->name, p->version,
	       ip.purelib, removed ? " (replacing the previous install)" : "");
	rc = 0;
out:
	free(self);
	interp_release(&ip);
	return rc;
}

int cmd_develop(int argc, char **argv)
{
	struct develop_cmd c;
	struct project p;
	struct err e = ERR_INIT;
	struct target *ts = NULL;
	struct target_build *tbs = NULL;
	struct build_opts bo;
	size_t n = 0, i;
	int rc = EXIT_OK;

	memset(&c, 0, sizeof(c));
	target_opts_init(&c.topts);
	project_init(&p);
	if (parse(&c, argc, argv, &e) || project_load(&p, c.dir, &e))
		goto fail;
	c.topts.abi3_if_possible = cmd_project_abi3(&p);
	c.topts.launcher = p.compiler_launcher;
	if (target_opts_resolve(&c.topts, &ts, &n, &e) || one_local_target(ts, n, &e))
		goto fail;
	if (chdir(p.dir)) {
		err_set(&e, "cannot enter '%s'", p.dir);
		goto fail;
	}
	memset(&bo, 0, sizeof(bo));
	bo.parallel = c.jobs;
	bo.debug = c.debug;
	bo.on_job = cmd_print_job;
	bo.on_target = print_target;
	if (build_targets(&p, ts, n, &bo, &tbs, &e))
		goto fail;
	if (c.build_only)
		print_modules(&p, &tbs[0]);
	else if (install(&c, &p, &tbs[0], &e))
		goto fail;
	goto out;
fail:
	rc = cmd_fail(&e);
out:
	for (i = 0; tbs && i < n; i++)
		target_build_release(&tbs[i]);
	free(tbs);
	for (i = 0; i < n; i++)
		target_release(&ts[i]);
	free(ts);
	project_release(&p);
	target_opts_release(&c.topts);
	return rc;
}
