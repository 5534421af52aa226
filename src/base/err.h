/*
 * Errors as values. Library code never prints and never exits: it fills a
 * struct err and returns -1 (or NULL). Only the command layer prints one,
 * with err_print(), and picks the exit code from err.status.
 *
 * Printed form:
 *   wheelwright: FILE:LINE:COL: error: MESSAGE
 *   hint: HINT
 * Messages start lowercase, say the problem first, quote the subject in
 * '...', and have no full stop.
 */
#ifndef WW_ERR_H
#define WW_ERR_H

#include "strbuf.h"

#include <stdarg.h>

/* Exit statuses of the contract (DESIGN.md invariant 6). */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,	/* a failed build or a failed audit */
	EXIT_BAD_INPUT = 2,	/* bad input or usage */
};

struct err {
	char *file;		/* owned; NULL when there is no file */
	int line, col;		/* 0 when unknown */
	int status;		/* EXIT_BAD_INPUT unless set otherwise */
	struct strbuf msg;
	struct strbuf hint;
};

#define ERR_INIT { NULL, 0, 0, EXIT_BAD_INPUT, STRBUF_INIT, STRBUF_INIT }

void err_init(struct err *e);
void err_release(struct err *e);
/* Moves src's error into dst (dst's old one is freed); src is left empty. */
void err_move(struct err *dst, struct err *src);
int err_isset(const struct err *e);

/* Each of these records the error and returns -1. */
int err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int err_at(struct err *e, const char *file, int line, int col,
	   const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* err_at() for wrappers that take their own arguments (readers' errors). */
int err_vat(struct err *e, const char *file, int line, int col,
	    const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));
int err_hint(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A failed operation rather than bad input: exit status 1. */
int err_fail(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Sets the file (and keeps line/col) if none is set yet. */
void err_set_file(struct err *e, const char *file);
/* Prepends "CONTEXT: " to the message. */
void err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Formats e as described above into out (with a trailing newline). */
void err_format(const struct err *e, struct strbuf *out);
/* Command layer only: prints to stderr. */
void err_print(const struct err *e);

#endif
