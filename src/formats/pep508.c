/*
 * PEP 508 requirements. A recursive-descent parser over the grammar that
 * packaging implements (packaging/_parser.py documents it):
 *
 *   requirement = WS? NAME WS? extras? WS? (AT WS? URL (WS marker?)?
 *                                          | specifiers WS? marker?) END
 *   extras      = '[' WS? (NAME (WS? ',' WS? NAME)*)? WS? ']'
 *   specifiers  = '(' WS? spec-list WS? ')' | spec-list
 *   spec-list   = (SPEC (WS? ',' WS? SPEC)*)? ','?
 *   marker      = ';' expr WS?
 *   expr        = atom (('and' | 'or') atom)*
 *   atom        = WS? ('(' WS? expr WS? ')' | VAR-OR-STR WS? OP WS? VAR-OR-STR) WS?
 *
 * WS is spaces and tabs. Names end on a word boundary, as a regular
 * expression's \b would end them.
 */
#include "pep508.h"
#include "pep440.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MARKER_MAX_DEPTH 64

struct rscan {
	const char *s;
	size_t len, pos;
	struct err *e;
	size_t where;
	struct pep508_requirement *r;
	size_t extras_alloc, specs_alloc;
	int depth;
};

static int peek(const struct rscan *p, size_t off)
{
	return p->pos + off < p->len ? (unsigned char)p->s[p->pos + off] : -1;
}

static int at_end(const struct rscan *p)
{
	return p->pos >= p->len;
}

static int starts(const struct rscan *p, const char *word)
{
	size_t n = strlen(word);

	return p->len - p->pos >= n && !memcmp(p->s + p->pos, word, n);
}

static int fail_at(struct rscan *p, size_t at, const char *fmt, const char *arg)
{
	p->where = at;
	err_set(p->e, fmt, arg);
	return -1;
}

static int fail(struct rscan *p, const char *what)
{
	return fail_at(p, p->pos, "%s", what);
}

static int is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* A character of \w: non-ASCII counts as one (it usually is a letter). */
static int is_word(int c)
{
	return is_alnum(c) || c == '_' || c >= 0x80;
}

/* \b between s[i - 1] and s[i]. */
static int boundary(const struct rscan *p, size_t i)
{
	int before = i > 0 && is_word((unsigned char)p->s[i - 1]);
	int after = i < p->len && is_word((unsigned char)p->s[i]);

	return before != after;
}

static int skip_ws(struct rscan *p)
{
	size_t start = p->pos;

	while (peek(p, 0) == ' ' || peek(p, 0) == '\t')
		p->pos++;
	return p->pos > start;
}

/* Python's \s, in the ASCII range: inside specifiers. */
static void skip_space(struct rscan *p)
{
	int c;

	while ((c = peek(p, 0)) == ' ' || (c >= '\t' && c <= '\r') ||
	       (c >= 0x1c && c <= 0x1f))
		p->pos++;
}

/*
 * A name (project or extra): [A-Za-z0-9][A-Za-z0-9._-]* ending on a word
 * boundary. Returns its length, 0 if there is none here.
 */
static size_t name_length(const struct rscan *p)
{
	size_t end = p->pos;

	if (!is_alnum(peek(p, 0)) || !boundary(p, p->pos))
		return 0;
	while (end < p->len && (is_alnum((unsigned char)p->s[end]) ||
				strchr("._-", p->s[end])))
		end++;
	while (end > p->pos + 1 && !boundary(p, end))
		end--;
	return boundary(p, end) ? end - p->pos : 0;
}

static char *take(struct rscan *p, size_t n)
{
	char *t = xstrndup(p->s + p->pos, n);

	p->pos += n;
	return t;
}

/* Extras. */

static int add_extra(struct rscan *p)
{
	size_t n = name_length(p);

	if (!n)
		return fail(p, "expected an extra name");
	ALLOC_GROW(p->r->extras, p->r->nextras + 1, p->extras_alloc);
	p->r->extras[p->r->nextras++] = take(p, n);
	return 0;
}

