/*
 * Private to the Mach-O reader (macho.c, macho_commands.c, macho_symtab.c):
 * the state of reading one image and the bounds-checked field readers.
 * Not for other code: use macho.h.
 */
#ifndef WW_MACHO_PRIVATE_H
#define WW_MACHO_PRIVATE_H

#include "macho.h"

/* Bytes of symbol names one parse may copy beyond the string table's size. */
#define MACHO_NAME_SLACK (64u << 20)

/* One image (a thin file, or one slice of a fat file). */
struct macho_image {
	const unsigned char *buf;	/* the image's first byte */
	size_t len;			/* the image's size */
	const char *file;
	const char *where;		/* "" or "arm64 slice: " for errors */
	struct err *e;
	struct macho_slice *s;
	int in_fat;			/* a slice: its CPU is in the fat header */
	size_t name_bytes_left;		/* symbol name bytes still allowed */
};

/* Records "malformed Mach-O file: <where><message>"; returns -1. */
int macho_error(struct macho_image *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A field at off of the image (the caller has checked the bounds). */
static inline uint32_t macho_u32(const struct macho_image *im, size_t off)
{
	const unsigned char *p = im->buf + off;

	return im->s->msb ?
	       (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3] :
	       (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static inline uint16_t macho_u16(const struct macho_image *im, size_t off)
{
	const unsigned char *p = im->buf + off;

	return (uint16_t)(im->s->msb ? p[0] << 8 | p[1] : p[1] << 8 | p[0]);
}

static inline uint64_t macho_u64(const struct macho_image *im, size_t off)
{
	uint64_t a = macho_u32(im, off), b = macho_u32(im, off + 4);

	return im->s->msb ? a << 32 | b : b << 32 | a;
}

/* Reads the load commands of the image whose header has been read. */
int macho_read_commands(struct macho_image *im, size_t header_size);
/* Reads LC_SYMTAB's table (symoff, nsyms, stroff, strsize). */
int macho_read_symtab(struct macho_image *im, uint32_t symoff, uint32_t nsyms,
		      uint32_t stroff, uint32_t strsize);

#endif
