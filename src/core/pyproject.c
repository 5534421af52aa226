#include "pyproject.h"
#include "../base/fs.h"
#include "../base/suggest.h"
#include "../base/xalloc.h"
#include "../platform/proc.h"
#include "target.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const tool_keys[] = {
	"packages", "ext-modules", "compiler-launcher", "version-file",
	"sdist-include", "sdist-exclude", NULL,
};

static const char *const module_keys[] = {
	"name", "sources", "include-dirs", "define-macros", "undef-macros",
	"libraries", "library-dirs", "extra-compile-args", "extra-link-args",
	"limited-api", NULL,
};

/* Errors point at the value (or, for a key, at the key). */
static int err_value(struct err *e, const struct project *p,
		     const struct toml_value *v, const char *fmt, const char *what)
{
	return err_at(e, p->pyproject_path, v->line, v->col, fmt, what);
}

static int unknown_key(struct err *e, const struct project *p,
		       const struct toml_entry *en, const char *where,
		       const char *const *known)
{
	const char *close = suggest(en->key, known);

	err_at(e, p->pyproject_path, en->line, en->col, "unknown key '%s' in %s",
	       en->key, where);
	if (close)
		err_hint(e, "did you mean '%s'?", close);
	return -1;
}

static int check_keys(const struct project *p, const struct toml_value *table,
		      const char *where, const char *const *known, struct err *e)
{
	size_t i, k;

	for (i = 0; i < toml_table_count(table); i++) {
		const struct toml_entry *en = toml_table_entry(table, i);

		for (k = 0; known[k]; k++)
			if (!strcmp(en->key, known[k]))
				break;
		if (!known[k])
			return unknown_key(e, p, en, where, known);
	}
	return 0;
}

static int read_string(const struct project *p, const struct toml_value *v,
		       const char *key, char **out, struct err *e)
{
	struct strbuf msg = STRBUF_INIT;

	if (v->type != TOML_STRING) {
		sb_addf(&msg, "'%s' must be a string, not %s", key,
			toml_type_name(v->type));
		err_at(e, p->pyproject_path, v->line, v->col, "%s", msg.buf);
		sb_release(&msg);
		return -1;
	}
	if (strlen(v->u.str.ptr) != v->u.str.len)
		return err_value(e, p, v, "'%s' must not contain a NUL character", key);
	free(*out);
	*out = xstrdup(v->u.str.ptr);
	return 0;
}

static int read_strings(const struct project *p, const struct toml_value *v,
			const char *key, struct strlist *out, struct err *e)
{
	size_t i;

	if (v->type != TOML_ARRAY)
		return err_value(e, p, v, "'%s' must be an array of strings", key);
	for (i = 0; i < toml_array_count(v); i++) {
		const struct toml_value *item = toml_array_item(v, i);

		if (item->type != TOML_STRING || strlen(item->u.str.ptr) != item->u.str.len)
			return err_value(e, p, item, "'%s' must be an array of strings", key);
		strlist_push(out, item->u.str.ptr);
	}
	return 0;
}

/* A dotted Python import name: identifiers joined by '.'. */
static int valid_module_name(const char *s)
{
	int start = 1;

	for (; *s; s++) {
		if (*s == '.') {
			if (start)
				return 0;
			start = 1;
			continue;
		}
		if (!(isalpha((unsigned char)*s) || *s == '_' ||
		      (!start && isdigit((unsigned char)*s))))
			return 0;
		start = 0;
	}
	return !start;
}

static int check_limited_api(const struct project *p, const struct toml_value *v,
			     const char *s, struct err *e)
{
	int maj, min;

	if (parse_version(s, &maj, &min) || maj != 3 || min < 2)
		return err_value(e, p, v, "'limited-api' must be a version like \"3.9\", not '%s'", s);
	return 0;
}

static int read_module(struct project *p, const struct toml_value *t,
		       struct err *e)
{
	static const struct {
		const char *key;
		size_t offset;
	} lists[] = {
		{ "sources", offsetof(struct ext_module, sources) },
		{ "include-dirs", offsetof(struct ext_module, include_dirs) },
		{ "define-macros", offsetof(struct ext_module, define_macros) },
		{ "undef-macros", offsetof(struct ext_module, undef_macros) },
		{ "libraries", offsetof(struct ext_module, libraries) },
		{ "library-dirs", offsetof(struct ext_module, library_dirs) },
		{ "extra-compile-args", offsetof(struct ext_module, extra_compile_args) },
		{ "extra-link-args", offsetof(struct ext_module, extra_link_args) },
	};
	struct ext_module *m;
	const struct toml_value *v;
	size_t i;

