/*
 * A .tar.gz writer for sdists: POSIX pax format (ustar headers, with a pax
 * extended header where a name or size does not fit), gzip with a fixed
 * header (gzip_write.h), deterministic bytes, bounded memory.
 *
 *   struct tar_writer tw;
 *   struct tar_writer_opts o = TAR_WRITER_OPTS_INIT;
 *   o.epoch = source_date_epoch;
 *   if (tar_writer_open(&tw, "dist/pkg-1.0.tar.gz", &o, e) ||
 *       tar_writer_add_file(&tw, "pkg-1.0/setup.py", "setup.py", 0, e) ||
 *       tar_writer_finish(&tw, e))
 *           ... on failure the writer has already cleaned up ...
 *
 * Every entry is a regular file (no folder entries: extractors create
 * parents) with mode 0644 or 0755, uid and gid 0, empty user and group
 * names, and mtime opts.epoch, clamped to 1980-01-01 at the earliest so
 * that files extracted from the sdist can go into a zip (a wheel) as they
 * are. Names follow the rules of zip_name_check() (relative, no "..", no
 * backslash) and must be unique; a name longer than 100 bytes or not ASCII
 * gets a pax "path" record (no ustar prefix splitting), a size of 8 GiB or
 * more a pax "size" record. The archive ends with two zero blocks, padded
 * to a 10240-byte record as tar(1) and Python's tarfile do. This is what
 * Python's tarfile reads with filter='data'.
 *
 * The archive is written through an atomic_file; after any error the writer
 * has removed it and freed everything (tar_writer_abort() is then a no-op).
 */
#ifndef WW_TAR_WRITE_H
#define WW_TAR_WRITE_H

#include "../base/err.h"
#include "../base/fs.h"
#include "gzip_write.h"
#include "zip_format.h"

#include <stdint.h>

/* Level 9, like Python's tarfile: sdists are small, size matters more. */
#define TAR_DEFAULT_LEVEL	9

struct tar_writer_opts {
	int level;		/* gzip level, 0 to 9 */
	long long epoch;	/* SOURCE_DATE_EPOCH; below 1980 means 1980 */
};

#define TAR_WRITER_OPTS_INIT { TAR_DEFAULT_LEVEL, 0 }

struct tar_writer {
	struct atomic_file af;
	struct gzip_writer gz;
	int open;
	long long mtime;
	uint64_t written;	/* tar bytes so far (before gzip) */
	char **names;		/* owned copies, for duplicates */
	size_t nr, alloc;
	struct zip_name_set seen;
	unsigned char *buf;
};

int tar_writer_open(struct tar_writer *tw, const char *dest,
		    const struct tar_writer_opts *o, struct err *e);
int tar_writer_add_mem(struct tar_writer *tw, const char *name,
		       const void *data, size_t len, int executable,
		       struct err *e);
/* Streams the file at path in chunks. */
int tar_writer_add_file(struct tar_writer *tw, const char *name,
			const char *path, int executable, struct err *e);
/* Writes the end blocks, finishes gzip and commits the file. */
int tar_writer_finish(struct tar_writer *tw, struct err *e);
void tar_writer_abort(struct tar_writer *tw);

#endif
