/*
 * A recursive-descent JSON reader that keeps every value's position, so
 * that a checker of the data (build_details.c) can point at the field.
 */
#include "json_read.h"
#include "utf8.h"
#include "../base/xalloc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 200

struct reader {
	const char *buf;
	size_t len, pos;
	int line;
	size_t line_start;
	int depth;
	const char *file;
	struct err *e;
};

static int col_at(const struct reader *r, size_t pos)
{
	size_t col = pos - r->line_start + 1;

	return col > INT_MAX ? INT_MAX : (int)col;
}

static int error_at(struct reader *r, size_t pos, const char *fmt,
		    const char *arg)
{
	return err_at(r->e, r->file, r->line, col_at(r, pos), fmt, arg);
}

/* "expected WHAT, found 'c'" (or "found end of file") at the cursor. */
static int unexpected(struct reader *r, const char *what)
{
	struct strbuf msg = STRBUF_INIT;
	unsigned char c;

	if (r->pos >= r->len) {
		sb_addf(&msg, "expected %s, found end of file", what);
	} else {
		c = (unsigned char)r->buf[r->pos];
		if (c > 0x20 && c < 0x7f)
			sb_addf(&msg, "expected %s, found '%c'", what, c);
		else
			sb_addf(&msg, "expected %s, found byte 0x%02x", what, c);
	}
	error_at(r, r->pos, "%s", msg.buf);
	sb_release(&msg);
	return -1;
}

static void skip_space(struct reader *r)
{
	while (r->pos < r->len) {
		char c = r->buf[r->pos];

		if (c == '\n') {
			r->pos++;
			if (r->line < INT_MAX)
				r->line++;
			r->line_start = r->pos;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			r->pos++;
		} else {
			break;
		}
	}
}

static int hex4(struct reader *r, size_t p, unsigned long *out)
{
	unsigned long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p + i < r->len ? r->buf[p + i] : 0;

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v |= (unsigned long)((c | 0x20) - 'a' + 10);
		else
			return 0;
	}
	*out = v;
	return 1;
}

/* \uXXXX at r->pos (the backslash), joining a surrogate pair. */
static int unicode_escape(struct reader *r, struct strbuf *out)
{
	size_t bs = r->pos;
	unsigned long hi, lo;

	if (!hex4(r, bs + 2, &hi))
		return error_at(r, bs, "truncated '%s' escape", "\\uXXXX");
	r->pos = bs + 6;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return error_at(r, bs, "lone surrogate in '%s' escape", "\\uXXXX");
	if (hi >= 0xd800 && hi <= 0xdbff) {
		if (r->pos + 1 >= r->len || r->buf[r->pos] != '\\' ||
		    r->buf[r->pos + 1] != 'u' || !hex4(r, r->pos + 2, &lo) ||
		    lo < 0xdc00 || lo > 0xdfff)
			return error_at(r, bs, "lone surrogate in '%s' escape",
					"\\uXXXX");
		r->pos += 6;
		hi = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	}
	utf8_add(out, hi);
	return 0;
}

static int escape(struct reader *r, struct strbuf *out)
{
	char c = r->pos + 1 < r->len ? r->buf[r->pos + 1] : 0;
	int v;

	switch (c) {
	case '"': case '\\': case '/': v = c; break;
	case 'b': v = '\b'; break;
	case 'f': v = '\f'; break;
	case 'n': v = '\n'; break;
	case 'r': v = '\r'; break;
	case 't': v = '\t'; break;
	case 'u': return unicode_escape(r, out);
	default:
		if (!c && r->pos + 1 >= r->len)
			return error_at(r, r->pos, "%s", "unterminated string");
		return error_at(r, r->pos, "%s", "invalid escape in string");
	}
	sb_addc(out, v);
	r->pos += 2;
	return 0;
}

