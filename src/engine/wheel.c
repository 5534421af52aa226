#include "wheel.h"
#include "../base/base64.h"
#include "../base/epoch.h"
#include "../base/fs.h"
#include "../base/tree.h"
#include "../base/xalloc.h"
#include "../core/linkpolicy.h"
#include "../core/metadata.h"
#include "../formats/zip_write.h"
#include "../platform/proc.h"
#include "../version.h"

#include <stdlib.h>
#include <string.h>

struct entry {
	char *arcname;
	char *path;		/* a file on disk, or NULL */
	struct strbuf data;	/* the content when path is NULL */
	int executable;
};

struct entries {
	struct entry *v;
	size_t n, alloc;
};

static struct entry *add_entry(struct entries *es, const char *arcname)
{
	struct entry *en;

	ALLOC_GROW(es->v, es->n + 1, es->alloc);
	en = &es->v[es->n++];
	memset(en, 0, sizeof(*en));
	en->arcname = xstrdup(arcname);
	sb_init(&en->data);
	return en;
}

static void entries_release(struct entries *es)
{
	size_t i;

	for (i = 0; i < es->n; i++) {
		free(es->v[i].arcname);
		free(es->v[i].path);
		sb_release(&es->v[i].data);
	}
	free(es->v);
}

static int cmp_entries(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->arcname,
		      ((const struct entry *)b)->arcname);
}

void wheel_file_name(const struct project *p, const struct target *t,
		     struct strbuf *out)
{
	const char *v;

	metadata_wheel_name(p->name, out);
	sb_addc(out, '-');
	for (v = p->version; *v; v++)
		sb_addc(out, *v == '-' ? '_' : *v);
	sb_addf(out, "-%s-%s-%s.whl", t->python_tag, t->abi_tag, t->platform_tag);
}

static void dist_info_dir(const struct project *p, struct strbuf *out)
{
	const char *v;

	metadata_wheel_name(p->name, out);
	sb_addc(out, '-');
	for (v = p->version; *v; v++)
		sb_addc(out, *v == '-' ? '_' : *v);
	sb_adds(out, ".dist-info");
}

/* Files a package folder holds that are not the package: caches, builds. */
static int skip_package_file(const char *rel)
{
	const char *base = strrchr(rel, '/');

	base = base ? base + 1 : rel;
	return strstr(rel, "__pycache__/") == rel || strstr(rel, "/__pycache__/") ||
	       ends_with(base, ".pyc") || ends_with(base, ".pyo") ||
	       ends_with(base, ".so") || ends_with(base, ".pyd") ||
	       ends_with(base, ".dll") || ends_with(base, ".dylib") ||
	       !strcmp(base, ".DS_Store");
}

static int add_packages(const struct project *p, struct entries *es, struct err *e)
{
	size_t i, k;

	for (i = 0; i < p->packages.n; i++) {
		struct tree_files files = TREE_FILES_INIT;
		char *top = path_basename(p->packages.items[i]);

		if (!is_dir(p->packages.items[i])) {
			free(top);
			return err_at(e, p->pyproject_path, 0, 0,
				      "package folder '%s' does not exist", p->packages.items[i]);
		}
		if (tree_files_scan(&files, p->packages.items[i], e)) {
			free(top);
			return -1;
		}
		for (k = 0; k < files.nr; k++) {
			struct strbuf arc = STRBUF_INIT;
			struct entry *en;

			if (skip_package_file(files.v[k].rel))
				continue;
			sb_addf(&arc, "%s/%s", top, files.v[k].rel);
			en = add_entry(es, arc.buf);
			en->path = xstrdup(files.v[k].path);
			en->executable = files.v[k].executable;
			sb_release(&arc);
		}
		tree_files_release(&files);
		free(top);
	}
	return 0;
}

/*
 * The license files of the metadata (license-files, or the default
 * patterns), under .dist-info/licenses/ by their path in the project, as
 * PEP 639 places them.
 */
