/*
 * The end of a Mach-O audit, when the whole wheel is known:
 *
 * external-lib: dyld loads each install name an image lists. Names under
 * /usr/lib and /System are macOS's own. "@loader_path/x" is found beside
 * the image; "@rpath/x" through the LC_RPATH entries of the image, then of
 * the images that loaded it (one level is followed here); anything else
 * (an absolute path such as /usr/local/opt/..., "@executable_path/x",
 * beside the Python program) is outside the wheel: what delocate would
 * copy in. An error under a macOS tag, a warning for a weak library (dyld
 * loads the image without it) and for bare files.
 *
 * runpath: LC_RPATH entries that point outside the wheel (absolute, or
 * "@loader_path/.." past its root) search the build machine's folders on
 * the user's machine.
 *
 * The best tag: per CPU, the newest minos of the binaries (11.0 at least
 * for arm64), packed as delocate packs it (x86_64 and arm64 into
 * universal2, i386 and x86_64 into intel).
 */
#include "audit_internal.h"
#include "macos_tag.h"
#include "../formats/macho.h"

#include <stdlib.h>
#include <string.h>

int audit_macho_is_libpython(const char *name)
{
	const char *base = audit_base_name(name);

	return (starts_with(base, "libpython") && strstr(base, ".dylib")) ||
	       strstr(name, "Python.framework/") || strstr(name, "Python3.framework/");
}

static int is_system(const char *name)
{
	return starts_with(name, "/usr/lib/") || starts_with(name, "/System/");
}

/* The wheel path that "@loader_path/rest" names from arcname, or -1. */
static int from_loader(const char *arcname, const char *rest, struct strbuf *out)
{
	const char *slash = strrchr(arcname, '/');

	sb_reset(out);
	if (slash && audit_push_path(out, arcname, (size_t)(slash - arcname)))
		return -1;
	return audit_push_path(out, rest, strlen(rest));
}

/* Whether an rpath entry of image arcname, followed by tail, is a member. */
static int rpath_finds(const struct audit_ctx *c, const char *arcname,
		       const char *rpath, const char *tail)
{
	struct strbuf path = STRBUF_INIT;
	int found = 0;

	if (starts_with(rpath, "@loader_path") &&
	    !from_loader(arcname, rpath + strlen("@loader_path"), &path) &&
	    !audit_push_path(&path, tail, strlen(tail)))
		found = audit_has_member(c, path.buf);
	sb_release(&path);
	return found;
}

/* The member that name resolves to from s without help, into out. */
static int resolve_own(const struct audit_ctx *c, const struct macho_summary *s,
		       const char *name, struct strbuf *out)
{
	size_t i;

	if (starts_with(name, "@loader_path/"))
		return !from_loader(s->arcname, name + strlen("@loader_path"), out) &&
		       audit_has_member(c, out->buf);
	if (!starts_with(name, "@rpath/"))
		return 0;
	for (i = 0; i < s->nr_rpaths; i++)
		if (rpath_finds(c, s->arcname, s->rpaths[i], name + strlen("@rpath"))) {
			from_loader(s->arcname, s->rpaths[i] + strlen("@loader_path"), out);
			audit_push_path(out, name + strlen("@rpath"), strlen(name) - strlen("@rpath"));
			return 1;
		}
	return 0;
}

/* "@rpath/x" through the LC_RPATH entries of an image that loads s. */
static int resolve_via_loader(const struct audit_ctx *c,
			      const struct macho_summary *s, const char *name)
{
	struct strbuf path = STRBUF_INIT;
	size_t i, k, r;
	int found = 0;

	for (i = 0; i < c->nr_machos && !found; i++) {
		const struct macho_summary *l = &c->machos[i];

		for (k = 0; l != s && k < l->nr_deps && !found; k++) {
			if (!resolve_own(c, l, l->deps[k].name, &path) ||
			    strcmp(path.buf, s->arcname))
				continue;
			for (r = 0; r < l->nr_rpaths && !found; r++)
				found = rpath_finds(c, l->arcname, l->rpaths[r],
						    name + strlen("@rpath"));
		}
	}
	sb_release(&path);
	return found;
}

static int macos_tagged(const struct audit_ctx *c)
{
	size_t i;

	for (i = 0; i < c->tags.nr; i++)
		if (starts_with(c->tags.v[i].platform, "macosx_"))
			return 1;
	return 0;
}

static void report_external(struct audit_ctx *c, const struct macho_summary *s,
			    const struct macho_dep *d)
{
	enum audit_severity sev = c->in_wheel && macos_tagged(c) && !d->weak ?
				  AUDIT_ERROR : AUDIT_WARNING;
	const char *weak = d->weak ? " (weak: the module loads without it)" : "";

	if (starts_with(d->name, "@rpath/"))
		audit_member(c, s->arcname, "external-lib", sev,
			     "needs '%s', which no LC_RPATH entry finds in the wheel%s: it loads only where the build machine's folders exist",
			     d->name, weak);
	else if (starts_with(d->name, "@loader_path/"))
		audit_member(c, s->arcname, "external-lib", sev,
			     "needs '%s', which is not in the wheel%s", d->name, weak);
	else if (starts_with(d->name, "@executable_path/"))
		audit_member(c, s->arcname, "external-lib", sev,
			     "needs '%s', which dyld looks for beside the Python program, not in the wheel%s",
			     d->name, weak);
	else
		audit_member(c, s->arcname, "external-lib", sev,
			     "needs '%s', which is not part of macOS (/usr/lib, /System) and which the wheel does not carry%s: delocate would copy it in",
			     d->name, weak);
}

