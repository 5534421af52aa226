/*
 * ELF reader: the dynamic array and the dynamic string table, and the
 * facts the loader takes from them (DT_NEEDED, DT_SONAME, DT_RPATH,
 * DT_RUNPATH, DT_FLAGS, DT_FLAGS_1).
 *
 * The array is found through PT_DYNAMIC as the loader does, falling back
 * to the SHT_DYNAMIC section for files without program headers; the
 * string table through DT_STRTAB, mapped by the PT_LOAD segments.
 */
#include "elf.h"
#include "elf_bytes.h"
#include "elf_private.h"
#include "../base/xalloc.h"

#include <string.h>

int elf_table_at_vaddr(const struct elf_file *ef, uint64_t vaddr,
		       uint64_t size, struct elf_table *t)
{
	memset(t, 0, sizeof(*t));
	if (elf_vaddr_to_offset(ef, vaddr, size, &t->offset))
		return -1;
	t->size = size;
	t->present = 1;
	return 0;
}

/* Where the array is: PT_DYNAMIC, else the SHT_DYNAMIC section. */
static int find_dynamic(const struct elf_file *ef, uint64_t *off,
			uint64_t *size, struct err *e)
{
	const struct elf_phdr *ph = elf_segment_by_type(ef, ELF_PT_DYNAMIC);
	const struct elf_shdr *sh = elf_section_by_type(ef, ELF_SHT_DYNAMIC);

	if (ph) {
		*off = ph->offset;
		*size = ph->filesz;
	} else if (sh && sh->type != ELF_SHT_NOBITS) {
		*off = sh->offset;
		*size = sh->size;
	} else {
		return 0;
	}
	if (!elf_range_ok(*off, *size, ef->size))
		return elf_bad(ef, e, "dynamic section (offset 0x%llx, size 0x%llx) extends past the end of the file",
			       (unsigned long long)*off,
			       (unsigned long long)*size);
	return 1;
}

static int read_entries(struct elf_file *ef, uint64_t off, uint64_t size)
{
	size_t ent = elf_dyn_size(ef->is64);
	size_t slots = (size_t)(size / ent), i;

	ef->has_dynamic = 1;
	ef->dyn_offset = off;
	ef->dyn_slots = slots;
	ef->dyn = xcalloc(slots ? slots : 1, sizeof(*ef->dyn));
	for (i = 0; i < slots; i++) {
		struct elf_reader r = elf_reader_at(ef->data + off + i * ent,
						    ef->msb, ef->is64);
		int64_t tag = ef->is64 ? (int64_t)er_u64(&r)
				       : (int64_t)(int32_t)er_u32(&r);

		if (tag == ELF_DT_NULL)
			break;
		ef->dyn[ef->ndyn].tag = tag;
		ef->dyn[ef->ndyn].val = er_word(&r);
		ef->ndyn++;
	}
	return 0;
}

int elf_dyn_get(const struct elf_file *ef, int64_t tag, uint64_t *val)
{
	size_t i;

	for (i = 0; i < ef->ndyn; i++)
		if (ef->dyn[i].tag == tag) {
			*val = ef->dyn[i].val;
			return 1;
		}
	return 0;
}

int elf_vaddr_extent(const struct elf_file *ef, uint64_t vaddr,
			     uint64_t *len)
{
	size_t i;

	for (i = 0; i < ef->nphdrs; i++) {
		const struct elf_phdr *ph = &ef->phdrs[i];

		if (ph->type == ELF_PT_LOAD && vaddr >= ph->vaddr &&
		    vaddr - ph->vaddr < ph->filesz) {
			*len = ph->filesz - (vaddr - ph->vaddr);
			return 0;
		}
	}
	return -1;
}

/*
 * DT_STRTAB through the segments. Files without PT_LOAD (relocatable
 * objects) use the string section the dynamic section links to.
 */
static int find_dynstr(struct elf_file *ef, struct err *e)
{
	uint64_t addr, size;
	const struct elf_shdr *dynsec;

	if (!elf_dyn_get(ef, ELF_DT_STRTAB, &addr)) {
		dynsec = elf_section_by_type(ef, ELF_SHT_DYNAMIC);
		if (!dynsec || dynsec->link >= ef->nshdrs)
			return 0;
		ef->dynstr_offset = ef->shdrs[dynsec->link].offset;
		ef->dynstr_size = ef->shdrs[dynsec->link].size;
		ef->has_dynstr = 1;
		goto check;
	}
	if (!elf_dyn_get(ef, ELF_DT_STRSZ, &size) &&
	    elf_vaddr_extent(ef, addr, &size))
		return elf_bad(ef, e, "DT_STRTAB address 0x%llx is not in a loaded segment",
			       (unsigned long long)addr);
	if (elf_vaddr_to_offset(ef, addr, size, &ef->dynstr_offset))
		return elf_bad(ef, e, "dynamic string table (address 0x%llx, size 0x%llx) is not inside a loaded segment of the file",
			       (unsigned long long)addr,
			       (unsigned long long)size);
	ef->dynstr_size = size;
	ef->has_dynstr = 1;
check:
	if (!elf_range_ok(ef->dynstr_offset, ef->dynstr_size, ef->size))
		return elf_bad(ef, e, "dynamic string table (offset 0x%llx, size 0x%llx) extends past the end of the file",
			       (unsigned long long)ef->dynstr_offset,
			       (unsigned long long)ef->dynstr_size);
	return 0;
}

