#include "pyproject.h"
#include "pyproject_read.h"
#include "../base/fs.h"
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

static int read_string(const struct project *p, const struct toml_value *v,
		       const char *key, char **out, struct err *e)
{
	const char *s = pp_string(p, v, key, e);

	if (!s)
		return -1;
	free(*out);
	*out = xstrdup(s);
	return 0;
}

static int read_strings(const struct project *p, const struct toml_value *v,
			const char *key, struct strlist *out, struct err *e)
{
	if (pp_strings(p, v, key, e))
		return -1;
	pp_push_strings(v, out);
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
		return pp_err(p, v, e, "'limited-api' must be a version like \"3.9\", not '%s'", s);
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
		return pp_err(p, t, e, "each of '%s' must be a table", "ext-modules");
	if (pp_check_keys(p, t, "[[tool.wheelwright.ext-modules]]", module_keys, e))
		return -1;
	m = project_add_module(p);
	m->line = t->line;
	v = toml_get(t, "name");
	if (!v)
		return pp_err(p, t, e, "an ext-module needs a '%s'", "name");
	if (read_string(p, v, "name", &m->name, e))
		return -1;
	if (!valid_module_name(m->name))
		return pp_err(p, v, e, "'%s' is not a dotted Python module name", m->name);
	for (i = 0; i + 1 < p->n_modules; i++)
		if (!strcmp(p->modules[i].name, m->name))
			return pp_err(p, v, e, "module '%s' is declared twice", m->name);
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		v = toml_get(t, lists[i].key);
		if (v && read_strings(p, v, lists[i].key,
				      (struct strlist *)((char *)m + lists[i].offset), e))
			return -1;
	}
	if (!m->sources.n)
		return pp_err(p, toml_get(t, "sources") ? toml_get(t, "sources") : t, e,
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
		return pp_err(p, tool, e, "'%s' must be a table", "tool.wheelwright");
	if (pp_check_keys(p, tool, "[tool.wheelwright]", tool_keys, e))
		return -1;
	v = toml_get(tool, "packages");
	if (v && read_strings(p, v, "packages", &p->packages, e))
		return -1;
	v = toml_get(tool, "compiler-launcher");
	if (v && read_string(p, v, "compiler-launcher", &p->compiler_launcher, e))
		return -1;
	v = toml_get(tool, "version-file");
	if (v && read_string(p, v, "version-file", &p->version_file, e))
		return -1;
	v = toml_get(tool, "sdist-include");
	if (v && read_strings(p, v, "sdist-include", &p->sdist_include, e))
		return -1;
	v = toml_get(tool, "sdist-exclude");
	if (v && read_strings(p, v, "sdist-exclude", &p->sdist_exclude, e))
		return -1;
	v = toml_get(tool, "ext-modules");
	if (v && v->type != TOML_ARRAY)
		return pp_err(p, v, e, "'%s' must be an array of tables ([[tool.wheelwright.ext-modules]])",
			      "ext-modules");
	for (i = 0; v && i < toml_array_count(v); i++)
		if (read_module(p, toml_array_item(v, i), e))
			return -1;
	return 0;
}

int project_load_text(struct project *p, const char *text, size_t len,
		      struct err *e)
{
	struct toml_value *root = toml_parse(text, len, p->pyproject_path, e);
	int rc = -1;

	/* [tool.wheelwright] first: a dynamic version needs its version-file. */
	if (root && !pyproject_read_tool(p, root, e) &&
	    !pyproject_read_project(p, root, e))
		rc = 0;
	toml_free(root);
	return rc;
}

int project_load(struct project *p, const char *dir, struct err *e)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	char *abs = os_realpath(dir);
	int rc = -1;

	if (!abs || !is_dir(abs)) {
		free(abs);
		return err_set(e, "project folder '%s' does not exist", dir);
	}
	free(p->dir);
	p->dir = abs;
	/* Messages name the file as the user would: "pyproject.toml" here. */
	if (strcmp(dir, "."))
		path_join(&path, dir, "pyproject.toml");
	else
		sb_adds(&path, "pyproject.toml");
	free(p->pyproject_path);
	p->pyproject_path = xstrdup(path.buf);
	if (!read_file(path.buf, &text, e))
		rc = project_load_text(p, text.buf, text.len, e);
	sb_release(&path);
	sb_release(&text);
	return rc;
}
