#include "pathglob.h"
#include "fs.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int verbatim(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == ' ' || c == '_' || c == '-' ||
	       c == '.' || c >= 0x80;
}

/* A "[...]" at s: its length through ']', or 0 if it is not valid. */
static size_t bracket_length(const char *s)
{
	size_t i = 1;

	while (s[i] && s[i] != ']') {
		if (!verbatim((unsigned char)s[i]))
			return 0;
		i++;
	}
	return s[i] == ']' && i > 1 ? i + 1 : 0;
}

static const char *check_segment(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return "it has an empty path segment";
	if (n == 1 && s[0] == '.')
		return "it has a '.' path segment";
	if (n == 2 && s[0] == '.' && s[1] == '.')
		return "'..' is not allowed";
	if (n == 2 && s[0] == '*' && s[1] == '*')
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '*' && i + 1 < n && s[i + 1] == '*')
			return "'**' must be a whole path segment";
		if (c == '[') {
			size_t b = bracket_length(s + i);

			if (!b || i + b > n)
				return "'[' must start a set of letters, digits, ' ', '_', '-' or '.' closed by ']'";
			i += b - 1;
		} else if (c == '\\') {
			return "'\\' is not allowed (paths are separated by '/')";
		} else if (!verbatim(c) && c != '*' && c != '?') {
			return "only letters, digits, ' ', '_', '-', '.', '/', '*', '?' and [...] are allowed";
		}
	}
	return NULL;
}

const char *pathglob_invalid(const char *pattern)
{
	const char *s = pattern;

	if (!*s)
		return "it is empty";
	if (*s == '/')
		return "it must be a relative path (no leading '/')";
	for (;;) {
		size_t n = strcspn(s, "/");
		const char *why = check_segment(s, n);

		if (why)
			return why;
		if (!s[n])
			return NULL;
		s += n + 1;
	}
}

/* The code point of the UTF-8 sequence at *s, advancing *s past it. */
static unsigned next_char(const char **s)
{
	const unsigned char *u = (const unsigned char *)*s;
	unsigned c = *u++, extra = 0, k;

	if (c >= 0xf0)
		extra = 3, c &= 0x07;
	else if (c >= 0xe0)
		extra = 2, c &= 0x0f;
	else if (c >= 0xc0)
		extra = 1, c &= 0x1f;
	for (k = 0; k < extra && (*u & 0xc0) == 0x80; k++)
		c = (c << 6) | (*u++ & 0x3f);
	*s = (const char *)u;
	return c;
}

/* Whether c is in the set between '[' and ']'; "a-z" is a range. */
static int in_set(const char *s, const char *end, unsigned c)
{
	while (s < end) {
		unsigned lo = next_char(&s), hi = lo;

		if (*s == '-' && s + 1 < end) {
			s++;
			hi = next_char(&s);
		}
		if (c >= lo && c <= hi)
			return 1;
	}
	return 0;
}

/* One path segment (pattern pat of pn bytes) against name (nn bytes). */
static int match_segment(const char *pat, const char *pend,
			 const char *name, const char *nend)
{
	while (pat < pend) {
		if (*pat == '*') {
			pat++;
			for (;;) {
				if (match_segment(pat, pend, name, nend))
					return 1;
				if (name >= nend)
					return 0;
				next_char(&name);
			}
		}
		if (name >= nend)
			return 0;
		if (*pat == '?') {
			pat++;
			next_char(&name);
		} else if (*pat == '[') {
			size_t b = bracket_length(pat);

			if (!in_set(pat + 1, pat + b - 1, next_char(&name)))
				return 0;
			pat += b;
		} else if (*pat++ != *name++) {
			return 0;
		}
	}
	return name == nend;
}

/* Python's glob: a wildcard never matches a hidden name by itself. */
static int segment_matches(const char *pat, size_t pn, const char *name, size_t nn)
{
	if (nn && name[0] == '.' && !(pn && pat[0] == '.'))
		return 0;
	return match_segment(pat, pat + pn, name, name + nn);
}

/* "**" at the end: any path whose segments are all visible. */
static int all_visible(const char *path)
{
	for (;;) {
		if (path[0] == '.')
			return 0;
		path = strchr(path, '/');
		if (!path)
			return 1;
		path++;
	}
}

static int match_path(const char *pat, const char *path)
{
	size_t pn = strcspn(pat, "/"), nn = strcspn(path, "/");

	if (pn == 2 && pat[0] == '*' && pat[1] == '*') {
		if (!pat[2])
			return all_visible(path);
		if (match_path(pat + 3, path))
			return 1;
		return path[0] != '.' && path[nn] && match_path(pat, path + nn + 1);
	}
	if (!segment_matches(pat, pn, path, nn))
		return 0;
	if (!pat[pn] || !path[nn])
		return !pat[pn] && !path[nn];
	return match_path(pat + pn + 1, path + nn + 1);
}

int pathglob_match(const char *pattern, const char *path)
{
	return match_path(pattern, path);
}

void pathglob_files_release(struct pathglob_files *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i]);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

struct walk {
	const char *root;
	struct pathglob_files *out;
	struct err *e;
};

