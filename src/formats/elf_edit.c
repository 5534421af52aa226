/*
 * ELF editor: what the dynamic array becomes, and the entry points. The
 * strings are placed by elf_edit_strings.c, version needs of removed
 * libraries dropped by elf_edit_versions.c, and the layout of the result
 * (in place or in a new segment) decided by elf_edit_write.c.
 */
#include "elf_edit.h"
#include "elf_bytes.h"
#include "elf_edit_private.h"
#include "elf_strip.h"
#include "../base/fs.h"
#include "../base/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void elf_edit_init(struct elf_edit *ed)
{
	struct elf_edit blank = ELF_EDIT_INIT;

	*ed = blank;
}

void elf_edit_release(struct elf_edit *ed)
{
	free(ed->remove_needed);
	free(ed->replace_needed);
	elf_edit_init(ed);
}

void elf_edit_add_remove_needed(struct elf_edit *ed, const char *name)
{
	ALLOC_GROW(ed->remove_needed, ed->nremove_needed + 1,
		   ed->alloc_remove_needed);
	ed->remove_needed[ed->nremove_needed++] = name;
}

void elf_edit_add_replace_needed(struct elf_edit *ed, const char *from,
				 const char *to)
{
	ALLOC_GROW(ed->replace_needed, ed->nreplace_needed + 1,
		   ed->alloc_replace_needed);
	ed->replace_needed[ed->nreplace_needed].from = from;
	ed->replace_needed[ed->nreplace_needed].to = to;
	ed->nreplace_needed++;
}

static void remove_entry(struct editor *ed, size_t i)
{
	memmove(ed->dyn + i, ed->dyn + i + 1,
		(ed->ndyn - i - 1) * sizeof(*ed->dyn));
	ed->ndyn--;
}

/* Adds an entry after the last DT_NEEDED (so DT_NEEDED stay first). */
static void insert_entry(struct editor *ed, int64_t tag, uint64_t val)
{
	size_t at = 0, i;

	for (i = 0; i < ed->ndyn; i++)
		if (ed->dyn[i].tag == ELF_DT_NEEDED)
			at = i + 1;
	ALLOC_GROW(ed->dyn, ed->ndyn + 1, ed->alloc_dyn);
	memmove(ed->dyn + at + 1, ed->dyn + at,
		(ed->ndyn - at) * sizeof(*ed->dyn));
	ed->dyn[at].tag = tag;
	ed->dyn[at].val = val;
	ed->ndyn++;
}

static void remove_needed(struct editor *ed, const char *name)
{
	size_t i = 0;
	int found = 0;

	while (i < ed->ndyn) {
		const char *s = ed->dyn[i].tag == ELF_DT_NEEDED
				? elf_edit_str_at(ed, ed->dyn[i].val) : NULL;

		if (s && !strcmp(s, name)) {
			remove_entry(ed, i);
			found = 1;
		} else {
			i++;
		}
	}
	if (found)
		elf_edit_drop_version_needs(ed, name);
}

/* Points DT_NEEDED from and the version needs of file from at to. */
static void replace_needed(struct editor *ed, const char *from,
			   const char *to)
{
	const struct elf_file *ef = ed->ef;
	size_t i, nself = 0;
	uint64_t old_off = 0, off;
	int found = 0;

	for (i = 0; i < ed->ndyn; i++) {
		const char *s = ed->dyn[i].tag == ELF_DT_NEEDED
				? elf_edit_str_at(ed, ed->dyn[i].val) : NULL;

		if (s && !strcmp(s, from)) {
			old_off = ed->dyn[i].val;
			found = 1;
			break;
		}
	}
	if (!found)
		return;
	for (i = 0; i < ed->ndyn; i++)
		nself += ed->dyn[i].tag == ELF_DT_NEEDED &&
			 ed->dyn[i].val == old_off;
	for (i = 0; i < ed->vers.nneeds; i++)
		nself += ed->vers.needs[i].file ==
			 (const char *)ef->data + ef->dynstr_offset + old_off;
	off = elf_edit_place_string(ed, old_off, to, nself);
	for (i = 0; i < ed->ndyn; i++)
		if (ed->dyn[i].tag == ELF_DT_NEEDED &&
		    ed->dyn[i].val == old_off)
			ed->dyn[i].val = off;
	for (i = 0; i < ed->vers.nneeds; i++) {
		const struct elf_verneed *vn = &ed->vers.needs[i];

		if (ed->vers_dropped[i] || strcmp(vn->file, from))
			continue;
		/* vn_file is at byte 4 of the Verneed record. */
		elf_store((unsigned char *)ed->img.buf + vn->offset + 4, 4,
			  ef->msb, off);
	}
}

