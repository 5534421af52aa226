/*
 * The .def parser: a line-oriented scanner (every statement and every export
 * entry sits on one line in the files real tools write) feeding a small
 * statement parser. See deffile.h for the accepted syntax.
 */
#include "deffile.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum token_kind {
	TOK_END,	/* end of the line (or a comment) */
	TOK_WORD,	/* a run of characters up to blank, ';', '=' or '"' */
	TOK_QUOTED,	/* "..." (text without the quotes) */
	TOK_EQ,		/* = */
	TOK_EQEQ,	/* == */
};

struct token {
	enum token_kind kind;
	const char *text;
	size_t len;
	int col;
};

struct scanner {
	const char *buf;
	size_t len;
	size_t pos;		/* next byte to read */
	size_t line_start;	/* offset of the current line */
	int line;
	const char *file;
	struct err *e;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int col_of(const struct scanner *s, size_t pos)
{
	size_t c = pos - s->line_start + 1;

	return c > 1000000 ? 1000000 : (int)c;
}

static int scan_error_at(struct scanner *s, int col, const char *what,
			 const struct token *t)
{
	if (t)
		return err_at(s->e, s->file, s->line, col, "%s '%.*s'", what,
			      (int)(t->len > 80 ? 80 : t->len), t->text);
	return err_at(s->e, s->file, s->line, col, "%s", what);
}

/* Reads the next token of the current line; never passes a '\n'. */
static int next_token(struct scanner *s, struct token *t)
{
	const char *b = s->buf;
	size_t start;

	while (s->pos < s->len && is_blank(b[s->pos]))
		s->pos++;
	t->col = col_of(s, s->pos);
	t->text = b + s->pos;
	t->len = 0;
	if (s->pos >= s->len || b[s->pos] == '\n' || b[s->pos] == ';') {
		while (s->pos < s->len && b[s->pos] != '\n')
			s->pos++;
		t->kind = TOK_END;
		return 0;
	}
	if (b[s->pos] == '\0')
		return scan_error_at(s, t->col, "unexpected NUL byte", NULL);
	if (b[s->pos] == '=') {
		int two = s->pos + 1 < s->len && b[s->pos + 1] == '=';

		t->kind = two ? TOK_EQEQ : TOK_EQ;
		t->len = two ? 2 : 1;
		s->pos += t->len;
		return 0;
	}
	if (b[s->pos] == '"') {
		start = ++s->pos;
		while (s->pos < s->len && b[s->pos] != '"' && b[s->pos] != '\n' &&
		       b[s->pos] != '\0')
			s->pos++;
		if (s->pos >= s->len || b[s->pos] != '"')
			return scan_error_at(s, t->col, "unterminated quoted name", NULL);
		t->kind = TOK_QUOTED;
		t->text = b + start;
		t->len = s->pos - start;
		s->pos++;
		if (!t->len)
			return scan_error_at(s, t->col, "empty quoted name", NULL);
		return 0;
	}
	start = s->pos;
	while (s->pos < s->len && !is_blank(b[s->pos]) && b[s->pos] != '\n' &&
	       b[s->pos] != ';' && b[s->pos] != '=' && b[s->pos] != '"' &&
	       b[s->pos] != '\0')
		s->pos++;
	t->kind = TOK_WORD;
	t->len = s->pos - start;
	return 0;
}

/* Moves to the start of the next line; returns 0 at the end of the input. */
static int next_line(struct scanner *s)
{
	while (s->pos < s->len && s->buf[s->pos] != '\n')
		s->pos++;
	if (s->pos >= s->len)
		return 0;
	s->pos++;
	s->line_start = s->pos;
	s->line++;
	return s->pos < s->len;
}

static int word_is(const struct token *t, const char *kw)
{
	return t->kind == TOK_WORD && t->len == strlen(kw) &&
	       !memcmp(t->text, kw, t->len);
}

static int is_name(const struct token *t)
{
	return t->kind == TOK_WORD || t->kind == TOK_QUOTED;
}

static char *token_dup(const struct token *t)
{
	return xstrndup(t->text, t->len);
}

static int expect_end(struct scanner *s, const char *after)
{
	struct token t;

	if (next_token(s, &t) < 0)
		return -1;
	if (t.kind == TOK_END)
		return 0;
	err_at(s->e, s->file, s->line, t.col, "unexpected '%.*s' after %s",
	       (int)(t.len > 80 ? 80 : t.len), t.len ? t.text : "=", after);
	return -1;
}

/* Parses a number in base (10, or 0 for C's 0x/0 prefixes) into *out. */
static int parse_number(const struct token *t, int base, unsigned long *out)
{
	char tmp[32];
	char *end;

	if (t->kind != TOK_WORD || !t->len || t->len >= sizeof(tmp) ||
	    t->text[0] < '0' || t->text[0] > '9')
		return -1;
	memcpy(tmp, t->text, t->len);
	tmp[t->len] = '\0';
	*out = strtoul(tmp, &end, base);
	return *end ? -1 : 0;
}

/* "@5", or "@" followed by "5": t is the word starting with '@'. */
static int parse_ordinal(struct scanner *s, const struct token *t,
			 struct def_export *x)
{
	struct token num = *t;
	unsigned long v;

