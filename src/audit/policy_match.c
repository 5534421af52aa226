/*
 * The policy matcher (policy_match.h). auditwheel's rules, from its
 * policy/__init__.py and wheel_abi.py, restated:
 *   - a versioned need "PREFIX_VERSION" is accepted when the policy's CPU
 *     row does not list PREFIX, or lists VERSION among PREFIX's versions;
 *   - a needed library is accepted when it is the loader, or in the
 *     whitelist ("libc.so" standing for musl's per-CPU soname), or carried
 *     by the wheel (the caller does not add those);
 *   - an undefined symbol is refused when the policy blacklists it in a
 *     library the binary needs;
 *   - on x86-64, a binary that needs more than the baseline ISA (its
 *     GNU_PROPERTY_X86_ISA_1_NEEDED note) meets no policy.
 */
#include "policy_match.h"
#include "../base/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void policy_needs_init(struct policy_needs *n)
{
	memset(n, 0, sizeof(*n));
	n->libc = POLICY_ANY;
}

void policy_needs_release(struct policy_needs *n)
{
	size_t i;

	for (i = 0; i < n->nr_vers; i++) {
		free(n->vers[i].by);
		free(n->vers[i].file);
		free(n->vers[i].version);
	}
	for (i = 0; i < n->nr_libs; i++) {
		free(n->libs[i].by);
		free(n->libs[i].lib);
	}
	for (i = 0; i < n->nr_syms; i++) {
		free(n->syms[i].by);
		free(n->syms[i].lib);
		free(n->syms[i].sym);
	}
	free(n->vers);
	free(n->libs);
	free(n->syms);
	free(n->isa_by);
	policy_needs_init(n);
}

void policy_needs_add_version(struct policy_needs *n, const char *by,
			      const char *file, const char *version)
{
	struct policy_need_version *v;
	size_t i;

	for (i = 0; i < n->nr_vers; i++)
		if (!strcmp(n->vers[i].version, version) &&
		    !strcmp(n->vers[i].by, by) && !strcmp(n->vers[i].file, file))
			return;
	ALLOC_GROW(n->vers, n->nr_vers + 1, n->alloc_vers);
	v = &n->vers[n->nr_vers++];
	v->by = xstrdup(by);
	v->file = xstrdup(file);
	v->version = xstrdup(version);
}

void policy_needs_add_lib(struct policy_needs *n, const char *by,
			  const char *lib)
{
	size_t i;

	for (i = 0; i < n->nr_libs; i++)
		if (!strcmp(n->libs[i].lib, lib) && !strcmp(n->libs[i].by, by))
			return;
	ALLOC_GROW(n->libs, n->nr_libs + 1, n->alloc_libs);
	n->libs[n->nr_libs].by = xstrdup(by);
	n->libs[n->nr_libs].lib = xstrdup(lib);
	n->nr_libs++;
}

void policy_needs_add_sym(struct policy_needs *n, const char *by,
			  const char *lib, const char *sym)
{
	struct policy_need_sym *s;

	ALLOC_GROW(n->syms, n->nr_syms + 1, n->alloc_syms);
	s = &n->syms[n->nr_syms++];
	s->by = xstrdup(by);
	s->lib = xstrdup(lib);
	s->sym = xstrdup(sym);
}

void policy_needs_set_isa(struct policy_needs *n, const char *by, int level)
{
	if (level <= n->isa_level)
		return;
	n->isa_level = level;
	free(n->isa_by);
	n->isa_by = xstrdup(by);
}

void policy_needs_set_libc(struct policy_needs *n, enum policy_libc libc)
{
	if (libc == POLICY_ANY)
		return;
	if (n->libc != POLICY_ANY && n->libc != libc)
		n->libc_conflict = 1;
	else
		n->libc = libc;
}

static int in_sorted(const char *const *v, size_t nr, const char *s)
{
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s, v[mid]);

		if (!c)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static const struct policy_blacklist *blacklist_of(const struct policy *p,
						   const char *lib)
{
	size_t i;

	for (i = 0; i < p->nr_blacklist; i++)
		if (!strcmp(p->blacklist[i].lib, lib))
			return &p->blacklist[i];
	return NULL;
}

int policy_any_blacklists(const char *lib, const char *sym)
{
	size_t i;

	for (i = 0; i < policy_table_nr; i++) {
		const struct policy_blacklist *b = blacklist_of(&policy_table[i], lib);

		if (b && (in_sorted(b->symbols, b->nr, sym) ||
			  in_sorted(b->symbols, b->nr, "*")))
			return 1;
	}
	return 0;
}