static void add_licenses(const struct project *p, const char *dist_info,
			 struct entries *es)
{
	const struct strlist *files = &p->metadata->license_files;
	size_t i;

	for (i = 0; i < files->n; i++) {
		struct strbuf arc = STRBUF_INIT, path = STRBUF_INIT;
		struct entry *en;

		sb_addf(&arc, "%s/licenses/%s", dist_info, files->items[i]);
		path_join(&path, p->dir, files->items[i]);
		en = add_entry(es, arc.buf);
		en->path = sb_detach(&path, NULL);
		sb_release(&arc);
	}
}

/*
 * Invariant 4: every module is named as the target's interpreter will look
 * for it, and the wheel's tags are the configuration's.
 */
static int check_wheel(const struct target_build *tb, struct err *e)
{
	const struct target *t = tb->target;
	const struct link_policy *policy = link_policy_for(t->os);
	size_t i;

	for (i = 0; i < tb->n_mods; i++) {
		const struct built_module *m = &tb->mods[i];
		const char *want = m->abi3 && !*t->abi3 ? policy->abi3_suffix
						       : t->module_suffix;

		if (!ends_with(m->wheel_path, want))
			return err_fail(e, "module '%s' is named '%s', but a %s interpreter imports '%s' files",
					m->name, m->wheel_path, t->abi_tag, want);
		if (!is_regular_file(m->file))
			return err_fail(e, "module '%s' was not built ('%s' is missing)",
					m->name, m->file);
	}
	if (*t->abi3 && strcmp(t->abi_tag, "abi3"))
		return err_fail(e, "an abi3 build is tagged '%s'", t->abi_tag);
	return 0;
}

static void add_record_line(struct strbuf *rec, const char *arcname,
			    const struct zip_digest *d)
{
	if (strpbrk(arcname, ",\"\n\r")) {
		const char *c;

		sb_addc(rec, '"');
		for (c = arcname; *c; c++) {
			if (*c == '"')
				sb_addc(rec, '"');
			sb_addc(rec, *c);
		}
		sb_addc(rec, '"');
	} else {
		sb_adds(rec, arcname);
	}
	sb_adds(rec, ",sha256=");
	base64_urlsafe_nopad(rec, d->sha256, 32);
	sb_addf(rec, ",%llu\n", (unsigned long long)d->size);
}

static int collect(const struct project *p, const struct target_build *tb,
		   const char *dist_info, struct entries *es, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	struct entry *en;
	size_t i;

	if (!p->metadata)
		return err_set(e, "the core metadata of '%s' was not loaded", p->name);
	for (i = 0; i < tb->n_mods; i++) {
		en = add_entry(es, tb->mods[i].wheel_path);
		en->path = xstrdup(tb->mods[i].file);
		en->executable = 1;
	}
	if (add_packages(p, es, e))
		return -1;
	add_licenses(p, dist_info, es);
	sb_addf(&sb, "%s/METADATA", dist_info);
	en = add_entry(es, sb.buf);
	if (metadata_render(p, &en->data, e)) {
		sb_release(&sb);
		return -1;
	}
	sb_reset(&sb);
	metadata_entry_points(p->metadata, &sb);
	if (sb.len) {
		struct strbuf arc = STRBUF_INIT;

		sb_addf(&arc, "%s/entry_points.txt", dist_info);
		en = add_entry(es, arc.buf);
		sb_add(&en->data, sb.buf, sb.len);
		sb_release(&arc);
	}
	sb_reset(&sb);
	sb_addf(&sb, "%s/WHEEL", dist_info);
	en = add_entry(es, sb.buf);
	sb_addf(&en->data, "Wheel-Version: 1.0\nGenerator: wheelwright %s\n"
		"Root-Is-Purelib: false\nTag: %s-%s-%s\n", WHEELWRIGHT_VERSION,
		tb->target->python_tag, tb->target->abi_tag, tb->target->platform_tag);
	sb_release(&sb);
	/* Sorted, but the .dist-info folder last, as installers expect. */
	qsort(es->v, es->n, sizeof(*es->v), cmp_entries);
	for (i = 1; i < es->n; i++)
		if (!strcmp(es->v[i - 1].arcname, es->v[i].arcname))
			return err_fail(e, "two files would be '%s' in the wheel", es->v[i].arcname);
	return 0;
}

