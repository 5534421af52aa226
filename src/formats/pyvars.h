/*
 * An interpreter's configuration variables as sysconfig names them
 * (EXT_SUFFIX, SOABI, VERSION, LIBDIR, ...): a map from name to a value
 * kept as text, filled from a _sysconfigdata_*.py file (sysconfigdata.h) or
 * a PEP 739 build-details.json (build_details.h).
 */
#ifndef WW_PYVARS_H
#define WW_PYVARS_H

#include "pyliteral.h"

#include <stddef.h>

/*
 * One variable. kind says what the value was in the source; text is, by
 * kind: STR the string; INT decimal digits ("-" first if negative); FLOAT
 * its source text; BOOL "True"/"False"; NONE "None"; BYTES the bytes;
 * TUPLE, LIST, DICT the literal's source text, unparsed.
 */
struct pyvar {
	char *name;
	enum pyval_kind kind;
	char *text;
	size_t len;
};

/* Sorted by name, names unique. Owns every string. */
struct pyvars {
	struct pyvar *v;
	size_t nr, alloc;
};

#define PYVARS_INIT { NULL, 0, 0 }

void pyvars_init(struct pyvars *vars);
void pyvars_release(struct pyvars *vars);

/* Sets (or replaces) a variable; text is copied (len bytes). */
void pyvars_set(struct pyvars *vars, const char *name, enum pyval_kind kind,
		const char *text, size_t len);
void pyvars_set_str(struct pyvars *vars, const char *name, const char *s);
void pyvars_set_int(struct pyvars *vars, const char *name, long long n);

const struct pyvar *pyvars_find(const struct pyvars *vars, const char *name);
/* The value's text, or NULL when the variable is not set. */
const char *pyvars_get(const struct pyvars *vars, const char *name);

/*
 * Appends the map as one JSON object: str as a string, int as a number,
 * float as a number (a string when not finite), True/False as booleans,
 * None as null, bytes as a string of code points 0-255, containers as a
 * string of their source text.
 */
void pyvars_to_json(const struct pyvars *vars, struct strbuf *out);

#endif
