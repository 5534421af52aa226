/*
 * Parsers of a wheel's self-description (wheel_meta.h): the file name and
 * its tags, and the WHEEL file. RECORD is in wheel_record.c.
 */
#include "wheel_meta.h"
#include "../base/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void wheel_tags_init(struct wheel_tags *t)
{
	memset(t, 0, sizeof(*t));
}

void wheel_tags_release(struct wheel_tags *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		free(t->v[i].python);
		free(t->v[i].abi);
		free(t->v[i].platform);
	}
	free(t->v);
	wheel_tags_init(t);
}

int wheel_tags_has(const struct wheel_tags *t, const char *python,
		   const char *abi, const char *platform)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (!strcmp(t->v[i].python, python) && !strcmp(t->v[i].abi, abi) &&
		    !strcmp(t->v[i].platform, platform))
			return 1;
	return 0;
}

/* The n-th '.'-separated part of s (n < count), as a new string. */
static char *nth_part(const char *s, size_t n)
{
	const char *end;

	while (n--)
		s = strchr(s, '.') + 1;
	end = strchr(s, '.');
	return end ? xstrndup(s, (size_t)(end - s)) : xstrdup(s);
}

static size_t count_parts(const char *s)
{
	size_t n = 1;

	for (; *s; s++)
		n += *s == '.';
	return n;
}

void wheel_tags_add_compressed(struct wheel_tags *t, const char *python,
			       const char *abi, const char *platform)
{
	size_t np = count_parts(python), na = count_parts(abi);
	size_t nl = count_parts(platform), i, j, k;

	for (i = 0; i < np; i++)
		for (j = 0; j < na; j++)
			for (k = 0; k < nl; k++) {
				char *p = nth_part(python, i);
				char *a = nth_part(abi, j);
				char *l = nth_part(platform, k);
				struct wheel_tag *tag;

				if (wheel_tags_has(t, p, a, l)) {
					free(p);
					free(a);
					free(l);
					continue;
				}
				ALLOC_GROW(t->v, t->nr + 1, t->alloc);
				tag = &t->v[t->nr++];
				tag->python = p;
				tag->abi = a;
				tag->platform = l;
			}
}

void wheel_name_init(struct wheel_name *n)
{
	memset(n, 0, sizeof(*n));
	wheel_tags_init(&n->tags);
}

void wheel_name_release(struct wheel_name *n)
{
	free(n->distribution);
	free(n->version);
	free(n->build);
	free(n->python);
	free(n->abi);
	free(n->platform);
	wheel_tags_release(&n->tags);
	wheel_name_init(n);
}

/* Characters a tag field may hold: PEP 425 tags, '.'-joined. */
static int tag_field_ok(const char *s, int allow_upper)
{
	const char *c;

	if (!*s || *s == '.' || s[strlen(s) - 1] == '.' || strstr(s, ".."))
		return 0;
	for (c = s; *c; c++)
		if (!(islower((unsigned char)*c) || isdigit((unsigned char)*c) ||
		      *c == '_' || *c == '.' ||
		      (allow_upper && isupper((unsigned char)*c))))
			return 0;
	return 1;
}

static int name_field_ok(const char *s)
{
	const char *c;

	if (!*s)
		return 0;
	for (c = s; *c; c++)
		if (!(isalnum((unsigned char)*c) || *c == '_' || *c == '.' || *c == '+' || *c == '!'))
			return 0;
	return 1;
}

static int split_dashes(char *s, char **parts, size_t max)
{
	size_t n = 0;

	parts[n++] = s;
	for (; *s; s++)
		if (*s == '-') {
			if (n == max)
				return -1;
			*s = '\0';
			parts[n++] = s + 1;
		}
	return (int)n;
}

static int bad_name(struct err *e, const char *path, const char *base,
		    char *stem, const char *fmt, const char *detail)
{
	struct strbuf why = STRBUF_INIT;

	sb_addf(&why, fmt, detail);
	err_at(e, path, 0, 0, "'%s' is not a wheel file name: %s", base, why.buf);
	sb_release(&why);
	free(stem);
	return -1;
}

