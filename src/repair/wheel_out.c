/*
 * Writing the repaired wheel: the new platform tags in the file name and in
 * WHEEL's Tag lines, every member (edited binaries in their new bytes), the
 * copied libraries, and a RECORD computed from what was written. Entries
 * are sorted with the .dist-info folder last and RECORD at the very end,
 * as the build writes them (engine/wheel.c), timestamps come from
 * SOURCE_DATE_EPOCH, and the archive appears whole or not at all.
 *
 * Tags follow auditwheel: the file name keeps its python and abi parts and
 * its platform part becomes the sorted set of the new tags (a Linux or
 * "any" tag it had is dropped: the new ones say what holds now); WHEEL
 * gets one Tag line per python-abi pair of its old Tag lines and new
 * platform, in the policy's order (name, then aliases).
 */
#include "repair_internal.h"
#include "../audit/ext_suffix.h"
#include "../base/epoch.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../base/sha256.h"
#include "../engine/deflate_cache.h"
#include "../engine/record.h"
#include "../formats/zip_write.h"
#include "../platform/proc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The '.'-separated parts of s, appended to v (copies). */
static void split_dots(const char *s, char ***v, size_t *nr, size_t *alloc)
{
	while (*s) {
		size_t n = strcspn(s, ".");

		ALLOC_GROW(*v, *nr + 1, *alloc);
		(*v)[(*nr)++] = xstrndup(s, n);
		s += n + (s[n] ? 1 : 0);
	}
}

static void free_strs(char **v, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(v[i]);
	free(v);
}

/* The file name's platform part: its non-Linux tags and the new ones, sorted. */
static void name_platforms(const struct repair_ctx *c, struct strbuf *out)
{
	char **v = NULL;
	size_t nr = 0, alloc = 0, i, k = 0;

	split_dots(c->tags.buf, &v, &nr, &alloc);
	qsort(v, nr, sizeof(*v), cmp_str);
	for (i = 0; i < nr; i++)
		if (!i || strcmp(v[i], v[k - 1]))
			v[k++] = v[i];
		else
			free(v[i]);
	for (i = 0; i < k; i++)
		sb_addf(out, "%s%s", i ? "." : "", v[i]);
	free_strs(v, k);
}

static void wheel_file_name(const struct repair_ctx *c, struct strbuf *out)
{
	sb_addf(out, "%s-%s-", c->wn.distribution, c->wn.version);
	if (c->wn.build)
		sb_addf(out, "%s-", c->wn.build);
	sb_addf(out, "%s-%s-", c->wn.python, c->wn.abi);
	name_platforms(c, out);
	sb_adds(out, ".whl");
}

/* "Tag: cp311-cp311-linux_x86_64" -> "cp311-cp311" into pair; 0 if not a Tag line. */
static int tag_pair(const char *line, size_t n, struct strbuf *pair)
{
	const char *v, *end = line + n, *dash;

	if (n < 4 || strncmp(line, "Tag:", 4))
		return 0;
	for (v = line + 4; v < end && (*v == ' ' || *v == '\t'); v++)
		;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	sb_reset(pair);
	for (dash = end; dash > v && dash[-1] != '-'; dash--)
		;
	if (dash > v)
		sb_add(pair, v, (size_t)(dash - 1 - v));
	return 1;
}

/* The python-abi pairs of WHEEL's Tag lines (else of the file name). */
static void tag_pairs(const struct repair_ctx *c, char ***v, size_t *nr,
		      size_t *alloc)
{
	const char *p = c->wheel_txt.buf;
	struct strbuf pair = STRBUF_INIT;
	size_t i;

	while (*p) {
		size_t n = strcspn(p, "\n");

		if (tag_pair(p, n, &pair) && pair.len) {
			for (i = 0; i < *nr && strcmp((*v)[i], pair.buf); i++)
				;
			if (i == *nr) {
				ALLOC_GROW(*v, *nr + 1, *alloc);
				(*v)[(*nr)++] = xstrdup(pair.buf);
			}
		}
		p += n + (p[n] ? 1 : 0);
	}
	for (i = 0; !*nr && i < c->wn.tags.nr; i++) {
		size_t k;

		sb_reset(&pair);
		sb_addf(&pair, "%s-%s", c->wn.tags.v[i].python, c->wn.tags.v[i].abi);
		for (k = 0; k < *nr && strcmp((*v)[k], pair.buf); k++)
			;
		if (k == *nr) {
			ALLOC_GROW(*v, *nr + 1, *alloc);
			(*v)[(*nr)++] = xstrdup(pair.buf);
		}
	}
	sb_release(&pair);
}

/* Lines end as the file's first line does ("\r\n" or "\n"). */
static const char *line_end(const struct repair_ctx *c)
{
	const char *nl = strchr(c->wheel_txt.buf, '\n');

	return nl && nl > c->wheel_txt.buf && nl[-1] == '\r' ? "\r\n" : "\n";
}

static void add_tag_lines(const struct repair_ctx *c, char **pairs, size_t nr,
			  struct strbuf *out)
{
	char **plats = NULL;
	size_t np = 0, ap = 0, i, k;

