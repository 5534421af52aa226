/*
 * Building a project's extension modules for many targets in one run.
 *
 * Every target builds in its own folder, named by its configuration hash,
 * so an artifact made for one configuration can never be found by another
 * (MISSION.md failure 1). Inside it, each object is reused only when its
 * manifest (objcache.h) says the command key and every input are unchanged,
 * and each module is relinked only when its link key changed.
 *
 * All targets' compiles and links go into one job loop (jobs.h).
 */
#ifndef WW_BUILD_H
#define WW_BUILD_H

#include "jobs.h"
#include "../core/project.h"
#include "../core/target.h"

struct built_module {
	char *name;		/* "hello._core" */
	char *wheel_path;	/* "hello/_core.cpython-311-x86_64-linux-gnu.so" */
	char *file;		/* the built file (relative to the project dir) */
	int abi3;		/* built with Py_LIMITED_API */
};

struct target_build {
	const struct target *target;
	char *dir;		/* the target's build folder, relative to project */
	struct built_module *mods;
	size_t n_mods;
	size_t compiles, links;	/* commands run for it */
	size_t jobs_left;
	long long start_ms, ms;
	int failed;
};

struct build_opts {
	size_t parallel;		/* 0: the number of CPUs */
	int debug;			/* -O0 -g instead of -O2 -DNDEBUG */
	const char *build_root;		/* default "build/wheelwright" */
	void (*on_job)(const struct job *j, void *ctx);
	void (*on_target)(const struct target_build *tb, void *ctx);
	void *ctx;
};

/*
 * Builds every module of p for each of the n targets. On success *out is
 * an array of n target_builds (release each with target_build_release and
 * free the array). Compiler failures are EXIT_FAILED errors; their output
 * has gone to on_job.
 */
int build_targets(const struct project *p, const struct target *ts, size_t n,
		  const struct build_opts *o, struct target_build **out,
		  struct err *e);
void target_build_release(struct target_build *tb);

/* The build folder of a target: "<root>/<first 16 hex of its hash>". */
void build_dir_of(const struct target *t, const char *root, struct strbuf *out);

#endif
