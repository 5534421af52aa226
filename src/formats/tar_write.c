#include "tar_write.h"
#include "../base/strbuf.h"
#include "../base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK		512
#define RECORD		(20 * BLOCK)	/* tar's default blocking factor */
#define CHUNK		(256 * 1024)
/* The largest value an octal field of n bytes holds (n-1 digits + NUL). */
#define OCTAL_MAX(n)	((1ULL << (3 * ((n) - 1))) - 1)

int tar_writer_open(struct tar_writer *tw, const char *dest,
		    const struct tar_writer_opts *o, struct err *e)
{
	memset(tw, 0, sizeof(*tw));
	if (o->level < 0 || o->level > 9)
		return err_set(e, "gzip compression level %d is not in 0..9",
			       o->level);
	if (atomic_open(&tw->af, dest, e))
		return -1;
	tw->open = 1;
	tw->mtime = o->epoch < ZIP_EPOCH_MIN ? ZIP_EPOCH_MIN : o->epoch;
	tw->buf = xmalloc(CHUNK);
	if (gzip_writer_init(&tw->gz, tw->af.fp, tw->af.dest, o->level, e)) {
		tar_writer_abort(tw);
		return -1;
	}
	return 0;
}

void tar_writer_abort(struct tar_writer *tw)
{
	size_t i;

	if (tw->open)
		atomic_abort(&tw->af);
	gzip_writer_release(&tw->gz);
	for (i = 0; i < tw->nr; i++)
		free(tw->names[i]);
	free(tw->names);
	zip_name_set_release(&tw->seen);
	free(tw->buf);
	memset(tw, 0, sizeof(*tw));
}

static int emit(struct tar_writer *tw, const void *p, size_t n, struct err *e)
{
	if (gzip_writer_write(&tw->gz, p, n, e)) {
		tar_writer_abort(tw);
		return -1;
	}
	tw->written += n;
	return 0;
}

/* Zero bytes up to the next multiple of unit. */
static int pad_to(struct tar_writer *tw, size_t unit, struct err *e)
{
	static const unsigned char zeros[BLOCK];
	size_t n = (unit - tw->written % unit) % unit;

	while (n) {
		size_t k = n < BLOCK ? n : BLOCK;

		if (emit(tw, zeros, k, e))
			return -1;
		n -= k;
	}
	return 0;
}

/* An octal field: zero-padded digits and a NUL, as tar(1) writes them. */
static void octal(unsigned char *field, size_t width, unsigned long long v)
{
	size_t i = width - 1;

	field[i] = '\0';
	while (i--) {
		field[i] = (unsigned char)('0' + (v & 7));
		v >>= 3;
	}
}

/* One ustar header block; name must fit (the caller checked). */
static void ustar_header(unsigned char *h, const char *name, size_t name_len,
			 unsigned mode, unsigned long long size,
			 long long mtime, char type)
{
	unsigned sum = 0;
	size_t i;

	memset(h, 0, BLOCK);
	memcpy(h, name, name_len);
	octal(h + 100, 8, mode);
	octal(h + 108, 8, 0);		/* uid */
	octal(h + 116, 8, 0);		/* gid */
	octal(h + 124, 12, size);
	octal(h + 136, 12, (unsigned long long)mtime);
	h[156] = (unsigned char)type;
	memcpy(h + 257, "ustar", 6);	/* magic with its NUL */
	memcpy(h + 263, "00", 2);	/* version */
	/* uname and gname stay empty. */
	octal(h + 329, 8, 0);		/* devmajor */
	octal(h + 337, 8, 0);		/* devminor */
	memset(h + 148, ' ', 8);	/* the checksum counts itself as spaces */
	for (i = 0; i < BLOCK; i++)
		sum += h[i];
	octal(h + 148, 7, sum);
	h[155] = ' ';
}

/* A pax record "LEN key=value\n", where LEN counts the whole record. */
static void pax_record(struct strbuf *sb, const char *key, const char *value,
		       size_t value_len)
{
	size_t body = 1 + strlen(key) + 1 + value_len + 1, len = body, digits;

	for (;;) {
		char tmp[32];

		digits = (size_t)snprintf(tmp, sizeof(tmp), "%zu", len);
		if (body + digits == len)
			break;
		len = body + digits;
	}
	sb_addf(sb, "%zu %s=", len, key);
	sb_add(sb, value, value_len);
	sb_addc(sb, '\n');
}

