#include "zip_write.h"
#include "bytes_le.h"
#include "../base/sha256.h"
#include "../base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Chunk sizes: large enough that syscalls and zlib calls are amortized. */
#define IN_CHUNK	(256 * 1024)
#define OUT_CHUNK	(256 * 1024)

/* Where an entry's content comes from: memory, or a file read by offset. */
struct source {
	const unsigned char *mem;
	int fd;			/* -1 for memory */
	const char *path;
	uint64_t size;		/* what the content must measure */
	uint64_t done;		/* bytes delivered in this pass */
};

/* The running checksums of one pass over an entry's content. */
struct pass {
	uint32_t crc;
	uint64_t csize;		/* bytes written to the archive */
	struct sha256 sha;
};

static int writer_open_common(struct zip_writer *zw,
			      const struct zip_writer_opts *o, struct err *e)
{
	if (o->level < 0 || o->level > 9)
		return err_set(e, "zip compression level %d is not in 0..9",
			       o->level);
	zw->pos = 0;
	zw->ents = NULL;
	zw->nr = zw->alloc = 0;
	memset(&zw->names, 0, sizeof(zw->names));
	zw->level = o->level;
	zw->force_zip64 = o->force_zip64;
	zip_dos_time(o->epoch, &zw->dos_date, &zw->dos_time);
	memset(&zw->z, 0, sizeof(zw->z));
	zw->z_ready = 0;
	zw->inbuf = xmalloc(IN_CHUNK);
	zw->outbuf = xmalloc(OUT_CHUNK);
	return 0;
}

int zip_writer_open(struct zip_writer *zw, const char *dest,
		    const struct zip_writer_opts *o, struct err *e)
{
	memset(zw, 0, sizeof(*zw));
	if (o->level < 0 || o->level > 9)
		return writer_open_common(zw, o, e);	/* reports it */
	if (atomic_open(&zw->af, dest, e))
		return -1;
	zw->fp = zw->af.fp;
	zw->own_file = 1;
	zw->label = zw->af.dest;
	return writer_open_common(zw, o, e);
}

int zip_writer_open_fp(struct zip_writer *zw, FILE *fp, const char *label,
		       const struct zip_writer_opts *o, struct err *e)
{
	memset(zw, 0, sizeof(*zw));
	zw->fp = fp;
	zw->label = label;
	return writer_open_common(zw, o, e);
}

static void writer_free(struct zip_writer *zw)
{
	size_t i;

	for (i = 0; i < zw->nr; i++)
		free(zw->ents[i].name);
	free(zw->ents);
	zip_name_set_release(&zw->names);
	if (zw->z_ready)
		deflateEnd(&zw->z);
	free(zw->inbuf);
	free(zw->outbuf);
	memset(zw, 0, sizeof(*zw));
}

void zip_writer_abort(struct zip_writer *zw)
{
	if (zw->own_file)
		atomic_abort(&zw->af);
	writer_free(zw);
}

/* Records an I/O failure on the archive and gives up. */
static int write_failed(struct zip_writer *zw, struct err *e)
{
	int saved = errno;

	err_fail(e, "cannot write '%s': %s", zw->label,
		 saved ? strerror(saved) : "write error");
	zip_writer_abort(zw);
	return -1;
}

static int put(struct zip_writer *zw, const void *p, size_t n, struct err *e)
{
	if (n && fwrite(p, 1, n, zw->fp) != n)
		return write_failed(zw, e);
	zw->pos += n;
	return 0;
}

static int seek_to(struct zip_writer *zw, uint64_t off, struct err *e)
{
	if (off > INT64_MAX || fseeko(zw->fp, (off_t)off, SEEK_SET))
		return write_failed(zw, e);
	return 0;
}

/* Fails (and aborts) for content that is not what it was a moment ago. */
static int source_changed(struct zip_writer *zw, const struct source *s,
			  struct err *e)
{
	err_at(e, s->path, 0, 0,
	       "file changed while being packed (expected %llu bytes)",
	       (unsigned long long)s->size);
	zip_writer_abort(zw);
	return -1;
}

static int source_read_failed(struct zip_writer *zw, const struct source *s,
			      struct err *e)
{
	err_at(e, s->path, 0, 0, "cannot read: %s", strerror(errno));
	zip_writer_abort(zw);
	return -1;
}