static void add_file(struct walk *w, const char *rel)
{
	ALLOC_GROW(w->out->v, w->out->n + 1, w->out->alloc);
	w->out->v[w->out->n++] = xstrdup(rel);
}

static int has_wildcard(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '*' || s[i] == '?' || s[i] == '[')
			return 1;
	return 0;
}

/* stat() of root/rel: 'f' a regular file, 'd' a folder, 'l' a link to one, 0 other. */
static int kind_of(const struct walk *w, const char *rel)
{
	struct strbuf path = STRBUF_INIT;
	struct stat st, lst;
	int kind = 0;

	path_join(&path, w->root, rel);
	if (!stat(path.buf, &st)) {
		if (S_ISREG(st.st_mode))
			kind = 'f';
		else if (S_ISDIR(st.st_mode))
			kind = lstat(path.buf, &lst) == 0 && S_ISLNK(lst.st_mode) ? 'l' : 'd';
	}
	sb_release(&path);
	return kind;
}

static int walk_segments(struct walk *w, const char *rel, const char *pat);

/* Continues the walk at rel/name with the rest of the pattern. */
static int step(struct walk *w, const char *rel, const char *name,
		const char *rest, int descend_links)
{
	struct strbuf sub = STRBUF_INIT;
	int kind, rc = 0;

	if (*rel)
		sb_addf(&sub, "%s/", rel);
	sb_adds(&sub, name);
	kind = kind_of(w, sub.buf);
	if (!rest && kind == 'f')
		add_file(w, sub.buf);
	else if (rest && (kind == 'd' || (kind == 'l' && descend_links)))
		rc = walk_segments(w, sub.buf, rest);
	sb_release(&sub);
	return rc;
}

/* The entries of root/rel, sorted; hidden ones too. */
static int list_dir(struct walk *w, const char *rel, struct pathglob_files *names)
{
	struct strbuf path = STRBUF_INIT;
	struct dirent *de;
	DIR *d;

	path_join(&path, w->root, *rel ? rel : ".");
	d = opendir(path.buf);
	if (!d) {
		int saved = errno;
		int rc = saved == ENOENT || saved == ENOTDIR ? 0 :
			err_set(w->e, "cannot read folder '%s': %s", path.buf, strerror(saved));

		sb_release(&path);
		return rc;
	}
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		ALLOC_GROW(names->v, names->n + 1, names->alloc);
		names->v[names->n++] = xstrdup(de->d_name);
	}
	closedir(d);
	sb_release(&path);
	return 0;
}

/* "**": this folder, then every visible folder below (not through links). */
static int walk_globstar(struct walk *w, const char *rel, const char *rest)
{
	struct pathglob_files names = PATHGLOB_FILES_INIT;
	size_t i;
	int rc = 0;

	if (rest && walk_segments(w, rel, rest))
		return -1;
	if (list_dir(w, rel, &names))
		return -1;
	for (i = 0; i < names.n && !rc; i++) {
		struct strbuf sub = STRBUF_INIT;
		int kind;

		if (names.v[i][0] == '.')
			continue;
		if (*rel)
			sb_addf(&sub, "%s/", rel);
		sb_adds(&sub, names.v[i]);
		kind = kind_of(w, sub.buf);
		if (!rest && kind == 'f')
			add_file(w, sub.buf);
		if (kind == 'd')
			rc = walk_globstar(w, sub.buf, rest);
		sb_release(&sub);
	}
	pathglob_files_release(&names);
	return rc;
}

static int walk_segments(struct walk *w, const char *rel, const char *pat)
{
	struct pathglob_files names = PATHGLOB_FILES_INIT;
	size_t n = strcspn(pat, "/"), i;
	const char *rest = pat[n] ? pat + n + 1 : NULL;
	char *seg;
	int rc = 0;

	if (n == 2 && pat[0] == '*' && pat[1] == '*')
		return walk_globstar(w, rel, rest);
	if (!has_wildcard(pat, n)) {
		seg = xstrndup(pat, n);
		rc = step(w, rel, seg, rest, 1);
		free(seg);
		return rc;
	}
	if (list_dir(w, rel, &names))
		return -1;
	for (i = 0; i < names.n && !rc; i++)
		if (segment_matches(pat, n, names.v[i], strlen(names.v[i])))
			rc = step(w, rel, names.v[i], rest, 1);
	pathglob_files_release(&names);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int pathglob_expand(const char *root, const char *pattern,
		    struct pathglob_files *out, struct err *e)
{
	struct pathglob_files found = PATHGLOB_FILES_INIT;
	struct walk w = { root, &found, e };
	const char *last = NULL;
	size_t i;

	if (walk_segments(&w, "", pattern)) {
		pathglob_files_release(&found);
		return -1;
	}
	if (found.n)
		qsort(found.v, found.n, sizeof(*found.v), cmp_str);
	for (i = 0; i < found.n; i++) {
		if (last && !strcmp(found.v[i], last)) {
			free(found.v[i]);
			continue;
		}
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n++] = found.v[i];
		last = found.v[i];
	}
	free(found.v);
	return 0;
}
