/*
 * A recursive-descent parser over pylex tokens for Python literals and for
 * modules made of literal assignments. Nothing is ever evaluated: names
 * other than True, False and None are errors.
 */
#include "pyliteral.h"
#include "pylex.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Deep enough for any real file, shallow enough for the C stack. */
#define MAX_DEPTH 100

struct parser {
	struct pylex lx;
	struct err *e;
	int depth;
	size_t prev_end;	/* end of the token before the current one */
};

static const char statement_hint[] =
	"the file is read as data, not run: only 'NAME = literal' "
	"assignments and docstrings are allowed";

void pyval_release(struct pyval *v)
{
	size_t i;

	for (i = 0; i < v->nr; i++)
		pyval_release(&v->items[i]);
	free(v->items);
	free(v->text);
	memset(v, 0, sizeof(*v));
}

const char *pyval_kind_name(enum pyval_kind kind)
{
	switch (kind) {
	case PYVAL_NONE: return "None";
	case PYVAL_BOOL: return "bool";
	case PYVAL_INT: return "int";
	case PYVAL_FLOAT: return "float";
	case PYVAL_STR: return "str";
	case PYVAL_BYTES: return "bytes";
	case PYVAL_TUPLE: return "tuple";
	case PYVAL_LIST: return "list";
	case PYVAL_DICT: return "dict";
	}
	return "?";
}

static void set_text(struct pyval *v, enum pyval_kind kind, const char *s,
		     size_t len)
{
	v->kind = kind;
	v->text = xmalloc(st_add(len, 1));
	memcpy(v->text, s, len);
	v->text[len] = '\0';
	v->len = len;
}

static void pyval_copy(struct pyval *dst, const struct pyval *src)
{
	size_t i;

	*dst = *src;
	dst->items = NULL;
	dst->nr = dst->alloc = 0;
	if (src->text)
		set_text(dst, src->kind, src->text, src->len);
	for (i = 0; i < src->nr; i++) {
		ALLOC_GROW(dst->items, dst->nr + 1, dst->alloc);
		pyval_copy(&dst->items[dst->nr++], &src->items[i]);
	}
}

static struct pytok *tok(struct parser *p)
{
	return &p->lx.tok;
}

static int is_op(struct parser *p, int c)
{
	return tok(p)->kind == PYTOK_OP && tok(p)->op == c;
}

static int next(struct parser *p)
{
	p->prev_end = tok(p)->end;
	return pylex_next(&p->lx, p->e);
}

/* "expected WHAT, found TOKEN" at the current token. */
static int unexpected(struct parser *p, const char *what)
{
	struct strbuf found = STRBUF_INIT;

	pylex_describe(tok(p), &found);
	err_at(p->e, p->lx.file, tok(p)->line, tok(p)->col,
	       "expected %s, found %s", what, found.buf);
	sb_release(&found);
	return -1;
}

static int is_constant(const char *name)
{
	return !strcmp(name, "None") || !strcmp(name, "True") ||
	       !strcmp(name, "False");
}

static int parse_value(struct parser *p, struct pyval *out);

static struct pyval *new_item(struct pyval *v)
{
	struct pyval *item;

	ALLOC_GROW(v->items, v->nr + 1, v->alloc);
	item = &v->items[v->nr++];
	memset(item, 0, sizeof(*item));
	return item;
}

/* Adjacent string literals are one value; str and bytes do not mix. */
static int parse_strings(struct parser *p, struct pyval *out)
{
	enum pytok_kind kind = tok(p)->kind;
	struct strbuf acc = STRBUF_INIT;
	int ret = 0;

	while (tok(p)->kind == PYTOK_STR || tok(p)->kind == PYTOK_BYTES) {
		if (tok(p)->kind != kind) {
			ret = err_at(p->e, p->lx.file, tok(p)->line, tok(p)->col,
				     "cannot join bytes and str literals");
			break;
		}
		sb_add(&acc, tok(p)->text.buf, tok(p)->text.len);
		if ((ret = next(p)) < 0)
			break;
	}
	if (!ret)
		set_text(out, kind == PYTOK_STR ? PYVAL_STR : PYVAL_BYTES,
			 acc.buf, acc.len);
	sb_release(&acc);
	return ret;
}

