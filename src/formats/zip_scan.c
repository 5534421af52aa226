/*
 * Parallel, ordered reading of every member (see zip_scan.h). Workers
 * claim members in order, each into the ring slot of its position; the
 * caller waits for the slot it is due to hand out next. A worker never runs
 * more than the ring's size ahead of the caller, which bounds memory.
 */
#include "zip_scan.h"
#include "../base/sha256.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum { SLOT_FREE, SLOT_BUSY, SLOT_DONE };

/* A slot keeps a kept member's buffer for the next one up to this size. */
#define KEEP_ALLOC	((size_t)64 << 20)

struct zip_scan_slot {
	int state;
	int rc;
	struct err err;
	struct zip_scan_item item;
	struct sha256 sha;
	const struct zip_scan_opts *o;
};

static int sink(void *ctx, const void *buf, size_t len, struct err *e)
{
	struct zip_scan_slot *sl = ctx;
	struct zip_scan_item *it = &sl->item;
	const unsigned char *p = buf;
	size_t fill;

	(void)e;
	sha256_update(&sl->sha, buf, len);
	if (it->head_len < ZIP_SCAN_HEAD) {
		fill = ZIP_SCAN_HEAD - it->head_len;
		if (fill > len)
			fill = len;
		memcpy(it->head + it->head_len, p, fill);
		it->head_len += fill;
		if (it->head_len == ZIP_SCAN_HEAD || it->head_len == it->m->size) {
			it->kept = sl->o->keep &&
				   sl->o->keep(sl->o->keep_ctx, it->m, it->head, it->head_len);
			if (it->kept) {	/* one allocation, not a doubling series */
				sb_grow(&it->data, (size_t)it->m->size);
				sb_add(&it->data, it->head, it->head_len);
			}
		}
		p += fill;
		len -= fill;
	}
	if (it->kept && len)
		sb_add(&it->data, p, len);
	return 0;
}

/* Reads member idx into sl; runs on a worker or the caller's thread. */
static void fill_slot(struct zip_scan *s, struct zip_scan_slot *sl, size_t idx)
{
	struct zip_scan_item *it = &sl->item;

	it->index = idx;
	it->m = &s->zr->m[idx];
	it->size = 0;
	it->head_len = 0;
	it->kept = 0;
	sb_reset(&it->data);
	err_release(&sl->err);
	sha256_init(&sl->sha);
	sl->o = &s->o;
	if (it->m->size == 0)
		it->kept = s->o.keep && s->o.keep(s->o.keep_ctx, it->m, it->head, 0);
	sl->rc = zip_reader_extract(s->zr, idx, sink, sl, &sl->err);
	if (!sl->rc) {
		sha256_final(&sl->sha, it->sha256);
		it->size = it->m->size;
	}
}

static void *worker(void *arg)
{
	struct zip_scan *s = arg;
	struct zip_scan_slot *sl;
	size_t k;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->stop && s->claimed < s->nr &&
		       (s->claimed - s->delivered >= s->window ||
			s->slots[s->claimed % s->window].state != SLOT_FREE))
			pthread_cond_wait(&s->room, &s->mu);
		if (s->stop || s->claimed >= s->nr)
			break;
		k = s->claimed++;
		sl = &s->slots[k % s->window];
		sl->state = SLOT_BUSY;
		pthread_mutex_unlock(&s->mu);
		fill_slot(s, sl, s->todo[k]);
		pthread_mutex_lock(&s->mu);
		sl->state = SLOT_DONE;
		pthread_cond_broadcast(&s->ready);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

void zip_scan_start(struct zip_scan *s, struct zip_reader *zr,
		    const struct zip_scan_opts *o)
{
	size_t i;
	int t;

	memset(s, 0, sizeof(*s));
	s->zr = zr;
	s->o = *o;
	s->todo = xcalloc(zr->nr + 1, sizeof(*s->todo));
	for (i = 0; i < zr->nr; i++)
		if (!zip_member_is_dir(&zr->m[i]))
			s->todo[s->nr++] = i;
	s->nthreads = o->threads > 1 ? o->threads : 0;
	if ((size_t)s->nthreads > s->nr)
		s->nthreads = (int)s->nr;
	s->window = (size_t)s->nthreads + 2;
	s->slots = xcalloc(s->window, sizeof(*s->slots));
	for (i = 0; i < s->window; i++) {
		sb_init(&s->slots[i].item.data);
		err_init(&s->slots[i].err);
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->ready, NULL);
	pthread_cond_init(&s->room, NULL);
	s->threads = xcalloc((size_t)s->nthreads + 1, sizeof(*s->threads));
	for (t = 0; t < s->nthreads; t++)
		if (pthread_create(&s->threads[t], NULL, worker, s))
			break;	/* fewer workers; the caller covers the rest */
	s->nthreads = t;
}

/* Gives the slot handed out last back to the workers. */
static void recycle(struct zip_scan *s)
{
	struct zip_scan_slot *sl;

	if (!s->handed)
		return;
	sl = &s->slots[(s->delivered - 1) % s->window];
	pthread_mutex_lock(&s->mu);
	sl->state = SLOT_FREE;
	/* Reused: fresh pages for every binary cost more than keeping them. */
	if (sl->item.data.alloc > KEEP_ALLOC)
		sb_release(&sl->item.data);
	else
		sb_reset(&sl->item.data);
	pthread_cond_broadcast(&s->room);
	pthread_mutex_unlock(&s->mu);
	s->handed = 0;
}

int zip_scan_next(struct zip_scan *s, const struct zip_scan_item **item,
		  struct err *e)
{
	struct zip_scan_slot *sl;
	size_t k;

	recycle(s);
	if (s->stop || s->delivered >= s->nr)
		return 0;
	k = s->delivered;
	sl = &s->slots[k % s->window];
	pthread_mutex_lock(&s->mu);
	if (!s->nthreads && sl->state == SLOT_FREE) {
		s->claimed = k + 1;	/* no workers: read it here */
		pthread_mutex_unlock(&s->mu);
		fill_slot(s, sl, s->todo[k]);
		pthread_mutex_lock(&s->mu);
		sl->state = SLOT_DONE;
	}
	while (sl->state != SLOT_DONE)
		pthread_cond_wait(&s->ready, &s->mu);
	s->delivered = k + 1;
	s->handed = 1;
	if (sl->rc)
		s->stop = 1;
	pthread_cond_broadcast(&s->room);
	pthread_mutex_unlock(&s->mu);
	if (sl->rc) {
		err_move(e, &sl->err);
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
	pthread_cond_broadcast(&s->room);
	pthread_mutex_unlock(&s->mu);
	for (t = 0; t < s->nthreads; t++)
		pthread_join(s->threads[t], NULL);
	for (i = 0; i < s->window; i++) {
		sb_release(&s->slots[i].item.data);
		err_release(&s->slots[i].err);
	}
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->ready);
	pthread_cond_destroy(&s->room);
	free(s->slots);
	free(s->threads);
	free(s->todo);
	memset(s, 0, sizeof(*s));
}
