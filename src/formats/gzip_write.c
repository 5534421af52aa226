#include "gzip_write.h"
#include "byteorder.h"
#include "../base/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define OUT_CHUNK	(128 * 1024)

static int gz_failed(struct gzip_writer *gz, struct err *e)
{
	return err_fail(e, "cannot write '%s': %s", gz->label,
			errno ? strerror(errno) : "write error");
}

int gzip_writer_init(struct gzip_writer *gz, FILE *fp, const char *label,
		     int level, struct err *e)
{
	/* ID1 ID2, CM=8 (deflate), FLG=0, MTIME=0, XFL=0, OS=255. */
	static const unsigned char header[10] = {
		0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255,
	};

	memset(gz, 0, sizeof(*gz));
	gz->fp = fp;
	gz->label = label;
	if (level < 0 || level > 9)
		return err_set(e, "gzip compression level %d is not in 0..9",
			       level);
	if (deflateInit2(&gz->z, level, Z_DEFLATED, -15, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		die("zlib cannot start a deflate stream");
	gz->out = xmalloc(OUT_CHUNK);
	gz->crc = (uint32_t)crc32(0, Z_NULL, 0);
	if (fwrite(header, 1, sizeof(header), fp) != sizeof(header))
		return gz_failed(gz, e);
	return 0;
}

static int gz_deflate(struct gzip_writer *gz, int flush, struct err *e)
{
	int ret;

	do {
		size_t have;

		gz->z.next_out = gz->out;
		gz->z.avail_out = OUT_CHUNK;
		ret = deflate(&gz->z, flush);
		if (ret == Z_STREAM_ERROR)
			die("zlib deflate stream error");
		have = OUT_CHUNK - gz->z.avail_out;
		if (have && fwrite(gz->out, 1, have, gz->fp) != have)
			return gz_failed(gz, e);
	} while (gz->z.avail_out == 0 || (flush == Z_FINISH && ret != Z_STREAM_END));
	return 0;
}

int gzip_writer_write(struct gzip_writer *gz, const void *data, size_t len,
		      struct err *e)
{
	const unsigned char *p = data;

	gz->isize += (uint32_t)len;
	while (len) {
		/* zlib counts in uInt: feed at most 1 GiB at a time. */
		size_t n = len > (1u << 30) ? (1u << 30) : len;

		gz->crc = (uint32_t)crc32(gz->crc, p, (uInt)n);
		gz->z.next_in = (unsigned char *)p;
		gz->z.avail_in = (uInt)n;
		if (gz_deflate(gz, Z_NO_FLUSH, e))
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

int gzip_writer_finish(struct gzip_writer *gz, struct err *e)
{
	unsigned char trailer[8];

	gz->z.next_in = NULL;
	gz->z.avail_in = 0;
	if (gz_deflate(gz, Z_FINISH, e))
		return -1;
	le32_put(trailer, gz->crc);
	le32_put(trailer + 4, gz->isize);
	if (fwrite(trailer, 1, sizeof(trailer), gz->fp) != sizeof(trailer))
		return gz_failed(gz, e);
	return 0;
}

void gzip_writer_release(struct gzip_writer *gz)
{
	if (gz->out)
		deflateEnd(&gz->z);
	free(gz->out);
	gz->out = NULL;
}