const char *elf_dynstr(const struct elf_file *ef, uint64_t off)
{
	if (!ef->has_dynstr)
		return NULL;
	return elf_string_in(ef, ef->dynstr_offset, ef->dynstr_size, off);
}

static const char *tag_name(int64_t tag)
{
	switch (tag) {
	case ELF_DT_NEEDED: return "DT_NEEDED";
	case ELF_DT_SONAME: return "DT_SONAME";
	case ELF_DT_RPATH: return "DT_RPATH";
	case ELF_DT_RUNPATH: return "DT_RUNPATH";
	default: return "dynamic";
	}
}

static int string_of(struct elf_file *ef, size_t i, const char **out,
		     struct err *e)
{
	const struct elf_dyn *d = &ef->dyn[i];

	if (!ef->has_dynstr)
		return elf_bad(ef, e, "%s entry %zu needs a dynamic string table but there is no DT_STRTAB",
			       tag_name(d->tag), i);
	*out = elf_dynstr(ef, d->val);
	if (!*out)
		return elf_bad(ef, e, "%s entry %zu has string offset 0x%llx outside the dynamic string table (size 0x%llx)",
			       tag_name(d->tag), i,
			       (unsigned long long)d->val,
			       (unsigned long long)ef->dynstr_size);
	return 0;
}

static int read_facts(struct elf_file *ef, struct err *e)
{
	size_t i, n = 0;

	for (i = 0; i < ef->ndyn; i++)
		n += ef->dyn[i].tag == ELF_DT_NEEDED;
	ef->needed = xcalloc(n ? n : 1, sizeof(*ef->needed));
	for (i = 0; i < ef->ndyn; i++) {
		const char *s = NULL;
		const char **slot = NULL;

		switch (ef->dyn[i].tag) {
		case ELF_DT_NEEDED:
			slot = &ef->needed[ef->nneeded++];
			break;
		case ELF_DT_SONAME:
			slot = ef->soname ? &s : &ef->soname;
			break;
		case ELF_DT_RPATH:
			slot = ef->rpath ? &s : &ef->rpath;
			break;
		case ELF_DT_RUNPATH:
			slot = ef->runpath ? &s : &ef->runpath;
			break;
		case ELF_DT_FLAGS:
			ef->dt_flags = ef->dyn[i].val;
			continue;
		case ELF_DT_FLAGS_1:
			ef->dt_flags_1 = ef->dyn[i].val;
			continue;
		default:
			continue;
		}
		if (string_of(ef, i, slot, e))
			return -1;
	}
	return 0;
}

int elf_read_dynamic(struct elf_file *ef, struct err *e)
{
	uint64_t off, size;
	int found = find_dynamic(ef, &off, &size, e);

	if (found <= 0)
		return found;
	if (read_entries(ef, off, size) || find_dynstr(ef, e))
		return -1;
	return read_facts(ef, e);
}

const char *elf_table_string(const struct elf_file *ef,
			     const struct elf_table *t, uint64_t off)
{
	return elf_string_in(ef, t->offset, t->size, off);
}

int elf_linked_strtab(const struct elf_file *ef, const struct elf_shdr *sh,
		      struct elf_table *t, struct err *e)
{
	const struct elf_shdr *st;

	memset(t, 0, sizeof(*t));
	if (sh->link == 0 && ef->has_dynstr) {
		t->offset = ef->dynstr_offset;
		t->size = ef->dynstr_size;
		t->present = 1;
		return 0;
	}
	if (sh->link == 0 || sh->link >= ef->nshdrs)
		return elf_bad(ef, e, "section '%s' links to section %u, which does not exist",
			       sh->name, sh->link);
	st = &ef->shdrs[sh->link];
	if (st->type != ELF_SHT_STRTAB ||
	    !elf_range_ok(st->offset, st->size, ef->size))
		return elf_bad(ef, e, "section '%s' links to section '%s', which is not a string table inside the file",
			       sh->name, st->name);
	t->offset = st->offset;
	t->size = st->size;
	t->present = 1;
	return 0;
}

int elf_find_table(const struct elf_file *ef, uint32_t sh_type,
		   int64_t dt_tag, const char *what, struct elf_table *t,
		   const struct elf_shdr **sec, struct err *e)
{
	const struct elf_shdr *sh = elf_section_by_type(ef, sh_type);
	uint64_t addr, len;

	memset(t, 0, sizeof(*t));
	*sec = NULL;
	if (sh && sh->type != ELF_SHT_NOBITS) {
		if (!elf_range_ok(sh->offset, sh->size, ef->size))
			return elf_bad(ef, e, "section '%s' (offset 0x%llx, size 0x%llx) extends past the end of the file",
				       sh->name,
				       (unsigned long long)sh->offset,
				       (unsigned long long)sh->size);
		t->offset = sh->offset;
		t->size = sh->size;
		t->entsize = sh->entsize;
		t->present = 1;
		*sec = sh;
		return 0;
	}
	if (!dt_tag || !elf_dyn_get(ef, dt_tag, &addr))
		return 0;
	if (elf_vaddr_extent(ef, addr, &len) ||
	    elf_table_at_vaddr(ef, addr, len, t))
		return elf_bad(ef, e, "%s address 0x%llx is not in a loaded segment",
			       what, (unsigned long long)addr);
	return 0;
}