static int parse_extras(struct rscan *p)
{
	size_t open = p->pos;

	if (peek(p, 0) != '[')
		return 0;
	p->pos++;
	skip_ws(p);
	if (name_length(p)) {
		if (add_extra(p) < 0)
			return -1;
		for (;;) {
			skip_ws(p);
			if (name_length(p))
				return fail(p, "expected a comma between extra names");
			if (peek(p, 0) != ',')
				break;
			p->pos++;
			skip_ws(p);
			if (add_extra(p) < 0)
				return -1;
		}
	}
	skip_ws(p);
	if (peek(p, 0) != ']')
		return fail_at(p, open, "%s", "expected ']' to close the extras");
	p->pos++;
	return 0;
}

/* Version specifiers. */

static const char *const spec_ops[] = {
	"===", "==", "!=", "~=", "<=", ">=", "<", ">", NULL
};

/* The version after an operator, as that operator allows it. */
static int match_spec_version(struct rscan *p, const char *op, size_t *n)
{
	struct pep440_version v;
	const char *s = p->s + p->pos;
	size_t len = p->len - p->pos;
	int r;

	pep440_version_init(&v);
	if (!strcmp(op, "===")) {
		*n = 0;
		while (*n < len && !strchr(" \t\n\r\f\v;)", s[*n]) &&
		       !(s[*n] >= 0x1c && s[*n] <= 0x1f))
			++*n;
		return 0;
	}
	if (!strcmp(op, "==") || !strcmp(op, "!=")) {
		r = pep440_match(s, len, PEP440_RELEASE_ONLY, &v, n, p->e);
		if (!r && *n && len - *n >= 2 && s[*n] == '.' && s[*n + 1] == '*') {
			*n += 2;
			pep440_version_release(&v);
			return 0;
		}
		if (!r)
			r = pep440_match(s, len, PEP440_ALLOW_LOCAL, &v, n, p->e);
	} else {
		r = pep440_match(s, len, 0, &v, n, p->e);
		if (!r && !strcmp(op, "~=") && v.nrelease < 2)
			*n = 0;
	}
	pep440_version_release(&v);
	if (r < 0)
		p->where = p->pos;
	return r;
}

/*
 * An operator and its version at the cursor. Returns 1 and sets *op and
 * *n (the length of the version after the cursor's new place) if there
 * is one, 0 if not, -1 on error.
 */
static int match_spec(struct rscan *p, const char **op, size_t *n)
{
	size_t start = p->pos;
	int i;

	/* an operator whose version does not fit may be a shorter one */
	for (i = 0; spec_ops[i]; i++) {
		if (!starts(p, spec_ops[i]))
			continue;
		p->pos = start + strlen(spec_ops[i]);
		skip_space(p);
		if (match_spec_version(p, spec_ops[i], n) < 0)
			return -1;
		if (*n || !strcmp(spec_ops[i], "===")) {
			*op = spec_ops[i];
			return 1;
		}
	}
	p->pos = start;
	return 0;
}

static void add_spec(struct rscan *p, const char *op, const char *version,
		     size_t n)
{
	struct pep508_specifier *sp;

	ALLOC_GROW(p->r->specs, p->r->nspecs + 1, p->specs_alloc);
	sp = &p->r->specs[p->r->nspecs++];
	sp->op = xstrdup(op);
	sp->version = xstrndup(version, n);
}

/*
 * An '===' version runs up to a blank, ';' or ')', commas included; like
 * packaging, split it at the commas again: what follows each comma must
 * be a specifier of its own, whole.
 */
static int split_arbitrary(struct rscan *p, size_t n)
{
	const char *v = p->s + p->pos;
	const char *comma = memchr(v, ',', n);
	struct rscan sub;

	add_spec(p, "===", v, comma ? (size_t)(comma - v) : n);
	while (comma) {
		const char *piece = comma + 1, *op;
		size_t len, m;

		comma = memchr(piece, ',', n - (size_t)(piece - v));
		len = comma ? (size_t)(comma - piece) : n - (size_t)(piece - v);
		if (!len)
			continue;
		sub = *p;
		sub.s = piece;
		sub.len = len;
		sub.pos = 0;
		if (match_spec(&sub, &op, &m) <= 0 || sub.pos + m != len)
			return fail_at(p, (size_t)(piece - p->s), "%s",
				       "invalid version specifier after ','");
		add_spec(p, op, piece + sub.pos, m);
	}
	p->pos += n;
	return 0;
}

