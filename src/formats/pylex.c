/*
 * Python's lexical rules for literals: whitespace, comments, continuation
 * lines and implicit line joining inside brackets, string literals with
 * their escapes, and numbers.
 */
#include "pylex.h"
#include "utf8.h"
#include "../base/xalloc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Python refuses int <-> str conversions past 4300 digits by default. */
#define INT_DIGITS_MAX 4300

static int col_at(const struct pylex *lx, size_t pos)
{
	size_t col = pos - lx->line_start + 1;

	return col > INT_MAX ? INT_MAX : (int)col;
}

static int error_at(struct pylex *lx, size_t pos, struct err *e,
		    const char *fmt, const char *arg)
{
	return err_at(e, lx->file, lx->line, col_at(lx, pos), fmt, arg);
}

/* The length of the line break at pos: 0, 1 ("\n", "\r") or 2 ("\r\n"). */
static size_t newline_len(const struct pylex *lx, size_t pos)
{
	if (pos >= lx->len)
		return 0;
	if (lx->buf[pos] == '\n')
		return 1;
	if (lx->buf[pos] == '\r')
		return pos + 1 < lx->len && lx->buf[pos + 1] == '\n' ? 2 : 1;
	return 0;
}

/* Records that a line starts at pos. */
static void new_line(struct pylex *lx, size_t pos)
{
	if (lx->line < INT_MAX)
		lx->line++;
	lx->line_start = pos;
}

static int check_utf8(struct pylex *lx, struct err *e)
{
	const unsigned char *s = (const unsigned char *)lx->buf;
	size_t pos = lx->pos, n;
	int line = 1;
	size_t line_start = lx->line_start;

	while (pos < lx->len) {
		if (s[pos] == '\n' || (s[pos] == '\r' && newline_len(lx, pos) == 1)) {
			line++;
			line_start = pos + 1;
		}
		n = utf8_len(s + pos, lx->len - pos);
		if (!n) {
			size_t col = pos - line_start + 1;

			return err_at(e, lx->file, line,
				      col > INT_MAX ? INT_MAX : (int)col,
				      "invalid UTF-8 byte 0x%02x", s[pos]);
		}
		pos += n;
	}
	return 0;
}

int pylex_init(struct pylex *lx, const char *buf, size_t len,
	       const char *file, struct err *e)
{
	memset(lx, 0, sizeof(*lx));
	lx->buf = buf;
	lx->len = len;
	lx->line = 1;
	lx->file = file;
	sb_init(&lx->tok.text);
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		lx->pos = lx->line_start = 3;
	return check_utf8(lx, e);
}

