/*
 * The deflate cache's entries (see deflate_cache.h). An entry file is a
 * 96-byte header, then the stream:
 *
 *    0   8  magic "WWDFLT\0\1" (the entry layout's version)
 *    8  32  key: SHA-256 of the key text (content digest, level, scheme,
 *           zlib version), the same as the file name says
 *   40   2  zip method (0 stored, 8 deflated)
 *   42   2  zero
 *   44   4  CRC-32 of the content
 *   48   8  content size
 *   56   8  stream size (0 when stored: the content itself is written)
 *   64  32  SHA-256 of bytes 0..63 and of the stream
 *   96      the stream
 *
 * All little endian. The file must measure exactly 96 + stream size.
 */
#include "deflate_cache.h"
#include "../base/cache_root.h"
#include "../base/fs.h"
#include "../base/sha256.h"
#include "../base/xalloc.h"
#include "../formats/byteorder.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define ENTRY_MAGIC	"WWDFLT\0\1"
#define HEADER_SIZE	96
#define CHECKED_SIZE	64	/* the header bytes the checksum covers */

void deflate_cache_init(struct deflate_cache *dc, const char *dir, int level,
			int threads)
{
	dc->dir = dir ? xstrdup(dir) : NULL;
	dc->level = level;
	dc->threads = threads;
}

void deflate_cache_init_default(struct deflate_cache *dc, int level,
				int threads)
{
	char *root = cache_root_dir();
	struct strbuf sb = STRBUF_INIT;

	deflate_cache_init(dc, NULL, level, threads);
	if (!root)
		return;
	path_join(&sb, root, "deflated");
	dc->dir = sb_detach(&sb, NULL);
	free(root);
}

void deflate_cache_release(struct deflate_cache *dc)
{
	free(dc->dir);
	dc->dir = NULL;
}

/* Everything the bytes depend on besides the content itself. */
static void entry_key(const struct deflate_cache *dc,
		      const unsigned char sha256[32], unsigned char key[32])
{
	struct strbuf text = STRBUF_INIT;
	struct sha256 c;
	char hex[65];

	sha256_digest_hex(sha256, hex);
	sb_addf(&text, "wheelwright deflate cache\ncontent %s\nlevel %d\n"
		"scheme %d\nzlib %s\n", hex, dc->level, ZIP_BLOCK_SCHEME,
		zlibVersion());
	sha256_init(&c);
	sha256_update(&c, text.buf, text.len);
	sha256_final(&c, key);
	sb_release(&text);
}

static void key_path(const struct deflate_cache *dc,
		     const unsigned char key[32], struct strbuf *path)
{
	char hex[65];

	sha256_digest_hex(key, hex);
	path_join(path, dc->dir, hex);
}

void deflate_cache_entry_path(const struct deflate_cache *dc,
			      const unsigned char sha256[32],
			      struct strbuf *path)
{
	unsigned char key[32];

	entry_key(dc, sha256, key);
	key_path(dc, key, path);
}

static void checksum(const unsigned char *header, const void *stream,
		     size_t len, unsigned char out[32])
{
	struct sha256 c;

	sha256_init(&c);
	sha256_update(&c, header, CHECKED_SIZE);
	sha256_update(&c, stream, len);
	sha256_final(&c, out);
}

/* The header's fields are sound for a content of size bytes. */
static int header_sound(const unsigned char *h, const unsigned char key[32],
			uint64_t size, uint64_t file_size)
{
	uint16_t method = le16_get(h + 40);
	uint64_t csize = le64_get(h + 56);

	if (memcmp(h, ENTRY_MAGIC, 8) || memcmp(h + 8, key, 32) ||
	    le16_get(h + 42) || le64_get(h + 48) != size)
		return 0;
	if (method == ZIP_METHOD_STORED ? csize != 0 :
	    method != ZIP_METHOD_DEFLATED || !csize || csize >= size)
		return 0;
	/* truncated, or longer than it says */
	return file_size >= HEADER_SIZE && file_size - HEADER_SIZE == csize;
}

/* 1 and out filled when the entry is there and sound. */
static int load(const char *path, const unsigned char key[32], size_t size,
		struct zip_deflated *out)
{
	unsigned char h[HEADER_SIZE], sum[32];
	FILE *fp = fopen(path, "rb");
	struct stat st;
	size_t csize;
	int ok = 0;

	if (!fp)
		return 0;
	if (fstat(fileno(fp), &st) || st.st_size < 0 ||
	    fread(h, 1, sizeof(h), fp) != sizeof(h) ||
	    !header_sound(h, key, size, (uint64_t)st.st_size))
		goto out;
	csize = (size_t)le64_get(h + 56);	/* < size, so it fits */
	sb_reset(&out->data);
	sb_grow(&out->data, csize);
	if (fread(out->data.buf, 1, csize, fp) != csize)
		goto out;
	sb_setlen(&out->data, csize);
	checksum(h, out->data.buf, csize, sum);
	if (memcmp(sum, h + 64, 32))
		goto out;
	out->method = le16_get(h + 40);
	out->crc = le32_get(h + 44);
	out->size = size;
	ok = 1;
out:
	fclose(fp);
	if (!ok)
		sb_reset(&out->data);
	return ok;
}

/* Writes the entry; any failure leaves the cache as it was. */
static void store(const struct deflate_cache *dc, const char *path,
		  const unsigned char key[32], const struct zip_deflated *d)
{
	unsigned char h[HEADER_SIZE];
	struct atomic_file af;
	struct err e = ERR_INIT;

	memset(h, 0, sizeof(h));
	memcpy(h, ENTRY_MAGIC, 8);
	memcpy(h + 8, key, 32);
	le16_put(h + 40, d->method);
	le32_put(h + 44, d->crc);
	le64_put(h + 48, d->size);
	le64_put(h + 56, d->data.len);
	checksum(h, d->data.buf, d->data.len, h + 64);
	if (mkdir_p(dc->dir, &e) || atomic_open(&af, path, &e))
		goto out;
	if (fwrite(h, 1, sizeof(h), af.fp) != sizeof(h) ||
	    (d->data.len &&
	     fwrite(d->data.buf, 1, d->data.len, af.fp) != d->data.len)) {
		atomic_abort(&af);
		goto out;
	}
	atomic_commit(&af, &e);
out:
	err_release(&e);
}

int deflate_cache_get(struct deflate_cache *dc, const void *data, size_t len,
		      const unsigned char sha256[32],
		      struct zip_deflated *out)
{
	struct strbuf path = STRBUF_INIT;
	unsigned char key[32];
	int hit = 0;

	if (!dc->dir || len < DEFLATE_CACHE_MIN_SIZE) {
		zip_deflate_mem(data, len, dc->level, dc->threads, out);
		return 0;
	}
	entry_key(dc, sha256, key);
	key_path(dc, key, &path);
	hit = load(path.buf, key, len, out);
	if (!hit) {
		zip_deflate_mem(data, len, dc->level, dc->threads, out);
		store(dc, path.buf, key, out);
	}
	sb_release(&path);
	return hit;
}
