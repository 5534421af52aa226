/*
 * PE headers and sections; the directories are read in pe_dirs.c. Offsets
 * and sizes named here are those of Microsoft's PE format specification.
 */
#include "pe_reader.h"
#include "binbuf.h"
#include "../base/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DOS_LFANEW 0x3c
#define COFF_HEADER_SIZE 20
#define SECTION_HEADER_SIZE 40
#define OPT_MAGIC_PE32 0x10b
#define OPT_MAGIC_PE32_PLUS 0x20b

void pe_file_init(struct pe_file *pe)
{
	memset(pe, 0, sizeof(*pe));
}

void pe_file_release(struct pe_file *pe)
{
	size_t i, j;

	for (i = 0; i < pe->nr_imports; i++) {
		for (j = 0; j < pe->imports[i].nr_syms; j++)
			free(pe->imports[i].syms[j].name);
		free(pe->imports[i].syms);
		free(pe->imports[i].dll);
	}
	free(pe->imports);
	for (i = 0; i < pe->nr_exports; i++) {
		free(pe->exports[i].name);
		free(pe->exports[i].forward);
	}
	free(pe->exports);
	free(pe->export_name);
	free(pe->sections);
	pe_file_init(pe);
}

const char *pe_machine_name(uint16_t machine)
{
	switch (machine) {
	case PE_MACHINE_I386: return "i686";
	case PE_MACHINE_AMD64: return "x86_64";
	case PE_MACHINE_ARM64: return "aarch64";
	case PE_MACHINE_ARM64EC: return "arm64ec";
	case PE_MACHINE_ARM64X: return "arm64x";
	case PE_MACHINE_ARMNT: return "armv7";
	}
	return NULL;
}

int pe_error(struct pe_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vat(r->e, r->file, 0, 0, fmt, ap);
	va_end(ap);
	err_prefix(r->e, "malformed PE file");
	return -1;
}

/*
 * Where rva lies in the file and how many bytes of the file follow it in
 * the same section (the rest of a section's virtual size is zero-filled
 * memory with no file bytes). Returns -1 when no section holds rva.
 */
static int map_rva(const struct pe_file *pe, uint32_t rva, size_t *off,
		   size_t *avail)
{
	size_t i;

	for (i = 0; i < pe->nr_sections; i++) {
		const struct pe_section *s = &pe->sections[i];
		uint64_t span = s->vsize ? s->vsize : s->raw_size;
		uint64_t delta;

		if (rva < s->vaddr || rva - s->vaddr >= span)
			continue;
		delta = rva - s->vaddr;
		if (delta >= s->raw_size || s->raw_offset + delta >= pe->file_size)
			return -1;
		*off = (size_t)(s->raw_offset + delta);
		*avail = s->raw_size - (size_t)delta;
		if (*avail > pe->file_size - *off)
			*avail = pe->file_size - *off;
		return 0;
	}
	if (rva < pe->size_of_headers && rva < pe->file_size) {
		*off = rva;
		*avail = (pe->size_of_headers < pe->file_size ?
			  pe->size_of_headers : pe->file_size) - rva;
		return 0;
	}
	return -1;
}

int pe_rva_to_offset(const struct pe_file *pe, uint32_t rva, uint32_t n,
		     size_t *offset)
{
	size_t off, avail;

	if (map_rva(pe, rva, &off, &avail) < 0 || avail < n)
		return -1;
	*offset = off;
	return 0;
}

int pe_at_rva(struct pe_reader *r, uint32_t rva, uint32_t n,
	      const unsigned char **p, const char *what)
{
	size_t off;

	if (pe_rva_to_offset(r->pe, rva, n, &off) < 0)
		return pe_error(r, "%s at RVA 0x%x (%u bytes) is outside the file's sections",
				what, rva, n);
	*p = r->buf + off;
	return 0;
}

int pe_string_at_rva(struct pe_reader *r, uint32_t rva, char **out,
		     const char *what)
{
	size_t off, avail;
	const unsigned char *nul;

	if (map_rva(r->pe, rva, &off, &avail) < 0)
		return pe_error(r, "%s at RVA 0x%x is outside the file's sections",
				what, rva);
	nul = memchr(r->buf + off, '\0', avail);
	if (!nul)
		return pe_error(r, "%s at RVA 0x%x runs past its section", what, rva);
	*out = xstrndup((const char *)r->buf + off, (size_t)(nul - (r->buf + off)));
	return 0;
}