/* A string whose opening quote is at r->pos. */
static int read_string(struct reader *r, struct strbuf *out)
{
	size_t start = r->pos++, n;

	for (;;) {
		unsigned char c;

		if (r->pos >= r->len)
			return error_at(r, start, "%s", "unterminated string");
		c = (unsigned char)r->buf[r->pos];
		if (c == '"')
			break;
		if (c == '\\') {
			if (escape(r, out) < 0)
				return -1;
			continue;
		}
		if (c < 0x20)
			return error_at(r, r->pos, "%s",
					c == '\n' ? "unterminated string"
						  : "control character in string");
		n = utf8_len((const unsigned char *)r->buf + r->pos,
			     r->len - r->pos);
		if (!n) {
			char hex[8];

			snprintf(hex, sizeof(hex), "0x%02x", c);
			return error_at(r, r->pos, "invalid UTF-8 byte %s", hex);
		}
		sb_add(out, r->buf + r->pos, n);
		r->pos += n;
	}
	r->pos++;
	return 0;
}

static int is_digit(const struct reader *r, size_t p)
{
	return p < r->len && r->buf[p] >= '0' && r->buf[p] <= '9';
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int read_number(struct reader *r, struct json_value *v)
{
	size_t p = r->pos;

	if (p < r->len && r->buf[p] == '-')
		p++;
	if (!is_digit(r, p)) {
		r->pos = p;
		return unexpected(r, "a digit");
	}
	if (r->buf[p] == '0' && is_digit(r, p + 1))
		return error_at(r, p, "%s", "leading zero in number");
	while (is_digit(r, p))
		p++;
	if (p < r->len && r->buf[p] == '.') {
		if (!is_digit(r, ++p)) {
			r->pos = p;
			return unexpected(r, "a digit after '.'");
		}
		while (is_digit(r, p))
			p++;
	}
	if (p < r->len && (r->buf[p] | 0x20) == 'e') {
		p++;
		if (p < r->len && (r->buf[p] == '+' || r->buf[p] == '-'))
			p++;
		if (!is_digit(r, p)) {
			r->pos = p;
			return unexpected(r, "a digit in the exponent");
		}
		while (is_digit(r, p))
			p++;
	}
	v->kind = JSON_NUMBER;
	v->text = xstrndup(r->buf + r->pos, p - r->pos);
	v->len = p - r->pos;
	r->pos = p;
	return 0;
}

static int read_word(struct reader *r, struct json_value *v)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t i, n;

	for (i = 0; i < 3; i++) {
		n = strlen(words[i]);
		if (r->len - r->pos >= n && !memcmp(r->buf + r->pos, words[i], n)) {
			v->kind = i == 2 ? JSON_NULL : JSON_BOOL;
			v->text = xstrdup(words[i]);
			v->len = n;
			r->pos += n;
			return 0;
		}
	}
	return unexpected(r, "a value");
}

static int read_value(struct reader *r, struct json_value *v);

static struct json_value *new_item(struct json_value *v)
{
	struct json_value *item;

	ALLOC_GROW(v->items, v->nr + 1, v->alloc);
	item = &v->items[v->nr++];
	memset(item, 0, sizeof(*item));
	return item;
}

/* After an element: ',' then another, or the closing bracket. Returns 1 at
 * the end, 0 when another element follows. */
static int after_element(struct reader *r, char close, const char *what)
{
	skip_space(r);
	if (r->pos < r->len && r->buf[r->pos] == close) {
		r->pos++;
		return 1;
	}
	if (r->pos < r->len && r->buf[r->pos] == ',') {
		r->pos++;
		skip_space(r);
		return 0;
	}
	return unexpected(r, what);
}

static int read_member(struct reader *r, struct json_value *obj)
{
	struct json_value *m = new_item(obj);
	struct strbuf key = STRBUF_INIT;

	if (r->pos >= r->len || r->buf[r->pos] != '"')
		return unexpected(r, "a member name in double quotes");
	if (read_string(r, &key) < 0) {
		sb_release(&key);
		return -1;
	}
	m->key = sb_detach(&key, &m->key_len);
	skip_space(r);
	if (r->pos >= r->len || r->buf[r->pos] != ':')
		return unexpected(r, "':' after the member name");
	r->pos++;
	skip_space(r);
	return read_value(r, m);
}

