/*
 * The [project] table of pyproject.toml (the "pyproject.toml
 * specification", from PEP 621 and PEP 639) into struct metadata: the
 * table itself, name, version and dynamic, and the simple fields. Fields
 * with more to them have files of their own (pyproject_*.c).
 */
#include "pyproject.h"
#include "pyproject_read.h"
#include "../base/suggest.h"
#include "../base/xalloc.h"
#include "../formats/pep440.h"

#include <stdlib.h>
#include <string.h>

static const char *const project_keys[] = {
	"name", "version", "description", "readme", "requires-python",
	"license", "license-files", "authors", "maintainers", "keywords",
	"classifiers", "urls", "scripts", "gui-scripts", "entry-points",
	"dependencies", "optional-dependencies", "dynamic", NULL,
};

/*
 * The core metadata spec's rule: ASCII letters and digits, with '.', '_'
 * and '-' inside.
 */
static int valid_name(const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++) {
		char c = s[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9');

		if (!alnum && ((c != '.' && c != '_' && c != '-') || i == 0 || i == n - 1))
			return 0;
	}
	return n > 0;
}

static int read_name(struct project *p, const struct toml_value *proj,
		     struct metadata *m, struct err *e)
{
	const struct toml_value *v = toml_get(proj, "name");
	const char *s;

	if (!v)
		return pp_err(p, proj, e, "[project] needs a '%s'", "name");
	s = pp_string(p, v, "name", e);
	if (!s)
		return -1;
	if (!valid_name(s)) {
		pp_err(p, v, e, "invalid project name '%s'", s);
		return err_hint(e, "a name is ASCII letters and digits, with '.', '_' or '-' between them");
	}
	free(m->name);
	m->name = xstrdup(s);
	return 0;
}

/* The fields listed in 'dynamic' (bit i for project_keys[i]). */
static int read_dynamic(const struct project *p, const struct toml_value *proj,
			unsigned long *dyn, struct err *e)
{
	const struct toml_value *v = toml_get(proj, "dynamic");
	size_t i, k;

	*dyn = 0;
	if (!v)
		return 0;
	if (pp_strings(p, v, "dynamic", e))
		return -1;
	for (i = 0; i < toml_array_count(v); i++) {
		const struct toml_value *item = toml_array_item(v, i);
		const char *s = item->u.str.ptr, *close;
		const struct toml_entry *given;

		if (!strcmp(s, "dynamic"))
			return pp_err(p, item, e, "'dynamic' cannot list itself");
		for (k = 0; project_keys[k]; k++)
			if (!strcmp(s, project_keys[k]))
				break;
		if (!project_keys[k]) {
			close = suggest(s, project_keys);
			pp_err(p, item, e, "'dynamic' lists '%s', which is not a [project] field", s);
			return close ? err_hint(e, "did you mean '%s'?", close) : -1;
		}
		if (!strcmp(s, "name"))
			return pp_err(p, item, e, "'name' cannot be dynamic: it must be given in [project]");
		given = toml_find_entry(proj, s, strlen(s));
		if (given)
			return pp_err(p, item, e, "'%s' is listed in 'dynamic' but also given in [project] (line %d)",
				      s, given->line);
		if (strcmp(s, "version")) {
			pp_err(p, item, e, "wheelwright cannot compute '%s' dynamically", s);
			return err_hint(e, "give '%s' in [project]; only 'version' can be dynamic (read from [tool.wheelwright] version-file)", s);
		}
		*dyn |= 1ul << k;
	}
	return 0;
}

static int read_version(struct project *p, const struct toml_value *root,
			const struct toml_value *proj, int dynamic,
			struct metadata *m, struct err *e)
{
	const struct toml_value *v = toml_get(proj, "version");
	const struct toml_value *file = toml_get_path(root, "tool.wheelwright.version-file");
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	if (file && !dynamic) {
		pp_err(p, file, e, "'version-file' is set but [project] 'version' is not dynamic");
		return err_hint(e, "remove [project] 'version' and add: dynamic = [\"version\"]");
	}
	if (dynamic) {
		if (!file) {
			pp_err(p, proj, e, "'version' is dynamic but [tool.wheelwright] has no 'version-file'");
			return err_hint(e, "add version-file = \"src/PACKAGE/__init__.py\" (or a text file) to [tool.wheelwright]");
		}
		if (pyproject_read_version_file(p, file, &sb, e))
			return -1;
	} else {
		if (!v) {
			pp_err(p, proj, e, "[project] needs a 'version'");
			return err_hint(e, "or list it in 'dynamic' and set [tool.wheelwright] version-file");
		}
		s = pp_string(p, v, "version", e);
		if (!s)
			return -1;
		if (pep440_normalize(s, strlen(s), &sb, e)) {
			sb_release(&sb);
			return pp_locate(p, v, e);
		}
	}
	free(m->version);
	m->version = sb_detach(&sb, NULL);
	return 0;
}

static int read_optional_line(const struct project *p, const struct toml_value *proj,
			      const char *key, char **out, struct err *e)
{
	const struct toml_value *v = toml_get(proj, key);
	const char *s;

	if (!v)
		return 0;
	s = pp_string(p, v, key, e);
	if (!s)
		return -1;
	if (strpbrk(s, "\r\n"))
		return pp_err(p, v, e, "'%s' must be one line", key);
	free(*out);
	*out = xstrdup(s);
	return 0;
}