void pylex_release(struct pylex *lx)
{
	sb_release(&lx->tok.text);
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads n hex digits at *p into *value; 0 if there are fewer. */
static int read_hex(const struct pylex *lx, size_t *p, int n,
		    unsigned long *value)
{
	unsigned long v = 0;
	int i, d;

	for (i = 0; i < n; i++) {
		if (*p + i >= lx->len || (d = hex_value(lx->buf[*p + i])) < 0)
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
		error_at(lx, bs, e, "octal escape '%s' is out of range for bytes",
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
		return error_at(lx, bs, e, "truncated '%s' escape",
				digits == 4 ? "\\uXXXX" : "\\UXXXXXXXX");
	if (v > 0x10ffff)
		return error_at(lx, bs, e, "'%s' escape beyond U+10FFFF",
				"\\UXXXXXXXX");
	if (v >= 0xd800 && v <= 0xdfff)
		return error_at(lx, bs, e,
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
	if ((nl = newline_len(lx, *p))) {
		*p += nl;
		new_line(lx, *p);
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
			return error_at(lx, bs, e, "truncated '%s' escape", "\\xXX");
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
		return error_at(lx, bs, e, "'%s' escapes are not supported",
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
static int lex_string(struct pylex *lx, size_t qpos, int raw, int bytes,
		      struct err *e)
{
	struct pytok *t = &lx->tok;
	int q = lx->buf[qpos];
	int triple = qpos + 2 < lx->len && lx->buf[qpos + 1] == q &&
		     lx->buf[qpos + 2] == q;
	size_t p = qpos + (triple ? 3 : 1), nl;
	int line = lx->line, col = col_at(lx, t->start);

	t->kind = bytes ? PYTOK_BYTES : PYTOK_STR;
	for (;;) {
		if (p >= lx->len || (!triple && newline_len(lx, p)))
			return err_at(e, lx->file, line, col,
				      triple ? "unterminated triple-quoted string"
					     : "unterminated string");
		if (at_close(lx, p, q, triple))
			break;
		if ((nl = newline_len(lx, p))) {
			sb_addc(&t->text, '\n');
			p += nl;
			new_line(lx, p);
		} else if (lx->buf[p] == '\\') {
			if (raw)
				raw_escape(lx, &p, &t->text);
			else if (lex_escape(lx, &p, bytes, &t->text, e) < 0)
				return -1;
		} else if (bytes && (unsigned char)lx->buf[p] >= 0x80) {
			return error_at(lx, p, e, "%s",
					"non-ASCII character in a bytes literal");
		} else {
			sb_addc(&t->text, lx->buf[p++]);
		}
	}
	lx->pos = p + (triple ? 3 : 1);
	return 0;
}

static int is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* A name, or the prefix of a string literal when a quote follows it. */
static int lex_name(struct pylex *lx, struct err *e)
{
	struct pytok *t = &lx->tok;
	size_t p = lx->pos, i, n;
	int raw = 0, bytes = 0, other = 0;

	while (p < lx->len && is_name_char((unsigned char)lx->buf[p]))
		p++;
	n = p - lx->pos;
	if (p >= lx->len || (lx->buf[p] != '\'' && lx->buf[p] != '"')) {
		t->kind = PYTOK_NAME;
		sb_add(&t->text, lx->buf + lx->pos, n);
		lx->pos = p;
		return 0;
	}
	for (i = 0; i < n; i++) {
		int c = lx->buf[lx->pos + i] | 0x20;

		if (c == 'r')
			raw++;
		else if (c == 'b')
			bytes++;
		else if (c != 'u' || n != 1)
			other = c;
	}
	if (other == 'f' || other == 't')
		return error_at(lx, lx->pos, e, "%s-strings are not literals",
				other == 'f' ? "f" : "t");
	if (other || raw > 1 || bytes > 1) {
		struct strbuf name = STRBUF_INIT;

		sb_add(&name, lx->buf + lx->pos, n);
		error_at(lx, lx->pos, e, "invalid string prefix '%s'", name.buf);
		sb_release(&name);
		return -1;
	}
	return lex_string(lx, p, raw, bytes, e);
}

static int digit_ok(int c, int base)
{
	int v = hex_value(c);

	return v >= 0 && v < base;
}

/*
 * Digits of base at *p into out, with single underscores between them
 * (and, when lead_ok, before the first: "0x_ff").
 */
static void scan_digits(const struct pylex *lx, size_t *p, int base,
			int lead_ok, struct strbuf *out)
{
	int seen = lead_ok;

	while (*p < lx->len) {
		int c = (unsigned char)lx->buf[*p];

		if (digit_ok(c, base)) {
			sb_addc(out, c);
			seen = 1;
			(*p)++;
		} else if (c == '_' && seen && *p + 1 < lx->len &&
			   digit_ok((unsigned char)lx->buf[*p + 1], base)) {
			(*p)++;
		} else {
			break;
		}
	}
}

/* Rewrites the digits (of base) in sb as decimal. */
static void to_decimal(struct strbuf *sb, int base)
{
	unsigned char *dec = xmalloc(st_add(st_mult(sb->len, 2), 1));
	size_t n = 1, i, j;

	dec[0] = 0;	/* little-endian decimal digits */
	for (i = 0; i < sb->len; i++) {
		unsigned carry = (unsigned)hex_value(sb->buf[i]);

		for (j = 0; j < n; j++) {
			unsigned v = dec[j] * (unsigned)base + carry;

			dec[j] = (unsigned char)(v % 10);
			carry = v / 10;
		}
		while (carry) {
			dec[n++] = (unsigned char)(carry % 10);
			carry /= 10;
		}
	}
	while (n > 1 && dec[n - 1] == 0)
		n--;
	sb_reset(sb);
	for (j = n; j-- > 0;)
		sb_addc(sb, '0' + dec[j]);
	free(dec);
}

static int lex_based_int(struct pylex *lx, struct err *e)
{
	struct pytok *t = &lx->tok;
	size_t p = lx->pos + 2;
	int x = lx->buf[lx->pos + 1] | 0x20;
	int base = x == 'x' ? 16 : x == 'o' ? 8 : 2;
	const char *what = x == 'x' ? "hexadecimal" : x == 'o' ? "octal" : "binary";

	scan_digits(lx, &p, base, 1, &t->text);
	if (!t->text.len || (p < lx->len && is_name_char((unsigned char)lx->buf[p])))
		return error_at(lx, p, e, "invalid %s literal", what);
	if (t->text.len > INT_DIGITS_MAX)
		return error_at(lx, lx->pos, e, "integer literal has more than %s digits",
				"4300");
	to_decimal(&t->text, base);
	t->kind = PYTOK_INT;
	lx->pos = p;
	return 0;
}

/* Drops leading zeros of a decimal integer; "00" is 0 but "01" is not
 * a Python literal. */
static int normalize_decimal(struct pylex *lx, struct err *e)
{
	struct strbuf *sb = &lx->tok.text;
	size_t z = 0;

	while (z + 1 < sb->len && sb->buf[z] == '0')
		z++;
	if (z && sb->buf[z] != '0')
		return error_at(lx, lx->pos, e, "%s",
				"leading zeros in decimal integer literals are not permitted");
	if (sb->len - z > INT_DIGITS_MAX)
		return error_at(lx, lx->pos, e, "integer literal has more than %s digits",
				"4300");
	memmove(sb->buf, sb->buf + z, sb->len - z);
	sb_setlen(sb, sb->len - z);
	return 0;
}

static int lex_number(struct pylex *lx, struct err *e)
{
	struct pytok *t = &lx->tok;
	size_t p = lx->pos;
	int is_float = 0;

	if (lx->buf[p] == '0' && p + 1 < lx->len) {
		int x = lx->buf[p + 1] | 0x20;

		if (x == 'x' || x == 'o' || x == 'b')
			return lex_based_int(lx, e);
	}
	scan_digits(lx, &p, 10, 0, &t->text);
	if (p < lx->len && lx->buf[p] == '.') {
		is_float = 1;
		sb_addc(&t->text, lx->buf[p++]);
		scan_digits(lx, &p, 10, 0, &t->text);
	}
	if (p < lx->len && (lx->buf[p] | 0x20) == 'e') {
		size_t digits;

		is_float = 1;
		sb_addc(&t->text, lx->buf[p++]);
		if (p < lx->len && (lx->buf[p] == '+' || lx->buf[p] == '-'))
			sb_addc(&t->text, lx->buf[p++]);
		digits = t->text.len;
		scan_digits(lx, &p, 10, 0, &t->text);
		if (t->text.len == digits)
			return error_at(lx, p, e, "%s", "invalid float literal");
	}
	if (p < lx->len && (lx->buf[p] | 0x20) == 'j')
		return error_at(lx, lx->pos, e, "%s",
				"complex numbers are not supported");
	if (p < lx->len && is_name_char((unsigned char)lx->buf[p]))
		return error_at(lx, p, e, "%s", "invalid decimal literal");
	t->kind = is_float ? PYTOK_FLOAT : PYTOK_INT;
	if (!is_float && normalize_decimal(lx, e) < 0)
		return -1;
	lx->pos = p;
	return 0;
}

/* Skips spaces, comments and continuation lines; inside brackets, line
 * breaks too. Returns 1 when it stopped at a line break that ends a
 * logical line. */
static int skip_space(struct pylex *lx, struct err *e)
{
	size_t nl;

	while (lx->pos < lx->len) {
		int c = lx->buf[lx->pos];

		if (c == ' ' || c == '\t' || c == '\f') {
			lx->pos++;
		} else if (c == '#') {
			while (lx->pos < lx->len && !newline_len(lx, lx->pos))
				lx->pos++;
		} else if (c == '\\') {
			if (!(nl = newline_len(lx, lx->pos + 1)))
				return error_at(lx, lx->pos, e, "%s",
						"unexpected character after line continuation");
			lx->pos += 1 + nl;
			new_line(lx, lx->pos);
		} else if ((nl = newline_len(lx, lx->pos))) {
			if (lx->depth == 0 && lx->in_line)
				return 1;
			lx->pos += nl;
			new_line(lx, lx->pos);
		} else {
			break;
		}
	}
	return 0;
}

static int lex_op(struct pylex *lx, struct err *e)
{
	int c = (unsigned char)lx->buf[lx->pos];
	size_t n;

	switch (c) {
	case '(': case '[': case '{':
		lx->depth++;
		break;
	case ')': case ']': case '}':
		if (lx->depth > 0)
			lx->depth--;
		break;
	case ',': case ':': case '=': case ';': case '-': case '+':
		break;
	default:
		if (c >= 0x80) {
			struct strbuf ch = STRBUF_INIT;

			n = utf8_len((const unsigned char *)lx->buf + lx->pos,
				     lx->len - lx->pos);
			sb_add(&ch, lx->buf + lx->pos, n ? n : 1);
			error_at(lx, lx->pos, e, "unexpected character '%s'", ch.buf);
			sb_release(&ch);
			return -1;
		}
		if (c < 0x20 || c == 0x7f) {
			char hex[8];

			snprintf(hex, sizeof(hex), "\\x%02x", c);
			return error_at(lx, lx->pos, e, "unexpected character '%s'", hex);
		}
		{
			char ch[2] = { (char)c, 0 };

			return error_at(lx, lx->pos, e, "unexpected character '%s'", ch);
		}
	}
	lx->tok.kind = PYTOK_OP;
	lx->tok.op = c;
	lx->pos++;
	return 0;
}

static int lex_token(struct pylex *lx, struct err *e)
{
	int c = (unsigned char)lx->buf[lx->pos];

	if (is_name_start(c))
		return lex_name(lx, e);
	if ((c >= '0' && c <= '9') ||
	    (c == '.' && lx->pos + 1 < lx->len && lx->buf[lx->pos + 1] >= '0' &&
	     lx->buf[lx->pos + 1] <= '9'))
		return lex_number(lx, e);
	if (c == '\'' || c == '"')
		return lex_string(lx, lx->pos, 0, 0, e);
	return lex_op(lx, e);
}

int pylex_next(struct pylex *lx, struct err *e)
{
	struct pytok *t = &lx->tok;
	int r = skip_space(lx, e);

	if (r < 0)
		return -1;
	sb_reset(&t->text);
	t->op = 0;
	t->start = lx->pos;
	t->line = lx->line;
	t->col = col_at(lx, lx->pos);
	if (r == 1) {
		t->kind = PYTOK_NEWLINE;
		lx->pos += newline_len(lx, lx->pos);
		new_line(lx, lx->pos);
		lx->in_line = 0;
	} else if (lx->pos >= lx->len) {
		t->kind = PYTOK_EOF;
	} else {
		if (lex_token(lx, e) < 0)
			return -1;
		lx->in_line = 1;
	}
	t->end = lx->pos;
	t->src = lx->buf + t->start;
	t->src_len = t->end - t->start;
	return 0;
}

void pylex_describe(const struct pytok *t, struct strbuf *out)
{
	switch (t->kind) {
	case PYTOK_EOF:
		sb_adds(out, "end of file");
		break;
	case PYTOK_NEWLINE:
		sb_adds(out, "end of line");
		break;
	case PYTOK_STR:
	case PYTOK_BYTES:
		sb_adds(out, t->kind == PYTOK_STR ? "a string" : "a bytes literal");
		break;
	default:
		sb_addc(out, '\'');
		sb_add(out, t->src, t->src_len > 40 ? 40 : t->src_len);
		if (t->src_len > 40)
			sb_adds(out, "...");
		sb_addc(out, '\'');
	}
}

int pylex_peek_char(const struct pylex *lx)
{
	size_t p = lx->pos;

	while (p < lx->len && (lx->buf[p] == ' ' || lx->buf[p] == '\t'))
		p++;
	return p < lx->len ? (unsigned char)lx->buf[p] : -1;
}
