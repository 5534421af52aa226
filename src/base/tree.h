/*
 * The regular files under a folder, as sorted relative paths: what the
 * packers (zip, tar.gz) put into an archive. Sorting is by bytes of the
 * whole relative path, so the order does not depend on the file system.
 */
#ifndef WW_TREE_H
#define WW_TREE_H

#include "err.h"

#include <stddef.h>
#include <stdint.h>

struct tree_file {
	char *rel;		/* "pkg/mod.py": '/'-separated, owned */
	char *path;		/* root joined with rel, owned */
	uint64_t size;
	int executable;		/* any execute bit set */
};

struct tree_files {
	struct tree_file *v;
	size_t nr, alloc;
};

#define TREE_FILES_INIT { NULL, 0, 0 }

/*
 * Appends the regular files under root (recursively) to out, sorted.
 * Symbolic links to files count as the file they point to; a link to a
 * folder, or a special file, is an error (never followed: no loops).
 */
int tree_files_scan(struct tree_files *out, const char *root, struct err *e);

/*
 * What a filtered scan leaves out (each hook may be NULL). Left-out
 * folders are not walked. In a filtered scan, links to folders and special
 * files are left out rather than errors: a source tree may hold either.
 */
struct tree_filter {
	/* path: on disk; rel: under root; name: the last part */
	int (*skip_folder)(void *ctx, const char *path, const char *rel,
			   const char *name);
	int (*skip_file)(void *ctx, const char *name);
	void *ctx;
};

int tree_files_scan_filtered(struct tree_files *out, const char *root,
			     const struct tree_filter *filter, struct err *e);
void tree_files_release(struct tree_files *t);

#endif