/* keywords and classifiers: arrays of one-line strings. */
static int read_lines(const struct project *p, const struct toml_value *proj,
		      const char *key, struct strlist *out, struct err *e)
{
	const struct toml_value *v = toml_get(proj, key);
	size_t i;

	if (!v)
		return 0;
	if (pp_strings(p, v, key, e))
		return -1;
	for (i = 0; i < toml_array_count(v); i++) {
		const struct toml_value *item = toml_array_item(v, i);

		if (!pp_line(p, item, key, e))
			return -1;
		/* Keywords are written comma-joined into one field. */
		if (!strcmp(key, "keywords") && strchr(item->u.str.ptr, ','))
			return pp_err(p, item, e, "a keyword cannot contain a comma: '%s'",
				      item->u.str.ptr);
	}
	pp_push_strings(v, out);
	return 0;
}

static size_t utf8_length(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static int read_urls(const struct project *p, const struct toml_value *proj,
		     struct metadata *m, struct err *e)
{
	const struct toml_value *v = toml_get(proj, "urls");
	size_t i;

	if (!v)
		return 0;
	if (pp_table(p, v, "urls", e))
		return -1;
	for (i = 0; i < toml_table_count(v); i++) {
		const struct toml_entry *en = toml_table_entry(v, i);
		struct project_url *u;
		const char *url;

		if (strlen(en->key) != en->keylen || strpbrk(en->key, "\r\n") || !*en->key)
			return pp_err_key(p, en, e, "a label of 'urls' must be one line of text");
		/* Readers split "label, url" at the first comma. */
		if (strchr(en->key, ','))
			return pp_err_key(p, en, e, "the label '%s' of 'urls' contains a comma",
					  en->key);
		if (utf8_length(en->key) > 32)
			return pp_err_key(p, en, e, "the label '%s' of 'urls' is longer than 32 characters",
					  en->key);
		url = pp_line(p, en->value, "urls", e);
		if (!url)
			return -1;
		if (strpbrk(url, " \t"))
			return pp_err(p, en->value, e, "the URL of '%s' in 'urls' contains a blank: '%s'",
				      en->key, url);
		u = metadata_add_url(m);
		u->label = xstrdup(en->key);
		u->url = xstrdup(url);
	}
	return 0;
}

/* PEP 639: License :: classifiers are superseded by an expression. */
static int check_license_classifiers(const struct project *p,
				     const struct toml_value *proj,
				     const struct metadata *m, struct err *e)
{
	const struct toml_value *v = toml_get(proj, "classifiers");
	size_t i;

	if (!m->license_expression)
		return 0;
	for (i = 0; i < toml_array_count(v); i++) {
		const struct toml_value *item = toml_array_item(v, i);

		if (starts_with(item->u.str.ptr, "License ::")) {
			pp_err(p, item, e, "a 'License ::' classifier cannot be used with a license expression");
			return err_hint(e, "remove the classifier: 'license' says it (PEP 639)");
		}
	}
	return 0;
}

static int read_fields(struct project *p, const struct toml_value *root,
		       const struct toml_value *proj, struct metadata *m,
		       struct err *e)
{
	unsigned long dyn;
	const struct toml_value *v;

	if (read_name(p, proj, m, e) || read_dynamic(p, proj, &dyn, e) ||
	    read_version(p, root, proj, dyn != 0, m, e) ||
	    read_optional_line(p, proj, "description", &m->summary, e))
		return -1;
	v = toml_get(proj, "readme");
	if (v && pyproject_read_readme(p, v, m, e))
		return -1;
	if (pyproject_read_dependencies(p, proj, m, e) ||
	    pyproject_read_license(p, proj, m, e) ||
	    pyproject_read_people(p, proj, "authors", &m->authors, e) ||
	    pyproject_read_people(p, proj, "maintainers", &m->maintainers, e) ||
	    read_lines(p, proj, "keywords", &m->keywords, e) ||
	    read_lines(p, proj, "classifiers", &m->classifiers, e) ||
	    check_license_classifiers(p, proj, m, e) ||
	    read_urls(p, proj, m, e) ||
	    pyproject_read_entry_points(p, proj, m, e))
		return -1;
	return 0;
}

int pyproject_read_project(struct project *p, const struct toml_value *root,
			   struct err *e)
{
	const struct toml_value *proj = toml_get(root, "project");
	struct metadata *m;

	if (!proj) {
		err_at(e, p->pyproject_path, 0, 0, "no [project] table");
		return err_hint(e, "wheelwright reads the name and version from [project] (PEP 621)");
	}
	if (pp_table(p, proj, "project", e) ||
	    pp_check_keys(p, proj, "[project]", project_keys, e))
		return -1;
	if (p->metadata) {
		metadata_release(p->metadata);
		free(p->metadata);
	}
	m = p->metadata = xmalloc(sizeof(*m));
	metadata_init(m);
	if (read_fields(p, root, proj, m, e))
		return -1;
	free(p->name);
	p->name = xstrdup(m->name);
	free(p->version);
	p->version = xstrdup(m->version);
	return 0;
}
