#include "tree.h"
#include "fs.h"
#include "strbuf.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int add_file(struct tree_files *out, const char *path,
		    const char *rel, const struct tree_filter *filter,
		    struct err *e)
{
	struct stat st;
	struct tree_file *f;

	if (stat(path, &st)) {
		if (filter && errno == ENOENT)
			return 0;	/* a dangling link in a source tree */
		return err_at(e, path, 0, 0, "cannot stat: %s", strerror(errno));
	}
	if (filter && !S_ISREG(st.st_mode))
		return 0;
	if (S_ISDIR(st.st_mode))
		return err_at(e, path, 0, 0,
			      "symbolic link to a folder is not followed");
	if (!S_ISREG(st.st_mode))
		return err_at(e, path, 0, 0,
			      "neither a regular file nor a folder");
	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	f = &out->v[out->nr++];
	f->rel = xstrdup(rel);
	f->path = xstrdup(path);
	f->size = (uint64_t)st.st_size;
	f->executable = (st.st_mode & 0111) != 0;
	return 0;
}

static int scan(struct tree_files *out, const char *dir, const char *rel,
		const struct tree_filter *f, struct err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (!d)
		return err_at(e, dir, 0, 0, "cannot open folder: %s",
			      strerror(errno));
	while (!ret && (de = readdir(d))) {
		struct strbuf path = STRBUF_INIT, sub = STRBUF_INIT;
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		path_join(&path, dir, de->d_name);
		if (*rel)
			path_join(&sub, rel, de->d_name);
		else
			sb_adds(&sub, de->d_name);
		if (lstat(path.buf, &st))
			ret = err_at(e, path.buf, 0, 0, "cannot stat: %s",
				     strerror(errno));
		else if (S_ISDIR(st.st_mode))
			ret = f && f->skip_folder &&
			      f->skip_folder(f->ctx, path.buf, sub.buf, de->d_name) ?
			      0 : scan(out, path.buf, sub.buf, f, e);
		else if (!f || !f->skip_file || !f->skip_file(f->ctx, de->d_name))
			ret = add_file(out, path.buf, sub.buf, f, e);
		sb_release(&path);
		sb_release(&sub);
	}
	closedir(d);
	return ret;
}

static int by_rel(const void *a, const void *b)
{
	return strcmp(((const struct tree_file *)a)->rel,
		      ((const struct tree_file *)b)->rel);
}

int tree_files_scan_filtered(struct tree_files *out, const char *root,
			     const struct tree_filter *filter, struct err *e)
{
	size_t before = out->nr;

	if (!is_dir(root))
		return err_at(e, root, 0, 0, "not a folder");
	if (scan(out, root, "", filter, e))
		return -1;
	qsort(out->v + before, out->nr - before, sizeof(*out->v), by_rel);
	return 0;
}

int tree_files_scan(struct tree_files *out, const char *root, struct err *e)
{
	return tree_files_scan_filtered(out, root, NULL, e);
}

void tree_files_release(struct tree_files *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		free(t->v[i].rel);
		free(t->v[i].path);
	}
	free(t->v);
	t->v = NULL;
	t->nr = t->alloc = 0;
}
