/*
 * Auditing a .whl: the zip is validated first (a hostile archive is an
 * error, not a finding), then the claims are read (file name, WHEEL,
 * RECORD), then every member is streamed once: hashed for RECORD, and kept
 * in memory only while it is a binary being examined. Memory is bounded by
 * the largest binary, never by the wheel.
 */
#include "audit_internal.h"
#include "../base/base64.h"
#include "../base/sha256.h"
#include "../base/xalloc.h"
#include "../formats/zip_read.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define META_CAP (16u << 20)		/* WHEEL and RECORD */
#define BINARY_CAP ((uint64_t)1 << 30)	/* larger binaries: not examined */

struct wheel_audit {
	struct audit_ctx c;
	struct zip_reader zr;
	struct wheel_name name;
	int have_name;
	struct wheel_info info;
	int have_info;
	struct wheel_record record;
	int have_record;
	const struct record_row **index;	/* RECORD rows by path */
	unsigned char *listed;			/* rows seen in the zip */
	char *dist_info;			/* "pkg-1.0.dist-info" */
	const char **names;
	size_t nr_names;
	int purelib_binary;
};

static int cmp_row_ptr(const void *a, const void *b)
{
	return strcmp((*(const struct record_row *const *)a)->path,
		      (*(const struct record_row *const *)b)->path);
}

