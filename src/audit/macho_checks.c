/*
 * The checks of one Mach-O file (.so, .dylib, a program): its CPUs (fat
 * slices) against the macOS platform tags, the macOS release each slice
 * needs (minos) against the one a tag promises, its libpython dependency,
 * and for an extension module its _PyInit_ export, its file name and its
 * Python symbols. What it loads and from where is kept for the checks at
 * the end (macho_finish.c), which see the whole wheel.
 *
 * Mach-O symbol names carry C's leading underscore: the module exports
 * "_PyInit_m" for Python's "PyInit_m".
 */
#include "audit_internal.h"
#include "macos_tag.h"
#include "../base/xalloc.h"
#include "../formats/macho.h"

#include <stdlib.h>
#include <string.h>

static int slice_loadable(const struct macho_slice *s)
{
	return !s->archive && (s->filetype == MACHO_MH_BUNDLE ||
			       s->filetype == MACHO_MH_DYLIB ||
			       s->filetype == MACHO_MH_EXECUTE);
}

/* Whether dyld would load the file at all (not an object or archive). */
static int loadable(const struct macho_file *m)
{
	size_t i;

	for (i = 0; i < m->nr_slices; i++)
		if (slice_loadable(&m->slices[i]))
			return 1;
	return 0;
}

static const struct macho_slice *slice_for(const struct macho_file *m,
					   const char *arch)
{
	size_t i;

	for (i = 0; i < m->nr_slices; i++) {
		const char *name = macho_arch_name(m->slices[i].cputype, m->slices[i].cpusubtype);

		if (name && !strcmp(name, arch))
			return &m->slices[i];
	}
	return NULL;
}

/* "x86_64, arm64" */
static void list_archs(const struct macho_file *m, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < m->nr_slices; i++) {
		char buf[32];

		sb_addf(out, "%s%s", i ? ", " : "", macho_slice_arch(&m->slices[i], buf, sizeof(buf)));
	}
}

/* A binary for iOS (or another Apple OS) only: macOS does not load it. */
static const char *foreign_platform(const struct macho_file *m)
{
	size_t i;
	uint32_t v;

	for (i = 0; i < m->nr_slices; i++) {
		const struct macho_slice *s = &m->slices[i];
		const char *name;

		if (!slice_loadable(s) || !s->nr_versions || macho_min_macos(s, &v))
			continue;
		name = macho_platform_name(s->versions[0].platform);
		return name ? name : "an unknown platform";
	}
	return NULL;
}

static int check_macos_arch(struct audit_ctx *c, const char *arcname,
			    const struct macho_file *m, const char *tag)
{
	struct macos_tag t;
	struct strbuf have = STRBUF_INIT, need = STRBUF_INIT, missing = STRBUF_INIT;
	const char *foreign = foreign_platform(m);
	size_t k;
	int found = 0;

	if (foreign) {
		audit_member(c, arcname, "arch-mismatch", AUDIT_ERROR,
			     "is built for %s (its version load command names no macOS), which a '%s' interpreter cannot load",
			     foreign, tag);
		return 1;
	}
	macos_tag_parse(tag, &t);
	for (k = 0; t.archs[k]; k++) {
		sb_addf(&need, "%s%s", k ? " and " : "", t.archs[k]);
		if (!slice_for(m, t.archs[k]))
			sb_addf(&missing, "%s%s", missing.len ? ", " : "", t.archs[k]);
	}
	if (missing.len) {
		list_archs(m, &have);
		audit_member(c, arcname, "arch-mismatch", AUDIT_ERROR,
			     "is a Mach-O file for %s, but '%s' needs %s (no %s slice): it does not load there",
			     have.buf, tag, need.buf, missing.buf);
		found = 1;
	}
	sb_release(&have);
	sb_release(&need);
	sb_release(&missing);
	return found;
}

