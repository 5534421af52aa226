/*
 * The end of an audit: which libraries the wheel does not carry, the best
 * policy its binaries allow, and the findings of the binaries against the
 * policy they are held to: the one given with --policy, else the strictest
 * manylinux/musllinux tag the wheel claims per libc. A wheel tagged only
 * linux_<arch> (and a bare file) promises nothing, so what it needs from
 * outside is a warning there.
 */
#include "audit_internal.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

static void gather_external(struct audit_ctx *c)
{
	size_t i, k;

	for (i = 0; i < c->nr_elves; i++) {
		const struct elf_summary *s = &c->elves[i];

		for (k = 0; k < s->nr_needed; k++)
			if (!policy_is_loader(s->needed[k]) &&
			    !(c->in_wheel && audit_has_member_named(c, s->needed[k])))
				policy_needs_add_lib(&c->needs, s->arcname, s->needed[k]);
	}
}

/* The violations of one policy, kept to group them per binary. */
struct collected {
	struct policy_violation *v;
	size_t nr, alloc;
};

static void collect(void *ctx, const struct policy_violation *v)
{
	struct collected *col = ctx;

	ALLOC_GROW(col->v, col->nr + 1, col->alloc);
	col->v[col->nr++] = *v;
}

static int cmp_version_desc(const void *a, const void *b)
{
	const struct policy_violation *x = a, *y = b;
	int c = strcmp(x->by, y->by);

	return c ? c : -policy_version_cmp(x->what, y->what);
}

/* "GLIBC up to 2.17, GLIBCXX up to 3.4.19" for the prefixes listed. */
static void allowed_versions(const struct policy *p, const char *arch,
			     const struct policy_violation *v, size_t n,
			     struct strbuf *out)
{
	struct strbuf seen = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *us = strchr(v[i].what, '_');
		struct strbuf prefix = STRBUF_INIT;
		const char *max;

		sb_add(&prefix, v[i].what, us ? (size_t)(us - v[i].what) : 0);
		sb_addc(&prefix, ',');
		if (!strstr(seen.buf, prefix.buf)) {
			sb_addf(&seen, "%s", prefix.buf);
			sb_setlen(&prefix, prefix.len - 1);
			max = policy_max_version(p, arch, prefix.buf);
			if (max)
				sb_addf(out, "%s%s up to %s", out->len ? ", " : "", prefix.buf, max);
		}
		sb_release(&prefix);
	}
	sb_release(&seen);
}

static void report_versions(struct audit_ctx *c, const struct policy *p,
			    const char *arch, const char *tag,
			    struct policy_violation *v, size_t n)
{
	size_t i = 0;

	qsort(v, n, sizeof(*v), cmp_version_desc);
	while (i < n) {
		struct strbuf list = STRBUF_INIT, allowed = STRBUF_INIT;
		size_t j, shown = 0;

		for (j = i; j < n && !strcmp(v[j].by, v[i].by); j++)
			if (shown++ < 6)
				sb_addf(&list, "%s%s (%s)", shown > 1 ? ", " : "", v[j].what, v[j].from);
		allowed_versions(p, arch, v + i, j - i, &allowed);
		audit_member(c, v[i].by, "glibc-too-new", AUDIT_ERROR,
			     "needs symbol versions that %s does not allow: %s%s%s%s",
			     tag, list.buf, shown > 6 ? ", ..." : "",
			     allowed.len ? "; it allows " : "", allowed.buf);
		sb_release(&list);
		sb_release(&allowed);
		i = j;
	}
}

static void report_one(struct audit_ctx *c, const char *tag,
		       const struct policy_violation *v, enum audit_severity sev)
{
	switch (v->kind) {
	case PV_NO_ARCH:
		audit_member(c, NULL, "tag-mismatch", AUDIT_ERROR,
			     "'%s' does not exist: the policy has no %s variant", tag, v->what);
		break;
	case PV_LIBC:
		audit_member(c, NULL, "tag-mismatch", AUDIT_ERROR,
			     "the binaries are linked against %s, but '%s' is a tag for %s",
			     v->what, tag, starts_with(tag, "musllinux") ? "musl" : "glibc");
		break;
	case PV_LIB:
		if (!policy_is_libpython(v->what))	/* libpython-needed says it */
			audit_member(c, v->by, "external-lib", sev,
				     "needs '%s', which %s does not allow and the wheel does not carry",
				     v->what, tag);
		break;
	case PV_BLACKLIST:
		audit_member(c, v->by, "blacklisted-symbol", sev,
			     "imports '%s' from '%s', which %s forbids", v->what, v->from, tag);
		break;
	case PV_ISA:
		audit_member(c, v->by, "isa-level", sev,
			     "needs an x86-64 level above the baseline (GNU property note), which %s does not allow",
			     tag);
		break;
	case PV_VERSION:
		break;
	}
}

