/*
 * `wheelwright build`: compile a project's modules for every target and
 * pack the wheels; with --sdist, from the project's own sdist; with
 * --editable, an editable wheel (PEP 660); with --metadata-only, just the
 * .dist-info folder (PEP 517 prepare_metadata_for_build_wheel).
 */
#include "commands.h"
#include "build_args.h"
#include "target_opts.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../core/pyproject.h"
#include "../engine/build.h"
#include "../audit/audit.h"
#include "../engine/editable.h"
#include "../engine/sdist.h"
#include "../engine/wheel.h"
#include "../platform/proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: wheelwright build [DIR] [TARGET-OPTIONS] [-o OUTDIR] [--sdist] [-j N]\n"
	"                         [--release|--debug] [--compatibility TAG]\n"
	"                         [--editable [--no-rebuild]] [--metadata-only]\n\n"
	"Compiles the [[tool.wheelwright.ext-modules]] of the project in DIR\n"
	"(default: here) for each target, every target in its own build folder\n"
	"build/wheelwright/<configuration hash>, and packs one wheel per target.\n\n"
	"  -o, --out-dir DIR   where wheels go (default: DIR/dist)\n"
	"  -j, --jobs N        compile N files at once (default: the number of CPUs)\n"
	"  --release           -O2 -DNDEBUG (the default)\n"
	"  --debug             -O0 -g\n"
	"  --compatibility TAG Linux wheels: the platform tag to give them (a policy such\n"
	"                      as manylinux_2_17_x86_64 or manylinux2014, refused when the\n"
	"                      binaries do not meet it; 'linux' keeps linux_<arch>).\n"
	"                      Default: the most compatible tag the binaries allow.\n"
	"  --sdist             write the sdist first, then build the wheels from it\n"
	"                      (unpacked in a temporary folder): proves it complete\n"
	"  --editable          write an editable wheel (PEP 660) for one interpreter\n"
	"  --no-rebuild        with --editable: do not rebuild changed C at import\n"
	"  --metadata-only     write only the wheel's .dist-info folder into OUTDIR\n\n"
	"Each wheel is audited (see 'wheelwright audit') before it is written;\n"
	"an error finding fails the build.\n\n";

struct build_cmd {
	const char *dir;
	const char *out_dir;
	const char *compatibility;
	size_t jobs;
	int debug;
	int sdist, editable, no_rebuild, metadata_only;
	struct target_opts topts;
};

void cmd_print_job(const struct job *j, void *ctx)
{
	(void)ctx;
	if (j->state == JOB_FAILED) {
		fprintf(stderr, "wheelwright: error: %s failed (exit status %d):\n",
			j->label, j->status);
		fputs(j->output.buf, stderr);
		if (j->output.len && j->output.buf[j->output.len - 1] != '\n')
			fputc('\n', stderr);
	} else if (j->output.len) {
		fprintf(stderr, "%s:\n%s", j->label, j->output.buf);
	}
}

static void print_target(const struct target_build *tb, void *ctx)
{
	const struct target *t = tb->target;

	(void)ctx;
	if (tb->failed || !tb->n_mods)
		return;
	if (!tb->compiles && !tb->links)
		printf("%s-%s-%s: up to date (%s)\n", t->python_tag, t->abi_tag,
		       t->platform_tag, tb->dir);
	else
		printf("%s-%s-%s: built %zu module%s in %.2f s (%zu compiled, %zu linked) (%s)\n",
		       t->python_tag, t->abi_tag, t->platform_tag, tb->n_mods,
		       tb->n_mods == 1 ? "" : "s", tb->ms / 1000.0, tb->compiles,
		       tb->links, tb->dir);
	fflush(stdout);
}

