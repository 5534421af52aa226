#include "spdx.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum tok_kind { TOK_OPEN, TOK_CLOSE, TOK_WORD };

struct tok {
	enum tok_kind kind;
	const char *s;
	size_t n;
};

struct sparse {
	const char *src;
	size_t srclen;
	struct tok *t;
	size_t nt, alloc, pos;
	int depth;
	struct strbuf out;
	struct err *e;
};

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

static void add_tok(struct sparse *p, enum tok_kind kind, const char *s, size_t n)
{
	ALLOC_GROW(p->t, p->nt + 1, p->alloc);
	p->t[p->nt].kind = kind;
	p->t[p->nt].s = s;
	p->t[p->nt].n = n;
	p->nt++;
}

static void tokenize(struct sparse *p)
{
	size_t i = 0, start;

	while (i < p->srclen) {
		char c = p->src[i];

		if (blank(c)) {
			i++;
		} else if (c == '(' || c == ')') {
			add_tok(p, c == '(' ? TOK_OPEN : TOK_CLOSE, p->src + i, 1);
			i++;
		} else {
			start = i;
			while (i < p->srclen && !blank(p->src[i]) &&
			       p->src[i] != '(' && p->src[i] != ')')
				i++;
			add_tok(p, TOK_WORD, p->src + start, i - start);
		}
	}
}

static int fail(struct sparse *p, const char *fmt, const struct tok *t)
{
	struct strbuf q = STRBUF_INIT;
	struct strbuf msg = STRBUF_INIT;

	sb_add(&q, p->src, p->srclen);
	sb_addf(&msg, "invalid license expression '%s': ", q.buf);
	if (t)
		sb_addf(&msg, fmt, (int)t->n, t->s);
	else
		sb_adds(&msg, fmt);
	err_set(p->e, "%s", msg.buf);
	sb_release(&q);
	sb_release(&msg);
	return -1;
}

static int is_word(const struct tok *t, const char *word)
{
	return t->kind == TOK_WORD && t->n == strlen(word) &&
	       !strncasecmp(t->s, word, t->n);
}

static int is_operator(const struct tok *t)
{
	return is_word(t, "AND") || is_word(t, "OR") || is_word(t, "WITH");
}

static const struct tok *peek(const struct sparse *p)
{
	return p->pos < p->nt ? &p->t[p->pos] : NULL;
}

static void emit(struct sparse *p, const char *s, size_t n)
{
	if (p->out.len && p->out.buf[p->out.len - 1] != '(' && *s != ')')
		sb_addc(&p->out, ' ');
	sb_add(&p->out, s, n);
}

static int idstring(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.'))
			return 0;
	}
	return 1;
}

/* A license: an identifier with an optional '+', or a LicenseRef-. */
static int parse_license(struct sparse *p, const struct tok *t)
{
	static const char ref[] = "LicenseRef-";
	size_t nref = sizeof(ref) - 1;

	if (t->n >= 12 && !strncasecmp(t->s, "DocumentRef-", 12))
		return fail(p, "'%.*s': DocumentRef- references are not allowed (PEP 639)", t);
	if (t->n >= nref && !strncasecmp(t->s, ref, nref)) {
		if (t->s[t->n - 1] == '+')
			return fail(p, "'%.*s': a LicenseRef cannot take '+'", t);
		if (!idstring(t->s + nref, t->n - nref))
			return fail(p, "'%.*s' is not a LicenseRef- followed by letters, digits, '.' or '-'", t);
		emit(p, ref, nref);
		sb_add(&p->out, t->s + nref, t->n - nref);
		return 0;
	}
	if (!idstring(t->s, t->n - (t->n > 1 && t->s[t->n - 1] == '+')))
		return fail(p, "'%.*s' is not a license identifier (letters, digits, '.' and '-')", t);
	emit(p, t->s, t->n);
	return 0;
}

static int parse_or(struct sparse *p, const struct tok *after);

/* What may follow a complete term: an operator, ')' or the end. */
static int check_follow(struct sparse *p, int in_parens)
{
	const struct tok *t = peek(p);

	if (!t || is_word(t, "AND") || is_word(t, "OR"))
		return 0;
	if (t->kind == TOK_CLOSE)
		return in_parens ? 0 : fail(p, "unexpected ')'", NULL);
	return fail(p, in_parens ? "expected 'AND', 'OR' or ')' before '%.*s'"
			       : "expected 'AND' or 'OR' before '%.*s'", t);
}

static int parse_parens(struct sparse *p, const struct tok *open)
{
	if (++p->depth > SPDX_MAX_DEPTH)
		return fail(p, "parentheses are nested too deeply", NULL);
	emit(p, "(", 1);
	if (parse_or(p, open))
		return -1;
	if (!peek(p))
		return fail(p, "'(' is not closed", NULL);
	p->pos++;
	p->depth--;
	emit(p, ")", 1);
	if (peek(p) && is_word(peek(p), "WITH"))
		return fail(p, "'WITH' must follow a license, not ')'", NULL);
	return 0;
}

static int parse_exception(struct sparse *p)
{
	const struct tok *with = &p->t[p->pos++];
	const struct tok *t = peek(p);

	emit(p, "WITH", 4);
	if (!t || t->kind != TOK_WORD || is_operator(t))
		return fail(p, "expected a license exception after '%.*s'", with);
	if (!idstring(t->s, t->n))
		return fail(p, "'%.*s' is not a license exception identifier (letters, digits, '.' and '-')", t);
	p->pos++;
	emit(p, t->s, t->n);
	return 0;
}

/* A license with its exception, or an expression in parentheses. */
static int parse_term(struct sparse *p, const struct tok *after)
{
	const struct tok *t = peek(p);

	if (!t || t->kind == TOK_CLOSE || is_operator(t)) {
		if (after)
			return fail(p, "expected a license after '%.*s'", after);
		return t ? fail(p, "expected a license, not '%.*s'", t)
			 : fail(p, "it is empty", NULL);
	}
	p->pos++;
	if (t->kind == TOK_OPEN) {
		if (parse_parens(p, t))
			return -1;
	} else {
		if (parse_license(p, t))
			return -1;
		if (peek(p) && is_word(peek(p), "WITH") && parse_exception(p))
			return -1;
	}
	return check_follow(p, p->depth > 0);
}

static int parse_and(struct sparse *p, const struct tok *after)
{
	if (parse_term(p, after))
		return -1;
	while (peek(p) && is_word(peek(p), "AND")) {
		after = &p->t[p->pos++];
		emit(p, "AND", 3);
		if (parse_term(p, after))
			return -1;
	}
	return 0;
}

static int parse_or(struct sparse *p, const struct tok *after)
{
	if (parse_and(p, after))
		return -1;
	while (peek(p) && is_word(peek(p), "OR")) {
		after = &p->t[p->pos++];
		emit(p, "OR", 2);
		if (parse_and(p, after))
			return -1;
	}
	return 0;
}

int spdx_normalize(const char *s, size_t len, struct strbuf *out,
		   struct err *e)
{
	struct sparse p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.src = s;
	p.srclen = len;
	p.e = e;
	sb_init(&p.out);
	if (memchr(s, '\0', len)) {
		p.srclen = strnlen(s, len);
		rc = fail(&p, "it contains a NUL byte", NULL);
	} else {
		tokenize(&p);
		rc = parse_or(&p, NULL);
		if (!rc && p.pos < p.nt)
			rc = fail(&p, "unexpected ')'", NULL);
	}
	if (!rc)
		sb_add(out, p.out.buf, p.out.len);
	sb_release(&p.out);
	free(p.t);
	return rc;
}
