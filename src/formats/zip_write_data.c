/*
 * Entry content for the zip writer (see zip_write.h for the behaviour).
 *
 * Each entry is cut into blocks: a first one of ZIP_PROBE_SIZE bytes when the
 * entry is larger than that, then blocks of DEFLATE_POOL_BLOCK. The blocks go
 * to the deflate pool (threads), followed by an END job for the entry; jobs
 * come back in order, and "retiring" them writes the local header, the
 * deflated blocks, and at END decides: deflated, or rewritten stored. Block
 * boundaries depend only on sizes, so the bytes never depend on threads.
 *
 * CRC-32 and SHA-256 are computed here, in the calling thread, as blocks are
 * read; a stored rewrite computes them again and must find the same CRC.
 */
#include "zip_write_internal.h"
#include "byteorder.h"
#include "deflate_pool.h"
#include "../base/sha256.h"
#include "../base/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

enum { JOB_DATA = 1, JOB_END };

/* An entry from its first queued job until its END job is retired. */
struct zip_pending {
	struct zip_pending *next;	/* zw->pending list, for cleanup */
	size_t ent;
	struct zip_source src;
	int deflated;		/* deflate is being tried */
	atomic_int abandoned;	/* set by the probe block: store instead */
	int read_all;		/* every byte went to a block */
	int header_written;
	uint64_t data_start, csize;
	uint32_t crc;		/* of the content as read for the blocks */
	struct sha256 sha;
	struct zip_digest *digest;
	unsigned char tail[DEFLATE_POOL_DICT];	/* last content bytes read */
	size_t tail_len;
};

static void pending_free(struct zip_writer *zw, struct zip_pending *pe)
{
	struct zip_pending **pp;

	for (pp = &zw->pending; *pp; pp = &(*pp)->next)
		if (*pp == pe) {
			*pp = pe->next;
			break;
		}
	if (pe->src.fd >= 0)
		close(pe->src.fd);
	free(pe);
}

void zip_queue_release(struct zip_writer *zw)
{
	deflate_pool_free(zw->pool);	/* joins the threads first */
	zw->pool = NULL;
	while (zw->pending)
		pending_free(zw, zw->pending);
}

/* The source is not what it measured a moment ago: abort. */
static int source_changed(struct zip_writer *zw, const struct zip_source *s,
			  struct err *e)
{
	err_at(e, s->path, 0, 0,
	       "file changed while being packed (expected %llu bytes)",
	       (unsigned long long)s->size);
	zip_writer_abort(zw);
	return -1;
}

static int source_failed(struct zip_writer *zw, const struct zip_source *s,
			 struct err *e)
{
	err_at(e, s->path, 0, 0, "cannot read: %s", strerror(errno));
	zip_writer_abort(zw);
	return -1;
}

/*
 * Points *p at len bytes of content at off: into memory, or into buf
 * filled from the file.
 */