	split_dots(c->tags.buf, &plats, &np, &ap);
	for (i = 0; i < nr; i++)
		for (k = 0; k < np; k++)
			sb_addf(out, "Tag: %s-%s%s", pairs[i], plats[k], line_end(c));
	free_strs(plats, np);
}

/* WHEEL with its Tag lines replaced where the first one was. */
static void new_wheel_txt(const struct repair_ctx *c, int was_any,
			  struct strbuf *out)
{
	const char *p = c->wheel_txt.buf;
	struct strbuf pair = STRBUF_INIT;
	char **pairs = NULL;
	size_t nr = 0, alloc = 0;
	int done = 0;

	tag_pairs(c, &pairs, &nr, &alloc);
	while (*p) {
		size_t n = strcspn(p, "\n");

		if (tag_pair(p, n, &pair)) {
			if (!done++)
				add_tag_lines(c, pairs, nr, out);
		} else if (was_any && n >= 16 && !strncmp(p, "Root-Is-Purelib:", 16)) {
			sb_addf(out, "Root-Is-Purelib: false%s", line_end(c));
		} else {
			sb_add(out, p, n);
			sb_addc(out, '\n');
		}
		p += n + (p[n] ? 1 : 0);
	}
	if (!done)
		add_tag_lines(c, pairs, nr, out);
	free_strs(pairs, nr);
	sb_release(&pair);
}

struct out_entry {
	const char *name;
	long member;		/* zip index, or -1 */
	long obj;		/* object index, or -1 */
	const struct strbuf *text;	/* the new WHEEL */
	int executable;
	int dist_info;
};

static int cmp_entry(const void *a, const void *b)
{
	const struct out_entry *x = a, *y = b;

	if (x->dist_info != y->dist_info)
		return x->dist_info - y->dist_info;
	return strcmp(x->name, y->name);
}

static int skipped(const struct repair_ctx *c, const char *name)
{
	size_t n = strlen(c->dist_info);

	if (strncmp(name, c->dist_info, n) || name[n] != '/')
		return 0;
	name += n + 1;
	/* RECORD is rewritten; signatures of the old one no longer hold */
	return !strcmp(name, "RECORD") || !strcmp(name, "RECORD.jws") ||
	       !strcmp(name, "RECORD.p7s");
}

static int in_dist_info(const struct repair_ctx *c, const char *name)
{
	size_t n = strlen(c->dist_info);

	return !strncmp(name, c->dist_info, n) && name[n] == '/';
}

static struct out_entry *collect(struct repair_ctx *c, const struct strbuf *wheel_txt,
				 size_t *nr, struct err *e)
{
	struct out_entry *v = xcalloc(c->zr.nr + c->nr_vendored + 1, sizeof(*v));
	long *obj_of = xcalloc(c->zr.nr + 1, sizeof(*obj_of));
	size_t i, n = 0;

	for (i = 0; i < c->zr.nr; i++)
		obj_of[i] = -1;
	for (i = 0; i < c->nr_wheel_objs; i++)
		obj_of[c->objs[i].member] = (long)i;
	for (i = 0; i < c->zr.nr; i++) {
		const struct zip_member *m = &c->zr.m[i];

		if (zip_member_is_dir(m) || skipped(c, m->name))
			continue;
		v[n].name = m->name;
		v[n].member = (long)i;
		v[n].obj = obj_of[i];
		v[n].executable = !!(m->mode & 0111);
		v[n].dist_info = in_dist_info(c, m->name);
		if ((long)i == c->wheel_member)
			v[n].text = wheel_txt;
		n++;
	}
	free(obj_of);
	for (i = 0; i < c->nr_vendored; i++) {
		struct repair_obj *o = &c->objs[c->vendored[i]];
		struct strbuf name = STRBUF_INIT;

		sb_addf(&name, "%s/%s", c->libs_dir, o->new_name);
		v[n].name = o->arcname = sb_detach(&name, NULL);
		v[n].member = -1;
		v[n].obj = (long)c->vendored[i];
		v[n].executable = !!(o->mode & 0111);
		n++;
	}
	qsort(v, n, sizeof(*v), cmp_entry);
	for (i = 1; i < n; i++)
		if (!strcmp(v[i - 1].name, v[i].name)) {
			err_at(e, c->wheel, 0, 0, "two files would be '%s' in the repaired wheel", v[i].name);
			free(v);
			return NULL;
		}
	*nr = n;
	return v;
}

/* An unchanged member: its compressed bytes copied, its digest from the read. */
static int copy_entry(struct repair_ctx *c, struct zip_writer *zw,
		      const struct out_entry *en, struct strbuf *rec,
		      struct err *e)
{
	const struct zip_member *m = &c->zr.m[en->member];
	struct strbuf raw = STRBUF_INIT;
	int rc;

	if (zip_reader_read_raw(&c->zr, (size_t)en->member, &raw, e)) {
		zip_writer_abort(zw);
		sb_release(&raw);
		return -1;
	}
	rc = zip_writer_add_raw(zw, en->name, raw.buf, raw.len, m->method, m->crc,
				m->size, en->executable, e);
	if (!rc)
		record_add_line(rec, en->name, &c->digests[en->member]);
	sb_release(&raw);
	return rc;
}

