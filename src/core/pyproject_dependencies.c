/*
 * [project] requires-python, dependencies and optional-dependencies:
 * Requires-Python, Requires-Dist and Provides-Extra.
 *
 * Requirements are written in packaging's normal form (pep508_format()).
 * An extra's requirements get the marker 'extra == "name"', joined to
 * their own as setuptools does: "(own) and extra == "name"", then
 * normalised, so that "a; os_name == 'nt'" in the extra "test" becomes
 * 'a; os_name == "nt" and extra == "test"'.
 */
#include "pyproject_read.h"
#include "../base/xalloc.h"
#include "../formats/pep508.h"

#include <stdlib.h>
#include <string.h>

static int blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int bad_requirement(const struct project *p, const struct toml_value *v,
			   const char *what, const char *s, size_t where,
			   struct err *e)
{
	struct strbuf msg = STRBUF_INIT;

	sb_addf(&msg, "invalid %s '%s': %s", what, s, e->msg.buf);
	if (where < strlen(s))
		sb_addf(&msg, " (at '%s')", s + where);
	pp_err(p, v, e, "%s", msg.buf);
	sb_release(&msg);
	return -1;
}

/* One piece of a specifier set: an operator and a version, nothing else. */
static int parse_one_specifier(const char *piece, struct pep508_requirement *r,
			       struct err *e)
{
	struct strbuf req = STRBUF_INIT;
	int rc;

	if (!strchr("<>=!~", *piece))
		return err_set(e, "expected an operator (==, !=, <=, >=, <, >, ~=, ===)");
	sb_addf(&req, "python%s", piece);
	rc = pep508_parse(req.buf, req.len, r, NULL, e);
	if (!rc && (r->nspecs != 1 || r->marker || r->url || r->nextras))
		rc = err_set(e, "expected one operator and a version");
	sb_release(&req);
	return rc;
}

/*
 * requires-python: a specifier set as packaging's SpecifierSet reads it
 * (comma-separated, blanks allowed, empty pieces ignored) and writes it
 * (sorted, without repeats).
 */
static int read_requires_python(const struct project *p, const struct toml_value *proj,
				struct metadata *m, struct err *e)
{
	const struct toml_value *v = toml_get(proj, "requires-python");
	struct strbuf all = STRBUF_INIT, piece = STRBUF_INIT;
	struct pep508_requirement r;
	const char *s, *c;
	int rc = 0;

	if (!v)
		return 0;
	s = pp_line(p, v, "requires-python", e);
	if (!s)
		return -1;
	pep508_requirement_init(&r);
	sb_adds(&all, "python");
	for (c = s; *c && !rc; c += *c == ',') {
		size_t n = strcspn(c, ",");

		sb_reset(&piece);
		while (n && blank(*c))
			c++, n--;
		sb_add(&piece, c, n);
		c += n;
		sb_rtrim(&piece);
		if (!piece.len)
			continue;
		if (parse_one_specifier(piece.buf, &r, e)) {
			rc = pp_err(p, v, e, "invalid version specifier '%s' in 'requires-python'",
				    piece.buf);
			err_hint(e, "a specifier is an operator and a version, like \">=3.9\"; specifiers are separated by ','");
		}
		sb_addf(&all, "%s%s", all.len > 6 ? "," : "", piece.buf);
	}
	if (!rc && all.len == 6)
		rc = pp_err(p, v, e, "'requires-python' has no version specifier");
	if (!rc && pep508_parse(all.buf, all.len, &r, NULL, e))
		rc = bad_requirement(p, v, "requires-python", s, (size_t)-1, e);
	if (!rc) {
		sb_reset(&piece);
		pep508_format(&r, &piece);
		m->requires_python = xstrdup(piece.buf + 6);
	}
	pep508_requirement_release(&r);
	sb_release(&all);
	sb_release(&piece);
	return rc;
}

