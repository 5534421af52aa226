/*
 * The TOML grammar: expressions line by line, keys, [table] and
 * [[array]] headers, values, arrays, inline tables, and the rules that
 * keep a table from being defined twice (see enum table_kind).
 */
#include "toml_internal.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The root and its arena in one allocation: toml_free() finds both. */
struct toml_doc {
	struct toml_value root;		/* first: the doc is found from it */
	struct arena arena;
};

struct key_part {
	const char *name;
	size_t len;
	int line, col;
};

struct toml_parser {
	struct toml_scanner s;
	struct toml_value *root;
	struct toml_value *section;	/* the table of the current [header] */
	unsigned context;		/* of the section, for dotted keys */
	unsigned contexts;		/* how many were handed out */
	struct key_part *parts;		/* the key being parsed */
	size_t nparts, parts_alloc;
};

static int parse_value(struct toml_parser *p, int depth,
		       struct toml_value **out);

/* Keys. */

static int parse_simple_key(struct toml_parser *p)
{
	struct toml_scanner *s = &p->s;
	struct key_part *k;
	int c = scan_peek(s, 0);

	if (p->nparts == TOML_MAX_DEPTH)
		return scan_error(s, "key has more than %d parts",
				  TOML_MAX_DEPTH);
	ALLOC_GROW(p->parts, p->nparts + 1, p->parts_alloc);
	k = &p->parts[p->nparts];
	k->line = s->line;
	k->col = s->col;
	if (c == '"' || c == '\'') {
		if (scan_string(s, 1, &k->name, &k->len) < 0)
			return -1;
	} else if (scan_is_bare_key_char(c)) {
		scan_bare_key(s, &k->name, &k->len);
	} else {
		struct strbuf found = STRBUF_INIT;

		scan_describe(s, &found);
		scan_error(s, "expected a key, found %s", found.buf);
		sb_release(&found);
		return -1;
	}
	p->nparts++;
	return 0;
}

/* A dotted key: simple keys joined by '.' (with blanks around it). */
static int parse_key(struct toml_parser *p)
{
	p->nparts = 0;
	for (;;) {
		if (parse_simple_key(p) < 0)
			return -1;
		scan_skip_ws(&p->s);
		if (scan_peek(&p->s, 0) != '.')
			return 0;
		scan_advance(&p->s, 1);
		scan_skip_ws(&p->s);
	}
}

/* The key's first n parts as written, for messages: a.b."c d". */
static void key_text(const struct toml_parser *p, size_t n, struct strbuf *out)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct key_part *k = &p->parts[i];
		int bare = k->len > 0;

		for (j = 0; j < k->len; j++)
			bare = bare && scan_is_bare_key_char((unsigned char)k->name[j]);
		if (i)
			sb_addc(out, '.');
		if (bare)
			sb_add(out, k->name, k->len);
		else
			sb_add_json_strn(out, k->name, k->len);
	}
}

/*
 * An error about the key's first n parts, located at part n - 1. fmt has
 * one %s, for the key as written.
 */
static int key_error(struct toml_parser *p, size_t n, const char *fmt)
{
	struct strbuf key = STRBUF_INIT;
	const struct key_part *k = &p->parts[n - 1];

	key_text(p, n, &key);
	scan_error_at(&p->s, k->line, k->col, fmt, key.buf);
	sb_release(&key);
	return -1;
}

/* The key's first n parts already hold a value of another kind. */
static int key_taken(struct toml_parser *p, size_t n, const char *what)
{
	struct strbuf key = STRBUF_INIT;
	const struct key_part *k = &p->parts[n - 1];

	key_text(p, n, &key);
	scan_error_at(&p->s, k->line, k->col,
		      "key '%s' is already defined as %s", key.buf, what);
	sb_release(&key);
	return -1;
}

/* "an integer", "a string", ... for messages. */
static const char *a_type(enum toml_type type)
{
	switch (type) {
	case TOML_INTEGER: return "an integer";
	case TOML_ARRAY: return "an array";
	case TOML_BOOL: return "a boolean";
	case TOML_DATE_LOCAL: return "a local date";
	case TOML_TIME_LOCAL: return "a local time";
	case TOML_DATETIME_LOCAL: return "a local date-time";
	case TOML_DATETIME: return "a date-time";
	case TOML_FLOAT: return "a float";
	case TOML_STRING: return "a string";
	case TOML_TABLE: return "a table";
	}
	return "a value";
}

/* Depth checks happen where containers are made. */
static int check_depth(struct toml_parser *p, int depth, int line, int col)
{
	if (depth <= TOML_MAX_DEPTH)
		return 0;
	return scan_error_at(&p->s, line, col,
			     "nesting too deep (the limit is %d levels)",
			     TOML_MAX_DEPTH);
}

