/*
 * The zip reader's structure: end records and central directory. The rules
 * for entries are in zip_check.c, content in zip_extract.c.
 */
#include "zip_read_internal.h"
#include "zip_format.h"
#include "byteorder.h"
#include "../base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How much of the central directory is read at once. */
#define CD_WINDOW	(64 * 1024)

static int zip_error(const struct zip_reader *zr, struct err *e,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int zip_error(const struct zip_reader *zr, struct err *e,
		     const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&msg, fmt, ap);
	va_end(ap);
	err_at(e, zr->path, 0, 0, "%s", msg.buf);
	sb_release(&msg);
	return -1;
}

int zip_member_error(const struct zip_reader *zr, struct err *e,
		     const struct zip_member *m, const char *problem,
		     const char *detail_fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	sb_adds(&msg, problem);
	sb_addc(&msg, ' ');
	zip_quote_name(&msg, m->name, m->name_len);
	va_start(ap, detail_fmt);
	sb_vaddf(&msg, detail_fmt, ap);
	va_end(ap);
	err_at(e, zr->path, 0, 0, "%s", msg.buf);
	sb_release(&msg);
	return -1;
}

int zip_member_fail(const struct zip_reader *zr, struct err *e,
		    const struct zip_member *m, const char *problem)
{
	return zip_member_error(zr, e, m, problem, "%s", "");
}

