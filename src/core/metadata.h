/*
 * Core metadata of a project (METADATA in a wheel, PKG-INFO in an sdist),
 * version 2.4: what [project] of pyproject.toml says, validated and
 * normalised by pyproject_project.c, and rendered here in the field order
 * setuptools writes (metadata_render.c).
 *
 * Every string is valid UTF-8 without NUL bytes; the single-line fields
 * have no line breaks. "Normalised" means the form the packaging tools
 * write: PEP 440 versions as packaging's str(Version), requirements as
 * str(Requirement), extras as PEP 685 names.
 *
 * Ownership: a struct metadata owns all it points to; metadata_release()
 * frees it. struct project holds one (project.h).
 */
#ifndef WW_METADATA_H
#define WW_METADATA_H

#include "project.h"
#include "../base/strbuf.h"

/* An author or maintainer: at least one of the two is set. */
struct person {
	char *name;		/* NULL when not given; never holds a comma */
	char *email;		/* NULL when not given */
};

struct people {
	struct person *v;
	size_t n, alloc;
};

struct project_url {
	char *label;		/* at most 32 characters */
	char *url;
};

/* An extra of optional-dependencies and what it requires. */
struct extra {
	char *name;		/* normalised (PEP 685): "test-extra" */
	struct strlist requires;	/* Requires-Dist values with 'extra == ...' */
};

struct entry_point {
	char *group;		/* "console_scripts", "gui_scripts", or any */
	char *name;
	char *value;		/* "module:attr" as written */
};

struct metadata {
	char *name;			/* as written; valid per the spec */
	char *version;			/* normalised PEP 440 */
	char *summary;			/* NULL when none */
	char *description;		/* the readme text; NULL when none */
	char *description_type;		/* its content type; NULL when none */
	char *requires_python;		/* normalised specifier set; NULL when none */
	char *license_expression;	/* normalised SPDX; NULL when none */
	char *license_text;		/* legacy License field; NULL when none */
	struct strlist license_files;	/* '/'-separated, relative to the project */
	struct people authors, maintainers;
	struct strlist keywords;
	struct strlist classifiers;
	struct project_url *urls;
	size_t n_urls, alloc_urls;
	struct strlist requires;	/* Requires-Dist without an extra */
	struct extra *extras;		/* in the order of pyproject.toml */
	size_t n_extras, alloc_extras;
	struct entry_point *entry_points;	/* in the order of pyproject.toml */
	size_t n_entry_points, alloc_entry_points;
};

void metadata_init(struct metadata *m);
void metadata_release(struct metadata *m);

struct person *people_add(struct people *l);
struct project_url *metadata_add_url(struct metadata *m);
struct extra *metadata_add_extra(struct metadata *m, const char *name);
struct entry_point *metadata_add_entry_point(struct metadata *m);

/*
 * Renders METADATA (Metadata-Version 2.4) into out: the header fields in
 * setuptools' order, long fields folded with 8 spaces, then the readme as
 * the message body. Needs p->metadata (project_load() fills it).
 */
int metadata_render(const struct project *p, struct strbuf *out, struct err *e);

/*
 * Renders entry_points.txt: one [group] section per group, groups and the
 * names in each sorted, as setuptools writes it. Appends nothing when the
 * project has no entry points (the wheel then has no such file).
 */
void metadata_entry_points(const struct metadata *m, struct strbuf *out);

/*
 * The "Author"/"Author-email" values of a list of people, as the
 * pyproject.toml spec maps them: names alone go to the first, everyone
 * with an email to the second as "name <email>" (the name quoted when it
 * holds characters special in an address), joined with ", ".
 */
void metadata_people_names(const struct people *l, struct strbuf *out);
void metadata_people_emails(const struct people *l, struct strbuf *out);

/* Wheel file-name form of a project name: runs of -_. become '_', lowercase. */
void metadata_wheel_name(const char *name, struct strbuf *out);

#endif