static struct toml_value *add_table(struct toml_parser *p,
				    struct toml_value *parent,
				    const struct key_part *k,
				    enum table_kind kind)
{
	int depth = parent->u.table->depth + 1;
	struct toml_value *t;

	if (check_depth(p, depth, k->line, k->col) < 0)
		return NULL;
	t = tree_new_table(p->s.arena, kind, depth, k->line, k->col);
	tree_table_add(p->s.arena, parent, k->name, k->len, k->line, k->col, t);
	return t;
}

static struct toml_value *find(struct toml_value *table,
			       const struct key_part *k)
{
	const struct toml_entry *en = toml_find_entry(table, k->name, k->len);

	return en ? en->value : NULL;
}

/* Headers: [a.b.c] and [[a.b.c]]. */

/* Steps from t into part i of a header's key, making it if needed. */
static struct toml_value *header_step(struct toml_parser *p,
				      struct toml_value *t, size_t i)
{
	struct toml_value *v = find(t, &p->parts[i]);

	if (!v)
		return add_table(p, t, &p->parts[i], TABLE_IMPLICIT);
	if (v->type == TOML_TABLE && v->u.table->kind != TABLE_INLINE)
		return v;
	if (v->type == TOML_TABLE)
		key_error(p, i + 1, "cannot add to inline table '%s'");
	else if (v->type == TOML_ARRAY && v->u.array->of_tables)
		return v->u.array->items[v->u.array->count - 1];
	else if (v->type == TOML_ARRAY)
		key_error(p, i + 1, "cannot add to '%s': it is a static array");
	else
		key_taken(p, i + 1, a_type(v->type));
	return NULL;
}

/* [a.b.c]: defines the last part, which may exist only implicitly. */
static struct toml_value *define_table(struct toml_parser *p,
				       struct toml_value *t)
{
	size_t n = p->nparts;
	struct toml_value *v = find(t, &p->parts[n - 1]);

	if (!v)
		return add_table(p, t, &p->parts[n - 1], TABLE_HEADER);
	if (v->type == TOML_TABLE) {
		switch (v->u.table->kind) {
		case TABLE_IMPLICIT:
			v->u.table->kind = TABLE_HEADER;
			return v;
		case TABLE_HEADER:
			key_error(p, n, "table '%s' is defined more than once");
			break;
		case TABLE_DOTTED:
			key_error(p, n, "table '%s' is already defined by dotted keys");
			break;
		case TABLE_INLINE:
			key_error(p, n, "table '%s' is already defined as an inline table");
			break;
		}
	} else if (v->type == TOML_ARRAY && v->u.array->of_tables) {
		key_error(p, n, "table '%s' is already defined as an array of tables");
	} else {
		key_taken(p, n, a_type(v->type));
	}
	return NULL;
}

/* [[a.b.c]]: appends a table to the array of tables, made if needed. */
static struct toml_value *append_table(struct toml_parser *p,
				       struct toml_value *t)
{
	const struct key_part *k = &p->parts[p->nparts - 1];
	struct toml_value *v = find(t, k), *elem;
	int depth = t->u.table->depth + 1;

	if (!v) {
		if (check_depth(p, depth + 1, k->line, k->col) < 0)
			return NULL;
		v = tree_new_array(p->s.arena, depth, k->line, k->col);
		v->u.array->of_tables = 1;
		tree_table_add(p->s.arena, t, k->name, k->len, k->line, k->col, v);
	} else if (v->type == TOML_ARRAY && !v->u.array->of_tables) {
		key_error(p, p->nparts, "cannot append to static array '%s'");
		return NULL;
	} else if (v->type != TOML_ARRAY) {
		key_taken(p, p->nparts, v->type == TOML_TABLE ?
			  "a table, not an array of tables" : a_type(v->type));
		return NULL;
	}
	elem = tree_new_table(p->s.arena, TABLE_HEADER, depth + 1,
			      k->line, k->col);
	tree_array_add(p->s.arena, v, elem);
	return elem;
}

