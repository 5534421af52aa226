/*
 * Splitting a command string (CC="ccache gcc", CFLAGS='-O2 -DX="a b"') into
 * words the way a POSIX shell does for plain words: blanks separate, single
 * quotes keep everything, double quotes keep all but \" \\ \$ \`, and a
 * backslash escapes the next character. No expansion of any kind.
 */
#ifndef WW_WORDS_H
#define WW_WORDS_H

#include "err.h"

#include <stddef.h>

struct words {
	char **v;	/* NULL-terminated */
	size_t n, alloc;
};

void words_init(struct words *w);
void words_release(struct words *w);
void words_push(struct words *w, const char *s);
/* Appends the words of s; an unterminated quote is an error. */
int words_split(struct words *w, const char *s, struct err *e);
/* Appends w as one string, quoting words that need it. */
void words_join(const struct words *w, struct strbuf *out);

#endif
