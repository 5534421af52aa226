/*
 * elf_strip(): see elf_strip.h. The plan (which sections go, where the
 * loaded blocks move) is made on the parsed input; the new image is then
 * written block by block, with the kept non-allocated sections, a new
 * .shstrtab and the section headers after them.
 */
#include "elf_strip.h"
#include "elf.h"
#include "elf_bytes.h"
#include "elf_private.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define SHF_ALLOC 0x2u
#define SHF_INFO_LINK 0x40u
#define SHT_RELA 4u
#define SHT_REL 9u
#define SHT_SYMTAB_SHNDX 18u
#define MAX_SECTION_ALIGN ((uint64_t)64 << 10)	/* of a non-allocated one */
#define MIN_SHIFT_ALIGN ((uint64_t)4 << 10)	/* the smallest page */

/* A run of loaded bytes that keeps its content; it moves down by delta. */
struct block {
	uint64_t start, end, delta;
};

struct strip {
	const struct elf_file *ef;
	unsigned char *drop;	/* per section */
	size_t *newndx;		/* per section: its index in the output */
	size_t nkept;		/* sections written, .shstrtab included */
	struct block *blocks;
	size_t nblocks, alloc_blocks;
	uint64_t *newoff;	/* per kept non-allocated section */
};

static int debug_name(const char *n)
{
	static const char *const prefixes[] = {
		".debug", ".zdebug", ".gnu.debuglto_", ".line", ".stab",
		".gdb_index",
	};
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(n, prefixes[i], strlen(prefixes[i])))
			return 1;
	return 0;
}

static int is_alloc(const struct elf_shdr *sh)
{
	return (sh->flags & SHF_ALLOC) != 0;
}

/* Whether a kept section other than a dropped symtab links to i. */
static int linked_by_kept(const struct strip *s, size_t i)
{
	size_t k;

	for (k = 1; k < s->ef->nshdrs; k++)
		if (!s->drop[k] && s->ef->shdrs[k].link == i)
			return 1;
	return 0;
}

/* Marks what goes; returns how many sections besides .shstrtab. */
static size_t choose(struct strip *s)
{
	const struct elf_file *ef = s->ef;
	size_t i, n = 0;

	for (i = 1; i < ef->nshdrs; i++) {
		const struct elf_shdr *sh = &ef->shdrs[i];

		s->drop[i] = i == ef->shstrndx ||
			     (!is_alloc(sh) && (sh->type == ELF_SHT_SYMTAB ||
						sh->type == SHT_SYMTAB_SHNDX ||
						debug_name(sh->name)));
	}
	for (i = 1; i < ef->nshdrs; i++) {
		const struct elf_shdr *sh = &ef->shdrs[i];

		if (s->drop[i] || is_alloc(sh))
			continue;
		/* the symbol table's strings, and relocations of what went */
		if (sh->type == ELF_SHT_STRTAB && !linked_by_kept(s, i)) {
			size_t k;

			for (k = 1; k < ef->nshdrs; k++)
				if (ef->shdrs[k].type == ELF_SHT_SYMTAB && ef->shdrs[k].link == i)
					s->drop[i] = 1;
		} else if ((sh->type == SHT_REL || sh->type == SHT_RELA) &&
			   sh->info < ef->nshdrs && s->drop[sh->info]) {
			s->drop[i] = 1;
		}
	}
	for (i = 1; i < ef->nshdrs; i++)
		n += s->drop[i] && i != ef->shstrndx;
	return n;
}

static void add_range(struct strip *s, uint64_t off, uint64_t len)
{
	if (!len)
		return;
	ALLOC_GROW(s->blocks, s->nblocks + 1, s->alloc_blocks);
	s->blocks[s->nblocks].start = off;
	s->blocks[s->nblocks].end = off + len;
	s->blocks[s->nblocks++].delta = 0;
}

