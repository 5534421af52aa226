/*
 * The job loop: runs commands (compiles, links) for all targets together, at
 * most `parallel` at a time, each as soon as the jobs it depends on have
 * succeeded. Each job's output (stdout and stderr merged) is kept and handed
 * whole to the report callback when the job ends, so outputs never
 * interleave. After the first failure no new job starts; running ones are
 * let finish. On SIGINT/SIGTERM/SIGHUP every child is killed and the
 * process dies of the same signal.
 *
 * The loop never prints: the command layer prints in `report`.
 */
#ifndef WW_JOBS_H
#define WW_JOBS_H

#include "../base/err.h"
#include "../base/strbuf.h"
#include "../base/words.h"

#include <stddef.h>

enum job_state { JOB_WAITING, JOB_RUNNING, JOB_DONE, JOB_FAILED, JOB_NOT_RUN };

struct job;
/* Runs in the parent after the command succeeded (rename outputs, record). */
typedef int (*job_done_fn)(struct job *j, void *ctx, struct err *e);

struct job {
	struct words argv;	/* owned */
	char *label;		/* owned: "compile src/core.c" */
	size_t group;		/* the caller's grouping (a target's index) */
	size_t waiting_on;	/* unfinished jobs this one needs */
	size_t *unblocks;	/* indexes of jobs that need this one */
	size_t n_unblocks, alloc_unblocks;
	job_done_fn done;
	void *data;		/* for done() */
	enum job_state state;
	int status;		/* exit status */
	long long ms;		/* how long it ran */
	struct strbuf output;	/* what it printed */
};

struct job_loop {
	struct job *jobs;
	size_t n, alloc;
	size_t parallel;
	const char *cwd;	/* where commands run; NULL: here */
	void (*report)(const struct job *j, void *ctx);
	void *ctx;
	size_t started;		/* how many commands were run */
};

void job_loop_init(struct job_loop *l, size_t parallel);
void job_loop_release(struct job_loop *l);

/* Adds a job (taking over argv) and returns its index. */
size_t job_add(struct job_loop *l, struct words *argv, const char *label,
	       size_t group, job_done_fn done, void *data);
/* Job `job` starts only after job `on` has succeeded. */
void job_depend(struct job_loop *l, size_t job, size_t on);

/*
 * Runs every job. Returns 0 when all succeeded; -1 when one failed (e
 * names the first failure; its output went to report) or a done() failed.
 */
int job_loop_run(struct job_loop *l, struct err *e);

#endif
