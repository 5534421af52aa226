/*
 * Blocks of raw deflate compressed by worker threads and handed back in the
 * order they were submitted (a ring of job slots, pigz-style).
 *
 * A job compresses one block of some stream: it starts from a fresh deflate
 * state primed with the previous 32 KiB of that stream (its dictionary), so
 * the output does not depend on which thread ran it or when; a block that is
 * not the stream's last ends with Z_SYNC_FLUSH (byte-aligned, not final), so
 * the outputs of consecutive blocks concatenate into one valid stream.
 *
 * With threads <= 1 there are no threads: deflate_pool_submit() compresses
 * the job right away, with exactly the same result.
 *
 * The caller fills the slot from deflate_pool_slot(), submits it, and later
 * takes finished jobs from the head with deflate_pool_head() and
 * deflate_pool_pop(), in submission order. Only the calling thread uses the
 * pool API; the ring never holds more than DEFLATE_POOL_MAX_SLOTS jobs, so
 * memory stays bounded whatever the stream sizes.
 */
#ifndef WW_DEFLATE_POOL_H
#define WW_DEFLATE_POOL_H

#include <stdatomic.h>
#include <stddef.h>

#define DEFLATE_POOL_BLOCK	(512 * 1024)	/* largest block input */
#define DEFLATE_POOL_DICT	(32 * 1024)
#define DEFLATE_POOL_MAX_SLOTS	16

struct deflate_job {
	/* Filled by the caller before submitting. */
	const unsigned char *in;	/* in_buf, or the caller's memory */
	size_t in_len;			/* <= DEFLATE_POOL_BLOCK */
	size_t dict_len;		/* bytes of dict used, <= 32 KiB */
	int last;			/* the stream's last block: Z_FINISH */
	/*
	 * When set, the job checks *cancel as it goes and stops when it is
	 * non-zero (then cancelled is 1 and out_len meaningless). With
	 * probe, the job itself sets *cancel if its output is over 97% of
	 * its input: the stream is not worth deflating.
	 */
	atomic_int *cancel;
	int probe;
	void *owner;			/* for the caller */
	int kind;			/* for the caller */
	/* Results. */
	size_t out_len;
	int cancelled;
	/* The slot's own buffers, reused from job to job. */
	unsigned char *in_buf;		/* DEFLATE_POOL_BLOCK bytes */
	unsigned char *dict;		/* DEFLATE_POOL_DICT bytes */
	unsigned char *out;		/* out_cap bytes */
	size_t out_cap;
	int state;			/* private to the pool */
};

struct deflate_pool;

/* Starts the workers (none for threads <= 1). level is 1 to 9. */
struct deflate_pool *deflate_pool_new(int threads, int level);
/* Stops and joins the workers (unfinished jobs are dropped), frees all. */
void deflate_pool_free(struct deflate_pool *p);

/* No free slot: pop the head first. */
int deflate_pool_full(const struct deflate_pool *p);
int deflate_pool_empty(const struct deflate_pool *p);
/* The next free slot, to fill (the pool must not be full). */
struct deflate_job *deflate_pool_slot(struct deflate_pool *p);
void deflate_pool_submit(struct deflate_pool *p);
/* Waits for the oldest job to be done and returns it; NULL when empty. */
struct deflate_job *deflate_pool_head(struct deflate_pool *p);
/* Frees the head slot (after the caller has used its output). */
void deflate_pool_pop(struct deflate_pool *p);

#endif
