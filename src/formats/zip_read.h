/*
 * A zip reader for audits: it reads any archive by offset (the archive is
 * never loaded whole), trusts nothing in it, and says exactly what is wrong.
 *
 *   struct zip_reader zr;
 *   struct zip_limits lim = ZIP_LIMITS_INIT;
 *   if (zip_reader_open(&zr, "x.whl", &lim, e))      structure: end records,
 *           return -1;                               central directory
 *   if (zip_reader_validate(&zr, e)) ...             every entry, see below
 *   zip_reader_extract(&zr, i, sink, ctx, e);        content, CRC and size
 *   zip_reader_release(&zr);
 *
 * zip_reader_open() finds the end of central directory record (after an
 * archive comment too), follows the ZIP64 locator and end record when there
 * is one, and reads the central directory entries. It fails on a structure
 * it cannot trust: a missing or inconsistent end record, a central directory
 * outside the file or not ending where the end record starts, an entry count
 * or size that disagrees, a truncated entry, a multi-disk archive.
 *
 * zip_reader_check_member() applies the rules to one entry: a safe name
 * (see zip_name_check()), not a symbolic link (unless limits allow it), not
 * encrypted, stored or deflated, a compression ratio under the cap, and a
 * local header that agrees with the central directory (name, method, CRC
 * and sizes) with its data inside the file. zip_reader_validate() does that
 * for every entry and also rejects duplicate names and entries whose data
 * overlap. Each problem has its own message, naming the entry.
 *
 * Extraction streams the content through a callback, inflating with zlib and
 * verifying that it measures exactly the declared size (it stops as soon as
 * it would exceed it) and has the declared CRC-32.
 *
 * Errors are bad input (exit status 2) located at the archive's path.
 * The reader never prints. All memory is owned by the reader and freed by
 * zip_reader_release(); member names live as long as the reader.
 */
#ifndef WW_ZIP_READ_H
#define WW_ZIP_READ_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stddef.h>
#include <stdint.h>

struct zip_limits {
	/*
	 * An entry larger than ratio_min_size may not declare more than
	 * max_ratio bytes per compressed byte (0: no cap). Deflate cannot do
	 * better than about 1032:1; real files seldom pass 20:1.
	 */
	uint64_t max_ratio;
	uint64_t ratio_min_size;
	int allow_symlinks;	/* report S_IFLNK entries as errors unless set */
};

#define ZIP_LIMITS_INIT { 200, 1024 * 1024, 0 }

struct zip_member {
	char *name;		/* NUL-terminated copy; may hold a NUL inside */
	size_t name_len;
	uint16_t made_by;	/* "version made by": host << 8 | version */
	uint16_t version_needed;
	uint16_t flags;
	uint16_t method;
	uint16_t dos_time, dos_date;
	uint32_t crc;
	uint32_t external_attr;
	uint32_t mode;		/* external_attr >> 16: Unix st_mode bits */
	uint64_t csize, size;
	uint64_t offset;	/* of the local header */
	uint64_t data_offset;	/* of the data; 0 until the local header is read */
};

struct zip_reader {
	int fd;
	int own_fd;
	char *path;		/* for messages */
	uint64_t file_size;
	struct zip_member *m;
	size_t nr, alloc;
	uint64_t cd_offset, cd_size;
	int zip64;		/* the end records were ZIP64 */
	char *comment;		/* the archive comment, NUL-terminated */
	size_t comment_len;
	struct zip_limits lim;
};

/*
 * Opens and reads the structure of the archive at path. On failure the
 * reader holds nothing (zip_reader_release() is then harmless).
 */
int zip_reader_open(struct zip_reader *zr, const char *path,
		    const struct zip_limits *lim, struct err *e);
/* The same over an open file; fd stays the caller's (close it after). */
int zip_reader_open_fd(struct zip_reader *zr, int fd, const char *label,
		       const struct zip_limits *lim, struct err *e);
void zip_reader_release(struct zip_reader *zr);

/* The index of the member with this name, or -1. */
long zip_reader_find(const struct zip_reader *zr, const char *name);

int zip_member_is_symlink(const struct zip_member *m);
int zip_member_is_dir(const struct zip_member *m);

/* Checks member i as described above. */
int zip_reader_check_member(struct zip_reader *zr, size_t i, struct err *e);
/* Checks every member, then duplicates and overlaps. */
int zip_reader_validate(struct zip_reader *zr, struct err *e);

/*
 * Receives content in order, in chunks. Returns 0 to go on, or -1 (with e
 * set) to stop the extraction with that error.
 */
typedef int (*zip_sink_fn)(void *ctx, const void *buf, size_t len,
			   struct err *e);

/* Streams member i's content to sink, verifying its size and CRC-32. */
int zip_reader_extract(struct zip_reader *zr, size_t i, zip_sink_fn sink,
		       void *ctx, struct err *e);
/*
 * Appends member i's content to out; fails before reading anything if the
 * declared size is over cap.
 */
int zip_reader_extract_mem(struct zip_reader *zr, size_t i, uint64_t cap,
			   struct strbuf *out, struct err *e);

/*
 * Appends member i's data as stored in the archive (compressed or not),
 * unchecked: for copying an entry into another archive unchanged
 * (zip_writer_add_raw) after zip_reader_extract() has checked it.
 */
int zip_reader_read_raw(struct zip_reader *zr, size_t i, struct strbuf *out,
			struct err *e);

#endif