int wheel_name_parse(struct wheel_name *n, const char *path, struct err *e)
{
	const char *base = strrchr(path, '/');
	char *stem, *parts[6];
	int nr, t;

	base = base ? base + 1 : path;
	if (!ends_with(base, ".whl"))
		return err_at(e, path, 0, 0, "'%s' is not a wheel file name: it does not end with '.whl'", base);
	stem = xstrndup(base, strlen(base) - 4);
	nr = split_dashes(stem, parts, 6);
	if (nr < 5)
		return bad_name(e, path, base, stem, "it needs {name}-{version}-{python}-{abi}-{platform}.whl%s", "");
	t = nr - 3;	/* the three tags */
	if (!name_field_ok(parts[0]) || !name_field_ok(parts[1]))
		return bad_name(e, path, base, stem, "bad name or version%s", "");
	if (nr == 6 && !isdigit((unsigned char)parts[2][0]))
		return bad_name(e, path, base, stem, "build tag '%s' does not start with a digit", parts[2]);
	if (!tag_field_ok(parts[t], 0) || !tag_field_ok(parts[t + 1], 0) ||
	    !tag_field_ok(parts[t + 2], 0)) {
		parts[t + 1][-1] = parts[t + 2][-1] = '-';	/* rejoin the tags */
		return bad_name(e, path, base, stem, "bad tags '%s'", parts[t]);
	}
	n->distribution = xstrdup(parts[0]);
	n->version = xstrdup(parts[1]);
	n->build = nr == 6 ? xstrdup(parts[2]) : NULL;
	n->python = xstrdup(parts[t]);
	n->abi = xstrdup(parts[t + 1]);
	n->platform = xstrdup(parts[t + 2]);
	wheel_tags_add_compressed(&n->tags, n->python, n->abi, n->platform);
	free(stem);
	return 0;
}

void wheel_info_init(struct wheel_info *w)
{
	memset(w, 0, sizeof(*w));
	w->root_is_purelib = -1;
	wheel_tags_init(&w->tags);
}

void wheel_info_release(struct wheel_info *w)
{
	free(w->wheel_version);
	free(w->generator);
	free(w->build);
	wheel_tags_release(&w->tags);
	wheel_info_init(w);
}

static void set_once(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

static int wheel_info_field(struct wheel_info *w, const char *key,
			    const char *val, const char *file, int line,
			    int col, struct err *e)
{
	if (!strcasecmp(key, "Wheel-Version")) {
		set_once(&w->wheel_version, val);
	} else if (!strcasecmp(key, "Generator")) {
		set_once(&w->generator, val);
	} else if (!strcasecmp(key, "Build")) {
		set_once(&w->build, val);
	} else if (!strcasecmp(key, "Root-Is-Purelib")) {
		if (!strcasecmp(val, "true"))
			w->root_is_purelib = 1;
		else if (!strcasecmp(val, "false"))
			w->root_is_purelib = 0;
		else
			return err_at(e, file, line, col, "'Root-Is-Purelib' must be 'true' or 'false', not '%s'", val);
	} else if (!strcasecmp(key, "Tag")) {
		char *copy = xstrdup(val), *parts[3];
		int nr = split_dashes(copy, parts, 3);

		if (nr != 3 || !tag_field_ok(parts[0], 1) || !tag_field_ok(parts[1], 1) ||
		    !tag_field_ok(parts[2], 1)) {
			free(copy);
			return err_at(e, file, line, col, "bad tag '%s': expected {python}-{abi}-{platform}", val);
		}
		wheel_tags_add_compressed(&w->tags, parts[0], parts[1], parts[2]);
		w->nr_tag_lines++;
		free(copy);
	}
	return 0;
}

/* Splits "Key: value" at the first ':'; trims the value. */
static int wheel_info_line(struct wheel_info *w, struct strbuf *line,
			   const char *file, int lineno, struct err *e)
{
	char *colon = memchr(line->buf, ':', line->len);
	char *val;
	int rc;

	if (!colon || colon == line->buf || memchr(line->buf, '\0', line->len))
		return err_at(e, file, lineno, 1, "expected 'Key: value', found '%.60s'", line->buf);
	*colon = '\0';
	val = colon + 1;
	while (*val == ' ' || *val == '\t')
		val++;
	sb_rtrim(line);
	rc = wheel_info_field(w, line->buf, val, file, lineno,
			      (int)(val - line->buf) + 1, e);
	return rc;
}

int wheel_info_parse(struct wheel_info *w, const char *buf, size_t len,
		     const char *file, struct err *e)
{
	struct strbuf cur = STRBUF_INIT;
	size_t pos = 0;
	int lineno = 0, cur_line = 0, rc = 0;

	while (pos < len && !rc) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;
		size_t n = end - pos;

		lineno++;
		if (n && buf[pos + n - 1] == '\r')
			n--;
		if (n && (buf[pos] == ' ' || buf[pos] == '\t') && cur.len) {
			size_t skip = 0;	/* a continuation line */

			while (skip < n && (buf[pos + skip] == ' ' || buf[pos + skip] == '\t'))
				skip++;
			sb_addc(&cur, ' ');
			sb_add(&cur, buf + pos + skip, n - skip);
		} else {
			if (cur.len)
				rc = wheel_info_line(w, &cur, file, cur_line, e);
			sb_reset(&cur);
			if (!n)
				break;	/* the headers end at a blank line */
			sb_add(&cur, buf + pos, n);
			cur_line = lineno;
		}
		pos = end + 1;
	}
	if (!rc && cur.len)
		rc = wheel_info_line(w, &cur, file, cur_line, e);
	sb_release(&cur);
	return rc;
}