int zip_read_at(struct zip_reader *zr, uint64_t off, void *buf, size_t n,
		const char *what, struct err *e)
{
	size_t got = 0;

	if (off > zr->file_size || n > zr->file_size - off)
		return zip_error(zr, e, "truncated archive: %s at offset %llu "
				 "runs past the end of the file", what,
				 (unsigned long long)off);
	while (got < n) {
		ssize_t r = pread(zr->fd, (char *)buf + got, n - got,
				  (off_t)(off + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return zip_error(zr, e, "cannot read: %s",
					 strerror(errno));
		if (r == 0)
			return zip_error(zr, e, "file shrank while being read");
		got += (size_t)r;
	}
	return 0;
}

/*
 * Finds the end of central directory record: the last signature in the
 * file's tail whose comment length reaches exactly to the end of the file.
 */
static int find_end_record(struct zip_reader *zr, uint64_t *end_off,
			   unsigned char rec[ZIP_END_SIZE], struct err *e)
{
	size_t tail = ZIP_END_SIZE + ZIP_MAX16, i;
	unsigned char *buf;
	uint64_t start;
	int near_miss = 0;

	if (zr->file_size < ZIP_END_SIZE)
		return zip_error(zr, e, "not a zip archive: %llu bytes is too "
				 "short for an end of central directory record",
				 (unsigned long long)zr->file_size);
	if (tail > zr->file_size)
		tail = (size_t)zr->file_size;
	start = zr->file_size - tail;
	buf = xmalloc(tail);
	if (zip_read_at(zr, start, buf, tail, "end record", e)) {
		free(buf);
		return -1;
	}
	for (i = tail - ZIP_END_SIZE + 1; i-- > 0;) {
		if (le32_get(buf + i) != ZIP_SIG_END)
			continue;
		if (le16_get(buf + i + 20) == tail - i - ZIP_END_SIZE) {
			memcpy(rec, buf + i, ZIP_END_SIZE);
			*end_off = start + i;
			free(buf);
			return 0;
		}
		near_miss = 1;
	}
	free(buf);
	if (near_miss)
		return zip_error(zr, e, "truncated archive or trailing data: the "
				 "end of central directory record's comment "
				 "length disagrees with the file size");
	return zip_error(zr, e, "no end of central directory record: "
			 "truncated archive, or not a zip archive");
}

/* Reads the ZIP64 end record that the locator before end_off points to. */
static int read_end64(struct zip_reader *zr, uint64_t end_off,
		      uint64_t *count, uint64_t *cd_end, struct err *e)
{
	unsigned char loc[ZIP_END64_LOCATOR_SIZE], rec[ZIP_END64_SIZE];
	uint64_t rec_off;

	if (zip_read_at(zr, end_off - ZIP_END64_LOCATOR_SIZE, loc, sizeof(loc),
			"ZIP64 end locator", e))
		return -1;
	rec_off = le64_get(loc + 8);
	if (le32_get(loc + 4) != 0 || le32_get(loc + 16) > 1)
		return zip_error(zr, e, "multi-disk archives are not supported");
	if (rec_off > end_off - ZIP_END64_LOCATOR_SIZE - ZIP_END64_SIZE)
		return zip_error(zr, e, "ZIP64 end record offset %llu is "
				 "not before its locator",
				 (unsigned long long)rec_off);
	if (zip_read_at(zr, rec_off, rec, sizeof(rec), "ZIP64 end record", e))
		return -1;
	if (le32_get(rec) != ZIP_SIG_END64)
		return zip_error(zr, e, "no ZIP64 end record at offset %llu "
				 "where the locator points",
				 (unsigned long long)rec_off);
	if (le32_get(rec + 16) != 0 || le32_get(rec + 20) != 0 ||
	    le64_get(rec + 24) != le64_get(rec + 32))
		return zip_error(zr, e, "multi-disk archives are not supported");
	*count = le64_get(rec + 32);
	zr->cd_size = le64_get(rec + 40);
	zr->cd_offset = le64_get(rec + 48);
	*cd_end = rec_off;
	zr->zip64 = 1;
	return 0;
}

/* Finds the central directory: sets cd_offset, cd_size and *count. */
static int read_end_records(struct zip_reader *zr, uint64_t *count,
			    struct err *e)
{
	unsigned char rec[ZIP_END_SIZE] = { 0 }, sig[4];
	uint64_t end_off = 0, cd_end;

	if (find_end_record(zr, &end_off, rec, e))
		return -1;
	if (le16_get(rec + 4) != 0 || le16_get(rec + 6) != 0 ||
	    le16_get(rec + 8) != le16_get(rec + 10))
		return zip_error(zr, e, "multi-disk archives are not supported");
	zr->comment_len = le16_get(rec + 20);
	zr->comment = xmalloc(zr->comment_len + 1);
	if (zip_read_at(zr, end_off + ZIP_END_SIZE, zr->comment,
			zr->comment_len, "archive comment", e))
		return -1;
	zr->comment[zr->comment_len] = '\0';
	*count = le16_get(rec + 10);
	zr->cd_size = le32_get(rec + 12);
	zr->cd_offset = le32_get(rec + 16);
	cd_end = end_off;
	/* A ZIP64 locator right before the end record takes precedence. */
	if (end_off >= ZIP_END64_LOCATOR_SIZE) {
		if (zip_read_at(zr, end_off - ZIP_END64_LOCATOR_SIZE, sig,
				sizeof(sig), "ZIP64 end locator", e))
			return -1;
		if (le32_get(sig) == ZIP_SIG_END64_LOCATOR &&
		    read_end64(zr, end_off, count, &cd_end, e))
			return -1;
	}
	if (zr->cd_offset > cd_end || zr->cd_size != cd_end - zr->cd_offset)
		return zip_error(zr, e, "central directory (offset %llu, %llu "
				 "bytes) does not end where the end record "
				 "starts (offset %llu)",
				 (unsigned long long)zr->cd_offset,
				 (unsigned long long)zr->cd_size,
				 (unsigned long long)cd_end);
	if (*count > zr->cd_size / ZIP_CENTRAL_SIZE)
		return zip_error(zr, e, "end record declares %llu entries, more "
				 "than a %llu-byte central directory can hold",
				 (unsigned long long)*count,
				 (unsigned long long)zr->cd_size);
	return 0;
}

/* A moving window over the central directory, refilled by pread. */
struct cd_window {
	unsigned char *buf;
	size_t len, cap;
	uint64_t start;		/* file offset of buf[0] */
};

/* Points *p at n bytes at file offset off (inside the directory). */
static int window_get(struct zip_reader *zr, struct cd_window *w,
		      uint64_t off, size_t n, const unsigned char **p,
		      struct err *e)
{
	uint64_t cd_end = zr->cd_offset + zr->cd_size;
	size_t want;

	if (off < w->start || off - w->start + n > w->len) {
		if (off > cd_end || n > cd_end - off)
			return zip_error(zr, e, "truncated central directory "
					 "entry at offset %llu",
					 (unsigned long long)off);
		want = n > CD_WINDOW ? n : CD_WINDOW;
		if (want > cd_end - off)
			want = (size_t)(cd_end - off);
		if (want > w->cap) {
			w->buf = xrealloc(w->buf, want);
			w->cap = want;
		}
		if (zip_read_at(zr, off, w->buf, want, "central directory", e))
			return -1;
		w->start = off;
		w->len = want;
	}
	*p = w->buf + (off - w->start);
	return 0;
}

/*
 * Applies the ZIP64 extended information field: it holds, in this order,
 * the 64-bit values of exactly those fields whose 32-bit slot is all ones.
 */
static int apply_zip64_extra(struct zip_reader *zr, struct zip_member *m,
			     const unsigned char *x, size_t n, int disk_big,
			     struct err *e)
{
	uint64_t *fields[3];
	size_t k = 0, i;

	if (m->size == ZIP_MAX32)
		fields[k++] = &m->size;
	if (m->csize == ZIP_MAX32)
		fields[k++] = &m->csize;
	if (m->offset == ZIP_MAX32)
		fields[k++] = &m->offset;
	if (n < k * 8 + (disk_big ? 4 : 0))
		return zip_member_fail(zr, e, m, "ZIP64 extra field too short "
					"for");
	for (i = 0; i < k; i++)
		*fields[i] = le64_get(x + 8 * i);
	if (disk_big && le32_get(x + 8 * k) != 0)
		return zip_error(zr, e, "multi-disk archives are not supported");
	return 0;
}

/* Walks the extra fields; returns the ZIP64 one through *x and *n. */
static int find_zip64_extra(struct zip_reader *zr, struct zip_member *m,
			    const unsigned char *extra, size_t len,
			    const unsigned char **x, size_t *n, struct err *e)
{
	size_t i = 0;

	*x = NULL;
	*n = 0;
	while (i + 4 <= len) {
		size_t fl = le16_get(extra + i + 2);

		if (fl > len - i - 4)
			return zip_member_fail(zr, e, m, "extra field runs "
						"past its end in");
		if (le16_get(extra + i) == ZIP_EXTRA_ZIP64 && !*x) {
			*x = extra + i + 4;
			*n = fl;
		}
		i += 4 + fl;
	}
	return 0;
}

static int parse_central_entry(struct zip_reader *zr, struct cd_window *w,
			       uint64_t *off, struct err *e)
{
	const unsigned char *h, *v, *x;
	struct zip_member *m;
	size_t name_len, extra_len, comment_len, xn;
	uint16_t disk;

	if (window_get(zr, w, *off, ZIP_CENTRAL_SIZE, &h, e))
		return -1;
	if (le32_get(h) != ZIP_SIG_CENTRAL)
		return zip_error(zr, e, "bad central directory entry signature "
				 "at offset %llu", (unsigned long long)*off);
	name_len = le16_get(h + 28);
	extra_len = le16_get(h + 30);
	comment_len = le16_get(h + 32);
	ALLOC_GROW(zr->m, zr->nr + 1, zr->alloc);
	m = &zr->m[zr->nr];
	memset(m, 0, sizeof(*m));
	m->made_by = le16_get(h + 4);
	m->version_needed = le16_get(h + 6);
	m->flags = le16_get(h + 8);
	m->method = le16_get(h + 10);
	m->dos_time = le16_get(h + 12);
	m->dos_date = le16_get(h + 14);
	m->crc = le32_get(h + 16);
	m->csize = le32_get(h + 20);
	m->size = le32_get(h + 24);
	disk = le16_get(h + 34);
	m->external_attr = le32_get(h + 38);
	m->mode = m->external_attr >> 16;
	m->offset = le32_get(h + 42);
	if (window_get(zr, w, *off + ZIP_CENTRAL_SIZE,
		       name_len + extra_len + comment_len, &v, e))
		return -1;
	m->name = xmalloc(name_len + 1);
	memcpy(m->name, v, name_len);
	m->name[name_len] = '\0';
	m->name_len = name_len;
	zr->nr++;
	if (find_zip64_extra(zr, m, v + name_len, extra_len, &x, &xn, e))
		return -1;
	if (x && apply_zip64_extra(zr, m, x, xn, disk == ZIP_MAX16, e))
		return -1;
	if (disk != 0 && !(x && disk == ZIP_MAX16))
		return zip_error(zr, e, "multi-disk archives are not supported");
	*off += ZIP_CENTRAL_SIZE + name_len + extra_len + comment_len;
	return 0;
}

static int read_central_directory(struct zip_reader *zr, uint64_t count,
				  struct err *e)
{
	struct cd_window w = { NULL, 0, 0, 0 };
	uint64_t off = zr->cd_offset, end = zr->cd_offset + zr->cd_size;
	int ret = 0;

	while (!ret && off < end)
		ret = parse_central_entry(zr, &w, &off, e);
	free(w.buf);
	if (ret)
		return -1;
	if (zr->nr != count)
		return zip_error(zr, e, "central directory holds %llu entries "
				 "but the end record says %llu",
				 (unsigned long long)zr->nr,
				 (unsigned long long)count);
	return 0;
}

int zip_reader_open_fd(struct zip_reader *zr, int fd, const char *label,
		       const struct zip_limits *lim, struct err *e)
{
	struct stat st;
	uint64_t count = 0;

	memset(zr, 0, sizeof(*zr));
	zr->fd = fd;
	zr->path = xstrdup(label);
	zr->lim = *lim;
	if (fstat(fd, &st)) {
		zip_error(zr, e, "cannot stat: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		zip_error(zr, e, "not a regular file");
		goto fail;
	}
	zr->file_size = (uint64_t)st.st_size;
	if (read_end_records(zr, &count, e) ||
	    read_central_directory(zr, count, e))
		goto fail;
	return 0;
fail:
	zip_reader_release(zr);
	return -1;
}

int zip_reader_open(struct zip_reader *zr, const char *path,
		    const struct zip_limits *lim, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		memset(zr, 0, sizeof(*zr));
		zr->fd = -1;
		return err_at(e, path, 0, 0, "cannot open: %s", strerror(errno));
	}
	if (zip_reader_open_fd(zr, fd, path, lim, e)) {
		close(fd);
		return -1;
	}
	zr->own_fd = 1;
	return 0;
}

void zip_reader_release(struct zip_reader *zr)
{
	size_t i;

	for (i = 0; i < zr->nr; i++)
		free(zr->m[i].name);
	free(zr->m);
	free(zr->path);
	free(zr->comment);
	if (zr->own_fd && zr->fd >= 0)
		close(zr->fd);
	memset(zr, 0, sizeof(*zr));
	zr->fd = -1;
}

long zip_reader_find(const struct zip_reader *zr, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < zr->nr; i++)
		if (zr->m[i].name_len == len && !memcmp(zr->m[i].name, name, len))
			return (long)i;
	return -1;
}

int zip_member_is_symlink(const struct zip_member *m)
{
	return (m->mode & 0170000) == 0120000;
}

int zip_member_is_dir(const struct zip_member *m)
{
	return m->name_len && m->name[m->name_len - 1] == '/';
}