/* A number after unary signs; "-0" is 0 but "-0.0" stays. */
static int parse_signed(struct parser *p, struct pyval *out)
{
	struct strbuf num = STRBUF_INIT;
	int neg = 0;

	while (is_op(p, '-') || is_op(p, '+')) {
		neg ^= is_op(p, '-');
		if (next(p) < 0)
			return -1;
	}
	if (tok(p)->kind != PYTOK_INT && tok(p)->kind != PYTOK_FLOAT)
		return unexpected(p, "a number after the sign");
	if (neg && (tok(p)->kind == PYTOK_FLOAT || strcmp(tok(p)->text.buf, "0")))
		sb_addc(&num, '-');
	sb_add(&num, tok(p)->text.buf, tok(p)->text.len);
	set_text(out, tok(p)->kind == PYTOK_INT ? PYVAL_INT : PYVAL_FLOAT,
		 num.buf, num.len);
	sb_release(&num);
	return next(p);
}

static int parse_name(struct parser *p, struct pyval *out)
{
	const char *name = tok(p)->text.buf;

	if (!is_constant(name)) {
		err_at(p->e, p->lx.file, tok(p)->line, tok(p)->col,
		       "'%s' is not a literal", name);
		err_hint(p->e, "%s", statement_hint);
		return -1;
	}
	set_text(out, !strcmp(name, "None") ? PYVAL_NONE : PYVAL_BOOL, name,
		 strlen(name));
	return next(p);
}

/*
 * After an element of a container: ',' (then maybe the end) or the closing
 * bracket. Returns 1 at the end, 0 when another element follows.
 */
static int after_element(struct parser *p, int close, const char *what,
			 int line, int col)
{
	if (is_op(p, ',')) {
		if (next(p) < 0)
			return -1;
		return is_op(p, close);
	}
	if (is_op(p, close))
		return 1;
	unexpected(p, what);
	err_hint(p->e, "the '%c' at %d:%d is not closed", close == ')' ? '(' :
		 close == ']' ? '[' : '{', line, col);
	return -1;
}

/* The elements of a list or tuple up to close; the opener is consumed. */
static int parse_elements(struct parser *p, struct pyval *out, int close,
			  const char *what, int line, int col)
{
	int r = is_op(p, close);

	while (!r) {
		if (parse_value(p, new_item(out)) < 0)
			return -1;
		if ((r = after_element(p, close, what, line, col)) < 0)
			return -1;
	}
	return 0;
}

/* ( ... ): the empty tuple, a parenthesized value, or a tuple. */
static int parse_paren(struct parser *p, struct pyval *out, int line, int col)
{
	struct pyval first = { 0 };

	out->kind = PYVAL_TUPLE;
	if (is_op(p, ')'))
		return 0;
	if (parse_value(p, &first) < 0) {
		pyval_release(&first);
		return -1;
	}
	if (is_op(p, ')')) {
		*out = first;	/* (x) is just x */
		return 0;
	}
	*new_item(out) = first;
	if (!is_op(p, ','))
		return unexpected(p, "',' or ')'");
	if (next(p) < 0)
		return -1;
	return parse_elements(p, out, ')', "',' or ')'", line, col);
}

static int parse_dict(struct parser *p, struct pyval *out, int line, int col)
{
	int r = is_op(p, '}');

	out->kind = PYVAL_DICT;
	while (!r) {
		if (parse_value(p, new_item(out)) < 0)
			return -1;
		if (!is_op(p, ':')) {
			if (out->nr == 1 && (is_op(p, ',') || is_op(p, '}')))
				return err_at(p->e, p->lx.file, line, col,
					      "set literals are not supported");
			return unexpected(p, "':' after the dict key");
		}
		if (next(p) < 0 || parse_value(p, new_item(out)) < 0)
			return -1;
		if ((r = after_element(p, '}', "',' or '}'", line, col)) < 0)
			return -1;
	}
	return 0;
}