static void hold_to(struct audit_ctx *c, const struct policy *p,
		    const char *arch, enum audit_severity sev)
{
	struct collected col = { NULL, 0, 0 };
	struct strbuf tag = STRBUF_INIT;
	size_t i, nv = 0;

	policy_tag(p, arch, &tag);
	policy_check(p, arch, &c->needs, collect, &col);
	for (i = 0; i < col.nr; i++) {
		if (col.v[i].kind == PV_VERSION)
			col.v[nv++] = col.v[i];	/* compacts the versions to the front */
		else
			report_one(c, tag.buf, &col.v[i], sev);
	}
	if (nv)
		report_versions(c, p, arch, tag.buf, col.v, nv);
	free(col.v);
	sb_release(&tag);
}

/* A linux_<arch> wheel or a bare file: libraries no policy allows. */
static void warn_unportable(struct audit_ctx *c, enum policy_libc libc)
{
	const struct policy *widest = NULL;
	size_t i;

	for (i = 0; i < policy_table_nr; i++)
		if (policy_table[i].libc == (libc == POLICY_ANY ? POLICY_GLIBC : libc))
			widest = &policy_table[i];	/* the lowest priority */
	for (i = 0; widest && i < c->needs.nr_libs; i++) {
		const char *lib = c->needs.libs[i].lib;
		struct policy_needs one;

		if (policy_is_libpython(lib))
			continue;
		policy_needs_init(&one);
		policy_needs_add_lib(&one, c->needs.libs[i].by, lib);
		if (policy_check(widest, c->arch, &one, NULL, NULL))
			audit_member(c, c->needs.libs[i].by, "external-lib", AUDIT_WARNING,
				     "needs '%s', which no %s policy allows and the wheel does not carry: it must be installed on the user's system",
				     lib, libc == POLICY_MUSL ? "musllinux" : "manylinux");
		policy_needs_release(&one);
	}
}

/* The strictest policy the wheel claims for a libc family. */
static int claimed(struct audit_ctx *c, const struct policy **best,
		   enum policy_libc libc)
{
	struct strbuf arch = STRBUF_INIT;
	size_t i;

	*best = NULL;
	for (i = 0; i < c->tags.nr; i++) {
		const struct policy *p = policy_from_tag(c->tags.v[i].platform, &arch);

		if (p && p->libc == libc && (!*best || p->priority > (*best)->priority))
			*best = p;
	}
	sb_release(&arch);
	return *best != NULL;
}

static void note_unknown_tags(struct audit_ctx *c)
{
	struct strbuf arch = STRBUF_INIT;
	size_t i;

	for (i = 0; i < c->tags.nr; i++) {
		const char *tag = c->tags.v[i].platform;

		if (i && !strcmp(tag, c->tags.v[i - 1].platform))
			continue;
		if (!policy_from_tag(tag, &arch) &&
		    (starts_with(tag, "manylinux_") || starts_with(tag, "musllinux_")))
			audit_member(c, NULL, "not-examined", AUDIT_INFO,
				     "'%s' is not in wheelwright's policy table: its symbol versions were not checked",
				     tag);
	}
	sb_release(&arch);
}

static void set_best(struct audit_ctx *c, enum policy_libc libc)
{
	const struct policy *best = policy_best(libc, c->arch, &c->needs);
	struct strbuf sb = STRBUF_INIT;

	policy_tag(best, c->arch, &sb);
	free(c->r->policy);
	c->r->policy = sb_detach(&sb, NULL);
	policy_tags(best, c->arch, &sb);
	free(c->r->policy_tags);
	c->r->policy_tags = sb_detach(&sb, NULL);
}

int audit_policy_finish(struct audit_ctx *c, struct err *e)
{
	struct strbuf arch = STRBUF_INIT;
	enum policy_libc libc = c->needs.libc;
	const struct policy *p;
	int any = 0;

	if (c->opts->policy && !(p = policy_from_tag(c->opts->policy, &arch))) {
		sb_release(&arch);
		return err_set(e, "unknown policy '%s'", c->opts->policy);
	}
	audit_macho_finish(c);
	if (!c->nr_elves || !c->arch[0]) {
		sb_release(&arch);
		return 0;
	}
	gather_external(c);
	if (libc == POLICY_ANY) {
		const struct policy *m;

		libc = claimed(c, &m, POLICY_MUSL) ? POLICY_MUSL : POLICY_GLIBC;
	}
	set_best(c, libc);
	if (c->opts->policy) {
		if (strcmp(arch.buf, c->arch))
			audit_member(c, NULL, "arch-mismatch", AUDIT_ERROR,
				     "'%s' is a tag for %s, but the binaries are for %s",
				     c->opts->policy, arch.buf, c->arch);
		else
			hold_to(c, p, arch.buf, AUDIT_ERROR);
		sb_release(&arch);
		return 0;
	}
	sb_release(&arch);
	note_unknown_tags(c);
	if (claimed(c, &p, POLICY_GLIBC)) {
		hold_to(c, p, c->arch, AUDIT_ERROR);
		any = 1;
	}
	if (claimed(c, &p, POLICY_MUSL)) {
		hold_to(c, p, c->arch, AUDIT_ERROR);
		any = 1;
	}
	if (!any)
		warn_unportable(c, libc);
	return 0;
}