static int is_dist_info(const char *arcname, const char *dist_info)
{
	size_t n = strlen(dist_info);

	return !strncmp(arcname, dist_info, n) && arcname[n] == '/';
}

/*
 * Writes the entries of one part (the .dist-info folder or the rest), in
 * order: runs of files go through zip_writer_add_files, which deflates them
 * on all threads; the bytes are the same for any number of threads.
 */
static int write_entries(struct zip_writer *zw, const struct entries *es,
			 const char *dist_info, int dist_pass,
			 struct strbuf *rec, struct err *e)
{
	struct zip_file_spec *specs = xcalloc(es->n + 1, sizeof(*specs));
	struct zip_digest *digests = xcalloc(es->n + 1, sizeof(*digests));
	size_t i = 0, k, run;
	int rc = 0;

	while (!rc && i < es->n) {
		const struct entry *en = &es->v[i];
		struct zip_digest d;

		if (is_dist_info(en->arcname, dist_info) != dist_pass) {
			i++;
			continue;
		}
		if (!en->path) {
			rc = zip_writer_add_mem(zw, en->arcname, en->data.buf,
						en->data.len, 0, &d, e);
			if (!rc)
				add_record_line(rec, en->arcname, &d);
			i++;
			continue;
		}
		for (run = 0; i + run < es->n && es->v[i + run].path &&
		     is_dist_info(es->v[i + run].arcname, dist_info) == dist_pass; run++) {
			specs[run].name = es->v[i + run].arcname;
			specs[run].path = es->v[i + run].path;
			specs[run].executable = es->v[i + run].executable;
		}
		rc = zip_writer_add_files(zw, specs, run, digests, e);
		for (k = 0; !rc && k < run; k++)
			add_record_line(rec, specs[k].name, &digests[k]);
		i += run;
	}
	free(specs);
	free(digests);
	return rc;
}

int wheel_write(const struct project *p, const struct target_build *tb,
		const char *out_dir, struct strbuf *path, struct err *e)
{
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct strbuf name = STRBUF_INIT, dist_info = STRBUF_INIT;
	struct strbuf rec = STRBUF_INIT;
	struct entries es = { NULL, 0, 0 };
	struct zip_writer zw;
	int rc = -1;

	if (source_date_epoch(&o.epoch, e) || check_wheel(tb, e))
		return -1;
	o.threads = os_cpu_count();
	dist_info_dir(p, &dist_info);
	wheel_file_name(p, tb->target, &name);
	path_join(path, out_dir, name.buf);
	if (collect(p, tb, dist_info.buf, &es, e) || mkdir_p(out_dir, e) ||
	    zip_writer_open(&zw, path->buf, &o, e))
		goto out;
	if (write_entries(&zw, &es, dist_info.buf, 0, &rec, e) ||
	    write_entries(&zw, &es, dist_info.buf, 1, &rec, e))
		goto out;	/* the writer cleaned up after itself */
	sb_addf(&rec, "%s/RECORD,,\n", dist_info.buf);
	sb_reset(&name);
	sb_addf(&name, "%s/RECORD", dist_info.buf);
	if (zip_writer_add_mem(&zw, name.buf, rec.buf, rec.len, 0, NULL, e) ||
	    zip_writer_finish(&zw, e))
		goto out;
	rc = 0;
out:
	entries_release(&es);
	sb_release(&name);
	sb_release(&dist_info);
	sb_release(&rec);
	return rc;
}
