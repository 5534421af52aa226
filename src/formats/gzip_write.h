/*
 * A gzip (RFC 1952) member written to a stream with a fixed header: no file
 * name, modification time 0, extra flags 0, OS 255 ("unknown"), so the bytes
 * depend only on the content and the level, not on the machine or the clock.
 * Used by the tar.gz writer.
 */
#ifndef WW_GZIP_WRITE_H
#define WW_GZIP_WRITE_H

#include "../base/err.h"

#include <stdint.h>
#include <stdio.h>
#include <zlib.h>

struct gzip_writer {
	FILE *fp;		/* the caller's; not closed here */
	const char *label;	/* for messages */
	z_stream z;
	uint32_t crc;
	uint32_t isize;		/* content size modulo 2^32, as gzip stores */
	unsigned char *out;
};

/* Writes the header. level is 0 to 9. */
int gzip_writer_init(struct gzip_writer *gz, FILE *fp, const char *label,
		     int level, struct err *e);
/* Compresses and writes content. */
int gzip_writer_write(struct gzip_writer *gz, const void *data, size_t len,
		      struct err *e);
/* Ends the deflate stream and writes the trailer (CRC-32, size). */
int gzip_writer_finish(struct gzip_writer *gz, struct err *e);
/* Frees the compressor (after finish or to give up). */
void gzip_writer_release(struct gzip_writer *gz);

#endif
