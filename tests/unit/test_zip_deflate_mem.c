/*
 * zip_deflate_mem(): the writer's block scheme, to memory. For each content
 * (empty, tiny, around the probe size, several blocks, incompressible, one
 * the probe gives up on, one deflate cannot shrink though the probe let it
 * through), level and thread count: an archive written with
 * zip_writer_add_raw() from its result has the bytes of the one
 * zip_writer_add_mem() writes, and the stream inflates back with zlib.
 */
#include "unit.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "formats/zip_format.h"
#include "formats/zip_write.h"

#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

static char *tmpdir;

static void fill_random(unsigned char *p, size_t n, uint64_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		p[i] = (unsigned char)(seed >> 24);
	}
}

static void add_text(struct strbuf *sb, size_t n)
{
	size_t i, end = sb->len + n;

	for (i = 0; sb->len < end; i++)
		sb_addf(sb, "entry %zu of the table: %zx\n", i, i * 2654435761u);
	sb_setlen(sb, end);
}

static void add_random(struct strbuf *sb, size_t n, uint64_t seed)
{
	sb_grow(sb, n);
	fill_random((unsigned char *)sb->buf + sb->len, n, seed);
	sb_setlen(sb, sb->len + n);
}

static void add_zeros(struct strbuf *sb, size_t n)
{
	sb_grow(sb, n);
	memset(sb->buf + sb->len, 0, n);
	sb_setlen(sb, sb->len + n);
}

/* The archive one entry makes, through add_mem or from d with add_raw. */
static void write_one(const char *path, const struct strbuf *content,
		      int level, const struct zip_deflated *d,
		      struct strbuf *bytes)
{
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct zip_writer zw;
	struct err e = ERR_INIT;
	int rc;

	o.level = level;
	o.epoch = 1700000000;
	CHECK(!zip_writer_open(&zw, path, &o, &e));
	if (!d)
		rc = zip_writer_add_mem(&zw, "lib/x.so", content->buf,
					content->len, 1, NULL, &e);
	else
		rc = zip_writer_add_raw(&zw, "lib/x.so",
					d->method == ZIP_METHOD_DEFLATED ?
					d->data.buf : content->buf,
					d->method == ZIP_METHOD_DEFLATED ?
					d->data.len : content->len,
					d->method, d->crc, d->size, 1, &e);
	CHECK(!rc);
	CHECK(!zip_writer_finish(&zw, &e));
	sb_reset(bytes);
	CHECK(!read_file(path, bytes, &e));
	err_release(&e);
}

static int inflates_to(const struct strbuf *stream, const struct strbuf *want)
{
	unsigned char *out = xmalloc(want->len + 1);
	z_stream z;
	int ret, ok;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, -15) != Z_OK)
		return 0;
	z.next_in = (unsigned char *)stream->buf;
	z.avail_in = (uInt)stream->len;
	z.next_out = out;
	z.avail_out = (uInt)want->len + 1;
	ret = inflate(&z, Z_FINISH);
	ok = ret == Z_STREAM_END && z.total_out == want->len && !z.avail_in &&
	     !memcmp(out, want->buf, want->len);
	inflateEnd(&z);
	free(out);
	return ok;
}

static const int all_levels[] = { 0, 1, 5, 9, -1 };
static const int all_threads[] = { 0, 1, 2, 5, -1 };

