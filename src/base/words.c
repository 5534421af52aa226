#include "words.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

void words_init(struct words *w)
{
	w->v = xcalloc(1, sizeof(char *));
	w->n = 0;
	w->alloc = 1;
}

void words_release(struct words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = w->alloc = 0;
}

void words_push(struct words *w, const char *s)
{
	ALLOC_GROW(w->v, w->n + 2, w->alloc);
	w->v[w->n++] = xstrdup(s);
	w->v[w->n] = NULL;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

int words_split(struct words *w, const char *s, struct err *e)
{
	struct strbuf cur = STRBUF_INIT;
	int in_word = 0;

	while (*s) {
		char c = *s++;

		if (is_blank(c)) {
			if (in_word)
				words_push(w, cur.buf);
			sb_reset(&cur);
			in_word = 0;
			continue;
		}
		in_word = 1;
		if (c == '\\') {
			if (*s)
				sb_addc(&cur, *s++);
		} else if (c == '\'') {
			const char *end = strchr(s, '\'');

			if (!end)
				goto unterminated;
			sb_add(&cur, s, (size_t)(end - s));
			s = end + 1;
		} else if (c == '"') {
			while (*s && *s != '"') {
				if (*s == '\\' && s[1] && strchr("\"\\$`", s[1]))
					s++;
				sb_addc(&cur, *s++);
			}
			if (!*s)
				goto unterminated;
			s++;
		} else {
			sb_addc(&cur, c);
		}
	}
	if (in_word)
		words_push(w, cur.buf);
	sb_release(&cur);
	return 0;
unterminated:
	sb_release(&cur);
	return err_set(e, "unterminated quote in '%s'", s);
}

void words_join(const struct words *w, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		const char *a = w->v[i];

		if (i)
			sb_addc(out, ' ');
		if (*a && !a[strcspn(a, " \t\n'\"\\$`*?[]#~&;|<>(){}")]) {
			sb_adds(out, a);
			continue;
		}
		sb_addc(out, '\'');
		for (; *a; a++) {
			if (*a == '\'')
				sb_adds(out, "'\\''");
			else
				sb_addc(out, *a);
		}
		sb_addc(out, '\'');
	}
}
