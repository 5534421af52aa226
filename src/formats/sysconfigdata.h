/*
 * The build_time_vars of a _sysconfigdata_*.py file, read as data
 * (pyliteral.h), never run.
 */
#ifndef WW_SYSCONFIGDATA_H
#define WW_SYSCONFIGDATA_H

#include "pyvars.h"

/*
 * Parses a sysconfigdata module and fills out (which must be initialized;
 * variables are added to it) with the dict assigned to build_time_vars.
 * Other assignments and a docstring are allowed and ignored. Errors: the
 * file is not a module of literal assignments, there is no build_time_vars,
 * it is not a dict, or one of its keys is not a str; all with file:line:col
 * where there is one. On error out is left unchanged.
 */
int sysconfigdata_parse(const char *buf, size_t len, const char *file,
			struct pyvars *out, struct err *e);

/* Reads and parses path. */
int sysconfigdata_load(const char *path, struct pyvars *out, struct err *e);

#endif