static const struct record_row *record_lookup(struct wheel_audit *w,
					      const char *path)
{
	size_t lo = 0, hi = w->record.nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, w->index[mid]->path);

		if (!c) {
			w->listed[mid] = 1;
			return w->index[mid];
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* "Foo_Bar" and "foo.bar" both become "foo_bar" (wheel name rules). */
static void normalize(const char *s, size_t n, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sb_addc(out, s[i] == '-' || s[i] == '.' ? '_' : tolower((unsigned char)s[i]));
}

/* The .dist-info folder holding WHEEL; the one the file name names first. */
static void find_dist_info(struct wheel_audit *w)
{
	struct strbuf want = STRBUF_INIT, have = STRBUF_INIT;
	size_t i;

	if (w->have_name) {
		normalize(w->name.distribution, strlen(w->name.distribution), &want);
		sb_addc(&want, '-');
		normalize(w->name.version, strlen(w->name.version), &want);
	}
	for (i = 0; i < w->nr_names; i++) {
		const char *n = w->names[i], *slash = strchr(n, '/');

		if (!slash || strcmp(slash, "/WHEEL") ||
		    (size_t)(slash - n) < 11 || strncmp(slash - 10, ".dist-info", 10))
			continue;
		sb_reset(&have);
		normalize(n, (size_t)(slash - n) - 10, &have);
		if (!w->dist_info || !strcmp(have.buf, want.buf)) {
			free(w->dist_info);
			w->dist_info = xstrndup(n, (size_t)(slash - n));
		}
	}
	sb_release(&want);
	sb_release(&have);
}

static int read_member(struct wheel_audit *w, const char *name,
		       struct strbuf *out, struct err *e)
{
	long i = zip_reader_find(&w->zr, name);

	if (i < 0)
		return 1;
	return zip_reader_extract_mem(&w->zr, (size_t)i, META_CAP, out, e) ? -1 : 0;
}

static void compare_tags(struct wheel_audit *w)
{
	const struct wheel_tags *a = &w->name.tags, *b = &w->info.tags;
	size_t i;

	for (i = 0; i < a->nr; i++)
		if (!wheel_tags_has(b, a->v[i].python, a->v[i].abi, a->v[i].platform))
			audit_member(&w->c, NULL, "tag-mismatch", AUDIT_ERROR,
				     "the file name's tag '%s-%s-%s' has no 'Tag:' line in %s/WHEEL",
				     a->v[i].python, a->v[i].abi, a->v[i].platform, w->dist_info);
	for (i = 0; i < b->nr; i++)
		if (!wheel_tags_has(a, b->v[i].python, b->v[i].abi, b->v[i].platform))
			audit_member(&w->c, NULL, "tag-mismatch", AUDIT_ERROR,
				     "%s/WHEEL says 'Tag: %s-%s-%s', which the file name does not",
				     w->dist_info, b->v[i].python, b->v[i].abi, b->v[i].platform);
}

/* A broken WHEEL or RECORD is a finding: the rest can still be audited. */
static void meta_problem(struct wheel_audit *w, const char *code,
			 struct err *pe)
{
	struct strbuf where = STRBUF_INIT;

	if (pe->line)
		sb_addf(&where, "%d:%s", pe->line, pe->col ? "" : " ");
	if (pe->col)
		sb_addf(&where, "%d: ", pe->col);
	audit_member(&w->c, pe->file, code, AUDIT_ERROR, "%s%s", where.buf, pe->msg.buf);
	sb_release(&where);
	err_release(pe);
	err_init(pe);
}

static int read_wheel_file(struct wheel_audit *w, struct err *e)
{
	struct strbuf path = STRBUF_INIT, buf = STRBUF_INIT;
	struct err pe = ERR_INIT;
	int rc;

	sb_addf(&path, "%s/WHEEL", w->dist_info);
	rc = read_member(w, path.buf, &buf, e);
	if (!rc) {
		if (wheel_info_parse(&w->info, buf.buf, buf.len, path.buf, &pe))
			meta_problem(w, "tag-mismatch", &pe);
		else
			w->have_info = 1;
	}
	sb_release(&path);
	sb_release(&buf);
	return rc < 0 ? -1 : 0;
}

static int read_record(struct wheel_audit *w, struct err *e)
{
	struct strbuf path = STRBUF_INIT, buf = STRBUF_INIT;
	struct err pe = ERR_INIT;
	size_t i;
	int rc;

	sb_addf(&path, "%s/RECORD", w->dist_info);
	rc = read_member(w, path.buf, &buf, e);
	if (rc > 0)
		audit_member(&w->c, NULL, "record-mismatch", AUDIT_ERROR,
			     "the wheel has no '%s'", path.buf);
	if (!rc && wheel_record_parse(&w->record, buf.buf, buf.len, path.buf, &pe)) {
		meta_problem(w, "record-mismatch", &pe);
		wheel_record_release(&w->record);
	} else if (!rc) {
		w->have_record = 1;
	}
	w->index = xcalloc(w->record.nr + 1, sizeof(*w->index));
	w->listed = xcalloc(w->record.nr + 1, 1);
	for (i = 0; i < w->record.nr; i++)
		w->index[i] = &w->record.v[i];
	qsort(w->index, w->record.nr, sizeof(*w->index), cmp_row_ptr);
	sb_release(&path);
	sb_release(&buf);
	return rc < 0 ? -1 : 0;
}

struct member_sink {
	struct sha256 sha;
	uint64_t size;
	int decided, keep;
	int too_big;		/* a binary over BINARY_CAP: hashed, not kept */
	uint64_t expect;	/* the declared size (checked by the reader) */
	struct strbuf data;
};

static int sink(void *ctx, const void *buf, size_t len, struct err *e)
{
	struct member_sink *s = ctx;

	(void)e;
	sha256_update(&s->sha, buf, len);
	s->size += len;
	if (!s->decided || s->keep)
		sb_add(&s->data, buf, len);
	if (!s->decided && s->data.len >= 8) {
		s->decided = 1;
		s->keep = audit_sniff((unsigned char *)s->data.buf, s->data.len) != BIN_NONE;
		if (s->keep && s->too_big)
			s->keep = 0;
		else
			s->too_big = 0;
		if (!s->keep)
			sb_release(&s->data);
		else if (s->expect > s->data.len)	/* one allocation, not a doubling series */
			sb_grow(&s->data, (size_t)(s->expect - s->data.len));
	}
	return 0;
}

static int is_signature(const char *name, const char *dist_info)
{
	size_t n = strlen(dist_info);

	return !strncmp(name, dist_info, n) &&
	       (!strcmp(name + n, "/RECORD") || !strcmp(name + n, "/RECORD.jws") ||
		!strcmp(name + n, "/RECORD.p7s"));
}

static void check_record_row(struct wheel_audit *w, const char *name,
			     struct member_sink *s)
{
	const struct record_row *row;
	unsigned char digest[32];
	struct strbuf b64 = STRBUF_INIT;

	if (!w->have_record || (w->dist_info && is_signature(name, w->dist_info)))
		return;
	row = record_lookup(w, name);
	if (!row) {
		audit_member(&w->c, name, "record-mismatch", AUDIT_ERROR, "is not listed in RECORD");
		return;
	}
	if (!row->algo) {
		audit_member(&w->c, name, "record-mismatch", AUDIT_ERROR,
			     "is listed in RECORD without a hash");
	} else if (!strcmp(row->algo, "sha256")) {
		sha256_final(&s->sha, digest);
		base64_urlsafe_nopad(&b64, digest, sizeof(digest));
		if (strcmp(b64.buf, row->digest))
			audit_member(&w->c, name, "record-mismatch", AUDIT_ERROR,
				     "content has sha256=%s, but RECORD says sha256=%s",
				     b64.buf, row->digest);
	} else if (!strcmp(row->algo, "md5") || !strcmp(row->algo, "sha1")) {
		audit_member(&w->c, name, "record-mismatch", AUDIT_ERROR,
			     "RECORD hashes it with %s, which wheels may not use", row->algo);
	} else {
		audit_member(&w->c, name, "not-examined", AUDIT_INFO,
			     "RECORD hashes it with %s, which wheelwright does not check", row->algo);
	}
	if (row->has_size && row->size != s->size)
		audit_member(&w->c, name, "record-mismatch", AUDIT_ERROR,
			     "is %llu bytes, but RECORD says %llu", (unsigned long long)s->size,
			     (unsigned long long)row->size);
	sb_release(&b64);
}

/* Where a member installs: platlib/purelib per Root-Is-Purelib, or .data. */
static int installs_to_purelib(const struct wheel_audit *w, const char *name)
{
	const char *slash = strchr(name, '/');

	if (slash && (size_t)(slash - name) > 5 && !strncmp(slash - 5, ".data", 5))
		return starts_with(slash + 1, "purelib/");
	return w->have_info && w->info.root_is_purelib == 1;
}

static int looks_loadable(const char *name)
{
	const char *base = audit_base_name(name);

	return ends_with(base, ".so") || ends_with(base, ".pyd") ||
	       strstr(base, ".so.") || ends_with(base, ".dylib");
}

static int audit_binary(struct wheel_audit *w, const char *name,
			struct member_sink *s, struct err *e)
{
	const unsigned char *d = (const unsigned char *)s->data.buf;
	enum bin_kind kind = audit_sniff(d, s->data.len);

	if (kind != BIN_NONE && looks_loadable(name) && installs_to_purelib(w, name) &&
	    !w->purelib_binary) {
		w->purelib_binary = 1;
		audit_member(&w->c, NULL, "tag-mismatch", AUDIT_ERROR,
			     "'%s' is a binary, but it installs into purelib (Root-Is-Purelib: true, or .data/purelib)", name);
	}
	if (kind == BIN_ELF)
		return audit_elf(&w->c, name, d, s->data.len, e);
	if (kind == BIN_PE)
		return audit_pe(&w->c, name, d, s->data.len, e);
	if (kind == BIN_MACHO) {
		struct ext_name n;

		w->c.nr_macho++;
		ext_name_parse(audit_base_name(name), &n);
		if (n.kind == EXT_CPYTHON || n.kind == EXT_ABI3 || n.kind == EXT_PYPY)
			audit_module_name(&w->c, name, &n);
	}
	return 0;
}

static int audit_members(struct wheel_audit *w, struct err *e)
{
	size_t i;

	for (i = 0; i < w->zr.nr; i++) {
		const struct zip_member *m = &w->zr.m[i];
		struct member_sink s;
		int rc;

		if (zip_member_is_dir(m))
			continue;
		memset(&s, 0, sizeof(s));
		sha256_init(&s.sha);
		sb_init(&s.data);
		s.too_big = m->size > BINARY_CAP;
		s.expect = m->size;
		if (zip_reader_extract(&w->zr, i, sink, &s, e)) {
			sb_release(&s.data);
			return -1;
		}
		check_record_row(w, m->name, &s);
		rc = 0;
		if (s.too_big && s.decided)
			audit_member(&w->c, m->name, "not-examined", AUDIT_INFO,
				     "is a binary of %llu bytes, over the %llu the audit reads",
				     (unsigned long long)m->size, (unsigned long long)BINARY_CAP);
		else if (s.data.len)
			rc = audit_binary(w, m->name, &s, e);
		sb_release(&s.data);
		if (rc)
			return -1;
	}
	return 0;
}

static void check_unlisted_rows(struct wheel_audit *w)
{
	size_t i;

	for (i = 0; i < w->record.nr; i++) {
		const char *path = w->index[i]->path;

		if (w->listed[i] || (w->dist_info && is_signature(path, w->dist_info)))
			continue;
		audit_member(&w->c, path, "record-mismatch", AUDIT_ERROR,
			     "is listed in RECORD (line %d) but is not in the wheel",
			     w->index[i]->line);
	}
}

static int collect_names(struct wheel_audit *w)
{
	size_t i;

	w->names = xcalloc(w->zr.nr + 1, sizeof(*w->names));
	for (i = 0; i < w->zr.nr; i++)
		if (!zip_member_is_dir(&w->zr.m[i]))
			w->names[w->nr_names++] = w->zr.m[i].name;
	w->c.members = w->names;
	w->c.nr_members = w->nr_names;
	return 0;
}

static int audit_wheel_body(struct wheel_audit *w, struct err *e)
{
	struct zip_limits lim = ZIP_LIMITS_INIT;

	if (zip_reader_open(&w->zr, w->c.label, &lim, e) || zip_reader_validate(&w->zr, e))
		return -1;
	collect_names(w);
	find_dist_info(w);
	if (!w->dist_info) {
		audit_member(&w->c, NULL, "tag-mismatch", AUDIT_ERROR,
			     "the wheel has no .dist-info/WHEEL file");
	} else if (read_wheel_file(w, e) || read_record(w, e)) {
		return -1;
	}
	if (w->have_name && w->have_info)
		compare_tags(w);
	if (w->have_name)
		audit_ctx_set_tags(&w->c, &w->name.tags);
	else if (w->have_info)
		audit_ctx_set_tags(&w->c, &w->info.tags);
	if (!w->index) {
		w->index = xcalloc(1, sizeof(*w->index));
		w->listed = xcalloc(1, 1);
	}
	if (audit_members(w, e))
		return -1;
	check_unlisted_rows(w);
	audit_runpaths(&w->c);
	if (w->c.nr_macho)
		audit_member(&w->c, NULL, "not-examined", AUDIT_INFO,
			     "%zu Mach-O file%s not examined: wheelwright reads ELF and PE binaries",
			     w->c.nr_macho, w->c.nr_macho == 1 ? " was" : "s were");
	return audit_policy_finish(&w->c, e);
}

int audit_wheel(const char *path, const struct audit_opts *opts,
		struct audit_report *r, struct err *e)
{
	struct wheel_audit w;
	struct err ne = ERR_INIT;
	int rc;

	memset(&w, 0, sizeof(w));
	audit_ctx_init(&w.c, r, opts, path, 1);
	wheel_name_init(&w.name);
	wheel_info_init(&w.info);
	wheel_record_init(&w.record);
	if (wheel_name_parse(&w.name, path, &ne))
		audit_member(&w.c, NULL, "tag-mismatch", AUDIT_ERROR, "%s", ne.msg.buf);
	else
		w.have_name = 1;
	err_release(&ne);
	rc = audit_wheel_body(&w, e);
	zip_reader_release(&w.zr);
	wheel_name_release(&w.name);
	wheel_info_release(&w.info);
	wheel_record_release(&w.record);
	free(w.index);
	free(w.listed);
	free(w.dist_info);
	free(w.names);
	audit_ctx_release(&w.c);
	return rc;
}
