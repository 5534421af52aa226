/*
 * [project] readme: the long description (the METADATA body) and its
 * Description-Content-Type.
 *
 *   readme = "README.md"		content type from the extension
 *   readme = {file = "README", content-type = "text/markdown"}
 *   readme = {text = "...", content-type = "text/x-rst; charset=UTF-8"}
 *
 * The content types are those of the core metadata spec (text/plain,
 * text/x-rst, text/markdown), with its parameters charset (UTF-8 is the
 * one wheelwright reads) and, for Markdown, variant (GFM or CommonMark).
 */
#include "pyproject_read.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const readme_keys[] = { "file", "text", "content-type", NULL };

static const char *type_of_file(const char *path)
{
	static const char *const types[][2] = {
		{ ".md", "text/markdown" },
		{ ".rst", "text/x-rst" },
		{ ".txt", "text/plain" },
	};
	size_t i, n = strlen(path);

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t k = strlen(types[i][0]);

		if (n > k && !strcasecmp(path + n - k, types[i][0]))
			return types[i][1];
	}
	return NULL;
}

static void trim(const char **s, const char **end)
{
	while (*s < *end && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*end > *s && ((*end)[-1] == ' ' || (*end)[-1] == '\t'))
		(*end)--;
}

static int is_token(const char *s, const char *end, const char *word)
{
	return (size_t)(end - s) == strlen(word) && !strncasecmp(s, word, end - s);
}

/* One "name=value" parameter: NULL if fine, else why not. */
static const char *check_param(const char *s, const char *end, int markdown)
{
	const char *eq = memchr(s, '=', end - s), *v, *vend = end;

	if (!eq)
		return "a parameter must be name=value";
	v = eq + 1;
	trim(&s, &eq);
	trim(&v, &vend);
	if (vend - v >= 2 && *v == '"' && vend[-1] == '"')
		v++, vend--;
	if (is_token(s, eq, "charset"))
		return is_token(v, vend, "UTF-8") ? NULL :
			"wheelwright reads readme files as UTF-8 only (charset=UTF-8)";
	if (is_token(s, eq, "variant") && markdown)
		return is_token(v, vend, "GFM") || is_token(v, vend, "CommonMark") ? NULL :
			"the Markdown variant must be GFM or CommonMark";
	return markdown ? "the parameters are charset and variant" :
		"the parameter is charset";
}

static int check_content_type(const struct project *p, const struct toml_value *v,
			      const char *type, struct err *e)
{
	const char *end = type + strcspn(type, ";"), *s = type, *why;
	int markdown;

	trim(&s, &end);
	markdown = is_token(s, end, "text/markdown");
	if (!markdown && !is_token(s, end, "text/x-rst") && !is_token(s, end, "text/plain")) {
		pp_err(p, v, e, "unsupported readme content type '%s'", type);
		return err_hint(e, "the core metadata types are text/markdown, text/x-rst and text/plain");
	}
	while (*end == ';') {
		s = end + 1;
		end = s + strcspn(s, ";");
		why = check_param(s, end, markdown);
		if (why)
			return pp_err(p, v, e, "invalid readme content type '%s': %s", type, why);
	}
	return 0;
}

static int read_table(const struct project *p, const struct toml_value *v,
		      struct metadata *m, struct strbuf *text, struct err *e)
{
	const struct toml_value *file = toml_get(v, "file");
	const struct toml_value *inline_text = toml_get(v, "text");
	const struct toml_value *type = toml_get(v, "content-type");
	const char *s;

	if (pp_check_keys(p, v, "'readme'", readme_keys, e))
		return -1;
	if (file && inline_text)
		return pp_err(p, v, e, "'readme' can have a 'file' or a 'text', not both");
	if (!file && !inline_text)
		return pp_err(p, v, e, "'readme' needs a 'file' or a 'text'");
	if (!type)
		return pp_err(p, v, e, "'readme' as a table needs a 'content-type'");
	s = pp_line(p, type, "content-type", e);
	if (!s || check_content_type(p, type, s, e))
		return -1;
	m->description_type = xstrdup(s);
	if (inline_text) {
		s = pp_string(p, inline_text, "text", e);
		if (!s)
			return -1;
		sb_adds(text, s);
		return 0;
	}
	s = pp_string(p, file, "file", e);
	return s ? pp_read_text(p, file, s, "readme", text, e) : -1;
}

int pyproject_read_readme(const struct project *p, const struct toml_value *v,
			  struct metadata *m, struct err *e)
{
	struct strbuf text = STRBUF_INIT;
	const char *s, *type;

	if (v->type == TOML_TABLE) {
		if (read_table(p, v, m, &text, e)) {
			sb_release(&text);
			return -1;
		}
	} else if (v->type == TOML_STRING) {
		s = pp_string(p, v, "readme", e);
		if (!s)
			return -1;
		type = type_of_file(s);
		if (!type) {
			pp_err(p, v, e, "cannot tell the content type of readme '%s' from its extension", s);
			return err_hint(e, "name it .md, .rst or .txt, or write readme = {file = \"%s\", content-type = \"text/markdown\"}", s);
		}
		if (pp_read_text(p, v, s, "readme", &text, e))
			return -1;
		m->description_type = xstrdup(type);
	} else {
		return pp_err(p, v, e, "'readme' must be a string or a table, not %s",
			      toml_type_name(v->type));
	}
	free(m->description);
	m->description = sb_detach(&text, NULL);
	return 0;
}
