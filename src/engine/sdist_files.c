/* Which files of a project go into its sdist (the rules are in sdist.h). */
#include "sdist.h"
#include "../base/fs.h"
#include "../base/pathglob.h"
#include "../base/xalloc.h"
#include "../core/metadata.h"

#include <stdlib.h>
#include <string.h>

static const char *const header_suffixes[] = {
	".h", ".hh", ".hpp", ".hxx", ".inc", ".def", NULL,
};

static int ends_with_any(const char *s, const char *const *suffixes)
{
	size_t i;

	for (i = 0; suffixes[i]; i++)
		if (ends_with(s, suffixes[i]))
			return 1;
	return 0;
}

/* Folders never walked: version control, caches, environments, outputs. */
static int skip_folder(void *ctx, const char *path, const char *rel,
		       const char *name)
{
	static const char *const names[] = {
		".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", "__pycache__",
		".tox", ".nox", ".venv", ".mypy_cache", ".pytest_cache",
		".ruff_cache", ".cache", ".eggs", ".idea", ".vscode",
		"node_modules", NULL,
	};
	struct strbuf cfg = STRBUF_INIT;
	size_t i;
	int venv;

	(void)ctx;
	for (i = 0; names[i]; i++)
		if (!strcmp(name, names[i]))
			return 1;
	if (ends_with(name, ".egg-info"))
		return 1;
	if (!strcmp(rel, "build") || !strcmp(rel, "dist"))
		return 1;
	path_join(&cfg, path, "pyvenv.cfg");
	venv = path_exists(cfg.buf);
	sb_release(&cfg);
	return venv;
}

/* Files never packed: bytecode and editor leftovers. */
static int skip_file(void *ctx, const char *name)
{
	size_t n = strlen(name);

	(void)ctx;
	return ends_with(name, ".pyc") || ends_with(name, ".pyo") ||
	       (n && name[n - 1] == '~') || !strcmp(name, ".DS_Store") ||
	       (name[0] == '.' && (ends_with(name, ".swp") || ends_with(name, ".swo"))) ||
	       (name[0] == '#' && n > 1 && name[n - 1] == '#') ||
	       starts_with(name, ".#");
}

/* Whether rel is dir or under it ("include" takes "include/a/b.h"). */
static int under(const char *rel, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '.')
		return 1;
	return !strncmp(rel, dir, n) && (rel[n] == '\0' || rel[n] == '/');
}

static int in_list(const char *rel, const struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(rel, l->items[i]))
			return 1;
	return 0;
}

static int under_any(const char *rel, const struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->items[i][0] != '/' && under(rel, l->items[i]))
			return 1;
	return 0;
}

/* Whether pattern matches rel or one of its folders ("docs" takes docs/a/b). */
static int glob_takes(const char *pattern, const char *rel)
{
	char *copy;
	char *slash;
	int r;

	if (pathglob_match(pattern, rel))
		return 1;
	copy = xstrdup(rel);
	r = 0;
	while (!r && (slash = strrchr(copy, '/'))) {
		*slash = '\0';
		r = pathglob_match(pattern, copy);
	}
	free(copy);
	return r;
}

static int glob_any(const char *rel, const struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (glob_takes(l->items[i], rel))
			return 1;
	return 0;
}

/* Caches and built modules inside a package folder (as the wheel skips). */
static int package_junk(const char *rel)
{
	const char *base = strrchr(rel, '/');

	base = base ? base + 1 : rel;
	return ends_with(base, ".so") || ends_with(base, ".pyd") ||
	       ends_with(base, ".dll") || ends_with(base, ".dylib") ||
	       ends_with(base, ".o") || ends_with(base, ".obj");
}

static int wanted_by_module(const struct ext_module *m, const char *rel)
{
	size_t i;

	if (in_list(rel, &m->sources) || under_any(rel, &m->include_dirs) ||
	    under_any(rel, &m->library_dirs))
		return 1;
	if (!ends_with_any(rel, header_suffixes))
		return 0;
	for (i = 0; i < m->sources.n; i++) {
		char *src_dir = path_dirname(m->sources.items[i]);
		char *rel_dir = path_dirname(rel);
		int same = !strcmp(src_dir, rel_dir);

		free(src_dir);
		free(rel_dir);
		if (same)
			return 1;
	}
	return 0;
}

static int wanted(const struct project *p, const char *rel)
{
	size_t i;

	/* What reading pyproject.toml reads, then the license files. */
	if (!strcmp(rel, "pyproject.toml") || !strcmp(rel, p->readme) ||
	    !strcmp(rel, p->license_file) || !strcmp(rel, p->version_file))
		return 1;
	if (!strcmp(rel, "PKG-INFO"))
		return 0;	/* written afresh */
	if (p->metadata && in_list(rel, &p->metadata->license_files))
		return 1;
	for (i = 0; i < p->n_modules; i++)
		if (wanted_by_module(&p->modules[i], rel))
			return 1;
	for (i = 0; i < p->packages.n; i++)
		if (under(rel, p->packages.items[i]) && !package_junk(rel))
			return 1;
	for (i = 0; i < p->n_data; i++)
		if (under(rel, p->data[i].path))
			return 1;
	return glob_any(rel, &p->sdist_include);
}

/* Files named literally must be there: the build from the sdist needs them. */
static int check_named(const struct project *p, struct err *e)
{
	struct strbuf path = STRBUF_INIT;
	size_t i, k;
	int rc = 0;

	for (i = 0; !rc && i < p->n_modules; i++) {
		const struct ext_module *m = &p->modules[i];

		for (k = 0; !rc && k < m->sources.n; k++) {
			sb_reset(&path);
			path_join(&path, p->dir, m->sources.items[k]);
			if (!is_regular_file(path.buf))
				rc = err_at(e, p->pyproject_path, m->line, 0,
					    "source '%s' of module '%s' does not exist",
					    m->sources.items[k], m->name);
		}
	}
	for (i = 0; !rc && i < p->n_data; i++) {
		/* Excluded from the sdist: a build product, made from it later. */
		if (glob_any(p->data[i].path, &p->sdist_exclude))
			continue;
		sb_reset(&path);
		path_join(&path, p->dir, p->data[i].path);
		if (!path_exists(path.buf))
			rc = err_at(e, p->pyproject_path, p->data[i].line, p->data[i].col,
				    "data path '%s' does not exist", p->data[i].path);
	}
	if (!rc && *p->readme) {
		sb_reset(&path);
		path_join(&path, p->dir, p->readme);
		if (!is_regular_file(path.buf))
			rc = err_at(e, p->pyproject_path, 0, 0,
				    "readme '%s' does not exist", p->readme);
	}
	sb_release(&path);
	return rc;
}

int sdist_files(const struct project *p, struct tree_files *out, struct err *e)
{
	struct tree_filter filter = { skip_folder, skip_file, NULL };
	struct tree_files all = TREE_FILES_INIT;
	size_t i;

	if (check_named(p, e) || tree_files_scan_filtered(&all, p->dir, &filter, e)) {
		tree_files_release(&all);
		return -1;
	}
	for (i = 0; i < all.nr; i++) {
		struct tree_file *f = &all.v[i];

		/* pyproject.toml cannot be excluded: the sdist is nothing without it. */
		if (!wanted(p, f->rel) || (strcmp(f->rel, "pyproject.toml") &&
					   glob_any(f->rel, &p->sdist_exclude))) {
			free(f->rel);
			free(f->path);
			continue;
		}
		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		out->v[out->nr++] = *f;
	}
	free(all.v);
	return 0;
}
