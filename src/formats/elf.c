/*
 * ELF reader: the file header, the program headers and the section
 * headers. The dynamic array is read in elf_dynamic.c, symbols in
 * elf_symbols.c, versions in elf_versions.c, notes in elf_notes.c.
 */
#include "elf.h"
#include "elf_bytes.h"
#include "elf_private.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

int elf_is_elf(const void *data, size_t size)
{
	return size >= 4 && !memcmp(data, "\177ELF", 4);
}

int elf_bad(const struct elf_file *ef, struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vat(e, ef->name, 0, 0, fmt, ap);
	va_end(ap);
	return -1;
}

/* e_ident and the fields after it (ELF header, Figure 1-3 of the gABI). */
static int read_ident(struct elf_file *ef, struct err *e)
{
	const unsigned char *d = ef->data;

	if (ef->size < 16 || memcmp(d, "\177ELF", 4))
		return elf_bad(ef, e, "not an ELF file (no '\\177ELF' magic)");
	if (d[4] != ELF_CLASS32 && d[4] != ELF_CLASS64)
		return elf_bad(ef, e, "unknown ELF class %u at offset 0x4",
			       d[4]);
	if (d[5] != ELF_DATA_LSB && d[5] != ELF_DATA_MSB)
		return elf_bad(ef, e, "unknown ELF data encoding %u at offset 0x5",
			       d[5]);
	if (d[6] != 1)
		return elf_bad(ef, e, "unknown ELF version %u at offset 0x6",
			       d[6]);
	ef->is64 = d[4] == ELF_CLASS64;
	ef->msb = d[5] == ELF_DATA_MSB;
	ef->osabi = d[7];
	ef->abiversion = d[8];
	return 0;
}

struct ehdr_counts {
	uint16_t phnum, shnum, shstrndx;
};

static int read_ehdr(struct elf_file *ef, struct ehdr_counts *c,
		     struct err *e)
{
	size_t need;
	struct elf_reader r;

	if (read_ident(ef, e))
		return -1;
	need = elf_ehdr_size(ef->is64);
	if (ef->size < need)
		return elf_bad(ef, e, "truncated ELF header: %zu bytes, need %zu",
			       ef->size, need);
	r = elf_reader_at(ef->data + 16, ef->msb, ef->is64);
	ef->type = er_u16(&r);
	ef->machine = er_u16(&r);
	er_u32(&r);		/* e_version */
	ef->entry = er_word(&r);
	ef->phoff = er_word(&r);
	ef->shoff = er_word(&r);
	ef->flags = er_u32(&r);
	er_u16(&r);		/* e_ehsize */
	ef->phentsize = er_u16(&r);
	c->phnum = er_u16(&r);
	ef->shentsize = er_u16(&r);
	c->shnum = er_u16(&r);
	c->shstrndx = er_u16(&r);
	return 0;
}

static void read_shdr(const struct elf_file *ef, uint64_t off,
		      struct elf_shdr *sh)
{
	struct elf_reader r = elf_reader_at(ef->data + off, ef->msb, ef->is64);

	sh->name = "";
	sh->name_off = er_u32(&r);
	sh->type = er_u32(&r);
	sh->flags = er_word(&r);
	sh->addr = er_word(&r);
	sh->offset = er_word(&r);
	sh->size = er_word(&r);
	sh->link = er_u32(&r);
	sh->info = er_u32(&r);
	sh->addralign = er_word(&r);
	sh->entsize = er_word(&r);
}

void elf_shdr_store(const struct elf_file *ef, unsigned char *p,
		    const struct elf_shdr *sh)
{
	struct elf_writer w = elf_writer_at(p, ef->msb, ef->is64);

	ew_u32(&w, sh->name_off);
	ew_u32(&w, sh->type);
	ew_word(&w, sh->flags);
	ew_word(&w, sh->addr);
	ew_word(&w, sh->offset);
	ew_word(&w, sh->size);
	ew_u32(&w, sh->link);
	ew_u32(&w, sh->info);
	ew_word(&w, sh->addralign);
	ew_word(&w, sh->entsize);
}

static void read_phdr(const struct elf_file *ef, uint64_t off,
		      struct elf_phdr *ph)
{
	struct elf_reader r = elf_reader_at(ef->data + off, ef->msb, ef->is64);

