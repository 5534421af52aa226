/*
 * `wheelwright repair`: makes a Linux wheel's binaries load on the machines
 * its tag promises, without patchelf.
 *
 *   struct repair_opts o = REPAIR_OPTS_INIT;
 *   struct repair_result r;
 *   repair_result_init(&r);
 *   o.out_dir = "wheelhouse";
 *   if (repair_wheel("dist/x-1.0-cp311-cp311-linux_x86_64.whl", &o, &r, e))
 *           ... e: status 2 for a wheel that is not acceptable input
 *               (hostile archive, malformed ELF, not a Linux wheel, unknown
 *               --plat), 1 when it cannot be repaired (a library not
 *               found, a tag the binaries cannot meet), nothing written;
 *   r.path: the new wheel; r.actions: what was done, one line each
 *   repair_result_release(&r);
 *
 * What it does, for every ELF file of the wheel (extension modules and the
 * libraries it carries; found by their magic, not their names):
 *   - removes each DT_NEEDED on libpython (and its version needs) where
 *     the link policy of the target OS says never link it (Linux:
 *     core/linkpolicy.h; MISSION.md failure 5);
 *   - finds, as the loader would (ldsearch.h), the libraries each one needs
 *     that the wheel does not carry and the policy does not allow, and
 *     theirs, recursively; copies them to "<dist>.libs/" at the wheel's
 *     root as "<stem>-<first 8 hex digits of their sha256>.<rest>" (the
 *     name auditwheel gives: the real file's name split at its first '.'),
 *     sets their DT_SONAME to that name, and rewrites every DT_NEEDED that
 *     named them;
 *   - gives each file that needs a copied library the DT_RPATH
 *     "$ORIGIN/<relative path to the .libs folder>" (its former search
 *     path entries that stay inside the wheel are kept in front), and each
 *     copied library that needs another one DT_RPATH "$ORIGIN" (the others
 *     lose any search path). DT_RPATH, not DT_RUNPATH: a RUNPATH is not
 *     used for the dependencies' own dependencies.
 * Then it tags the wheel with the most compatible manylinux/musllinux
 * policy that now holds (audit/policy_match.h: symbol versions of the
 * binaries and of the copied libraries, blacklisted symbols, x86-64 ISA
 * level, libraries), plus the policy's aliases, or with opts.plat, refused
 * with the reasons when the binaries cannot meet it; rewrites WHEEL's Tag
 * lines and RECORD; and writes the wheel into out_dir through a temporary
 * file, with SOURCE_DATE_EPOCH timestamps, so the same input gives the same
 * bytes.
 *
 * The input wheel is read once with every zip check (zip_read.h) before
 * anything is written; the only file written is the new wheel.
 */
#ifndef WW_REPAIR_H
#define WW_REPAIR_H

#include "../base/err.h"
#include "../base/strbuf.h"

struct repair_opts {
	const char *out_dir;		/* "wheelhouse" when NULL */
	/*
	 * The platform tag to meet ("manylinux_2_28_x86_64", an alias such as
	 * "manylinux2014_x86_64"); NULL for the best the binaries allow. A
	 * better policy that also holds is added in front, as auditwheel
	 * does.
	 */
	const char *plat;
	const char *ld_library_path;	/* searched like the loader does */
	const char *sysroot;		/* resolve in this root ("" or NULL: /) */
	/*
	 * --exclude: fnmatch(3) patterns (no backslash escapes, '*' matches
	 * '/' too, as Python's fnmatch that auditwheel uses). A needed
	 * library whose DT_NEEDED name, or the real path of the file found
	 * for it, matches one is left to the target system: neither copied
	 * nor required to be found, its DT_NEEDED kept, and the policy
	 * treats it as whitelisted. libpython is removed all the same.
	 */
	const char *const *exclude;
	size_t nr_exclude;
	/*
	 * --strip: remove symbol tables and debug information, as
	 * `strip -s` does (formats/elf_strip.h), from the wheel's ELF files
	 * and the copies.
	 */
	int strip;
	/* --only-plat: with plat, tag the wheel with that policy alone */
	int only_plat;
	/* Threads compressing the output (0: one per CPU); same bytes for any. */
	int threads;
	/* -z: deflate level 0-9 of the new wheel; -1: the zip writer's default */
	int level;
	/* --lib-sdir: the copies go to "<dist><lib_sdir>/"; NULL: ".libs" */
	const char *lib_sdir;
	/*
	 * --disable-isa-ext-check: the x86-64 ISA level a binary's GNU
	 * property note asks for does not rule out a policy.
	 */
	int no_isa_check;
};

#define REPAIR_OPTS_INIT { NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, -1, NULL, 0 }

struct repair_result {
	struct strbuf path;	/* the wheel written */
	struct strbuf tags;	/* "manylinux_2_17_x86_64.manylinux2014_x86_64" */
	struct strbuf actions;	/* lines: "removed ...", "vendored ..." */
	size_t nr_vendored;
	size_t nr_edited;	/* ELF files of the wheel that changed */
};

void repair_result_init(struct repair_result *r);
/* Checks the options that do not depend on a wheel (the patterns); status 2. */
int repair_check_opts(const struct repair_opts *opts, struct err *e);
void repair_result_release(struct repair_result *r);

int repair_wheel(const char *wheel, const struct repair_opts *opts,
		 struct repair_result *r, struct err *e);

#endif
