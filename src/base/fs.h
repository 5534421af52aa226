/*
 * Files: whole reads, atomic writes, folders, paths. No OS specifics here
 * beyond POSIX file calls; process and polling code is in platform/.
 */
#ifndef WW_FS_H
#define WW_FS_H

#include "err.h"
#include "strbuf.h"

#include <stdio.h>

/* Reads the whole file into out (appending). */
int read_file(const char *path, struct strbuf *out, struct err *e);

/*
 * An output that appears whole or not at all (DESIGN.md invariant 5): it is
 * written to a temporary name in the destination's folder and renamed into
 * place by atomic_commit(). atomic_abort() removes the temporary file.
 */
struct atomic_file {
	char *dest;
	char *tmp;
	FILE *fp;
};

int atomic_open(struct atomic_file *af, const char *dest, struct err *e);
int atomic_commit(struct atomic_file *af, struct err *e);
void atomic_abort(struct atomic_file *af);

/* Writes data to path through an atomic_file. */
int write_file_atomic(const char *path, const void *data, size_t len,
		      struct err *e);

/* Creates path and its missing parents (mode 0777 before umask). */
int mkdir_p(const char *path, struct err *e);
/*
 * Creates a new empty folder "$TMPDIR/{stem}XXXXXX" (TMPDIR defaults to
 * /tmp) and sets out to its path.
 */
int make_temp_dir(const char *stem, struct strbuf *out, struct err *e);
/* Removes a file or a whole folder tree; a missing path is not an error. */
int remove_tree(const char *path, struct err *e);

int path_exists(const char *path);
int is_dir(const char *path);
int is_regular_file(const char *path);

/* Appends "a/b" to out, with exactly one '/' between. */
void path_join(struct strbuf *out, const char *a, const char *b);
/* Returns a new string: the last component of path. */
char *path_basename(const char *path);
/* Returns a new string: everything before the last '/', or ".". */
char *path_dirname(const char *path);

#endif
