/*
 * TOML scalars other than strings: booleans, integers (decimal, hex,
 * octal, binary, int64), floats (binary64, inf, nan) and the four kinds
 * of date-time (RFC 3339 with TOML's relaxations).
 */
#include "toml_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* What may follow a value on its line. */
static int ends_value(int c)
{
	return c < 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == ',' || c == ']' || c == '}' || c == '#';
}

/*
 * The value being rejected as written, for messages: from `start` up to
 * the first character that could end a value, at least to the cursor,
 * shortened when long and with unprintable bytes replaced.
 */
static void token_text(const struct toml_scanner *s, size_t start,
		       struct strbuf *out)
{
	size_t end = s->pos > start ? s->pos : start;
	size_t i;

	while (end < s->len && !ends_value((unsigned char)s->buf[end]) &&
	       s->buf[end] != '=')
		end++;
	for (i = start; i < end && i < start + 40; i++) {
		unsigned char c = (unsigned char)s->buf[i];

		sb_addc(out, c >= 0x20 && c != 0x7F ? c : '?');
	}
	if (end > start + 40)
		sb_adds(out, "...");
}

/* Errors about the value that starts at `start`, located there. */
struct scalar_start {
	size_t pos;
	int line, col;
};

static int value_error(struct toml_scanner *s, const struct scalar_start *at,
		       const char *what, const char *why)
{
	struct strbuf tok = STRBUF_INIT;

	token_text(s, at->pos, &tok);
	scan_error_at(s, at->line, at->col, "invalid %s '%s'%s%s", what,
		      tok.buf, why ? ": " : "", why ? why : "");
	sb_release(&tok);
	return -1;
}

/* Booleans. */

static int scan_bool(struct toml_scanner *s, const struct scalar_start *at,
		     struct toml_value *v)
{
	const char *word = scan_peek(s, 0) == 't' ? "true" : "false";
	size_t n = strlen(word);

	if (s->len - s->pos < n || memcmp(s->buf + s->pos, word, n) ||
	    !ends_value(scan_peek(s, n)))
		return value_error(s, at, "value", NULL);
	v->type = TOML_BOOL;
	v->u.boolean = word[0] == 't';
	scan_advance(s, n);
	return 0;
}

/* Numbers. */

static int is_number_char(int c)
{
	return scan_is_bare_key_char(c) || c == '.' || c == '+';
}

static int digit_in_base(int c, int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return d < base ? d : -1;
}

/*
 * Digits of one base with '_' only between two digits. Returns NULL if
 * fine, or why not.
 */
static const char *check_digits(const char *p, size_t n, int base)
{
	size_t i;

	if (!n)
		return "digits expected";
	for (i = 0; i < n; i++) {
		if (p[i] == '_') {
			if (i == 0 || i + 1 == n || p[i + 1] == '_')
				return "an underscore must stand between two digits";
		} else if (digit_in_base(p[i], base) < 0) {
			return "unexpected character";
		}
	}
	return NULL;
}

/* Accumulates digits into a magnitude no larger than max. */
static int to_magnitude(const char *p, size_t n, int base, uint64_t max,
			uint64_t *out)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int d = digit_in_base(p[i], base);

		if (d < 0)
			continue;	/* underscores */
		if (m > (max - (uint64_t)d) / (uint64_t)base)
			return -1;
		m = m * (uint64_t)base + (uint64_t)d;
	}
	*out = m;
	return 0;
}

static int scan_based_int(struct toml_scanner *s,
			  const struct scalar_start *at, const char *tok,
			  size_t n, struct toml_value *v)
{
	int base = tok[1] == 'x' ? 16 : tok[1] == 'o' ? 8 : 2;
	const char *why = check_digits(tok + 2, n - 2, base);
	uint64_t m;

	if (why)
		return value_error(s, at, "integer", why);
	if (to_magnitude(tok + 2, n - 2, base, INT64_MAX, &m) < 0)
		return value_error(s, at, "integer", "out of the 64-bit range");
	v->type = TOML_INTEGER;
	v->u.integer = (int64_t)m;
	return 0;
}

/* The decimal int part of an integer or float: no leading zeros. */
static const char *check_int_part(const char *p, size_t n)
{
	const char *why = check_digits(p, n, 10);

	if (why)
		return why;
	if (n > 1 && p[0] == '0')
		return "leading zeros are not allowed";
	return NULL;
}

static int scan_float_text(struct toml_scanner *s,
			   const struct scalar_start *at, const char *tok,
			   size_t n, struct toml_value *v)
{
	char *end;
	size_t i;

	sb_reset(&s->scratch);
	for (i = 0; i < n; i++)
		if (tok[i] != '_')
			sb_addc(&s->scratch, tok[i]);
	errno = 0;
	v->u.flt = strtod(s->scratch.buf, &end);
	if (end != s->scratch.buf + s->scratch.len)
		return value_error(s, at, "float", NULL);
	v->type = TOML_FLOAT;
	return 0;
}