static int parse(struct build_cmd *c, int argc, char **argv, struct err *e)
{
	struct args a;
	char *arg;
	int rc;

	args_init(&a, "build", argc, argv);
	while (args_next(&a, &arg)) {
		if (args_is(&a, "help", "h")) {
			printf("%s%s", usage, target_opts_help);
			exit(0);
		} else if (args_is(&a, "out-dir", "o")) {
			if (args_value(&a, &c->out_dir, e))
				return -1;
		} else if ((rc = build_args_match(&a, &c->jobs, &c->debug, e)) != 0) {
			if (rc < 0)
				return -1;
		} else if (args_is(&a, "compatibility", NULL)) {
			if (args_value(&a, &c->compatibility, e))
				return -1;
		} else if (args_is(&a, "sdist", NULL)) {
			c->sdist = 1;
		} else if (args_is(&a, "editable", NULL)) {
			c->editable = 1;
		} else if (args_is(&a, "no-rebuild", NULL)) {
			c->no_rebuild = 1;
		} else if (args_is(&a, "metadata-only", NULL)) {
			c->metadata_only = 1;
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
	if (c->sdist + c->editable + c->metadata_only > 1)
		return err_set(e, "build: --sdist, --editable and --metadata-only do not go together");
	if (c->no_rebuild && !c->editable)
		return err_set(e, "build: --no-rebuild goes with --editable");
	return 0;
}

/*
 * Two targets with the same tags would write the same wheel (an abi3 build
 * for several CPythons, or two installs of one version): keep the first.
 */
static void drop_same_tags(const struct project *p, struct target *ts, size_t *n)
{
	size_t i, j, out = 0;

	for (i = 0; i < *n; i++) {
		int dup = 0;

		/* Without modules the wheel is for any Python: one is enough. */
		for (j = 0; j < out && !dup; j++)
			dup = !p->n_modules ||
			      (!strcmp(ts[i].python_tag, ts[j].python_tag) &&
			       !strcmp(ts[i].abi_tag, ts[j].abi_tag) &&
			       !strcmp(ts[i].platform_tag, ts[j].platform_tag));
		if (dup) {
			printf("%s-%s-%s: already built for '%s'; skipping '%s'\n",
			       ts[i].python_tag, ts[i].abi_tag, ts[i].platform_tag,
			       ts[j - 1].executable, *ts[i].executable ? ts[i].executable : "(configuration)");
			target_release(&ts[i]);
			continue;
		}
		if (out != i)
			ts[out] = ts[i];
		out++;
	}
	*n = out;
}

/* The self-audit's warnings (its errors fail the build). */
static void print_audit_warnings(const struct audit_report *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		if (r->v[i].severity == AUDIT_WARNING)
			fprintf(stderr, "wheelwright: warning: %s: %s: %s\n", r->v[i].file,
				r->v[i].code, r->v[i].message);
}

static int write_wheels(const struct project *p, struct target_build *tbs,
			size_t n, const char *out_dir, const char *compat,
			struct err *e)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct strbuf path = STRBUF_INIT;
		struct audit_report r;
		struct wheel_opts wo;
		int rc;

		audit_report_init(&r);
		wo.compatibility = compat;
		wo.audit = &r;
		rc = wheel_write_opts(p, &tbs[i], out_dir, &wo, &path, e);
		print_audit_warnings(&r);
		if (!rc)
			printf("wrote %s\n", path.buf);
		audit_report_release(&r);
		sb_release(&path);
		if (rc)
			return -1;
	}
	return 0;
}

/*
 * --sdist: writes the sdist, unpacks it into a temporary folder and loads
 * the project from there instead; *tmp gets the folder to remove.
 */
static int switch_to_sdist(struct project *p, const char *out_dir,
			   struct strbuf *tmp, struct err *e)
{
	struct strbuf sdist = STRBUF_INIT, base = STRBUF_INIT, dir = STRBUF_INIT;
	int rc = -1;

	if (sdist_write(p, out_dir, &sdist, e))
		goto out;
	printf("wrote %s\n", sdist.buf);
	fflush(stdout);
	sdist_base_name(p, &base);
	if (make_temp_dir("wheelwright-sdist-", tmp, e) ||
	    sdist_unpack(sdist.buf, base.buf, tmp->buf, &dir, e))
		goto out;
	project_release(p);
	project_init(p);
	if (project_load(p, dir.buf, e))
		goto out;
	rc = 0;
out:
	sb_release(&sdist);
	sb_release(&base);
	sb_release(&dir);
	return rc;
}