/* One specifier if there is one here: 1 if found, 0 if not, -1 on error. */
static int parse_spec(struct rscan *p)
{
	size_t start = p->pos, n = 0;
	const char *op;
	int r = match_spec(p, &op, &n);

	if (r <= 0)
		return r;
	if (!strcmp(op, "==="))
		return split_arbitrary(p, n) < 0 ? -1 : 1;
	add_spec(p, op, p->s + p->pos, n);
	p->pos += n;
	if (starts(p, ".*"))
		return fail_at(p, start, "%s", strcmp(op, "==") && strcmp(op, "!=") ?
			       "a '.*' suffix can only be used with the '==' or '!=' operators" :
			       "a '.*' suffix cannot be used with pre-release, post-release, dev or local versions");
	if (peek(p, 0) == '+' && ((peek(p, 1) >= 'a' && peek(p, 1) <= 'z') ||
				  (peek(p, 1) >= '0' && peek(p, 1) <= '9')))
		return fail_at(p, start, "%s", "a local version label can only be used with the '==' or '!=' operators");
	return 1;
}

static int parse_specifiers(struct rscan *p)
{
	size_t open = p->pos;
	int paren = peek(p, 0) == '(', r;

	if (paren)
		p->pos++;
	skip_ws(p);
	while ((r = parse_spec(p)) > 0) {
		skip_ws(p);
		if (peek(p, 0) != ',')
			break;
		p->pos++;
		skip_ws(p);
	}
	if (r < 0)
		return -1;
	skip_ws(p);
	if (paren && peek(p, 0) != ')')
		return fail_at(p, open, "%s", "expected ')' to close the version specifiers");
	if (paren)
		p->pos++;
	return 0;
}

/* Markers. */

static const char *const marker_vars[] = {
	"python_version", "python_full_version", "os.name", "os_name",
	"sys.platform", "sys_platform", "platform_release", "platform_system",
	"platform.version", "platform_version", "platform.machine",
	"platform_machine", "platform.python_implementation",
	"platform_python_implementation", "python_implementation",
	"implementation_name", "implementation_version", "extras", "extra",
	"dependency_groups", NULL
};

/* A side of a comparison, normalized: 1 for a variable, 0 a string. */
struct marker_side {
	struct strbuf text;
	int is_var;
};

static int parse_marker_var(struct rscan *p, struct marker_side *side)
{
	int q = peek(p, 0), i;

	sb_reset(&side->text);
	if (q == '"' || q == '\'') {
		size_t start = p->pos++;

		while (!at_end(p) && peek(p, 0) != q) {
			int c = peek(p, 0);

			if (c == '\\' || (c < 0x20 && c != '\t') || c == 0x7f)
				return fail(p, c == '\\' ? "backslashes are not allowed in marker strings"
					    : "control characters are not allowed in marker strings");
			sb_addc(&side->text, c);
			p->pos++;
		}
		if (at_end(p))
			return fail_at(p, start, "%s", "unterminated string in the marker");
		p->pos++;
		side->is_var = 0;
		return 0;
	}
	for (i = 0; marker_vars[i]; i++) {
		size_t n = strlen(marker_vars[i]);

		if (starts(p, marker_vars[i]) && boundary(p, p->pos) &&
		    boundary(p, p->pos + n)) {
			const char *name = marker_vars[i];
			size_t j;

			if (!strcmp(name, "python_implementation"))
				name = "platform_python_implementation";
			sb_adds(&side->text, name);
			for (j = 0; j < side->text.len; j++)
				if (side->text.buf[j] == '.')
					side->text.buf[j] = '_';
			p->pos += n;
			side->is_var = 1;
			return 0;
		}
	}
	return fail(p, "expected a marker variable or a quoted string");
}

/* A keyword such as "and" standing as a whole word here. */
static int keyword(const struct rscan *p, const char *word)
{
	return starts(p, word) && boundary(p, p->pos) &&
	       boundary(p, p->pos + strlen(word));
}

