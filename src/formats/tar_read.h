/*
 * A small tar reader for sdists: gzip-compressed or plain tar, ustar and
 * POSIX pax headers (the "path" and "size" records; other records are
 * skipped), GNU long names ('L'), regular files and folders. Links, devices
 * and FIFOs are refused: an sdist needs none of them, and refusing them is
 * what makes extraction safe (nothing written can point outside the
 * destination).
 *
 *   struct tar_reader tr;
 *   const struct tar_entry *en;
 *   int rc;
 *   if (tar_reader_open(&tr, "dist/pkg-1.0.tar.gz", e))
 *           return -1;
 *   while ((rc = tar_reader_next(&tr, &en, e)) == 1)
 *           ... en->name, en->size; tar_reader_read() for the content ...
 *   tar_reader_release(&tr);
 *
 * Every header is checked (checksum, octal fields, sizes against the
 * remaining input) and every name must pass zip_name_check(): relative, no
 * "." or ".." components, no backslash, no NUL. Errors name the archive and
 * the offset of the header in the uncompressed tar stream.
 */
#ifndef WW_TAR_READ_H
#define WW_TAR_READ_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <zlib.h>

enum tar_type {
	TAR_FILE = 1,
	TAR_DIR = 2,
};

struct tar_entry {
	const char *name;	/* owned by the reader: valid until the next call;
				 * folders keep no trailing '/' */
	enum tar_type type;
	int executable;		/* any execute bit in the mode */
	uint64_t size;		/* content bytes (0 for folders) */
	uint64_t offset;	/* of its (first) header in the tar stream */
};

struct tar_reader {
	char *label;			/* the archive, for messages (owned) */
	FILE *fp;			/* owned when opened from a path */
	const unsigned char *mem;	/* or the caller's bytes */
	size_t mem_len, mem_pos;
	int gzip;			/* input is gzip-compressed */
	int z_ready, z_end;
	z_stream z;
	unsigned char *in;		/* input buffer */
	size_t in_len, in_pos;		/* plain tar: what it holds, what is used */
	int in_eof;			/* the input has no more bytes */
	uint64_t pos;			/* tar bytes consumed */
	uint64_t left;			/* content bytes left in the entry */
	uint64_t pad;			/* padding after them */
	int finished;			/* end-of-archive seen */
	struct strbuf name;
	struct tar_entry cur;
};

/* Opens an archive file (gzip is detected by its magic bytes). */
int tar_reader_open(struct tar_reader *tr, const char *path, struct err *e);
/* Reads from memory the caller keeps alive until tar_reader_release(). */
int tar_reader_open_mem(struct tar_reader *tr, const void *data, size_t len,
			const char *label, struct err *e);

/*
 * Moves to the next entry, skipping whatever content of the current one
 * was not read. Returns 1 with *en set, 0 at the end of the archive, -1 on
 * an error (the reader is then unusable but must still be released).
 */
int tar_reader_next(struct tar_reader *tr, const struct tar_entry **en,
		    struct err *e);
/* Reads up to cap content bytes of the current entry; *got is 0 at its end. */
int tar_reader_read(struct tar_reader *tr, void *buf, size_t cap, size_t *got,
		    struct err *e);
void tar_reader_release(struct tar_reader *tr);

/*
 * Extracts every entry of the archive under dest (created if missing, and
 * expected to be empty): files with mode 0644 or 0755, folders 0755.
 * Duplicate names, and a name that is both a file and a folder, are
 * errors. Files are created with O_EXCL | O_NOFOLLOW, so even a
 * destination that already holds links is never written through them.
 * On error, what was extracted so far stays: the caller removes dest.
 */
int tar_extract(const char *archive, const char *dest, struct err *e);

#endif