static int parse_header(struct toml_parser *p)
{
	struct toml_scanner *s = &p->s;
	int aot = scan_peek(s, 1) == '[';
	struct toml_value *t = p->root;
	size_t i;

	scan_advance(s, aot ? 2 : 1);
	scan_skip_ws(s);
	if (parse_key(p) < 0)
		return -1;
	if (scan_peek(s, 0) != ']' || (aot && scan_peek(s, 1) != ']')) {
		struct strbuf found = STRBUF_INIT;

		if (scan_peek(s, 0) == ']')
			scan_advance(s, 1);
		scan_describe(s, &found);
		scan_error(s, "expected '%s' to close the table header, found %s",
			   aot ? "]]" : "]", found.buf);
		sb_release(&found);
		return -1;
	}
	scan_advance(s, aot ? 2 : 1);
	for (i = 0; i + 1 < p->nparts && t; i++)
		t = header_step(p, t, i);
	if (t)
		t = aot ? append_table(p, t) : define_table(p, t);
	if (!t)
		return -1;
	p->section = t;
	p->context = ++p->contexts;
	return 0;
}

/* Key/value pairs. */

/*
 * Walks the dotted part of a key from table t. Tables on the way must be
 * made by dotted keys in this same context (or be implicit, then claimed).
 */
static struct toml_value *dotted_parent(struct toml_parser *p,
					struct toml_value *t, unsigned context)
{
	size_t i;

	for (i = 0; i + 1 < p->nparts; i++) {
		struct toml_value *v = find(t, &p->parts[i]);
		struct toml_table *sub;

		if (!v) {
			t = add_table(p, t, &p->parts[i], TABLE_DOTTED);
			if (!t)
				return NULL;
			t->u.table->owner = context;
			continue;
		}
		if (v->type != TOML_TABLE) {
			key_taken(p, i + 1, a_type(v->type));
			return NULL;
		}
		sub = v->u.table;
		if (sub->kind == TABLE_IMPLICIT) {
			sub->kind = TABLE_DOTTED;
			sub->owner = context;
		} else if (sub->kind != TABLE_DOTTED || sub->owner != context) {
			key_error(p, i + 1, sub->kind == TABLE_INLINE ?
				  "cannot add to inline table '%s'" :
				  "cannot add to table '%s' with dotted keys: it is defined elsewhere");
			return NULL;
		}
		t = v;
	}
	return t;
}

/* key = value, into table t; the cursor is at the key. */
static int parse_keyval(struct toml_parser *p, struct toml_value *t,
			unsigned context)
{
	struct toml_scanner *s = &p->s;
	struct toml_value *parent, *v;
	struct key_part last;

	if (parse_key(p) < 0)
		return -1;
	if (scan_peek(s, 0) != '=') {
		struct strbuf found = STRBUF_INIT;

		scan_describe(s, &found);
		scan_error(s, "expected '=' after the key, found %s", found.buf);
		sb_release(&found);
		return -1;
	}
	scan_advance(s, 1);
	scan_skip_ws(s);
	parent = dotted_parent(p, t, context);
	if (!parent)
		return -1;
	if (find(parent, &p->parts[p->nparts - 1]))
		return key_error(p, p->nparts, "duplicate key '%s'");
	/* the value may be an inline table, which reuses p->parts */
	last = p->parts[p->nparts - 1];
	if (parse_value(p, parent->u.table->depth + 1, &v) < 0)
		return -1;
	tree_table_add(s->arena, parent, last.name, last.len, last.line,
		       last.col, v);
	return 0;
}

/* Values. */

/* Blanks, newlines and comments between the items of an array. */
static int skip_array_space(struct toml_scanner *s)
{
	for (;;) {
		scan_skip_ws(s);
		if (scan_at_newline(s))
			scan_skip_newline(s);
		else if (scan_peek(s, 0) == '#') {
			if (scan_skip_comment(s) < 0)
				return -1;
		} else
			return 0;
	}
}

static int expected_error(struct toml_scanner *s, const char *what)
{
	struct strbuf found = STRBUF_INIT;

	scan_describe(s, &found);
	scan_error(s, "expected %s, found %s", what, found.buf);
	sb_release(&found);
	return -1;
}

static int parse_array(struct toml_parser *p, int depth,
		       struct toml_value **out)
{
	struct toml_scanner *s = &p->s;
	struct toml_value *arr = tree_new_array(s->arena, depth, s->line, s->col);

	scan_advance(s, 1);	/* '[' */
	for (;;) {
		struct toml_value *item;

		if (skip_array_space(s) < 0)
			return -1;
		if (scan_peek(s, 0) == ']')
			break;
		if (parse_value(p, depth + 1, &item) < 0)
			return -1;
		tree_array_add(s->arena, arr, item);
		if (skip_array_space(s) < 0)
			return -1;
		if (scan_peek(s, 0) == ',') {
			scan_advance(s, 1);
			continue;
		}
		if (scan_peek(s, 0) == ']')
			break;
		return expected_error(s, "',' or ']' in the array");
	}
	scan_advance(s, 1);
	*out = arr;
	return 0;
}