/* [sign] int-part ( frac [exp] | exp ), or a decimal integer. */
static int scan_decimal(struct toml_scanner *s, const struct scalar_start *at,
			const char *tok, size_t n, struct toml_value *v)
{
	size_t i = tok[0] == '+' || tok[0] == '-' ? 1 : 0;
	size_t int_end = i, frac_end;
	const char *why;
	uint64_t m;

	while (int_end < n && tok[int_end] != '.' && tok[int_end] != 'e' &&
	       tok[int_end] != 'E')
		int_end++;
	why = check_int_part(tok + i, int_end - i);
	if (why)
		return value_error(s, at, int_end < n ? "float" : "integer", why);
	if (int_end == n) {
		uint64_t max = tok[0] == '-' ? (uint64_t)INT64_MAX + 1 : INT64_MAX;

		if (to_magnitude(tok + i, n - i, 10, max, &m) < 0)
			return value_error(s, at, "integer",
					   "out of the 64-bit range");
		v->type = TOML_INTEGER;
		/* -2^63 is representable; negate in unsigned arithmetic */
		v->u.integer = tok[0] == '-' ? (int64_t)(0 - m) : (int64_t)m;
		return 0;
	}
	frac_end = int_end;
	if (tok[int_end] == '.') {
		frac_end = int_end + 1;
		while (frac_end < n && tok[frac_end] != 'e' && tok[frac_end] != 'E')
			frac_end++;
		why = check_digits(tok + int_end + 1, frac_end - int_end - 1, 10);
		if (why)
			return value_error(s, at, "float", why[0] == 'd' ?
					   "digits expected after the '.'" : why);
	}
	if (frac_end < n) {
		size_t e = frac_end + 1;

		if (e < n && (tok[e] == '+' || tok[e] == '-'))
			e++;
		why = check_digits(tok + e, n - e, 10);
		if (why)
			return value_error(s, at, "float", why[0] == 'd' ?
					   "digits expected in the exponent" : why);
	}
	return scan_float_text(s, at, tok, n, v);
}

static int scan_number(struct toml_scanner *s, const struct scalar_start *at,
		       struct toml_value *v)
{
	const char *tok = s->buf + s->pos;
	size_t n = 0, i;
	int r;

	while (is_number_char(scan_peek(s, n)))
		n++;
	i = n && (tok[0] == '+' || tok[0] == '-') ? 1 : 0;
	if (n - i == 3 && (!memcmp(tok + i, "inf", 3) ||
			   !memcmp(tok + i, "nan", 3))) {
		v->type = TOML_FLOAT;
		v->u.flt = tok[i] == 'i' ? HUGE_VAL : NAN;
		if (tok[0] == '-')
			v->u.flt = -v->u.flt;
		r = 0;
	} else if (n - i >= 2 && tok[i] == '0' &&
		   (tok[i + 1] == 'x' || tok[i + 1] == 'o' || tok[i + 1] == 'b')) {
		if (i)
			return value_error(s, at, "integer",
					   "hex, octal and binary integers take no sign");
		r = scan_based_int(s, at, tok, n, v);
	} else if (n > i && is_digit(tok[i])) {
		r = scan_decimal(s, at, tok, n, v);
	} else {
		return value_error(s, at, "value", NULL);
	}
	if (r < 0)
		return -1;
	scan_advance(s, n);
	if (!ends_value(scan_peek(s, 0)))
		return value_error(s, at, v->type == TOML_FLOAT ? "float" : "integer",
				   NULL);
	return 0;
}

/* Date-times. */

/* n digits at offset off from the cursor, or -1. */
static int digits_at(const struct toml_scanner *s, size_t off, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		int c = scan_peek(s, off + (size_t)i);

		if (!is_digit(c))
			return -1;
		v = v * 10 + (c - '0');
	}
	/* a further digit means the field is too long */
	return is_digit(scan_peek(s, off + (size_t)n)) ? -1 : v;
}

static int days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/* YYYY-MM-DD at the cursor; NULL or why not. */
static const char *scan_date(struct toml_scanner *s, struct toml_datetime *dt)
{
	dt->year = digits_at(s, 0, 4);
	dt->month = scan_peek(s, 4) == '-' ? digits_at(s, 5, 2) : -1;
	dt->day = scan_peek(s, 7) == '-' ? digits_at(s, 8, 2) : -1;
	if (dt->year < 0 || dt->month < 0 || dt->day < 0)
		return "expected YYYY-MM-DD";
	if (dt->month < 1 || dt->month > 12)
		return "month out of range";
	if (dt->day < 1 || dt->day > days_in_month(dt->year, dt->month))
		return "day out of range for the month";
	scan_advance(s, 10);
	return NULL;
}

