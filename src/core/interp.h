/*
 * Asking an interpreter about itself (DESIGN.md target source (a)): one
 * embedded script run in isolated mode (-I), writing nothing to disk, with a
 * timeout, so a hanging or broken interpreter is reported and never waited
 * on forever. Only ever run for the host's own interpreters: a cross build
 * never runs a foreign Python (invariant 2).
 */
#ifndef WW_INTERP_H
#define WW_INTERP_H

#include "target.h"

struct interp {
	char *path;		/* as given or found */
	char *real_path;	/* symlinks resolved */
	char *full_version;	/* "3.11.7" */
	char *purelib, *platlib, *scripts, *data;	/* install paths */
	char *ext_suffixes;	/* importlib's EXTENSION_SUFFIXES, space separated */
	int supported;
	char *problem;		/* why not usable; NULL when fine */
	struct target target;	/* finished when supported */
};

void interp_init(struct interp *ip);
void interp_release(struct interp *ip);

/* Milliseconds an interpreter may take to answer (WHEELWRIGHT_QUERY_TIMEOUT, seconds). */
int interp_timeout_ms(void);

/*
 * Queries many interpreters at once (at most `parallel` at a time). Each
 * ips[i].path must be set. Never fails as a whole: each interp gets either
 * supported=1 and a finished target, or a problem text.
 */
void interp_query_all(struct interp *ips, size_t n, size_t parallel);

/*
 * Queries one interpreter named by a path or a name ("python3.12", "3.12",
 * "pypy3", "3.13t"), for `-i`. Unusable interpreters are errors (exit 2).
 */
int interp_query_one(struct interp *ip, const char *name, struct err *e);

/*
 * The same for many names at once, queried in parallel. ips[0..n) must be
 * initialised; the first unusable one is the error.
 */
int interp_query_many(struct interp *ips, const char *const *names, size_t n,
		      struct err *e);

/* Parses the query script's output into ip (exposed for tests). */
int interp_parse_answer(struct interp *ip, const char *out, struct err *e);

#endif
