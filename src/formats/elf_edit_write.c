/*
 * ELF editor: where the new dynamic array and string table go.
 *
 * In place when they fit. Otherwise one PT_LOAD segment is appended:
 *
 *   [program headers, if they must move] [.dynamic, if it must grow]
 *   [.dynstr: the old bytes, then the added strings]
 *
 * Its file offset is page-aligned and its address lies above every other
 * segment with p_vaddr = p_offset modulo the largest p_align, as mmap
 * needs. A new program header is needed for it: a PT_NULL entry is reused
 * when there is one; otherwise the table moves into the new segment, which
 * the loader then finds through e_phoff (and PT_PHDR, which is updated).
 * This is the approach of patchelf since 0.18 for shared libraries: moving
 * the sections that follow the table instead is fragile.
 */
#include "elf_edit_private.h"
#include "elf_private.h"
#include "elf_bytes.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum {
	FILE_ALIGN = 4096,	/* file offset of the new segment */
	SPARE_DYN_SLOTS = 8,	/* DT_NULL room left in a moved .dynamic */
};

struct layout {
	struct elf_phdr *ph;	/* the new program header table */
	size_t nph;
	size_t new_load;	/* the index of the new PT_LOAD in ph */
	uint64_t phoff;
	int move_phdrs, move_dyn, move_str;
	uint64_t seg_off, seg_vaddr, seg_size, align;
	uint64_t dyn_off;
	size_t dyn_slots;
	uint64_t str_off, str_size;
	/* The moved sections' indexes (0: none) and old addresses. */
	size_t str_shndx, dyn_shndx;
	uint64_t old_str_vaddr, old_str_size, old_dyn_vaddr, old_dyn_size;
};

static uint64_t round_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

static void write_phdr(const struct elf_file *ef, unsigned char *p,
		       const struct elf_phdr *ph)
{
	struct elf_writer w = elf_writer_at(p, ef->msb, ef->is64);

	ew_u32(&w, ph->type);
	if (ef->is64) {
		ew_u32(&w, ph->flags);
		ew_u64(&w, ph->offset);
		ew_u64(&w, ph->vaddr);
		ew_u64(&w, ph->paddr);
		ew_u64(&w, ph->filesz);
		ew_u64(&w, ph->memsz);
		ew_u64(&w, ph->align);
	} else {
		ew_u32(&w, ph->offset);
		ew_u32(&w, ph->vaddr);
		ew_u32(&w, ph->paddr);
		ew_u32(&w, ph->filesz);
		ew_u32(&w, ph->memsz);
		ew_u32(&w, ph->flags);
		ew_u32(&w, ph->align);
	}
}

void elf_edit_write_shdr(struct editor *ed, size_t index,
			 const struct elf_shdr *sh)
{
	const struct elf_file *ef = ed->ef;
	unsigned char *p = (unsigned char *)ed->img.buf + ef->shoff +
			   index * ef->shentsize;

	elf_shdr_store(ef, p, sh);
}

static void write_dynamic(struct editor *ed, uint64_t off, size_t slots)
{
	const struct elf_file *ef = ed->ef;
	size_t ent = elf_dyn_size(ef->is64), i;

	for (i = 0; i < slots; i++) {
		struct elf_writer w = elf_writer_at(
			(unsigned char *)ed->img.buf + off + i * ent,
			ef->msb, ef->is64);
		int live = i < ed->ndyn;

		ew_word(&w, live ? (uint64_t)ed->dyn[i].tag : ELF_DT_NULL);
		ew_word(&w, live ? ed->dyn[i].val : 0);
	}
}

static void set_dyn(struct editor *ed, int64_t tag, uint64_t val)
{
	size_t i;

	for (i = 0; i < ed->ndyn; i++)
		if (ed->dyn[i].tag == tag)
			ed->dyn[i].val = val;
}

/* The end of the highest segment in memory, and the largest p_align. */
static int memory_extent(const struct elf_file *ef, uint64_t *end,
			 uint64_t *align, struct err *e)
{
	size_t i;

	*end = 0;
	*align = FILE_ALIGN;
	for (i = 0; i < ef->nphdrs; i++) {
		const struct elf_phdr *ph = &ef->phdrs[i];

		if (ph->type != ELF_PT_LOAD)
			continue;
		if (ph->memsz > UINT64_MAX - ph->vaddr)
			return err_at(e, ef->name, 0, 0, "PT_LOAD segment %zu wraps around the address space",
				      i);
		if (ph->vaddr + ph->memsz > *end)
			*end = ph->vaddr + ph->memsz;
		if (ph->align > *align && !(ph->align & (ph->align - 1)))
			*align = ph->align;
	}
	return 0;
}