/* arch-mismatch: the slices against every tag (one finding at most). */
static void check_arch(struct audit_ctx *c, const char *arcname,
		       const struct macho_file *m, const struct ext_name *n)
{
	struct strbuf have = STRBUF_INIT;
	size_t i;

	for (i = 0; i < c->tags.nr; i++) {
		const char *tag = c->tags.v[i].platform;
		struct plat_info pi;

		plat_parse(tag, &pi);
		if (pi.os == PLAT_MACOS && loadable(m) && check_macos_arch(c, arcname, m, tag))
			break;
		if ((pi.os == PLAT_LINUX || pi.os == PLAT_WINDOWS || pi.os == PLAT_ANDROID) &&
		    (n->kind != EXT_NOT_MODULE || ends_with(arcname, ".dylib"))) {
			list_archs(m, &have);
			audit_member(c, arcname, "arch-mismatch", AUDIT_ERROR,
				     "is a Mach-O file (%s), which a '%s' interpreter cannot load",
				     have.buf, tag);
			break;
		}
	}
	sb_release(&have);
}

/* The macOS minimum of a slice and the command that says it. */
static int slice_minos(const struct macho_slice *s, uint32_t *v, const char **what)
{
	size_t i;

	for (i = 0; i < s->nr_versions; i++)
		if (s->versions[i].platform == MACHO_PLATFORM_MACOS) {
			*v = s->versions[i].minos;
			*what = s->versions[i].cmd == MACHO_LC_BUILD_VERSION ?
				"LC_BUILD_VERSION minos" : "LC_VERSION_MIN_MACOSX";
			return 1;
		}
	return 0;
}

static int in_set(const struct macos_tag *t, const char *arch)
{
	size_t k;

	for (k = 0; t->archs[k]; k++)
		if (!strcmp(t->archs[k], arch))
			return 1;
	return !t->archs[0];	/* an unknown tag arch: every slice counts */
}

/*
 * macos-too-new: pip installs a macosx_X_Y wheel on macOS X.Y and later
 * (arm64: 11.0 and later), but dyld refuses an image whose minos is newer
 * than the running macOS. Versions compare as major.minor, as delocate
 * does.
 */
static int check_minos_tag(struct audit_ctx *c, const char *arcname,
			   const struct macho_file *m, const char *tag)
{
	struct macos_tag t;
	size_t i;

	if (!macos_tag_parse(tag, &t))
		return 0;
	for (i = 0; i < m->nr_slices; i++) {
		const struct macho_slice *s = &m->slices[i];
		struct strbuf need = STRBUF_INIT, promise = STRBUF_INIT;
		const char *arch = macho_arch_name(s->cputype, s->cpusubtype), *what;
		uint32_t v, limit;

		if (!slice_loadable(s) || !arch || !in_set(&t, arch) || !slice_minos(s, &v, &what))
			continue;
		limit = t.version > macos_arch_floor(arch) ? t.version : macos_arch_floor(arch);
		if ((v >> 8) <= (limit >> 8))
			continue;
		macho_version_add(&need, v);
		macho_version_add(&promise, limit);
		audit_member(c, arcname, "macos-too-new", AUDIT_ERROR,
			     "needs macOS %s (%s of its %s slice), but '%s' promises macOS %s: dyld refuses to load it there",
			     need.buf, what, arch, tag, promise.buf);
		sb_release(&need);
		sb_release(&promise);
		return 1;
	}
	return 0;
}

static void check_minos(struct audit_ctx *c, const char *arcname,
			const struct macho_file *m)
{
	size_t i;

	for (i = 0; i < c->tags.nr; i++)
		if (check_minos_tag(c, arcname, m, c->tags.v[i].platform))
			return;
}

