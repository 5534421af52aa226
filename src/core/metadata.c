#include "metadata.h"
#include "../base/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void metadata_init(struct metadata *m)
{
	memset(m, 0, sizeof(*m));
	m->name = xstrdup("");
	m->version = xstrdup("");
}

static void people_release(struct people *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].email);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void metadata_release(struct metadata *m)
{
	size_t i;

	free(m->name);
	free(m->version);
	free(m->summary);
	free(m->description);
	free(m->description_type);
	free(m->requires_python);
	free(m->license_expression);
	free(m->license_text);
	strlist_release(&m->license_files);
	people_release(&m->authors);
	people_release(&m->maintainers);
	strlist_release(&m->keywords);
	strlist_release(&m->classifiers);
	for (i = 0; i < m->n_urls; i++) {
		free(m->urls[i].label);
		free(m->urls[i].url);
	}
	free(m->urls);
	strlist_release(&m->requires);
	for (i = 0; i < m->n_extras; i++) {
		free(m->extras[i].name);
		strlist_release(&m->extras[i].requires);
	}
	free(m->extras);
	for (i = 0; i < m->n_entry_points; i++) {
		free(m->entry_points[i].group);
		free(m->entry_points[i].name);
		free(m->entry_points[i].value);
	}
	free(m->entry_points);
	memset(m, 0, sizeof(*m));
}

struct person *people_add(struct people *l)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

struct project_url *metadata_add_url(struct metadata *m)
{
	ALLOC_GROW(m->urls, m->n_urls + 1, m->alloc_urls);
	memset(&m->urls[m->n_urls], 0, sizeof(m->urls[0]));
	return &m->urls[m->n_urls++];
}

struct extra *metadata_add_extra(struct metadata *m, const char *name)
{
	struct extra *x;

	ALLOC_GROW(m->extras, m->n_extras + 1, m->alloc_extras);
	x = &m->extras[m->n_extras++];
	memset(x, 0, sizeof(*x));
	x->name = xstrdup(name);
	return x;
}

struct entry_point *metadata_add_entry_point(struct metadata *m)
{
	ALLOC_GROW(m->entry_points, m->n_entry_points + 1, m->alloc_entry_points);
	memset(&m->entry_points[m->n_entry_points], 0, sizeof(m->entry_points[0]));
	return &m->entry_points[m->n_entry_points++];
}

void metadata_people_names(const struct people *l, struct strbuf *out)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		if (l->v[i].name && !l->v[i].email)
			sb_addf(out, "%s%s", n++ ? ", " : "", l->v[i].name);
}

/*
 * RFC 5322 "specials": a display name holding one of them must be a
 * quoted string (what Python's email.headerregistry.Address does, and so
 * setuptools).
 */
static void add_display_name(struct strbuf *out, const char *name)
{
	const char *c;

	if (!strpbrk(name, "()<>@,:;.\"[]")) {
		sb_adds(out, name);
		return;
	}
	sb_addc(out, '"');
	for (c = name; *c; c++) {
		if (*c == '"' || *c == '\\')
			sb_addc(out, '\\');
		sb_addc(out, *c);
	}
	sb_addc(out, '"');
}

void metadata_people_emails(const struct people *l, struct strbuf *out)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++) {
		const struct person *p = &l->v[i];

		if (!p->email)
			continue;
		if (n++)
			sb_adds(out, ", ");
		if (p->name && *p->name) {
			add_display_name(out, p->name);
			sb_addf(out, " <%s>", p->email);
		} else {
			sb_adds(out, p->email);
		}
	}
}

void metadata_wheel_name(const char *name, struct strbuf *out)
{
	int in_sep = 0;

	for (; *name; name++) {
		if (*name == '-' || *name == '_' || *name == '.') {
			if (!in_sep)
				sb_addc(out, '_');
			in_sep = 1;
			continue;
		}
		in_sep = 0;
		sb_addc(out, tolower((unsigned char)*name));
	}
}
