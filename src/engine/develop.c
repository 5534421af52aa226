#include "develop.h"
#include "../base/fs.h"
#include "../base/sha256.h"
#include "../base/xalloc.h"
#include "../core/metadata.h"
#include "record.h"
#include "../formats/record_read.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void develop_file_url(const char *path, struct strbuf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *c;

	sb_adds(out, "file://");
	for (c = (const unsigned char *)path; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("-._~/", *c)) {
			sb_addc(out, *c);
		} else {
			sb_addc(out, '%');
			sb_addc(out, hex[*c >> 4]);
			sb_addc(out, hex[*c & 15]);
		}
	}
}

/* An absolute path with "." and ".." resolved by name (no links followed). */
static void normalize(const char *path, struct strbuf *out)
{
	const char *c = path;

	sb_reset(out);
	while (*c) {
		size_t n;

		while (*c == '/')
			c++;
		n = strcspn(c, "/");
		if (!n)
			break;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			char *slash = strrchr(out->buf, '/');

			sb_setlen(out, slash ? (size_t)(slash - out->buf) : 0);
		} else if (!(n == 1 && c[0] == '.')) {
			sb_addc(out, '/');
			sb_add(out, c, n);
		}
		c += n;
	}
	if (!out->len)
		sb_addc(out, '/');
}

/* Whether path is strictly inside dir. */
static int inside(const char *path, const char *dir)
{
	struct strbuf d = STRBUF_INIT;
	int r;

	normalize(dir, &d);
	r = !strncmp(path, d.buf, d.len) && path[d.len] == '/' && path[d.len + 1];
	if (d.len == 1)		/* dir is "/" */
		r = path[1] != '\0';
	sb_release(&d);
	return r;
}

static int same_project(const struct project *p, const char *dist_info)
{
	struct strbuf want = STRBUF_INIT, have = STRBUF_INIT;
	const char *dash = strchr(dist_info, '-');
	char *name;
	int r;

	if (!dash || !ends_with(dist_info, ".dist-info"))
		return 0;
	name = xstrndup(dist_info, (size_t)(dash - dist_info));
	metadata_wheel_name(p->name, &want);
	metadata_wheel_name(name, &have);
	r = !strcmp(want.buf, have.buf);
	free(name);
	sb_release(&want);
	sb_release(&have);
	return r;
}

/* Removes dir if nothing but a __pycache__ folder is left in it. */
static void remove_if_empty(const char *dir)
{
	struct strbuf cache = STRBUF_INIT;
	struct err ignore = ERR_INIT;

	if (rmdir(dir) && (errno == ENOTEMPTY || errno == EEXIST)) {
		path_join(&cache, dir, "__pycache__");
		if (is_dir(cache.buf) && !remove_tree(cache.buf, &ignore))
			rmdir(dir);
	}
	sb_release(&cache);
	err_release(&ignore);
}

static int by_length_desc(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return la < lb ? 1 : la > lb ? -1 : 0;
}

/* The files of one installed distribution, then its .dist-info folder. */
static int uninstall_one(const struct develop_paths *dp, const char *dist_info,
			 struct err *e)
{
	struct strbuf dir = STRBUF_INIT, rec_path = STRBUF_INIT, text = STRBUF_INIT;
	struct strbuf full = STRBUF_INIT, joined = STRBUF_INIT;
	struct strlist parents = { NULL, 0, 0 };
	struct record rec = RECORD_INIT;
	size_t i;
	int rc = -1;

	path_join(&dir, dp->purelib, dist_info);
	path_join(&rec_path, dir.buf, "RECORD");
	if (is_regular_file(rec_path.buf) &&
	    (read_file(rec_path.buf, &text, e) ||
	     record_parse(&rec, text.buf, text.len, rec_path.buf, e)))
		goto out;
	for (i = 0; i < rec.n; i++) {
		sb_reset(&joined);
		path_join(&joined, dp->purelib, rec.rows[i].path);
		normalize(joined.buf, &full);
		if (!inside(full.buf, dp->purelib) && !inside(full.buf, dp->prefix))
			continue;	/* never outside the environment */
		if (unlink(full.buf) && errno != ENOENT && errno != EISDIR) {
			err_fail(e, "cannot remove '%s': %s", full.buf, strerror(errno));
			goto out;
		}
		if (inside(full.buf, dp->purelib)) {
			char *parent = path_dirname(full.buf);

			if (inside(parent, dp->purelib))
				strlist_push(&parents, parent);
			free(parent);
		}
	}
	if (remove_tree(dir.buf, e))
		goto out;
	qsort(parents.items, parents.n, sizeof(*parents.items), by_length_desc);
	for (i = 0; i < parents.n; i++)
		remove_if_empty(parents.items[i]);
	rc = 0;
out:
	strlist_release(&parents);
	record_release(&rec);
	sb_release(&dir);
	sb_release(&rec_path);
	sb_release(&text);
	sb_release(&full);
	sb_release(&joined);
	return rc;
}

