/*
 * Mach-O files: the fat header and its slices, and each image's header.
 * The load commands are read in macho_commands.c, the symbol table in
 * macho_symtab.c.
 */
#include "macho_private.h"
#include "binbuf.h"
#include "../base/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define FAT_MAGIC 0xcafebabeu
#define FAT_MAGIC_64 0xcafebabfu
#define FAT_HEADER_SIZE 8
#define FAT_ARCH_SIZE 20
#define FAT_ARCH_64_SIZE 32
#define MH_MAGIC 0xfeedfaceu
#define MH_MAGIC_64 0xfeedfacfu
#define MH_CIGAM 0xcefaedfeu
#define MH_CIGAM_64 0xcffaedfeu
#define MH_HEADER_SIZE 28
#define MH_HEADER_64_SIZE 32
#define AR_MAGIC "!<arch>\n"

void macho_file_init(struct macho_file *m)
{
	memset(m, 0, sizeof(*m));
}

static void symbols_release(struct macho_symbol *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static void slice_release(struct macho_slice *s)
{
	size_t i;

	free(s->id_dylib);
	for (i = 0; i < s->nr_dylibs; i++)
		free(s->dylibs[i].name);
	free(s->dylibs);
	for (i = 0; i < s->nr_rpaths; i++)
		free(s->rpaths[i]);
	free(s->rpaths);
	free(s->versions);
	symbols_release(s->undefined, s->nr_undefined);
	symbols_release(s->defined, s->nr_defined);
}

void macho_file_release(struct macho_file *m)
{
	size_t i;

	for (i = 0; i < m->nr_slices; i++)
		slice_release(&m->slices[i]);
	free(m->slices);
	macho_file_init(m);
}

int macho_error(struct macho_image *im, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	err_at(im->e, im->file, 0, 0, "malformed Mach-O file: %s%s", im->where, sb.buf);
	sb_release(&sb);
	return -1;
}

/* The header of one image; then its load commands. */
static int read_image(struct macho_image *im)
{
	struct macho_slice *s = im->s;
	uint32_t magic, cputype, subtype;
	size_t hsize;

	if (im->len < 4)
		return macho_error(im, "the image is truncated (%zu bytes)", im->len);
	magic = be32_get(im->buf);
	if (magic != MH_MAGIC && magic != MH_MAGIC_64 && magic != MH_CIGAM &&
	    magic != MH_CIGAM_64)
		return macho_error(im, "the image has no Mach-O magic (0x%08x)", magic);
	s->msb = magic == MH_MAGIC || magic == MH_MAGIC_64;
	s->is64 = magic == MH_MAGIC_64 || magic == MH_CIGAM_64;
	hsize = s->is64 ? MH_HEADER_64_SIZE : MH_HEADER_SIZE;
	if (im->len < hsize)
		return macho_error(im, "the header is truncated (%zu bytes, %zu needed)",
				   im->len, hsize);
	cputype = macho_u32(im, 4);
	subtype = macho_u32(im, 8);
	/* dyld picks a slice by the fat header's CPU: the image must agree */
	if (im->in_fat && (cputype != s->cputype ||
			   (subtype & MACHO_SUBTYPE_MASK) != (s->cpusubtype & MACHO_SUBTYPE_MASK)))
		return macho_error(im, "the image is for cputype 0x%x subtype 0x%x, but the fat header says 0x%x subtype 0x%x",
				   cputype, subtype & MACHO_SUBTYPE_MASK, s->cputype,
				   s->cpusubtype & MACHO_SUBTYPE_MASK);
	s->cputype = cputype;
	s->cpusubtype = subtype;
	s->filetype = macho_u32(im, 12);
	s->ncmds = macho_u32(im, 16);
	s->flags = macho_u32(im, 24);
	return macho_read_commands(im, hsize);
}

static int not_macho(struct err *e, const char *file, const unsigned char *b,
		     size_t len)
{
	if (len < 4)
		return err_at(e, file, 0, 0, "not a Mach-O file: %zu bytes, too short for a header",
			      len);
	return err_at(e, file, 0, 0, "not a Mach-O file: unknown magic 0x%02x%02x%02x%02x",
		      b[0], b[1], b[2], b[3]);
}

struct fat_reader {
	const unsigned char *buf;
	size_t len;
	const char *file;
	struct err *e;
	struct macho_file *m;
	uint32_t nr;
	size_t table_end;	/* the end of the fat_arch table */
};

static int fat_error(struct fat_reader *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fat_error(struct fat_reader *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vat(f->e, f->file, 0, 0, fmt, ap);
	va_end(ap);
	err_prefix(f->e, "malformed Mach-O file");
	return -1;
}

/* Slice i's name in messages: "slice 2 (arm64)". */
static const char *slice_label(const struct macho_slice *s, size_t i,
			       struct strbuf *sb)
{
	char buf[32];

	sb_reset(sb);
	sb_addf(sb, "slice %zu (%s)", i + 1, macho_slice_arch(s, buf, sizeof(buf)));
	return sb->buf;
}

/* Slice i of the table: inside the file, after the table, overlapping none. */
static int check_slice(struct fat_reader *f, size_t i)
{
	const struct macho_slice *s = &f->m->slices[i];
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	size_t k;
	int rc = 0;

	slice_label(s, i, &a);
	if (!bin_fits(f->len, s->offset, s->size))
		rc = fat_error(f, "%s at offset 0x%llx (%llu bytes) runs past the end of the file (%zu bytes)",
			       a.buf, (unsigned long long)s->offset,
			       (unsigned long long)s->size, f->len);
	else if (s->offset < f->table_end)
		rc = fat_error(f, "%s at offset 0x%llx overlaps the fat header", a.buf,
			       (unsigned long long)s->offset);
	for (k = 0; !rc && k < i; k++) {
		const struct macho_slice *o = &f->m->slices[k];

		if (o->cputype == s->cputype &&
		    (o->cpusubtype & MACHO_SUBTYPE_MASK) == (s->cpusubtype & MACHO_SUBTYPE_MASK))
			rc = fat_error(f, "%s and %s are for the same CPU",
				       slice_label(o, k, &b), a.buf);
		else if (s->offset < o->offset + o->size && o->offset < s->offset + s->size)
			rc = fat_error(f, "%s and %s overlap", slice_label(o, k, &b), a.buf);
	}
	sb_release(&a);
	sb_release(&b);
	return rc;
}

static int read_fat_table(struct fat_reader *f, int is64)
{
	size_t entry = is64 ? FAT_ARCH_64_SIZE : FAT_ARCH_SIZE, i;

	if (!f->nr)
		return fat_error(f, "the fat header lists no slices");
	if (!bin_fits(f->len, FAT_HEADER_SIZE, (uint64_t)f->nr * entry))
		return fat_error(f, "the fat header's %u slices run past the end of the file",
				 f->nr);
	f->table_end = FAT_HEADER_SIZE + (size_t)f->nr * entry;
	f->m->slices = xcalloc(f->nr, sizeof(*f->m->slices));
	for (i = 0; i < f->nr; i++) {
		const unsigned char *p = f->buf + FAT_HEADER_SIZE + i * entry;
		struct macho_slice *s = &f->m->slices[i];

		f->m->nr_slices++;
		s->cputype = be32_get(p);
		s->cpusubtype = be32_get(p + 4);
		if (is64) {
			s->offset = (uint64_t)be32_get(p + 8) << 32 | be32_get(p + 12);
			s->size = (uint64_t)be32_get(p + 16) << 32 | be32_get(p + 20);
		} else {
			s->offset = be32_get(p + 8);
			s->size = be32_get(p + 12);
		}
		if (check_slice(f, i))
			return -1;
	}
	return 0;
}

static int read_fat(struct macho_file *m, const unsigned char *buf, size_t len,
		    const char *file, struct err *e)
{
	struct fat_reader f;
	struct strbuf where = STRBUF_INIT;
	size_t i;
	int rc = 0;

	memset(&f, 0, sizeof(f));
	f.buf = buf;
	f.len = len;
	f.file = file;
	f.e = e;
	f.m = m;
	if (len < FAT_HEADER_SIZE)
		return fat_error(&f, "the fat header is truncated (%zu bytes)", len);
	m->fat = be32_get(buf) == FAT_MAGIC_64 ? 64 : 32;
	f.nr = be32_get(buf + 4);
	if (read_fat_table(&f, m->fat == 64))
		return -1;
	for (i = 0; i < m->nr_slices && !rc; i++) {
		struct macho_slice *s = &m->slices[i];
		struct macho_image im;
		char arch[32];

		memset(&im, 0, sizeof(im));
		im.buf = buf + s->offset;
		im.len = (size_t)s->size;
		if (im.len >= 8 && !memcmp(im.buf, AR_MAGIC, 8)) {
			s->archive = 1;
			continue;
		}
		sb_reset(&where);
		sb_addf(&where, "%s slice: ", macho_slice_arch(s, arch, sizeof(arch)));
		im.file = file;
		im.where = where.buf;
		im.e = e;
		im.s = s;
		im.name_bytes_left = MACHO_NAME_SLACK;
		im.in_fat = 1;
		rc = read_image(&im);
	}
	sb_release(&where);
	return rc;
}

int macho_parse(struct macho_file *m, const void *buf, size_t len,
		const char *filename, struct err *e)
{
	const unsigned char *b = buf;
	struct macho_image im;
	uint32_t magic;

	if (len < 4)
		return not_macho(e, filename, b, len);
	magic = be32_get(b);
	if (magic == FAT_MAGIC || magic == FAT_MAGIC_64)
		return read_fat(m, b, len, filename, e);
	if (magic != MH_MAGIC && magic != MH_MAGIC_64 && magic != MH_CIGAM &&
	    magic != MH_CIGAM_64)
		return not_macho(e, filename, b, len);
	m->slices = xcalloc(1, sizeof(*m->slices));
	m->nr_slices = 1;
	m->slices[0].size = len;
	memset(&im, 0, sizeof(im));
	im.buf = b;
	im.len = len;
	im.file = filename;
	im.where = "";
	im.e = e;
	im.s = &m->slices[0];
	im.name_bytes_left = MACHO_NAME_SLACK;
	return read_image(&im);
}