static void convert_rpath(struct editor *ed, int64_t from, int64_t to)
{
	size_t i;

	for (i = 0; i < ed->ndyn; i++)
		if (ed->dyn[i].tag == from)
			ed->dyn[i].tag = to;
}

static void remove_tags(struct editor *ed, int64_t tag)
{
	size_t i = 0;

	while (i < ed->ndyn)
		if (ed->dyn[i].tag == tag)
			remove_entry(ed, i);
		else
			i++;
}

/*
 * Sets every entry with tag (or tag2) to s; adds one with tag when
 * there is none.
 */
static void set_string_entry(struct editor *ed, int64_t tag, int64_t tag2,
			     const char *s)
{
	size_t i, nself = 0, first = ed->ndyn;
	uint64_t off;

	for (i = 0; i < ed->ndyn; i++)
		if (ed->dyn[i].tag == tag || ed->dyn[i].tag == tag2) {
			if (first == ed->ndyn)
				first = i;
			nself += ed->dyn[i].val == ed->dyn[first].val;
		}
	if (first == ed->ndyn) {
		insert_entry(ed, tag, elf_edit_find_or_add(ed, s));
		return;
	}
	/* Entries pointing elsewhere count against overwriting in place. */
	for (i = 0; i < ed->ndyn; i++)
		if ((ed->dyn[i].tag == tag || ed->dyn[i].tag == tag2) &&
		    ed->dyn[i].val != ed->dyn[first].val)
			nself = 0;
	off = elf_edit_place_string(ed, ed->dyn[first].val, s, nself);
	for (i = 0; i < ed->ndyn; i++)
		if (ed->dyn[i].tag == tag || ed->dyn[i].tag == tag2)
			ed->dyn[i].val = off;
}

static void apply_rpath(struct editor *ed, const struct elf_edit *spec)
{
	if (spec->remove_rpath) {
		remove_tags(ed, ELF_DT_RPATH);
		remove_tags(ed, ELF_DT_RUNPATH);
	}
	if (spec->convert == ELF_TO_RPATH)
		convert_rpath(ed, ELF_DT_RUNPATH, ELF_DT_RPATH);
	else if (spec->convert == ELF_TO_RUNPATH)
		convert_rpath(ed, ELF_DT_RPATH, ELF_DT_RUNPATH);
	if (!spec->set_rpath)
		return;
	if (spec->force_rpath)
		convert_rpath(ed, ELF_DT_RUNPATH, ELF_DT_RPATH);
	else
		convert_rpath(ed, ELF_DT_RPATH, ELF_DT_RUNPATH);
	set_string_entry(ed, spec->force_rpath ? ELF_DT_RPATH : ELF_DT_RUNPATH,
			 spec->force_rpath ? ELF_DT_RUNPATH : ELF_DT_RPATH,
			 spec->set_rpath);
}

/*
 * The reader tolerates section headers that describe bytes the file does
 * not have (the loader never reads them); an edit, which moves and rewrites
 * bytes, refuses them rather than carry them into its output.
 */
static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* Whether [off, off+len) overlaps a header or the section name table. */
static const char *overlapped_structure(const struct elf_file *ef,
					uint64_t off, uint64_t len)
{
	if (overlaps(off, len, 0, elf_ehdr_size(ef->is64)))
		return "the ELF header";
	if (overlaps(off, len, ef->phoff, (uint64_t)ef->nphdrs * ef->phentsize))
		return "the program headers";
	if (overlaps(off, len, ef->shoff, (uint64_t)ef->nshdrs * ef->shentsize))
		return "the section headers";
	if (ef->shstrndx && ef->shstrndx < ef->nshdrs &&
	    ef->shdrs[ef->shstrndx].type != ELF_SHT_NOBITS &&
	    overlaps(off, len, ef->shdrs[ef->shstrndx].offset, ef->shdrs[ef->shstrndx].size))
		return "the section name table";
	return NULL;
}

