/*
 * Fields of binary formats, read and written one at a time in a stated byte
 * order, never by laying a struct over bytes (whose padding, alignment and
 * host byte order are not the file's). Readers check bounds first with
 * bin_fits(), then read with byteorder.h; writers append to a strbuf.
 */
#ifndef WW_BINBUF_H
#define WW_BINBUF_H

#include "../base/strbuf.h"
#include "byteorder.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Whether n bytes at off lie inside a buffer of len bytes (no overflow). */
static inline int bin_fits(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

static inline void put_le16(struct strbuf *sb, uint32_t v)
{
	unsigned char b[2] = { (unsigned char)v, (unsigned char)(v >> 8) };

	sb_add(sb, b, 2);
}

static inline void put_le32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
			       (unsigned char)(v >> 16), (unsigned char)(v >> 24) };

	sb_add(sb, b, 4);
}

static inline void put_be32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };

	sb_add(sb, b, 4);
}

/* Overwrites 4 bytes at off (which the caller knows to be inside sb). */
static inline void set_le32(struct strbuf *sb, size_t off, uint32_t v)
{
	unsigned char *p = (unsigned char *)sb->buf + off;

	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static inline void put_zeros(struct strbuf *sb, size_t n)
{
	sb_grow(sb, n);
	memset(sb->buf + sb->len, 0, n);
	sb_setlen(sb, sb->len + n);
}

#endif