/* HH:MM:SS[.fraction] at the cursor. */
static const char *scan_time(struct toml_scanner *s, struct toml_datetime *dt)
{
	int scale = 100000000;

	dt->hour = digits_at(s, 0, 2);
	dt->minute = scan_peek(s, 2) == ':' ? digits_at(s, 3, 2) : -1;
	dt->second = scan_peek(s, 5) == ':' ? digits_at(s, 6, 2) : -1;
	if (dt->hour < 0 || dt->minute < 0 || dt->second < 0)
		return "expected HH:MM:SS";
	if (dt->hour > 23)
		return "hour out of range";
	if (dt->minute > 59)
		return "minute out of range";
	if (dt->second > 60)	/* 60: a leap second, as RFC 3339 allows */
		return "second out of range";
	scan_advance(s, 8);
	if (scan_peek(s, 0) != '.')
		return NULL;
	if (!is_digit(scan_peek(s, 1)))
		return "digits expected after the '.'";
	scan_advance(s, 1);
	while (is_digit(scan_peek(s, 0))) {
		dt->nanosecond += (scan_peek(s, 0) - '0') * scale;
		scale /= 10;
		scan_advance(s, 1);
	}
	return NULL;
}

/* Z or (+|-)HH:MM at the cursor. */
static const char *scan_offset(struct toml_scanner *s, struct toml_datetime *dt)
{
	int c = scan_peek(s, 0), h, m;

	if (c == 'Z' || c == 'z') {
		scan_advance(s, 1);
		return NULL;
	}
	h = digits_at(s, 1, 2);
	m = scan_peek(s, 3) == ':' ? digits_at(s, 4, 2) : -1;
	if (h < 0 || m < 0)
		return "expected an offset Z or +HH:MM";
	if (h > 23 || m > 59)
		return "offset out of range";
	dt->offset_minutes = (c == '-' ? -1 : 1) * (h * 60 + m);
	scan_advance(s, 6);
	return NULL;
}

/* The source text with 'T' and 'Z' in their normal form. */
static const char *datetime_text(struct toml_scanner *s, size_t start,
				 int has_date)
{
	size_t n = s->pos - start;
	char *t = arena_strndup(s->arena, s->buf + start, n);

	if (has_date && n > 10)
		t[10] = 'T';
	if (n && t[n - 1] == 'z')
		t[n - 1] = 'Z';
	return t;
}

static int scan_datetime(struct toml_scanner *s, const struct scalar_start *at,
			 struct toml_value *v)
{
	struct toml_datetime dt;
	const char *why = NULL, *what = "time";
	int has_date = scan_peek(s, 4) == '-', has_time = !has_date;
	int c;

	memset(&dt, 0, sizeof(dt));
	if (has_date) {
		what = "date";
		why = scan_date(s, &dt);
		c = scan_peek(s, 0);
		if (!why && (c == 'T' || c == 't' ||
			     (c == ' ' && is_digit(scan_peek(s, 1))))) {
			what = "date-time";
			has_time = 1;
			scan_advance(s, 1);
		}
	}
	if (!why && has_time)
		why = scan_time(s, &dt);
	c = scan_peek(s, 0);
	if (!why && has_date && has_time &&
	    (c == 'Z' || c == 'z' || c == '+' || c == '-')) {
		why = scan_offset(s, &dt);
		v->type = TOML_DATETIME;
	} else {
		v->type = !has_date ? TOML_TIME_LOCAL :
			  has_time ? TOML_DATETIME_LOCAL : TOML_DATE_LOCAL;
	}
	if (!why && !ends_value(scan_peek(s, 0)))
		why = "unexpected text after it";
	if (why)
		return value_error(s, at, what, why);
	dt.text = datetime_text(s, at->pos, has_date);
	v->u.dt = dt;
	return 0;
}

int scan_scalar(struct toml_scanner *s, struct toml_value *v)
{
	struct scalar_start at = { s->pos, s->line, s->col };
	int c = scan_peek(s, 0);
	struct strbuf tok;

	if (c == 't' || c == 'f')
		return scan_bool(s, &at, v);
	if (is_digit(c) && is_digit(scan_peek(s, 1)) &&
	    (scan_peek(s, 2) == ':' ||
	     (is_digit(scan_peek(s, 2)) && is_digit(scan_peek(s, 3)) &&
	      scan_peek(s, 4) == '-')))
		return scan_datetime(s, &at, v);
	if (is_digit(c) || c == '+' || c == '-' || c == 'i' || c == 'n')
		return scan_number(s, &at, v);
	if (is_number_char(c))
		return value_error(s, &at, "value", NULL);
	sb_init(&tok);
	scan_describe(s, &tok);
	scan_error(s, "expected a value, found %s", tok.buf);
	sb_release(&tok);
	return -1;
}