static int write_metadata(const struct project *p, const struct target *t,
			  const char *out_dir, struct err *e)
{
	struct strbuf path = STRBUF_INIT;
	int rc = wheel_write_metadata(p, t, out_dir, &path, e);

	if (!rc)
		printf("wrote %s\n", path.buf);
	sb_release(&path);
	return rc;
}

static int write_editable(const struct build_cmd *c, const struct project *p,
			  const struct target_build *tb, const char *out_dir,
			  struct err *e)
{
	struct editable_opts eo;
	struct strbuf path = STRBUF_INIT;
	const char *args[EDITABLE_MAX_BUILD_ARGS];
	char *self = os_self_exe();
	int rc;

	editable_opts_set(&eo, self, !c->no_rebuild, c->debug, c->topts.abi3, args);
	rc = editable_wheel_write(p, tb, &eo, out_dir, &path, e);
	if (!rc)
		printf("wrote %s\n", path.buf);
	free(self);
	sb_release(&path);
	return rc;
}

/* An editable install runs in the interpreter it was built for. */
static int check_editable_target(const struct target *ts, size_t n, struct err *e)
{
	if (n != 1)
		return err_set(e, "build --editable: needs exactly one interpreter, not %zu targets", n);
	if (!*ts[0].executable || *ts[0].sysroot)
		return err_set(e, "build --editable: needs an interpreter of this machine (-i PYTHON)");
	return 0;
}

int cmd_build(int argc, char **argv)
{
	struct build_cmd c;
	struct project p;
	struct err e = ERR_INIT;
	struct target *ts = NULL;
	struct target_build *tbs = NULL;
	struct build_opts bo;
	struct strbuf tmp = STRBUF_INIT;
	size_t n = 0, i;
	int rc = EXIT_OK;
	char *out_dir = NULL;

	memset(&c, 0, sizeof(c));
	target_opts_init(&c.topts);
	project_init(&p);
	if (parse(&c, argc, argv, &e) || project_load(&p, c.dir, &e))
		goto fail;
	out_dir = cmd_out_dir(c.out_dir, p.dir);
	if (c.sdist && switch_to_sdist(&p, out_dir, &tmp, &e))
		goto fail;
	c.topts.abi3_if_possible = cmd_project_abi3(&p);
	c.topts.launcher = p.compiler_launcher;
	if (target_opts_resolve(&c.topts, &ts, &n, &e))
		goto fail;
	drop_same_tags(&p, ts, &n);
	if (c.editable && check_editable_target(ts, n, &e))
		goto fail;
	if (chdir(p.dir)) {
		err_set(&e, "cannot enter '%s'", p.dir);
		goto fail;
	}
	if (c.metadata_only) {
		if (write_metadata(&p, &ts[0], out_dir, &e))
			goto fail;
		goto out;
	}
	memset(&bo, 0, sizeof(bo));
	bo.parallel = c.jobs;
	bo.debug = c.debug;
	bo.on_job = cmd_print_job;
	bo.on_target = print_target;
	if (build_targets(&p, ts, n, &bo, &tbs, &e))
		goto fail;
	if (c.editable ? write_editable(&c, &p, &tbs[0], out_dir, &e)
		       : write_wheels(&p, tbs, n, out_dir, c.compatibility, &e))
		goto fail;
	goto out;
fail:
	rc = cmd_fail(&e);
out:
	if (tmp.len) {
		struct err ignore = ERR_INIT;

		remove_tree(tmp.buf, &ignore);
		err_release(&ignore);
	}
	sb_release(&tmp);
	for (i = 0; tbs && i < n; i++)
		target_build_release(&tbs[i]);
	free(tbs);
	free(out_dir);
	for (i = 0; i < n; i++)
		target_release(&ts[i]);
	free(ts);
	project_release(&p);
	target_opts_release(&c.topts);
	return rc;
}