static int source_read(struct zip_writer *zw, const struct zip_source *s,
		       uint64_t off, unsigned char *buf, size_t len,
		       const unsigned char **p, struct err *e)
{
	size_t got = 0;

	if (s->fd < 0) {
		*p = s->mem + off;
		return 0;
	}
	while (got < len) {
		ssize_t r = pread(s->fd, buf + got, len - got,
				  (off_t)(off + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return source_failed(zw, s, e);
		if (r == 0)
			return source_changed(zw, s, e);
		got += (size_t)r;
	}
	*p = buf;
	return 0;
}

/* After the last byte: one more byte read proves the file did not grow. */
static int source_at_end(struct zip_writer *zw, const struct zip_source *s,
			 struct err *e)
{
	unsigned char c;
	ssize_t r;

	if (s->fd < 0)
		return 0;
	r = pread(s->fd, &c, 1, (off_t)s->size);
	if (r < 0)
		return source_failed(zw, s, e);
	return r ? source_changed(zw, s, e) : 0;
}

/* Writes the content stored at the entry's data offset, over anything. */
static int store(struct zip_writer *zw, struct zip_pending *pe,
		 uint32_t *crc, unsigned char digest[32], struct err *e)
{
	uint64_t off, size = pe->src.size;
	struct sha256 sha;

	if (zw->pos != pe->data_start) {
		if (zip_seek(zw, pe->data_start, e))
			return -1;
		zw->pos = pe->data_start;
	}
	*crc = (uint32_t)crc32(0, Z_NULL, 0);
	sha256_init(&sha);
	for (off = 0; off < size;) {
		size_t n = size - off < ZIP_STORE_CHUNK ? (size_t)(size - off)
						    : ZIP_STORE_CHUNK;
		const unsigned char *p;

		if (source_read(zw, &pe->src, off, zw->inbuf, n, &p, e))
			return -1;
		*crc = (uint32_t)crc32(*crc, p, (uInt)n);
		sha256_update(&sha, p, n);
		if (zip_put(zw, p, n, e))
			return -1;
		off += n;
	}
	sha256_final(&sha, digest);
	return source_at_end(zw, &pe->src, e);
}

/* At the entry's END: keep the deflated data, or store it instead. */
static int finish_entry(struct zip_writer *zw, struct zip_pending *pe,
			struct err *e)
{
	struct zip_written_entry *ent = &zw->ents[pe->ent];
	int complete = pe->deflated && pe->read_all &&
		       !atomic_load(&pe->abandoned);
	unsigned char digest[32];

	if (complete && pe->csize < pe->src.size) {
		ent->method = ZIP_METHOD_DEFLATED;
		ent->crc = pe->crc;
		ent->csize = pe->csize;
		sha256_final(&pe->sha, digest);
	} else {
		uint32_t crc;

		if (store(zw, pe, &crc, digest, e))
			return -1;
		if (complete && crc != pe->crc)
			return source_changed(zw, &pe->src, e);
		ent = &zw->ents[pe->ent];
		ent->method = ZIP_METHOD_STORED;
		ent->crc = crc;
		ent->csize = pe->src.size;
	}
	if (zip_local_header(zw, pe->ent, 1, e))
		return -1;
	if (pe->digest) {
		pe->digest->size = pe->src.size;
		memcpy(pe->digest->sha256, digest, sizeof(digest));
	}
	pending_free(zw, pe);
	return 0;
}

/* Writes out the oldest job: header first, then data, or the END. */
static int retire_head(struct zip_writer *zw, struct err *e)
{
	struct deflate_job *j = deflate_pool_head(zw->pool);
	struct zip_pending *pe = j->owner;
	int kind = j->kind;

	if (!pe->header_written) {
		zw->ents[pe->ent].offset = zw->pos;
		if (zip_local_header(zw, pe->ent, 0, e))
			return -1;
		pe->data_start = zw->pos;
		pe->header_written = 1;
	}
	if (kind == JOB_DATA && !j->cancelled && !atomic_load(&pe->abandoned)) {
		if (zip_put(zw, j->out, j->out_len, e))
			return -1;
		pe->csize += j->out_len;
	}
	deflate_pool_pop(zw->pool);
	return kind == JOB_END ? finish_entry(zw, pe, e) : 0;
}

/* Retires jobs until a slot is free, and returns it. */
static struct deflate_job *free_slot(struct zip_writer *zw, struct err *e)
{
	while (deflate_pool_full(zw->pool))
		if (retire_head(zw, e))
			return NULL;
	return deflate_pool_slot(zw->pool);
}

int zip_drain(struct zip_writer *zw, struct err *e)
{
	while (zw->pool && !deflate_pool_empty(zw->pool))
		if (retire_head(zw, e))
			return -1;
	return 0;
}

static void remember_tail(struct zip_pending *pe, const unsigned char *p,
			  size_t n)
{
	size_t keep;

	if (n >= DEFLATE_POOL_DICT) {
		memcpy(pe->tail, p + n - DEFLATE_POOL_DICT, DEFLATE_POOL_DICT);
		pe->tail_len = DEFLATE_POOL_DICT;
		return;
	}
	keep = pe->tail_len + n > DEFLATE_POOL_DICT ?
	       DEFLATE_POOL_DICT - n : pe->tail_len;
	memmove(pe->tail, pe->tail + pe->tail_len - keep, keep);
	memcpy(pe->tail + keep, p, n);
	pe->tail_len = keep + n;
}

/*
 * Reads the content block by block into deflate jobs; stops early once the
 * probe block has found the content not worth deflating.
 */
static int queue_blocks(struct zip_writer *zw, struct zip_pending *pe,
			struct err *e)
{
	uint64_t off = 0, size = pe->src.size;

	while (off < size && !atomic_load(&pe->abandoned)) {
		struct deflate_job *j = free_slot(zw, e);
		size_t n = DEFLATE_POOL_BLOCK;

		if (!j)
			return -1;
		if (off == 0 && size > ZIP_PROBE_SIZE)
			n = ZIP_PROBE_SIZE;
		if (n > size - off)
			n = (size_t)(size - off);
		if (source_read(zw, &pe->src, off, j->in_buf, n, &j->in, e))
			return -1;
		pe->crc = (uint32_t)crc32(pe->crc, j->in, (uInt)n);
		sha256_update(&pe->sha, j->in, n);
		memcpy(j->dict, pe->tail, pe->tail_len);
		j->dict_len = pe->tail_len;
		remember_tail(pe, j->in, n);
		j->in_len = n;
		j->last = off + n == size;
		j->probe = off == 0 && !j->last;
		j->cancel = &pe->abandoned;
		j->owner = pe;
		j->kind = JOB_DATA;
		deflate_pool_submit(zw->pool);
		off += n;
	}
	pe->read_all = off == size;
	return pe->read_all ? source_at_end(zw, &pe->src, e) : 0;
}

int zip_queue_entry(struct zip_writer *zw, size_t i,
		    const struct zip_source *src, struct zip_digest *digest,
		    struct err *e)
{
	struct zip_pending *pe = xcalloc(1, sizeof(*pe));
	struct deflate_job *j;

	pe->ent = i;
	pe->src = *src;
	pe->digest = digest;
	pe->deflated = zw->level > 0 && src->size > 0;
	atomic_init(&pe->abandoned, 0);
	pe->crc = (uint32_t)crc32(0, Z_NULL, 0);
	sha256_init(&pe->sha);
	pe->next = zw->pending;
	zw->pending = pe;
	if (pe->deflated && queue_blocks(zw, pe, e))
		return -1;
	j = free_slot(zw, e);
	if (!j)
		return -1;
	j->owner = pe;
	j->kind = JOB_END;
	deflate_pool_submit(zw->pool);
	return 0;
}
