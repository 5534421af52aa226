#include "pyproject_read.h"
#include "../base/fs.h"
#include "../base/suggest.h"
#include "../base/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int pp_err(const struct project *p, const struct toml_value *v,
	   struct err *e, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&msg, fmt, ap);
	va_end(ap);
	err_at(e, p->pyproject_path, v->line, v->col, "%s", msg.buf);
	sb_release(&msg);
	return -1;
}

int pp_err_key(const struct project *p, const struct toml_entry *en,
	       struct err *e, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&msg, fmt, ap);
	va_end(ap);
	err_at(e, p->pyproject_path, en->line, en->col, "%s", msg.buf);
	sb_release(&msg);
	return -1;
}

int pp_locate(const struct project *p, const struct toml_value *v,
	      struct err *e)
{
	struct strbuf msg = STRBUF_INIT, hint = STRBUF_INIT;

	sb_add(&msg, e->msg.buf, e->msg.len);
	sb_add(&hint, e->hint.buf, e->hint.len);
	err_at(e, p->pyproject_path, v->line, v->col, "%s", msg.buf);
	if (hint.len)
		err_hint(e, "%s", hint.buf);
	sb_release(&msg);
	sb_release(&hint);
	return -1;
}

int pp_check_keys(const struct project *p, const struct toml_value *table,
		  const char *where, const char *const *known, struct err *e)
{
	size_t i, k;

	for (i = 0; i < toml_table_count(table); i++) {
		const struct toml_entry *en = toml_table_entry(table, i);
		const char *close;

		for (k = 0; known[k]; k++)
			if (!strcmp(en->key, known[k]))
				break;
		if (known[k])
			continue;
		close = suggest(en->key, known);
		pp_err_key(p, en, e, "unknown key '%s' in %s", en->key, where);
		if (close)
			err_hint(e, "did you mean '%s'?", close);
		return -1;
	}
	return 0;
}

const char *pp_string(const struct project *p, const struct toml_value *v,
		      const char *key, struct err *e)
{
	if (v->type != TOML_STRING) {
		pp_err(p, v, e, "'%s' must be a string, not %s", key,
		       toml_type_name(v->type));
		return NULL;
	}
	if (strlen(v->u.str.ptr) != v->u.str.len) {
		pp_err(p, v, e, "'%s' must not contain a NUL character", key);
		return NULL;
	}
	return v->u.str.ptr;
}

const char *pp_line(const struct project *p, const struct toml_value *v,
		    const char *key, struct err *e)
{
	const char *s = pp_string(p, v, key, e);

	if (!s)
		return NULL;
	if (strpbrk(s, "\r\n")) {
		pp_err(p, v, e, "'%s' must be one line", key);
		return NULL;
	}
	if (!*s) {
		pp_err(p, v, e, "'%s' must not be empty", key);
		return NULL;
	}
	return s;
}

int pp_strings(const struct project *p, const struct toml_value *v,
	       const char *key, struct err *e)
{
	size_t i;

	if (v->type != TOML_ARRAY)
		return pp_err(p, v, e, "'%s' must be an array of strings, not %s",
			      key, toml_type_name(v->type));
	for (i = 0; i < toml_array_count(v); i++) {
		const struct toml_value *item = toml_array_item(v, i);

		if (item->type != TOML_STRING)
			return pp_err(p, item, e, "each of '%s' must be a string, not %s",
				      key, toml_type_name(item->type));
		if (!pp_string(p, item, key, e))
			return -1;
	}
	return 0;
}

void pp_push_strings(const struct toml_value *v, struct strlist *out)
{
	size_t i;

	for (i = 0; i < toml_array_count(v); i++)
		strlist_push(out, toml_array_item(v, i)->u.str.ptr);
}

int pp_table(const struct project *p, const struct toml_value *v,
	     const char *key, struct err *e)
{
	if (v->type != TOML_TABLE)
		return pp_err(p, v, e, "'%s' must be a table, not %s", key,
			      toml_type_name(v->type));
	return 0;
}

int pp_local_path(const struct project *p, const struct toml_value *v,
		  const char *rel, const char *key, struct strbuf *out,
		  struct err *e)
{
	const char *c = rel;

	if (!*rel)
		return pp_err(p, v, e, "'%s' must name a file, not be empty", key);
	if (*rel == '/' || strchr(rel, '\\'))
		return pp_err(p, v, e, "'%s' must be a relative path with '/' separators, not '%s'",
			      key, rel);
	while (*c) {
		size_t n = strcspn(c, "/");

		if (n == 2 && c[0] == '.' && c[1] == '.')
			return pp_err(p, v, e, "'%s' must stay in the project folder, not use '..': '%s'",
				      key, rel);
		c += n;
		if (*c)
			c++;
	}
	path_join(out, p->dir, rel);
	return 0;
}

int pp_utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned c = u[i], need, min, cp, k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1, min = 0x80, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2, min = 0x800, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3, min = 0x10000, cp = c & 0x07;
		else
			return 0;
		if (len - i <= need)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((u[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (u[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

/* "\r\n" and a lone "\r" become "\n", as Python's universal newlines. */
static void add_unix_lines(struct strbuf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] != '\r') {
			sb_addc(out, s[i]);
			continue;
		}
		sb_addc(out, '\n');
		if (i + 1 < len && s[i + 1] == '\n')
			i++;
	}
}

int pp_read_text(const struct project *p, const struct toml_value *v,
		 const char *rel, const char *key, struct strbuf *out,
		 struct err *e)
{
	struct strbuf path = STRBUF_INIT, raw = STRBUF_INIT;
	int rc = -1;

	if (pp_local_path(p, v, rel, key, &path, e))
		goto out;
	if (!is_regular_file(path.buf)) {
		pp_err(p, v, e, "%s file '%s' does not exist", key, rel);
		goto out;
	}
	if (read_file(path.buf, &raw, e)) {
		pp_locate(p, v, e);
		goto out;
	}
	if (memchr(raw.buf, '\0', raw.len) || !pp_utf8_valid(raw.buf, raw.len)) {
		pp_err(p, v, e, "%s file '%s' is not UTF-8 text", key, rel);
		goto out;
	}
	add_unix_lines(out, raw.buf, raw.len);
	rc = 0;
out:
	sb_release(&path);
	sb_release(&raw);
	return rc;
}