static int parse_container(struct parser *p, struct pyval *out)
{
	int open = tok(p)->op, line = tok(p)->line, col = tok(p)->col;
	int r;

	if (p->depth >= MAX_DEPTH)
		return err_at(p->e, p->lx.file, line, col,
			      "literal nested deeper than %d levels", MAX_DEPTH);
	if (next(p) < 0)
		return -1;
	p->depth++;
	if (open == '(') {
		r = parse_paren(p, out, line, col);
	} else if (open == '[') {
		out->kind = PYVAL_LIST;
		r = parse_elements(p, out, ']', "',' or ']'", line, col);
	} else {
		r = parse_dict(p, out, line, col);
	}
	p->depth--;
	return r < 0 ? -1 : next(p);	/* the closing bracket */
}

static int parse_value(struct parser *p, struct pyval *out)
{
	struct pytok *t = tok(p);
	int line = t->line, col = t->col, r;
	size_t start = t->start;

	switch (t->kind) {
	case PYTOK_STR:
	case PYTOK_BYTES:
		r = parse_strings(p, out);
		break;
	case PYTOK_INT:
	case PYTOK_FLOAT:
		set_text(out, t->kind == PYTOK_INT ? PYVAL_INT : PYVAL_FLOAT,
			 t->text.buf, t->text.len);
		r = next(p);
		break;
	case PYTOK_NAME:
		r = parse_name(p, out);
		break;
	case PYTOK_OP:
		if (t->op == '-' || t->op == '+') {
			r = parse_signed(p, out);
			break;
		}
		if (t->op == '(' || t->op == '[' || t->op == '{') {
			r = parse_container(p, out);
			break;
		}
		/* fall through */
	default:
		return unexpected(p, "a value");
	}
	if (r < 0)
		return -1;
	out->line = line;
	out->col = col;
	out->start = start;
	out->end = p->prev_end;
	return 0;
}

/* VALUE or VALUE, VALUE, ...: a bare tuple, as after '=' in Python. */
static int parse_exprlist(struct parser *p, struct pyval *out)
{
	struct pyval first = { 0 };
	int line = tok(p)->line, col = tok(p)->col;
	size_t start = tok(p)->start;

	if (parse_value(p, &first) < 0) {
		pyval_release(&first);
		return -1;
	}
	if (!is_op(p, ',')) {
		*out = first;
		return 0;
	}
	out->kind = PYVAL_TUPLE;
	*new_item(out) = first;
	while (is_op(p, ',')) {
		if (next(p) < 0)
			return -1;
		if (tok(p)->kind == PYTOK_NEWLINE || tok(p)->kind == PYTOK_EOF ||
		    is_op(p, ';'))
			break;
		if (parse_value(p, new_item(out)) < 0)
			return -1;
	}
	out->line = line;
	out->col = col;
	out->start = start;
	out->end = p->prev_end;
	return 0;
}

static int start_parser(struct parser *p, const char *buf, size_t len,
			const char *file, struct err *e)
{
	memset(p, 0, sizeof(*p));
	p->e = e;
	if (pylex_init(&p->lx, buf, len, file, e) < 0)
		return -1;
	return pylex_next(&p->lx, e);
}

int pyliteral_parse(const char *buf, size_t len, const char *file,
		    struct pyval *out, struct err *e)
{
	struct parser p;
	int r;

	memset(out, 0, sizeof(*out));
	r = start_parser(&p, buf, len, file, e);
	if (!r)
		r = parse_exprlist(&p, out);
	if (!r && tok(&p)->kind == PYTOK_NEWLINE)
		r = next(&p);
	if (!r && tok(&p)->kind != PYTOK_EOF)
		r = unexpected(&p, "end of file");
	pylex_release(&p.lx);
	if (r < 0)
		pyval_release(out);
	return r;
}