/* The DOS header's e_lfanew, then "PE\0\0": returns the COFF header offset. */
static int read_signature(struct pe_reader *r, size_t *coff)
{
	uint32_t lfanew;

	if (r->len < 2 || r->buf[0] != 'M' || r->buf[1] != 'Z')
		return err_at(r->e, r->file, 0, 0,
			      "not a PE file: no 'MZ' signature at offset 0");
	if (!bin_fits(r->len, DOS_LFANEW, 4))
		return pe_error(r, "the DOS header is truncated (%zu bytes)", r->len);
	lfanew = le32_get(r->buf + DOS_LFANEW);
	if (!bin_fits(r->len, lfanew, 4) || memcmp(r->buf + lfanew, "PE\0\0", 4))
		return err_at(r->e, r->file, 0, 0,
			      "not a PE file: no 'PE' signature at offset 0x%x "
			      "(an MS-DOS program?)", lfanew);
	*coff = (size_t)lfanew + 4;
	return 0;
}

/* The optional header fields we keep, and the data directories. */
static int read_optional_header(struct pe_reader *r, size_t opt, size_t size)
{
	struct pe_file *pe = r->pe;
	const unsigned char *p = r->buf + opt;
	size_t dirs_at, i;
	uint16_t magic;

	if (size < 2)
		return pe_error(r, "no optional header (SizeOfOptionalHeader is %zu)", size);
	magic = le16_get(p);
	if (magic != OPT_MAGIC_PE32 && magic != OPT_MAGIC_PE32_PLUS)
		return pe_error(r, "unknown optional header magic 0x%x", magic);
	pe->pe32_plus = magic == OPT_MAGIC_PE32_PLUS;
	dirs_at = pe->pe32_plus ? 112 : 96;
	if (size < dirs_at)
		return pe_error(r, "the optional header is too short (%zu bytes, %zu needed)",
				size, dirs_at);
	pe->image_base = pe->pe32_plus ? le64_get(p + 24) : le32_get(p + 28);
	pe->size_of_headers = le32_get(p + 60);
	pe->subsystem = le16_get(p + 68);
	pe->dll_characteristics = le16_get(p + 70);
	pe->nr_dirs = le32_get(p + dirs_at - 4);
	if (pe->nr_dirs > (size - dirs_at) / 8)
		return pe_error(r, "%u data directories do not fit in the optional header",
				pe->nr_dirs);
	if (pe->nr_dirs > PE_NR_DIRS)
		pe->nr_dirs = PE_NR_DIRS;
	for (i = 0; i < pe->nr_dirs; i++) {
		pe->dirs[i].rva = le32_get(p + dirs_at + 8 * i);
		pe->dirs[i].size = le32_get(p + dirs_at + 8 * i + 4);
	}
	return 0;
}

static int read_sections(struct pe_reader *r, size_t at, size_t n)
{
	struct pe_file *pe = r->pe;
	size_t i;

	if (!bin_fits(r->len, at, st_mult(n, SECTION_HEADER_SIZE)))
		return pe_error(r, "the section table (%zu sections at offset 0x%zx) "
				"runs past the end of the file", n, at);
	pe->sections = xcalloc(n ? n : 1, sizeof(*pe->sections));
	pe->nr_sections = n;
	for (i = 0; i < n; i++) {
		const unsigned char *p = r->buf + at + i * SECTION_HEADER_SIZE;
		struct pe_section *s = &pe->sections[i];

		memcpy(s->name, p, 8);
		s->name[8] = '\0';
		s->vsize = le32_get(p + 8);
		s->vaddr = le32_get(p + 12);
		s->raw_size = le32_get(p + 16);
		s->raw_offset = le32_get(p + 20);
		s->flags = le32_get(p + 36);
	}
	return 0;
}

static int read_headers(struct pe_reader *r)
{
	struct pe_file *pe = r->pe;
	size_t coff = 0, opt_size;
	const unsigned char *p;

	if (read_signature(r, &coff) < 0)
		return -1;
	if (!bin_fits(r->len, coff, COFF_HEADER_SIZE))
		return pe_error(r, "the COFF header at offset 0x%zx is truncated", coff);
	p = r->buf + coff;
	pe->machine = le16_get(p);
	pe->timestamp = le32_get(p + 4);
	opt_size = le16_get(p + 16);
	pe->characteristics = le16_get(p + 18);
	if (!bin_fits(r->len, coff + COFF_HEADER_SIZE, opt_size))
		return pe_error(r, "the optional header (%zu bytes at offset 0x%zx) "
				"runs past the end of the file", opt_size,
				coff + COFF_HEADER_SIZE);
	if (read_optional_header(r, coff + COFF_HEADER_SIZE, opt_size) < 0)
		return -1;
	return read_sections(r, coff + COFF_HEADER_SIZE + opt_size, le16_get(p + 2));
}

int pe_parse(struct pe_file *pe, const void *buf, size_t len,
	     const char *filename, struct err *e)
{
	struct pe_reader r = { buf, len, filename, e, pe, PE_MAX_ENTRIES,
			       PE_MAX_NAME_BYTES };

	pe->file_size = len;
	if (read_headers(&r) < 0)
		return -1;
	if (pe_read_imports(&r) < 0 || pe_read_delay_imports(&r) < 0 ||
	    pe_read_exports(&r) < 0)
		return -1;
	return 0;
}