	num.text++;
	num.len--;
	num.col++;
	if (!num.len && next_token(s, &num) < 0)
		return -1;
	if (num.kind == TOK_END || parse_number(&num, 10, &v) < 0)
		return err_at(s->e, s->file, s->line, num.col,
			      "expected an ordinal number after '@' in export '%s'",
			      x->name);
	if (v < 1 || v > 65535)
		return err_at(s->e, s->file, s->line, num.col,
			      "ordinal '%.*s' of export '%s' is out of range (1 to 65535)",
			      (int)(num.len > 20 ? 20 : num.len), num.text, x->name);
	if (x->ordinal)
		return err_at(s->e, s->file, s->line, t->col,
			      "export '%s' has two ordinals", x->name);
	x->ordinal = (unsigned)v;
	return 0;
}

/* After "name": "=internal" or "== target". */
static int parse_rename(struct scanner *s, const struct token *op,
			struct def_export *x)
{
	struct token t;

	if (next_token(s, &t) < 0)
		return -1;
	if (!is_name(&t))
		return err_at(s->e, s->file, s->line, t.col,
			      "expected a name after '%s' in export '%s'",
			      op->kind == TOK_EQEQ ? "==" : "=", x->name);
	if (x->internal || x->alias_target)
		return err_at(s->e, s->file, s->line, op->col,
			      "export '%s' is renamed twice", x->name);
	if (op->kind == TOK_EQEQ)
		x->alias_target = token_dup(&t);
	else
		x->internal = token_dup(&t);
	return 0;
}

static int parse_export_flag(struct scanner *s, const struct token *t,
			     struct def_export *x)
{
	if (word_is(t, "NONAME")) {
		if (!x->ordinal)
			return err_at(s->e, s->file, s->line, t->col,
				      "'NONAME' needs an ordinal ('@N') before it in export '%s'",
				      x->name);
		x->noname = 1;
	} else if (word_is(t, "DATA")) {
		x->data = 1;
	} else if (word_is(t, "PRIVATE")) {
		x->is_private = 1;
	} else if (word_is(t, "CONSTANT")) {
		return err_at(s->e, s->file, s->line, t->col,
			      "'CONSTANT' exports are not supported (export '%s')",
			      x->name);
	} else {
		err_at(s->e, s->file, s->line, t->col,
		       "unexpected '%.*s' after export '%s'",
		       (int)(t->len > 80 ? 80 : t->len), t->text, x->name);
		return err_hint(s->e, "an export is: NAME[=INTERNAL] [@ORDINAL [NONAME]] [DATA] [PRIVATE]");
	}
	return 0;
}

/* One EXPORTS entry; name is its first token. */
static int parse_export(struct scanner *s, struct def_file *d,
			const struct token *name)
{
	struct def_export *x;
	struct token t;
	int flags_seen = 0;

	ALLOC_GROW(d->exports, d->nr_exports + 1, d->alloc_exports);
	x = &d->exports[d->nr_exports++];
	memset(x, 0, sizeof(*x));
	x->name = token_dup(name);
	x->line = s->line;
	x->col = name->col;
	for (;;) {
		if (next_token(s, &t) < 0)
			return -1;
		if (t.kind == TOK_END)
			return 0;
		if (t.kind == TOK_EQ || t.kind == TOK_EQEQ) {
			if (x->ordinal || flags_seen)
				return err_at(s->e, s->file, s->line, t.col,
					      "'%s' must come right after the name in export '%s'",
					      t.kind == TOK_EQ ? "=" : "==", x->name);
			if (parse_rename(s, &t, x) < 0)
				return -1;
		} else if (t.kind == TOK_WORD && t.text[0] == '@') {
			/* "f DATA @5" too: llvm-dlltool and LINK take either order */
			if (parse_ordinal(s, &t, x) < 0)
				return -1;
		} else {
			if (t.kind == TOK_QUOTED)
				return err_at(s->e, s->file, s->line, t.col,
					      "unexpected quoted name after export '%s'",
					      x->name);
			if (parse_export_flag(s, &t, x) < 0)
				return -1;
			flags_seen = 1;
		}
	}
}

/* LIBRARY [name] [BASE=address], or NAME [name] [BASE=address]. */
static int parse_module(struct scanner *s, struct def_file *d,
			const struct token *kw, int *module_line)
{
	struct token t, eq, val;
	unsigned long base;

	if (*module_line)
		return err_at(s->e, s->file, s->line, kw->col,
			      "second LIBRARY/NAME statement (the first is on line %d)",
			      *module_line);
	*module_line = s->line;
	d->is_exe = word_is(kw, "NAME");
	if (next_token(s, &t) < 0)
		return -1;
	if (is_name(&t) && !word_is(&t, "BASE")) {
		d->library = token_dup(&t);
		if (next_token(s, &t) < 0)
			return -1;
	}
	if (word_is(&t, "BASE")) {
		if (next_token(s, &eq) < 0)
			return -1;
		if (eq.kind != TOK_EQ)
			return err_at(s->e, s->file, s->line, eq.col,
				      "expected '=' after 'BASE'");
		if (next_token(s, &val) < 0)
			return -1;
		if (parse_number(&val, 0, &base) < 0)
			return err_at(s->e, s->file, s->line, val.col,
				      "expected an address after 'BASE='");
		return expect_end(s, "the base address");
	}
	if (t.kind == TOK_END)
		return 0;
	return err_at(s->e, s->file, s->line, t.col,
		      "unexpected '%.*s' after the module name",
		      (int)(t.len > 80 ? 80 : t.len), t.len ? t.text : "=");
}

static const char *const ignored_statements[] = {
	"DESCRIPTION", "VERSION", "HEAPSIZE", "STACKSIZE", "STUB", NULL,
};

static const char *const unsupported_statements[] = {
	"SECTIONS", "SEGMENTS", "IMPORTS", NULL,
};

static int in_list(const struct token *t, const char *const *list)
{
	for (; *list; list++)
		if (word_is(t, *list))
			return 1;
	return 0;
}

/* One line; *in_exports tells whether an EXPORTS section is open. */
static int parse_line(struct scanner *s, struct def_file *d, int *in_exports,
		      int *module_line)
{
	struct token t;

	if (next_token(s, &t) < 0)
		return -1;
	if (t.kind == TOK_END)
		return 0;
	if (word_is(&t, "LIBRARY") || word_is(&t, "NAME")) {
		*in_exports = 0;
		return parse_module(s, d, &t, module_line);
	}
	if (word_is(&t, "EXPORTS")) {
		*in_exports = 1;
		if (next_token(s, &t) < 0)
			return -1;
		if (t.kind == TOK_END)
			return 0;
	} else if (in_list(&t, ignored_statements)) {
		*in_exports = 0;
		return 0;
	} else if (in_list(&t, unsupported_statements)) {
		return err_at(s->e, s->file, s->line, t.col,
			      "unsupported statement '%.*s'", (int)t.len, t.text);
	}
	if (is_name(&t) && *in_exports)
		return parse_export(s, d, &t);
	if (!is_name(&t))
		return err_at(s->e, s->file, s->line, t.col,
			      "unexpected '%s'", t.kind == TOK_EQ ? "=" : "==");
	err_at(s->e, s->file, s->line, t.col,
	       "expected LIBRARY, NAME or EXPORTS, got '%.*s'",
	       (int)(t.len > 80 ? 80 : t.len), t.text);
	return err_hint(s->e, "exports are listed after an EXPORTS line");
}

static int cmp_export_ptr_by_name(const void *a, const void *b)
{
	const struct def_export *x = *(const struct def_export *const *)a;
	const struct def_export *y = *(const struct def_export *const *)b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->line - y->line;
}

static int cmp_export_ptr_by_ordinal(const void *a, const void *b)
{
	const struct def_export *x = *(const struct def_export *const *)a;
	const struct def_export *y = *(const struct def_export *const *)b;

	if (x->ordinal != y->ordinal)
		return x->ordinal < y->ordinal ? -1 : 1;
	return x->line - y->line;
}

/*
 * Finds names (or nonzero ordinals) used twice, reporting the repeat that
 * comes first in the file. Sorting keeps this O(n log n) for large files.
 */
static int check_unique(const struct def_file *d, const char *file,
			struct err *e, int by_ordinal)
{
	const struct def_export **v;
	const struct def_export *bad = NULL, *first = NULL;
	size_t i;

