/*
 * A streaming zip writer for wheels: deterministic bytes, bounded memory.
 *
 *   struct zip_writer zw;
 *   struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
 *   struct zip_digest d;
 *   o.epoch = source_date_epoch;
 *   if (zip_writer_open(&zw, "out.whl", &o, e) ||
 *       zip_writer_add_file(&zw, "pkg/mod.so", "build/mod.so", 1, &d, e) ||
 *       zip_writer_add_mem(&zw, "pkg-1.0.dist-info/RECORD", rec, len, 0, NULL, e) ||
 *       zip_writer_finish(&zw, e))
 *           ... on failure the writer has already cleaned up ...
 *
 * Entries are written in the order given (the caller sorts). Every entry gets
 * the same timestamp (opts.epoch in UTC, clamped to 1980-01-01 at the
 * earliest), Unix permissions 0644 or 0755 as a regular file, and the
 * "made by Unix" attribute. No extra fields are written except ZIP64 ones,
 * and only where a size or offset needs them, so the same input always gives
 * the same bytes.
 *
 * Compression: each entry is deflated at opts.level, in blocks (the first
 * ZIP_PROBE_SIZE bytes, then 512 KiB blocks, each primed with the previous
 * 32 KiB) that worker threads compress while the calling thread reads,
 * hashes and writes in order (deflate_pool.h); block boundaries depend only
 * on sizes, so the bytes are the same for any number of threads. An entry is
 * STORED instead when deflate does not make it smaller: if the deflated
 * blocks are not smaller, the writer seeks back and rewrites the entry
 * stored (reading a file a second time, and failing if it changed in
 * between). If the first ZIP_PROBE_SIZE bytes of a larger entry deflate to
 * more than 97% of their size, deflating stops right there and the entry is
 * stored (compressed media, random data cost 64 KiB of deflate, not all).
 * Memory use does not depend on entry sizes: files are read in blocks, and
 * at most 16 blocks are in flight.
 *
 * Local headers are patched in place after the data (no data descriptors),
 * so the output must be seekable: zip_writer_open() writes through an
 * atomic_file (the archive appears whole at finish, or not at all).
 *
 * After any error the writer is unusable: it has removed its temporary file
 * and freed its memory (zip_writer_abort() is then a no-op).
 */
#ifndef WW_ZIP_WRITE_H
#define WW_ZIP_WRITE_H

#include "../base/err.h"
#include "../base/fs.h"
#include "zip_format.h"

struct deflate_pool;
struct zip_pending;

#include <stdint.h>
#include <stdio.h>

/*
 * Level 5, not zlib's (and Python's zipfile's) 6: on a wheel-like tree it
 * takes about 60% of the CPU time of level 6 for archives about 1.6%
 * larger (docs/zip.md has the measurements).
 */
#define ZIP_DEFAULT_LEVEL	5
#define ZIP_PROBE_SIZE		(64 * 1024)
/*
 * The version of the block scheme described above (block sizes, probe,
 * dictionaries, flushes, when an entry is stored). Compressed data kept
 * from an earlier run (engine/deflate_cache.h) is reused only under the
 * same version: change it with any change that changes the bytes.
 */
#define ZIP_BLOCK_SCHEME	1

struct zip_writer_opts {
	int level;		/* 0 (store everything) to 9 */
	long long epoch;	/* SOURCE_DATE_EPOCH; below 1980 means 1980 */
	int force_zip64;	/* test hook: ZIP64 records for every entry */
	/*
	 * Threads deflating blocks (0 or 1: none, the caller's thread does
	 * it). The bytes written are the same for any number.
	 */
	int threads;
};

#define ZIP_WRITER_OPTS_INIT { ZIP_DEFAULT_LEVEL, 0, 0, 1 }

/* What a wheel's RECORD needs about an entry's uncompressed content. */
struct zip_digest {
	uint64_t size;
	unsigned char sha256[32];
};