/*
 * The dynamic table is rewritten whole, every slot the reader counted from
 * PT_DYNAMIC's file size (unused slots become DT_NULL). A file size beyond
 * the memory size, or slots lying over other structures, would have the
 * edit overwrite bytes that are not the table: refused up front.
 */
static int check_dynamic_room(const struct elf_file *ef, struct err *e)
{
	const struct elf_phdr *ph = elf_segment_by_type(ef, ELF_PT_DYNAMIC);
	uint64_t len = (uint64_t)ef->dyn_slots * elf_dyn_size(ef->is64);
	const char *what;

	if (ph && ph->filesz > ph->memsz)
		return err_at(e, ef->name, 0, 0,
			      "cannot edit: the dynamic segment's file size (0x%llx) is larger than its memory size (0x%llx)",
			      (unsigned long long)ph->filesz, (unsigned long long)ph->memsz);
	what = overlapped_structure(ef, ef->dyn_offset, len);
	if (!what && overlaps(ef->dyn_offset, len, ef->dynstr_offset, ef->dynstr_size))
		what = "the dynamic string table";
	if (what)
		return err_at(e, ef->name, 0, 0,
			      "cannot edit: the dynamic table (offset 0x%llx, size 0x%llx) overlaps %s",
			      (unsigned long long)ef->dyn_offset, (unsigned long long)len, what);
	return 0;
}

static int check_sections(const struct elf_file *ef, struct err *e)
{
	const char *what;
	size_t i;

	/* Strings are rewritten in place: they must not be the headers. */
	what = overlapped_structure(ef, ef->dynstr_offset, ef->dynstr_size);
	if (what)
		return err_at(e, ef->name, 0, 0,
			      "cannot edit: the dynamic string table (offset 0x%llx) overlaps %s",
			      (unsigned long long)ef->dynstr_offset, what);

	for (i = 1; i < ef->nshdrs; i++) {
		const struct elf_shdr *sh = &ef->shdrs[i];

		if (sh->type == ELF_SHT_NOBITS)
			continue;
		if (!elf_range_ok(sh->offset, sh->size, ef->size))
			return err_at(e, ef->name, 0, 0,
				      "cannot edit: section %zu (offset 0x%llx, size 0x%llx) extends past the end of the file",
				      i, (unsigned long long)sh->offset,
				      (unsigned long long)sh->size);
	}
	return check_dynamic_room(ef, e);
}

static int check_input(const struct elf_file *ef, struct err *e)
{
	uint64_t v;

	if (ef->type != ELF_ET_DYN && ef->type != ELF_ET_EXEC)
		return err_at(e, ef->name, 0, 0, "cannot edit an ELF file of type %s (need a shared library or an executable)",
			      elf_type_name(ef->type));
	if (!elf_segment_by_type(ef, ELF_PT_DYNAMIC) ||
	    !elf_segment_by_type(ef, ELF_PT_LOAD))
		return err_at(e, ef->name, 0, 0, "cannot edit a statically linked file (no PT_DYNAMIC segment)");
	if (!ef->has_dynstr || !elf_dyn_get(ef, ELF_DT_STRTAB, &v) ||
	    !elf_dyn_get(ef, ELF_DT_STRSZ, &v))
		return err_at(e, ef->name, 0, 0, "cannot edit a file without a dynamic string table (DT_STRTAB and DT_STRSZ)");
	return check_sections(ef, e);
}

