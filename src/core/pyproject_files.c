/*
 * The files a project ships beyond its modules and packages: the readme
 * and legacy license file the sdist must carry (the metadata reader has
 * read them), checks of the sdist-include / sdist-exclude globs, and what
 * the wheel installs outside the packages ([tool.wheelwright.data]). Data
 * paths are checked to stay inside the project folder here; whether they
 * exist is checked where they are packed.
 */
#include "pyproject.h"
#include "../base/pathglob.h"
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

/*
 * A file [project] names, as a path from the project folder: the metadata
 * reader (pyproject_readme.c, pyproject_license.c) has checked and read it;
 * here it is only remembered, without "./" components, for the sdist.
 */
static void take_file(const struct toml_value *v, char **out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *c;

	if (!v || v->type != TOML_STRING)
		return;
	for (c = v->u.str.ptr; *c; ) {
		size_t n = strcspn(c, "/");

		if (n && !(n == 1 && c[0] == '.')) {
			if (sb.len)
				sb_addc(&sb, '/');
			sb_add(&sb, c, n);
		}
		c += n;
		while (*c == '/')
			c++;
	}
	free(*out);
	*out = sb_detach(&sb, NULL);
}

/* sdist-include / sdist-exclude (read by pyproject.c): valid globs. */
static int check_globs(const struct project *p, const struct toml_value *v,
		       const char *key, struct err *e)
{
	size_t i;

	for (i = 0; i < toml_array_count(v); i++) {
		const struct toml_value *item = toml_array_item(v, i);
		const char *why = item->type == TOML_STRING ? pathglob_invalid(item->u.str.ptr) : NULL;

		if (why)
			return err_at(e, p->pyproject_path, item->line, item->col,
				      "'%s' has an invalid glob '%s': %s", key, item->u.str.ptr, why);
	}
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
			const char *path = NULL;

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

	v = toml_get(proj, "readme");
	take_file(v && v->type == TOML_TABLE ? toml_get(v, "file") : v, &p->readme);
	v = toml_get(proj, "license");
	take_file(v && v->type == TOML_TABLE ? toml_get(v, "file") : NULL, &p->license_file);
	if (!tool || tool->type != TOML_TABLE)
		return 0;
	if (check_globs(p, toml_get(tool, "sdist-include"), "sdist-include", e) ||
	    check_globs(p, toml_get(tool, "sdist-exclude"), "sdist-exclude", e))
		return -1;
	if ((v = toml_get(tool, "data")) && read_data(p, v, e))
		return -1;
	return 0;
}