static int parse_marker_op(struct rscan *p, struct strbuf *out)
{
	static const char *const ops[] = {
		"===", "==", "~=", "!=", "<=", ">=", "<", ">", NULL
	};
	int i;

	if (keyword(p, "in")) {
		p->pos += 2;
		sb_adds(out, "in");
		return 0;
	}
	if (keyword(p, "not")) {
		p->pos += 3;
		if (!skip_ws(p))
			return fail(p, "expected a blank after 'not'");
		if (!keyword(p, "in"))
			return fail(p, "expected 'in' after 'not'");
		p->pos += 2;
		sb_adds(out, "not in");
		return 0;
	}
	for (i = 0; ops[i]; i++) {
		if (starts(p, ops[i])) {
			p->pos += strlen(ops[i]);
			sb_adds(out, ops[i]);
			return 0;
		}
	}
	return fail(p, "expected a marker operator: one of <=, <, !=, ==, >=, >, ~=, ===, in, not in");
}

static void add_side(struct strbuf *out, const struct marker_side *side)
{
	if (side->is_var)
		sb_add(out, side->text.buf, side->text.len);
	else if (!strchr(side->text.buf, '"'))
		sb_addf(out, "\"%s\"", side->text.buf);
	else
		sb_addf(out, "'%s'", side->text.buf);
}

/* Extra and dependency-group names compare normalized (PEP 685). */
static void normalize_side(struct marker_side *side)
{
	struct strbuf canon = STRBUF_INIT;

	pep508_canonical_name(side->text.buf, &canon);
	sb_reset(&side->text);
	sb_add(&side->text, canon.buf, canon.len);
	sb_release(&canon);
}

static int parse_marker_item(struct rscan *p, struct strbuf *out)
{
	struct marker_side lhs = { STRBUF_INIT, 0 }, rhs = { STRBUF_INIT, 0 };
	struct strbuf op = STRBUF_INIT;
	int r = -1;

	if (parse_marker_var(p, &lhs) < 0)
		goto done;
	skip_ws(p);
	if (parse_marker_op(p, &op) < 0)
		goto done;
	skip_ws(p);
	if (parse_marker_var(p, &rhs) < 0)
		goto done;
	if (lhs.is_var && !strcmp(lhs.text.buf, "extra") && !rhs.is_var)
		normalize_side(&rhs);
	else if (rhs.is_var && !lhs.is_var &&
		 (!strcmp(rhs.text.buf, "extra") || !strcmp(rhs.text.buf, "extras") ||
		  !strcmp(rhs.text.buf, "dependency_groups")))
		normalize_side(&lhs);
	add_side(out, &lhs);
	sb_addf(out, " %s ", op.buf);
	add_side(out, &rhs);
	r = 0;
done:
	sb_release(&lhs.text);
	sb_release(&rhs.text);
	sb_release(&op);
	return r;
}

/*
 * A marker expression is written two ways: `top` as the whole marker or
 * a lone group, `nested` as part of a longer expression, where a group of
 * several terms keeps its parentheses (packaging's _format_marker).
 */
struct marker_text {
	struct strbuf top, nested;
};

static int parse_marker_expr(struct rscan *p, struct marker_text *out);

static int parse_marker_atom(struct rscan *p, struct marker_text *out)
{
	size_t open;
	int r;

	skip_ws(p);
	if (peek(p, 0) != '(') {
		r = parse_marker_item(p, &out->top);
		sb_add(&out->nested, out->top.buf, out->top.len);
		skip_ws(p);
		return r;
	}
	if (p->depth >= MARKER_MAX_DEPTH)
		return fail(p, "marker groups nest too deeply");
	open = p->pos++;
	p->depth++;
	skip_ws(p);
	r = parse_marker_expr(p, out);
	p->depth--;
	if (r < 0)
		return -1;
	skip_ws(p);
	if (peek(p, 0) != ')')
		return fail_at(p, open, "%s", "expected ')' to close the marker group");
	p->pos++;
	skip_ws(p);
	return 0;
}

