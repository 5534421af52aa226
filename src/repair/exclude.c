/*
 * The options checked before any wheel is read (the patterns, --only-plat
 * without --plat), and --exclude: the libraries the user says the target
 * system provides. A
 * need whose name matches a pattern is never searched for nor copied, and
 * its DT_NEEDED stays; one whose search finds a file whose real path
 * matches is dropped the same way (auditwheel matches both). A need that
 * the wheel satisfies itself cannot be excluded: the wheel's file is what
 * the loader would use.
 */
#include "repair_internal.h"

#include <fnmatch.h>
#include <string.h>

/* Python's fnmatch, which auditwheel uses, has no backslash escapes. */
static int matches(const char *pattern, const char *s)
{
	return fnmatch(pattern, s, FNM_NOESCAPE) == 0;
}

const char *repair_excluded_by(const struct repair_opts *o, const char *s)
{
	size_t i;

	for (i = 0; s && i < o->nr_exclude; i++)
		if (matches(o->exclude[i], s))
			return o->exclude[i];
	return NULL;
}

/* Why pattern is not a usable glob, or NULL. */
static const char *bad_pattern(const char *pattern)
{
	const char *p;

	if (!*pattern)
		return "an empty pattern matches no library";
	for (p = pattern; *p; p++) {
		const char *close;

		if (*p != '[')
			continue;
		/* a ']' right after '[' or "[!" is a member, not the end */
		close = p + 1 + (p[1] == '!' || p[1] == '^');
		close = strchr(*close == ']' ? close + 1 : close, ']');
		if (!close)
			return "its '[' has no ']'";
		p = close;
	}
	return NULL;
}

int repair_check_opts(const struct repair_opts *o, struct err *e)
{
	size_t i;

	if (o->level < -1 || o->level > 9)
		return err_set(e, "repair: -z needs a compression level from 0 to 9, not %d", o->level);
	if (o->lib_sdir && (!*o->lib_sdir || strchr(o->lib_sdir, '/') ||
			    strchr(o->lib_sdir, '\\') || !strcmp(o->lib_sdir, ".") ||
			    !strcmp(o->lib_sdir, "..")))
		return err_set(e, "repair: --lib-sdir '%s' is not a folder name suffix (such as '.libs')",
			       o->lib_sdir);
	if (o->only_plat && !o->plat) {
		err_set(e, "repair: --only-plat needs --plat TAG");
		return err_hint(e, "run 'wheelwright repair --help'");
	}
	for (i = 0; i < o->nr_exclude; i++) {
		const char *why = bad_pattern(o->exclude[i]);

		if (why) {
			err_set(e, "repair: --exclude '%s' is not a usable pattern: %s",
				o->exclude[i], why);
			return err_hint(e, "patterns are shell globs matched against the DT_NEEDED name or the library's real path, e.g. 'libfoo.so.*'");
		}
	}
	return 0;
}

int repair_check_excluded_in_wheel(const struct repair_ctx *c, struct err *e)
{
	size_t i, k;

	for (i = 0; i < c->nr_wheel_objs; i++) {
		const struct repair_obj *o = &c->objs[i];

		for (k = 0; k < o->nr_needs; k++) {
			const struct need *n = &o->needs[k];
			const char *pat;

			if (n->kind != NEED_WHEEL ||
			    !(pat = repair_excluded_by(c->opts, n->name)))
				continue;
			return err_at(e, c->wheel, 0, 0,
				      "--exclude '%s' matches '%s', which '%s' finds in the wheel ('%s'): only libraries from outside the wheel can be left to the system",
				      pat, n->name, o->name, c->objs[n->target].name);
		}
	}
	return 0;
}
