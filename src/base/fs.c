#include "fs.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int read_file(const char *path, struct strbuf *out, struct err *e)
{
	char buf[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return err_at(e, path, 0, 0, "cannot open: %s", strerror(errno));
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sb_add(out, buf, (size_t)n);
	}
	if (n < 0) {
		int saved = errno;

		close(fd);
		return err_at(e, path, 0, 0, "cannot read: %s", strerror(saved));
	}
	close(fd);
	sb_grow(out, 0);
	return 0;
}

int atomic_open(struct atomic_file *af, const char *dest, struct err *e)
{
	struct strbuf tmp = STRBUF_INIT;
	char *dir = path_dirname(dest);
	char *base = path_basename(dest);
	int fd;

	path_join(&tmp, dir, ".");
	sb_addf(&tmp, "%s.tmp-XXXXXX", base);
	free(dir);
	free(base);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		int saved = errno;

		sb_release(&tmp);
		return err_fail(e, "cannot create a file beside '%s': %s",
				dest, strerror(saved));
	}
	fchmod(fd, 0644);
	af->fp = fdopen(fd, "wb");
	if (!af->fp)
		die("fdopen failed");
	af->tmp = sb_detach(&tmp, NULL);
	af->dest = xstrdup(dest);
	return 0;
}

int atomic_commit(struct atomic_file *af, struct err *e)
{
	int bad = ferror(af->fp);

	/* No fsync: the rename makes the file whole against a killed process,
	 * which is the promise; durability across power loss is the system's. */
	if (fflush(af->fp))
		bad = 1;
	if (fclose(af->fp))
		bad = 1;
	af->fp = NULL;
	if (bad) {
		int saved = errno;

		unlink(af->tmp);
		err_fail(e, "cannot write '%s': %s", af->dest, strerror(saved));
		goto out;
	}
	if (rename(af->tmp, af->dest)) {
		int saved = errno;

		unlink(af->tmp);
		err_fail(e, "cannot rename into '%s': %s", af->dest,
			 strerror(saved));
		bad = 1;
	}
out:
	free(af->tmp);
	free(af->dest);
	af->tmp = af->dest = NULL;
	return bad ? -1 : 0;
}

void atomic_abort(struct atomic_file *af)
{
	if (af->fp)
		fclose(af->fp);
	if (af->tmp)
		unlink(af->tmp);
	free(af->tmp);
	free(af->dest);
	af->fp = NULL;
	af->tmp = af->dest = NULL;
}

int write_file_atomic(const char *path, const void *data, size_t len,
		      struct err *e)
{
	struct atomic_file af;

	if (atomic_open(&af, path, e))
		return -1;
	if (len && fwrite(data, 1, len, af.fp) != len) {
		atomic_abort(&af);
		return err_fail(e, "cannot write '%s': %s", path,
				strerror(errno));
	}
	return atomic_commit(&af, e);
}

int mkdir_p(const char *path, struct err *e)
{
	char *p = xstrdup(path);
	char *s;

	for (s = p + 1; ; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST) {
			int saved = errno;

			err_fail(e, "cannot create folder '%s': %s", p,
				 strerror(saved));
			free(p);
			return -1;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	if (!is_dir(path))
		return err_fail(e, "'%s' exists and is not a folder", path);
	return 0;
}

int remove_tree(const char *path, struct err *e)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int ret = 0;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 :
			err_fail(e, "cannot stat '%s': %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) && errno != ENOENT)
			return err_fail(e, "cannot remove '%s': %s", path,
					strerror(errno));
		return 0;
	}
	d = opendir(path);
	if (!d)
		return err_fail(e, "cannot open folder '%s': %s", path,
				strerror(errno));
	while (!ret && (de = readdir(d))) {
		struct strbuf sub = STRBUF_INIT;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		path_join(&sub, path, de->d_name);
		ret = remove_tree(sub.buf, e);
		sb_release(&sub);
	}
	closedir(d);
	if (!ret && rmdir(path) && errno != ENOENT)
		return err_fail(e, "cannot remove '%s': %s", path, strerror(errno));
	return ret;
}

int path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int is_regular_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

void path_join(struct strbuf *out, const char *a, const char *b)
{
	size_t n = strlen(a);

	sb_add(out, a, n);
	if (n && a[n - 1] != '/' && *b)
		sb_addc(out, '/');
	while (*b == '/' && n)
		b++;
	sb_adds(out, b);
}

char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return xstrdup(slash ? slash + 1 : path);
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}
