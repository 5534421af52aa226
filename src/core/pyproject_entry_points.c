/*
 * [project] scripts, gui-scripts and entry-points: the entry points
 * (entry_points.txt) of the "Entry points" specification.
 *
 *   [project.scripts]			group console_scripts
 *   hello = "hello.cli:main"
 *   [project.entry-points."hello.plugins"]
 *   greet = "hello.plugins:Greet"
 *
 * Names follow the spec (no '=', no blanks at either end, not starting
 * with '['), group names are dotted words, and values are object
 * references "module.sub:attr.attr" with, deprecated but accepted,
 * extras " [extra1, extra2]" (as validate-pyproject checks for
 * setuptools).
 */
#include "pyproject_read.h"
#include "../base/xalloc.h"

#include <string.h>

static int word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

/* Python identifiers joined by '.', from s up to end. */
static int dotted_identifiers(const char *s, const char *end)
{
	int start = 1;

	if (s == end)
		return 0;
	for (; s < end; s++) {
		if (*s == '.') {
			if (start)
				return 0;
			start = 1;
		} else if (word_char((unsigned char)*s) && !(start && *s >= '0' && *s <= '9')) {
			start = 0;
		} else {
			return 0;
		}
	}
	return !start;
}

/* " [a, b]" at the end of a reference: names separated by commas. */
static int valid_extras(const char *s)
{
	const char *end = s + strlen(s);

	if (end[-1] != ']')
		return 0;
	for (s++, end--; s <= end; s++) {
		const char *name;

		while (*s == ' ')
			s++;
		name = s;
		while (s < end && *s != ',' && *s != ' ')
			s++;
		if (s == name || !dotted_identifiers(name, s))
			return 0;
		while (*s == ' ')
			s++;
		if (s < end && *s != ',')
			return 0;
	}
	return 1;
}

static int valid_reference(const char *value)
{
	const char *bracket = strchr(value, '[');
	const char *end = bracket ? bracket : value + strlen(value);
	const char *colon;

	if (bracket) {
		if (!valid_extras(bracket))
			return 0;
		while (end > value && end[-1] == ' ')
			end--;
	}
	colon = memchr(value, ':', end - value);
	if (!colon)
		return dotted_identifiers(value, end);
	return dotted_identifiers(value, colon) && dotted_identifiers(colon + 1, end);
}

static int valid_name(const char *s)
{
	size_t n = strlen(s);

	return n && !strchr(s, '=') && s[0] != '[' && s[0] != ' ' &&
	       s[0] != '\t' && s[n - 1] != ' ' && s[n - 1] != '\t';
}

static int valid_group(const char *s)
{
	const char *end = s + strlen(s);
	int start = 1;

	if (s == end)
		return 0;
	for (; s < end; s++) {
		if (*s == '.') {
			if (start)
				return 0;
			start = 1;
		} else if (word_char((unsigned char)*s)) {
			start = 0;
		} else {
			return 0;
		}
	}
	return !start;
}

/* The entries of one group; what names the table in messages. */
static int read_group(const struct project *p, const struct toml_value *t,
		      const char *what, const char *group, struct metadata *m,
		      struct err *e)
{
	size_t i;

	if (t->type != TOML_TABLE)
		return pp_err(p, t, e, "%s must be a table, not %s", what,
			      toml_type_name(t->type));
	for (i = 0; i < toml_table_count(t); i++) {
		const struct toml_entry *en = toml_table_entry(t, i);
		struct entry_point *ep;
		const char *value;

		if (strlen(en->key) != en->keylen || strpbrk(en->key, "\r\n") ||
		    !valid_name(en->key))
			return pp_err_key(p, en, e, "invalid entry point name '%s' in %s",
					  en->key, what);
		if (en->value->type == TOML_TABLE)
			return pp_err(p, en->value, e, "%s must map names to \"module:attr\" strings, not hold a table",
				      what);
		value = pp_line(p, en->value, "entry point", e);
		if (!value)
			return -1;
		if (!valid_reference(value)) {
			pp_err(p, en->value, e, "invalid object reference '%s' for '%s' in %s",
			       value, en->key, what);
			return err_hint(e, "an entry point is \"package.module:function\" (or \"package.module\")");
		}
		ep = metadata_add_entry_point(m);
		ep->group = xstrdup(group);
		ep->name = xstrdup(en->key);
		ep->value = xstrdup(value);
	}
	return 0;
}

static int read_groups(const struct project *p, const struct toml_value *t,
		       struct metadata *m, struct err *e)
{
	struct strbuf what = STRBUF_INIT;
	size_t i;

	if (pp_table(p, t, "entry-points", e))
		return -1;
	for (i = 0; i < toml_table_count(t); i++) {
		const struct toml_entry *en = toml_table_entry(t, i);

		if (!strcmp(en->key, "console_scripts") || !strcmp(en->key, "gui_scripts")) {
			pp_err_key(p, en, e, "'entry-points' cannot define the group '%s'", en->key);
			err_hint(e, "use [project.%s] instead",
				 !strcmp(en->key, "console_scripts") ? "scripts" : "gui-scripts");
			goto fail;
		}
		if (strlen(en->key) != en->keylen || !valid_group(en->key)) {
			pp_err_key(p, en, e, "invalid entry point group name '%s'", en->key);
			goto fail;
		}
		sb_reset(&what);
		sb_addf(&what, "the entry point group '%s'", en->key);
		if (read_group(p, en->value, what.buf, en->key, m, e))
			goto fail;
	}
	sb_release(&what);
	return 0;
fail:
	sb_release(&what);
	return -1;
}

int pyproject_read_entry_points(const struct project *p,
				const struct toml_value *proj,
				struct metadata *m, struct err *e)
{
	const struct toml_value *v;

	v = toml_get(proj, "scripts");
	if (v && read_group(p, v, "'scripts'", "console_scripts", m, e))
		return -1;
	v = toml_get(proj, "gui-scripts");
	if (v && read_group(p, v, "'gui-scripts'", "gui_scripts", m, e))
		return -1;
	v = toml_get(proj, "entry-points");
	return v ? read_groups(p, v, m, e) : 0;
}
