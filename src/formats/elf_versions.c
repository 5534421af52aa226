/*
 * ELF reader: symbol versioning tables, .gnu.version_r (version needs:
 * "libc.so.6 wants GLIBC_2.17") and .gnu.version_d (version definitions).
 *
 * Both are linked lists of records inside one table, chained by unsigned
 * byte offsets (vn_next, vna_next, vd_next, vda_next), so a chain can only
 * move forward; it still may overlap another chain, so the total number
 * of records read is capped by what the table can hold.
 */
#include "elf.h"
#include "elf_bytes.h"
#include "elf_private.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum {
	VERNEED_SIZE = 16,
	VERNAUX_SIZE = 16,
	VERDEF_SIZE = 20,
	VERDAUX_SIZE = 8,
};

struct chain {
	const struct elf_file *ef;
	const char *what;		/* ".gnu.version_r" */
	struct elf_table tab;
	struct elf_table str;
	uint64_t records_left;		/* cap on records read in total */
};

/* Checks that a record of len bytes starts at pos and counts it. */
static int record_at(struct chain *c, uint64_t pos, uint64_t len,
		     struct err *e)
{
	if (!elf_range_ok(pos, len, c->tab.size))
		return elf_bad(c->ef, e, "'%s' record at offset 0x%llx is outside the table (size 0x%llx)",
			       c->what, (unsigned long long)(c->tab.offset + pos),
			       (unsigned long long)c->tab.size);
	if (!c->records_left)
		return elf_bad(c->ef, e, "'%s' has more records than fit in it (overlapping chains)",
			       c->what);
	c->records_left--;
	return 0;
}

static int name_at(struct chain *c, uint64_t pos, uint32_t off,
		   const char **out, struct err *e)
{
	*out = elf_table_string(c->ef, &c->str, off);
	if (!*out)
		return elf_bad(c->ef, e, "'%s' record at offset 0x%llx has name offset 0x%x outside its string table",
			       c->what, (unsigned long long)(c->tab.offset + pos),
			       off);
	return 0;
}

static struct elf_reader reader(struct chain *c, uint64_t pos)
{
	return elf_reader_at(c->ef->data + c->tab.offset + pos, c->ef->msb,
			     c->ef->is64);
}

static int read_auxes(struct chain *c, uint64_t pos, uint16_t cnt,
		      struct elf_verneed *vn, struct err *e)
{
	uint16_t j;

	vn->aux = xcalloc(cnt ? cnt : 1, sizeof(*vn->aux));
	for (j = 0; j < cnt; j++) {
		struct elf_vernaux *a = &vn->aux[j];
		struct elf_reader r;
		uint32_t name, next;

		if (record_at(c, pos, VERNAUX_SIZE, e))
			return -1;
		r = reader(c, pos);
		a->hash = er_u32(&r);
		a->flags = er_u16(&r);
		a->other = er_u16(&r);
		name = er_u32(&r);
		next = er_u32(&r);
		if (name_at(c, pos, name, &a->name, e))
			return -1;
		vn->naux++;
		if (!next && j + 1 < cnt)
			return elf_bad(c->ef, e, "'%s' entry for '%s' ends after %u of %u versions",
				       c->what, vn->file, j + 1u, cnt);
		pos += next;
	}
	return 0;
}

/*
 * count is the number of entries (sh_info or DT_VERNEEDNUM); 0 means
 * unknown, and the chain then ends at the first vn_next of 0.
 */
static int read_verneeds(struct chain *c, uint64_t count,
			 struct elf_versions *out, struct err *e)
{
	uint64_t pos = 0, i;

	if (count > c->tab.size / VERNEED_SIZE)
		return elf_bad(c->ef, e, "'%s' claims %llu entries but holds at most %llu",
			       c->what, (unsigned long long)count,
			       (unsigned long long)(c->tab.size / VERNEED_SIZE));
	for (i = 0; !count || i < count; i++) {
		struct elf_verneed *vn;
		struct elf_reader r;
		uint16_t version, cnt;
		uint32_t file, aux, next;

		if (record_at(c, pos, VERNEED_SIZE, e))
			return -1;
		r = reader(c, pos);
		version = er_u16(&r);
		cnt = er_u16(&r);
		file = er_u32(&r);
		aux = er_u32(&r);
		next = er_u32(&r);
		if (version != 1)
			return elf_bad(c->ef, e, "'%s' entry at offset 0x%llx has unknown revision %u",
				       c->what,
				       (unsigned long long)(c->tab.offset + pos),
				       version);
		ALLOC_GROW(out->needs, out->nneeds + 1, out->alloc_needs);
		vn = &out->needs[out->nneeds++];
		memset(vn, 0, sizeof(*vn));
		vn->offset = c->tab.offset + pos;
		if (name_at(c, pos, file, &vn->file, e) ||
		    read_auxes(c, pos + aux, cnt, vn, e))
			return -1;
		if (!next)
			break;
		pos += next;
	}
	if (count && out->nneeds < count)
		return elf_bad(c->ef, e, "'%s' ends after %zu of %llu entries",
			       c->what, out->nneeds, (unsigned long long)count);
	return 0;
}

