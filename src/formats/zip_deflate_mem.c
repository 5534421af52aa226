/*
 * An entry's data compressed to memory with the zip writer's block scheme
 * (zip_write.h, zip_write_data.c): the same blocks (a ZIP_PROBE_SIZE probe
 * block when the content is larger than that, then DEFLATE_POOL_BLOCK
 * blocks), each primed with the 32 KiB before it, the same probe verdict
 * and the same choice of stored when deflate does not make the entry
 * smaller. So a stream made here, kept, and written later with
 * zip_writer_add_raw() gives the archive zip_writer_add_mem() would have
 * written (tests/unit/test_zip_deflate_mem.c compares the two).
 */
#include "zip_write.h"
#include "deflate_pool.h"

#include <stdatomic.h>
#include <string.h>
#include <zlib.h>

void zip_deflated_init(struct zip_deflated *d)
{
	memset(d, 0, sizeof(*d));
	sb_init(&d->data);
	d->method = ZIP_METHOD_STORED;
}

void zip_deflated_release(struct zip_deflated *d)
{
	sb_release(&d->data);
	zip_deflated_init(d);
}

static uint32_t crc_of(const unsigned char *p, size_t len)
{
	uLong crc = crc32(0, Z_NULL, 0);

	while (len) {
		uInt n = len > (1u << 30) ? (1u << 30) : (uInt)len;

		crc = crc32(crc, p, n);
		p += n;
		len -= n;
	}
	return (uint32_t)crc;
}

/* Appends the oldest job's output (unless the stream was given up). */
static void take_head(struct deflate_pool *pool, struct strbuf *out,
		      atomic_int *abandoned)
{
	struct deflate_job *j = deflate_pool_head(pool);

	if (!j->cancelled && !atomic_load(abandoned))
		sb_add(out, j->out, j->out_len);
	deflate_pool_pop(pool);
}

/* The block at off: the probe block first, as zip_write_data.c cuts them. */
static size_t block_len(size_t off, size_t len)
{
	size_t n = DEFLATE_POOL_BLOCK;

	if (off == 0 && len > ZIP_PROBE_SIZE)
		n = ZIP_PROBE_SIZE;
	return n < len - off ? n : len - off;
}

void zip_deflate_mem(const void *data, size_t len, int level, int threads,
		     struct zip_deflated *out)
{
	const unsigned char *p = data;
	struct deflate_pool *pool;
	atomic_int abandoned;
	size_t off = 0;

	sb_reset(&out->data);
	out->method = ZIP_METHOD_STORED;
	out->size = len;
	out->crc = crc_of(p, len);
	if (level <= 0 || !len)
		return;
	pool = deflate_pool_new(threads, level);
	atomic_init(&abandoned, 0);
	while (off < len && !atomic_load(&abandoned)) {
		struct deflate_job *j;
		size_t n = block_len(off, len);
		size_t dict = off < DEFLATE_POOL_DICT ? off : DEFLATE_POOL_DICT;

		while (deflate_pool_full(pool))
			take_head(pool, &out->data, &abandoned);
		j = deflate_pool_slot(pool);
		j->in = p + off;
		j->in_len = n;
		memcpy(j->dict, p + off - dict, dict);
		j->dict_len = dict;
		j->last = off + n == len;
		j->probe = off == 0 && !j->last;
		j->cancel = &abandoned;
		deflate_pool_submit(pool);
		off += n;
	}
	while (!deflate_pool_empty(pool))
		take_head(pool, &out->data, &abandoned);
	deflate_pool_free(pool);
	if (atomic_load(&abandoned) || out->data.len >= len)
		sb_reset(&out->data);	/* stored, as the writer decides */
	else
		out->method = ZIP_METHOD_DEFLATED;
}
