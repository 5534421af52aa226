/*
 * Child processes: spawn with captured output, poll many at once, kill on a
 * deadline. All process code of wheelwright is here (and in os.c).
 *
 * A struct proc owns its pipes until it has finished; its captured output
 * stays in proc.out / proc.errout until proc_release().
 */
#ifndef WW_PROC_H
#define WW_PROC_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <sys/types.h>

struct proc {
	pid_t pid;
	int out_fd, err_fd;	/* -1 once closed */
	int running;
	int status;		/* exit status, or 128+signal */
	int timed_out;
	struct strbuf out;
	struct strbuf errout;
	void *data;		/* for the caller */
};

struct proc_opts {
	const char *cwd;		/* NULL: inherit */
	const char *const *env;		/* NULL: inherit; else full envp */
	int merge_stderr;		/* stderr goes to proc.out too */
	int inherit_output;		/* no capture: child writes to our fds */
};

void proc_init(struct proc *p);
void proc_release(struct proc *p);

/* Starts argv[0] (looked up on PATH) with stdin from /dev/null. */
int proc_spawn(struct proc *p, const char *const *argv,
	       const struct proc_opts *o, struct err *e);

/*
 * Waits up to timeout_ms (-1: forever) for output or exit of any running proc
 * in ps, reading what is available. Returns the number still running.
 */
size_t proc_poll(struct proc **ps, size_t n, int timeout_ms);

/* Sends SIGKILL to the process (group) and reaps it. */
void proc_kill(struct proc *p);

/*
 * Runs each command to completion, at most `parallel` at once, killing any
 * that runs longer than timeout_ms (those get timed_out=1, status 137).
 * argvs[i] is the argv of ps[i]; spawn failures leave status 127 and the
 * reason in errout.
 */
void proc_run_all(struct proc *ps, const char *const *const *argvs, size_t n,
		  const struct proc_opts *o, size_t parallel, int timeout_ms);

/* Runs one command with a timeout; 0 when it ran (whatever its status). */
int proc_run(struct proc *p, const char *const *argv,
	     const struct proc_opts *o, int timeout_ms, struct err *e);

/* Milliseconds from a monotonic clock. */
long long os_now_ms(void);
int os_cpu_count(void);
/* Resolves symlinks; NULL if the path does not exist. Caller frees. */
char *os_realpath(const char *path);
int os_is_executable(const char *path);
/* The running program's own file, or NULL when the system does not say. */
char *os_self_exe(void);
/* Looks name up on PATH (or takes it as is if it has a '/'). */
char *os_find_program(const char *name);

#endif