/* { a = 1, b.c = 2 }: one line, no trailing comma, closed afterwards. */
static int parse_inline_table(struct toml_parser *p, int depth,
			      struct toml_value **out)
{
	struct toml_scanner *s = &p->s;
	struct toml_value *t = tree_new_table(s->arena, TABLE_INLINE, depth,
					      s->line, s->col);
	unsigned context = ++p->contexts;

	scan_advance(s, 1);	/* '{' */
	scan_skip_ws(s);
	if (scan_peek(s, 0) == '}') {
		scan_advance(s, 1);
		*out = t;
		return 0;
	}
	for (;;) {
		if (scan_at_newline(s))
			return scan_error(s, "newlines are not allowed in an inline table");
		if (parse_keyval(p, t, context) < 0)
			return -1;
		scan_skip_ws(s);
		if (scan_peek(s, 0) == '}')
			break;
		if (scan_peek(s, 0) != ',')
			return expected_error(s, "',' or '}' in the inline table");
		scan_advance(s, 1);
		scan_skip_ws(s);
		if (scan_peek(s, 0) == '}')
			return scan_error(s, "trailing comma not allowed in an inline table");
	}
	scan_advance(s, 1);
	*out = t;
	return 0;
}

static int parse_value(struct toml_parser *p, int depth,
		       struct toml_value **out)
{
	struct toml_scanner *s = &p->s;
	int c = scan_peek(s, 0);
	struct toml_value *v;

	if (c == '[' || c == '{') {
		if (check_depth(p, depth, s->line, s->col) < 0)
			return -1;
		return c == '[' ? parse_array(p, depth, out)
				: parse_inline_table(p, depth, out);
	}
	if (c < 0 || scan_at_newline(s) || c == '#' || c == ',' ||
	    c == ']' || c == '}')
		return expected_error(s, "a value");
	v = tree_new_value(s->arena, TOML_STRING, s->line, s->col);
	if (c == '"' || c == '\'') {
		if (scan_string(s, 0, &v->u.str.ptr, &v->u.str.len) < 0)
			return -1;
	} else if (scan_scalar(s, v) < 0) {
		return -1;
	}
	*out = v;
	return 0;
}

/* The document. */

/* After an expression: blanks, a comment, then the end of the line. */
static int parse_line_end(struct toml_parser *p)
{
	struct toml_scanner *s = &p->s;

	scan_skip_ws(s);
	if (scan_peek(s, 0) == '#' && scan_skip_comment(s) < 0)
		return -1;
	if (scan_eof(s))
		return 0;
	if (!scan_at_newline(s))
		return expected_error(s, "the end of the line");
	scan_skip_newline(s);
	return 0;
}

static int parse_document(struct toml_parser *p)
{
	struct toml_scanner *s = &p->s;

	if (scan_check_encoding(s) < 0)
		return -1;
	if (s->len >= 3 && !memcmp(s->buf, "\xEF\xBB\xBF", 3))
		s->pos = 3;	/* a byte order mark; columns start after it */
	while (!scan_eof(s)) {
		int c;

		scan_skip_ws(s);
		c = scan_peek(s, 0);
		if (c == '[') {
			if (parse_header(p) < 0)
				return -1;
		} else if (c >= 0 && c != '#' && !scan_at_newline(s)) {
			if (parse_keyval(p, p->section, p->context) < 0)
				return -1;
		}
		if (parse_line_end(p) < 0)
			return -1;
	}
	return 0;
}

struct toml_value *toml_parse(const char *buf, size_t len,
			      const char *filename, struct err *e)
{
	struct toml_doc *doc = xcalloc(1, sizeof(*doc));
	struct toml_parser p;
	int r;

	memset(&p, 0, sizeof(p));
	arena_init(&doc->arena);
	p.s.buf = buf;
	p.s.len = len;
	p.s.line = p.s.col = 1;
	p.s.file = filename;
	p.s.e = e;
	p.s.arena = &doc->arena;
	sb_init(&p.s.scratch);
	doc->root.type = TOML_TABLE;
	doc->root.line = doc->root.col = 1;
	doc->root.u.table = arena_alloc(&doc->arena, sizeof(struct toml_table));
	memset(doc->root.u.table, 0, sizeof(struct toml_table));
	doc->root.u.table->kind = TABLE_HEADER;
	p.root = p.section = &doc->root;

	r = parse_document(&p);
	sb_release(&p.s.scratch);
	free(p.parts);
	if (r < 0) {
		toml_free(&doc->root);
		return NULL;
	}
	return &doc->root;
}

void toml_free(struct toml_value *root)
{
	struct toml_doc *doc = (struct toml_doc *)root;

	if (!doc)
		return;
	arena_release(&doc->arena);
	free(doc);
}