int develop_uninstall(const struct project *p, const struct develop_paths *dp,
		      size_t *removed, struct err *e)
{
	struct strlist found = { NULL, 0, 0 };
	DIR *d = opendir(dp->purelib);
	struct dirent *de;
	size_t i;
	int rc = 0;

	*removed = 0;
	if (!d)
		return errno == ENOENT ? 0 : err_fail(e, "cannot open folder '%s': %s",
						      dp->purelib, strerror(errno));
	while ((de = readdir(d)))
		if (same_project(p, de->d_name))
			strlist_push(&found, de->d_name);
	closedir(d);
	for (i = 0; !rc && i < found.n; i++) {
		rc = uninstall_one(dp, found.items[i], e);
		if (!rc)
			(*removed)++;
	}
	strlist_release(&found);
	return rc;
}

static void add_install_files(const struct project *p, struct wheel_entries *es)
{
	struct strbuf dist_info = STRBUF_INIT, arc = STRBUF_INIT;
	struct wheel_entry *en;

	wheel_dist_name(p, &dist_info);
	sb_adds(&dist_info, ".dist-info");
	sb_addf(&arc, "%s/INSTALLER", dist_info.buf);
	en = wheel_entries_add(es, arc.buf);
	sb_adds(&en->data, "wheelwright\n");
	sb_reset(&arc);
	sb_addf(&arc, "%s/direct_url.json", dist_info.buf);
	en = wheel_entries_add(es, arc.buf);
	sb_reset(&arc);
	develop_file_url(p->dir, &arc);
	sb_adds(&en->data, "{\"url\": ");
	sb_add_json_str(&en->data, arc.buf);
	sb_adds(&en->data, ", \"dir_info\": {\"editable\": true}}\n");
	sb_release(&arc);
	sb_release(&dist_info);
}

static int install_entry(const struct develop_paths *dp, struct wheel_entry *en,
			 struct strbuf *rec, struct err *e)
{
	struct strbuf dest = STRBUF_INIT;
	struct zip_digest d;
	struct sha256 c;
	char *dir;
	int rc = -1;

	if (en->path && read_file(en->path, &en->data, e))
		return -1;
	path_join(&dest, dp->purelib, en->arcname);
	dir = path_dirname(dest.buf);
	if (!mkdir_p(dir, e) &&
	    !write_file_atomic(dest.buf, en->data.buf, en->data.len, e)) {
		sha256_init(&c);
		sha256_update(&c, en->data.buf, en->data.len);
		sha256_final(&c, d.sha256);
		d.size = en->data.len;
		record_add_line(rec, en->arcname, &d);
		rc = 0;
	}
	free(dir);
	sb_release(&dest);
	return rc;
}

int develop_install(const struct project *p, const struct target_build *tb,
		    const struct editable_opts *o, const struct develop_paths *dp,
		    struct err *e)
{
	struct wheel_entries es = WHEEL_ENTRIES_INIT;
	struct strbuf rec = STRBUF_INIT, name = STRBUF_INIT, dest = STRBUF_INIT;
	struct wheel_tag tag;
	size_t i;
	int rc = -1;

	if (wheel_tag_of(p, tb->target, &tag, e))
		return -1;
	editable_add_files(p, tb, o, &es);
	if (wheel_add_dist_info(p, &tag, &es, e))
		goto out;
	add_install_files(p, &es);
	for (i = 0; i < es.n; i++)
		if (install_entry(dp, &es.v[i], &rec, e))
			goto out;
	/* RECORD last: an install without one is visibly incomplete. */
	wheel_dist_name(p, &name);
	sb_adds(&name, ".dist-info");
	record_add_self(&rec, name.buf);
	sb_adds(&name, "/RECORD");
	path_join(&dest, dp->purelib, name.buf);
	rc = write_file_atomic(dest.buf, rec.buf, rec.len, e);
out:
	wheel_entries_release(&es);
	sb_release(&rec);
	sb_release(&name);
	sb_release(&dest);
	return rc;
}
