/*
 * The normalized text of a PEP 508 requirement, as packaging's
 * str(Requirement) writes it, and PEP 503 name normalization.
 */
#include "pep508.h"
#include "pep440.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>


void pep508_canonical_name(const char *name, struct strbuf *out)
{
	int in_run = 0;

	for (; *name; name++) {
		int c = (unsigned char)*name;

		if (c == '-' || c == '_' || c == '.') {
			if (!in_run)
				sb_addc(out, '-');
			in_run = 1;
			continue;
		}
		in_run = 0;
		sb_addc(out, c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Specifiers as packaging compares them: same operator, same version. */
static char *spec_key(const struct pep508_specifier *sp)
{
	struct strbuf sb = STRBUF_INIT;
	struct pep440_version v;
	struct err e = ERR_INIT;
	size_t n = strlen(sp->version);

	sb_adds(&sb, sp->op);
	pep440_version_init(&v);
	if (!strcmp(sp->op, "===") || (n >= 2 && !strcmp(sp->version + n - 2, ".*")) ||
	    pep440_parse(sp->version, n, &v, &e) < 0)
		sb_adds(&sb, sp->version);
	else
		pep440_format(&v, strcmp(sp->op, "~=") != 0, &sb);
	pep440_version_release(&v);
	err_release(&e);
	return sb_detach(&sb, NULL);
}

struct spec_entry {
	char *text;		/* "op" "version": the sort order */
	char *key;		/* what makes two specifiers the same */
	size_t rank;		/* place in the sorted order */
};

static int cmp_by_text(const void *a, const void *b)
{
	const struct spec_entry *x = a, *y = b;
	int r = strcmp(x->text, y->text);

	return r ? r : x->rank < y->rank ? -1 : x->rank > y->rank;
}

static int cmp_by_key(const void *a, const void *b)
{
	const struct spec_entry *x = a, *y = b;
	int r = strcmp(x->key, y->key);

	return r ? r : x->rank < y->rank ? -1 : x->rank > y->rank;
}

static int cmp_by_rank(const void *a, const void *b)
{
	const struct spec_entry *x = a, *y = b;

	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* Sorted by text; of specifiers that are the same, the first is kept. */
static void add_specifiers(const struct pep508_requirement *r,
			   struct strbuf *out)
{
	struct spec_entry *es;
	size_t i, kept = 0;

	if (!r->nspecs)
		return;
	es = xcalloc(r->nspecs, sizeof(*es));
	for (i = 0; i < r->nspecs; i++) {
		struct strbuf sb = STRBUF_INIT;

		sb_addf(&sb, "%s%s", r->specs[i].op, r->specs[i].version);
		es[i].text = sb_detach(&sb, NULL);
		es[i].key = spec_key(&r->specs[i]);
		es[i].rank = i;
	}
	qsort(es, r->nspecs, sizeof(*es), cmp_by_text);
	for (i = 0; i < r->nspecs; i++)
		es[i].rank = i;
	qsort(es, r->nspecs, sizeof(*es), cmp_by_key);
	for (i = 0; i < r->nspecs; i++) {
		if (kept && !strcmp(es[i].key, es[kept - 1].key)) {
			free(es[i].key);
			free(es[i].text);
			continue;
		}
		es[kept++] = es[i];
	}
	qsort(es, kept, sizeof(*es), cmp_by_rank);
	for (i = 0; i < kept; i++) {
		sb_addf(out, "%s%s", i ? "," : "", es[i].text);
		free(es[i].key);
		free(es[i].text);
	}
	free(es);
}

static void add_extras(const struct pep508_requirement *r, struct strbuf *out)
{
	char **sorted;
	size_t i, n = 0;

	if (!r->nextras)
		return;
	sorted = xcalloc(r->nextras, sizeof(*sorted));
	memcpy(sorted, r->extras, r->nextras * sizeof(*sorted));
	qsort(sorted, r->nextras, sizeof(*sorted), cmp_str);
	sb_addc(out, '[');
	for (i = 0; i < r->nextras; i++) {
		if (i && !strcmp(sorted[i], sorted[i - 1]))
			continue;
		sb_addf(out, "%s%s", n++ ? "," : "", sorted[i]);
	}
	sb_addc(out, ']');
	free(sorted);
}

void pep508_format(const struct pep508_requirement *r, struct strbuf *out)
{
	sb_adds(out, r->name);
	add_extras(r, out);
	add_specifiers(r, out);
	if (r->url) {
		sb_addf(out, " @ %s", r->url);
		if (r->marker)
			sb_addc(out, ' ');
	}
	if (r->marker)
		sb_addf(out, "; %s", r->marker);
}
