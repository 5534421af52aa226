/*
 * [project] authors and maintainers: arrays of tables with a name, an
 * email, or both. The spec asks for a name that RFC 822 allows before an
 * address and that holds no comma (the Author field joins names with
 * commas), and for a valid email address.
 */
#include "pyproject_read.h"
#include "../base/xalloc.h"

#include <string.h>

static const char *const person_keys[] = { "name", "email", NULL };

static int atom_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80 ||
	       strchr("!#$%&'*+-/=?^_`{|}~", c);
}

/* local@domain: a dot-atom local part and a dotted domain name. */
static int valid_email(const char *s)
{
	const char *at = strchr(s, '@'), *c;
	int label = 0, dots = 0;

	if (!at || at == s || strchr(at + 1, '@'))
		return 0;
	for (c = s; c < at; c++) {
		if (*c == '.' && (c == s || c + 1 == at || c[1] == '.'))
			return 0;
		if (*c != '.' && !atom_char((unsigned char)*c))
			return 0;
	}
	for (c = at + 1; *c; c++) {
		unsigned char u = (unsigned char)*c;

		if (u == '.') {
			if (!label || c[-1] == '-')
				return 0;
			label = 0;
			dots++;
		} else if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
			   (u >= '0' && u <= '9') || u >= 0x80 ||
			   (u == '-' && label)) {
			label++;
		} else {
			return 0;
		}
	}
	return label && c[-1] != '-' && dots > 0;
}

static int read_person(const struct project *p, const struct toml_value *t,
		       const char *key, struct people *out, struct err *e)
{
	const struct toml_value *name = toml_get(t, "name");
	const struct toml_value *email = toml_get(t, "email");
	struct strbuf where = STRBUF_INIT;
	struct person *who;
	const char *s;
	int rc;

	if (t->type != TOML_TABLE)
		return pp_err(p, t, e, "each of '%s' must be a table with 'name' and/or 'email', not %s",
			      key, toml_type_name(t->type));
	sb_addf(&where, "an entry of '%s'", key);
	rc = pp_check_keys(p, t, where.buf, person_keys, e);
	sb_release(&where);
	if (rc)
		return -1;
	if (!name && !email)
		return pp_err(p, t, e, "each of '%s' needs a 'name' or an 'email'", key);
	who = people_add(out);
	if (name) {
		s = pp_line(p, name, "name", e);
		if (!s)
			return -1;
		if (strchr(s, ','))
			return pp_err(p, name, e, "the name '%s' in '%s' contains a comma", s, key);
		who->name = xstrdup(s);
	}
	if (email) {
		s = pp_line(p, email, "email", e);
		if (!s)
			return -1;
		if (!valid_email(s))
			return pp_err(p, email, e, "'%s' is not a valid email address", s);
		who->email = xstrdup(s);
	}
	return 0;
}

int pyproject_read_people(const struct project *p, const struct toml_value *proj,
			  const char *key, struct people *out, struct err *e)
{
	const struct toml_value *v = toml_get(proj, key);
	size_t i;

	if (!v)
		return 0;
	if (v->type != TOML_ARRAY)
		return pp_err(p, v, e, "'%s' must be an array of tables, not %s", key,
			      toml_type_name(v->type));
	for (i = 0; i < toml_array_count(v); i++)
		if (read_person(p, toml_array_item(v, i), key, out, e))
			return -1;
	return 0;
}
