/*
 * `wheelwright repair WHEEL [-o OUTDIR] [--plat TAG] [--sysroot DIR] [-j N]`:
 * see repair/repair.h. Prints what was done, one line each, then the
 * wheel written. Exit status: 2 for a wheel that is not acceptable input
 * (hostile or broken archive or binary, not a Linux wheel) or bad usage,
 * 1 when it cannot be repaired (a library not found, a tag its binaries
 * cannot meet) or the output cannot be written, 0 otherwise.
 */
#include "args.h"
#include "build_args.h"
#include "commands.h"
#include "../repair/repair.h"

#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
	"usage: wheelwright repair WHEEL [-o OUTDIR] [--plat TAG] [--sysroot DIR] [-j N]\n\n"
	"Makes a Linux wheel's binaries load wherever its tag promises: removes\n"
	"DT_NEEDED entries on libpython, copies the libraries the policy does not\n"
	"allow into <name>.libs/ (hash-suffixed names, DT_SONAME and DT_NEEDED\n"
	"rewritten, DT_RPATH $ORIGIN-relative), and tags the wheel with the most\n"
	"compatible manylinux/musllinux policy that holds. Libraries are found as\n"
	"the dynamic loader would: DT_RPATH, LD_LIBRARY_PATH, DT_RUNPATH,\n"
	"/etc/ld.so.cache, the system folders.\n\n"
	"  -o, --out-dir OUTDIR  where the wheel goes (default: wheelhouse)\n"
	"  --plat TAG            meet this tag (e.g. manylinux_2_28_x86_64 or\n"
	"                        manylinux2014_x86_64); refused with the reasons\n"
	"                        when the binaries cannot\n"
	"  --sysroot DIR         find libraries in the root file system DIR\n"
	"                        (its ld.so.cache and folders), e.g. for a wheel\n"
	"                        of another CPU\n"
	"  -j, --jobs N          compress with N threads (default: the number of\n"
	"                        CPUs); the wheel's bytes do not depend on N\n\n"
	"Exit status: 0 repaired, 1 cannot be repaired, 2 bad input or usage.\n";

struct repair_cmd {
	const char *wheel;
	struct repair_opts opts;
};

static int parse(struct repair_cmd *c, int argc, char **argv, struct err *e)
{
	struct args a;
	char *arg;
	size_t jobs;
	int rc;

	args_init(&a, "repair", argc, argv);
	while (args_next(&a, &arg)) {
		if (args_is(&a, "help", "h")) {
			fputs(usage, stdout);
			exit(0);
		} else if (args_is(&a, "out-dir", "o") || args_is(&a, "wheel-dir", "w")) {
			if (args_value(&a, &c->opts.out_dir, e))
				return -1;
		} else if (args_is(&a, "plat", NULL)) {
			if (args_value(&a, &c->opts.plat, e))
				return -1;
		} else if (args_is(&a, "sysroot", NULL)) {
			if (args_value(&a, &c->opts.sysroot, e))
				return -1;
		} else if ((rc = build_args_match_jobs(&a, &jobs, e)) != 0) {
			if (rc < 0)
				return -1;
			c->opts.threads = (int)jobs;
		} else if (!args_is_option(&a) && !c->wheel) {
			c->wheel = arg;
		} else if (!args_is_option(&a)) {
			return err_set(e, "repair: one wheel at a time ('%s' and '%s')", c->wheel, arg);
		} else {
			return args_unknown(&a, e);
		}
	}
	if (!c->wheel)
		return err_set(e, "repair: which wheel? (usage: wheelwright repair WHEEL [-o OUTDIR] [--plat TAG])");
	return 0;
}

int cmd_repair(int argc, char **argv)
{
	struct repair_cmd c = { NULL, REPAIR_OPTS_INIT };
	struct repair_result r;
	struct err e = ERR_INIT;
	int rc;

	if (parse(&c, argc, argv, &e))
		return cmd_fail(&e);
	c.opts.ld_library_path = getenv("LD_LIBRARY_PATH");
	repair_result_init(&r);
	rc = repair_wheel(c.wheel, &c.opts, &r, &e);
	if (rc) {
		repair_result_release(&r);
		return cmd_fail(&e);
	}
	fputs(r.actions.buf, stdout);
	printf("wrote %s (%s; %zu librar%s vendored, %zu binar%s edited)\n", r.path.buf,
	       r.tags.buf, r.nr_vendored, r.nr_vendored == 1 ? "y" : "ies",
	       r.nr_edited, r.nr_edited == 1 ? "y" : "ies");
	repair_result_release(&r);
	return EXIT_OK;
}