	ph->type = er_u32(&r);
	if (ef->is64) {
		ph->flags = er_u32(&r);
		ph->offset = er_u64(&r);
		ph->vaddr = er_u64(&r);
		ph->paddr = er_u64(&r);
		ph->filesz = er_u64(&r);
		ph->memsz = er_u64(&r);
		ph->align = er_u64(&r);
	} else {
		ph->offset = er_u32(&r);
		ph->vaddr = er_u32(&r);
		ph->paddr = er_u32(&r);
		ph->filesz = er_u32(&r);
		ph->memsz = er_u32(&r);
		ph->flags = er_u32(&r);
		ph->align = er_u32(&r);
	}
}

/*
 * Section headers. With more than 0xff00 sections, e_shnum is 0 and the
 * count is in the null section's sh_size; likewise e_shstrndx is
 * SHN_XINDEX and the index is in its sh_link.
 */
static int read_shdrs(struct elf_file *ef, struct ehdr_counts *c,
		      struct err *e)
{
	uint64_t count = c->shnum;
	size_t i;

	if (!ef->shoff)
		return 0;
	if (ef->shentsize < elf_shdr_size(ef->is64))
		return elf_bad(ef, e, "section header size %u is too small (need %zu)",
			       ef->shentsize, elf_shdr_size(ef->is64));
	if (!elf_range_ok(ef->shoff, ef->shentsize, ef->size))
		return elf_bad(ef, e, "section header table at offset 0x%llx is past the end of the file",
			       (unsigned long long)ef->shoff);
	if (!count) {
		struct elf_shdr null;

		read_shdr(ef, ef->shoff, &null);
		count = null.size;
	}
	if (!elf_array_ok(ef->shoff, count, ef->shentsize, ef->size))
		return elf_bad(ef, e, "section header table (%llu entries at offset 0x%llx) extends past the end of the file",
			       (unsigned long long)count,
			       (unsigned long long)ef->shoff);
	ef->nshdrs = (size_t)count;
	ef->shdrs = xcalloc(ef->nshdrs ? ef->nshdrs : 1, sizeof(*ef->shdrs));
	for (i = 0; i < ef->nshdrs; i++)
		read_shdr(ef, ef->shoff + (uint64_t)i * ef->shentsize,
			  &ef->shdrs[i]);
	return 0;
}

static int name_sections(struct elf_file *ef, uint32_t shstrndx,
			 struct err *e)
{
	const struct elf_shdr *st;
	size_t i;

	if (!ef->nshdrs || shstrndx == ELF_SHN_UNDEF)
		return 0;
	if (shstrndx == ELF_SHN_XINDEX)
		shstrndx = ef->shdrs[0].link;
	if (shstrndx >= ef->nshdrs)
		return elf_bad(ef, e, "section name table index %u is out of range (%zu sections)",
			       shstrndx, ef->nshdrs);
	st = &ef->shdrs[shstrndx];
	ef->shstrndx = shstrndx;
	if (st->type == ELF_SHT_NOBITS ||
	    !elf_range_ok(st->offset, st->size, ef->size))
		return elf_bad(ef, e, "section name table (offset 0x%llx, size 0x%llx) is outside the file",
			       (unsigned long long)st->offset,
			       (unsigned long long)st->size);
	for (i = 0; i < ef->nshdrs; i++) {
		struct elf_shdr *sh = &ef->shdrs[i];
		const char *name = elf_string_in(ef, st->offset, st->size,
						 sh->name_off);

		if (!name)
			return elf_bad(ef, e, "section %zu has a name offset 0x%x outside the section name table",
				       i, sh->name_off);
		sh->name = name;
	}
	return 0;
}

static int read_phdrs(struct elf_file *ef, struct ehdr_counts *c,
		      struct err *e)
{
	uint64_t count = c->phnum;
	size_t i;

