/*
 * TOML 1.0.0 documents: a parser into a read-only tree.
 *
 * toml_parse() reads a whole document from a byte buffer and returns its
 * root table, or NULL with a located error ("FILE:LINE:COL: ..."; lines
 * and columns are 1-based, columns count Unicode characters, a tab counts
 * as one). The buffer is not kept: the tree owns copies of every string.
 *
 * Ownership: the whole tree (values, strings, keys) lives in one arena
 * that belongs to the root. toml_free(root) releases all of it at once;
 * every pointer obtained from the tree is valid until then. Only the root
 * returned by toml_parse() may be passed to toml_free().
 *
 * Every value remembers where it starts in the source, and every table
 * entry where its key is (for dotted keys: the last part), so callers can
 * report "pyproject.toml:12:7: error: ..." at the right place. Tables
 * created implicitly (by [a.b] or a.b = 1) take the position of the key
 * that created them.
 *
 * Limits: containers nest at most TOML_MAX_DEPTH deep, counting tables,
 * arrays and inline tables alike, and a key has at most TOML_MAX_DEPTH
 * parts. Lookups by key are hashed once a table grows beyond a few
 * entries, so parsing is linear in the input.
 */
#ifndef WW_TOML_H
#define WW_TOML_H

#include "../base/err.h"

#include <stddef.h>
#include <stdint.h>

#define TOML_MAX_DEPTH 128

enum toml_type {
	TOML_STRING,
	TOML_INTEGER,
	TOML_FLOAT,
	TOML_BOOL,
	TOML_DATETIME,		/* offset date-time: 1979-05-27T07:32:00Z */
	TOML_DATETIME_LOCAL,	/* 1979-05-27T07:32:00 */
	TOML_DATE_LOCAL,	/* 1979-05-27 */
	TOML_TIME_LOCAL,	/* 07:32:00 */
	TOML_ARRAY,
	TOML_TABLE,
};

/*
 * The four date-time kinds. Fields a kind does not have are 0. `text` is
 * the value as written, normalized: 'T' between date and time, 'Z' in
 * upper case, the fraction of seconds kept digit for digit.
 */
struct toml_datetime {
	const char *text;
	int year, month, day;
	int hour, minute, second;
	int nanosecond;		/* fraction truncated to 9 digits */
	int offset_minutes;	/* TOML_DATETIME only: east of UTC */
};

struct toml_array;
struct toml_table;

struct toml_value {
	enum toml_type type;
	int line, col;		/* where the value starts */
	union {
		struct {
			const char *ptr;	/* NUL-terminated; may hold NULs */
			size_t len;
		} str;
		int64_t integer;
		double flt;
		int boolean;
		struct toml_datetime dt;
		struct toml_array *array;
		struct toml_table *table;
	} u;
};

/* A table entry: the key (NUL-terminated, may hold NULs) and its place. */
struct toml_entry {
	const char *key;
	size_t keylen;
	int line, col;
	struct toml_value *value;
};

/* Returns the root table, or NULL with e filled. filename is for errors. */
struct toml_value *toml_parse(const char *buf, size_t len,
			      const char *filename, struct err *e);
/* Releases the whole tree of a root from toml_parse(); NULL is fine. */
void toml_free(struct toml_value *root);

/* "string", "integer", ..., "datetime-local", "array", "table". */
const char *toml_type_name(enum toml_type type);

/*
 * Tables. All of these accept any value (or NULL) and answer NULL or 0
 * when it is not a table, so lookups can be chained without checks.
 */
size_t toml_table_count(const struct toml_value *table);
/* The i-th entry in source order; i < toml_table_count(). */
const struct toml_entry *toml_table_entry(const struct toml_value *table,
					  size_t i);
const struct toml_entry *toml_find_entry(const struct toml_value *table,
					 const char *key, size_t keylen);
const struct toml_value *toml_get(const struct toml_value *table,
				  const char *key);
/*
 * Follows a dotted path of keys: "tool.wheelwright" is
 * toml_get(toml_get(t, "tool"), "wheelwright"). The path is split at
 * every '.', so it cannot name a key that contains one.
 */
const struct toml_value *toml_get_path(const struct toml_value *table,
				       const char *path);

/* Arrays, with the same tolerance of non-arrays. */
size_t toml_array_count(const struct toml_value *array);
const struct toml_value *toml_array_item(const struct toml_value *array,
					 size_t i);

#endif
