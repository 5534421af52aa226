/*
 * `wheelwright repair WHEEL... [-o OUTDIR] [--plat TAG] [--sysroot DIR] [-j N]`:
 * see repair/repair.h. Each wheel is repaired on its own: what was done,
 * one line each, then the wheel written, or its error on stderr; a wheel
 * that fails does not stop the others. Exit status, the worst of the
 * wheels': 2 for a wheel that is not acceptable input (hostile or broken
 * archive or binary, not a Linux wheel) or bad usage, 1 when it cannot be
 * repaired (a library not found, a tag its binaries cannot meet) or the
 * output cannot be written, 0 otherwise.
 */
#include "args.h"
#include "build_args.h"
#include "commands.h"
#include "../repair/repair.h"

#include "../base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: wheelwright repair WHEEL... [-o OUTDIR] [--plat TAG] [--sysroot DIR]\n"
	"                          [--exclude PATTERN]... [--strip] [--only-plat] [-j N]\n"
	"                          [-z LEVEL] [--lib-sdir SUFFIX] [--disable-isa-ext-check]\n\n"
	"Makes a Linux wheel's binaries load wherever its tag promises: removes\n"
	"DT_NEEDED entries on libpython, copies the libraries the policy does not\n"
	"allow into <name>.libs/ (hash-suffixed names, DT_SONAME and DT_NEEDED\n"
	"rewritten, DT_RPATH $ORIGIN-relative), and tags the wheel with the most\n"
	"compatible manylinux/musllinux policy that holds. Libraries are found as\n"
	"the dynamic loader would: DT_RPATH, LD_LIBRARY_PATH, DT_RUNPATH,\n"
	"/etc/ld.so.cache, the system folders. Several wheels are repaired one by\n"
	"one; one that fails (nothing is written for it) does not stop the others.\n\n"
	"  -o, --out-dir OUTDIR  where the wheel goes (default: wheelhouse)\n"
	"  --plat TAG            meet this tag (e.g. manylinux_2_28_x86_64 or\n"
	"                        manylinux2014_x86_64); refused with the reasons\n"
	"                        when the binaries cannot\n"
	"  --only-plat           with --plat, tag the wheel with that policy only\n"
	"                        (by default a more compatible one that also holds\n"
	"                        is added in front)\n"
	"  --sysroot DIR         find libraries in the root file system DIR\n"
	"                        (its ld.so.cache and folders), e.g. for a wheel\n"
	"                        of another CPU\n"
	"  --exclude PATTERN     leave the libraries whose DT_NEEDED name (or found\n"
	"                        file's real path) matches this shell glob to the\n"
	"                        target system: not copied, not required to be\n"
	"                        found, DT_NEEDED kept, allowed by the policy; e.g.\n"
	"                        'libcuda.so.*' (repeatable)\n"
	"  --strip               remove symbol tables and debug information from\n"
	"                        the wheel's ELF files and the copies, as strip -s\n"
	"                        does (without binutils)\n"
	"  -j, --jobs N          compress with N threads (default: the number of\n"
	"                        CPUs); the wheel's bytes do not depend on N\n"
	"  -z, --zip-compression-level LEVEL\n"
	"                        deflate level of the new wheel, 0 (store) to 9\n"
	"                        (default 5)\n"
	"  --lib-sdir SUFFIX     the copies go to <name>SUFFIX/ (default: .libs)\n"
	"  --disable-isa-ext-check\n"
	"                        do not let the x86-64 ISA level that binaries ask\n"
	"                        for (GNU property note) rule out a policy\n\n"
	"Exit status (the worst of the wheels'): 0 repaired, 1 cannot be repaired,\n"
	"2 bad input or usage.\n";

struct repair_cmd {
	const char **wheels;
	size_t nr_wheels, alloc_wheels;
	const char **exclude;
	size_t nr_exclude, alloc_exclude;
	struct repair_opts opts;
};

static int parse_level(const char *v, int *level, struct err *e)
{
	if (v[0] < '0' || v[0] > '9' || v[1])
		return err_set(e, "repair: -z needs a compression level from 0 to 9, not '%s'", v);
	*level = v[0] - '0';
	return 0;
}

static int parse(struct repair_cmd *c, int argc, char **argv, struct err *e)
{
	struct args a;
	char *arg;
	const char *v;
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
		} else if ((rc = jobs_arg_match(&a, &jobs, e)) != 0) {
			if (rc < 0)
				return -1;
			c->opts.threads = (int)jobs;
		} else if (args_is(&a, "zip-compression-level", "z")) {
			if (args_value(&a, &v, e))
				return -1;
			if (parse_level(v, &c->opts.level, e))
				return -1;
		} else if (args_is(&a, "lib-sdir", NULL)) {
			if (args_value(&a, &c->opts.lib_sdir, e))
				return -1;
		} else if (args_is(&a, "disable-isa-ext-check", NULL)) {
			c->opts.no_isa_check = 1;
		} else if (args_is(&a, "only-plat", NULL)) {
			c->opts.only_plat = 1;
		} else if (args_is(&a, "strip", NULL)) {
			c->opts.strip = 1;
		} else if (args_is(&a, "exclude", NULL)) {
			ALLOC_GROW(c->exclude, c->nr_exclude + 1, c->alloc_exclude);
			if (args_value(&a, &c->exclude[c->nr_exclude], e))
				return -1;
			c->nr_exclude++;
		} else if (!args_is_option(&a)) {
			ALLOC_GROW(c->wheels, c->nr_wheels + 1, c->alloc_wheels);
			c->wheels[c->nr_wheels++] = arg;
		} else {
			return args_unknown(&a, e);
		}
	}
	if (!c->nr_wheels)
		return err_set(e, "repair: which wheel? (usage: wheelwright repair WHEEL... [-o OUTDIR] [--plat TAG])");
	c->opts.exclude = c->exclude;
	c->opts.nr_exclude = c->nr_exclude;
	return repair_check_opts(&c->opts, e);
}

/* Repairs one wheel; prints what was done, or the error. */
static int repair_one(const char *wheel, const struct repair_opts *opts,
		      int several)
{
	struct repair_result r;
	struct err e = ERR_INIT;

	repair_result_init(&r);
	if (several)
		printf("repairing %s\n", wheel);
	if (repair_wheel(wheel, opts, &r, &e)) {
		repair_result_release(&r);
		fflush(stdout);
		return cmd_fail(&e);
	}
	fputs(r.actions.buf, stdout);
	printf("wrote %s (%s; %zu librar%s vendored, %zu binar%s edited)\n", r.path.buf,
	       r.tags.buf, r.nr_vendored, r.nr_vendored == 1 ? "y" : "ies",
	       r.nr_edited, r.nr_edited == 1 ? "y" : "ies");
	fflush(stdout);	/* each wheel's lines before the next one's errors */
	repair_result_release(&r);
	return EXIT_OK;
}

int cmd_repair(int argc, char **argv)
{
	struct repair_cmd c;
	struct err e = ERR_INIT;
	size_t i;
	int worst = EXIT_OK;

	memset(&c, 0, sizeof(c));
	c.opts = (struct repair_opts)REPAIR_OPTS_INIT;
	if (parse(&c, argc, argv, &e)) {
		free(c.wheels);
		free(c.exclude);
		return cmd_fail(&e);
	}
	c.opts.ld_library_path = getenv("LD_LIBRARY_PATH");
	for (i = 0; i < c.nr_wheels; i++) {
		int rc = repair_one(c.wheels[i], &c.opts, c.nr_wheels > 1);

		if (rc > worst)
			worst = rc;
	}
	free(c.wheels);
	free(c.exclude);
	return worst;
}
