/*
 * The tokenizer behind pyliteral.h: Python's lexical rules for the tokens a
 * literal can contain. Strings and numbers are decoded here, so the parser
 * only sees values. Internal to src/formats.
 */
#ifndef WW_PYLEX_H
#define WW_PYLEX_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stddef.h>

enum pytok_kind {
	PYTOK_EOF,
	PYTOK_NEWLINE,	/* end of a logical line (never inside brackets) */
	PYTOK_NAME,
	PYTOK_INT,	/* text: decimal digits, no sign */
	PYTOK_FLOAT,	/* text: source without '_' */
	PYTOK_STR,	/* text: decoded UTF-8 */
	PYTOK_BYTES,	/* text: decoded bytes */
	PYTOK_OP,	/* one of ( ) [ ] { } , : = ; - + */
};

struct pytok {
	enum pytok_kind kind;
	int op;			/* the character, for PYTOK_OP */
	const char *src;	/* the token's source text */
	size_t src_len;
	size_t start, end;	/* byte offsets in the source */
	int line, col;
	struct strbuf text;	/* decoded value: see the kinds */
};

/* The tokenizer's state. buf must outlive it; file is borrowed too. */
struct pylex {
	const char *buf;
	size_t len, pos;
	int line;
	size_t line_start;	/* offset of the current line's first byte */
	int depth;		/* open brackets: newlines are spaces inside */
	int in_line;		/* a token was read on this logical line */
	const char *file;
	struct pytok tok;	/* the current token */
};

/*
 * Starts tokenizing; checks that buf is UTF-8 and skips a BOM. The first
 * token is read by the first pylex_next().
 */
int pylex_init(struct pylex *lx, const char *buf, size_t len,
	       const char *file, struct err *e);
void pylex_release(struct pylex *lx);

/* Reads the next token into lx->tok. */
int pylex_next(struct pylex *lx, struct err *e);

/* The next character after the current token and blanks; -1 at the end. */
int pylex_peek_char(const struct pylex *lx);

/* Describes the current token for messages: "'x'", "end of line", ... */
void pylex_describe(const struct pytok *t, struct strbuf *out);

/*
 * Shared by pylex.c, pylex_string.c and pylex_number.c only.
 */
int pylex_col(const struct pylex *lx, size_t pos);
/* err_at() at pos of the current line, with one string argument. */
int pylex_error(struct pylex *lx, size_t pos, struct err *e, const char *fmt,
		const char *arg);
/* The length of the line break at pos: 0, 1 ("\n", "\r") or 2 ("\r\n"). */
size_t pylex_newline_len(const struct pylex *lx, size_t pos);
/* Records that a line starts at pos. */
void pylex_new_line(struct pylex *lx, size_t pos);
int pylex_hex_value(int c);
int pylex_is_name_char(int c);
/* A string literal whose opening quote is at qpos; sets lx->pos after it. */
int pylex_string(struct pylex *lx, size_t qpos, int raw, int bytes,
		 struct err *e);
/* A number at lx->pos. */
int pylex_number(struct pylex *lx, struct err *e);

#endif