/* Parses a requirement at v; with extra, adds 'extra == "extra"' to its marker. */
static int normalize_requirement(const struct project *p, const struct toml_value *v,
				 const char *extra, struct strbuf *out, struct err *e)
{
	struct pep508_requirement r;
	struct strbuf marker = STRBUF_INIT, text = STRBUF_INIT;
	const char *s = v->u.str.ptr;
	size_t where = 0;
	int rc = -1;

	pep508_requirement_init(&r);
	if (pep508_parse(s, strlen(s), &r, &where, e)) {
		bad_requirement(p, v, "requirement", s, where, e);
		goto out;
	}
	if (extra) {
		if (r.marker)
			sb_addf(&marker, "(%s) and ", r.marker);
		sb_addf(&marker, "extra == \"%s\"", extra);
		free(r.marker);
		r.marker = sb_detach(&marker, NULL);
		pep508_format(&r, &text);
		/* Once more, for packaging's normal form of the joined marker. */
		if (pep508_parse(text.buf, text.len, &r, NULL, e)) {
			bad_requirement(p, v, "requirement", s, (size_t)-1, e);
			goto out;
		}
	}
	pep508_format(&r, out);
	rc = 0;
out:
	pep508_requirement_release(&r);
	sb_release(&marker);
	sb_release(&text);
	return rc;
}

static int read_requirements(const struct project *p, const struct toml_value *v,
			     const char *key, const char *extra,
			     struct strlist *out, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (pp_strings(p, v, key, e))
		return -1;
	for (i = 0; i < toml_array_count(v); i++) {
		sb_reset(&sb);
		if (normalize_requirement(p, toml_array_item(v, i), extra, &sb, e)) {
			sb_release(&sb);
			return -1;
		}
		strlist_push(out, sb.buf);
	}
	sb_release(&sb);
	return 0;
}

/* An extra's name: a valid project name, normalised as PEP 685 says. */
static int extra_name(const struct project *p, const struct toml_entry *en,
		      struct strbuf *out, struct err *e)
{
	size_t i;

	for (i = 0; i < en->keylen; i++) {
		char c = en->key[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9');

		if (!alnum && ((c != '.' && c != '_' && c != '-') || !i || i + 1 == en->keylen))
			break;
	}
	if (!en->keylen || i < en->keylen) {
		pp_err_key(p, en, e, "invalid extra name '%s' in 'optional-dependencies'", en->key);
		return err_hint(e, "an extra's name is ASCII letters and digits, with '.', '_' or '-' between them");
	}
	pep508_canonical_name(en->key, out);
	return 0;
}

static int read_extras(const struct project *p, const struct toml_value *v,
		       struct metadata *m, struct err *e)
{
	struct strbuf name = STRBUF_INIT;
	size_t i, k;

	if (pp_table(p, v, "optional-dependencies", e))
		return -1;
	for (i = 0; i < toml_table_count(v); i++) {
		const struct toml_entry *en = toml_table_entry(v, i);
		struct extra *x;

		sb_reset(&name);
		if (extra_name(p, en, &name, e))
			goto fail;
		for (k = 0; k < m->n_extras; k++)
			if (!strcmp(m->extras[k].name, name.buf)) {
				pp_err_key(p, en, e, "the extra '%s' is the same as '%s' (both are '%s')",
					   en->key, toml_table_entry(v, k)->key, name.buf);
				goto fail;
			}
		x = metadata_add_extra(m, name.buf);
		if (read_requirements(p, en->value, "optional-dependencies", x->name,
				      &x->requires, e))
			goto fail;
	}
	sb_release(&name);
	return 0;
fail:
	sb_release(&name);
	return -1;
}

int pyproject_read_dependencies(const struct project *p,
				const struct toml_value *proj,
				struct metadata *m, struct err *e)
{
	const struct toml_value *v;

	if (read_requires_python(p, proj, m, e))
		return -1;
	v = toml_get(proj, "dependencies");
	if (v && read_requirements(p, v, "dependencies", NULL, &m->requires, e))
		return -1;
	v = toml_get(proj, "optional-dependencies");
	return v ? read_extras(p, v, m, e) : 0;
}
