/*
 * Parallel, ordered reading of every member (see zip_scan.h). Workers
 * claim members largest first, each into the slot of its position; the
 * caller waits for the position it is due to hand out next. Kept content
 * is reserved against a budget under the lock; over it, a member is only
 * hashed, and read again on the caller's thread when its turn comes.
 */
#include "zip_scan.h"
#include "../base/sha256.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum { SLOT_FREE, SLOT_BUSY, SLOT_DONE };

struct zip_scan_slot {
	int state;
	int rc;
	int deferred;		/* keep() said yes, the budget said no */
	struct err err;
	struct zip_scan_item item;
	struct sha256 *sha;	/* while it is being read */
	struct zip_scan *scan;
	size_t pos;		/* in scan->todo */
};

/* Whether pos may keep size bytes now; reserves them if so. */
static int reserve(struct zip_scan *s, size_t pos, uint64_t size)
{
	int ok;

	pthread_mutex_lock(&s->mu);
	ok = pos == s->delivered || s->kept_bytes + size <= s->o.keep_budget;
	if (ok)
		s->kept_bytes += size;
	pthread_mutex_unlock(&s->mu);
	return ok;
}

static void decide(struct zip_scan_slot *sl)
{
	struct zip_scan *s = sl->scan;
	struct zip_scan_item *it = &sl->item;

	if (!s->o.keep || !s->o.keep(s->o.keep_ctx, it->m, it->head, it->head_len))
		return;
	if (!reserve(s, sl->pos, it->m->size)) {
		sl->deferred = 1;
		return;
	}
	it->kept = 1;
	sb_grow(&it->data, (size_t)it->m->size);	/* one allocation */
	sb_add(&it->data, it->head, it->head_len);
}

static int sink(void *ctx, const void *buf, size_t len, struct err *e)
{
	struct zip_scan_slot *sl = ctx;
	struct zip_scan_item *it = &sl->item;
	const unsigned char *p = buf;
	size_t fill;

	(void)e;
	sha256_update(sl->sha, buf, len);
	if (it->head_len < ZIP_SCAN_HEAD) {
		fill = ZIP_SCAN_HEAD - it->head_len;
		if (fill > len)
			fill = len;
		memcpy(it->head + it->head_len, p, fill);
		it->head_len += fill;
		if (it->head_len == ZIP_SCAN_HEAD || it->head_len == it->m->size)
			decide(sl);
		p += fill;
		len -= fill;
	}
	if (it->kept && len)
		sb_add(&it->data, p, len);
	return 0;
}

/* Reads the member at position pos; runs on a worker or the caller. */
static void fill_slot(struct zip_scan *s, size_t pos)
{
	struct zip_scan_slot *sl = &s->slots[pos];
	struct zip_scan_item *it = &sl->item;
	struct sha256 sha;

	sl->scan = s;
	sl->pos = pos;
	sl->sha = &sha;
	it->index = s->todo[pos];
	it->m = &s->zr->m[it->index];
	sha256_init(&sha);
	if (it->m->size == 0)
		decide(sl);
	sl->rc = zip_reader_extract(s->zr, it->index, sink, sl, &sl->err);
	if (!sl->rc) {
		sha256_final(&sha, it->sha256);
		it->size = it->m->size;
	}
	sl->sha = NULL;
}