static void check_deps(struct audit_ctx *c, const struct macho_summary *s)
{
	struct strbuf path = STRBUF_INIT;
	size_t i;

	for (i = 0; i < s->nr_deps; i++) {
		const struct macho_dep *d = &s->deps[i];

		if (is_system(d->name) || audit_macho_is_libpython(d->name) ||
		    resolve_own(c, s, d->name, &path) ||
		    (starts_with(d->name, "@rpath/") && resolve_via_loader(c, s, d->name)))
			continue;
		report_external(c, s, d);
	}
	sb_release(&path);
}

static void check_rpaths(struct audit_ctx *c, const struct macho_summary *s)
{
	struct strbuf path = STRBUF_INIT;
	size_t i;

	for (i = 0; i < s->nr_rpaths; i++) {
		const char *r = s->rpaths[i];

		if (is_system(r) ||
		    (starts_with(r, "@loader_path") &&
		     !from_loader(s->arcname, r + strlen("@loader_path"), &path)))
			continue;
		if (starts_with(r, "@executable_path"))
			audit_member(c, s->arcname, "runpath", AUDIT_WARNING,
				     "LC_RPATH entry '%s' is relative to the Python program, not to the library: use '@loader_path/...'",
				     r);
		else if (*r != '/' && *r != '@')
			audit_member(c, s->arcname, "runpath", AUDIT_WARNING,
				     "LC_RPATH entry '%s' is relative to the process's working folder, not to the library: use '@loader_path/...'",
				     r);
		else
			audit_member(c, s->arcname, "runpath", AUDIT_WARNING,
				     "LC_RPATH entry '%s' points outside the wheel: what it finds on the build machine is not on the user's",
				     r);
	}
	sb_release(&path);
}

/* The CPUs the wheel's macOS tags name (every CPU when none does). */
static int claimed_arch(const struct audit_ctx *c, const char *arch)
{
	size_t i, k;
	int any = 0;

	for (i = 0; i < c->tags.nr; i++) {
		struct macos_tag t;

		if (!macos_tag_parse(c->tags.v[i].platform, &t))
			continue;
		any = 1;
		for (k = 0; t.archs[k]; k++)
			if (!strcmp(t.archs[k], arch))
				return 1;
	}
	return !any;
}

/*
 * The tag's release: 10.x keeps its minor; from 11 on pip only knows X_0,
 * so a minos of 11.3 needs macosx_12_0 (delocate says 11_0 with a warning).
 */
static uint32_t tag_version(uint32_t minos, const char *arch)
{
	uint32_t v = minos > macos_arch_floor(arch) ? minos : macos_arch_floor(arch);
	uint32_t major = v >> 16, minor = (v >> 8) & 0xff;

	if (!major)
		return MACHO_VERSION(10, 9, 0);	/* no binary says: pip's own floor */
	if (major >= 11 && (minor || (v & 0xff)))
		return MACHO_VERSION(major + 1, 0, 0);
	return MACHO_VERSION(major, minor, 0);
}

static void add_tag(struct strbuf *out, uint32_t v, const char *arch)
{
	sb_addf(out, "%smacosx_%u_%u_%s", out->len ? "." : "", v >> 16, (v >> 8) & 0xff, arch);
}

static void set_best_tag(struct audit_ctx *c)
{
	struct strbuf out = STRBUF_INIT;
	uint32_t v[8] = { 0 };
	static const char *const order[] = { "i386", "x86_64", "arm64", "ppc", "ppc64" };
	size_t i, k;

	for (k = 0; k < 5; k++)
		for (i = 0; i < c->nr_macos; i++)
			if (!strcmp(c->macos[i].arch, order[k]) &&
			    c->macos[i].count == c->nr_macos_binaries && claimed_arch(c, order[k]))
				v[k] = tag_version(c->macos[i].minos, order[k]);
	/* delocate's packing: universal2 when arm64 needs no more than the x86_64 release or 11.0 */
	if (v[1] && v[2] && (v[1] == v[2] || v[2] == MACHO_VERSION(11, 0, 0))) {
		add_tag(&out, v[1], "universal2");
		v[1] = v[2] = 0;
	}
	if (v[0] && v[1] && v[0] == v[1]) {
		add_tag(&out, v[0], "intel");
		v[0] = v[1] = 0;
	}
	for (k = 0; k < 5; k++)
		if (v[k])
			add_tag(&out, v[k], order[k]);
	free(c->r->macos_tag);
	c->r->macos_tag = sb_detach(&out, NULL);
}

void audit_macho_finish(struct audit_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nr_machos; i++) {
		check_rpaths(c, &c->machos[i]);
		check_deps(c, &c->machos[i]);
	}
	if (c->nr_macos_binaries)
		set_best_tag(c);
}
