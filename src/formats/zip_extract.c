/*
 * The zip reader's content: stored or inflated, in chunks, checked against
 * the declared size and CRC-32 as it streams (see zip_read.h).
 */
#include "zip_read_internal.h"
#include "zip_format.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define IN_CHUNK	(64 * 1024)
#define OUT_CHUNK	(256 * 1024)

struct extraction {
	struct zip_reader *zr;
	const struct zip_member *m;
	zip_sink_fn sink;
	void *ctx;
	uint64_t in_done;	/* compressed bytes read */
	uint64_t out_done;	/* content bytes delivered */
	uint32_t crc;
	unsigned char *in, *out;
};

/* Delivers content, refusing to go past the declared size. */
static int deliver(struct extraction *x, const unsigned char *p, size_t n,
		   struct err *e)
{
	if (n > x->m->size - x->out_done)
		return zip_member_error(x->zr, e, x->m, "content larger than "
					"declared in", " (more than %llu bytes)",
					(unsigned long long)x->m->size);
	x->out_done += n;
	x->crc = (uint32_t)crc32(x->crc, p, (uInt)n);
	return n ? x->sink(x->ctx, p, n, e) : 0;
}

/* Reads the next chunk of compressed data; *n is 0 at its end. */
static int next_input(struct extraction *x, size_t *n, struct err *e)
{
	uint64_t left = x->m->csize - x->in_done;

	*n = left < IN_CHUNK ? (size_t)left : IN_CHUNK;
	if (zip_read_at(x->zr, x->m->data_offset + x->in_done, x->in, *n,
			"entry data", e))
		return -1;
	x->in_done += *n;
	return 0;
}

static int extract_stored(struct extraction *x, struct err *e)
{
	size_t n;

	for (;;) {
		if (next_input(x, &n, e))
			return -1;
		if (!n)
			return 0;
		if (deliver(x, x->in, n, e))
			return -1;
	}
}

static int inflate_error(struct extraction *x, z_stream *z, int ret,
			 struct err *e)
{
	if (ret == Z_MEM_ERROR)
		die("out of memory in zlib inflate");
	return zip_member_error(x->zr, e, x->m, "corrupt deflate data in",
				": %s", z->msg ? z->msg : "inflate error");
}

static int extract_deflated(struct extraction *x, z_stream *z, struct err *e)
{
	int ret = Z_OK;
	size_t n;

	while (ret != Z_STREAM_END) {
		if (!z->avail_in) {
			if (next_input(x, &n, e))
				return -1;
			if (!n)
				return zip_member_fail(x->zr, e, x->m,
							"compressed data ends "
							"early in");
			z->next_in = x->in;
			z->avail_in = (uInt)n;
		}
		z->next_out = x->out;
		z->avail_out = OUT_CHUNK;
		ret = inflate(z, Z_NO_FLUSH);
		if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR)
			return inflate_error(x, z, ret, e);
		if (deliver(x, x->out, OUT_CHUNK - z->avail_out, e))
			return -1;
	}
	if (z->avail_in || x->in_done != x->m->csize)
		return zip_member_fail(x->zr, e, x->m, "data after the end of "
					"the deflate stream in");
	return 0;
}

int zip_reader_extract(struct zip_reader *zr, size_t i, zip_sink_fn sink,
		       void *ctx, struct err *e)
{
	struct extraction x;
	z_stream z;
	int ret;

	if (zip_locate_data(zr, i, e))
		return -1;
	memset(&x, 0, sizeof(x));
	x.zr = zr;
	x.m = &zr->m[i];
	x.sink = sink;
	x.ctx = ctx;
	x.crc = (uint32_t)crc32(0, Z_NULL, 0);
	if (x.m->method != ZIP_METHOD_STORED &&
	    x.m->method != ZIP_METHOD_DEFLATED)
		return zip_member_error(zr, e, x.m, "unsupported compression "
					"method in", " (%u)", x.m->method);
	x.in = xmalloc(IN_CHUNK);
	if (x.m->method == ZIP_METHOD_STORED) {
		ret = extract_stored(&x, e);
	} else {
		memset(&z, 0, sizeof(z));
		if (inflateInit2(&z, -15) != Z_OK)
			die("zlib cannot start an inflate stream");
		x.out = xmalloc(OUT_CHUNK);
		ret = extract_deflated(&x, &z, e);
		inflateEnd(&z);
	}
	free(x.in);
	free(x.out);
	if (ret)
		return -1;
	if (x.out_done != x.m->size)
		return zip_member_error(zr, e, x.m, "content smaller than "
					"declared in", " (%llu bytes, not %llu)",
					(unsigned long long)x.out_done,
					(unsigned long long)x.m->size);
	if (x.crc != x.m->crc)
		return zip_member_error(zr, e, x.m, "CRC-32 mismatch in",
					" (content has %08x, declared %08x)",
					x.crc, x.m->crc);
	return 0;
}

static int to_strbuf(void *ctx, const void *buf, size_t len, struct err *e)
{
	(void)e;
	sb_add(ctx, buf, len);
	return 0;
}

int zip_reader_extract_mem(struct zip_reader *zr, size_t i, uint64_t cap,
			   struct strbuf *out, struct err *e)
{
	const struct zip_member *m = &zr->m[i];
	size_t before = out->len;

	if (m->size > cap)
		return zip_member_error(zr, e, m, "entry too large to read into "
					"memory:", " (%llu bytes, limit %llu)",
					(unsigned long long)m->size,
					(unsigned long long)cap);
	if (zip_reader_extract(zr, i, to_strbuf, out, e)) {
		sb_setlen(out, before);
		return -1;
	}
	return 0;
}

int zip_reader_read_raw(struct zip_reader *zr, size_t i, struct strbuf *out,
			struct err *e)
{
	const struct zip_member *m = &zr->m[i];
	size_t before = out->len;

	if (zip_locate_data(zr, i, e))
		return -1;
	if (m->csize > SIZE_MAX - 1 - before)
		return zip_member_error(zr, e, m, "entry too large to read into "
					"memory:", " (%llu bytes)",
					(unsigned long long)m->csize);
	sb_grow(out, (size_t)m->csize);
	if (zip_read_at(zr, m->data_offset, out->buf + before, (size_t)m->csize,
			"entry data", e)) {
		sb_setlen(out, before);
		return -1;
	}
	sb_setlen(out, before + (size_t)m->csize);
	return 0;
}
