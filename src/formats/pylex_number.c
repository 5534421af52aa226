/*
 * Numbers: decimal, hexadecimal, octal and binary integers (made decimal,
 * of any size up to a limit) and floats (kept as text).
 */
#include "pylex.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Python refuses int <-> str conversions past 4300 digits by default. */
#define INT_DIGITS_MAX 4300

static int digit_ok(int c, int base)
{
	int v = pylex_hex_value(c);

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
		unsigned carry = (unsigned)pylex_hex_value(sb->buf[i]);

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
	if (!t->text.len || (p < lx->len && pylex_is_name_char((unsigned char)lx->buf[p])))
		return pylex_error(lx, p, e, "invalid %s literal", what);
	if (t->text.len > INT_DIGITS_MAX)
		return pylex_error(lx, lx->pos, e, "integer literal has more than %s digits",
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
		return pylex_error(lx, lx->pos, e, "%s",
				"leading zeros in decimal integer literals are not permitted");
	if (sb->len - z > INT_DIGITS_MAX)
		return pylex_error(lx, lx->pos, e, "integer literal has more than %s digits",
				"4300");
	memmove(sb->buf, sb->buf + z, sb->len - z);
	sb_setlen(sb, sb->len - z);
	return 0;
}

int pylex_number(struct pylex *lx, struct err *e)
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
			return pylex_error(lx, p, e, "%s", "invalid float literal");
	}
	if (p < lx->len && (lx->buf[p] | 0x20) == 'j')
		return pylex_error(lx, lx->pos, e, "%s",
				"complex numbers are not supported");
	if (p < lx->len && pylex_is_name_char((unsigned char)lx->buf[p]))
		return pylex_error(lx, p, e, "%s", "invalid decimal literal");
	t->kind = is_float ? PYTOK_FLOAT : PYTOK_INT;
	if (!is_float && normalize_decimal(lx, e) < 0)
		return -1;
	lx->pos = p;
	return 0;
}