static int read_container(struct reader *r, struct json_value *v)
{
	char close = r->buf[r->pos] == '{' ? '}' : ']';
	int done;

	if (r->depth >= MAX_DEPTH)
		return error_at(r, r->pos, "%s", "JSON nested deeper than 200 levels");
	v->kind = close == '}' ? JSON_OBJECT : JSON_ARRAY;
	r->pos++;
	skip_space(r);
	done = r->pos < r->len && r->buf[r->pos] == close;
	if (done)
		r->pos++;
	r->depth++;
	while (!done) {
		if (close == '}' ? read_member(r, v) < 0
				 : read_value(r, new_item(v)) < 0)
			return -1;
		done = after_element(r, close, close == '}' ? "',' or '}'" : "',' or ']'");
		if (done < 0)
			return -1;
	}
	r->depth--;
	return 0;
}

static int read_value(struct reader *r, struct json_value *v)
{
	struct strbuf s = STRBUF_INIT;
	char c;

	v->line = r->line;
	v->col = col_at(r, r->pos);
	if (r->pos >= r->len)
		return unexpected(r, "a value");
	c = r->buf[r->pos];
	if (c == '{' || c == '[')
		return read_container(r, v);
	if (c == '-' || (c >= '0' && c <= '9'))
		return read_number(r, v);
	if (c != '"')
		return read_word(r, v);
	if (read_string(r, &s) < 0) {
		sb_release(&s);
		return -1;
	}
	v->kind = JSON_STRING;
	v->text = sb_detach(&s, &v->len);
	return 0;
}

int json_parse(const char *buf, size_t len, const char *file,
	       struct json_value *out, struct err *e)
{
	struct reader r = { buf, len, 0, 1, 0, 0, file, e };

	memset(out, 0, sizeof(*out));
	skip_space(&r);
	if (read_value(&r, out) == 0) {
		skip_space(&r);
		if (r.pos >= len)
			return 0;
		unexpected(&r, "end of file");
	}
	json_release(out);
	return -1;
}

void json_release(struct json_value *v)
{
	size_t i;

	for (i = 0; i < v->nr; i++)
		json_release(&v->items[i]);
	free(v->items);
	free(v->text);
	free(v->key);
	memset(v, 0, sizeof(*v));
}

const char *json_kind_name(enum json_kind kind)
{
	switch (kind) {
	case JSON_NULL: return "null";
	case JSON_BOOL: return "boolean";
	case JSON_NUMBER: return "number";
	case JSON_STRING: return "string";
	case JSON_ARRAY: return "array";
	case JSON_OBJECT: return "object";
	}
	return "?";
}

const struct json_value *json_get(const struct json_value *obj,
				  const char *key)
{
	size_t n = strlen(key), i;

	if (obj->kind != JSON_OBJECT)
		return NULL;
	for (i = obj->nr; i-- > 0;)
		if (obj->items[i].key_len == n &&
		    !memcmp(obj->items[i].key, key, n))
			return &obj->items[i];
	return NULL;
}

const struct json_value *json_get_path(const struct json_value *root,
				       const char *path)
{
	struct strbuf part = STRBUF_INIT;
	const struct json_value *v = root;
	const char *dot;

	while (v && *path) {
		dot = strchr(path, '.');
		sb_reset(&part);
		sb_add(&part, path, dot ? (size_t)(dot - path) : strlen(path));
		v = json_get(v, part.buf);
		path = dot ? dot + 1 : "";
	}
	sb_release(&part);
	return v;
}

int json_is_integer(const struct json_value *v)
{
	return v->kind == JSON_NUMBER && !strpbrk(v->text, ".eE");
}
