/*
 * ELF reader: symbol tables. .dynsym is found through its section or,
 * in files without section headers, through DT_SYMTAB with its length
 * taken from DT_HASH or DT_GNU_HASH; each symbol gets its version from
 * .gnu.version (DT_VERSYM) and the version tables. .symtab, which only
 * exists in unstripped files, is read through its section.
 */
#include "elf.h"
#include "elf_bytes.h"
#include "elf_private.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum { VERSYM_HIDDEN = 0x8000, VERSYM_INDEX = 0x7fff };

void elf_symbols_release(struct elf_symbols *syms)
{
	free(syms->v);
	syms->v = NULL;
	syms->nr = syms->alloc = 0;
}

int elf_symbol_defined(const struct elf_symbol *s)
{
	return s->shndx != ELF_SHN_UNDEF;
}

/* Where a symbol table is and what it holds. */
struct symtab {
	const char *what;
	struct elf_table tab;
	struct elf_table str;
	uint64_t count;
	struct elf_table versym;	/* .gnu.version, when present */
};

/* DT_HASH: nbucket, nchain, ...; nchain is the number of symbols. */
static int count_from_hash(const struct elf_file *ef, uint64_t addr,
			   uint64_t *count, struct err *e)
{
	/* 64-bit s390 and Alpha use 8-byte hash words. */
	int w = (ef->is64 && (ef->machine == ELF_EM_S390 ||
			      ef->machine == ELF_EM_ALPHA)) ? 8 : 4;
	uint64_t off;

	if (elf_vaddr_to_offset(ef, addr, 2u * w, &off))
		return elf_bad(ef, e, "DT_HASH address 0x%llx is not in a loaded segment",
			       (unsigned long long)addr);
	*count = elf_load(ef->data + off + w, w, ef->msb);
	return 0;
}

/*
 * DT_GNU_HASH lists only the exported symbols, from symoffset on: the
 * count is one past the last chain entry reachable from the buckets
 * (each chain ends with an entry whose low bit is set).
 */
static int count_from_gnu_hash(const struct elf_file *ef, uint64_t addr,
			       uint64_t *count, struct err *e)
{
	uint64_t off, len, pos, i, last = 0;
	uint32_t nbuckets, symoffset, bloom;
	struct elf_reader r;

	if (elf_vaddr_extent(ef, addr, &len) || len < 16 ||
	    elf_vaddr_to_offset(ef, addr, len, &off))
		return elf_bad(ef, e, "DT_GNU_HASH address 0x%llx is not in a loaded segment",
			       (unsigned long long)addr);
	r = elf_reader_at(ef->data + off, ef->msb, ef->is64);
	nbuckets = er_u32(&r);
	symoffset = er_u32(&r);
	bloom = er_u32(&r);
	pos = 16;
	if (!elf_array_ok(pos, bloom, ef->is64 ? 8 : 4, len))
		goto truncated;
	pos += (uint64_t)bloom * (ef->is64 ? 8 : 4);
	if (!elf_array_ok(pos, nbuckets, 4, len))
		goto truncated;
	for (i = 0; i < nbuckets; i++) {
		uint64_t b = elf_load(ef->data + off + pos + 4 * i, 4, ef->msb);

		if (b > last)
			last = b;
	}
	pos += 4ull * nbuckets;
	if (last < symoffset) {
		*count = symoffset;
		return 0;
	}
	for (;;) {
		uint64_t at = pos + 4 * (last - symoffset);

		if (!elf_range_ok(at, 4, len))
			goto truncated;
		if (elf_load(ef->data + off + at, 4, ef->msb) & 1)
			break;
		last++;
	}
	*count = last + 1;
	return 0;
truncated:
	return elf_bad(ef, e, "DT_GNU_HASH table at address 0x%llx is truncated",
		       (unsigned long long)addr);
}

/* .dynsym through DT_SYMTAB, for files without section headers. */
static int dynsym_from_dynamic(const struct elf_file *ef, struct symtab *st,
			       struct err *e)
{
	uint64_t addr, hash, strtab, ent = elf_sym_size(ef->is64);

