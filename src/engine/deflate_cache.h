/*
 * Compressed copies of large contents, kept between runs, so that what is
 * written again and again (the libraries repair copies into every wheel of
 * a project, for each interpreter, in each CI run) is deflated once.
 *
 * Content-addressed: an entry is found by a key over the content's SHA-256,
 * the deflate level, the zip writer's block scheme (ZIP_BLOCK_SCHEME) and
 * zlib's version, and holds what zip_deflate_mem() returned for it (the
 * method, CRC-32, sizes, the stream) under a SHA-256 checksum of the
 * whole. So an entry gives exactly the bytes compressing now would give,
 * or it is not used: a truncated, corrupt or foreign entry is a miss, and
 * is compressed and written again.
 *
 * Entries are files "<dir>/<key as 64 hex digits>", written through an
 * atomic_file (a temporary name in dir, then renamed): concurrent runs
 * that make the same entry write the same bytes, and a reader sees a whole
 * file or none. Nothing is ever removed; deleting dir empties the cache.
 *
 * The cache never makes anything fail: an unreadable entry is a miss, an
 * entry that cannot be written is not written.
 */
#ifndef WW_DEFLATE_CACHE_H
#define WW_DEFLATE_CACHE_H

#include "../formats/zip_write.h"

#include <stddef.h>

/* Below this, compressing costs less than a cache file: never cached. */
#define DEFLATE_CACHE_MIN_SIZE	(256 * 1024)

struct deflate_cache {
	char *dir;	/* NULL: no cache, compress every time */
	int level;	/* 0 to 9 */
	int threads;	/* for zip_deflate_mem() */
};

/* dir NULL: no cache. */
void deflate_cache_init(struct deflate_cache *dc, const char *dir, int level,
			int threads);
/* "deflated/" under the cache root (base/cache_root.h), if there is one. */
void deflate_cache_init_default(struct deflate_cache *dc, int level,
				int threads);
void deflate_cache_release(struct deflate_cache *dc);

/*
 * Fills out with len bytes of data compressed as zip_deflate_mem() does at
 * the cache's level: from the cache when it holds a sound entry, else
 * compressed now (and stored when len >= DEFLATE_CACHE_MIN_SIZE).
 * sha256 is the content's digest (the caller has it for RECORD). Returns
 * 1 when the entry came from the cache, 0 when it was compressed now.
 */
int deflate_cache_get(struct deflate_cache *dc, const void *data, size_t len,
		      const unsigned char sha256[32],
		      struct zip_deflated *out);

/* The entry's file for this content (tests): appended to path. */
void deflate_cache_entry_path(const struct deflate_cache *dc,
			      const unsigned char sha256[32],
			      struct strbuf *path);

#endif
