/*
 * Glob patterns over '/'-separated relative paths, as pyproject.toml's
 * sdist-include / sdist-exclude write them:
 *
 *   *      any run of characters within one path component
 *   ?      one character other than '/'
 *   [abc]  [a-z] [!a-z]  one character of (or not of) a set
 *   **     as a whole component: any number of components, even none
 *
 * A pattern is matched against the whole path (it is anchored at the
 * project folder): "src/[a-z].c" matches "src/a.c", not "x/src/a.c"; a
 * star never crosses a '/', "**" does. A trailing '/' is ignored.
 */
#ifndef WW_PATHGLOB_H
#define WW_PATHGLOB_H

/* Whether pattern matches the whole of path. */
int pathglob_match(const char *pattern, const char *path);

/*
 * Whether pattern matches path or one of its parent folders: "docs"
 * takes "docs/a/b.txt".
 */
int pathglob_match_or_parent(const char *pattern, const char *path);

/* Whether s contains glob syntax (*, ?, [). */
int pathglob_is_pattern(const char *s);

#endif
