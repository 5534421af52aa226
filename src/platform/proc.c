#include "proc.h"
#include "../base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

void proc_init(struct proc *p)
{
	memset(p, 0, sizeof(*p));
	p->pid = -1;
	p->out_fd = p->err_fd = -1;
	sb_init(&p->out);
	sb_init(&p->errout);
}

void proc_release(struct proc *p)
{
	if (p->running)
		proc_kill(p);
	if (p->out_fd >= 0)
		close(p->out_fd);
	if (p->err_fd >= 0)
		close(p->err_fd);
	sb_release(&p->out);
	sb_release(&p->errout);
	proc_init(p);
}

static int make_pipe(int fds[2])
{
	if (pipe(fds))
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

int proc_spawn(struct proc *p, const char *const *argv,
	       const struct proc_opts *o, struct err *e)
{
	static const struct proc_opts none;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	char *const *envp;
	int rc;

	if (!o)
		o = &none;
	envp = o->env ? (char *const *)o->env : environ;
	if (!o->inherit_output && make_pipe(outp))
		return err_fail(e, "cannot create a pipe: %s", strerror(errno));
	if (!o->inherit_output && !o->merge_stderr && make_pipe(errp)) {
		close(outp[0]);
		close(outp[1]);
		return err_fail(e, "cannot create a pipe: %s", strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (!o->inherit_output) {
		posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
		posix_spawn_file_actions_adddup2(&fa, o->merge_stderr ? outp[1] : errp[1], 2);
	}
	if (o->cwd)
		posix_spawn_file_actions_addchdir_np(&fa, o->cwd);
	posix_spawnattr_init(&attr);
	/* Its own process group, so a kill reaches what it starts too. */
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	rc = posix_spawnp(&p->pid, argv[0], &fa, &attr, (char *const *)argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (outp[1] >= 0)
		close(outp[1]);
	if (errp[1] >= 0)
		close(errp[1]);
	if (rc) {
		if (outp[0] >= 0)
			close(outp[0]);
		if (errp[0] >= 0)
			close(errp[0]);
		p->pid = -1;
		p->status = 127;
		return err_fail(e, "cannot run '%s': %s", argv[0], strerror(rc));
	}
	p->out_fd = outp[0];
	p->err_fd = errp[0];
	p->running = 1;
	return 0;
}

static void drain(int *fd, struct strbuf *sb)
{
	char buf[16384];
	ssize_t n = read(*fd, buf, sizeof(buf));

	if (n > 0) {
		sb_add(sb, buf, (size_t)n);
		return;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	close(*fd);
	*fd = -1;
}

static void reap(struct proc *p, int block)
{
	int st;
	pid_t r;

	do
		r = waitpid(p->pid, &st, block ? 0 : WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r != p->pid)
		return;
	p->running = 0;
	if (WIFEXITED(st))
		p->status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		p->status = 128 + WTERMSIG(st);
	else
		p->status = 255;
}

size_t proc_poll(struct proc **ps, size_t n, int timeout_ms)
{
	struct pollfd *fds = xcalloc(st_mult(n, 2) + 1, sizeof(*fds));
	size_t i, nfds = 0, running = 0;

	for (i = 0; i < n; i++) {
		if (ps[i]->out_fd >= 0)
			fds[nfds++] = (struct pollfd){ ps[i]->out_fd, POLLIN, 0 };
		if (ps[i]->err_fd >= 0)
			fds[nfds++] = (struct pollfd){ ps[i]->err_fd, POLLIN, 0 };
	}
	if (nfds) {
		/* Output pipes close when the child exits; poll wakes then. */
		if (poll(fds, nfds, timeout_ms) > 0) {
			for (i = 0; i < n; i++) {
				size_t k;

				for (k = 0; k < nfds; k++) {
					if (!fds[k].revents)
						continue;
					if (fds[k].fd == ps[i]->out_fd)
						drain(&ps[i]->out_fd, &ps[i]->out);
					else if (fds[k].fd == ps[i]->err_fd)
						drain(&ps[i]->err_fd, &ps[i]->errout);
				}
			}
		}
	} else if (timeout_ms) {
		/* Nothing captured: wait for an exit by short naps. */
		struct timespec ts = { 0, 2 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	for (i = 0; i < n; i++) {
		if (!ps[i]->running)
			continue;
		/* Block on a child whose pipes are closed: it is exiting. */
		reap(ps[i], ps[i]->out_fd < 0 && ps[i]->err_fd < 0 &&
			     nfds != 0);
		if (ps[i]->running)
			running++;
	}
	free(fds);
	return running;
}

void proc_kill(struct proc *p)
{
	if (!p->running)
		return;
	kill(-p->pid, SIGKILL);
	kill(p->pid, SIGKILL);
	reap(p, 1);
	if (p->out_fd >= 0) {
		close(p->out_fd);
		p->out_fd = -1;
	}
	if (p->err_fd >= 0) {
		close(p->err_fd);
		p->err_fd = -1;
	}
}

long long os_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void proc_run_all(struct proc *ps, const char *const *const *argvs, size_t n,
		  const struct proc_opts *o, size_t parallel, int timeout_ms)
{
	struct proc **live = xcalloc(n + 1, sizeof(*live));
	long long *start = xcalloc(n + 1, sizeof(*start));
	size_t next = 0, nlive = 0, i;

	if (!parallel)
		parallel = 1;
	while (next < n || nlive) {
		while (next < n && nlive < parallel) {
			struct err e = ERR_INIT;

			if (proc_spawn(&ps[next], argvs[next], o, &e)) {
				sb_add(&ps[next].errout, e.msg.buf, e.msg.len);
				ps[next].status = 127;
			} else {
				start[nlive] = os_now_ms();
				live[nlive++] = &ps[next];
			}
			err_release(&e);
			next++;
		}
		if (!nlive)
			continue;
		proc_poll(live, nlive, 50);
		for (i = 0; i < nlive; i++) {
			struct proc *p = live[i];

			if (p->running && timeout_ms >= 0 &&
			    os_now_ms() - start[i] > timeout_ms) {
				proc_kill(p);
				p->timed_out = 1;
				p->status = 137;
			}
			if (!p->running && p->out_fd < 0 && p->err_fd < 0) {
				live[i] = live[nlive - 1];
				start[i] = start[nlive - 1];
				nlive--;
				i--;
			}
		}
	}
	free(live);
	free(start);
}

int proc_run(struct proc *p, const char *const *argv,
	     const struct proc_opts *o, int timeout_ms, struct err *e)
{
	const char *const *argvs[1];

	argvs[0] = argv;
	proc_run_all(p, argvs, 1, o, 1, timeout_ms);
	if (p->status == 127 && p->pid < 0)
		return err_fail(e, "%s", p->errout.buf);
	return 0;
}

int os_cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

char *os_realpath(const char *path)
{
	char buf[PATH_MAX];

	if (!realpath(path, buf))
		return NULL;
	return xstrdup(buf);
}

char *os_self_exe(void)
{
	/* Linux; elsewhere NULL, and editable installs rebuild with PATH's. */
	return os_realpath("/proc/self/exe");
}

int os_is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

char *os_find_program(const char *name)
{
	const char *path = getenv("PATH");
	struct strbuf sb = STRBUF_INIT;

	if (strchr(name, '/'))
		return os_is_executable(name) ? xstrdup(name) : NULL;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);

		sb_reset(&sb);
		sb_add(&sb, len ? path : ".", len ? len : 1);
		sb_addc(&sb, '/');
		sb_adds(&sb, name);
		if (os_is_executable(sb.buf))
			return sb_detach(&sb, NULL);
		path += len + (colon ? 1 : 0);
	}
	sb_release(&sb);
	return NULL;
}
