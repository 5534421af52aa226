/*
 * Shared by the TOML parser's files, not by its users:
 *   toml_tree.c   the arena, the value nodes, tables (hashed) and arrays
 *   toml_scan.c   the cursor, UTF-8 checks, strings, numbers, date-times
 *   toml_parse.c  the grammar and the rules against redefinition
 */
#ifndef WW_TOML_INTERNAL_H
#define WW_TOML_INTERNAL_H

#include "toml.h"
#include "../base/strbuf.h"

/* A chain of blocks freed all at once: the memory of one document. */
struct arena_block;
struct arena {
	struct arena_block *head;
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);
/* Never NULL; aligned for any object. */
void *arena_alloc(struct arena *a, size_t size);
/* A NUL-terminated copy of len bytes. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

/*
 * How a table came to be, which decides what may later add to it
 * (TOML 1.0 "Table" and "Inline Table" sections):
 *  - IMPLICIT: made as the parent of a header ([a.b] makes a); a later
 *    [a] may still define it, and dotted keys may claim it;
 *  - HEADER: defined by [a] or as an element of [[a]]; never again;
 *  - DOTTED: made or claimed by dotted keys (a.b = 1) while parsing the
 *    context `owner`; only further dotted keys in that same context may
 *    add to it, a header may only define sub-tables below it;
 *  - INLINE: { ... }, complete and immutable once written.
 */
enum table_kind { TABLE_IMPLICIT, TABLE_HEADER, TABLE_DOTTED, TABLE_INLINE };

struct toml_table {
	struct toml_entry *entries;	/* source order */
	size_t count, alloc;
	size_t *slots;			/* hash index: entry + 1, 0 = free */
	size_t nslots;			/* 0 until the table grows */
	enum table_kind kind;
	unsigned owner;
	int depth;			/* root = 0 */
};

struct toml_array {
	struct toml_value **items;
	size_t count, alloc;
	int of_tables;			/* made by [[...]]: may be appended to */
	int depth;
};

struct toml_value *tree_new_value(struct arena *a, enum toml_type type,
				  int line, int col);
struct toml_value *tree_new_table(struct arena *a, enum table_kind kind,
				  int depth, int line, int col);
struct toml_value *tree_new_array(struct arena *a, int depth,
				  int line, int col);
/* The caller has checked that the key is not there yet. */
struct toml_entry *tree_table_add(struct arena *a, struct toml_value *table,
				  const char *key, size_t keylen,
				  int line, int col, struct toml_value *value);
void tree_array_add(struct arena *a, struct toml_value *array,
		    struct toml_value *item);

/*
 * The cursor over the input. Positions are tracked as they are passed:
 * line and col are those of buf[pos].
 */
struct toml_scanner {
	const char *buf;
	size_t len, pos;
	int line, col;
	const char *file;
	struct err *e;
	struct arena *arena;
	struct strbuf scratch;		/* string contents being decoded */
};

static inline int scan_peek(const struct toml_scanner *s, size_t off)
{
	return s->pos + off < s->len ? (unsigned char)s->buf[s->pos + off] : -1;
}

static inline int scan_eof(const struct toml_scanner *s)
{
	return s->pos >= s->len;
}

void scan_advance(struct toml_scanner *s, size_t n);
/* Records an error at line:col (or at the cursor) and returns -1. */
int scan_error_at(struct toml_scanner *s, int line, int col,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int scan_error(struct toml_scanner *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Describes the character at the cursor for "found ..." messages. */
void scan_describe(const struct toml_scanner *s, struct strbuf *out);
/* The input is UTF-8 with no bare CR; checked once before parsing. */
int scan_check_encoding(struct toml_scanner *s);

/* Spaces and tabs. */
void scan_skip_ws(struct toml_scanner *s);
/* A '#' comment up to (not including) the end of the line. */
int scan_skip_comment(struct toml_scanner *s);
/* 1 if at LF or CRLF (the two newlines of TOML). */
int scan_at_newline(const struct toml_scanner *s);
void scan_skip_newline(struct toml_scanner *s);
int scan_is_bare_key_char(int c);

/*
 * Strings: any of the four kinds at the cursor ('"', '"""', '\'',
 * '\'\'\''). The result is copied into the arena. With key set, only the
 * single-line kinds are accepted.
 */
int scan_string(struct toml_scanner *s, int key, const char **out,
		size_t *outlen);
/* A bare key at the cursor (the caller has seen one bare-key char). */
void scan_bare_key(struct toml_scanner *s, const char **out, size_t *outlen);
/* A boolean, number or date-time at the cursor, filled into v. */
int scan_scalar(struct toml_scanner *s, struct toml_value *v);

#endif
