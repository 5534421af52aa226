/*
 * Every member of an archive read, checked and hashed by worker threads,
 * and handed to the caller one by one in member order.
 *
 *   struct zip_scan_opts o = ZIP_SCAN_OPTS_INIT;
 *   struct zip_scan s;
 *   const struct zip_scan_item *it;
 *   int rc;
 *   o.threads = 4; o.keep = is_binary; o.keep_ctx = NULL;
 *   zip_scan_start(&s, &zr, &o);          zr already validated
 *   while ((rc = zip_scan_next(&s, &it, e)) > 0)
 *           use it->sha256, it->size, it->data ...
 *   zip_scan_release(&s);                 rc < 0: e says what failed
 *
 * Inflating and hashing dominate the cost of reading a wheel; each member
 * is independent, so workers take members largest first (one large
 * library can be half a wheel: started first, it overlaps all the small
 * members instead of being the last thing left), while the caller consumes
 * them in archive order, which keeps every result (and every message) the
 * same for any number of threads. Each member's content is checked by
 * zip_reader_extract() (declared size, CRC-32) and hashed with SHA-256.
 * Its first bytes are offered to keep(), which says whether the whole
 * content is wanted in memory; other content is hashed and dropped.
 *
 * Memory: every member's result (digest, size, first bytes) is held until
 * it is handed out, a hundred bytes or so each. Kept content is bounded by
 * keep_budget: a worker that would pass it drops the content it was going
 * to keep, and the caller's thread reads that member again when its turn
 * comes (the member due next is always kept). So the peak is about the
 * budget plus one member, whatever the archive's size. Directories (names
 * ending in '/') are skipped.
 */
#ifndef WW_ZIP_SCAN_H
#define WW_ZIP_SCAN_H

#include "zip_read.h"
#include "../base/strbuf.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define ZIP_SCAN_HEAD	8	/* bytes offered to keep() */

/*
 * Called from worker threads, so it must only read its context: 1 keeps
 * the whole content. head holds min(ZIP_SCAN_HEAD, size) bytes.
 */
typedef int (*zip_scan_keep_fn)(void *ctx, const struct zip_member *m,
				const unsigned char *head, size_t len);

/* Kept content in flight beyond the member due next, by default. */
#define ZIP_SCAN_KEEP_BUDGET	((uint64_t)96 << 20)

struct zip_scan_opts {
	int threads;		/* workers; 0 or 1: the caller's thread does it */
	zip_scan_keep_fn keep;	/* NULL: keep nothing */
	void *keep_ctx;
	uint64_t keep_budget;	/* 0: ZIP_SCAN_KEEP_BUDGET */
};

#define ZIP_SCAN_OPTS_INIT { 1, NULL, NULL, 0 }

struct zip_scan_item {
	size_t index;			/* into zr->m */
	const struct zip_member *m;
	unsigned char sha256[32];	/* of the content */
	uint64_t size;			/* content bytes (== m->size) */
	unsigned char head[ZIP_SCAN_HEAD];
	size_t head_len;		/* min(ZIP_SCAN_HEAD, size) */
	int kept;			/* keep() said so: data holds it all */
	struct strbuf data;
};

struct zip_scan_slot;

struct zip_scan {
	struct zip_reader *zr;
	struct zip_scan_opts o;
	size_t *todo, nr;		/* member indices, directories left out */
	size_t *order;			/* positions in todo, largest first */
	size_t claimed, delivered;	/* next of order to take; of todo to hand out */
	struct zip_scan_slot *slots;	/* one a position of todo */
	uint64_t kept_bytes;		/* kept content not yet handed back */
	int stop;
	int handed;			/* the item of position delivered-1 is out */
	pthread_mutex_t mu;
	pthread_cond_t ready;
	pthread_t *threads;
	int nthreads;
};

void zip_scan_start(struct zip_scan *s, struct zip_reader *zr,
		    const struct zip_scan_opts *o);
/*
 * The next member: 1 with *item set (valid until the next call or the
 * release), 0 after the last, -1 with e set when that member failed.
 */
int zip_scan_next(struct zip_scan *s, const struct zip_scan_item **item,
		  struct err *e);
/* Stops the workers (also in the middle of a scan) and frees everything. */
void zip_scan_release(struct zip_scan *s);

#endif