/* For the best tag: the newest minos per CPU, and how many binaries have it. */
static void note_minos(struct audit_ctx *c, const struct macho_file *m)
{
	size_t i, k;

	c->nr_macos_binaries++;
	for (i = 0; i < m->nr_slices; i++) {
		const struct macho_slice *s = &m->slices[i];
		const char *arch = macho_arch_name(s->cputype, s->cpusubtype), *what;
		uint32_t v = 0;

		if (!slice_loadable(s) || !arch || strlen(arch) >= sizeof(c->macos->arch))
			continue;
		slice_minos(s, &v, &what);
		for (k = 0; k < c->nr_macos && strcmp(c->macos[k].arch, arch); k++)
			;
		if (k == c->nr_macos) {
			ALLOC_GROW(c->macos, c->nr_macos + 1, c->alloc_macos);
			memset(&c->macos[k], 0, sizeof(c->macos[k]));
			strcpy(c->macos[k].arch, arch);
			c->nr_macos++;
		}
		if (v > c->macos[k].minos)
			c->macos[k].minos = v;
		c->macos[k].count++;
	}
}

static void add_dep(struct macho_summary *s, const struct macho_dylib *d)
{
	int weak = d->cmd == MACHO_LC_LOAD_WEAK_DYLIB;
	size_t i;

	for (i = 0; i < s->nr_deps; i++)
		if (!strcmp(s->deps[i].name, d->name)) {
			s->deps[i].weak &= weak;	/* needed by one slice: needed */
			return;
		}
	ALLOC_GROW(s->deps, s->nr_deps + 1, s->alloc_deps);
	s->deps[s->nr_deps].name = xstrdup(d->name);
	s->deps[s->nr_deps++].weak = weak;
}

static void add_rpath(struct macho_summary *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->nr_rpaths; i++)
		if (!strcmp(s->rpaths[i], path))
			return;
	ALLOC_GROW(s->rpaths, s->nr_rpaths + 1, s->alloc_rpaths);
	s->rpaths[s->nr_rpaths++] = xstrdup(path);
}

static struct macho_summary *summarize(struct audit_ctx *c, const char *arcname,
				       const struct macho_file *m)
{
	struct macho_summary *s;
	size_t i, k;

	ALLOC_GROW(c->machos, c->nr_machos + 1, c->alloc_machos);
	s = &c->machos[c->nr_machos++];
	memset(s, 0, sizeof(*s));
	s->arcname = xstrdup(arcname);
	for (i = 0; i < m->nr_slices; i++) {
		const struct macho_slice *sl = &m->slices[i];

		for (k = 0; k < sl->nr_dylibs; k++)
			if (macho_is_load_command(sl->dylibs[k].cmd))
				add_dep(s, &sl->dylibs[k]);
		for (k = 0; k < sl->nr_rpaths; k++)
			add_rpath(s, sl->rpaths[k]);
	}
	return s;
}

static void check_libpython(struct audit_ctx *c, const char *arcname,
			    const struct macho_summary *s)
{
	size_t i;

	for (i = 0; i < s->nr_deps; i++)
		if (audit_macho_is_libpython(s->deps[i].name))
			audit_member(c, arcname, "libpython-needed", AUDIT_ERROR,
				     "loads '%s' (LC_LOAD_DYLIB): an extension must take libpython's symbols from the interpreter that loads it (link with '-undefined dynamic_lookup'); "
				     "under any other Python it fails to load, or runs a second interpreter",
				     s->deps[i].name);
}

int audit_macho(struct audit_ctx *c, const char *arcname,
		const unsigned char *data, size_t size, struct err *e)
{
	struct macho_file m;
	struct ext_name n;
	const struct macho_summary *s;

	macho_file_init(&m);
	if (macho_parse(&m, data, size, arcname, e)) {
		macho_file_release(&m);
		return audit_malformed(c, arcname, e);
	}
	c->r->nr_binaries++;
	ext_name_parse(audit_base_name(arcname), &n);
	check_arch(c, arcname, &m, &n);
	if (loadable(&m)) {
		check_minos(c, arcname, &m);
		note_minos(c, &m);
	}
	s = summarize(c, arcname, &m);
	check_libpython(c, arcname, s);
	audit_macho_module(c, arcname, &m, &n);
	macho_file_release(&m);
	return 0;
}
