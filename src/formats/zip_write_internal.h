/*
 * Shared by the parts of the zip writer: zip_write.c (records, the archive
 * as a whole) and zip_write_data.c (entry content: deflate in parallel,
 * stored fallback). Not for other callers.
 */
#ifndef WW_ZIP_WRITE_INTERNAL_H
#define WW_ZIP_WRITE_INTERNAL_H

#include "zip_write.h"

/* Stored data is copied in chunks of this size (zw->inbuf). */
#define ZIP_STORE_CHUNK	(256 * 1024)

/* Where an entry's content comes from: memory, or a file read by offset. */
struct zip_source {
	const unsigned char *mem;
	int fd;			/* -1 for memory */
	const char *path;	/* for messages */
	uint64_t size;		/* what the content must measure */
};

/* Appends to the archive; on failure aborts the writer (returns -1). */
int zip_put(struct zip_writer *zw, const void *p, size_t n, struct err *e);
int zip_seek(struct zip_writer *zw, uint64_t off, struct err *e);

/*
 * Checks the name and records a new entry (offset and sizes unknown yet);
 * returns its index, or -1 after aborting the writer.
 */
long zip_new_entry(struct zip_writer *zw, const char *name, uint64_t size,
		   int executable, struct err *e);

/*
 * Writes entry i's local header at the end of the archive, or with rewrite,
 * patches it in place with the method, CRC and sizes known after the data.
 */
int zip_local_header(struct zip_writer *zw, size_t i, int rewrite,
		     struct err *e);

/*
 * Queues entry i's content (its local header and data go out in order as
 * the deflate pool returns blocks). The source's fd (if any) then belongs
 * to the writer, which closes it. digest, if not NULL, is filled in by the
 * time zip_drain() returns.
 */
int zip_queue_entry(struct zip_writer *zw, size_t i,
		    const struct zip_source *src, struct zip_digest *digest,
		    struct err *e);
/* Writes out everything queued. */
int zip_drain(struct zip_writer *zw, struct err *e);
/* Frees what the queue holds (closes files): for abort. */
void zip_queue_release(struct zip_writer *zw);

#endif