	if (!elf_dyn_get(ef, ELF_DT_SYMTAB, &addr))
		return 0;
	if (elf_dyn_get(ef, ELF_DT_SYMENT, &st->tab.entsize) &&
	    st->tab.entsize != ent)
		return elf_bad(ef, e, "DT_SYMENT is %llu, expected %llu",
			       (unsigned long long)st->tab.entsize,
			       (unsigned long long)ent);
	st->tab.entsize = ent;
	if (elf_dyn_get(ef, ELF_DT_HASH, &hash)) {
		if (count_from_hash(ef, hash, &st->count, e))
			return -1;
	} else if (elf_dyn_get(ef, ELF_DT_GNU_HASH, &hash)) {
		if (count_from_gnu_hash(ef, hash, &st->count, e))
			return -1;
	} else if (elf_dyn_get(ef, ELF_DT_STRTAB, &strtab) && strtab > addr) {
		/* Linkers put .dynstr right after .dynsym. */
		st->count = (strtab - addr) / ent;
	} else {
		return elf_bad(ef, e, "cannot tell how many dynamic symbols there are (no DT_HASH or DT_GNU_HASH)");
	}
	if (st->count > ef->size / ent ||
	    elf_table_at_vaddr(ef, addr, st->count * ent, &st->tab))
		return elf_bad(ef, e, "dynamic symbol table (%llu symbols at address 0x%llx) is not inside a loaded segment",
			       (unsigned long long)st->count,
			       (unsigned long long)addr);
	st->tab.entsize = ent;
	st->str.offset = ef->dynstr_offset;
	st->str.size = ef->dynstr_size;
	st->str.present = ef->has_dynstr;
	return 0;
}

static int from_section(const struct elf_file *ef, const struct elf_shdr *sh,
			struct symtab *st, struct err *e)
{
	uint64_t ent = elf_sym_size(ef->is64);

	if (!elf_range_ok(sh->offset, sh->size, ef->size))
		return elf_bad(ef, e, "section '%s' (offset 0x%llx, size 0x%llx) extends past the end of the file",
			       sh->name, (unsigned long long)sh->offset,
			       (unsigned long long)sh->size);
	if (sh->entsize && sh->entsize < ent)
		return elf_bad(ef, e, "section '%s' has entry size %llu, expected %llu",
			       sh->name, (unsigned long long)sh->entsize,
			       (unsigned long long)ent);
	st->tab.offset = sh->offset;
	st->tab.size = sh->size;
	st->tab.entsize = sh->entsize ? sh->entsize : ent;
	st->tab.present = 1;
	st->count = sh->size / st->tab.entsize;
	return elf_linked_strtab(ef, sh, &st->str, e);
}

static int find_versym(const struct elf_file *ef, struct symtab *st,
		       struct err *e)
{
	const struct elf_shdr *sec;

	if (elf_find_table(ef, ELF_SHT_GNU_VERSYM, ELF_DT_VERSYM,
			   ".gnu.version", &st->versym, &sec, e))
		return -1;
	if (st->versym.present && st->versym.size / 2 < st->count)
		return elf_bad(ef, e, "'.gnu.version' has %llu entries for %llu symbols",
			       (unsigned long long)(st->versym.size / 2),
			       (unsigned long long)st->count);
	return 0;
}

int elf_find_versym(const struct elf_file *ef, uint64_t *offset,
		    struct err *e)
{
	struct elf_table t;
	const struct elf_shdr *sec;

	if (elf_find_table(ef, ELF_SHT_GNU_VERSYM, ELF_DT_VERSYM,
			   ".gnu.version", &t, &sec, e))
		return -1;
	*offset = t.offset;
	return t.present;
}

/* One name per version index: from the needs (files) and definitions. */
struct version_names {
	const char **name;
	const char **file;
	size_t n;
};

static void index_versions(const struct elf_versions *v,
			   struct version_names *vn)
{
	size_t i, j, max = 1;

	for (i = 0; i < v->nneeds; i++)
		for (j = 0; j < v->needs[i].naux; j++)
			if ((v->needs[i].aux[j].other & VERSYM_INDEX) > max)
				max = v->needs[i].aux[j].other & VERSYM_INDEX;
	for (i = 0; i < v->ndefs; i++)
		if ((v->defs[i].ndx & VERSYM_INDEX) > max)
			max = v->defs[i].ndx & VERSYM_INDEX;
	vn->n = max + 1;
	vn->name = xcalloc(vn->n, sizeof(*vn->name));
	vn->file = xcalloc(vn->n, sizeof(*vn->file));
	for (i = 0; i < v->ndefs; i++)
		vn->name[v->defs[i].ndx & VERSYM_INDEX] = v->defs[i].name;
	for (i = 0; i < v->nneeds; i++)
		for (j = 0; j < v->needs[i].naux; j++) {
			size_t k = v->needs[i].aux[j].other & VERSYM_INDEX;

			vn->name[k] = v->needs[i].aux[j].name;
			vn->file[k] = v->needs[i].file;
		}
}