/* Each level and thread count on one content; want: the method. */
static void check_with(const struct strbuf *content, int want_method,
		       const int *levels, const int *threads)
{
	struct strbuf path = STRBUF_INIT, ref = STRBUF_INIT, got = STRBUF_INIT;
	size_t li, ti;

	path_join(&path, tmpdir, "one.zip");
	for (li = 0; levels[li] >= 0; li++) {
		int level = levels[li];

		write_one(path.buf, content, level, NULL, &ref);
		for (ti = 0; threads[ti] >= 0; ti++) {
			struct zip_deflated d;

			zip_deflated_init(&d);
			zip_deflate_mem(content->buf, content->len, level,
					threads[ti], &d);
			CHECK_INT(d.size, content->len);
			CHECK_INT(d.crc, crc32(0, (const unsigned char *)content->buf,
					       (uInt)content->len));
			if (!level || want_method == ZIP_METHOD_STORED) {
				CHECK_INT(d.method, ZIP_METHOD_STORED);
				CHECK_INT(d.data.len, 0);
			} else {
				CHECK_INT(d.method, ZIP_METHOD_DEFLATED);
				CHECK(d.data.len < content->len);
				CHECK(inflates_to(&d.data, content));
			}
			write_one(path.buf, content, level, &d, &got);
			CHECK(got.len == ref.len && !memcmp(got.buf, ref.buf, ref.len));
			zip_deflated_release(&d);
		}
	}
	sb_release(&path);
	sb_release(&ref);
	sb_release(&got);
}

static void check_content(const struct strbuf *content, int want_method)
{
	check_with(content, want_method, all_levels, all_threads);
}

static void test_small(void)
{
	struct strbuf sb = STRBUF_INIT;

	check_content(&sb, ZIP_METHOD_STORED);	/* empty: stored */
	sb_adds(&sb, "x");
	check_content(&sb, ZIP_METHOD_STORED);	/* deflate makes it larger */
	sb_reset(&sb);
	add_text(&sb, 1000);
	check_content(&sb, ZIP_METHOD_DEFLATED);
	sb_release(&sb);
}

static void test_around_the_probe(void)
{
	struct strbuf sb = STRBUF_INIT;

	add_text(&sb, ZIP_PROBE_SIZE);		/* one block, no probe */
	check_content(&sb, ZIP_METHOD_DEFLATED);
	add_text(&sb, 1);			/* a probe block and a 1-byte one */
	check_content(&sb, ZIP_METHOD_DEFLATED);
	sb_release(&sb);
}

static void test_many_blocks(void)
{
	struct strbuf sb = STRBUF_INIT;

	/* 3 MiB + 7: the probe, six full blocks and a short one */
	add_text(&sb, 3 * 1024 * 1024 + 7);
	check_content(&sb, ZIP_METHOD_DEFLATED);
	sb_release(&sb);
}

static void test_incompressible(void)
{
	struct strbuf sb = STRBUF_INIT;

	/* the probe gives up at once */
	add_random(&sb, 700 * 1000, 11);
	check_content(&sb, ZIP_METHOD_STORED);
	/* random after a compressible start: deflated, a little smaller */
	sb_reset(&sb);
	add_text(&sb, 100 * 1000);
	add_random(&sb, 900 * 1000, 12);
	check_content(&sb, ZIP_METHOD_DEFLATED);
	sb_release(&sb);
}

/*
 * The probe block passes (just under 97%) but the random blocks after it
 * grow by more than it saved: the writer's last resort, stored after all.
 */
static void test_not_smaller_after_the_probe(void)
{
	static const int level[] = { 1, -1 }, threads[] = { 1, 3, -1 };
	struct strbuf sb = STRBUF_INIT;

	/* the probe saves about 2.2 KB; each 512 KiB block loses 165 bytes */
	add_random(&sb, ZIP_PROBE_SIZE - 2300, 21);
	add_zeros(&sb, 2300);
	add_random(&sb, 1024 * 1024, 22);
	check_with(&sb, ZIP_METHOD_DEFLATED, level, threads);	/* passed */
	add_random(&sb, 9 * 1024 * 1024, 23);
	check_with(&sb, ZIP_METHOD_STORED, level, threads);
	sb_release(&sb);
}

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;

	if (make_temp_dir("ww-deflate-mem-", &sb, &e)) {
		err_print(&e);
		return 1;
	}
	tmpdir = sb_detach(&sb, NULL);
	RUN(test_small);
	RUN(test_around_the_probe);
	RUN(test_many_blocks);
	RUN(test_incompressible);
	RUN(test_not_smaller_after_the_probe);
	remove_tree(tmpdir, &e);
	free(tmpdir);
	err_release(&e);
	return unit_end();
}