const struct pyval *pydict_get(const struct pyval *dict, const char *key)
{
	size_t n = strlen(key), i;

	if (dict->kind != PYVAL_DICT)
		return NULL;
	for (i = dict->nr / 2; i-- > 0;) {
		const struct pyval *k = &dict->items[2 * i];

		if (k->kind == PYVAL_STR && k->len == n && !memcmp(k->text, key, n))
			return &dict->items[2 * i + 1];
	}
	return NULL;
}

void pymodule_init(struct pymodule *m)
{
	memset(m, 0, sizeof(*m));
}

void pymodule_release(struct pymodule *m)
{
	size_t i;

	for (i = 0; i < m->nr; i++) {
		free(m->assigns[i].name);
		pyval_release(&m->assigns[i].value);
	}
	free(m->assigns);
	pymodule_init(m);
}

const struct pyval *pymodule_get(const struct pymodule *m, const char *name)
{
	size_t i;

	for (i = m->nr; i-- > 0;)
		if (!strcmp(m->assigns[i].name, name))
			return &m->assigns[i].value;
	return NULL;
}

static int is_target(struct parser *p)
{
	return tok(p)->kind == PYTOK_NAME && !is_constant(tok(p)->text.buf);
}

/*
 * NAME = [NAME = ...] VALUE. The current token is the first NAME. Every
 * target gets its own copy of the value.
 */
static int parse_assignment(struct parser *p, struct pymodule *m)
{
	struct strbuf names = STRBUF_INIT;	/* NUL-separated */
	struct pyval value = { 0 };
	size_t count = 0, off;
	int r = 0;

	while (!r && is_target(p)) {
		int line = tok(p)->line, col = tok(p)->col;

		if (count && pylex_peek_char(&p->lx) != '=')
			break;	/* a name as the value: parse_exprlist says so */
		sb_add(&names, tok(p)->text.buf, tok(p)->text.len + 1);
		count++;
		if ((r = next(p)) < 0)
			break;
		if (!is_op(p, '=')) {
			err_at(p->e, p->lx.file, line, col,
			       "unsupported statement starting with '%s'",
			       names.buf);
			r = err_hint(p->e, "%s", statement_hint);
			break;
		}
		r = next(p);
	}
	if (!r)
		r = parse_exprlist(p, &value);
	for (off = 0; !r && count--; off += strlen(names.buf + off) + 1) {
		struct pyassign *a;

		ALLOC_GROW(m->assigns, m->nr + 1, m->alloc);
		a = &m->assigns[m->nr++];
		a->name = xstrdup(names.buf + off);
		if (count)
			pyval_copy(&a->value, &value);
		else
			a->value = value;
	}
	if (r)
		pyval_release(&value);
	sb_release(&names);
	return r;
}

static int parse_statement(struct parser *p, struct pymodule *m)
{
	struct pyval value = { 0 };
	int r;

	if (is_target(p))
		return parse_assignment(p, m);
	r = parse_exprlist(p, &value);	/* a docstring, or any literal */
	pyval_release(&value);
	return r;
}

int pymodule_parse(const char *buf, size_t len, const char *file,
		   struct pymodule *m, struct err *e)
{
	struct parser p;
	int r;

	pymodule_init(m);
	r = start_parser(&p, buf, len, file, e);
	while (!r && tok(&p)->kind != PYTOK_EOF) {
		if (tok(&p)->kind == PYTOK_NEWLINE || is_op(&p, ';')) {
			r = next(&p);
			continue;
		}
		if ((r = parse_statement(&p, m)) < 0)
			break;
		if (tok(&p)->kind != PYTOK_NEWLINE && tok(&p)->kind != PYTOK_EOF &&
		    !is_op(&p, ';'))
			r = unexpected(&p, "end of statement");
	}
	pylex_release(&p.lx);
	if (r < 0)
		pymodule_release(m);
	return r;
}