/* One written entry, as the central directory will describe it. */
struct zip_written_entry {
	char *name;		/* owned */
	size_t name_len;
	uint64_t offset;	/* of the local header */
	uint64_t size, csize;
	uint32_t crc;
	uint16_t method;
	uint16_t mode;		/* 0644 or 0755 */
	unsigned zip64_local : 1;	/* local header has a ZIP64 extra */
};

struct zip_writer {
	struct atomic_file af;
	FILE *fp;		/* af.fp, or the caller's stream */
	int own_file;		/* fp belongs to af */
	uint64_t pos;		/* end of the data written so far */
	struct zip_written_entry *ents;
	size_t nr, alloc;
	struct zip_name_set names;	/* points into ents[].name */
	int level, force_zip64;
	uint16_t dos_date, dos_time;
	struct deflate_pool *pool;	/* deflate workers and job slots */
	struct zip_pending *pending;	/* entries with queued jobs */
	unsigned char *inbuf;		/* for stored data */
	const char *label;	/* the archive's name, for messages */
};

/* Creates dest through an atomic_file. */
int zip_writer_open(struct zip_writer *zw, const char *dest,
		    const struct zip_writer_opts *o, struct err *e);

/*
 * Writes to the caller's stream, which must be seekable, positioned at 0 and
 * a regular file (the writer truncates it at finish). The caller closes fp.
 */
int zip_writer_open_fp(struct zip_writer *zw, FILE *fp, const char *label,
		       const struct zip_writer_opts *o, struct err *e);

/* Adds an entry from memory. digest may be NULL. */
int zip_writer_add_mem(struct zip_writer *zw, const char *name,
		       const void *data, size_t len, int executable,
		       struct zip_digest *digest, struct err *e);

/*
 * Adds an entry whose data is already compressed, taken unchanged from
 * another archive (zip_reader_read_raw): method (stored or deflated),
 * CRC-32 and uncompressed size are the caller's word, so it must have
 * checked them (zip_reader_extract does). Saves compressing it again.
 */
int zip_writer_add_raw(struct zip_writer *zw, const char *name,
		       const void *data, size_t len, uint16_t method,
		       uint32_t crc, uint64_t size, int executable,
		       struct err *e);

/* Adds an entry streamed from the file at path. digest may be NULL. */
int zip_writer_add_file(struct zip_writer *zw, const char *name,
			const char *path, int executable,
			struct zip_digest *digest, struct err *e);

struct zip_file_spec {
	const char *name;	/* entry name */
	const char *path;	/* the file to read */
	int executable;
};

/*
 * Adds n files in this order, deflating several at once with opts.threads
 * (add_file deflates one file's blocks in parallel, but only this keeps the
 * threads busy across many small files). digests, if not NULL, has n
 * elements.
 */
int zip_writer_add_files(struct zip_writer *zw,
			 const struct zip_file_spec *files, size_t n,
			 struct zip_digest *digests, struct err *e);

/*
 * An entry's data compressed ahead of time, in memory: what
 * zip_writer_add_mem() would write for the same content, level and any
 * number of threads, byte for byte. Give it to zip_writer_add_raw() with
 * data.buf (deflated) or the content itself (stored).
 */
struct zip_deflated {
	struct strbuf data;	/* the deflate stream; empty when stored */
	uint16_t method;	/* ZIP_METHOD_DEFLATED or ZIP_METHOD_STORED */
	uint32_t crc;		/* CRC-32 of the content */
	uint64_t size;		/* of the content */
};

void zip_deflated_init(struct zip_deflated *d);
void zip_deflated_release(struct zip_deflated *d);

/*
 * Compresses len bytes at level (0 to 9) with the writer's block scheme,
 * on threads threads (0 or 1: the caller's). Memory: the stream, and the
 * deflate pool's bounded buffers.
 */
void zip_deflate_mem(const void *data, size_t len, int level, int threads,
		     struct zip_deflated *out);

/*
 * Writes the central directory and the end records, then commits the
 * atomic_file (or flushes and truncates the caller's stream). Frees
 * everything either way.
 */
int zip_writer_finish(struct zip_writer *zw, struct err *e);

/* Gives up: removes the temporary file and frees everything. */
void zip_writer_abort(struct zip_writer *zw);

#endif
