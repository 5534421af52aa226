/*
 * Extracting a tar archive into a folder (tar_read.h). Safety comes from
 * the reader: names are relative without "." or ".." components, and no
 * link is ever created, so every path written stays under dest.
 */
#include "tar_read.h"
#include "zip_format.h"
#include "../base/fs.h"
#include "../base/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define CHUNK	(256 * 1024)

static int write_all(int fd, const unsigned char *p, size_t n, const char *path,
		     struct err *e)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return err_fail(e, "cannot write '%s': %s", path, strerror(errno));
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int extract_file(struct tar_reader *tr, const struct tar_entry *en,
			const char *path, unsigned char *buf, struct err *e)
{
	char *parent = path_dirname(path);
	int fd, rc = -1;

	if (mkdir_p(parent, e)) {
		free(parent);
		return -1;
	}
	free(parent);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  en->executable ? 0755 : 0644);
	if (fd < 0)
		return err_fail(e, "cannot create '%s': %s", path, strerror(errno));
	for (;;) {
		size_t got;

		if (tar_reader_read(tr, buf, CHUNK, &got, e))
			goto out;
		if (!got)
			break;
		if (write_all(fd, buf, got, path, e))
			goto out;
	}
	rc = 0;
out:
	if (close(fd) && !rc)
		rc = err_fail(e, "cannot write '%s': %s", path, strerror(errno));
	return rc;
}

int tar_extract(const char *archive, const char *dest, struct err *e)
{
	struct tar_reader tr;
	struct zip_name_set seen = ZIP_NAME_SET_INIT;
	char **names = NULL;
	size_t n_names = 0, alloc = 0, i;
	unsigned char *buf = xmalloc(CHUNK);
	const struct tar_entry *en;
	int rc = -1, more;

	if (tar_reader_open(&tr, archive, e) || mkdir_p(dest, e))
		goto out;
	while ((more = tar_reader_next(&tr, &en, e)) == 1) {
		struct strbuf path = STRBUF_INIT;
		char *copy = xstrdup(en->name);
		int failed;

		ALLOC_GROW(names, n_names + 1, alloc);
		names[n_names++] = copy;
		if (zip_name_set_add(&seen, copy, strlen(copy))) {
			err_at(e, archive, 0, 0, "duplicate entry '%s' (header at offset %llu)",
			       en->name, (unsigned long long)en->offset);
			goto out;
		}
		path_join(&path, dest, en->name);
		failed = en->type == TAR_DIR ? mkdir_p(path.buf, e)
					     : extract_file(&tr, en, path.buf, buf, e);
		sb_release(&path);
		if (failed)
			goto out;
	}
	rc = more;
out:
	tar_reader_release(&tr);
	zip_name_set_release(&seen);
	for (i = 0; i < n_names; i++)
		free(names[i]);
	free(names);
	free(buf);
	return rc;
}
