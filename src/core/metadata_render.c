/*
 * Writing METADATA and entry_points.txt. The field order and the folding
 * of long fields are setuptools' (its write_pkg_file()), so a wheel of
 * ours and one of setuptools for the same [project] read the same.
 */
#include "metadata.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

static void add_field(struct strbuf *out, const char *key, const char *value)
{
	sb_addf(out, "%s: %s\n", key, value);
}

static void add_fields(struct strbuf *out, const char *key,
		       const struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		add_field(out, key, l->items[i]);
}

/*
 * A multi-line value: every line after the first is indented by 8 spaces
 * so that an email parser reads it as a continuation (distutils'
 * rfc822_escape(), which also indents after a final line break). Line
 * ends become "\n": a stray CR would end the header for some readers.
 */
static void add_folded(struct strbuf *out, const char *key, const char *value)
{
	const char *c;

	sb_addf(out, "%s: ", key);
	for (c = value; *c; c++) {
		if (*c != '\r' && *c != '\n') {
			sb_addc(out, *c);
			continue;
		}
		if (*c == '\r' && c[1] == '\n')
			c++;
		sb_adds(out, "\n        ");
	}
	sb_addc(out, '\n');
}

static void add_people(struct strbuf *out, const char *key,
		       const char *email_key, const struct people *l)
{
	struct strbuf sb = STRBUF_INIT;

	metadata_people_names(l, &sb);
	if (sb.len)
		add_field(out, key, sb.buf);
	sb_reset(&sb);
	metadata_people_emails(l, &sb);
	if (sb.len)
		add_field(out, email_key, sb.buf);
	sb_release(&sb);
}

static void add_license(struct strbuf *out, const struct metadata *m)
{
	if (m->license_expression)
		add_field(out, "License-Expression", m->license_expression);
	else if (m->license_text && *m->license_text)
		add_folded(out, "License", m->license_text);
}

static void add_keywords(struct strbuf *out, const struct strlist *l)
{
	size_t i;

	if (!l->n)
		return;
	sb_adds(out, "Keywords: ");
	for (i = 0; i < l->n; i++)
		sb_addf(out, "%s%s", i ? "," : "", l->items[i]);
	sb_addc(out, '\n');
}

static void add_requirements(struct strbuf *out, const struct metadata *m)
{
	size_t i;

	add_fields(out, "Requires-Dist", &m->requires);
	for (i = 0; i < m->n_extras; i++) {
		add_field(out, "Provides-Extra", m->extras[i].name);
		add_fields(out, "Requires-Dist", &m->extras[i].requires);
	}
}

int metadata_render(const struct project *p, struct strbuf *out, struct err *e)
{
	const struct metadata *m = p->metadata;
	size_t i;

	if (!m)
		return err_set(e, "the core metadata of '%s' was not loaded", p->name);
	add_field(out, "Metadata-Version", "2.4");
	add_field(out, "Name", m->name);
	add_field(out, "Version", m->version);
	if (m->summary && *m->summary)
		add_field(out, "Summary", m->summary);
	add_people(out, "Author", "Author-email", &m->authors);
	add_people(out, "Maintainer", "Maintainer-email", &m->maintainers);
	add_license(out, m);
	for (i = 0; i < m->n_urls; i++)
		sb_addf(out, "Project-URL: %s, %s\n", m->urls[i].label, m->urls[i].url);
	add_keywords(out, &m->keywords);
	add_fields(out, "Classifier", &m->classifiers);
	if (m->requires_python)
		add_field(out, "Requires-Python", m->requires_python);
	if (m->description_type)
		add_field(out, "Description-Content-Type", m->description_type);
	add_fields(out, "License-File", &m->license_files);
	add_requirements(out, m);
	if (m->description && *m->description) {
		sb_addf(out, "\n%s", m->description);
		if (!ends_with(m->description, "\n"))
			sb_addc(out, '\n');
	}
	return 0;
}

static int cmp_entry_points(const void *a, const void *b)
{
	const struct entry_point *x = *(const struct entry_point *const *)a;
	const struct entry_point *y = *(const struct entry_point *const *)b;
	int r = strcmp(x->group, y->group);

	if (!r)
		r = strcmp(x->name, y->name);
	return r ? r : strcmp(x->value, y->value);
}

void metadata_entry_points(const struct metadata *m, struct strbuf *out)
{
	const struct entry_point **v;
	size_t i;

	if (!m->n_entry_points)
		return;
	v = xcalloc(m->n_entry_points, sizeof(*v));
	for (i = 0; i < m->n_entry_points; i++)
		v[i] = &m->entry_points[i];
	qsort(v, m->n_entry_points, sizeof(*v), cmp_entry_points);
	for (i = 0; i < m->n_entry_points; i++) {
		if (!i || strcmp(v[i]->group, v[i - 1]->group))
			sb_addf(out, "%s[%s]\n", i ? "\n" : "", v[i]->group);
		sb_addf(out, "%s = %s\n", v[i]->name, v[i]->value);
	}
	free(v);
}
