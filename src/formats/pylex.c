/*
 * Python's lexical rules for literals: whitespace, comments, continuation
 * lines and implicit line joining inside brackets, names and operators.
 * String literals are in pylex_string.c, numbers in pylex_number.c.
 */
#include "pylex.h"
#include "utf8.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

int pylex_col(const struct pylex *lx, size_t pos)
{
	size_t col = pos - lx->line_start + 1;

	return col > INT_MAX ? INT_MAX : (int)col;
}

int pylex_error(struct pylex *lx, size_t pos, struct err *e,
		const char *fmt, const char *arg)
{
	return err_at(e, lx->file, lx->line, pylex_col(lx, pos), fmt, arg);
}

size_t pylex_newline_len(const struct pylex *lx, size_t pos)
{
	if (pos >= lx->len)
		return 0;
	if (lx->buf[pos] == '\n')
		return 1;
	if (lx->buf[pos] == '\r')
		return pos + 1 < lx->len && lx->buf[pos + 1] == '\n' ? 2 : 1;
	return 0;
}

void pylex_new_line(struct pylex *lx, size_t pos)
{
	if (lx->line < INT_MAX)
		lx->line++;
	lx->line_start = pos;
}

int pylex_hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int check_utf8(struct pylex *lx, struct err *e)
{
	const unsigned char *s = (const unsigned char *)lx->buf;
	size_t pos = lx->pos, n;
	int line = 1;
	size_t line_start = lx->line_start;

	while (pos < lx->len) {
		if (s[pos] == '\n' ||
		    (s[pos] == '\r' && pylex_newline_len(lx, pos) == 1)) {
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

static int is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

int pylex_is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* A name, or the prefix of a string literal when a quote follows it. */
static int lex_name(struct pylex *lx, struct err *e)
{
	struct pytok *t = &lx->tok;
	size_t p = lx->pos, i, n;
	int raw = 0, bytes = 0, other = 0;

	while (p < lx->len && pylex_is_name_char((unsigned char)lx->buf[p]))
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
		return pylex_error(lx, lx->pos, e, "%s-strings are not literals",
				other == 'f' ? "f" : "t");
	if (other || raw > 1 || bytes > 1) {
		struct strbuf name = STRBUF_INIT;

		sb_add(&name, lx->buf + lx->pos, n);
		pylex_error(lx, lx->pos, e, "invalid string prefix '%s'", name.buf);
		sb_release(&name);
		return -1;
	}
	return pylex_string(lx, p, raw, bytes, e);
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
			while (lx->pos < lx->len && !pylex_newline_len(lx, lx->pos))
				lx->pos++;
		} else if (c == '\\') {
			if (!(nl = pylex_newline_len(lx, lx->pos + 1)))
				return pylex_error(lx, lx->pos, e, "%s",
						"unexpected character after line continuation");
			lx->pos += 1 + nl;
			pylex_new_line(lx, lx->pos);
		} else if ((nl = pylex_newline_len(lx, lx->pos))) {
			if (lx->depth == 0 && lx->in_line)
				return 1;
			lx->pos += nl;
			pylex_new_line(lx, lx->pos);
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
			pylex_error(lx, lx->pos, e, "unexpected character '%s'", ch.buf);
			sb_release(&ch);
			return -1;
		}
		if (c < 0x20 || c == 0x7f) {
			char hex[8];

			snprintf(hex, sizeof(hex), "\\x%02x", c);
			return pylex_error(lx, lx->pos, e, "unexpected character '%s'", hex);
		}
		{
			char ch[2] = { (char)c, 0 };

			return pylex_error(lx, lx->pos, e, "unexpected character '%s'", ch);
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
		return pylex_number(lx, e);
	if (c == '\'' || c == '"')
		return pylex_string(lx, lx->pos, 0, 0, e);
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
	t->col = pylex_col(lx, lx->pos);
	if (r == 1) {
		t->kind = PYTOK_NEWLINE;
		lx->pos += pylex_newline_len(lx, lx->pos);
		pylex_new_line(lx, lx->pos);
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

