/*
 * A dynamic version: [tool.wheelwright] version-file names the file that
 * holds it.
 *
 *   - a Python file (.py, .pyi): the first line that assigns a string
 *     literal to __version__ at the top level,
 *       __version__ = "1.2.3"		(or '1.2.3', or __version__: str = ...)
 *   - any other file: its whole text, one line, blanks around ignored.
 *
 * The Python file is read, never run. An invalid version is reported at
 * its place in that file.
 */
#include "pyproject_read.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../formats/pep440.h"

#include <stdlib.h>
#include <string.h>

static int space(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * If line (n bytes) is "__version__ [: annotation] = 'literal' [# ...]",
 * sets *value and *len to the literal's text and returns 1.
 */
static int version_assignment(const char *line, size_t n, const char **value,
			      size_t *len)
{
	const char *c = line, *end = line + n, *close;
	char quote;

	if (n < 11 || memcmp(c, "__version__", 11))
		return 0;
	c += 11;
	while (c < end && space(*c))
		c++;
	if (c < end && *c == ':')
		while (c < end && *c != '=')
			c++;
	if (c >= end || *c != '=' || (c + 1 < end && c[1] == '='))
		return 0;
	for (c++; c < end && space(*c); c++)
		;
	if (c >= end || (*c != '"' && *c != '\''))
		return 0;
	quote = *c++;
	close = memchr(c, quote, end - c);
	if (!close || memchr(c, '\\', close - c))
		return 0;
	*value = c;
	*len = close - c;
	for (c = close + 1; c < end && space(*c); c++)
		;
	return c == end || *c == '#';
}

/* Where the file is, as messages name it: beside pyproject.toml's name. */
static void display_path(const struct project *p, const char *rel, struct strbuf *out)
{
	char *dir = path_dirname(p->pyproject_path);

	if (!strcmp(dir, "."))
		sb_adds(out, rel);
	else
		path_join(out, dir, rel);
	free(dir);
}

static int normalize_at(const struct project *p, const char *rel, int line,
			int col, const char *s, size_t n, struct strbuf *out,
			struct err *e)
{
	struct strbuf where = STRBUF_INIT, msg = STRBUF_INIT;

	if (!pep440_normalize(s, n, out, e))
		return 0;
	display_path(p, rel, &where);
	sb_add(&msg, e->msg.buf, e->msg.len);
	err_at(e, where.buf, line, col, "%s", msg.buf);
	sb_release(&where);
	sb_release(&msg);
	return -1;
}

static int from_python(const struct project *p, const struct toml_value *v,
		       const char *rel, const struct strbuf *text,
		       struct strbuf *out, struct err *e)
{
	const char *line = text->buf, *value;
	size_t len;
	int lineno = 1;

	while (*line) {
		size_t n = strcspn(line, "\n");

		if (version_assignment(line, n, &value, &len))
			return normalize_at(p, rel, lineno, (int)(value - line) + 1,
					    value, len, out, e);
		line += n + (line[n] == '\n');
		lineno++;
	}
	pp_err(p, v, e, "'%s' has no line like __version__ = \"1.0\"", rel);
	return err_hint(e, "the assignment must be at the start of a line, with a plain string");
}

static int from_text(const struct project *p, const struct toml_value *v,
		     const char *rel, const struct strbuf *text,
		     struct strbuf *out, struct err *e)
{
	const char *s = text->buf, *end = text->buf + text->len;
	const char *line_start = s;
	int line = 1;

	for (; s < end && (space(*s) || *s == '\n'); s++)
		if (*s == '\n')
			line++, line_start = s + 1;
	while (end > s && (space(end[-1]) || end[-1] == '\n'))
		end--;
	if (s == end)
		return pp_err(p, v, e, "version file '%s' is empty", rel);
	if (memchr(s, '\n', end - s))
		return pp_err(p, v, e, "version file '%s' must hold one line, the version", rel);
	return normalize_at(p, rel, line, (int)(s - line_start) + 1, s, end - s,
			    out, e);
}

int pyproject_read_version_file(const struct project *p,
				const struct toml_value *v,
				struct strbuf *version, struct err *e)
{
	struct strbuf text = STRBUF_INIT;
	const char *rel = pp_string(p, v, "version-file", e);
	int rc;

	if (!rel || pp_read_text(p, v, rel, "version", &text, e)) {
		sb_release(&text);
		return -1;
	}
	if (ends_with(rel, ".py") || ends_with(rel, ".pyi"))
		rc = from_python(p, v, rel, &text, version, e);
	else
		rc = from_text(p, v, rel, &text, version, e);
	sb_release(&text);
	return rc;
}