/*
 * The new table: the old one with the new PT_LOAD after the last
 * PT_LOAD (they must stay sorted by address), in the place of a PT_NULL
 * entry when there is one. A table that has to move gets a spare PT_NULL
 * at its end, so that a later edit of the file need not move it again.
 */
static void plan_phdrs(const struct elf_file *ef, struct layout *lo)
{
	size_t i, n = 0, last_load = 0, null_at = ef->nphdrs;

	for (i = 0; i < ef->nphdrs; i++) {
		if (ef->phdrs[i].type == ELF_PT_LOAD)
			last_load = i;
		if (ef->phdrs[i].type == ELF_PT_NULL && null_at == ef->nphdrs)
			null_at = i;
	}
	lo->move_phdrs = null_at == ef->nphdrs;
	lo->ph = xcalloc(ef->nphdrs + 2, sizeof(*lo->ph));
	for (i = 0; i < ef->nphdrs; i++) {
		if (i != null_at)
			lo->ph[n++] = ef->phdrs[i];
		if (i == last_load) {
			lo->new_load = n;
			lo->ph[n++].type = ELF_PT_LOAD;	/* filled later */
		}
	}
	if (lo->move_phdrs)
		n++;		/* the spare PT_NULL, all zero */
	lo->nph = n;
}

/*
 * The largest st_size of a dynamic symbol. eu-elflint takes a relocation
 * at r_offset to reach [r_offset, r_offset + st_size of its symbol) and
 * calls a read-only segment in that range a text relocation; patchelf
 * dodges this by making its new segment writable. Starting the new
 * segment this far above the others dodges it too, and costs nothing but
 * unmapped addresses.
 */
static uint64_t largest_symbol(const struct editor *ed)
{
	uint64_t max = 0;
	size_t i;

	for (i = 0; i < ed->dynsyms.nr; i++)
		if (ed->dynsyms.v[i].size > max)
			max = ed->dynsyms.v[i].size;
	return max;
}

static int plan_segment(struct editor *ed, struct layout *lo)
{
	const struct elf_file *ef = ed->ef;
	size_t dyn_ent = elf_dyn_size(ef->is64);
	uint64_t end, cur, gap;

	if (memory_extent(ef, &end, &lo->align, ed->e))
		return -1;
	gap = largest_symbol(ed);
	if (gap > (ef->is64 ? UINT64_MAX / 4 : UINT32_MAX / 4) || end > UINT64_MAX / 2)
		gap = 0;	/* absurd sizes: not worth the address space */
	plan_phdrs(ef, lo);
	if (lo->move_phdrs && lo->nph >= 0xffff)
		return err_fail(ed->e, "'%s' has too many program headers to add one",
				ef->name);
	lo->seg_off = round_up(ed->img.len, FILE_ALIGN);
	if (end > UINT64_MAX - 2 * lo->align)
		return err_fail(ed->e, "'%s' leaves no address space for a new segment",
				ef->name);
	lo->seg_vaddr = round_up(end + gap, lo->align) + lo->seg_off % lo->align;
	cur = lo->seg_off;
	if (lo->move_phdrs) {
		lo->phoff = cur;
		cur += (uint64_t)lo->nph * ef->phentsize;
	}
	if (lo->move_dyn) {
		cur = round_up(cur, dyn_ent);
		lo->dyn_off = cur;
		lo->dyn_slots = ed->ndyn + 1 + SPARE_DYN_SLOTS;
		cur += lo->dyn_slots * dyn_ent;
	}
	if (lo->move_str) {
		lo->str_off = cur;
		lo->str_size = ef->dynstr_size + ed->added.len;
		cur += lo->str_size;
	}
	lo->seg_size = cur - lo->seg_off;
	if (!ef->is64 && lo->seg_vaddr + lo->seg_size > UINT32_MAX && gap)
		lo->seg_vaddr = round_up(end, lo->align) + lo->seg_off % lo->align;
	if (!ef->is64 && lo->seg_vaddr + lo->seg_size > UINT32_MAX)
		return err_fail(ed->e, "'%s' leaves no 32-bit address space for a new segment",
				ef->name);
	return 0;
}

