#include "coff_archive.h"
#include "binbuf.h"
#include "../base/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define AR_MAGIC "!<arch>\n"
#define AR_HEADER_SIZE 60
#define AR_NAME_MAX 16

void coff_archive_init(struct coff_archive *ar)
{
	memset(ar, 0, sizeof(*ar));
}

void coff_archive_release(struct coff_archive *ar)
{
	size_t i, j;

	for (i = 0; i < ar->nr_members; i++) {
		struct ar_member *m = &ar->members[i];

		free(m->name);
		sb_release(&m->data);
		for (j = 0; j < m->nr_symbols; j++)
			free(m->symbols[j]);
		free(m->symbols);
	}
	free(ar->members);
	coff_archive_init(ar);
}

struct ar_member *coff_archive_add(struct coff_archive *ar, const char *name)
{
	struct ar_member *m;

	ALLOC_GROW(ar->members, ar->nr_members + 1, ar->alloc_members);
	m = &ar->members[ar->nr_members++];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(name);
	sb_init(&m->data);
	return m;
}

void ar_member_add_symbol(struct ar_member *m, const char *symbol)
{
	ALLOC_GROW(m->symbols, m->nr_symbols + 1, m->alloc_symbols);
	m->symbols[m->nr_symbols++] = xstrdup(symbol);
}

/* One 60-byte header; fields are space-padded ASCII. */
static void put_header(struct strbuf *out, const char *name, const char *date,
		       const char *uid, const char *gid, const char *mode,
		       size_t size)
{
	size_t start = out->len;

	sb_addf(out, "%-16s%-12s%-6s%-6s%-8s%-10zu`\n", name, date, uid, gid,
		mode, size);
	if (out->len - start != AR_HEADER_SIZE)
		die("archive header of %zu bytes", out->len - start);
}

static void pad_even(struct strbuf *out)
{
	if (out->len & 1)
		sb_addc(out, '\n');
}

static size_t padded(size_t n)
{
	return st_add(n, n & 1);
}

struct sym_ref {
	const char *name;
	uint16_t member;	/* 1-based, as the second linker member wants */
};

static int cmp_sym_ref(const void *a, const void *b)
{
	const struct sym_ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return (int)x->member - (int)y->member;
}

/*
 * The header name of each member: "name/" when it fits in 16 bytes,
 * "/OFFSET" into the long-names member otherwise (equal names share one
 * entry: every member of an import library has the DLL's name).
 */
static char **member_header_names(const struct coff_archive *ar,
				  struct strbuf *longnames)
{
	char **names = xcalloc(ar->nr_members ? ar->nr_members : 1, sizeof(*names));
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;

	for (i = 0; i < ar->nr_members; i++) {
		const char *n = ar->members[i].name;

		sb_reset(&sb);
		if (strlen(n) + 1 <= AR_NAME_MAX) {
			sb_addf(&sb, "%s/", n);
		} else {
			for (j = 0; j < i; j++)
				if (!strcmp(ar->members[j].name, n) && names[j][0] == '/')
					break;
			if (j < i) {
				sb_adds(&sb, names[j]);
			} else {
				sb_addf(&sb, "/%zu", longnames->len);
				sb_add(longnames, n, strlen(n) + 1);
			}
		}
		names[i] = xstrdup(sb.buf);
	}
	sb_release(&sb);
	return names;
}

static int check_limits(const struct coff_archive *ar, size_t nr_syms,
			struct err *e)
{
	size_t i;

	if (ar->nr_members > 0xffff)
		return err_set(e, "too many archive members (%zu, at most 65535)",
			       ar->nr_members);
	if (nr_syms > UINT32_MAX)
		return err_set(e, "too many archive symbols (%zu)", nr_syms);
	for (i = 0; i < ar->nr_members; i++)
		if (!ar->members[i].name[0] || strchr(ar->members[i].name, '/'))
			return err_set(e, "bad archive member name '%s'",
				       ar->members[i].name);
	return 0;
}

/* What the writer works out before emitting a byte. */
struct layout {
	char **hnames;		/* each member's header name */
	struct strbuf longnames;
	uint32_t *offsets;	/* each member's header offset */
	struct sym_ref *sorted;	/* every symbol, sorted for the second member */
	size_t nr_syms, size1, size2;
};

static void layout_release(struct layout *l, size_t nr_members)
{
	size_t i;

	for (i = 0; i < nr_members; i++)
		free(l->hnames[i]);
	free(l->hnames);
	sb_release(&l->longnames);
	free(l->offsets);
	free(l->sorted);
}

