/*
 * The files a project ships beyond its modules and packages: what the
 * sdist must carry (readme, license files, sdist-include minus
 * sdist-exclude) and what the wheel installs outside the packages
 * ([tool.wheelwright.data]). Paths are checked to stay inside the project
 * folder here; whether they exist is checked where they are packed.
 */
#include "pyproject.h"
#include "../base/suggest.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const data_schemes[] = {
	"scripts", "headers", "data", "purelib", "platlib", NULL,
};

static int bad(struct err *e, const struct project *p, const struct toml_value *v,
	       const char *fmt, const char *what)
{
	return err_at(e, p->pyproject_path, v->line, v->col, fmt, what);
}

/* Relative, without "." or ".." components: a path inside the project. */
static int inside_project(const char *path)
{
	const char *c = path;

	if (!*path || *path == '/' || strchr(path, '\\'))
		return 0;
	while (*c) {
		size_t n = strcspn(c, "/");

		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		c += n;
		while (*c == '/')
			c++;
	}
	return 1;
}

static int get_string(const struct project *p, const struct toml_value *v,
		      const char *key, const char **out, struct err *e)
{
	if (v->type != TOML_STRING || strlen(v->u.str.ptr) != v->u.str.len)
		return bad(e, p, v, "'%s' must be a string", key);
	*out = v->u.str.ptr;
	return 0;
}

static int get_path(const struct project *p, const struct toml_value *v,
		    const char *key, const char **out, struct err *e)
{
	if (get_string(p, v, key, out, e))
		return -1;
	if (!inside_project(*out)) {
		err_at(e, p->pyproject_path, v->line, v->col,
		       "'%s' must be a path inside the project folder, not '%s'", key, *out);
		return -1;
	}
	return 0;
}

static int get_paths(const struct project *p, const struct toml_value *v,
		     const char *key, struct strlist *out, struct err *e)
{
	size_t i;

	if (v->type != TOML_ARRAY)
		return bad(e, p, v, "'%s' must be an array of strings", key);
	for (i = 0; i < toml_array_count(v); i++) {
		const char *s;

		if (get_path(p, toml_array_item(v, i), key, &s, e))
			return -1;
		strlist_push(out, s);
	}
	return 0;
}

/* readme = "README.md" or { file = "README.rst", content-type = ... } */
static int read_readme(struct project *p, const struct toml_value *v,
		       struct err *e)
{
	const char *file;

	if (v->type == TOML_TABLE) {
		v = toml_get(v, "file");
		if (!v)
			return 0;	/* { text = ... }: nothing to ship */
	}
	if (get_path(p, v, "readme", &file, e))
		return -1;
	free(p->readme);
	p->readme = xstrdup(file);
	return 0;
}

/* license = { file = "LICENSE" } (the older form) or an SPDX string. */
static int read_license(struct project *p, const struct toml_value *v,
			struct err *e)
{
	const char *file;

	if (v->type != TOML_TABLE || !(v = toml_get(v, "file")))
		return 0;
	if (get_path(p, v, "license.file", &file, e))
		return -1;
	strlist_push(&p->license_files, file);
	return 0;
}

static int read_data(struct project *p, const struct toml_value *t,
		     struct err *e)
{
	size_t i, k;

	if (t->type != TOML_TABLE)
		return bad(e, p, t, "'%s' must be a table of arrays of paths", "data");
	for (i = 0; i < toml_table_count(t); i++) {
		const struct toml_entry *en = toml_table_entry(t, i);
		const char *close;

		for (k = 0; data_schemes[k]; k++)
			if (!strcmp(en->key, data_schemes[k]))
				break;
		if (!data_schemes[k]) {
			err_at(e, p->pyproject_path, en->line, en->col,
			       "unknown wheel scheme '%s' in [tool.wheelwright.data]", en->key);
			close = suggest(en->key, data_schemes);
			if (close)
				err_hint(e, "did you mean '%s'?", close);
			else
				err_hint(e, "the schemes are scripts, headers, data, purelib and platlib");
			return -1;
		}
		if (en->value->type != TOML_ARRAY)
			return bad(e, p, en->value, "'data.%s' must be an array of paths", en->key);
		for (k = 0; k < toml_array_count(en->value); k++) {
			const struct toml_value *item = toml_array_item(en->value, k);
			struct data_file *d;
			const char *path;

			if (get_path(p, item, "data", &path, e))
				return -1;
			ALLOC_GROW(p->data, p->n_data + 1, p->alloc_data);
			d = &p->data[p->n_data++];
			d->scheme = xstrdup(en->key);
			d->path = xstrdup(path);
			d->line = item->line;
			d->col = item->col;
		}
	}
	return 0;
}

int pyproject_read_files(struct project *p, const struct toml_value *root,
			 struct err *e)
{
	const struct toml_value *proj = toml_get(root, "project");
	const struct toml_value *tool = toml_get_path(root, "tool.wheelwright");
	const struct toml_value *v;

	if (proj && proj->type == TOML_TABLE) {
		if ((v = toml_get(proj, "readme")) && read_readme(p, v, e))
			return -1;
		if ((v = toml_get(proj, "license")) && read_license(p, v, e))
			return -1;
		if ((v = toml_get(proj, "license-files")) &&
		    get_paths(p, v, "license-files", &p->license_files, e))
			return -1;
	}
	if (!tool || tool->type != TOML_TABLE)
		return 0;
	if ((v = toml_get(tool, "sdist-include")) &&
	    get_paths(p, v, "sdist-include", &p->sdist_include, e))
		return -1;
	if ((v = toml_get(tool, "sdist-exclude")) &&
	    get_paths(p, v, "sdist-exclude", &p->sdist_exclude, e))
		return -1;
	if ((v = toml_get(tool, "data")) && read_data(p, v, e))
		return -1;
	return 0;
}