static uint64_t vaddr_of(const struct layout *lo, uint64_t off)
{
	return lo->seg_vaddr + (off - lo->seg_off);
}

/* Fills in the new PT_LOAD and moves PT_PHDR and PT_DYNAMIC. */
static void update_phdrs(struct editor *ed, struct layout *lo)
{
	size_t i;

	for (i = 0; i < lo->nph; i++) {
		struct elf_phdr *ph = &lo->ph[i];

		if (i == lo->new_load) {
			ph->flags = ELF_PF_R | (lo->move_dyn ? ELF_PF_W : 0);
			ph->offset = lo->seg_off;
			ph->vaddr = ph->paddr = lo->seg_vaddr;
			ph->filesz = ph->memsz = lo->seg_size;
			ph->align = lo->align;
		} else if (ph->type == ELF_PT_PHDR && lo->move_phdrs) {
			ph->offset = lo->phoff;
			ph->vaddr = ph->paddr = vaddr_of(lo, lo->phoff);
			ph->filesz = ph->memsz =
				(uint64_t)lo->nph * ed->ef->phentsize;
		} else if (ph->type == ELF_PT_DYNAMIC && lo->move_dyn) {
			ph->offset = lo->dyn_off;
			ph->vaddr = ph->paddr = vaddr_of(lo, lo->dyn_off);
			ph->filesz = ph->memsz =
				lo->dyn_slots * elf_dyn_size(ed->ef->is64);
		}
	}
}

/* .dynstr and .dynamic section headers follow their tables. */
static void update_shdrs(struct editor *ed, struct layout *lo)
{
	const struct elf_file *ef = ed->ef;
	size_t i;

	for (i = 1; i < ef->nshdrs; i++) {
		struct elf_shdr sh = ef->shdrs[i];

		/* A section name table sharing .dynstr's bytes keeps them
		 * where they are (the old bytes stay in the file). */
		if (i == ef->shstrndx)
			continue;
		if (lo->move_str && sh.type == ELF_SHT_STRTAB &&
		    sh.offset == ef->dynstr_offset) {
			lo->str_shndx = i;
			lo->old_str_vaddr = sh.addr;
			lo->old_str_size = sh.size;
			sh.offset = lo->str_off;
			sh.addr = vaddr_of(lo, lo->str_off);
			sh.size = lo->str_size;
		} else if (lo->move_dyn && sh.type == ELF_SHT_DYNAMIC &&
			   sh.offset == ef->dyn_offset) {
			lo->dyn_shndx = i;
			lo->old_dyn_vaddr = sh.addr;
			lo->old_dyn_size = sh.size;
			sh.offset = lo->dyn_off;
			sh.addr = vaddr_of(lo, lo->dyn_off);
			sh.size = lo->dyn_slots * elf_dyn_size(ef->is64);
		} else {
			continue;
		}
		elf_edit_write_shdr(ed, i, &sh);
	}
}

/* Where a symbol of a moved section goes, or 0 if it stays. */
static int moved_value(const struct layout *lo, const struct elf_symbol *sym,
		       uint64_t *value)
{
	if (lo->str_shndx && sym->shndx == lo->str_shndx &&
	    sym->value - lo->old_str_vaddr <= lo->old_str_size) {
		*value = vaddr_of(lo, lo->str_off) +
			 (sym->value - lo->old_str_vaddr);
		return 1;
	}
	if (lo->dyn_shndx && sym->shndx == lo->dyn_shndx &&
	    sym->value - lo->old_dyn_vaddr <= lo->old_dyn_size) {
		*value = vaddr_of(lo, lo->dyn_off) +
			 (sym->value - lo->old_dyn_vaddr);
		return 1;
	}
	return 0;
}

/*
 * Symbols defined in a moved section (its STT_SECTION symbol, _DYNAMIC)
 * move with it, in .symtab and .dynsym, so that their values stay inside
 * their sections (eu-elflint checks that).
 */