/*
 * An unchanged member with -z given: its content read again (checked by
 * the reader) and written at the asked level, as every other entry.
 */
static int recompress_entry(struct repair_ctx *c, struct zip_writer *zw,
			    const struct out_entry *en, struct strbuf *rec,
			    struct err *e)
{
	const struct zip_member *m = &c->zr.m[en->member];
	struct strbuf data = STRBUF_INIT;
	struct zip_digest d;
	int rc;

	if (zip_reader_extract_mem(&c->zr, (size_t)en->member, m->size, &data, e)) {
		zip_writer_abort(zw);
		sb_release(&data);
		return -1;
	}
	rc = zip_writer_add_mem(zw, en->name, data.buf, data.len, en->executable, &d, e);
	if (!rc)
		record_add_line(rec, en->name, &d);
	sb_release(&data);
	return rc;
}

/*
 * A large vendored library: compressed through the deflate cache, so that
 * the wheels of every interpreter of a project (and later runs) compress
 * it once; the bytes are those zip_writer_add_mem() would write.
 */
static int write_cached(struct zip_writer *zw, struct deflate_cache *dc,
			const struct out_entry *en, const struct strbuf *data,
			struct strbuf *rec, struct err *e)
{
	struct zip_deflated d;
	struct zip_digest dg;
	struct sha256 sha;
	int rc, deflated;

	sha256_init(&sha);
	sha256_update(&sha, data->buf, data->len);
	sha256_final(&sha, dg.sha256);
	dg.size = data->len;
	zip_deflated_init(&d);
	deflate_cache_get(dc, data->buf, data->len, dg.sha256, &d);
	deflated = d.method == ZIP_METHOD_DEFLATED;
	rc = zip_writer_add_raw(zw, en->name, deflated ? d.data.buf : data->buf,
				deflated ? d.data.len : data->len, d.method,
				d.crc, d.size, en->executable, e);
	if (!rc)
		record_add_line(rec, en->name, &dg);
	zip_deflated_release(&d);
	return rc;
}

static int write_entry(struct repair_ctx *c, struct zip_writer *zw,
		       struct deflate_cache *dc, const struct out_entry *en,
		       struct strbuf *rec, struct err *e)
{
	const struct strbuf *data;
	struct zip_digest d;

	if (en->text)
		data = en->text;
	else if (en->obj >= 0 && c->objs[en->obj].changed)
		data = &c->objs[en->obj].edited;
	else if (en->obj >= 0 && !c->objs[en->obj].in_wheel)
		data = &c->objs[en->obj].data;
	else if (c->opts->level >= 0)
		return recompress_entry(c, zw, en, rec, e);
	else
		return copy_entry(c, zw, en, rec, e);
	if (en->obj >= 0 && !c->objs[en->obj].in_wheel && dc->dir &&
	    data->len >= DEFLATE_CACHE_MIN_SIZE)
		return write_cached(zw, dc, en, data, rec, e);
	if (zip_writer_add_mem(zw, en->name, data->buf, data->len, en->executable, &d, e))
		return -1;
	record_add_line(rec, en->name, &d);
	return 0;
}

int repair_write(struct repair_ctx *c, struct err *e)
{
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct strbuf name = STRBUF_INIT, wheel_txt = STRBUF_INIT, rec = STRBUF_INIT;
	const char *out_dir = c->opts->out_dir ? c->opts->out_dir : "wheelhouse";
	struct out_entry *v;
	struct zip_writer zw;
	struct deflate_cache dc;
	size_t nr, i;
	int rc = -1, was_any = 0;

	for (i = 0; i < c->wn.tags.nr; i++)
		was_any |= !strcmp(c->wn.tags.v[i].platform, "any");
	new_wheel_txt(c, was_any, &wheel_txt);
	wheel_file_name(c, &name);
	path_join(&c->r->path, out_dir, name.buf);
	sb_adds(&c->r->tags, c->tags.buf);
	o.threads = c->opts->threads > 0 ? c->opts->threads : os_cpu_count();
	if (c->opts->level >= 0)
		o.level = c->opts->level;
	deflate_cache_init_default(&dc, o.level, o.threads);
	v = collect(c, &wheel_txt, &nr, e);
	if (!v || source_date_epoch(&o.epoch, e) || mkdir_p(out_dir, e) ||
	    zip_writer_open(&zw, c->r->path.buf, &o, e))
		goto out;
	for (i = 0; i < nr; i++)
		if (write_entry(c, &zw, &dc, &v[i], &rec, e))
			goto out;	/* the writer cleaned up after itself */
	record_add_self(&rec, c->dist_info);
	sb_reset(&name);
	sb_addf(&name, "%s/RECORD", c->dist_info);
	if (zip_writer_add_mem(&zw, name.buf, rec.buf, rec.len, 0, NULL, e) ||
	    zip_writer_finish(&zw, e))
		goto out;
	rc = 0;
out:
	deflate_cache_release(&dc);
	free(v);
	sb_release(&name);
	sb_release(&wheel_txt);
	sb_release(&rec);
	return rc;
}