static int parse_marker_expr(struct rscan *p, struct marker_text *out)
{
	struct marker_text atom = { STRBUF_INIT, STRBUF_INIT };
	struct strbuf joined = STRBUF_INIT;
	int terms = 0, r = -1;

	for (;;) {
		sb_reset(&atom.top);
		sb_reset(&atom.nested);
		if (parse_marker_atom(p, &atom) < 0)
			goto done;
		if (!terms++) {
			sb_add(&out->top, atom.top.buf, atom.top.len);
			sb_add(&out->nested, atom.nested.buf, atom.nested.len);
		}
		sb_add(&joined, atom.nested.buf, atom.nested.len);
		if (keyword(p, "and") || keyword(p, "or")) {
			const char *op = peek(p, 0) == 'a' ? "and" : "or";

			p->pos += strlen(op);
			sb_addf(&joined, " %s ", op);
			continue;
		}
		break;
	}
	if (terms > 1) {
		sb_reset(&out->top);
		sb_add(&out->top, joined.buf, joined.len);
		sb_reset(&out->nested);
		sb_addf(&out->nested, "(%s)", joined.buf);
	}
	r = 0;
done:
	sb_release(&atom.top);
	sb_release(&atom.nested);
	sb_release(&joined);
	return r;
}

static int parse_marker(struct rscan *p)
{
	struct marker_text m = { STRBUF_INIT, STRBUF_INIT };
	int r;

	p->pos++;	/* ';' */
	r = parse_marker_expr(p, &m);
	if (!r)
		p->r->marker = sb_detach(&m.top, NULL);
	sb_release(&m.top);
	sb_release(&m.nested);
	skip_ws(p);
	return r;
}

/* The requirement. */

static int parse_url_details(struct rscan *p)
{
	size_t start;

	p->pos++;	/* '@' */
	skip_ws(p);
	start = p->pos;
	while (!at_end(p) && peek(p, 0) != ' ' && peek(p, 0) != '\t')
		p->pos++;
	if (p->pos == start)
		return fail(p, "expected a URL after '@'");
	p->r->url = xstrndup(p->s + start, p->pos - start);
	if (at_end(p))
		return 0;
	skip_ws(p);
	if (at_end(p))
		return 0;
	if (peek(p, 0) != ';')
		return fail(p, "expected ';' before a marker, or the end, after the URL and a blank");
	return parse_marker(p);
}

static int parse_requirement(struct rscan *p)
{
	size_t n;

	skip_ws(p);
	n = name_length(p);
	if (!n)
		return fail(p, "expected a project name");
	p->r->name = take(p, n);
	skip_ws(p);
	if (parse_extras(p) < 0)
		return -1;
	skip_ws(p);
	if (peek(p, 0) == '@') {
		if (parse_url_details(p) < 0)
			return -1;
	} else {
		if (parse_specifiers(p) < 0)
			return -1;
		skip_ws(p);
		if (!at_end(p) && peek(p, 0) != ';')
			return fail(p, p->r->nspecs ?
				    "expected ',' between version specifiers, ';' before a marker, or the end" :
				    "expected a version specifier, ';' before a marker, or the end");
		if (!at_end(p) && parse_marker(p) < 0)
			return -1;
	}
	if (!at_end(p))
		return fail(p, "unexpected text after the requirement");
	return 0;
}

void pep508_requirement_init(struct pep508_requirement *r)
{
	memset(r, 0, sizeof(*r));
}

void pep508_requirement_release(struct pep508_requirement *r)
{
	size_t i;

	free(r->name);
	for (i = 0; i < r->nextras; i++)
		free(r->extras[i]);
	free(r->extras);
	for (i = 0; i < r->nspecs; i++) {
		free(r->specs[i].op);
		free(r->specs[i].version);
	}
	free(r->specs);
	free(r->url);
	free(r->marker);
	pep508_requirement_init(r);
}

int pep508_parse(const char *s, size_t len, struct pep508_requirement *r,
		 size_t *where, struct err *e)
{
	struct rscan p;
	const char *nul = memchr(s, '\0', len);

	memset(&p, 0, sizeof(p));
	p.s = s;
	p.len = nul ? (size_t)(nul - s) : len;
	p.e = e;
	p.r = r;
	pep508_requirement_release(r);
	if (parse_requirement(&p) < 0 || (nul && fail(&p, "unexpected NUL byte") < 0)) {
		pep508_requirement_release(r);
		if (where)
			*where = p.where;
		return -1;
	}
	return 0;
}