static int plan(const struct coff_archive *ar, struct layout *l, struct err *e)
{
	size_t strsize = 0, pos, i, j, k;

	memset(l, 0, sizeof(*l));
	sb_init(&l->longnames);
	for (i = 0; i < ar->nr_members; i++) {
		l->nr_syms = st_add(l->nr_syms, ar->members[i].nr_symbols);
		for (j = 0; j < ar->members[i].nr_symbols; j++)
			strsize = st_add(strsize, strlen(ar->members[i].symbols[j]) + 1);
	}
	if (check_limits(ar, l->nr_syms, e) < 0)
		return -1;
	l->hnames = member_header_names(ar, &l->longnames);
	l->size1 = st_add(st_add(4, st_mult(4, l->nr_syms)), strsize);
	l->size2 = st_add(st_add(st_add(8, st_mult(4, ar->nr_members)),
				 st_mult(2, l->nr_syms)), strsize);
	l->offsets = xcalloc(ar->nr_members ? ar->nr_members : 1, sizeof(*l->offsets));
	pos = strlen(AR_MAGIC) + AR_HEADER_SIZE + padded(l->size1) +
	      AR_HEADER_SIZE + padded(l->size2) +
	      AR_HEADER_SIZE + padded(l->longnames.len);
	for (i = 0; i < ar->nr_members && pos <= UINT32_MAX; i++) {
		l->offsets[i] = (uint32_t)pos;
		pos = st_add(pos, st_add(AR_HEADER_SIZE, padded(ar->members[i].data.len)));
	}
	if (pos > UINT32_MAX)
		return err_set(e, "import library too large (%zu bytes, at most 4 GiB)", pos);

	l->sorted = xmalloc(st_mult(l->nr_syms ? l->nr_syms : 1, sizeof(*l->sorted)));
	for (i = k = 0; i < ar->nr_members; i++)
		for (j = 0; j < ar->members[i].nr_symbols; j++, k++) {
			l->sorted[k].name = ar->members[i].symbols[j];
			l->sorted[k].member = (uint16_t)(i + 1);
		}
	qsort(l->sorted, l->nr_syms, sizeof(*l->sorted), cmp_sym_ref);
	return 0;
}

/* First linker member: big-endian offsets, symbols in member order. */
static void put_first_linker(struct strbuf *out, const struct coff_archive *ar,
			     const struct layout *l)
{
	size_t i, j;

	put_header(out, "/", "0", "0", "0", "0", l->size1);
	put_be32(out, (uint32_t)l->nr_syms);
	for (i = 0; i < ar->nr_members; i++)
		for (j = 0; j < ar->members[i].nr_symbols; j++)
			put_be32(out, l->offsets[i]);
	for (i = 0; i < ar->nr_members; i++)
		for (j = 0; j < ar->members[i].nr_symbols; j++)
			sb_add(out, ar->members[i].symbols[j],
			       strlen(ar->members[i].symbols[j]) + 1);
	pad_even(out);
}

/* Second linker member: little-endian, symbols sorted, member indices. */
static void put_second_linker(struct strbuf *out, const struct coff_archive *ar,
			      const struct layout *l)
{
	size_t i;

	put_header(out, "/", "0", "0", "0", "0", l->size2);
	put_le32(out, (uint32_t)ar->nr_members);
	for (i = 0; i < ar->nr_members; i++)
		put_le32(out, l->offsets[i]);
	put_le32(out, (uint32_t)l->nr_syms);
	for (i = 0; i < l->nr_syms; i++)
		put_le16(out, l->sorted[i].member);
	for (i = 0; i < l->nr_syms; i++)
		sb_add(out, l->sorted[i].name, strlen(l->sorted[i].name) + 1);
	pad_even(out);
}

int coff_archive_write(const struct coff_archive *ar, struct strbuf *out,
		       struct err *e)
{
	struct layout l;
	size_t i;

	if (plan(ar, &l, e) < 0) {
		layout_release(&l, l.hnames ? ar->nr_members : 0);
		return -1;
	}
	sb_adds(out, AR_MAGIC);
	put_first_linker(out, ar, &l);
	put_second_linker(out, ar, &l);
	put_header(out, "//", "", "", "", "", l.longnames.len);
	sb_add(out, l.longnames.buf, l.longnames.len);
	pad_even(out);
	for (i = 0; i < ar->nr_members; i++) {
		put_header(out, l.hnames[i], "0", "0", "0", "644",
			   ar->members[i].data.len);
		sb_add(out, ar->members[i].data.buf, ar->members[i].data.len);
		pad_even(out);
	}
	layout_release(&l, ar->nr_members);
	return 0;
}