static void *worker(void *arg)
{
	struct zip_scan *s = arg;
	size_t pos;

	pthread_mutex_lock(&s->mu);
	while (!s->stop && s->claimed < s->nr) {
		pos = s->order[s->claimed++];
		s->slots[pos].state = SLOT_BUSY;
		pthread_mutex_unlock(&s->mu);
		fill_slot(s, pos);
		pthread_mutex_lock(&s->mu);
		s->slots[pos].state = SLOT_DONE;
		pthread_cond_broadcast(&s->ready);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

struct by_size {
	uint64_t csize;
	size_t pos;
};

/* Larger compressed data first; archive order among equals. */
static int by_size_desc(const void *a, const void *b)
{
	const struct by_size *x = a, *y = b;

	if (x->csize != y->csize)
		return x->csize > y->csize ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void plan(struct zip_scan *s)
{
	struct by_size *v;
	size_t i;

	s->todo = xcalloc(s->zr->nr + 1, sizeof(*s->todo));
	for (i = 0; i < s->zr->nr; i++)
		if (!zip_member_is_dir(&s->zr->m[i]))
			s->todo[s->nr++] = i;
	v = xcalloc(s->nr + 1, sizeof(*v));
	for (i = 0; i < s->nr; i++) {
		v[i].csize = s->zr->m[s->todo[i]].csize;
		v[i].pos = i;
	}
	if (s->nthreads)	/* alone, the caller reads in archive order */
		qsort(v, s->nr, sizeof(*v), by_size_desc);
	s->order = xcalloc(s->nr + 1, sizeof(*s->order));
	for (i = 0; i < s->nr; i++)
		s->order[i] = v[i].pos;
	free(v);
}

void zip_scan_start(struct zip_scan *s, struct zip_reader *zr,
		    const struct zip_scan_opts *o)
{
	size_t i;
	int t;

	memset(s, 0, sizeof(*s));
	s->zr = zr;
	s->o = *o;
	if (!s->o.keep_budget)
		s->o.keep_budget = ZIP_SCAN_KEEP_BUDGET;
	s->nthreads = o->threads > 1 ? o->threads : 0;
	if ((size_t)s->nthreads > zr->nr)
		s->nthreads = (int)zr->nr;
	plan(s);
	s->slots = xcalloc(s->nr + 1, sizeof(*s->slots));
	for (i = 0; i < s->nr; i++) {
		sb_init(&s->slots[i].item.data);
		err_init(&s->slots[i].err);
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->ready, NULL);
	s->threads = xcalloc((size_t)s->nthreads + 1, sizeof(*s->threads));
	for (t = 0; t < s->nthreads; t++)
		if (pthread_create(&s->threads[t], NULL, worker, s))
			break;	/* fewer workers; the caller covers the rest */
	s->nthreads = t;
}

/* Frees the item handed out last and gives back its share of the budget. */
static void recycle(struct zip_scan *s)
{
	struct zip_scan_item *it;

	if (!s->handed)
		return;
	it = &s->slots[s->delivered - 1].item;
	if (it->kept) {
		pthread_mutex_lock(&s->mu);
		s->kept_bytes -= it->m->size;
		pthread_mutex_unlock(&s->mu);
	}
	sb_release(&it->data);
	s->handed = 0;
}

/* The member due next, read on this thread if no worker has taken it. */
static void wait_for(struct zip_scan *s, struct zip_scan_slot *sl, size_t pos)
{
	pthread_mutex_lock(&s->mu);
	if (sl->state == SLOT_FREE && !s->nthreads) {
		sl->state = SLOT_BUSY;
		pthread_mutex_unlock(&s->mu);
		fill_slot(s, pos);
		pthread_mutex_lock(&s->mu);
		sl->state = SLOT_DONE;
	}
	while (sl->state != SLOT_DONE)
		pthread_cond_wait(&s->ready, &s->mu);
	s->delivered = pos + 1;
	s->handed = 1;
	if (sl->rc)
		s->stop = 1;
	pthread_mutex_unlock(&s->mu);
}

/* A member a worker hashed but could not keep: its content, read again. */
static int read_deferred(struct zip_scan *s, struct zip_scan_slot *sl,
			 struct err *e)
{
	struct zip_scan_item *it = &sl->item;

	sb_reset(&it->data);
	if (zip_reader_extract_mem(s->zr, it->index, it->m->size, &it->data, e))
		return -1;
	pthread_mutex_lock(&s->mu);
	s->kept_bytes += it->m->size;
	pthread_mutex_unlock(&s->mu);
	it->kept = 1;
	sl->deferred = 0;
	return 0;
}

int zip_scan_next(struct zip_scan *s, const struct zip_scan_item **item,
		  struct err *e)
{
	struct zip_scan_slot *sl;
	size_t pos;

	recycle(s);
	if (s->stop || s->delivered >= s->nr)
		return 0;
	pos = s->delivered;
	sl = &s->slots[pos];
	wait_for(s, sl, pos);
	if (sl->rc) {
		err_move(e, &sl->err);
		return -1;
	}
	if (sl->deferred && read_deferred(s, sl, e)) {
		pthread_mutex_lock(&s->mu);
		s->stop = 1;
		pthread_mutex_unlock(&s->mu);
		return -1;
	}
	*item = &sl->item;
	return 1;
}

void zip_scan_release(struct zip_scan *s)
{
	size_t i;
	int t;

	if (!s->slots)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = 1;
	pthread_mutex_unlock(&s->mu);
	for (t = 0; t < s->nthreads; t++)
		pthread_join(s->threads[t], NULL);
	for (i = 0; i < s->nr; i++) {
		sb_release(&s->slots[i].item.data);
		err_release(&s->slots[i].err);
	}
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->ready);
	free(s->slots);
	free(s->threads);
	free(s->todo);
	free(s->order);
	memset(s, 0, sizeof(*s));
}