int policy_is_loader(const char *soname)
{
	/* ld-linux-x86-64.so.2, ld-linux-aarch64.so.1, ld64.so.1 (ppc64le),
	 * ld64.so.2 (s390x), ld-musl-x86_64.so.1 */
	return starts_with(soname, "ld-linux") || !strcmp(soname, "ld64.so.1") ||
	       !strcmp(soname, "ld64.so.2") || starts_with(soname, "ld-musl-") ||
	       !strcmp(soname, "ld-linux.so.2") || !strcmp(soname, "ld.so.1");
}

int policy_is_libpython(const char *soname)
{
	const char *p = soname;

	if (!starts_with(p, "libpython"))
		return 0;
	p += strlen("libpython");
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p) || *p == '.' || isalpha((unsigned char)*p)) {
		if (starts_with(p, ".so"))
			return p[3] == '\0' || p[3] == '.';
		p++;
	}
	return 0;
}

/* musl's soname per CPU: the whitelist's "libc.so" stands for it. */
static const char *musl_libc_soname(const char *arch)
{
	static const struct { const char *arch, *soname; } map[] = {
		{ "x86_64", "libc.musl-x86_64.so.1" },
		{ "i686", "libc.musl-x86.so.1" },
		{ "aarch64", "libc.musl-aarch64.so.1" },
		{ "s390x", "libc.musl-s390x.so.1" },
		{ "ppc64le", "libc.musl-ppc64le.so.1" },
		{ "armv7l", "libc.musl-armv7.so.1" },
		{ "riscv64", "libc.musl-riscv64.so.1" },
		{ "loongarch64", "libc.musl-loongarch64.so.1" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].arch, arch))
			return map[i].soname;
	return NULL;
}

int policy_whitelists(const struct policy *p, const char *arch, const char *lib)
{
	const char *musl;

	if (in_sorted(p->whitelist, p->nr_whitelist, lib))
		return 1;
	musl = musl_libc_soname(arch);
	return p->libc == POLICY_MUSL && musl && !strcmp(lib, musl) &&
	       in_sorted(p->whitelist, p->nr_whitelist, "libc.so");
}

const struct policy_arch *policy_arch_row(const struct policy *p,
					  const char *arch)
{
	size_t i;

	for (i = 0; i < p->nr_arches; i++)
		if (!strcmp(p->arches[i].arch, arch))
			return &p->arches[i];
	return NULL;
}

static const struct policy_versions *prefix_row(const struct policy_arch *row,
						const char *prefix, size_t len)
{
	size_t i;

	for (i = 0; i < row->nr_prefixes; i++)
		if (strlen(row->prefixes[i].prefix) == len &&
		    !strncmp(row->prefixes[i].prefix, prefix, len))
			return &row->prefixes[i];
	return NULL;
}

/* Whether the CPU row accepts "PREFIX_VERSION" (split at the first '_'). */
static int version_accepted(const struct policy_arch *row, const char *need)
{
	const char *us = strchr(need, '_');
	const struct policy_versions *pv;

	if (!us)
		return 1;	/* no prefix: nothing constrains it */
	pv = prefix_row(row, need, (size_t)(us - need));
	return !pv || in_sorted(pv->versions, pv->nr, us + 1);
}

static void report(policy_violation_fn fn, void *ctx,
		   enum policy_violation_kind kind, const char *by,
		   const char *what, const char *from)
{
	struct policy_violation v;

	if (!fn)
		return;
	v.kind = kind;
	v.by = by;
	v.what = what;
	v.from = from;
	fn(ctx, &v);
}

static size_t check_libc(const struct policy *p, const struct policy_needs *n,
			 policy_violation_fn fn, void *ctx)
{
	if (p->libc == POLICY_ANY || n->libc == POLICY_ANY ||
	    (n->libc == p->libc && !n->libc_conflict))
		return 0;
	report(fn, ctx, PV_LIBC, NULL,
	       n->libc_conflict ? "glibc and musl" :
	       n->libc == POLICY_MUSL ? "musl" : "glibc", NULL);
	return 1;
}

