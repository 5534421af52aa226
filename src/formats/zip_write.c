/*
 * The zip writer's archive: records, entries, central directory, end
 * records. Entry content is in zip_write_data.c.
 */
#include "zip_write_internal.h"
#include "byteorder.h"
#include "deflate_pool.h"
#include "../base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int check_level(const struct zip_writer_opts *o, struct err *e)
{
	if (o->level < 0 || o->level > 9)
		return err_set(e, "zip compression level %d is not in 0..9",
			       o->level);
	return 0;
}

/* Everything but the output, which the callers have set up. */
static void writer_init(struct zip_writer *zw, const struct zip_writer_opts *o)
{
	zw->level = o->level;
	zw->force_zip64 = o->force_zip64;
	zip_dos_time(o->epoch, &zw->dos_date, &zw->dos_time);
	zw->pool = deflate_pool_new(o->level ? o->threads : 0, o->level);
	zw->inbuf = xmalloc(ZIP_STORE_CHUNK);
}

int zip_writer_open(struct zip_writer *zw, const char *dest,
		    const struct zip_writer_opts *o, struct err *e)
{
	memset(zw, 0, sizeof(*zw));
	if (check_level(o, e) || atomic_open(&zw->af, dest, e))
		return -1;
	zw->fp = zw->af.fp;
	zw->own_file = 1;
	zw->label = zw->af.dest;
	writer_init(zw, o);
	return 0;
}

int zip_writer_open_fp(struct zip_writer *zw, FILE *fp, const char *label,
		       const struct zip_writer_opts *o, struct err *e)
{
	memset(zw, 0, sizeof(*zw));
	if (check_level(o, e))
		return -1;
	zw->fp = fp;
	zw->label = label;
	writer_init(zw, o);
	return 0;
}

static void writer_free(struct zip_writer *zw)
{
	size_t i;

	for (i = 0; i < zw->nr; i++)
		free(zw->ents[i].name);
	free(zw->ents);
	zip_name_set_release(&zw->names);
	zip_queue_release(zw);
	free(zw->inbuf);
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

int zip_put(struct zip_writer *zw, const void *p, size_t n, struct err *e)
{
	if (n && fwrite(p, 1, n, zw->fp) != n)
		return write_failed(zw, e);
	zw->pos += n;
	return 0;
}

int zip_seek(struct zip_writer *zw, uint64_t off, struct err *e)
{
	if (off > INT64_MAX || fseeko(zw->fp, (off_t)off, SEEK_SET))
		return write_failed(zw, e);
	return 0;
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

int zip_local_header(struct zip_writer *zw, size_t i, int rewrite,
		     struct err *e)
{
	const struct zip_written_entry *ent = &zw->ents[i];
	unsigned char h[ZIP_LOCAL_SIZE], x[20];
	uint64_t end = zw->pos;

	local_header(zw, ent, h);
	le16_put(x, ZIP_EXTRA_ZIP64);
	le16_put(x + 2, 16);
	le64_put(x + 4, ent->size);
	le64_put(x + 12, ent->csize);
	if (rewrite && zip_seek(zw, ent->offset, e))
		return -1;
	zw->pos = ent->offset;
	if (zip_put(zw, h, sizeof(h), e) ||
	    zip_put(zw, ent->name, ent->name_len, e) ||
	    (ent->zip64_local && zip_put(zw, x, sizeof(x), e)))
		return -1;
	if (rewrite) {
		zw->pos = end;
		return zip_seek(zw, end, e);
	}
	return 0;
}

long zip_new_entry(struct zip_writer *zw, const char *name, uint64_t size,
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
		return -1;
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
		return -1;
	}
	ent->size = size;
	ent->mode = executable ? 0755 : 0644;
	ent->zip64_local = zw->force_zip64 || size >= ZIP_MAX32;
	return (long)zw->nr++;
}

static int writer_usable(struct zip_writer *zw, struct err *e)
{
	if (!zw->fp)
		return err_set(e, "zip writer used after an error or finish");
	return 0;
}

int zip_writer_add_mem(struct zip_writer *zw, const char *name,
		       const void *data, size_t len, int executable,
		       struct zip_digest *digest, struct err *e)
{
	struct zip_source src = { data, -1, name, len };
	long i;

	if (writer_usable(zw, e))
		return -1;
	i = zip_new_entry(zw, name, len, executable, e);
	if (i < 0 || zip_queue_entry(zw, (size_t)i, &src, digest, e))
		return -1;
	return zip_drain(zw, e);
}

/* Opens a file for an entry: src gets the descriptor and the size. */
static int open_source(struct zip_writer *zw, const char *path,
		       struct zip_source *src, struct err *e)
{
	struct stat st;

	src->mem = NULL;
	src->path = path;
	src->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (src->fd < 0 || fstat(src->fd, &st)) {
		err_at(e, path, 0, 0, "cannot open: %s", strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		err_at(e, path, 0, 0, "not a regular file");
	} else {
		src->size = (uint64_t)st.st_size;
		return 0;
	}
	if (src->fd >= 0)
		close(src->fd);
	zip_writer_abort(zw);
	return -1;
}

int zip_writer_add_files(struct zip_writer *zw,
			 const struct zip_file_spec *files, size_t n,
			 struct zip_digest *digests, struct err *e)
{
	size_t k;

	if (writer_usable(zw, e))
		return -1;
	for (k = 0; k < n; k++) {
		struct zip_source src;
		long i;

		if (open_source(zw, files[k].path, &src, e))
			return -1;
		i = zip_new_entry(zw, files[k].name, src.size,
				  files[k].executable, e);
		if (i < 0) {
			close(src.fd);
			return -1;
		}
		/* From here the writer closes src.fd, even on failure. */
		if (zip_queue_entry(zw, (size_t)i, &src,
				    digests ? &digests[k] : NULL, e))
			return -1;
	}
	return zip_drain(zw, e);
}

int zip_writer_add_raw(struct zip_writer *zw, const char *name,
		       const void *data, size_t len, uint16_t method,
		       uint32_t crc, uint64_t size, int executable,
		       struct err *e)
{
	struct zip_written_entry *ent;
	long i;

	if (writer_usable(zw, e) || zip_drain(zw, e))
		return -1;
	if (method != ZIP_METHOD_STORED && method != ZIP_METHOD_DEFLATED)
		return err_set(e, "cannot copy entry '%s': compression method %u", name, method);
	i = zip_new_entry(zw, name, size, executable, e);
	if (i < 0)
		return -1;
	/* everything is known: the local header is written once, complete */
	ent = &zw->ents[i];
	ent->offset = zw->pos;
	ent->method = method;
	ent->crc = crc;
	ent->csize = len;
	if (zip_local_header(zw, (size_t)i, 0, e) || zip_put(zw, data, len, e))
		return -1;
	return 0;
}

int zip_writer_add_file(struct zip_writer *zw, const char *name,
			const char *path, int executable,
			struct zip_digest *digest, struct err *e)
{
	struct zip_file_spec f = { name, path, executable };

	return zip_writer_add_files(zw, &f, 1, digest, e);
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
	if (zip_put(zw, h, sizeof(h), e) || zip_put(zw, ent->name, ent->name_len, e) ||
	    zip_put(zw, x, xlen, e))
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
		if (zip_put(zw, z, sizeof(z), e))
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
	return zip_put(zw, h, sizeof(h), e);
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