static void follow_symbols(struct editor *ed, const struct layout *lo)
{
	const struct elf_file *ef = ed->ef;
	struct elf_symbols syms = ELF_SYMBOLS_INIT;
	struct err ignored = ERR_INIT;
	int pass;
	size_t i;

	for (pass = 0; pass < 2; pass++) {
		const struct elf_shdr *sh = elf_section_by_type(ef,
			pass ? ELF_SHT_DYNSYM : ELF_SHT_SYMTAB);
		uint64_t ent, value;

		syms.nr = 0;
		if (!sh || (pass ? elf_read_dynsyms(ef, &syms, &ignored)
				 : elf_read_symtab(ef, &syms, &ignored)))
			continue;
		ent = sh->entsize ? sh->entsize : elf_sym_size(ef->is64);
		for (i = 0; i < syms.nr; i++) {
			uint64_t at = sh->offset + syms.v[i].index * ent +
				      (ef->is64 ? 8 : 4);

			if (moved_value(lo, &syms.v[i], &value))
				elf_store((unsigned char *)ed->img.buf + at,
					  ef->is64 ? 8 : 4, ef->msb, value);
		}
	}
	elf_symbols_release(&syms);
	err_release(&ignored);
}

static void write_header_and_phdrs(struct editor *ed, const struct layout *lo)
{
	const struct elf_file *ef = ed->ef;
	unsigned char *img = (unsigned char *)ed->img.buf;
	uint64_t phoff = lo->move_phdrs ? lo->phoff : ef->phoff;
	size_t i;

	if (lo->move_phdrs) {
		/*
		 * The old table stays as it is: nothing points at it any more,
		 * and in a malformed file it may overlap tables just written.
		 */
		elf_store(img + (ef->is64 ? 0x20 : 0x1c), ef->is64 ? 8 : 4,
			  ef->msb, phoff);
		elf_store(img + (ef->is64 ? 0x38 : 0x2c), 2, ef->msb, lo->nph);
	}
	for (i = 0; i < lo->nph; i++)
		write_phdr(ef, img + phoff + i * ef->phentsize, &lo->ph[i]);
}

static int append_segment(struct editor *ed, struct layout *lo)
{
	const struct elf_file *ef = ed->ef;

	if (ef->machine == ELF_EM_MIPS && lo->move_dyn)
		return err_fail(ed->e, "cannot move the dynamic section of a MIPS file '%s' (no room for new entries)",
				ef->name);
	if (plan_segment(ed, lo))
		return -1;
	if (lo->move_str) {
		set_dyn(ed, ELF_DT_STRTAB, vaddr_of(lo, lo->str_off));
		set_dyn(ed, ELF_DT_STRSZ, lo->str_size);
	}
	sb_grow(&ed->img, (size_t)(lo->seg_off + lo->seg_size - ed->img.len));
	memset(ed->img.buf + ed->img.len, 0,
	       (size_t)(lo->seg_off + lo->seg_size - ed->img.len));
	sb_setlen(&ed->img, (size_t)(lo->seg_off + lo->seg_size));
	if (lo->move_str) {
		memcpy(ed->img.buf + lo->str_off,
		       ed->img.buf + ef->dynstr_offset,
		       (size_t)ef->dynstr_size);
		memcpy(ed->img.buf + lo->str_off + ef->dynstr_size,
		       ed->added.buf, ed->added.len);
	}
	if (lo->move_dyn)
		write_dynamic(ed, lo->dyn_off, lo->dyn_slots);
	else
		write_dynamic(ed, ef->dyn_offset, ef->dyn_slots);
	update_phdrs(ed, lo);
	write_header_and_phdrs(ed, lo);
	update_shdrs(ed, lo);
	follow_symbols(ed, lo);
	return 0;
}

int elf_edit_write(struct editor *ed)
{
	const struct elf_file *ef = ed->ef;
	struct layout lo;
	int ret;

	memset(&lo, 0, sizeof(lo));
	lo.move_dyn = ed->ndyn + 1 > ef->dyn_slots;
	lo.move_str = ed->added.len > 0;
	if (!lo.move_dyn && !lo.move_str) {
		write_dynamic(ed, ef->dyn_offset, ef->dyn_slots);
		return 0;
	}
	ret = append_segment(ed, &lo);
	free(lo.ph);
	return ret;
}
