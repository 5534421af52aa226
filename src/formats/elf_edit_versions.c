/*
 * ELF editor: the version needs of a library whose DT_NEEDED is removed.
 *
 * glibc's loader checks every .gnu.version_r entry against a loaded
 * object of that name and aborts ("Assertion `needed != NULL' failed")
 * when there is none, so keeping the entry of a removed library (what
 * patchelf does) makes the file unloadable unless something else already
 * loaded that library. The entry is therefore unlinked from the chain and
 * the symbols that used its versions become unversioned (index 1), which
 * binds them to the default version of whatever provides them, as a link
 * without version scripts would. When no entry is left, DT_VERNEED,
 * DT_VERNEEDNUM and DT_VERSYM leave the dynamic array and the (now
 * unused) tables keep their bytes and section headers.
 */
#include "elf_bytes.h"
#include "elf_edit_private.h"

#include <string.h>

enum { VERSYM_GLOBAL = 1, VERNEED_SIZE = 16 };

void elf_edit_drop_version_needs(struct editor *ed, const char *file)
{
	size_t i;

	for (i = 0; i < ed->vers.nneeds; i++)
		if (!strcmp(ed->vers.needs[i].file, file))
			ed->vers_dropped[i] = 1;
}

/* Symbols that used a dropped entry's versions become unversioned. */
static void unversion_symbols(struct editor *ed)
{
	const struct elf_file *ef = ed->ef;
	struct err ignored = ERR_INIT;
	uint64_t versym;
	size_t i, j;

	if (elf_find_versym(ef, &versym, &ignored) != 1) {
		err_release(&ignored);
		return;
	}
	for (i = 0; i < ed->dynsyms.nr; i++) {
		const struct elf_symbol *s = &ed->dynsyms.v[i];

		if (!s->version_file)
			continue;
		for (j = 0; j < ed->vers.nneeds; j++)
			if (ed->vers_dropped[j] &&
			    s->version_file == ed->vers.needs[j].file)
				elf_store((unsigned char *)ed->img.buf +
					  versym + 2 * s->index, 2, ef->msb,
					  VERSYM_GLOBAL);
	}
}

static void set_tag(struct editor *ed, int64_t tag, uint64_t val)
{
	size_t i;

	for (i = 0; i < ed->ndyn; i++)
		if (ed->dyn[i].tag == tag)
			ed->dyn[i].val = val;
}

static void drop_tag(struct editor *ed, int64_t tag)
{
	size_t i = 0;

	while (i < ed->ndyn) {
		if (ed->dyn[i].tag == tag) {
			memmove(ed->dyn + i, ed->dyn + i + 1,
				(ed->ndyn - i - 1) * sizeof(*ed->dyn));
			ed->ndyn--;
		} else {
			i++;
		}
	}
}

/*
 * With no version left at all (and no definitions), the loader must not
 * see DT_VERSYM either: glibc indexes its (then absent) version array
 * with it. The tables stay in the file, as their section headers say.
 */
static int drop_all(struct editor *ed)
{
	uint64_t ignored;

	if (elf_dyn_get(ed->ef, ELF_DT_VERDEF, &ignored))
		return 0;
	drop_tag(ed, ELF_DT_VERNEED);
	drop_tag(ed, ELF_DT_VERNEEDNUM);
	drop_tag(ed, ELF_DT_VERSYM);
	return 1;
}

/* DT_VERNEEDNUM and the section's sh_info count the entries kept. */
static void update_counts(struct editor *ed, size_t kept)
{
	const struct elf_file *ef = ed->ef;
	size_t i;

	set_tag(ed, ELF_DT_VERNEEDNUM, kept);
	for (i = 1; i < ef->nshdrs; i++) {
		struct elf_shdr sh = ef->shdrs[i];

		if (sh.type != ELF_SHT_GNU_VERNEED ||
		    sh.offset != ed->vers.verneed_offset)
			continue;
		sh.info = (uint32_t)kept;
		elf_edit_write_shdr(ed, i, &sh);
	}
}

static uint64_t dynstr_offset_of(const struct editor *ed, const char *s)
{
	return (uint64_t)(s - ((const char *)ed->ef->data +
			       ed->ef->dynstr_offset));
}

/* One Verneed record and its Vernaux records at p; returns the size. */
static size_t write_need(struct editor *ed, unsigned char *p,
			 const struct elf_verneed *vn, int last)
{
	struct elf_writer w = elf_writer_at(p, ed->ef->msb, ed->ef->is64);
	size_t size = VERNEED_SIZE * (1 + vn->naux), j;

	ew_u16(&w, 1);
	ew_u16(&w, vn->naux);
	ew_u32(&w, dynstr_offset_of(ed, vn->file));
	ew_u32(&w, VERNEED_SIZE);
	ew_u32(&w, last ? 0 : size);
	for (j = 0; j < vn->naux; j++) {
		const struct elf_vernaux *a = &vn->aux[j];

		ew_u32(&w, a->hash);
		ew_u16(&w, a->flags);
		ew_u16(&w, a->other);
		ew_u32(&w, dynstr_offset_of(ed, a->name));
		ew_u32(&w, j + 1 < vn->naux ? VERNEED_SIZE : 0);
	}
	return size;
}

/*
 * The entries kept are written again, packed from the table's start
 * (they take no more room than before), so that the section, DT_VERNEED
 * and the symbols naming the section keep their addresses; the bytes
 * freed at the end of the section are cleared.
 */
int elf_edit_relink_version_needs(struct editor *ed)
{
	struct elf_versions *v = &ed->vers;
	const struct elf_shdr *sec = NULL;
	size_t i, kept = 0, dropped = 0, at = 0, last = 0;
	unsigned char *table;

	for (i = 0; i < v->nneeds; i++)
		dropped += ed->vers_dropped[i];
	if (!dropped || (dropped == v->nneeds && drop_all(ed)))
		return 0;
	unversion_symbols(ed);
	for (i = 0; i < v->nneeds; i++)
		if (!ed->vers_dropped[i]) {
			last = i;
			kept++;
		}
	table = (unsigned char *)ed->img.buf + v->verneed_offset;
	for (i = 0; i < v->nneeds; i++) {
		if (ed->vers_dropped[i])
			continue;
		v->needs[i].offset = v->verneed_offset + at;
		at += write_need(ed, table + at, &v->needs[i], i == last);
	}
	for (i = 1; i < ed->ef->nshdrs; i++)
		if (ed->ef->shdrs[i].type == ELF_SHT_GNU_VERNEED &&
		    ed->ef->shdrs[i].offset == v->verneed_offset)
			sec = &ed->ef->shdrs[i];
	if (sec && sec->size > at)
		memset(table + at, 0, (size_t)(sec->size - at));
	update_counts(ed, kept);
	if (!kept)
		drop_tag(ed, ELF_DT_VERNEED);
	return 0;
}