static int by_start(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * The loaded blocks, merged, and how far each one moves down: by whole
 * multiples of the largest PT_LOAD alignment (as binutils does; that
 * alignment is the largest page size the file was linked for).
 */
static void plan_blocks(struct strip *s)
{
	const struct elf_file *ef = s->ef;
	uint64_t align = MIN_SHIFT_ALIGN, delta = 0;
	size_t i, n = 0;

	add_range(s, 0, elf_ehdr_size(ef->is64));
	add_range(s, ef->phoff, (uint64_t)ef->nphdrs * ef->phentsize);
	for (i = 0; i < ef->nphdrs; i++) {
		add_range(s, ef->phdrs[i].offset, ef->phdrs[i].filesz);
		if (ef->phdrs[i].type == ELF_PT_LOAD && ef->phdrs[i].align > align)
			align = ef->phdrs[i].align;
	}
	for (i = 1; i < ef->nshdrs; i++)
		if (is_alloc(&ef->shdrs[i]) && ef->shdrs[i].type != ELF_SHT_NOBITS)
			add_range(s, ef->shdrs[i].offset, ef->shdrs[i].size);
	qsort(s->blocks, s->nblocks, sizeof(*s->blocks), by_start);
	for (i = 0; i < s->nblocks; i++) {
		struct block *b = &s->blocks[i];

		if (n && b->start <= s->blocks[n - 1].end) {
			if (b->end > s->blocks[n - 1].end)
				s->blocks[n - 1].end = b->end;
			continue;
		}
		if (n)	/* a gap of removed bytes: close whole alignments of it */
			delta += (b->start - s->blocks[n - 1].end) / align * align;
		s->blocks[n] = *b;
		s->blocks[n++].delta = delta;
	}
	s->nblocks = n;
}

/* Where a loaded offset goes: the delta of the last block at or before it. */
static uint64_t map_off(const struct strip *s, uint64_t off)
{
	uint64_t delta = 0;
	size_t i;

	for (i = 0; i < s->nblocks && s->blocks[i].start <= off; i++)
		delta = s->blocks[i].delta;
	return off - delta;
}

/*
 * Whether bytes after the last loaded block are neither a kept section
 * nor the section headers (e.g. what an editor left behind).
 */
static int trailing_junk(const struct strip *s)
{
	const struct elf_file *ef = s->ef;
	uint64_t used = s->blocks[s->nblocks - 1].end, shend;
	size_t i;

	for (i = 1; i < ef->nshdrs; i++) {
		const struct elf_shdr *sh = &ef->shdrs[i];

		if (sh->type != ELF_SHT_NOBITS && sh->offset >= used)
			used += sh->size;
	}
	shend = ef->shoff + (uint64_t)ef->nshdrs * ef->shentsize;
	if (ef->shoff >= s->blocks[s->nblocks - 1].end)
		used += shend - ef->shoff;
	/* alignment padding: a few bytes per section */
	return ef->size > used + 16 * (ef->nshdrs + 1);
}

static void pad_to(struct strbuf *out, size_t base, uint64_t align)
{
	while (align > 1 && (out->len - base) % align)
		sb_addc(out, 0);
}

/* Output indices; refuses a dynamic symbol defined in a section that goes. */
static int number_sections(struct strip *s, struct err *e)
{
	const struct elf_file *ef = s->ef;
	struct elf_symbols syms = ELF_SYMBOLS_INIT;
	size_t i, k = 1;

	for (i = 1; i < ef->nshdrs; i++)
		s->newndx[i] = s->drop[i] ? 0 : k++;
	s->nkept = k + 1;	/* the null section ... the new .shstrtab */
	if (elf_read_dynsyms(ef, &syms, e))
		return -1;
	for (i = 0; i < syms.nr; i++) {
		uint16_t x = syms.v[i].shndx;

		if (x && x < ELF_SHN_LORESERVE && (x >= ef->nshdrs || s->drop[x])) {
			err_at(e, ef->name, 0, 0, "cannot strip: dynamic symbol '%s' is defined in section %u, which is %s",
			       syms.v[i].name, x, x >= ef->nshdrs ? "not in the file" : "not loaded");
			elf_symbols_release(&syms);
			return -1;
		}
	}
	elf_symbols_release(&syms);
	return 0;
}

/* .dynsym's st_shndx follow the new numbering (in the copied bytes). */
static void renumber_dynsyms(const struct strip *s, struct strbuf *out,
			     size_t base)
{
	const struct elf_file *ef = s->ef;
	const struct elf_shdr *ds = elf_section_by_type(ef, ELF_SHT_DYNSYM);
	size_t ent = elf_sym_size(ef->is64), at = ef->is64 ? 6 : 14;
	uint64_t i, n, off;

	if (!ds || !ds->size || ds->type == ELF_SHT_NOBITS)
		return;
	off = map_off(s, ds->offset);
	n = ds->size / ent;
	for (i = 0; i < n; i++) {
		unsigned char *p = (unsigned char *)out->buf + base + off + i * ent + at;
		uint64_t x = elf_load(p, 2, ef->msb);

		if (x && x < ELF_SHN_LORESERVE && x < ef->nshdrs)
			elf_store(p, 2, ef->msb, s->newndx[x]);
	}
}

/* The section headers of the output, .shstrtab last, at out's end. */
static void write_sections(const struct strip *s, struct strbuf *out,
			   size_t base, uint64_t shstr_off, const uint32_t *names,
			   uint32_t shstr_name, uint64_t shstr_size)
{
	const struct elf_file *ef = s->ef;
	size_t shsz = elf_shdr_size(ef->is64), i, at;
	struct elf_shdr sh;

	pad_to(out, base, ef->is64 ? 8 : 4);
	at = out->len;
	sb_grow(out, s->nkept * shsz);
	memset(out->buf + at, 0, s->nkept * shsz);
	sb_setlen(out, at + s->nkept * shsz);
	for (i = 1; i < ef->nshdrs; i++) {
		if (s->drop[i])
			continue;
		sh = ef->shdrs[i];
		sh.name_off = names[i];
		sh.offset = is_alloc(&sh) ? map_off(s, sh.offset) : s->newoff[i];
		sh.link = sh.link < ef->nshdrs ? (uint32_t)s->newndx[sh.link] : 0;
		if ((sh.type == SHT_REL || sh.type == SHT_RELA || (sh.flags & SHF_INFO_LINK)) &&
		    sh.info && sh.info < ef->nshdrs)
			sh.info = (uint32_t)s->newndx[sh.info];
		elf_shdr_store(ef, (unsigned char *)out->buf + at + s->newndx[i] * shsz, &sh);
	}
	memset(&sh, 0, sizeof(sh));
	sh.name_off = shstr_name;
	sh.type = ELF_SHT_STRTAB;
	sh.offset = shstr_off;
	sh.size = shstr_size;
	sh.addralign = 1;
	elf_shdr_store(ef, (unsigned char *)out->buf + at + (s->nkept - 1) * shsz, &sh);
	{	/* e_shoff, e_shnum, e_shstrndx; e_phoff */
		unsigned char *h = (unsigned char *)out->buf + base;
		size_t w = ef->is64 ? 8 : 4, shoff_at = ef->is64 ? 40 : 32;

		elf_store(h + shoff_at, (int)w, ef->msb, at - base);
		elf_store(h + (ef->is64 ? 58 : 46), 2, ef->msb, shsz);
		elf_store(h + (ef->is64 ? 60 : 48), 2, ef->msb, s->nkept);
		elf_store(h + (ef->is64 ? 62 : 50), 2, ef->msb, s->nkept - 1);
		elf_store(h + (ef->is64 ? 32 : 28), (int)w, ef->msb, map_off(s, ef->phoff));
	}
}

/* The program headers' offsets, in the copied table. */
static void move_segments(const struct strip *s, struct strbuf *out,
			  size_t base)
{
	const struct elf_file *ef = s->ef;
	size_t i;

	for (i = 0; i < ef->nphdrs; i++) {
		unsigned char *p = (unsigned char *)out->buf + base +
				   map_off(s, ef->phoff) + i * ef->phentsize;
		size_t at = ef->is64 ? 8 : 4;

		if (ef->phdrs[i].filesz || ef->phdrs[i].offset)
			elf_store(p + at, ef->is64 ? 8 : 4, ef->msb,
				  map_off(s, ef->phdrs[i].offset));
	}
}

static void write_image(struct strip *s, const unsigned char *in,
			struct strbuf *out)
{
	const struct elf_file *ef = s->ef;
	size_t base = out->len, i;
	uint32_t *names = xcalloc(ef->nshdrs + 1, sizeof(*names));
	struct strbuf shstr = STRBUF_INIT;
	uint32_t shstr_name;
	uint64_t shstr_off;

	for (i = 0; i < s->nblocks; i++) {
		const struct block *b = &s->blocks[i];
		size_t at = base + (size_t)(b->start - b->delta);

		if (out->len < at) {
			sb_grow(out, at - out->len);
			memset(out->buf + out->len, 0, at - out->len);
			sb_setlen(out, at);
		}
		sb_add(out, in + b->start, (size_t)(b->end - b->start));
	}
	sb_addc(&shstr, 0);
	for (i = 1; i < ef->nshdrs; i++) {
		const struct elf_shdr *sh = &ef->shdrs[i];

		if (s->drop[i])
			continue;
		names[i] = (uint32_t)shstr.len;
		sb_add(&shstr, sh->name, strlen(sh->name) + 1);
		if (is_alloc(sh))
			continue;
		pad_to(out, base, sh->addralign);
		s->newoff[i] = out->len - base;
		if (sh->type != ELF_SHT_NOBITS)
			sb_add(out, in + sh->offset, (size_t)sh->size);
	}
	shstr_name = (uint32_t)shstr.len;
	sb_add(&shstr, ".shstrtab", 10);
	shstr_off = out->len - base;
	sb_add(out, shstr.buf, shstr.len);
	renumber_dynsyms(s, out, base);
	move_segments(s, out, base);
	write_sections(s, out, base, shstr_off, names, shstr_name, shstr.len);
	sb_release(&shstr);
	free(names);
}

static int check_strippable(const struct elf_file *ef, struct err *e)
{
	size_t i;

	if (ef->type != ELF_ET_DYN && ef->type != ELF_ET_EXEC)
		return err_at(e, ef->name, 0, 0, "cannot strip an ELF file of type %s (need a shared library or an executable)",
			      elf_type_name(ef->type));
	if (ef->nshdrs >= ELF_SHN_LORESERVE)
		return err_at(e, ef->name, 0, 0, "cannot strip a file with %zu sections (extended section numbering)",
			      ef->nshdrs);
	for (i = 1; i < ef->nshdrs; i++) {
		const struct elf_shdr *sh = &ef->shdrs[i];

		if (sh->type != ELF_SHT_NOBITS && !elf_range_ok(sh->offset, sh->size, ef->size))
			return err_at(e, ef->name, 0, 0, "cannot strip: section %zu ('%s') lies past the end of the file",
				      i, sh->name);
		if (!is_alloc(sh) && sh->addralign > MAX_SECTION_ALIGN)
			return err_at(e, ef->name, 0, 0, "cannot strip: section %zu ('%s') asks for an alignment of %llu bytes",
				      i, sh->name, (unsigned long long)sh->addralign);
	}
	return 0;
}

int elf_strip(const void *in, size_t size, const char *name,
	      struct strbuf *out, struct err *e)
{
	struct elf_file ef, check;
	struct strip s;
	size_t base = out->len, dropped;
	int rc = -1;

	if (elf_parse(&ef, in, size, name, e))
		return -1;
	memset(&s, 0, sizeof(s));
	s.ef = &ef;
	if (check_strippable(&ef, e))
		goto out;
	rc = 0;
	if (ef.nshdrs < 2)
		goto out;
	s.drop = xcalloc(ef.nshdrs, 1);
	s.newndx = xcalloc(ef.nshdrs, sizeof(*s.newndx));
	s.newoff = xcalloc(ef.nshdrs, sizeof(*s.newoff));
	dropped = choose(&s);
	plan_blocks(&s);
	/* nothing to drop, no hole to close, nothing after the last block */
	if (!dropped && !s.blocks[s.nblocks - 1].delta && !trailing_junk(&s))
		goto out;
	rc = -1;
	if (number_sections(&s, e))
		goto out;
	write_image(&s, in, out);
	if (elf_parse(&check, out->buf + base, out->len - base, name, e)) {
		err_prefix(e, "cannot strip this file safely: the result would not be a valid ELF file");
		sb_setlen(out, base);
		goto out;
	}
	elf_release(&check);
	rc = 1;
out:
	free(s.drop);
	free(s.newndx);
	free(s.newoff);
	free(s.blocks);
	elf_release(&ef);
	return rc;
}
