/*
 * A safe reader for Python literals, as they appear in the
 * _sysconfigdata_*.py files that describe an interpreter's build
 * (DESIGN.md invariant 2: a foreign interpreter's configuration is read as
 * data, never executed).
 *
 * Values: str and bytes (quotes ' " ''' """, prefixes r u b br rb in any
 * case, every escape but \N{...}, adjacent literals concatenated), int
 * (decimal, 0x 0o 0b, underscores; kept as decimal text of any size up to
 * 4300 digits), float (kept as source text), True, False, None, and nested
 * tuple, list and dict. A unary '-' or '+' may precede a number.
 *
 * A module is a sequence of statements, each either `NAME = VALUE` (also
 * chained: `a = b = VALUE`) or a bare VALUE (a docstring); comments, blank
 * lines, ';' and backslash continuations are allowed. Anything else
 * (import, def, calls, operators, sets, f-strings, names) is an error with
 * its line and column: nothing is evaluated. Indentation is not checked.
 *
 * The source must be UTF-8 (a leading BOM is skipped). Columns count bytes
 * from 1.
 */
#ifndef WW_PYLITERAL_H
#define WW_PYLITERAL_H

#include "../base/err.h"

#include <stddef.h>

enum pyval_kind {
	PYVAL_NONE,
	PYVAL_BOOL,
	PYVAL_INT,
	PYVAL_FLOAT,
	PYVAL_STR,
	PYVAL_BYTES,
	PYVAL_TUPLE,
	PYVAL_LIST,
	PYVAL_DICT,
};

/*
 * One value. Owns text and items (and everything below them).
 *
 * text/len:
 *   NONE, BOOL   "None", "True", "False"
 *   INT          decimal digits, '-' first when negative, no leading zeros
 *   FLOAT        the source text without '_' (with '-' when negated)
 *   STR          the decoded string in UTF-8 (may contain NUL bytes)
 *   BYTES        the decoded bytes
 *   containers   NULL
 * items/nr: the elements of a TUPLE or LIST; for a DICT, keys and values
 *   alternate (items[2k] is a key, items[2k + 1] its value), in source
 *   order, duplicates kept.
 * line/col: where the value starts; start/end: its byte range in the
 *   source (for a container, from the opening to after the closing bracket).
 */
struct pyval {
	enum pyval_kind kind;
	char *text;
	size_t len;
	struct pyval *items;
	size_t nr, alloc;
	int line, col;
	size_t start, end;
};

void pyval_release(struct pyval *v);
const char *pyval_kind_name(enum pyval_kind kind);

/*
 * Parses buf (len bytes) as one literal expression (a top-level tuple
 * without parentheses is allowed). file names the source in errors. On
 * success *out holds the value (release it with pyval_release); on error
 * returns -1, fills e with file:line:col, and *out is empty.
 */
int pyliteral_parse(const char *buf, size_t len, const char *file,
		    struct pyval *out, struct err *e);

/* The value of a dict entry whose key is the str key; NULL if none (the
 * last one when a key repeats, as Python does). */
const struct pyval *pydict_get(const struct pyval *dict, const char *key);

struct pyassign {
	char *name;
	struct pyval value;	/* shared by chained targets: see below */
};

/*
 * The assignments of a module, in source order. A chained assignment
 * `a = b = 1` gives two entries, each with its own copy of the value.
 */
struct pymodule {
	struct pyassign *assigns;
	size_t nr, alloc;
};

void pymodule_init(struct pymodule *m);
void pymodule_release(struct pymodule *m);

/* Parses a module as described at the top. On error *m is left empty. */
int pymodule_parse(const char *buf, size_t len, const char *file,
		   struct pymodule *m, struct err *e);

/* The value last assigned to name, or NULL. */
const struct pyval *pymodule_get(const struct pymodule *m, const char *name);

#endif
