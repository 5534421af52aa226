/*
 * A small, strict JSON reader (RFC 8259) for data files such as PEP 739's
 * build-details.json: objects, arrays, strings with every escape
 * (surrogate pairs joined), numbers, true, false and null.
 *
 * Strict: no comments, no trailing commas, no leading '+' or zeros, no
 * control characters in strings, no lone surrogates, UTF-8 only (no BOM),
 * nothing after the value but whitespace. Nesting is limited to 200
 * levels. Columns count bytes from 1.
 */
#ifndef WW_JSON_READ_H
#define WW_JSON_READ_H

#include "../base/err.h"

#include <stddef.h>

enum json_kind {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

/*
 * One value; owns everything below it.
 *   text/len  STRING: the decoded UTF-8 (may contain NUL bytes);
 *             NUMBER: the source text; BOOL: "true"/"false"; NULL: "null"
 *   items/nr  ARRAY: the elements; OBJECT: the members, in source order
 *             (duplicates kept), each with its name in key/key_len
 *   key       the member name when this value is in an object, else NULL
 *   line/col  where the value starts
 */
struct json_value {
	enum json_kind kind;
	char *text;
	size_t len;
	struct json_value *items;
	size_t nr, alloc;
	char *key;
	size_t key_len;
	int line, col;
};

/* Parses buf; on error returns -1 with file:line:col in e and *out empty. */
int json_parse(const char *buf, size_t len, const char *file,
	       struct json_value *out, struct err *e);
void json_release(struct json_value *v);

const char *json_kind_name(enum json_kind kind);

/* The member named key of an object (the last one if it repeats), or NULL
 * (also when obj is not an object). */
const struct json_value *json_get(const struct json_value *obj,
				  const char *key);
/* json_get along a dotted path: "abi.extension_suffix". */
const struct json_value *json_get_path(const struct json_value *root,
				       const char *path);
/* Whether a NUMBER is an integer (no fraction, no exponent). */
int json_is_integer(const struct json_value *v);

#endif
