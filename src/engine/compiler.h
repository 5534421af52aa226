/*
 * Who compiles: CC split into an optional launcher (ccache, distcc, sccache)
 * and the compiler itself, and the compiler's identity (its resolved path
 * and what `--version` prints) for object keys. The identity is cached per
 * compiler binary, keyed by its path, size and mtime, so a no-op build runs
 * no compiler at all.
 */
#ifndef WW_COMPILER_H
#define WW_COMPILER_H

#include "../base/err.h"
#include "../base/words.h"

struct compiler {
	struct words cmd;	/* launcher (if any), compiler, its own flags */
	char *path;		/* the compiler, resolved on PATH */
	char identity[65];	/* sha256 of path and version output */
	int has_launcher;
};

void compiler_init(struct compiler *c);
void compiler_release(struct compiler *c);

/*
 * Identifies the compiler of the command string cc. cache_dir holds the
 * identity cache (created if missing).
 */
int compiler_identify(struct compiler *c, const char *cc,
		      const char *cache_dir, struct err *e);

#endif
