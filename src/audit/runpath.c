/*
 * runpath: the library search paths of the wheel's ELF files.
 *
 * glibc searches an object's DT_RPATH, then the DT_RPATHs of the objects
 * that loaded it, up to the program, unless the object has a DT_RUNPATH:
 * then only that (after LD_LIBRARY_PATH), and only for the object's own
 * DT_NEEDED entries, never for its dependencies' needs. So a module whose
 * $ORIGIN DT_RUNPATH points at vendored libraries works only while no
 * vendored library needs another one that only the module's path finds.
 * That case fails to load: an error. Any other DT_RUNPATH is a warning
 * (wheels are repaired with DT_RPATH, as auditwheel does), and so is a
 * search path outside the wheel (a build machine's folder).
 */
#include "audit_internal.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Appends path component comp (of length n) to out, handling "." and "..". */
static int push_component(struct strbuf *out, const char *comp, size_t n)
{
	char *slash;

	if (!n || (n == 1 && comp[0] == '.'))
		return 0;
	if (n == 2 && comp[0] == '.' && comp[1] == '.') {
		if (!out->len)
			return -1;	/* above the wheel's root */
		slash = strrchr(out->buf, '/');
		sb_setlen(out, slash ? (size_t)(slash - out->buf) : 0);
		return 0;
	}
	if (out->len)
		sb_addc(out, '/');
	sb_add(out, comp, n);
	return 0;
}

int audit_push_path(struct strbuf *out, const char *path, size_t n)
{
	const char *end = path + n;

	while (path < end) {
		const char *slash = memchr(path, '/', (size_t)(end - path));
		size_t len = slash ? (size_t)(slash - path) : (size_t)(end - path);

		if (push_component(out, path, len))
			return -1;
		path += len + (slash ? 1 : 0);
	}
	return 0;
}

/*
 * The wheel folder an entry of obj's search path names ("$ORIGIN/../x.libs"
 * from "pkg/_m.so" is "x.libs"). Returns -1 for a path outside the wheel.
 */
static int resolve_entry(const char *obj, const char *entry, size_t n,
			 struct strbuf *out)
{
	size_t skip;

	sb_reset(out);
	if (n >= 7 && !strncmp(entry, "$ORIGIN", 7))
		skip = 7;
	else if (n >= 9 && !strncmp(entry, "${ORIGIN}", 9))
		skip = 9;
	else
		return -1;
	{
		const char *slash = strrchr(obj, '/');

		if (slash && audit_push_path(out, obj, (size_t)(slash - obj)))
			return -1;
	}
	return audit_push_path(out, entry + skip, n - skip);
}

static const struct elf_summary *summary_at(const struct audit_ctx *c,
					    const char *arcname)
{
	size_t i;

	for (i = 0; i < c->nr_elves; i++)
		if (!strcmp(c->elves[i].arcname, arcname))
			return &c->elves[i];
	return NULL;
}

/* The wheel's ELF file that obj finds as name through path, or NULL. */
static const struct elf_summary *find_via(const struct audit_ctx *c,
					  const char *obj, const char *path,
					  const char *name)
{
	struct strbuf dir = STRBUF_INIT;
	const struct elf_summary *found = NULL;
	const char *p = path;

	while (p && !found) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);

		if (!resolve_entry(obj, p, n, &dir)) {
			if (dir.len)
				sb_addc(&dir, '/');
			sb_adds(&dir, name);
			found = summary_at(c, dir.buf);
		}
		p = colon ? colon + 1 : NULL;
	}
	sb_release(&dir);
	return found;
}

static void warn_outside(struct audit_ctx *c, const struct elf_summary *s,
			 const char *path, const char *tag)
{
	struct strbuf dir = STRBUF_INIT;
	const char *p = path;

	while (p) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);

		if (!n || !resolve_entry(s->arcname, p, n, &dir))
			;	/* an $ORIGIN path inside the wheel */
		else if (*p != '/' && *p != '$')
			audit_member(c, s->arcname, "runpath", AUDIT_WARNING,
				     "%s entry '%.*s' is relative to the process's working folder, not to the library: use '$ORIGIN/...'",
				     tag, (int)n, p);
		else
			audit_member(c, s->arcname, "runpath", AUDIT_WARNING,
				     "%s entry '%.*s' points outside the wheel: what it finds on the build machine is not on the user's",
				     tag, (int)n, p);
		p = colon ? colon + 1 : NULL;
	}
	sb_release(&dir);
}

struct load_sim {
	const char **names;	/* sonames loaded so far */
	size_t nr, alloc;
	const struct elf_summary **queue;
	size_t nq, aq;
};

static int sim_loaded(const struct load_sim *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		if (!strcmp(s->names[i], name))
			return 1;
	return 0;
}

static void sim_add(struct load_sim *s, const char *name,
		    const struct elf_summary *obj)
{
	ALLOC_GROW(s->names, s->nr + 1, s->alloc);
	s->names[s->nr++] = name;
	if (obj) {
		ALLOC_GROW(s->queue, s->nq + 1, s->aq);
		s->queue[s->nq++] = obj;
	}
}

/*
 * Loads m's dependencies breadth first, as ld.so does; returns 1 and
 * reports when a vendored library needs one that only m's RUNPATH finds.
 */
static int runpath_breaks(struct audit_ctx *c, const struct elf_summary *m)
{
	struct load_sim s;
	size_t i, k;
	int broken = 0;

	memset(&s, 0, sizeof(s));
	for (i = 0; i < m->nr_needed; i++)
		sim_add(&s, m->needed[i], find_via(c, m->arcname, m->runpath, m->needed[i]));
	for (i = 0; i < s.nq && !broken; i++) {
		const struct elf_summary *lib = s.queue[i];
		const char *own = lib->runpath ? lib->runpath : lib->rpath;

		for (k = 0; k < lib->nr_needed && !broken; k++) {
			const char *need = lib->needed[k];
			const struct elf_summary *found;

			if (sim_loaded(&s, need))
				continue;
			found = own ? find_via(c, lib->arcname, own, need) : NULL;
			if (!found && find_via(c, m->arcname, m->runpath, need)) {
				audit_member(c, m->arcname, "runpath", AUDIT_ERROR,
					     "has DT_RUNPATH '%s', which '%s' does not inherit: it needs '%s', which only the module's path finds, so loading fails; use DT_RPATH",
					     m->runpath, lib->arcname, need);
				broken = 1;
			}
			sim_add(&s, need, found);
		}
	}
	free(s.names);
	free(s.queue);
	return broken;
}

void audit_runpaths(struct audit_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nr_elves; i++) {
		const struct elf_summary *s = &c->elves[i];

		if (s->rpath && !s->runpath)
			warn_outside(c, s, s->rpath, "DT_RPATH");
		if (!s->runpath)
			continue;
		warn_outside(c, s, s->runpath, "DT_RUNPATH");
		if (c->in_wheel && runpath_breaks(c, s))
			continue;
		audit_member(c, s->arcname, "runpath", AUDIT_WARNING,
			     "has DT_RUNPATH '%s' where DT_RPATH is expected: the libraries it loads do not inherit a RUNPATH, and LD_LIBRARY_PATH overrides it",
			     s->runpath);
	}
}
