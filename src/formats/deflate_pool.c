#include "deflate_pool.h"
#include "../base/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Input is fed to zlib in pieces this big, checking for cancellation. */
#define FEED		(64 * 1024)
/* Room for a block's output: deflate grows incompressible input by a few
 * bytes per 16 KiB stored block, plus a sync flush or a stream end. */
#define OUT_CAP		(DEFLATE_POOL_BLOCK + DEFLATE_POOL_BLOCK / 16 + 1024)

enum { SLOT_FREE, SLOT_QUEUED, SLOT_RUNNING, SLOT_DONE };

struct worker {
	pthread_t thread;
	struct deflate_pool *pool;
	z_stream z;
	int z_ready;
};

struct deflate_pool {
	int level;
	struct deflate_job slots[DEFLATE_POOL_MAX_SLOTS];
	size_t nslots, head, count;	/* a ring of nslots, count in use */
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	int sync;			/* mu and the conds are initialized */
	int stop;
	struct worker *workers;
	int nworkers;
	struct worker inline_worker;	/* threads <= 1: the caller's */
};

static void run_job(struct worker *w, int level, struct deflate_job *j)
{
	size_t fed = 0;

	j->out_len = 0;
	j->cancelled = 0;
	if (!j->in_len)
		return;
	if (!w->z_ready) {
		if (deflateInit2(&w->z, level, Z_DEFLATED, -15, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK)
			die("zlib cannot start a deflate stream");
		w->z_ready = 1;
	} else if (deflateReset(&w->z) != Z_OK) {
		die("zlib cannot reset a deflate stream");
	}
	if (j->dict_len &&
	    deflateSetDictionary(&w->z, j->dict, (uInt)j->dict_len) != Z_OK)
		die("zlib refused a deflate dictionary");
	w->z.next_out = j->out;
	w->z.avail_out = (uInt)j->out_cap;
	while (fed < j->in_len) {
		size_t n = j->in_len - fed < FEED ? j->in_len - fed : FEED;
		int end = fed + n == j->in_len, ret;
		int flush = !end ? Z_NO_FLUSH : j->last ? Z_FINISH : Z_SYNC_FLUSH;

		if (j->cancel && atomic_load(j->cancel)) {
			j->cancelled = 1;
			return;
		}
		w->z.next_in = (unsigned char *)j->in + fed;
		w->z.avail_in = (uInt)n;
		ret = deflate(&w->z, flush);
		if (w->z.avail_in || (flush == Z_FINISH && ret != Z_STREAM_END))
			die("deflate output larger than its buffer");
		fed += n;
	}
	j->out_len = j->out_cap - w->z.avail_out;
	if (j->probe && j->out_len * 100 > j->in_len * 97)
		atomic_store(j->cancel, 1);
}

/* The oldest queued job, or NULL. Called with the lock held. */
static struct deflate_job *next_queued(struct deflate_pool *p)
{
	size_t k;

	for (k = 0; k < p->count; k++) {
		struct deflate_job *j = &p->slots[(p->head + k) % p->nslots];

		if (j->state == SLOT_QUEUED)
			return j;
	}
	return NULL;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct deflate_pool *p = w->pool;
	struct deflate_job *j;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && !(j = next_queued(p)))
			pthread_cond_wait(&p->work, &p->mu);
		if (p->stop)
			break;
		j->state = SLOT_RUNNING;
		pthread_mutex_unlock(&p->mu);
		run_job(w, p->level, j);
		pthread_mutex_lock(&p->mu);
		j->state = SLOT_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct deflate_pool *deflate_pool_new(int threads, int level)
{
	struct deflate_pool *p = xcalloc(1, sizeof(*p));
	size_t i;
	int k;

	p->level = level;
	p->nslots = threads <= 1 ? 2 : (size_t)threads * 2 + 2;
	if (p->nslots > DEFLATE_POOL_MAX_SLOTS)
		p->nslots = DEFLATE_POOL_MAX_SLOTS;
	for (i = 0; i < p->nslots; i++) {
		struct deflate_job *j = &p->slots[i];

		j->in_buf = xmalloc(DEFLATE_POOL_BLOCK);
		j->dict = xmalloc(DEFLATE_POOL_DICT);
		j->out_cap = OUT_CAP;
		j->out = xmalloc(OUT_CAP);
	}
	if (threads <= 1)
		return p;
	if ((size_t)threads > p->nslots)
		threads = (int)p->nslots;	/* more would find no job */
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	p->sync = 1;
	p->workers = xcalloc((size_t)threads, sizeof(*p->workers));
	for (k = 0; k < threads; k++) {
		p->workers[k].pool = p;
		if (pthread_create(&p->workers[k].thread, NULL, worker_main,
				   &p->workers[k]))
			break;	/* fewer threads: still correct */
		p->nworkers++;
	}
	if (!p->nworkers) {
		/* No thread at all: compress inline, as for threads <= 1. */
		free(p->workers);
		p->workers = NULL;
	}
	return p;
}

void deflate_pool_free(struct deflate_pool *p)
{
	size_t i;
	int k;

	if (!p)
		return;
	if (p->workers) {
		pthread_mutex_lock(&p->mu);
		p->stop = 1;
		pthread_cond_broadcast(&p->work);
		pthread_mutex_unlock(&p->mu);
		for (k = 0; k < p->nworkers; k++) {
			pthread_join(p->workers[k].thread, NULL);
			if (p->workers[k].z_ready)
				deflateEnd(&p->workers[k].z);
		}
		free(p->workers);
	}
	if (p->sync) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->work);
		pthread_cond_destroy(&p->done);
	}
	if (p->inline_worker.z_ready)
		deflateEnd(&p->inline_worker.z);
	for (i = 0; i < p->nslots; i++) {
		free(p->slots[i].in_buf);
		free(p->slots[i].dict);
		free(p->slots[i].out);
	}
	free(p);
}

int deflate_pool_full(const struct deflate_pool *p)
{
	return p->count == p->nslots;
}

int deflate_pool_empty(const struct deflate_pool *p)
{
	return p->count == 0;
}

struct deflate_job *deflate_pool_slot(struct deflate_pool *p)
{
	struct deflate_job *j = &p->slots[(p->head + p->count) % p->nslots];

	if (deflate_pool_full(p))
		die("deflate pool: no free slot");
	j->in = j->in_buf;
	j->in_len = j->dict_len = 0;
	j->last = j->probe = 0;
	j->cancel = NULL;
	j->owner = NULL;
	j->kind = 0;
	return j;
}

void deflate_pool_submit(struct deflate_pool *p)
{
	struct deflate_job *j = &p->slots[(p->head + p->count) % p->nslots];

	if (!p->workers) {
		run_job(&p->inline_worker, p->level, j);
		j->state = SLOT_DONE;
		p->count++;
		return;
	}
	pthread_mutex_lock(&p->mu);
	j->state = SLOT_QUEUED;
	p->count++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
}

struct deflate_job *deflate_pool_head(struct deflate_pool *p)
{
	struct deflate_job *j;

	if (!p->count)
		return NULL;
	j = &p->slots[p->head];
	if (!p->workers)
		return j;
	pthread_mutex_lock(&p->mu);
	while (j->state != SLOT_DONE)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
	return j;
}

void deflate_pool_pop(struct deflate_pool *p)
{
	if (!p->count)
		return;
	if (p->workers)
		pthread_mutex_lock(&p->mu);
	p->slots[p->head].state = SLOT_FREE;
	p->head = (p->head + 1) % p->nslots;
	p->count--;
	if (p->workers)
		pthread_mutex_unlock(&p->mu);
}