static int read_verdaux(struct chain *c, uint64_t pos, uint16_t cnt,
			struct elf_verdef *vd, struct err *e)
{
	uint16_t j;

	if (cnt > 1)
		vd->parents = xcalloc(cnt - 1u, sizeof(*vd->parents));
	for (j = 0; j < cnt; j++) {
		struct elf_reader r;
		uint32_t name, next;
		const char *s;

		if (record_at(c, pos, VERDAUX_SIZE, e))
			return -1;
		r = reader(c, pos);
		name = er_u32(&r);
		next = er_u32(&r);
		if (name_at(c, pos, name, &s, e))
			return -1;
		if (j == 0)
			vd->name = s;
		else
			vd->parents[vd->nparents++] = s;
		if (!next)
			break;
		pos += next;
	}
	if (!vd->name)
		return elf_bad(c->ef, e, "'%s' definition %u has no name",
			       c->what, vd->ndx);
	return 0;
}

static int read_verdefs(struct chain *c, uint64_t count,
			struct elf_versions *out, struct err *e)
{
	uint64_t pos = 0, i;

	if (count > c->tab.size / VERDEF_SIZE)
		return elf_bad(c->ef, e, "'%s' claims %llu entries but holds at most %llu",
			       c->what, (unsigned long long)count,
			       (unsigned long long)(c->tab.size / VERDEF_SIZE));
	for (i = 0; !count || i < count; i++) {
		struct elf_verdef *vd;
		struct elf_reader r;
		uint16_t version, cnt;
		uint32_t aux, next;

		if (record_at(c, pos, VERDEF_SIZE, e))
			return -1;
		r = reader(c, pos);
		version = er_u16(&r);
		ALLOC_GROW(out->defs, out->ndefs + 1, out->alloc_defs);
		vd = &out->defs[out->ndefs++];
		memset(vd, 0, sizeof(*vd));
		vd->flags = er_u16(&r);
		vd->ndx = er_u16(&r);
		cnt = er_u16(&r);
		er_u32(&r);	/* vd_hash */
		aux = er_u32(&r);
		next = er_u32(&r);
		if (version != 1)
			return elf_bad(c->ef, e, "'%s' entry at offset 0x%llx has unknown revision %u",
				       c->what,
				       (unsigned long long)(c->tab.offset + pos),
				       version);
		if (read_verdaux(c, pos + aux, cnt, vd, e))
			return -1;
		if (!next)
			break;
		pos += next;
	}
	return 0;
}

/* Finds a table and its string table; 0 with !c->tab.present if none. */
static int open_chain(const struct elf_file *ef, struct chain *c,
		      uint32_t sh_type, int64_t dt_tag, int64_t dt_num,
		      const char *what, size_t min_record, uint64_t *count,
		      struct err *e)
{
	const struct elf_shdr *sec;

	memset(c, 0, sizeof(*c));
	c->ef = ef;
	c->what = what;
	*count = 0;
	if (elf_find_table(ef, sh_type, dt_tag, what, &c->tab, &sec, e))
		return -1;
	if (!c->tab.present)
		return 0;
	if (sec) {
		*count = sec->info;
		if (elf_linked_strtab(ef, sec, &c->str, e))
			return -1;
	} else {
		elf_dyn_get(ef, dt_num, count);
		if (!ef->has_dynstr)
			return elf_bad(ef, e, "'%s' needs a dynamic string table but there is no DT_STRTAB",
				       what);
		c->str.offset = ef->dynstr_offset;
		c->str.size = ef->dynstr_size;
		c->str.present = 1;
	}
	c->records_left = c->tab.size / min_record;
	return 0;
}

int elf_read_versions(const struct elf_file *ef, struct elf_versions *out,
		      struct err *e)
{
	struct chain c;
	uint64_t count;

	if (open_chain(ef, &c, ELF_SHT_GNU_VERNEED, ELF_DT_VERNEED,
		       ELF_DT_VERNEEDNUM, ".gnu.version_r", VERNEED_SIZE, &count,
		       e))
		goto fail;
	if (c.tab.present) {
		out->verneed_offset = c.tab.offset;
		if (read_verneeds(&c, count, out, e))
			goto fail;
		out->verneed_count = out->nneeds;
	}
	if (open_chain(ef, &c, ELF_SHT_GNU_VERDEF, ELF_DT_VERDEF,
		       ELF_DT_VERDEFNUM, ".gnu.version_d", VERDAUX_SIZE,
		       &count, e))
		goto fail;
	if (c.tab.present && read_verdefs(&c, count, out, e))
		goto fail;
	return 0;
fail:
	elf_versions_release(out);
	return -1;
}

void elf_versions_release(struct elf_versions *v)
{
	size_t i;

	for (i = 0; i < v->nneeds; i++)
		free(v->needs[i].aux);
	for (i = 0; i < v->ndefs; i++)
		free(v->defs[i].parents);
	free(v->needs);
	free(v->defs);
	memset(v, 0, sizeof(*v));
}