size_t policy_check(const struct policy *p, const char *arch,
		    const struct policy_needs *n, policy_violation_fn fn,
		    void *ctx)
{
	const struct policy_arch *row;
	size_t i, bad = 0;

	if (p->libc == POLICY_ANY)
		return 0;	/* "linux" promises nothing */
	row = policy_arch_row(p, arch);
	if (!row) {
		report(fn, ctx, PV_NO_ARCH, NULL, arch, NULL);
		return 1;
	}
	bad += check_libc(p, n, fn, ctx);
	for (i = 0; i < n->nr_vers; i++)
		if (!version_accepted(row, n->vers[i].version)) {
			report(fn, ctx, PV_VERSION, n->vers[i].by,
			       n->vers[i].version, n->vers[i].file);
			bad++;
		}
	for (i = 0; i < n->nr_libs; i++)
		if (!policy_is_loader(n->libs[i].lib) &&
		    !policy_whitelists(p, arch, n->libs[i].lib)) {
			report(fn, ctx, PV_LIB, n->libs[i].by, n->libs[i].lib, NULL);
			bad++;
		}
	for (i = 0; i < n->nr_syms; i++) {
		const struct policy_blacklist *b = blacklist_of(p, n->syms[i].lib);

		if (b && (in_sorted(b->symbols, b->nr, n->syms[i].sym) ||
			  in_sorted(b->symbols, b->nr, "*"))) {
			report(fn, ctx, PV_BLACKLIST, n->syms[i].by,
			       n->syms[i].sym, n->syms[i].lib);
			bad++;
		}
	}
	if (n->isa_level > 1 && !strcmp(arch, "x86_64")) {
		report(fn, ctx, PV_ISA, n->isa_by, "x86-64", NULL);
		bad++;
	}
	return bad;
}

const struct policy *policy_linux(void)
{
	return &policy_table[0];
}

const struct policy *policy_best(enum policy_libc libc, const char *arch,
				 const struct policy_needs *n)
{
	size_t i;

	if (libc == POLICY_ANY)
		libc = POLICY_GLIBC;
	/* The table is in priority order within each family. */
	for (i = 0; i < policy_table_nr; i++) {
		const struct policy *p = &policy_table[i];

		if (p->libc == libc && policy_arch_row(p, arch) &&
		    !policy_check(p, arch, n, NULL, NULL))
			return p;
	}
	return policy_linux();
}

/* Whether tag is name + "_" + an arch; sets *arch to where it starts. */
static int tag_has_name(const char *tag, const char *name, const char **arch)
{
	size_t len = strlen(name);

	if (strncmp(tag, name, len) || tag[len] != '_' || !tag[len + 1])
		return 0;
	*arch = tag + len + 1;
	return 1;
}

const struct policy *policy_from_tag(const char *tag, struct strbuf *arch)
{
	const char *a = NULL;
	size_t i, k;

	for (i = 0; i < policy_table_nr; i++) {
		const struct policy *p = &policy_table[i];
		int hit = tag_has_name(tag, p->name, &a);

		for (k = 0; !hit && k < p->nr_aliases; k++)
			hit = tag_has_name(tag, p->aliases[k], &a);
		/* "manylinux_2_17_x86_64" must not match "manylinux_2_1" + "7_x86_64" */
		if (hit && (p->libc == POLICY_ANY || policy_arch_row(p, a) ||
			    !isdigit((unsigned char)*a))) {
			sb_reset(arch);
			sb_adds(arch, a);
			return p;
		}
	}
	return NULL;
}

void policy_tag(const struct policy *p, const char *arch, struct strbuf *out)
{
	sb_addf(out, "%s_%s", p->name, arch);
}

void policy_tags(const struct policy *p, const char *arch, struct strbuf *out)
{
	size_t i;

	policy_tag(p, arch, out);
	for (i = 0; i < p->nr_aliases; i++)
		sb_addf(out, ".%s_%s", p->aliases[i], arch);
}

int policy_version_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			char *ea, *eb;
			unsigned long x = strtoul(a, &ea, 10);
			unsigned long y = strtoul(b, &eb, 10);

			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
		} else {
			if (*a != *b)
				return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
			a++;
			b++;
		}
	}
	return *a ? 1 : *b ? -1 : 0;
}

const char *policy_max_version(const struct policy *p, const char *arch,
			       const char *prefix)
{
	const struct policy_arch *row = policy_arch_row(p, arch);
	const struct policy_versions *pv;
	const char *best = NULL;
	size_t i;

	if (!row || !(pv = prefix_row(row, prefix, strlen(prefix))))
		return NULL;
	for (i = 0; i < pv->nr; i++)
		if (!best || policy_version_cmp(pv->versions[i], best) > 0)
			best = pv->versions[i];
	return best;
}
