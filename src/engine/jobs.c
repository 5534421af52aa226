#include "jobs.h"
#include "../base/xalloc.h"
#include "../platform/proc.h"
#include "../platform/signals.h"

#include <stdlib.h>
#include <string.h>

void job_loop_init(struct job_loop *l, size_t parallel)
{
	memset(l, 0, sizeof(*l));
	l->parallel = parallel ? parallel : 1;
}

void job_loop_release(struct job_loop *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		words_release(&l->jobs[i].argv);
		free(l->jobs[i].label);
		free(l->jobs[i].unblocks);
		sb_release(&l->jobs[i].output);
	}
	free(l->jobs);
	memset(l, 0, sizeof(*l));
}

size_t job_add(struct job_loop *l, struct words *argv, const char *label,
	       size_t group, job_done_fn done, void *data)
{
	struct job *j;

	ALLOC_GROW(l->jobs, l->n + 1, l->alloc);
	j = &l->jobs[l->n];
	memset(j, 0, sizeof(*j));
	j->argv = *argv;
	words_init(argv);
	j->label = xstrdup(label);
	j->group = group;
	j->done = done;
	j->data = data;
	j->state = JOB_WAITING;
	sb_init(&j->output);
	return l->n++;
}

void job_depend(struct job_loop *l, size_t job, size_t on)
{
	struct job *o = &l->jobs[on];

	ALLOC_GROW(o->unblocks, o->n_unblocks + 1, o->alloc_unblocks);
	o->unblocks[o->n_unblocks++] = job;
	l->jobs[job].waiting_on++;
}

struct slot {
	struct proc proc;
	size_t job;
	long long start;
};

/* The next job whose dependencies are done, from `from` on; l->n if none. */
static size_t next_ready(struct job_loop *l, size_t *from)
{
	for (; *from < l->n; (*from)++) {
		struct job *j = &l->jobs[*from];

		if (j->state == JOB_WAITING && j->waiting_on == 0)
			return (*from)++;
	}
	return l->n;
}

static int start_job(struct job_loop *l, struct slot *s, size_t idx,
		     struct err *e)
{
	struct proc_opts o = { l->cwd, NULL, 1, 0 };
	struct job *j = &l->jobs[idx];

	proc_init(&s->proc);
	s->job = idx;
	s->start = os_now_ms();
	j->state = JOB_RUNNING;
	l->started++;
	if (proc_spawn(&s->proc, (const char *const *)j->argv.v, &o, e)) {
		j->state = JOB_FAILED;
		j->status = 127;
		sb_add(&j->output, e->msg.buf, e->msg.len);
		sb_addc(&j->output, '\n');
		return -1;
	}
	return 0;
}

/* A job's command ended: record it, run done(), release what it blocked. */
static int finish_job(struct job_loop *l, struct slot *s, struct err *e)
{
	struct job *j = &l->jobs[s->job];
	size_t i;
	int rc = 0;

	j->status = s->proc.status;
	j->ms = os_now_ms() - s->start;
	sb_add(&j->output, s->proc.out.buf, s->proc.out.len);
	proc_release(&s->proc);
	if (j->status == 0 && j->done && j->done(j, l->ctx, e)) {
		sb_add(&j->output, e->msg.buf, e->msg.len);
		sb_addc(&j->output, '\n');
		j->status = 1;
	}
	if (j->status) {
		j->state = JOB_FAILED;
		rc = -1;
	} else {
		j->state = JOB_DONE;
		for (i = 0; i < j->n_unblocks; i++)
			l->jobs[j->unblocks[i]].waiting_on--;
	}
	if (l->report)
		l->report(j, l->ctx);
	return rc;
}

static void kill_all(struct slot *slots, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		proc_release(&slots[i].proc);
}

int job_loop_run(struct job_loop *l, struct err *e)
{
	struct slot *slots = xcalloc(l->parallel, sizeof(*slots));
	struct proc **live = xcalloc(l->parallel, sizeof(*live));
	size_t nrun = 0, scan = 0, i, failed = l->n;
	int sig;

	signals_catch();
	for (;;) {
		while (failed == l->n && nrun < l->parallel) {
			size_t idx = next_ready(l, &scan);

			if (idx == l->n)
				break;
			if (start_job(l, &slots[nrun], idx, e)) {
				failed = idx;
				if (l->report)
					l->report(&l->jobs[idx], l->ctx);
				break;
			}
			nrun++;
		}
		if (!nrun)
			break;
		for (i = 0; i < nrun; i++)
			live[i] = &slots[i].proc;
		proc_poll(live, nrun, 200);
		if ((sig = signals_caught())) {
			kill_all(slots, nrun);
			signals_reraise(sig);
		}
		for (i = 0; i < nrun; i++) {
			struct proc *p = &slots[i].proc;

			if (p->running || p->out_fd >= 0 || p->err_fd >= 0)
				continue;
			if (finish_job(l, &slots[i], e) && failed == l->n)
				failed = slots[i].job;
			slots[i] = slots[--nrun];
			i--;
			/* A finished job may make earlier-listed jobs ready. */
			scan = 0;
		}
	}
	signals_restore();
	free(slots);
	free(live);
	for (i = 0; i < l->n; i++)
		if (l->jobs[i].state == JOB_WAITING)
			l->jobs[i].state = JOB_NOT_RUN;
	if (failed != l->n) {
		struct job *j = &l->jobs[failed];

		err_release(e);
		return err_fail(e, "%s failed (exit status %d)", j->label, j->status);
	}
	return 0;
}
