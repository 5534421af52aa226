/*
 * Auditing a .whl: the zip is validated first (a hostile archive is an
 * error, not a finding), then the claims are read (file name, WHEEL,
 * RECORD), then every member is streamed once (by worker threads, zip_scan.h):
 * hashed for RECORD, and kept in memory only while it is a binary being
 * examined. Memory is bounded by a few of the largest binaries, never by
 * the wheel.
 */
#include "audit_internal.h"
#include "../base/base64.h"
#include "../base/xalloc.h"
#include "../formats/zip_read.h"
#include "../formats/zip_scan.h"

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

/* Worker threads ask this (zip_scan.h): binaries are kept for examining. */
static int keep_binary(void *ctx, const struct zip_member *m,
		       const unsigned char *head, size_t len)
{
	(void)ctx;
	return len >= ZIP_SCAN_HEAD && m->size <= BINARY_CAP &&
	       audit_sniff(head, len) != BIN_NONE;
}

static int is_signature(const char *name, const char *dist_info)
{
	size_t n = strlen(dist_info);

	return !strncmp(name, dist_info, n) &&
	       (!strcmp(name + n, "/RECORD") || !strcmp(name + n, "/RECORD.jws") ||
		!strcmp(name + n, "/RECORD.p7s"));
}

static void check_record_row(struct wheel_audit *w, const char *name,
			     const struct zip_scan_item *it)
{
	const struct record_row *row;
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
		base64_urlsafe_nopad(&b64, it->sha256, sizeof(it->sha256));
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
	if (row->has_size && row->size != it->size)
		audit_member(&w->c, name, "record-mismatch", AUDIT_ERROR,
			     "is %llu bytes, but RECORD says %llu", (unsigned long long)it->size,
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
			const struct strbuf *data, struct err *e)
{
	const unsigned char *d = (const unsigned char *)data->buf;
	enum bin_kind kind = audit_sniff(d, data->len);

	if (kind != BIN_NONE && looks_loadable(name) && installs_to_purelib(w, name) &&
	    !w->purelib_binary) {
		w->purelib_binary = 1;
		audit_member(&w->c, NULL, "tag-mismatch", AUDIT_ERROR,
			     "'%s' is a binary, but it installs into purelib (Root-Is-Purelib: true, or .data/purelib)", name);
	}
	if (kind == BIN_ELF)
		return audit_elf(&w->c, name, d, data->len, e);
	if (kind == BIN_PE)
		return audit_pe(&w->c, name, d, data->len, e);
	if (kind == BIN_MACHO)
		return audit_macho(&w->c, name, d, data->len, e);
	return 0;
}

/*
 * Every member once, in order: worker threads inflate and hash (that is
 * most of an audit's time), this thread checks and examines.
 */
static int audit_members(struct wheel_audit *w, struct err *e)
{
	struct zip_scan_opts o = ZIP_SCAN_OPTS_INIT;
	const struct zip_scan_item *it;
	struct zip_scan scan;
	int rc;

	o.threads = w->c.opts->threads;
	o.keep = keep_binary;
	zip_scan_start(&scan, &w->zr, &o);
	while ((rc = zip_scan_next(&scan, &it, e)) > 0) {
		const char *name = it->m->name;

		check_record_row(w, name, it);
		if (!it->kept && it->head_len == ZIP_SCAN_HEAD && it->size > BINARY_CAP &&
		    audit_sniff(it->head, it->head_len) != BIN_NONE)
			audit_member(&w->c, name, "not-examined", AUDIT_INFO,
				     "is a binary of %llu bytes, over the %llu the audit reads",
				     (unsigned long long)it->size, (unsigned long long)BINARY_CAP);
		else if (it->kept && audit_binary(w, name, &it->data, e))
			rc = -1;
		if (rc < 0)
			break;
	}
	zip_scan_release(&scan);
	return rc < 0 ? -1 : 0;
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