	if (t->type != TOML_TABLE)
		return err_value(e, p, t, "each of '%s' must be a table", "ext-modules");
	if (check_keys(p, t, "[[tool.wheelwright.ext-modules]]", module_keys, e))
		return -1;
	m = project_add_module(p);
	m->line = t->line;
	v = toml_get(t, "name");
	if (!v)
		return err_value(e, p, t, "an ext-module needs a '%s'", "name");
	if (read_string(p, v, "name", &m->name, e))
		return -1;
	if (!valid_module_name(m->name))
		return err_value(e, p, v, "'%s' is not a dotted Python module name", m->name);
	for (i = 0; i + 1 < p->n_modules; i++)
		if (!strcmp(p->modules[i].name, m->name))
			return err_value(e, p, v, "module '%s' is declared twice", m->name);
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		v = toml_get(t, lists[i].key);
		if (v && read_strings(p, v, lists[i].key,
				      (struct strlist *)((char *)m + lists[i].offset), e))
			return -1;
	}
	if (!m->sources.n)
		return err_value(e, p, toml_get(t, "sources") ? toml_get(t, "sources") : t,
				 "module '%s' needs at least one source in 'sources'", m->name);
	v = toml_get(t, "limited-api");
	if (v && (read_string(p, v, "limited-api", &m->limited_api, e) ||
		  check_limited_api(p, v, m->limited_api, e)))
		return -1;
	return 0;
}

int pyproject_read_tool(struct project *p, const struct toml_value *root,
			struct err *e)
{
	const struct toml_value *tool = toml_get_path(root, "tool.wheelwright");
	const struct toml_value *v;
	size_t i;

	if (!tool)
		return 0;
	if (tool->type != TOML_TABLE)
		return err_value(e, p, tool, "'%s' must be a table", "tool.wheelwright");
	if (check_keys(p, tool, "[tool.wheelwright]", tool_keys, e))
		return -1;
	v = toml_get(tool, "packages");
	if (v && read_strings(p, v, "packages", &p->packages, e))
		return -1;
	v = toml_get(tool, "compiler-launcher");
	if (v && read_string(p, v, "compiler-launcher", &p->compiler_launcher, e))
		return -1;
	v = toml_get(tool, "ext-modules");
	if (v && v->type != TOML_ARRAY)
		return err_value(e, p, v, "'%s' must be an array of tables ([[tool.wheelwright.ext-modules]])",
				 "ext-modules");
	for (i = 0; v && i < toml_array_count(v); i++)
		if (read_module(p, toml_array_item(v, i), e))
			return -1;
	return 0;
}

int pyproject_read_project(struct project *p, const struct toml_value *root,
			   struct err *e)
{
	const struct toml_value *proj = toml_get(root, "project");
	const struct toml_value *v;

	if (!proj)
		return err_at(e, p->pyproject_path, 0, 0, "no [project] table");
	if (proj->type != TOML_TABLE)
		return err_value(e, p, proj, "'%s' must be a table", "project");
	v = toml_get(proj, "name");
	if (!v)
		return err_value(e, p, proj, "[project] needs a '%s'", "name");
	if (read_string(p, v, "name", &p->name, e))
		return -1;
	v = toml_get(proj, "version");
	if (v && read_string(p, v, "version", &p->version, e))
		return -1;
	return 0;
}

int project_load(struct project *p, const char *dir, struct err *e)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct toml_value *root = NULL;
	char *abs = os_realpath(dir);
	int rc = -1;

	if (!abs || !is_dir(abs)) {
		free(abs);
		return err_set(e, "project folder '%s' does not exist", dir);
	}
	free(p->dir);
	p->dir = abs;
	path_join(&path, dir, "pyproject.toml");
	free(p->pyproject_path);
	p->pyproject_path = xstrdup(path.buf);
	if (read_file(path.buf, &text, e))
		goto out;
	root = toml_parse(text.buf, text.len, path.buf, e);
	if (!root || pyproject_read_project(p, root, e) ||
	    pyproject_read_tool(p, root, e))
		goto out;
	rc = 0;
out:
	toml_free(root);
	sb_release(&path);
	sb_release(&text);
	return rc;
}
