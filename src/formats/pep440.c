/*
 * PEP 440 versions. The scanner follows the grammar of the PEP's
 * appendix (as packaging's VERSION_PATTERN writes it): every part after
 * the release is optional and tried in order, each taking the longest
 * spelling that fits; whatever is left over makes the version invalid.
 */
#include "pep440.h"
#include "../base/xalloc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void pep440_version_init(struct pep440_version *v)
{
	memset(v, 0, sizeof(*v));
}

void pep440_version_release(struct pep440_version *v)
{
	free(v->release);
	free(v->local);
	pep440_version_init(v);
}

struct vscan {
	const char *s;
	size_t len, pos;
	int overflow;		/* a number did not fit in 64 bits */
	size_t alloc;		/* of the version's release array */
};

static int peek(const struct vscan *v, size_t off)
{
	return v->pos + off < v->len ? (unsigned char)v->s[v->pos + off] : -1;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_sep(int c)
{
	return c == '.' || c == '_' || c == '-';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* [0-9]+ into *out; 0 if there is no digit. */
static int scan_number(struct vscan *v, uint64_t *out)
{
	size_t start = v->pos;
	uint64_t n = 0;

	while (is_digit(peek(v, 0))) {
		unsigned d = (unsigned)(peek(v, 0) - '0');

		if (n > (UINT64_MAX - d) / 10)
			v->overflow = 1;
		else
			n = n * 10 + d;
		v->pos++;
	}
	*out = n;
	return v->pos > start;
}

/* The first of labels that the text starts with, in any case; or -1. */
static int scan_label(struct vscan *v, const char *const *labels)
{
	int i;

	for (i = 0; labels[i]; i++) {
		size_t n = strlen(labels[i]), j;

		if (v->len - v->pos < n)
			continue;
		for (j = 0; j < n && lower((unsigned char)v->s[v->pos + j]) == labels[i][j]; j++)
			;
		if (j == n) {
			v->pos += n;
			return i;
		}
	}
	return -1;
}

static void add_release(struct vscan *v, struct pep440_version *out,
			uint64_t n)
{
	ALLOC_GROW(out->release, out->nrelease + 1, v->alloc);
	out->release[out->nrelease++] = n;
}

/* [N!]N(.N)*; 0 if there is no number. */
static int scan_release(struct vscan *v, struct pep440_version *out)
{
	uint64_t n;

	if (!scan_number(v, &n))
		return 0;
	if (peek(v, 0) == '!') {
		v->pos++;
		out->epoch = n;
		if (!scan_number(v, &n))
			return 0;
	}
	add_release(v, out, n);
	while (peek(v, 0) == '.' && is_digit(peek(v, 1))) {
		v->pos++;
		scan_number(v, &n);
		add_release(v, out, n);
	}
	return 1;
}

/* [sep] label [sep] [N]: the shape of the pre, post and dev parts. */
static int scan_lettered(struct vscan *v, const char *const *labels,
			 uint64_t *n)
{
	size_t save = v->pos;
	int i;

	if (is_sep(peek(v, 0)))
		v->pos++;
	i = scan_label(v, labels);
	if (i < 0) {
		v->pos = save;
		return -1;
	}
	if (is_sep(peek(v, 0)))
		v->pos++;
	scan_number(v, n);
	return i;
}

static void scan_pre(struct vscan *v, struct pep440_version *out)
{
	static const char *const labels[] = {
		"alpha", "a", "beta", "b", "preview", "pre", "c", "rc", NULL
	};
	static const enum pep440_pre kinds[] = {
		PEP440_PRE_A, PEP440_PRE_A, PEP440_PRE_B, PEP440_PRE_B,
		PEP440_PRE_RC, PEP440_PRE_RC, PEP440_PRE_RC, PEP440_PRE_RC,
	};
	int i = scan_lettered(v, labels, &out->pre_n);

	if (i >= 0)
		out->pre = kinds[i];
}

static void scan_post(struct vscan *v, struct pep440_version *out)
{
	static const char *const labels[] = { "post", "rev", "r", NULL };

	if (peek(v, 0) == '-' && is_digit(peek(v, 1))) {	/* 1.0-1 */
		v->pos++;
		scan_number(v, &out->post);
		out->has_post = 1;
		return;
	}
	out->has_post = scan_lettered(v, labels, &out->post) >= 0;
}

static void scan_dev(struct vscan *v, struct pep440_version *out)
{
	static const char *const labels[] = { "dev", NULL };

	out->has_dev = scan_lettered(v, labels, &out->dev) >= 0;
}

/* +seg([-_.]seg)*, kept normalized: lower case, '.', no leading zeros. */
static void scan_local(struct vscan *v, struct pep440_version *out)
{
	struct strbuf sb = STRBUF_INIT;

	if (peek(v, 0) != '+' || !is_alnum(peek(v, 1)))
		return;
	v->pos++;
	for (;;) {
		size_t start = sb.len;
		int numeric = 1;

		while (is_alnum(peek(v, 0))) {
			numeric = numeric && is_digit(peek(v, 0));
			sb_addc(&sb, lower(peek(v, 0)));
			v->pos++;
		}
		if (numeric) {
			size_t z = start;

			while (z + 1 < sb.len && sb.buf[z] == '0')
				z++;
			memmove(sb.buf + start, sb.buf + z, sb.len - z);
			sb_setlen(&sb, sb.len - (z - start));
		}
		if (!is_sep(peek(v, 0)) || !is_alnum(peek(v, 1)))
			break;
		v->pos++;
		sb_addc(&sb, '.');
	}
	out->local = sb_detach(&sb, NULL);
}

/* Python's \s in the ASCII range. */
static int is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static int version_error(struct err *e, const char *s, size_t len,
			 const char *why, size_t at)
{
	struct strbuf q = STRBUF_INIT;

	sb_add(&q, s, len);
	err_set(e, "invalid version '%s': %s", q.buf, why);
	if (at < len)
		sb_addf(&e->msg, " at '%s'", q.buf + at);
	sb_release(&q);
	return -1;
}

int pep440_parse(const char *s, size_t len, struct pep440_version *v,
		 struct err *e)
{
	struct vscan sc = { s, len, 0, 0, 0 };

	pep440_version_release(v);
	if (memchr(s, '\0', len))
		return err_set(e, "invalid version: it contains a NUL byte");
	while (is_space(peek(&sc, 0)))
		sc.pos++;
	if (lower(peek(&sc, 0)) == 'v')
		sc.pos++;
	if (!scan_release(&sc, v)) {
		pep440_version_release(v);
		return version_error(e, s, len, "expected a release number like 1.2",
				     sc.pos);
	}
	scan_pre(&sc, v);
	scan_post(&sc, v);
	scan_dev(&sc, v);
	scan_local(&sc, v);
	while (is_space(peek(&sc, 0)))
		sc.pos++;
	if (sc.pos < len || sc.overflow) {
		pep440_version_release(v);
		return version_error(e, s, len, sc.overflow ?
				     "a number is too large" : "unexpected text",
				     sc.overflow ? len : sc.pos);
	}
	return 0;
}

int pep440_match(const char *s, size_t len, unsigned flags,
		 struct pep440_version *v, size_t *matched, struct err *e)
{
	struct vscan sc = { s, len, 0, 0, 0 };

	pep440_version_release(v);
	*matched = 0;
	if (lower(peek(&sc, 0)) == 'v')
		sc.pos++;
	if (!scan_release(&sc, v)) {
		pep440_version_release(v);
		return 0;
	}
	if (!(flags & PEP440_RELEASE_ONLY)) {
		scan_pre(&sc, v);
		scan_post(&sc, v);
		scan_dev(&sc, v);
		if (flags & PEP440_ALLOW_LOCAL)
			scan_local(&sc, v);
	}
	if (sc.overflow) {
		pep440_version_release(v);
		return version_error(e, s, sc.pos, "a number is too large", sc.pos);
	}
	*matched = sc.pos;
	return 0;
}

void pep440_format(const struct pep440_version *v, int trim_zeros,
		   struct strbuf *out)
{
	static const char *const pre[] = { "", "a", "b", "rc" };
	size_t n = v->nrelease, i;

	if (v->epoch)
		sb_addf(out, "%" PRIu64 "!", v->epoch);
	while (trim_zeros && n > 1 && v->release[n - 1] == 0)
		n--;
	for (i = 0; i < n; i++)
		sb_addf(out, "%s%" PRIu64, i ? "." : "", v->release[i]);
	if (v->pre)
		sb_addf(out, "%s%" PRIu64, pre[v->pre], v->pre_n);
	if (v->has_post)
		sb_addf(out, ".post%" PRIu64, v->post);
	if (v->has_dev)
		sb_addf(out, ".dev%" PRIu64, v->dev);
	if (v->local)
		sb_addf(out, "+%s", v->local);
}

int pep440_normalize(const char *s, size_t len, struct strbuf *out,
		     struct err *e)
{
	struct pep440_version v;

	pep440_version_init(&v);
	if (pep440_parse(s, len, &v, e) < 0)
		return -1;
	pep440_format(&v, 0, out);
	pep440_version_release(&v);
	return 0;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

/* Releases compare as tuples with trailing zeros removed. */
static int compare_release(const struct pep440_version *a,
			   const struct pep440_version *b)
{
	size_t na = a->nrelease, nb = b->nrelease, i;

	while (na > 1 && a->release[na - 1] == 0)
		na--;
	while (nb > 1 && b->release[nb - 1] == 0)
		nb--;
	for (i = 0; i < na && i < nb; i++)
		if (a->release[i] != b->release[i])
			return cmp_u64(a->release[i], b->release[i]);
	return na < nb ? -1 : na > nb;
}

/*
 * The suffix as a rank: a dev release with no pre or post release comes
 * before any pre-release; no pre-release comes after all of them; no
 * post-release before any; no dev release after any.
 */
static int compare_suffix(const struct pep440_version *a,
			  const struct pep440_version *b)
{
	int ra = a->pre ? (int)a->pre : !a->has_post && a->has_dev ? -1 : 9;
	int rb = b->pre ? (int)b->pre : !b->has_post && b->has_dev ? -1 : 9;

	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->pre && a->pre_n != b->pre_n)
		return cmp_u64(a->pre_n, b->pre_n);
	if (a->has_post != b->has_post)
		return a->has_post ? 1 : -1;
	if (a->post != b->post)
		return cmp_u64(a->post, b->post);
	if (a->has_dev != b->has_dev)
		return a->has_dev ? -1 : 1;
	return cmp_u64(a->dev, b->dev);
}

/* One segment of a local label: numbers beat words, by value. */
static int compare_segment(const char *a, size_t na, const char *b, size_t nb)
{
	int da = na && strspn(a, "0123456789") >= na;
	int db = nb && strspn(b, "0123456789") >= nb;
	int r;

	if (da != db)
		return da ? 1 : -1;
	if (da && na != nb)	/* no leading zeros: longer is larger */
		return na < nb ? -1 : 1;
	r = memcmp(a, b, na < nb ? na : nb);
	return r ? r : na < nb ? -1 : na > nb;
}

static int compare_local(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b ? 0 : !a ? -1 : 1;
	for (;;) {
		size_t na = strcspn(a, "."), nb = strcspn(b, ".");
		int r = compare_segment(a, na, b, nb);

		if (r)
			return r;
		a += na;
		b += nb;
		if (!*a || !*b)
			return !*a && !*b ? 0 : !*a ? -1 : 1;
		a++;
		b++;
	}
}

int pep440_compare(const struct pep440_version *a,
		   const struct pep440_version *b)
{
	int r;

	if (a->epoch != b->epoch)
		return cmp_u64(a->epoch, b->epoch);
	r = compare_release(a, b);
	if (!r)
		r = compare_suffix(a, b);
	if (!r)
		r = compare_local(a->local, b->local);
	return r;
}