static void set_version(const struct elf_file *ef, const struct symtab *st,
			const struct version_names *vn, struct elf_symbol *s)
{
	uint16_t vs;

	if (!st->versym.present)
		return;
	vs = (uint16_t)elf_load(ef->data + st->versym.offset + 2 * s->index,
				2, ef->msb);
	/* 0 is local, 1 global: neither names a version. */
	if ((vs & VERSYM_INDEX) < 2 || (vs & VERSYM_INDEX) >= vn->n)
		return;
	s->version = vn->name[vs & VERSYM_INDEX];
	s->version_file = vn->file[vs & VERSYM_INDEX];
	s->version_hidden = (vs & VERSYM_HIDDEN) != 0;
}

static int read_symbol(const struct elf_file *ef, const struct symtab *st,
		       size_t i, struct elf_symbol *s, struct err *e)
{
	uint64_t off = st->tab.offset + i * st->tab.entsize;
	struct elf_reader r = elf_reader_at(ef->data + off, ef->msb, ef->is64);
	uint32_t name;
	uint8_t info, other;

	memset(s, 0, sizeof(*s));
	name = er_u32(&r);
	if (ef->is64) {
		info = er_u8(&r);
		other = er_u8(&r);
		s->shndx = er_u16(&r);
		s->value = er_u64(&r);
		s->size = er_u64(&r);
	} else {
		s->value = er_u32(&r);
		s->size = er_u32(&r);
		info = er_u8(&r);
		other = er_u8(&r);
		s->shndx = er_u16(&r);
	}
	s->bind = info >> 4;
	s->type = info & 0xf;
	s->visibility = other & 3;
	s->index = i;
	s->name = st->str.present ? elf_table_string(ef, &st->str, name)
				  : NULL;
	if (!s->name)
		return elf_bad(ef, e, "symbol %zu of '%s' has name offset 0x%x outside its string table",
			       i, st->what, name);
	return 0;
}

static int read_all(const struct elf_file *ef, const struct symtab *st,
		    const struct version_names *vn, struct elf_symbols *out,
		    struct err *e)
{
	size_t i;

	if (st->count < 2)
		return 0;
	ALLOC_GROW(out->v, out->nr + (size_t)st->count - 1, out->alloc);
	for (i = 1; i < st->count; i++) {
		struct elf_symbol *s = &out->v[out->nr];

		if (read_symbol(ef, st, i, s, e))
			return -1;
		if (vn)
			set_version(ef, st, vn, s);
		out->nr++;
	}
	return 0;
}

int elf_read_dynsyms(const struct elf_file *ef, struct elf_symbols *out,
		     struct err *e)
{
	const struct elf_shdr *sh = elf_section_by_type(ef, ELF_SHT_DYNSYM);
	struct elf_versions v = ELF_VERSIONS_INIT;
	struct version_names vn = { NULL, NULL, 0 };
	struct symtab st;
	int ret = -1;

	memset(&st, 0, sizeof(st));
	st.what = ".dynsym";
	if (sh ? from_section(ef, sh, &st, e)
	       : dynsym_from_dynamic(ef, &st, e))
		return -1;
	if (!st.tab.present)
		return 0;
	if (find_versym(ef, &st, e) || elf_read_versions(ef, &v, e))
		return -1;
	index_versions(&v, &vn);
	ret = read_all(ef, &st, &vn, out, e);
	free(vn.name);
	free(vn.file);
	elf_versions_release(&v);
	return ret;
}

int elf_read_symtab(const struct elf_file *ef, struct elf_symbols *out,
		    struct err *e)
{
	const struct elf_shdr *sh = elf_section_by_type(ef, ELF_SHT_SYMTAB);
	struct symtab st;

	memset(&st, 0, sizeof(st));
	st.what = ".symtab";
	if (!sh || sh->type == ELF_SHT_NOBITS)
		return 0;
	if (from_section(ef, sh, &st, e))
		return -1;
	return read_all(ef, &st, NULL, out, e);
}