static int apply_all(struct editor *ed, const struct elf_edit *spec)
{
	size_t i;

	apply_rpath(ed, spec);
	if (spec->set_soname)
		set_string_entry(ed, ELF_DT_SONAME, ELF_DT_SONAME,
				 spec->set_soname);
	for (i = 0; i < spec->nremove_needed; i++)
		remove_needed(ed, spec->remove_needed[i]);
	if (elf_edit_relink_version_needs(ed))
		return -1;
	for (i = 0; i < spec->nreplace_needed; i++)
		replace_needed(ed, spec->replace_needed[i].from,
			       spec->replace_needed[i].to);
	return 0;
}

/*
 * The result must read back as a valid ELF file, or nothing is written.
 * The checks on the input above refuse every input known to come out
 * broken (dynamic strings or the dynamic table lying over headers or the
 * section name table, a PT_DYNAMIC larger on file than in memory); this is
 * the last line, and the fuzz harness treats reaching it as a bug.
 */
static int verify(const struct editor *ed, const char *name, struct err *e)
{
	struct elf_file check;

	if (elf_parse(&check, ed->img.buf, ed->img.len, name, e)) {
		err_prefix(e, "cannot edit this file safely: the result would not be a valid ELF file");
		e->status = EXIT_BAD_INPUT;
		return -1;
	}
	elf_release(&check);
	return 0;
}

static int edit_image(const void *in, size_t size, const char *name,
		      const struct elf_edit *spec, struct strbuf *out,
		      struct err *e)
{
	struct elf_file ef;
	struct editor ed;
	int ret = -1;

	if (elf_parse(&ef, in, size, name, e))
		return -1;
	memset(&ed, 0, sizeof(ed));
	ed.ef = &ef;
	ed.e = e;
	sb_init(&ed.img);
	sb_init(&ed.added);
	if (check_input(&ef, e) || elf_read_versions(&ef, &ed.vers, e))
		goto out;
	sb_add(&ed.img, in, size);
	ALLOC_GROW(ed.dyn, ef.ndyn + 1, ed.alloc_dyn);
	memcpy(ed.dyn, ef.dyn, ef.ndyn * sizeof(*ed.dyn));
	ed.ndyn = ef.ndyn;
	ed.vers_dropped = xcalloc(ed.vers.nneeds + 1, 1);
	if (elf_edit_collect_refs(&ed) || apply_all(&ed, spec) ||
	    elf_edit_write(&ed) || verify(&ed, name, e))
		goto out;
	sb_add(out, ed.img.buf, ed.img.len);
	ret = 0;
out:
	free(ed.dyn);
	free(ed.refs);
	sb_release(&ed.img);
	sb_release(&ed.added);
	elf_versions_release(&ed.vers);
	free(ed.vers_dropped);
	elf_symbols_release(&ed.dynsyms);
	elf_release(&ef);
	return ret;
}

int elf_edit_apply(const void *in, size_t size, const char *name,
		   const struct elf_edit *spec, struct strbuf *out,
		   struct err *e)
{
	struct strbuf stripped = STRBUF_INIT;
	int rc = 0;

	if (spec->strip_all)
		rc = elf_strip(in, size, name, &stripped, e);
	if (rc < 0)
		return -1;
	if (rc)
		rc = edit_image(stripped.buf, stripped.len, name, spec, out, e);
	else
		rc = edit_image(in, size, name, spec, out, e);
	sb_release(&stripped);
	return rc;
}

int elf_edit_file(const char *path, const char *out_path,
		  const struct elf_edit *spec, struct err *e)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	struct atomic_file af;
	struct stat st;
	int ret = -1;

	if (!out_path)
		out_path = path;
	if (read_file(path, &in, e))
		return -1;
	if (elf_edit_apply(in.buf, in.len, path, spec, &out, e) ||
	    atomic_open(&af, out_path, e))
		goto out;
	if (!stat(path, &st))
		fchmod(fileno(af.fp), st.st_mode & 07777);
	if (out.len && fwrite(out.buf, 1, out.len, af.fp) != out.len) {
		err_fail(e, "cannot write '%s': %s", out_path,
			 strerror(errno));
		atomic_abort(&af);
		goto out;
	}
	ret = atomic_commit(&af, e);
out:
	sb_release(&in);
	sb_release(&out);
	return ret;
}
