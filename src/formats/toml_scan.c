/*
 * The TOML scanner: the cursor with its line and column, the encoding
 * check, whitespace and comments, the four kinds of string, bare keys.
 * Numbers, booleans and date-times are in toml_scalar.c.
 */
#include "toml_internal.h"

#include <stdio.h>
#include <string.h>

void scan_advance(struct toml_scanner *s, size_t n)
{
	while (n-- && s->pos < s->len) {
		unsigned char c = (unsigned char)s->buf[s->pos++];

		if (c == '\n') {
			s->line++;
			s->col = 1;
		} else if ((c & 0xC0) != 0x80) {
			/* continuation bytes belong to the character before */
			s->col++;
		}
	}
}

int scan_error_at(struct toml_scanner *s, int line, int col,
		  const char *fmt, ...)
{
	va_list ap;

	err_at(s->e, s->file, line, col, "%s", "");
	va_start(ap, fmt);
	sb_vaddf(&s->e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

int scan_error(struct toml_scanner *s, const char *fmt, ...)
{
	va_list ap;

	err_at(s->e, s->file, s->line, s->col, "%s", "");
	va_start(ap, fmt);
	sb_vaddf(&s->e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* Decodes the (already validated) UTF-8 character at p; 0 if cut short. */
static unsigned long decode_utf8(const unsigned char *p, size_t avail)
{
	unsigned long cp;
	size_t n, i;

	if (p[0] < 0x80)
		return p[0];
	n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;
	if (n > avail)
		return 0;
	cp = p[0] & (0x3F >> (n - 1));
	for (i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3F);
	return cp;
}

void scan_describe(const struct toml_scanner *s, struct strbuf *out)
{
	int c = scan_peek(s, 0);

	if (c < 0)
		sb_adds(out, "end of file");
	else if (scan_at_newline(s))
		sb_adds(out, "end of line");
	else if (c == '\'')
		sb_adds(out, "\"'\"");
	else if (c > 0x20 && c < 0x7F)
		sb_addf(out, "'%c'", c);
	else if (c == ' ')
		sb_adds(out, "a space");
	else if (c == '\t')
		sb_adds(out, "a tab");
	else if (c < 0x80)
		sb_addf(out, "control character U+%04X", (unsigned)c);
	else
		sb_addf(out, "character U+%04lX",
			decode_utf8((const unsigned char *)s->buf + s->pos,
				    s->len - s->pos));
}

/*
 * The length of the UTF-8 sequence at p (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 if it is not valid.
 */
static size_t utf8_seq_len(const unsigned char *p, size_t avail)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xE0)
		lo = 0xA0;
	else if (p[0] == 0xED)
		hi = 0x9F;
	else if (p[0] == 0xF0)
		lo = 0x90;
	else if (p[0] == 0xF4)
		hi = 0x8F;
	if (n > avail)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

int scan_check_encoding(struct toml_scanner *s)
{
	const unsigned char *p = (const unsigned char *)s->buf;
	size_t i = 0;
	int line = 1, col = 1;

	while (i < s->len) {
		size_t n = utf8_seq_len(p + i, s->len - i);

		if (!n)
			return scan_error_at(s, line, col,
					     "invalid UTF-8 byte 0x%02X", p[i]);
		if (p[i] == '\r' && (i + 1 == s->len || p[i + 1] != '\n'))
			return scan_error_at(s, line, col,
					     "carriage return not followed by a line feed");
		if (p[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
		i += n;
	}
	return 0;
}

void scan_skip_ws(struct toml_scanner *s)
{
	while (s->pos < s->len &&
	       (s->buf[s->pos] == ' ' || s->buf[s->pos] == '\t'))
		scan_advance(s, 1);
}

int scan_at_newline(const struct toml_scanner *s)
{
	int c = scan_peek(s, 0);

	return c == '\n' || (c == '\r' && scan_peek(s, 1) == '\n');
}

void scan_skip_newline(struct toml_scanner *s)
{
	scan_advance(s, scan_peek(s, 0) == '\r' ? 2 : 1);
}

/* Control characters other than tab: not allowed raw in TOML text. */
static int is_control(int c)
{
	return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7F;
}

static int control_error(struct toml_scanner *s, const char *where)
{
	return scan_error(s, "control character U+%04X is not allowed in %s",
			  (unsigned)scan_peek(s, 0), where);
}

int scan_skip_comment(struct toml_scanner *s)
{
	scan_advance(s, 1);	/* '#' */
	while (!scan_eof(s) && !scan_at_newline(s)) {
		if (is_control(scan_peek(s, 0)))
			return control_error(s, "a comment");
		scan_advance(s, 1);
	}
	return 0;
}

int scan_is_bare_key_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

void scan_bare_key(struct toml_scanner *s, const char **out, size_t *outlen)
{
	size_t start = s->pos;

	while (scan_is_bare_key_char(scan_peek(s, 0)))
		scan_advance(s, 1);
	*outlen = s->pos - start;
	*out = arena_strndup(s->arena, s->buf + start, *outlen);
}

static void add_utf8(struct strbuf *sb, unsigned long cp)
{
	if (cp < 0x80) {
		sb_addc(sb, (int)cp);
	} else if (cp < 0x800) {
		sb_addc(sb, (int)(0xC0 | (cp >> 6)));
		sb_addc(sb, (int)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		sb_addc(sb, (int)(0xE0 | (cp >> 12)));
		sb_addc(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		sb_addc(sb, (int)(0x80 | (cp & 0x3F)));
	} else {
		sb_addc(sb, (int)(0xF0 | (cp >> 18)));
		sb_addc(sb, (int)(0x80 | ((cp >> 12) & 0x3F)));
		sb_addc(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		sb_addc(sb, (int)(0x80 | (cp & 0x3F)));
	}
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

/* \uXXXX or \UXXXXXXXX at the cursor (on the backslash). */
static int scan_unicode_escape(struct toml_scanner *s, int ndigits)
{
	unsigned long cp = 0;
	int i;

	for (i = 0; i < ndigits; i++) {
		int d = hex_value(scan_peek(s, 2 + (size_t)i));

		if (d < 0)
			return scan_error(s, "escape '\\%c' needs %d hex digits",
					  ndigits == 4 ? 'u' : 'U', ndigits);
		cp = (cp << 4) | (unsigned long)d;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return scan_error(s, "escape '\\%c%.*s' is not a Unicode scalar value",
				  ndigits == 4 ? 'u' : 'U', ndigits,
				  s->buf + s->pos + 2);
	add_utf8(&s->scratch, cp);
	scan_advance(s, 2 + (size_t)ndigits);
	return 0;
}

/* An escape sequence of a basic string, at the backslash. */
static int scan_escape(struct toml_scanner *s)
{
	int c = scan_peek(s, 1);
	const char *simple = "b\bt\tn\nf\fr\r\"\"\\\\";
	const char *hit;

	if (c == 'u')
		return scan_unicode_escape(s, 4);
	if (c == 'U')
		return scan_unicode_escape(s, 8);
	for (hit = simple; c > 0 && *hit; hit += 2) {
		if (*hit == c) {
			sb_addc(&s->scratch, hit[1]);
			scan_advance(s, 2);
			return 0;
		}
	}
	if (c > 0x20 && c < 0x7F)
		return scan_error(s, "invalid escape sequence '\\%c'", c);
	return scan_error(s, "invalid escape sequence: a backslash must be followed by an escape code");
}

static int scan_basic(struct toml_scanner *s, int line, int col)
{
	for (;;) {
		int c = scan_peek(s, 0);

		if (c < 0 || c == '\n' || c == '\r')
			return scan_error_at(s, line, col, "unterminated string");
		if (c == '"') {
			scan_advance(s, 1);
			return 0;
		}
		if (c == '\\') {
			if (scan_escape(s) < 0)
				return -1;
			continue;
		}
		if (is_control(c))
			return control_error(s, "a string");
		sb_addc(&s->scratch, c);
		scan_advance(s, 1);
	}
}

static int scan_literal(struct toml_scanner *s, int line, int col)
{
	for (;;) {
		int c = scan_peek(s, 0);

		if (c < 0 || c == '\n' || c == '\r')
			return scan_error_at(s, line, col, "unterminated string");
		if (c == '\'') {
			scan_advance(s, 1);
			return 0;
		}
		if (is_control(c))
			return control_error(s, "a string");
		sb_addc(&s->scratch, c);
		scan_advance(s, 1);
	}
}

/*
 * At a quote q inside a multi-line string: returns 1 if this run of
 * quotes closes the string (adding up to two quotes that come before the
 * delimiter to the contents), 0 if it is content, -1 on error.
 */
static int scan_ml_close(struct toml_scanner *s, int q)
{
	size_t n = 0;

	while (scan_peek(s, n) == q)
		n++;
	if (n < 3)
		return 0;
	if (n > 5)
		return scan_error(s, "too many quotes at the end of a multi-line string");
	for (; n > 3; n--) {
		sb_addc(&s->scratch, q);
		scan_advance(s, 1);
	}
	scan_advance(s, 3);
	return 1;
}

/* The line-ending backslash: "\", spaces, a newline, then blanks. */
static int scan_line_ending_backslash(struct toml_scanner *s)
{
	size_t j = 1;

	while (scan_peek(s, j) == ' ' || scan_peek(s, j) == '\t')
		j++;
	if (scan_peek(s, j) != '\n' &&
	    !(scan_peek(s, j) == '\r' && scan_peek(s, j + 1) == '\n'))
		return 0;
	scan_advance(s, j);
	while (scan_peek(s, 0) == ' ' || scan_peek(s, 0) == '\t' ||
	       scan_at_newline(s))
		scan_advance(s, 1);
	return 1;
}

static int scan_multiline(struct toml_scanner *s, int q, int line, int col)
{
	for (;;) {
		int c = scan_peek(s, 0);

		if (c < 0)
			return scan_error_at(s, line, col,
					     "unterminated multi-line string");
		if (c == q) {
			int r = scan_ml_close(s, q);

			if (r)
				return r < 0 ? -1 : 0;
		} else if (c == '\\' && q == '"') {
			if (scan_line_ending_backslash(s))
				continue;
			if (scan_escape(s) < 0)
				return -1;
			continue;
		} else if (scan_at_newline(s)) {
			/* CRLF is kept as LF, like Python's tomllib */
			sb_addc(&s->scratch, '\n');
			scan_skip_newline(s);
			continue;
		} else if (is_control(c)) {
			return control_error(s, "a string");
		}
		sb_addc(&s->scratch, c);
		scan_advance(s, 1);
	}
}

int scan_string(struct toml_scanner *s, int key, const char **out,
		size_t *outlen)
{
	int line = s->line, col = s->col;
	int q = scan_peek(s, 0);
	int r;

	sb_reset(&s->scratch);
	if (scan_peek(s, 1) == q && scan_peek(s, 2) == q) {
		if (key)
			return scan_error(s, "a multi-line string cannot be a key");
		scan_advance(s, 3);
		/* a newline right after the opening delimiter is trimmed */
		if (scan_at_newline(s))
			scan_skip_newline(s);
		r = scan_multiline(s, q, line, col);
	} else {
		scan_advance(s, 1);
		r = q == '"' ? scan_basic(s, line, col)
			     : scan_literal(s, line, col);
	}
	if (r < 0)
		return -1;
	*outlen = s->scratch.len;
	*out = arena_strndup(s->arena, s->scratch.buf, s->scratch.len);
	return 0;
}
