#include "wheel.h"
#include "record.h"
#include "../audit/audit.h"
#include "../base/epoch.h"
#include "../base/fs.h"
#include "../base/tree.h"
#include "../base/xalloc.h"
#include "../core/linkpolicy.h"
#include "../core/metadata.h"
#include "../formats/zip_write.h"
#include "../platform/proc.h"
#include "../version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wheel_entry *wheel_entries_add(struct wheel_entries *es, const char *arcname)
{
	struct wheel_entry *en;

	ALLOC_GROW(es->v, es->n + 1, es->alloc);
	en = &es->v[es->n++];
	memset(en, 0, sizeof(*en));
	en->arcname = xstrdup(arcname);
	sb_init(&en->data);
	return en;
}

void wheel_entries_release(struct wheel_entries *es)
{
	size_t i;

	for (i = 0; i < es->n; i++) {
		free(es->v[i].arcname);
		free(es->v[i].path);
		sb_release(&es->v[i].data);
	}
	free(es->v);
	memset(es, 0, sizeof(*es));
}

static int cmp_entries(const void *a, const void *b)
{
	return strcmp(((const struct wheel_entry *)a)->arcname,
		      ((const struct wheel_entry *)b)->arcname);
}

static int is_native_file(const char *path)
{
	unsigned char m[4] = { 0 };
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (!fp)
		return 0;
	n = fread(m, 1, sizeof(m), fp);
	fclose(fp);
	if (n >= 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F')
		return 1;
	if (n >= 2 && m[0] == 'M' && m[1] == 'Z')
		return 1;
	return n >= 4 && ((m[0] == 0xfe && m[1] == 0xed && m[2] == 0xfa && (m[3] & 0xfe) == 0xce) ||
			  ((m[0] & 0xfe) == 0xce && m[1] == 0xfa && m[2] == 0xed && m[3] == 0xfe) ||
			  (m[0] == 0xca && m[1] == 0xfe && m[2] == 0xba && m[3] == 0xbe));
}

/* The native programs and libraries among the data files (paths pushed to out). */
static int native_data(const struct project *p, struct strlist *out, struct err *e)
{
	size_t i, k;

	for (i = 0; i < p->n_data; i++) {
		struct tree_files files = TREE_FILES_INIT;

		if (is_regular_file(p->data[i].path)) {
			if (is_native_file(p->data[i].path))
				strlist_push(out, p->data[i].path);
			continue;
		}
		if (!is_dir(p->data[i].path))
			continue;	/* wheel_add_data() says so, with its line */
		if (tree_files_scan(&files, p->data[i].path, e))
			return -1;
		for (k = 0; k < files.nr; k++)
			if (is_native_file(files.v[k].path))
				strlist_push(out, files.v[k].path);
		tree_files_release(&files);
	}
	return 0;
}

static int data_is_native(const struct project *p, struct err *e)
{
	struct strlist found = { NULL, 0, 0 };
	int rc = native_data(p, &found, e);

	if (!rc)
		rc = found.n != 0;
	strlist_release(&found);
	return rc;
}

int wheel_tag_of(const struct project *p, const struct target *t,
		 struct wheel_tag *tag, struct err *e)
{
	int native;

	if (p->n_modules) {
		tag->python = t->python_tag;
		tag->abi = t->abi_tag;
		tag->platform = t->platform_tag;
		tag->purelib = 0;
		return 0;
	}
	native = data_is_native(p, e);
	if (native < 0)
		return -1;
	tag->python = "py3";
	tag->abi = "none";
	tag->platform = native ? t->platform_tag : "any";
	tag->purelib = 1;
	return 0;
}

void wheel_dist_name(const struct project *p, struct strbuf *out)
{
	const char *v;

	metadata_wheel_name(p->name, out);
	sb_addc(out, '-');
	for (v = p->version; *v; v++)
		sb_addc(out, *v == '-' ? '_' : *v);
}

void wheel_file_name(const struct project *p, const struct wheel_tag *tag,
		     struct strbuf *out)
{
	wheel_dist_name(p, out);
	sb_addf(out, "-%s-%s-%s.whl", tag->python, tag->abi, tag->platform);
}

static void dist_info_dir(const struct project *p, struct strbuf *out)
{
	wheel_dist_name(p, out);
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

static int add_packages(const struct project *p, struct wheel_entries *es, struct err *e)
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
			struct wheel_entry *en;

			if (skip_package_file(files.v[k].rel))
				continue;
			sb_addf(&arc, "%s/%s", top, files.v[k].rel);
			en = wheel_entries_add(es, arc.buf);
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
			 struct wheel_entries *es)
{
	const struct strlist *files = &p->metadata->license_files;
	size_t i;

	for (i = 0; i < files->n; i++) {
		struct strbuf arc = STRBUF_INIT, path = STRBUF_INIT;
		struct wheel_entry *en;

		sb_addf(&arc, "%s/licenses/%s", dist_info, files->items[i]);
		path_join(&path, p->dir, files->items[i]);
		en = wheel_entries_add(es, arc.buf);
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

/* The error findings of the self-audit, one per line, for the message. */
static void audit_errors(const struct audit_report *r, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		if (r->v[i].severity == AUDIT_ERROR)
			sb_addf(out, "\n  %s: %s: %s", r->v[i].file, r->v[i].code,
				r->v[i].message);
}

/*
 * Invariant 4, the binaries: the modules are audited as the wheel will
 * hold them, and the wheel's platform tag is what they allow.
 */
static int audit_modules(const struct target_build *tb, const char *compat,
			 struct audit_report *r, struct strbuf *platform,
			 struct err *e)
{
	const struct target *t = tb->target;
	struct audit_opts ao = AUDIT_OPTS_INIT;
	struct audit_member *mods = xcalloc(tb->n_mods + 1, sizeof(*mods));
	struct strbuf policy = STRBUF_INIT, why = STRBUF_INIT;
	size_t i;
	int rc = -1;

	for (i = 0; i < tb->n_mods; i++) {
		mods[i].arcname = tb->mods[i].wheel_path;
		mods[i].file = tb->mods[i].file;
	}
	if (audit_compat_policy(t->platform_tag, compat, &policy, e))
		goto out;
	ao.policy = policy.len ? policy.buf : NULL;
	if (audit_built(t->python_tag, t->abi_tag, t->platform_tag, mods, tb->n_mods,
			&ao, r, e))
		goto out;
	if (audit_has_errors(r)) {
		audit_errors(r, &why);
		if (ao.policy)
			err_fail(e, "the modules do not meet '%s':%s", ao.policy, why.buf);
		else
			err_fail(e, "the wheel would not be what it says:%s", why.buf);
		goto out;
	}
	rc = audit_choose_platform(r, t->platform_tag, compat, platform, e);
out:
	free(mods);
	sb_release(&policy);
	sb_release(&why);
	return rc;
}

/*
 * A wheel without modules whose data holds native programs (wheelwright's
 * own): each program is audited as a bare binary, an error finding fails
 * the write, and the wheel gets the tag they all allow (the target's own
 * tag when they differ).
 */
static int audit_native_data(const struct project *p, const struct target *t,
			     const char *compat, struct strbuf *platform,
			     struct err *e)
{
	struct strlist files = { NULL, 0, 0 };
	struct strbuf policy = STRBUF_INIT, one = STRBUF_INIT, why = STRBUF_INIT;
	struct audit_opts ao = AUDIT_OPTS_INIT;
	size_t i;
	int rc = -1;

	if (native_data(p, &files, e) || audit_compat_policy(t->platform_tag, compat, &policy, e))
		goto out;
	ao.policy = policy.len ? policy.buf : NULL;
	for (i = 0; i < files.n; i++) {
		struct audit_report own;

		audit_report_init(&own);
		if (audit_path(files.items[i], &ao, &own, e) ||
		    (!audit_has_errors(&own) &&
		     audit_choose_platform(&own, t->platform_tag, compat, &one, e))) {
			audit_report_release(&own);
			goto out;
		}
		if (audit_has_errors(&own)) {
			audit_errors(&own, &why);
			if (ao.policy)
				err_fail(e, "data file '%s' does not meet '%s':%s",
					 files.items[i], ao.policy, why.buf);
			else
				err_fail(e, "data file '%s' would not run where the wheel says:%s",
					 files.items[i], why.buf);
			audit_report_release(&own);
			goto out;
		}
		if (i && strcmp(one.buf, platform->buf)) {
			sb_reset(platform);
			sb_adds(platform, t->platform_tag);
		} else if (!i) {
			sb_adds(platform, one.buf);
		}
		sb_reset(&one);
		audit_report_release(&own);
	}
	rc = 0;
out:
	strlist_release(&files);
	sb_release(&policy);
	sb_release(&one);
	sb_release(&why);
	return rc;
}

/* What the metadata says: licenses/, METADATA, entry_points.txt. */
static int add_metadata_files(const struct project *p, struct wheel_entries *es,
			      struct err *e)
{
	struct strbuf dist_info = STRBUF_INIT, sb = STRBUF_INIT;
	struct wheel_entry *en;
	int rc = -1;

	if (!p->metadata)
		return err_set(e, "the core metadata of '%s' was not loaded", p->name);
	dist_info_dir(p, &dist_info);
	add_licenses(p, dist_info.buf, es);
	sb_addf(&sb, "%s/METADATA", dist_info.buf);
	en = wheel_entries_add(es, sb.buf);
	if (metadata_render(p, &en->data, e))
		goto out;
	sb_reset(&sb);
	metadata_entry_points(p->metadata, &sb);
	if (sb.len) {
		struct strbuf arc = STRBUF_INIT;

		sb_addf(&arc, "%s/entry_points.txt", dist_info.buf);
		en = wheel_entries_add(es, arc.buf);
		sb_add(&en->data, sb.buf, sb.len);
		sb_release(&arc);
	}
	rc = 0;
out:
	sb_release(&sb);
	sb_release(&dist_info);
	return rc;
}

int wheel_add_dist_info(const struct project *p, const struct wheel_tag *tag,
			struct wheel_entries *es, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	struct wheel_entry *en;
	const char *plat;

	if (add_metadata_files(p, es, e))
		return -1;
	dist_info_dir(p, &sb);
	sb_adds(&sb, "/WHEEL");
	en = wheel_entries_add(es, sb.buf);
	sb_release(&sb);
	sb_addf(&en->data, "Wheel-Version: 1.0\nGenerator: wheelwright %s\n"
		"Root-Is-Purelib: %s\n", WHEELWRIGHT_VERSION,
		tag->purelib ? "true" : "false");
	for (plat = tag->platform; *plat; ) {	/* one Tag line per platform tag */
		size_t n = strcspn(plat, ".");

		sb_addf(&en->data, "Tag: %s-%s-%.*s\n", tag->python, tag->abi, (int)n, plat);
		plat += n + (plat[n] == '.');
	}
	return 0;
}

/* One data file: scripts are made executable, whatever their mode. */
static void add_data_file(struct wheel_entries *es, const char *data_dir,
			  const char *scheme, const char *name, const char *path,
			  int executable)
{
	struct strbuf arc = STRBUF_INIT;
	struct wheel_entry *en;

	sb_addf(&arc, "%s/%s/%s", data_dir, scheme, name);
	en = wheel_entries_add(es, arc.buf);
	en->path = xstrdup(path);
	en->executable = executable || !strcmp(scheme, "scripts");
	sb_release(&arc);
}

int wheel_add_data(const struct project *p, struct wheel_entries *es,
		   struct err *e)
{
	struct strbuf data_dir = STRBUF_INIT, name = STRBUF_INIT;
	size_t i, k;
	int rc = 0;

	wheel_dist_name(p, &data_dir);
	sb_adds(&data_dir, ".data");
	for (i = 0; !rc && i < p->n_data; i++) {
		const struct data_file *d = &p->data[i];
		struct tree_files files = TREE_FILES_INIT;
		char *base = path_basename(d->path);

		if (is_regular_file(d->path)) {
			add_data_file(es, data_dir.buf, d->scheme, base, d->path,
				      os_is_executable(d->path));
		} else if (!is_dir(d->path)) {
			rc = err_at(e, p->pyproject_path, d->line, d->col,
				    "data path '%s' does not exist", d->path);
		} else if (!(rc = tree_files_scan(&files, d->path, e))) {
			for (k = 0; k < files.nr; k++) {
				sb_reset(&name);
				sb_addf(&name, "%s/%s", base, files.v[k].rel);
				add_data_file(es, data_dir.buf, d->scheme, name.buf,
					      files.v[k].path, files.v[k].executable);
			}
		}
		tree_files_release(&files);
		free(base);
	}
	sb_release(&data_dir);
	sb_release(&name);
	return rc;
}

static int collect(const struct project *p, const struct target_build *tb,
		   const struct wheel_tag *tag, struct wheel_entries *es,
		   struct err *e)
{
	struct wheel_entry *en;
	size_t i;

	if (!p->metadata)
		return err_set(e, "the core metadata of '%s' was not loaded", p->name);
	for (i = 0; i < tb->n_mods; i++) {
		en = wheel_entries_add(es, tb->mods[i].wheel_path);
		en->path = xstrdup(tb->mods[i].file);
		en->executable = 1;
	}
	if (add_packages(p, es, e) || wheel_add_data(p, es, e))
		return -1;
	return wheel_add_dist_info(p, tag, es, e);
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
static int write_entries(struct zip_writer *zw, const struct wheel_entries *es,
			 const char *dist_info, int dist_pass,
			 struct strbuf *rec, struct err *e)
{
	struct zip_file_spec *specs = xcalloc(es->n + 1, sizeof(*specs));
	struct zip_digest *digests = xcalloc(es->n + 1, sizeof(*digests));
	size_t i = 0, k, run;
	int rc = 0;

	while (!rc && i < es->n) {
		const struct wheel_entry *en = &es->v[i];
		struct zip_digest d;

		if (is_dist_info(en->arcname, dist_info) != dist_pass) {
			i++;
			continue;
		}
		if (!en->path) {
			rc = zip_writer_add_mem(zw, en->arcname, en->data.buf,
						en->data.len, 0, &d, e);
			if (!rc)
				record_add_line(rec, en->arcname, &d);
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
			record_add_line(rec, specs[k].name, &digests[k]);
		i += run;
	}
	free(specs);
	free(digests);
	return rc;
}

int wheel_pack(const struct project *p, const struct wheel_tag *tag,
	       struct wheel_entries *es, const char *out_dir,
	       struct strbuf *path, struct err *e)
{
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct strbuf name = STRBUF_INIT, dist_info = STRBUF_INIT;
	struct strbuf rec = STRBUF_INIT;
	struct zip_writer zw;
	size_t i;
	int rc = -1;

	if (source_date_epoch(&o.epoch, e))
		return -1;
	/* Sorted, but the .dist-info folder last, as installers expect. */
	qsort(es->v, es->n, sizeof(*es->v), cmp_entries);
	for (i = 1; i < es->n; i++)
		if (!strcmp(es->v[i - 1].arcname, es->v[i].arcname))
			return err_fail(e, "two files would be '%s' in the wheel", es->v[i].arcname);
	o.threads = os_cpu_count();
	dist_info_dir(p, &dist_info);
	wheel_file_name(p, tag, &name);
	sb_reset(path);
	path_join(path, out_dir, name.buf);
	if (mkdir_p(out_dir, e) || zip_writer_open(&zw, path->buf, &o, e))
		goto out;
	if (write_entries(&zw, es, dist_info.buf, 0, &rec, e) ||
	    write_entries(&zw, es, dist_info.buf, 1, &rec, e))
		goto out;	/* the writer cleaned up after itself */
	record_add_self(&rec, dist_info.buf);
	sb_reset(&name);
	sb_addf(&name, "%s/RECORD", dist_info.buf);
	if (zip_writer_add_mem(&zw, name.buf, rec.buf, rec.len, 0, NULL, e) ||
	    zip_writer_finish(&zw, e))
		goto out;
	rc = 0;
out:
	sb_release(&name);
	sb_release(&dist_info);
	sb_release(&rec);
	return rc;
}

int wheel_write(const struct project *p, const struct target_build *tb,
		const char *out_dir, struct strbuf *path, struct err *e)
{
	return wheel_write_opts(p, tb, out_dir, NULL, path, e);
}

int wheel_write_opts(const struct project *p, const struct target_build *tb,
		     const char *out_dir, const struct wheel_opts *wo,
		     struct strbuf *path, struct err *e)
{
	struct wheel_entries es = WHEEL_ENTRIES_INIT;
	struct audit_report own, *report = wo && wo->audit ? wo->audit : &own;
	struct strbuf platform = STRBUF_INIT;
	struct wheel_tag tag;
	int rc = -1;

	audit_report_init(&own);
	if (check_wheel(tb, e) || wheel_tag_of(p, tb->target, &tag, e))
		goto out;
	/* The platform tag is what the audit of the binaries allows. */
	if (tb->n_mods) {
		if (audit_modules(tb, wo ? wo->compatibility : NULL, report, &platform, e))
			goto out;
		tag.platform = platform.buf;
	} else if (strcmp(tag.platform, "any")) {
		if (audit_native_data(p, tb->target, wo ? wo->compatibility : NULL,
				      &platform, e))
			goto out;
		tag.platform = platform.buf;
	}
	if (!collect(p, tb, &tag, &es, e) && !wheel_pack(p, &tag, &es, out_dir, path, e))
		rc = 0;
out:
	wheel_entries_release(&es);
	sb_release(&platform);
	audit_report_release(&own);
	return rc;
}

int wheel_write_metadata(const struct project *p, const struct target *t,
			 const char *out_dir, struct strbuf *path, struct err *e)
{
	struct wheel_entries es = WHEEL_ENTRIES_INIT;
	struct strbuf dest = STRBUF_INIT;
	size_t i;
	int rc = -1;

	/*
	 * No WHEEL: its platform tag comes from the audit of built modules,
	 * and pip needs only METADATA here.
	 */
	(void)t;
	if (add_metadata_files(p, &es, e))
		goto out;
	for (i = 0; i < es.n; i++) {
		char *dir;

		sb_reset(&dest);
		path_join(&dest, out_dir, es.v[i].arcname);
		dir = path_dirname(dest.buf);
		if (mkdir_p(dir, e)) {
			free(dir);
			goto out;
		}
		free(dir);
		/* Licenses are small: read whole, written like the rest. */
		if (es.v[i].path && read_file(es.v[i].path, &es.v[i].data, e))
			goto out;
		if (write_file_atomic(dest.buf, es.v[i].data.buf, es.v[i].data.len, e))
			goto out;
	}
	sb_reset(&dest);
	dist_info_dir(p, &dest);
	sb_reset(path);
	path_join(path, out_dir, dest.buf);
	rc = 0;
out:
	sb_release(&dest);
	wheel_entries_release(&es);
	return rc;
}
