/* UTF-8 checks and encoding shared by the text-format readers. */
#ifndef WW_UTF8_H
#define WW_UTF8_H

#include "../base/strbuf.h"

#include <stddef.h>

/*
 * The length of the well-formed UTF-8 sequence at s (n bytes available):
 * 1 to 4, or 0 when it is malformed (overlong, surrogate, beyond U+10FFFF,
 * truncated).
 */
size_t utf8_len(const unsigned char *s, size_t n);

/* Appends code point cp (at most U+10FFFF, not a surrogate) as UTF-8. */
void utf8_add(struct strbuf *sb, unsigned long cp);

#endif