	/* PN_XNUM: the real count is in the null section's sh_info. */
	if (count == 0xffff && ef->nshdrs)
		count = ef->shdrs[0].info;
	if (!count)
		return 0;
	if (ef->phentsize < elf_phdr_size(ef->is64))
		return elf_bad(ef, e, "program header size %u is too small (need %zu)",
			       ef->phentsize, elf_phdr_size(ef->is64));
	if (!elf_array_ok(ef->phoff, count, ef->phentsize, ef->size))
		return elf_bad(ef, e, "program header table (%llu entries at offset 0x%llx) extends past the end of the file",
			       (unsigned long long)count,
			       (unsigned long long)ef->phoff);
	ef->nphdrs = (size_t)count;
	ef->phdrs = xcalloc(ef->nphdrs, sizeof(*ef->phdrs));
	for (i = 0; i < ef->nphdrs; i++)
		read_phdr(ef, ef->phoff + (uint64_t)i * ef->phentsize,
			  &ef->phdrs[i]);
	return 0;
}

static int read_interp(struct elf_file *ef, struct err *e)
{
	const struct elf_phdr *ph = elf_segment_by_type(ef, ELF_PT_INTERP);

	if (!ph)
		return 0;
	ef->interp = elf_string_in(ef, ph->offset, ph->filesz, 0);
	if (!ef->interp)
		return elf_bad(ef, e, "PT_INTERP at offset 0x%llx is not a string inside the file",
			       (unsigned long long)ph->offset);
	return 0;
}

int elf_parse(struct elf_file *ef, const void *data, size_t size,
	      const char *name, struct err *e)
{
	struct ehdr_counts c = { 0, 0, 0 };

	memset(ef, 0, sizeof(*ef));
	ef->name = name;
	ef->data = data;
	ef->size = size;
	if (read_ehdr(ef, &c, e) || read_shdrs(ef, &c, e) ||
	    name_sections(ef, c.shstrndx, e) || read_phdrs(ef, &c, e) ||
	    read_interp(ef, e) || elf_read_dynamic(ef, e)) {
		elf_release(ef);
		return -1;
	}
	return 0;
}

void elf_release(struct elf_file *ef)
{
	free(ef->phdrs);
	free(ef->shdrs);
	free(ef->dyn);
	free(ef->needed);
	ef->phdrs = NULL;
	ef->shdrs = NULL;
	ef->dyn = NULL;
	ef->needed = NULL;
	ef->nphdrs = ef->nshdrs = ef->ndyn = ef->nneeded = 0;
}

const char *elf_string_in(const struct elf_file *ef, uint64_t table_off,
			  uint64_t table_size, uint64_t off)
{
	const unsigned char *p;

	if (!elf_range_ok(table_off, table_size, ef->size) ||
	    off >= table_size)
		return NULL;
	p = ef->data + table_off + off;
	if (!memchr(p, '\0', (size_t)(table_size - off)))
		return NULL;
	return (const char *)p;
}

const struct elf_shdr *elf_section_by_name(const struct elf_file *ef,
					   const char *name)
{
	size_t i;

	for (i = 1; i < ef->nshdrs; i++)
		if (!strcmp(ef->shdrs[i].name, name))
			return &ef->shdrs[i];
	return NULL;
}

const struct elf_shdr *elf_section_by_type(const struct elf_file *ef,
					   uint32_t type)
{
	size_t i;

	for (i = 1; i < ef->nshdrs; i++)
		if (ef->shdrs[i].type == type)
			return &ef->shdrs[i];
	return NULL;
}

const struct elf_phdr *elf_segment_by_type(const struct elf_file *ef,
					   uint32_t type)
{
	size_t i;

	for (i = 0; i < ef->nphdrs; i++)
		if (ef->phdrs[i].type == type)
			return &ef->phdrs[i];
	return NULL;
}

int elf_vaddr_to_offset(const struct elf_file *ef, uint64_t vaddr,
			uint64_t len, uint64_t *offset)
{
	size_t i;

	for (i = 0; i < ef->nphdrs; i++) {
		const struct elf_phdr *ph = &ef->phdrs[i];
		uint64_t rel;

		if (ph->type != ELF_PT_LOAD || vaddr < ph->vaddr)
			continue;
		rel = vaddr - ph->vaddr;
		if (!elf_range_ok(rel, len, ph->filesz))
			continue;
		if (!elf_range_ok(ph->offset, ph->filesz, ef->size))
			continue;
		*offset = ph->offset + rel;
		return 0;
	}
	return -1;
}