/*
 * Hands out the next chunk of content: a pointer into memory, or zw->inbuf
 * filled from the file. *n is 0 at the end (and then a file must be at EOF).
 */
static int source_next(struct zip_writer *zw, struct source *s,
		       const unsigned char **p, size_t *n, struct err *e)
{
	uint64_t left = s->size - s->done;
	size_t want = left < IN_CHUNK ? (size_t)left : IN_CHUNK;
	size_t got = 0;

	if (s->fd < 0) {
		*p = s->mem + s->done;
		*n = want;
		s->done += want;
		return 0;
	}
	if (!want) {
		/* One more byte read proves the file did not grow. */
		ssize_t r = pread(s->fd, zw->inbuf, 1, (off_t)s->done);

		if (r < 0)
			return source_read_failed(zw, s, e);
		if (r > 0)
			return source_changed(zw, s, e);
		*p = zw->inbuf;
		*n = 0;
		return 0;
	}
	while (got < want) {
		ssize_t r = pread(s->fd, zw->inbuf + got, want - got,
				  (off_t)(s->done + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return source_read_failed(zw, s, e);
		if (r == 0)
			return source_changed(zw, s, e);
		got += (size_t)r;
	}
	*p = zw->inbuf;
	*n = got;
	s->done += got;
	return 0;
}

static int deflate_ready(struct zip_writer *zw)
{
	if (zw->z_ready)
		return deflateReset(&zw->z) == Z_OK ? 0 : -1;
	/* Raw deflate (no zlib header): what zip's method 8 holds. */
	if (deflateInit2(&zw->z, zw->level, Z_DEFLATED, -15, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	zw->z_ready = 1;
	return 0;
}

/*
 * Whether deflate is worth trying on this content: its first ZIP_PROBE_SIZE
 * bytes must deflate to at most 97% of their size.
 */
static int probe_says_deflate(struct zip_writer *zw, struct source *s)
{
	const unsigned char *p = s->mem;
	int ret;

	if (s->size <= ZIP_PROBE_SIZE)
		return 1;
	if (s->fd >= 0) {
		if (pread(s->fd, zw->inbuf, ZIP_PROBE_SIZE, 0) != ZIP_PROBE_SIZE)
			return 1;	/* the real pass will report it */
		p = zw->inbuf;
	}
	if (deflate_ready(zw))
		die("zlib cannot start a deflate stream");
	zw->z.next_in = (unsigned char *)p;
	zw->z.avail_in = ZIP_PROBE_SIZE;
	zw->z.next_out = zw->outbuf;
	zw->z.avail_out = OUT_CHUNK;
	ret = deflate(&zw->z, Z_FINISH);
	if (ret != Z_STREAM_END)
		return 1;
	return zw->z.total_out * 100 <= (uLong)ZIP_PROBE_SIZE * 97;
}

/* Deflates the chunk into the archive; finish ends the stream. */
static int deflate_chunk(struct zip_writer *zw, const unsigned char *p,
			 size_t n, int finish, struct pass *ps, struct err *e)
{
	int ret;

	zw->z.next_in = (unsigned char *)p;
	zw->z.avail_in = (uInt)n;
	do {
		size_t have;

		zw->z.next_out = zw->outbuf;
		zw->z.avail_out = OUT_CHUNK;
		ret = deflate(&zw->z, finish ? Z_FINISH : Z_NO_FLUSH);
		if (ret == Z_STREAM_ERROR)
			die("zlib deflate stream error");
		have = OUT_CHUNK - zw->z.avail_out;
		if (put(zw, zw->outbuf, have, e))
			return -1;
		ps->csize += have;
	} while (zw->z.avail_out == 0 || (finish && ret != Z_STREAM_END));
	return 0;
}

/* One pass over the content: checksums, and the bytes into the archive. */
static int write_pass(struct zip_writer *zw, struct source *s, int deflated,
		      struct pass *ps, struct err *e)
{
	const unsigned char *p;
	size_t n;

	s->done = 0;
	ps->crc = (uint32_t)crc32(0, Z_NULL, 0);
	ps->csize = 0;
	sha256_init(&ps->sha);
	if (deflated && deflate_ready(zw))
		die("zlib cannot start a deflate stream");
	for (;;) {
		if (source_next(zw, s, &p, &n, e))
			return -1;
		if (!n)
			return 0;
		ps->crc = (uint32_t)crc32(ps->crc, p, (uInt)n);
		sha256_update(&ps->sha, p, n);
		if (deflated) {
			if (deflate_chunk(zw, p, n, s->done == s->size, ps, e))
				return -1;
		} else {
			if (put(zw, p, n, e))
				return -1;
			ps->csize += n;
		}
	}
}

static uint16_t name_flags(const struct zip_written_entry *ent)
{
	size_t i;

	/* Bit 11: the name is UTF-8 (plain ASCII needs no flag). */
	for (i = 0; i < ent->name_len; i++)
		if ((unsigned char)ent->name[i] >= 0x80)
			return ZIP_FLAG_UTF8;
	return 0;
}

static void local_header(const struct zip_writer *zw,
			 const struct zip_written_entry *ent,
			 unsigned char *h)
{
	int zip64 = ent->zip64_local;

	le32_put(h, ZIP_SIG_LOCAL);
	le16_put(h + 4, zip64 ? ZIP_VERSION_ZIP64 : ZIP_VERSION_DEFLATE);
	le16_put(h + 6, name_flags(ent));
	le16_put(h + 8, ent->method);
	le16_put(h + 10, zw->dos_time);
	le16_put(h + 12, zw->dos_date);
	le32_put(h + 14, ent->crc);
	le32_put(h + 18, zip64 ? ZIP_MAX32 : (uint32_t)ent->csize);
	le32_put(h + 22, zip64 ? ZIP_MAX32 : (uint32_t)ent->size);
	le16_put(h + 26, (uint16_t)ent->name_len);
	le16_put(h + 28, zip64 ? 20 : 0);
}

/*
 * Writes the entry's local header at the end of the archive, or with
 * rewrite, patches it in place (with the sizes known after the data).
 */
static int write_local_header(struct zip_writer *zw,
			      const struct zip_written_entry *ent, int rewrite,
			      struct err *e)
{
	unsigned char h[ZIP_LOCAL_SIZE], x[20];
	uint64_t end = zw->pos;

	local_header(zw, ent, h);
	le16_put(x, ZIP_EXTRA_ZIP64);
	le16_put(x + 2, 16);
	le64_put(x + 4, ent->size);
	le64_put(x + 12, ent->csize);
	if (rewrite && seek_to(zw, ent->offset, e))
		return -1;
	zw->pos = ent->offset;
	if (put(zw, h, sizeof(h), e) || put(zw, ent->name, ent->name_len, e) ||
	    (ent->zip64_local && put(zw, x, sizeof(x), e)))
		return -1;
	if (rewrite) {
		zw->pos = end;
		return seek_to(zw, end, e);
	}
	return 0;
}

static struct zip_written_entry *new_entry(struct zip_writer *zw,
					   const char *name, uint64_t size,
					   int executable, struct err *e)
{
	struct zip_written_entry *ent;
	struct strbuf problem = STRBUF_INIT;
	size_t len = strlen(name);

	if (zip_name_check(name, len, &problem) || len > ZIP_MAX16) {
		if (!problem.len)
			sb_addf(&problem, "entry name longer than %u bytes",
				ZIP_MAX16);
		err_set(e, "%s", problem.buf);
		sb_release(&problem);
		zip_writer_abort(zw);
		return NULL;
	}
	ALLOC_GROW(zw->ents, zw->nr + 1, zw->alloc);
	ent = &zw->ents[zw->nr];
	memset(ent, 0, sizeof(*ent));
	ent->name = xstrdup(name);
	ent->name_len = len;
	if (zip_name_set_add(&zw->names, ent->name, len)) {
		err_set(e, "duplicate entry name '%s'", name);
		free(ent->name);
		zip_writer_abort(zw);
		return NULL;
	}
	zw->nr++;
	ent->offset = zw->pos;
	ent->size = size;
	ent->mode = executable ? 0755 : 0644;
	ent->zip64_local = zw->force_zip64 || size >= ZIP_MAX32;
	return ent;
}

static int add_entry(struct zip_writer *zw, const char *name,
		     struct source *s, int executable,
		     struct zip_digest *digest, struct err *e)
{
	struct zip_written_entry *ent;
	struct pass ps;
	uint64_t data_start;
	int deflated;
	size_t i;

	if (!zw->fp)
		return err_set(e, "zip writer used after an error or finish");
	ent = new_entry(zw, name, s->size, executable, e);
	if (!ent)
		return -1;
	i = zw->nr - 1;
	if (write_local_header(zw, ent, 0, e))
		return -1;
	data_start = zw->pos;
	deflated = zw->level > 0 && s->size > 0 && probe_says_deflate(zw, s);
	if (write_pass(zw, s, deflated, &ps, e))
		return -1;
	if (deflated && ps.csize >= s->size) {
		/* Deflate did not help: store it over what was written. */
		uint32_t first_crc = ps.crc;

		deflated = 0;
		zw->pos = data_start;
		if (seek_to(zw, data_start, e) ||
		    write_pass(zw, s, 0, &ps, e))
			return -1;
		if (ps.crc != first_crc)
			return source_changed(zw, s, e);
	}
	ent = &zw->ents[i];
	ent->method = deflated ? ZIP_METHOD_DEFLATED : ZIP_METHOD_STORED;
	ent->crc = ps.crc;
	ent->csize = ps.csize;
	if (write_local_header(zw, ent, 1, e))
		return -1;
	if (digest) {
		digest->size = s->size;
		sha256_final(&ps.sha, digest->sha256);
	}
	return 0;
}

int zip_writer_add_mem(struct zip_writer *zw, const char *name,
		       const void *data, size_t len, int executable,
		       struct zip_digest *digest, struct err *e)
{
	struct source s = { data, -1, name, len, 0 };

	return add_entry(zw, name, &s, executable, digest, e);
}

int zip_writer_add_raw(struct zip_writer *zw, const char *name,
		       const void *data, size_t len, uint16_t method,
		       uint32_t crc, uint64_t size, int executable,
		       struct err *e)
{
	struct zip_written_entry *ent;
	size_t i;

	if (!zw->fp)
		return err_set(e, "zip writer used after an error or finish");
	if (method != ZIP_METHOD_STORED && method != ZIP_METHOD_DEFLATED)
		return err_set(e, "cannot copy entry '%s': compression method %u", name, method);
	ent = new_entry(zw, name, size, executable, e);
	if (!ent)
		return -1;
	i = zw->nr - 1;
	if (write_local_header(zw, ent, 0, e) || put(zw, data, len, e))
		return -1;
	ent = &zw->ents[i];
	ent->method = method;
	ent->crc = crc;
	ent->csize = len;
	return write_local_header(zw, ent, 1, e);
}

int zip_writer_add_file(struct zip_writer *zw, const char *name,
			const char *path, int executable,
			struct zip_digest *digest, struct err *e)
{
	struct source s = { NULL, -1, path, 0, 0 };
	struct stat st;
	int ret;

	if (!zw->fp)
		return err_set(e, "zip writer used after an error or finish");
	s.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s.fd < 0 || fstat(s.fd, &st)) {
		err_at(e, path, 0, 0, "cannot open: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err_at(e, path, 0, 0, "not a regular file");
		goto fail;
	}
	s.size = (uint64_t)st.st_size;
	ret = add_entry(zw, name, &s, executable, digest, e);
	close(s.fd);
	return ret;
fail:
	if (s.fd >= 0)
		close(s.fd);
	zip_writer_abort(zw);
	return -1;
}

static int central_header(struct zip_writer *zw,
			  const struct zip_written_entry *ent, struct err *e)
{
	unsigned char h[ZIP_CENTRAL_SIZE], x[28];
	size_t xlen = 4;
	int all = zw->force_zip64;
	int big_size = all || ent->size >= ZIP_MAX32;
	int big_csize = all || ent->csize >= ZIP_MAX32;
	int big_off = all || ent->offset >= ZIP_MAX32;
	int zip64 = big_size || big_csize || big_off || ent->zip64_local;
	uint16_t version = zip64 ? ZIP_VERSION_ZIP64 : ZIP_VERSION_DEFLATE;

	/* ZIP64 extra: only the fields whose 32-bit slot says 0xffffffff. */
	if (big_size)
		le64_put(x + xlen, ent->size), xlen += 8;
	if (big_csize)
		le64_put(x + xlen, ent->csize), xlen += 8;
	if (big_off)
		le64_put(x + xlen, ent->offset), xlen += 8;
	le16_put(x, ZIP_EXTRA_ZIP64);
	le16_put(x + 2, (uint16_t)(xlen - 4));
	if (xlen == 4)
		xlen = 0;
	le32_put(h, ZIP_SIG_CENTRAL);
	le16_put(h + 4, (uint16_t)(ZIP_MADE_BY_UNIX << 8 | version));
	le16_put(h + 6, version);
	le16_put(h + 8, name_flags(ent));
	le16_put(h + 10, ent->method);
	le16_put(h + 12, zw->dos_time);
	le16_put(h + 14, zw->dos_date);
	le32_put(h + 16, ent->crc);
	le32_put(h + 20, big_csize ? ZIP_MAX32 : (uint32_t)ent->csize);
	le32_put(h + 24, big_size ? ZIP_MAX32 : (uint32_t)ent->size);
	le16_put(h + 28, (uint16_t)ent->name_len);
	le16_put(h + 30, (uint16_t)xlen);
	le16_put(h + 32, 0);		/* comment length */
	le16_put(h + 34, 0);		/* disk number */
	le16_put(h + 36, 0);		/* internal attributes */
	le32_put(h + 38, (uint32_t)(0100000 | ent->mode) << 16);
	le32_put(h + 42, big_off ? ZIP_MAX32 : (uint32_t)ent->offset);
	if (put(zw, h, sizeof(h), e) || put(zw, ent->name, ent->name_len, e) ||
	    put(zw, x, xlen, e))
		return -1;
	return 0;
}

static int end_records(struct zip_writer *zw, uint64_t cd_start,
		       struct err *e)
{
	unsigned char z[ZIP_END64_SIZE + ZIP_END64_LOCATOR_SIZE], h[ZIP_END_SIZE];
	uint64_t cd_size = zw->pos - cd_start, n = zw->nr;
	int zip64 = zw->force_zip64 || n >= ZIP_MAX16 ||
		    cd_size >= ZIP_MAX32 || cd_start >= ZIP_MAX32;

	if (zip64) {
		le32_put(z, ZIP_SIG_END64);
		le64_put(z + 4, ZIP_END64_SIZE - 12);
		le16_put(z + 12, ZIP_MADE_BY_UNIX << 8 | ZIP_VERSION_ZIP64);
		le16_put(z + 14, ZIP_VERSION_ZIP64);
		le32_put(z + 16, 0);
		le32_put(z + 20, 0);
		le64_put(z + 24, n);
		le64_put(z + 32, n);
		le64_put(z + 40, cd_size);
		le64_put(z + 48, cd_start);
		le32_put(z + 56, ZIP_SIG_END64_LOCATOR);
		le32_put(z + 60, 0);
		le64_put(z + 64, zw->pos);
		le32_put(z + 72, 1);
		if (put(zw, z, sizeof(z), e))
			return -1;
	}
	le32_put(h, ZIP_SIG_END);
	le16_put(h + 4, 0);
	le16_put(h + 6, 0);
	le16_put(h + 8, zip64 ? ZIP_MAX16 : (uint16_t)n);
	le16_put(h + 10, zip64 ? ZIP_MAX16 : (uint16_t)n);
	le32_put(h + 12, zip64 ? ZIP_MAX32 : (uint32_t)cd_size);
	le32_put(h + 16, zip64 ? ZIP_MAX32 : (uint32_t)cd_start);
	le16_put(h + 20, 0);		/* comment length */
	return put(zw, h, sizeof(h), e);
}

int zip_writer_finish(struct zip_writer *zw, struct err *e)
{
	uint64_t cd_start = zw->pos;
	size_t i;
	int ret;

	if (!zw->fp)
		return err_set(e, "zip writer used after an error or finish");
	for (i = 0; i < zw->nr; i++)
		if (central_header(zw, &zw->ents[i], e))
			return -1;
	if (end_records(zw, cd_start, e))
		return -1;
	/* A last entry rewritten stored may have left bytes past the end. */
	if (fflush(zw->fp) || ftruncate(fileno(zw->fp), (off_t)zw->pos))
		return write_failed(zw, e);
	ret = zw->own_file ? atomic_commit(&zw->af, e) : 0;
	zw->own_file = 0;
	writer_free(zw);
	return ret;
}