	if (d->nr_exports < 2)
		return 0;
	v = xmalloc(st_mult(d->nr_exports, sizeof(*v)));
	for (i = 0; i < d->nr_exports; i++)
		v[i] = &d->exports[i];
	qsort(v, d->nr_exports, sizeof(*v),
	      by_ordinal ? cmp_export_ptr_by_ordinal : cmp_export_ptr_by_name);
	for (i = 1; i < d->nr_exports; i++) {
		int same = by_ordinal
			? v[i]->ordinal && v[i]->ordinal == v[i - 1]->ordinal
			: !strcmp(v[i]->name, v[i - 1]->name);

		if (same && (!bad || v[i]->line < bad->line)) {
			bad = v[i];
			first = v[i - 1];
		}
	}
	free(v);
	if (!bad)
		return 0;
	if (by_ordinal)
		return err_at(e, file, bad->line, bad->col,
			      "ordinal %u of export '%s' is already used by '%s' on line %d",
			      bad->ordinal, bad->name, first->name, first->line);
	return err_at(e, file, bad->line, bad->col,
		      "export '%s' is listed twice (first on line %d)",
		      bad->name, first->line);
}

void def_file_init(struct def_file *d)
{
	memset(d, 0, sizeof(*d));
}

void def_file_release(struct def_file *d)
{
	size_t i;

	for (i = 0; i < d->nr_exports; i++) {
		free(d->exports[i].name);
		free(d->exports[i].internal);
		free(d->exports[i].alias_target);
	}
	free(d->exports);
	free(d->library);
	def_file_init(d);
}

int def_parse(struct def_file *d, const char *buf, size_t len,
	      const char *filename, struct err *e)
{
	struct scanner s = { buf, len, 0, 0, 1, filename, e };
	int in_exports = 0, module_line = 0;

	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		s.pos = s.line_start = 3;	/* a UTF-8 byte order mark */
	do {
		if (parse_line(&s, d, &in_exports, &module_line) < 0)
			return -1;
	} while (next_line(&s));
	if (check_unique(d, filename, e, 0) < 0 ||
	    check_unique(d, filename, e, 1) < 0)
		return -1;
	return 0;
}

char *def_module_name(const struct def_file *d)
{
	const char *base;
	size_t n;
	char *out;

	if (!d->library)
		return NULL;
	base = strrchr(d->library, '/');
	base = base ? base + 1 : d->library;
	if (strrchr(base, '\\'))
		base = strrchr(base, '\\') + 1;
	if (strchr(base, '.'))
		return xstrdup(d->library);
	n = strlen(d->library);
	out = xmalloc(st_add(n, 5));
	memcpy(out, d->library, n);
	memcpy(out + n, d->is_exe ? ".exe" : ".dll", 5);
	return out;
}
