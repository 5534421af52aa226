/*
 * A growable byte string. The buffer is never NULL and always
 * NUL-terminated, so sb.buf can be handed to any C string function.
 */
#ifndef WW_STRBUF_H
#define WW_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0 }

void sb_init(struct strbuf *sb);
/* Frees the buffer; sb is then empty and usable again. */
void sb_release(struct strbuf *sb);
/* Empties the string, keeping the allocation. */
void sb_reset(struct strbuf *sb);
/* Takes the buffer (caller frees it); sb is left empty. */
char *sb_detach(struct strbuf *sb, size_t *len);
void sb_grow(struct strbuf *sb, size_t extra);
void sb_setlen(struct strbuf *sb, size_t len);

void sb_add(struct strbuf *sb, const void *data, size_t len);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, int c);
void sb_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Appends s with JSON string escaping, including the quotes. */
void sb_add_json_str(struct strbuf *sb, const char *s);
void sb_add_json_strn(struct strbuf *sb, const char *s, size_t len);
/* Removes trailing whitespace. */
void sb_rtrim(struct strbuf *sb);

int sb_starts_with(const struct strbuf *sb, const char *prefix);
int starts_with(const char *s, const char *prefix);
int ends_with(const char *s, const char *suffix);

#endif
