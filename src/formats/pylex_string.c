/*
 * String and bytes literals: quotes, prefixes, escapes. Values are decoded
 * to UTF-8 (str) or raw bytes (bytes) in the token's text.
 */
#include "pylex.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

/* Reads n hex digits at *p into *value; 0 if there are fewer. */
static int read_hex(const struct pylex *lx, size_t *p, int n,
		    unsigned long *value)
{
	unsigned long v = 0;
	int i, d;

	for (i = 0; i < n; i++) {
		if (*p + i >= lx->len || (d = pylex_hex_value(lx->buf[*p + i])) < 0)
			return 0;
		v = v * 16 + (unsigned long)d;
	}
	*p += (size_t)n;
	*value = v;
	return 1;
}

static int simple_escape(int c)
{
	switch (c) {
	case '\\': case '\'': case '"': return c;
	case 'a': return '\a';
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'v': return '\v';
	default: return -1;
	}
}

/* \ooo: one to three octal digits. */
static int octal_escape(struct pylex *lx, size_t bs, size_t *p, int bytes,
			struct strbuf *out, struct err *e)
{
	unsigned long v = 0;
	int i;

	for (i = 0; i < 3 && *p < lx->len && lx->buf[*p] >= '0' &&
		    lx->buf[*p] <= '7'; i++)
		v = v * 8 + (unsigned long)(lx->buf[(*p)++] - '0');
	if (!bytes) {
		utf8_add(out, v);
		return 0;
	}
	if (v > 0xff) {
		struct strbuf esc = STRBUF_INIT;

		sb_add(&esc, lx->buf + bs, *p - bs);
		pylex_error(lx, bs, e, "octal escape '%s' is out of range for bytes",
			 esc.buf);
		sb_release(&esc);
		return -1;
	}
	sb_addc(out, (int)v);
	return 0;
}

static int unicode_escape(struct pylex *lx, size_t bs, size_t *p, int digits,
			  struct strbuf *out, struct err *e)
{
	unsigned long v;

	if (!read_hex(lx, p, digits, &v))
		return pylex_error(lx, bs, e, "truncated '%s' escape",
				digits == 4 ? "\\uXXXX" : "\\UXXXXXXXX");
	if (v > 0x10ffff)
		return pylex_error(lx, bs, e, "'%s' escape beyond U+10FFFF",
				"\\UXXXXXXXX");
	if (v >= 0xd800 && v <= 0xdfff)
		return pylex_error(lx, bs, e,
				"surrogate escape '%s' cannot be stored as UTF-8",
				digits == 4 ? "\\uXXXX" : "\\UXXXXXXXX");
	utf8_add(out, v);
	return 0;
}

/*
 * Decodes the escape whose backslash is at *p (not raw). Unknown escapes
 * keep the backslash, as Python does; the character after it is then read
 * as an ordinary one.
 */
static int lex_escape(struct pylex *lx, size_t *p, int bytes,
		      struct strbuf *out, struct err *e)
{
	size_t bs = (*p)++, nl;
	unsigned long v;
	int c, s;

	if (*p >= lx->len)
		return 0;	/* the caller reports the unterminated string */
	if ((nl = pylex_newline_len(lx, *p))) {
		*p += nl;
		pylex_new_line(lx, *p);
		return 0;
	}
	c = (unsigned char)lx->buf[*p];
	if ((s = simple_escape(c)) >= 0) {
		sb_addc(out, s);
		(*p)++;
		return 0;
	}
	if (c >= '0' && c <= '7')
		return octal_escape(lx, bs, p, bytes, out, e);
	if (c == 'x') {
		(*p)++;
		if (!read_hex(lx, p, 2, &v))
			return pylex_error(lx, bs, e, "truncated '%s' escape", "\\xXX");
		if (bytes)
			sb_addc(out, (int)v);
		else
			utf8_add(out, v);
		return 0;
	}
	if (!bytes && (c == 'u' || c == 'U')) {
		(*p)++;
		return unicode_escape(lx, bs, p, c == 'u' ? 4 : 8, out, e);
	}
	if (!bytes && c == 'N')
		return pylex_error(lx, bs, e, "'%s' escapes are not supported",
				"\\N{...}");
	sb_addc(out, '\\');
	return 0;
}

/* In a raw literal a backslash stays, but still protects a quote or a
 * backslash after it from ending the literal. */
static void raw_escape(struct pylex *lx, size_t *p, struct strbuf *out)
{
	sb_addc(out, '\\');
	(*p)++;
	if (*p < lx->len && (lx->buf[*p] == '\\' || lx->buf[*p] == '\'' ||
			     lx->buf[*p] == '"'))
		sb_addc(out, lx->buf[(*p)++]);
}

/* Whether the literal's closing quote(s) are at p. */
static int at_close(const struct pylex *lx, size_t p, int q, int triple)
{
	if (lx->buf[p] != q)
		return 0;
	return !triple || (p + 2 < lx->len && lx->buf[p + 1] == q &&
			   lx->buf[p + 2] == q);
}

/* A string literal whose opening quote is at qpos. */
int pylex_string(struct pylex *lx, size_t qpos, int raw, int bytes,
		      struct err *e)
{
	struct pytok *t = &lx->tok;
	int q = lx->buf[qpos];
	int triple = qpos + 2 < lx->len && lx->buf[qpos + 1] == q &&
		     lx->buf[qpos + 2] == q;
	size_t p = qpos + (triple ? 3 : 1), nl;
	int line = lx->line, col = pylex_col(lx, t->start);

	t->kind = bytes ? PYTOK_BYTES : PYTOK_STR;
	for (;;) {
		if (p >= lx->len || (!triple && pylex_newline_len(lx, p)))
			return err_at(e, lx->file, line, col,
				      triple ? "unterminated triple-quoted string"
					     : "unterminated string");
		if (at_close(lx, p, q, triple))
			break;
		if ((nl = pylex_newline_len(lx, p))) {
			sb_addc(&t->text, '\n');
			p += nl;
			pylex_new_line(lx, p);
		} else if (lx->buf[p] == '\\') {
			if (raw)
				raw_escape(lx, &p, &t->text);
			else if (lex_escape(lx, &p, bytes, &t->text, e) < 0)
				return -1;
		} else if (bytes && (unsigned char)lx->buf[p] >= 0x80) {
			return pylex_error(lx, p, e, "%s",
					"non-ASCII character in a bytes literal");
		} else {
			sb_addc(&t->text, lx->buf[p++]);
		}
	}
	lx->pos = p + (triple ? 3 : 1);
	return 0;
}

