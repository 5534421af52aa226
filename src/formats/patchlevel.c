#include "patchlevel.h"
#include "../base/fs.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct pl_parse {
	char *text;		/* a copy with comments blanked out */
	size_t len;
	const char *file;
	struct err *e;
	int seen_major, seen_minor, seen_micro, seen_version;
};

/* Line and column (1-based) of an offset, for messages. */
static void locate(const struct pl_parse *ps, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < ps->len; i++) {
		if (ps->text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static int fail_at(const struct pl_parse *ps, size_t off, const char *what,
		   const char *name)
{
	int line, col;

	locate(ps, off, &line, &col);
	return err_at(ps->e, ps->file, line, col, "%s '%s'", what, name);
}

/*
 * Replaces comments by blanks (newlines kept, so positions stay true).
 * String and character literals are skipped so a "/" inside one is text.
 */
static int blank_comments(struct pl_parse *ps)
{
	size_t i = 0;

	while (i < ps->len) {
		char c = ps->text[i];

		if (c == '"' || c == '\'') {
			for (i++; i < ps->len && ps->text[i] != c && ps->text[i] != '\n'; i++)
				if (ps->text[i] == '\\' && i + 1 < ps->len)
					i++;
			i++;
		} else if (c == '/' && i + 1 < ps->len && ps->text[i + 1] == '*') {
			size_t start = i;

			for (i += 2; i + 1 < ps->len && !(ps->text[i] == '*' && ps->text[i + 1] == '/'); i++)
				;
			if (i + 1 >= ps->len)
				return fail_at(ps, start, "unterminated comment", "/*");
			for (; start < i + 2; start++)
				if (ps->text[start] != '\n')
					ps->text[start] = ' ';
			i += 2;
		} else if (c == '/' && i + 1 < ps->len && ps->text[i + 1] == '/') {
			for (; i < ps->len && ps->text[i] != '\n'; i++)
				ps->text[i] = ' ';
		} else {
			i++;
		}
	}
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static size_t skip_blanks(const struct pl_parse *ps, size_t i, size_t end)
{
	while (i < end && is_blank(ps->text[i]))
		i++;
	return i;
}

static size_t word_end(const struct pl_parse *ps, size_t i, size_t end)
{
	while (i < end && is_ident(ps->text[i]))
		i++;
	return i;
}

static int parse_number(struct pl_parse *ps, const char *name, size_t at,
			size_t end, int *seen, int *out)
{
	size_t i, stop = at;
	int v = 0;

	while (stop < end && !is_blank(ps->text[stop]))
		stop++;
	if (*seen)
		return fail_at(ps, at, "macro defined twice:", name);
	if (stop == at || stop - at > 3)
		return fail_at(ps, at, "expected a number below 1000 for", name);
	for (i = at; i < stop; i++) {
		if (ps->text[i] < '0' || ps->text[i] > '9')
			return fail_at(ps, at, "expected a number below 1000 for", name);
		v = v * 10 + (ps->text[i] - '0');
	}
	*seen = 1;
	*out = v;
	return 0;
}

static int parse_string(struct pl_parse *ps, size_t at, size_t end,
			struct patchlevel *out)
{
	size_t i;

	if (ps->seen_version)
		return fail_at(ps, at, "macro defined twice:", "PY_VERSION");
	if (at >= end || ps->text[at] != '"')
		return fail_at(ps, at, "expected a string for", "PY_VERSION");
	for (i = at + 1; i < end && ps->text[i] != '"'; i++)
		if (ps->text[i] == '\\')
			return fail_at(ps, i, "escape sequences are not supported in", "PY_VERSION");
	if (i >= end)
		return fail_at(ps, at, "unterminated string for", "PY_VERSION");
	if (i - at - 1 >= sizeof(out->version))
		return fail_at(ps, at, "version string too long (over 31 bytes) for", "PY_VERSION");
	memcpy(out->version, ps->text + at + 1, i - at - 1);
	out->version[i - at - 1] = '\0';
	ps->seen_version = 1;
	return 0;
}

/* One line [start, end): a #define of one of ours, or anything else. */
static int parse_line(struct pl_parse *ps, size_t start, size_t end,
		      struct patchlevel *out)
{
	size_t i = skip_blanks(ps, start, end), name, name_end, value;
	char macro[32];

	if (i >= end || ps->text[i] != '#')
		return 0;
	i = skip_blanks(ps, i + 1, end);
	if (word_end(ps, i, end) - i != 6 || memcmp(ps->text + i, "define", 6))
		return 0;
	name = skip_blanks(ps, i + 6, end);
	name_end = word_end(ps, name, end);
	if (name_end - name >= sizeof(macro) || name_end == name)
		return 0;
	memcpy(macro, ps->text + name, name_end - name);
	macro[name_end - name] = '\0';
	value = skip_blanks(ps, name_end, end);
	if (!strcmp(macro, "PY_MAJOR_VERSION"))
		return parse_number(ps, macro, value, end, &ps->seen_major, &out->major);
	if (!strcmp(macro, "PY_MINOR_VERSION"))
		return parse_number(ps, macro, value, end, &ps->seen_minor, &out->minor);
	if (!strcmp(macro, "PY_MICRO_VERSION"))
		return parse_number(ps, macro, value, end, &ps->seen_micro, &out->micro);
	if (!strcmp(macro, "PY_VERSION"))
		return parse_string(ps, value, end, out);
	return 0;
}

int patchlevel_parse(const char *buf, size_t len, const char *file,
		     struct patchlevel *out, struct err *e)
{
	struct pl_parse ps;
	size_t start = 0, i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->micro = -1;
	memset(&ps, 0, sizeof(ps));
	ps.text = xmemdup(buf, len);
	ps.len = len;
	ps.file = file;
	ps.e = e;
	if (blank_comments(&ps))
		goto out;
	for (i = 0; i <= len; i++) {
		if (i < len && ps.text[i] != '\n')
			continue;
		if (parse_line(&ps, start, i, out))
			goto out;
		start = i + 1;
	}
	if (!ps.seen_major || !ps.seen_minor) {
		err_set(e, "no '%s' in '%s': not CPython's patchlevel.h",
			ps.seen_major ? "PY_MINOR_VERSION" : "PY_MAJOR_VERSION", file);
		goto out;
	}
	rc = 0;
out:
	free(ps.text);
	return rc;
}

int patchlevel_load(const char *path, struct patchlevel *out, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = -1;

	if (!read_file(path, &sb, e))
		rc = patchlevel_parse(sb.buf, sb.len, path, out, e);
	sb_release(&sb);
	return rc;
}
