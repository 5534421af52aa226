/*
 * [project] license and license-files (PEP 639).
 *
 *   license = "MIT OR Apache-2.0"	an SPDX expression: License-Expression
 *   license = {file = "LICENSE"}	legacy: the file's text is the
 *   license = {text = "..."}		License field (what setuptools does)
 *   license-files = ["LICEN[CS]E*", "COPYING*", "licenses/MIT.txt"]
 *
 * Every license-files pattern must match at least one file; what they
 * match (in pattern order, each pattern's files sorted, no repeats) is
 * both the License-File fields and the .dist-info/licenses/ folder. With
 * no license-files, setuptools' default patterns apply (and may match
 * nothing).
 */
#include "pyproject_read.h"
#include "../base/fs.h"
#include "../base/pathglob.h"
#include "../base/xalloc.h"
#include "../formats/spdx.h"

#include <stdlib.h>
#include <string.h>

static const char *const license_keys[] = { "file", "text", NULL };

static const char *const default_patterns[] = {
	"LICEN[CS]E*", "COPYING*", "NOTICE*", "AUTHORS*", NULL,
};

static int read_legacy(const struct project *p, const struct toml_value *v,
		       struct metadata *m, struct err *e)
{
	const struct toml_value *file = toml_get(v, "file");
	const struct toml_value *text = toml_get(v, "text");
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	if (pp_check_keys(p, v, "'license'", license_keys, e))
		return -1;
	if (file && text)
		return pp_err(p, v, e, "'license' can have a 'file' or a 'text', not both");
	if (!file && !text) {
		pp_err(p, v, e, "'license' needs a 'file' or a 'text'");
		return err_hint(e, "better, write an SPDX expression: license = \"MIT\"");
	}
	if (text) {
		s = pp_string(p, text, "text", e);
		if (!s)
			return -1;
		sb_adds(&sb, s);
	} else {
		s = pp_string(p, file, "file", e);
		if (!s || pp_read_text(p, file, s, "license", &sb, e)) {
			sb_release(&sb);
			return -1;
		}
	}
	m->license_text = sb_detach(&sb, NULL);
	return 0;
}

static int read_license(const struct project *p, const struct toml_value *v,
			struct metadata *m, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	if (v->type == TOML_TABLE)
		return read_legacy(p, v, m, e);
	if (v->type != TOML_STRING)
		return pp_err(p, v, e, "'license' must be a string (an SPDX expression), not %s",
			      toml_type_name(v->type));
	s = pp_string(p, v, "license", e);
	if (!s)
		return -1;
	if (spdx_normalize(s, strlen(s), &sb, e))
		return pp_locate(p, v, e);
	m->license_expression = sb_detach(&sb, NULL);
	return 0;
}

static int listed(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->items[i], s))
			return 1;
	return 0;
}

/* The spec: license files are UTF-8 text, and tools should check so. */
static int check_text(const struct project *p, const struct toml_value *v,
		      const char *rel, struct err *e)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int rc = 0;

	path_join(&path, p->dir, rel);
	if (read_file(path.buf, &text, e))
		rc = pp_locate(p, v, e);
	else if (memchr(text.buf, '\0', text.len) || !pp_utf8_valid(text.buf, text.len))
		rc = pp_err(p, v, e, "license file '%s' is not UTF-8 text", rel);
	sb_release(&path);
	sb_release(&text);
	return rc;
}

static int expand(const struct project *p, const struct toml_value *v,
		  const char *pattern, struct strlist *out, struct err *e)
{
	struct pathglob_files found = PATHGLOB_FILES_INIT;
	size_t i;
	int rc = 0;

	if (pathglob_expand(p->dir, pattern, &found, e))
		return v ? pp_locate(p, v, e) : -1;
	if (v && !found.n)
		rc = pp_err(p, v, e, "'%s' in 'license-files' matches no file", pattern);
	for (i = 0; i < found.n && !rc; i++) {
		if (listed(out, found.v[i]))
			continue;
		/* The defaults skip editor backups, as setuptools does. */
		if (!v && ends_with(found.v[i], "~"))
			continue;
		if (v && check_text(p, v, found.v[i], e))
			rc = -1;
		else
			strlist_push(out, found.v[i]);
	}
	pathglob_files_release(&found);
	return rc;
}

static int read_license_files(const struct project *p, const struct toml_value *v,
			      struct metadata *m, struct err *e)
{
	size_t i;

	if (!v) {
		for (i = 0; default_patterns[i]; i++)
			if (expand(p, NULL, default_patterns[i], &m->license_files, e))
				return -1;
		return 0;
	}
	if (pp_strings(p, v, "license-files", e))
		return -1;
	for (i = 0; i < toml_array_count(v); i++) {
		const struct toml_value *item = toml_array_item(v, i);
		const char *why = pathglob_invalid(item->u.str.ptr);

		if (why)
			return pp_err(p, item, e, "invalid glob '%s' in 'license-files': %s",
				      item->u.str.ptr, why);
		if (expand(p, item, item->u.str.ptr, &m->license_files, e))
			return -1;
	}
	return 0;
}

int pyproject_read_license(const struct project *p, const struct toml_value *proj,
			   struct metadata *m, struct err *e)
{
	const struct toml_value *v = toml_get(proj, "license");

	if (v && read_license(p, v, m, e))
		return -1;
	return read_license_files(p, toml_get(proj, "license-files"), m, e);
}
