#include "pathglob.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* A "[...]" set at p; *end gets the byte after it. -1: not a valid set. */
static int match_set(const char *p, char c, const char **end)
{
	int negate = 0, hit = 0;
	const char *q = p + 1;

	if (*q == '!' || *q == '^') {
		negate = 1;
		q++;
	}
	if (*q == ']') {		/* a leading ']' is a member */
		hit |= c == ']';
		q++;
	}
	for (; *q && *q != ']'; q++) {
		if (q[1] == '-' && q[2] && q[2] != ']') {
			hit |= (unsigned char)c >= (unsigned char)q[0] &&
			       (unsigned char)c <= (unsigned char)q[2];
			q += 2;
		} else {
			hit |= c == *q;
		}
	}
	if (*q != ']')
		return -1;
	*end = q + 1;
	return hit != negate;
}

static int is_globstar(const char *pat, const char *p)
{
	return p[0] == '*' && p[1] == '*' && (p == pat || p[-1] == '/') &&
	       (p[2] == '/' || p[2] == '\0');
}

static int match_from(const char *pat, const char *p, const char *s)
{
	while (*p) {
		if (is_globstar(pat, p)) {
			const char *rest = p[2] ? p + 3 : p + 2;

			if (!*rest)
				return 1;
			for (;;) {
				if (match_from(pat, rest, s))
					return 1;
				s = strchr(s, '/');
				if (!s)
					return 0;
				s++;
			}
		}
		if (*p == '*') {
			while (*p == '*')
				p++;
			for (;;) {
				if (match_from(pat, p, s))
					return 1;
				if (!*s || *s == '/')
					return 0;
				s++;
			}
		}
		if (!*s)
			return 0;
		if (*p == '?') {
			if (*s == '/')
				return 0;
			p++;
			s++;
			continue;
		}
		if (*p == '[') {
			const char *end;
			int r = *s == '/' ? 0 : match_set(p, *s, &end);

			if (r < 0) {		/* no closing ']': a literal '[' */
				if (*s != '[')
					return 0;
				p++;
				s++;
				continue;
			}
			if (!r)
				return 0;
			p = end;
			s++;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return *s == '\0';
}

int pathglob_match(const char *pattern, const char *path)
{
	size_t n = strlen(pattern);
	char *pat;
	int r;

	while (n > 1 && pattern[n - 1] == '/')
		n--;
	pat = xstrndup(pattern, n);
	r = match_from(pat, pat, path);
	free(pat);
	return r;
}

int pathglob_match_or_parent(const char *pattern, const char *path)
{
	char *copy;
	char *slash;
	int r = 0;

	if (pathglob_match(pattern, path))
		return 1;
	copy = xstrdup(path);
	while (!r && (slash = strrchr(copy, '/'))) {
		*slash = '\0';
		r = pathglob_match(pattern, copy);
	}
	free(copy);
	return r;
}

int pathglob_is_pattern(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}