static int is_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* The header(s) of one file: a pax header first when ustar cannot say it. */
static int file_header(struct tar_writer *tw, const char *name,
		       unsigned long long size, int executable, struct err *e)
{
	unsigned char h[BLOCK];
	struct strbuf pax = STRBUF_INIT;
	size_t len = strlen(name);
	int short_name = len <= 100 && is_ascii(name, len);

	if (!short_name)
		pax_record(&pax, "path", name, len);
	if (size > OCTAL_MAX(12)) {
		char num[32];

		snprintf(num, sizeof(num), "%llu", size);
		pax_record(&pax, "size", num, strlen(num));
	}
	if (pax.len) {
		static const char pax_name[] = "././@PaxHeader";

		ustar_header(h, pax_name, sizeof(pax_name) - 1, 0644, pax.len,
			     tw->mtime, 'x');
		if (emit(tw, h, BLOCK, e) || emit(tw, pax.buf, pax.len, e) ||
		    pad_to(tw, BLOCK, e)) {
			sb_release(&pax);
			return -1;
		}
	}
	sb_release(&pax);
	/* Fields that did not fit hold what they can; pax overrides them.
	 * (A short name that is not ASCII fits whole, with a pax copy.) */
	ustar_header(h, name, len < 100 ? len : 100, executable ? 0755 : 0644,
		     size > OCTAL_MAX(12) ? 0 : size, tw->mtime, '0');
	return emit(tw, h, BLOCK, e);
}

/* Checks the name is safe and new, and keeps a copy for the next check. */
static int new_name(struct tar_writer *tw, const char *name, struct err *e)
{
	struct strbuf problem = STRBUF_INIT;
	size_t len = strlen(name);
	char *copy;

	if (!tw->open)
		return err_set(e, "tar writer used after an error or finish");
	if (zip_name_check(name, len, &problem) ||
	    (len && name[len - 1] == '/')) {
		if (!problem.len)
			sb_addf(&problem, "folder name '%s' for a file entry",
				name);
		err_set(e, "%s", problem.buf);
		sb_release(&problem);
		tar_writer_abort(tw);
		return -1;
	}
	copy = xstrdup(name);
	if (zip_name_set_add(&tw->seen, copy, len)) {
		free(copy);
		err_set(e, "duplicate entry name '%s'", name);
		tar_writer_abort(tw);
		return -1;
	}
	ALLOC_GROW(tw->names, tw->nr + 1, tw->alloc);
	tw->names[tw->nr++] = copy;
	return 0;
}

int tar_writer_add_mem(struct tar_writer *tw, const char *name,
		       const void *data, size_t len, int executable,
		       struct err *e)
{
	if (new_name(tw, name, e) || file_header(tw, name, len, executable, e) ||
	    emit(tw, data, len, e) || pad_to(tw, BLOCK, e))
		return -1;
	return 0;
}

static int copy_file(struct tar_writer *tw, int fd, const char *path,
		     uint64_t size, struct err *e)
{
	uint64_t done = 0;

	for (;;) {
		size_t want = size - done < CHUNK ? (size_t)(size - done) : CHUNK;
		ssize_t r = read(fd, tw->buf, want ? want : 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err_at(e, path, 0, 0, "cannot read: %s", strerror(errno));
			break;
		}
		if ((r == 0) != (want == 0)) {
			err_at(e, path, 0, 0, "file changed while being packed "
			       "(expected %llu bytes)", (unsigned long long)size);
			break;
		}
		if (!want)
			return 0;
		if (emit(tw, tw->buf, (size_t)r, e))
			return -1;
		done += (uint64_t)r;
	}
	tar_writer_abort(tw);
	return -1;
}

int tar_writer_add_file(struct tar_writer *tw, const char *name,
			const char *path, int executable, struct err *e)
{
	struct stat st;
	int fd, ret;

	if (new_name(tw, name, e))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		err_at(e, path, 0, 0, "cannot open: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err_at(e, path, 0, 0, "not a regular file");
		goto fail;
	}
	ret = file_header(tw, name, (uint64_t)st.st_size, executable, e);
	if (!ret)
		ret = copy_file(tw, fd, path, (uint64_t)st.st_size, e);
	if (!ret)
		ret = pad_to(tw, BLOCK, e);
	close(fd);
	return ret;
fail:
	if (fd >= 0)
		close(fd);
	tar_writer_abort(tw);
	return -1;
}

int tar_writer_finish(struct tar_writer *tw, struct err *e)
{
	static const unsigned char zeros[2 * BLOCK];

	if (!tw->open)
		return err_set(e, "tar writer used after an error or finish");
	if (emit(tw, zeros, sizeof(zeros), e) || pad_to(tw, RECORD, e))
		return -1;
	if (gzip_writer_finish(&tw->gz, e)) {
		tar_writer_abort(tw);
		return -1;
	}
	tw->open = 0;
	if (atomic_commit(&tw->af, e)) {
		tar_writer_abort(tw);
		return -1;
	}
	tar_writer_abort(tw);	/* frees the rest; the file is in place */
	return 0;
}
