#include "unit.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/sha256.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "formats/byteorder.h"
#include "formats/zip_format.h"
#include "formats/zip_read.h"
#include "formats/zip_write.h"

#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

static char *tmpdir;

/* A path in the test's temporary folder (caller frees). */
static char *tmp_path(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	path_join(&sb, tmpdir, name);
	return sb_detach(&sb, NULL);
}

/* Deterministic incompressible bytes (xorshift). */
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

static void fill_text(struct strbuf *sb, size_t n)
{
	size_t i;

	for (i = 0; sb->len < n; i++)
		sb_addf(sb, "line %zu: the quick brown fox jumps over the lazy dog\n", i);
	sb_setlen(sb, n);
}

static int open_reader(struct zip_reader *zr, const char *path,
		       struct err *e)
{
	struct zip_limits lim = ZIP_LIMITS_INIT;

	return zip_reader_open(zr, path, &lim, e);
}

/* Checks that member name of the archive holds exactly data. */
static void check_content(struct zip_reader *zr, const char *name,
			  const void *data, size_t len)
{
	struct strbuf got = STRBUF_INIT;
	struct err e = ERR_INIT;
	long i = zip_reader_find(zr, name);

	CHECK(i >= 0);
	if (i < 0)
		return;
	CHECK_INT(zip_reader_extract_mem(zr, (size_t)i, len, &got, &e), 0);
	CHECK_INT(got.len, len);
	CHECK(got.len == len && !memcmp(got.buf, data, len));
	if (err_isset(&e))
		fprintf(stderr, "  error: %s\n", e.msg.buf);
	sb_release(&got);
	err_release(&e);
}

static void test_round_trip(void)
{
	struct zip_writer zw;
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct zip_reader zr;
	struct zip_digest d_text, d_rand;
	struct strbuf text = STRBUF_INIT;
	struct err e = ERR_INIT;
	unsigned char *rnd = xmalloc(200000);
	char *path = tmp_path("rt.zip"), hex[65];
	const struct zip_member *m;

	fill_text(&text, 1000000);
	fill_random(rnd, 200000, 42);
	CHECK_INT(zip_writer_open(&zw, path, &o, &e), 0);
	CHECK_INT(zip_writer_add_mem(&zw, "empty", "", 0, 0, NULL, &e), 0);
	CHECK_INT(zip_writer_add_mem(&zw, "pkg/text.txt", text.buf, text.len, 0,
				     &d_text, &e), 0);
	CHECK_INT(zip_writer_add_mem(&zw, "pkg/random.bin", rnd, 200000, 1,
				     &d_rand, &e), 0);
	CHECK_INT(zip_writer_add_mem(&zw, "tiny", "abc", 3, 0, NULL, &e), 0);
	CHECK_INT(zip_writer_add_mem(&zw, "caf\xc3\xa9/x.py", "pass\n", 5, 0,
				     NULL, &e), 0);
	CHECK_INT(zip_writer_finish(&zw, &e), 0);
	CHECK_INT(d_text.size, 1000000);
	sha256_digest_hex(d_text.sha256, hex);
	{
		char want[65];

		sha256_hex(text.buf, text.len, want);
		CHECK_STR(hex, want);
		sha256_digest_hex(d_rand.sha256, hex);
		sha256_hex(rnd, 200000, want);
		CHECK_STR(hex, want);
	}
	CHECK_INT(open_reader(&zr, path, &e), 0);
	CHECK_INT(zr.nr, 5);
	CHECK_INT(zr.zip64, 0);
	CHECK_INT(zip_reader_validate(&zr, &e), 0);
	m = &zr.m[1];
	CHECK_STR(m->name, "pkg/text.txt");
	CHECK_INT(m->method, ZIP_METHOD_DEFLATED);
	CHECK(m->csize < m->size / 5);
	CHECK_INT(m->mode, 0100644);
	CHECK_INT(m->made_by >> 8, ZIP_MADE_BY_UNIX);
	m = &zr.m[2];
	CHECK_INT(m->method, ZIP_METHOD_STORED);	/* probe: incompressible */
	CHECK_INT(m->mode, 0100755);
	CHECK_INT(zr.m[0].method, ZIP_METHOD_STORED);	/* empty */
	CHECK_INT(zr.m[3].method, ZIP_METHOD_STORED);	/* deflate: no gain */
	CHECK_INT(zr.m[4].flags & ZIP_FLAG_UTF8, ZIP_FLAG_UTF8);
	CHECK_INT(zr.m[1].flags & ZIP_FLAG_UTF8, 0);
	check_content(&zr, "empty", "", 0);
	check_content(&zr, "pkg/text.txt", text.buf, text.len);
	check_content(&zr, "pkg/random.bin", rnd, 200000);
	check_content(&zr, "tiny", "abc", 3);
	check_content(&zr, "caf\xc3\xa9/x.py", "pass\n", 5);
	zip_reader_release(&zr);
	if (err_isset(&e))
		fprintf(stderr, "  error: %s\n", e.msg.buf);
	err_release(&e);
	sb_release(&text);
	free(rnd);
	unlink(path);
	free(path);
}

static void test_file_entries(void)
{
	struct zip_writer zw;
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct zip_reader zr;
	struct zip_digest d;
	struct strbuf text = STRBUF_INIT;
	struct err e = ERR_INIT;
	unsigned char rnd[5000];
	char *path = tmp_path("files.zip"), *src1 = tmp_path("src1.txt");
	char *src2 = tmp_path("src2.bin"), want[65], hex[65];

	fill_text(&text, 3 * 1024 * 1024 + 17);	/* several chunks */
	fill_random(rnd, sizeof(rnd), 7);
	CHECK_INT(write_file_atomic(src1, text.buf, text.len, &e), 0);
	CHECK_INT(write_file_atomic(src2, rnd, sizeof(rnd), &e), 0);
	CHECK_INT(zip_writer_open(&zw, path, &o, &e), 0);
	CHECK_INT(zip_writer_add_file(&zw, "a.txt", src1, 0, &d, &e), 0);
	sha256_hex(text.buf, text.len, want);
	sha256_digest_hex(d.sha256, hex);
	CHECK_STR(hex, want);
	CHECK_INT(d.size, text.len);
	/* Small and incompressible: deflated, then rewritten stored. */
	CHECK_INT(zip_writer_add_file(&zw, "b.bin", src2, 0, &d, &e), 0);
	CHECK_INT(zip_writer_finish(&zw, &e), 0);
	CHECK_INT(open_reader(&zr, path, &e), 0);
	CHECK_INT(zip_reader_validate(&zr, &e), 0);
	CHECK_INT(zr.m[0].method, ZIP_METHOD_DEFLATED);
	CHECK_INT(zr.m[1].method, ZIP_METHOD_STORED);
	check_content(&zr, "a.txt", text.buf, text.len);
	check_content(&zr, "b.bin", rnd, sizeof(rnd));
	/* Nothing after the end record: the rewrite left no stale bytes. */
	CHECK_INT(zr.file_size, zr.cd_offset + zr.cd_size + ZIP_END_SIZE);
	zip_reader_release(&zr);
	if (err_isset(&e))
		fprintf(stderr, "  error: %s\n", e.msg.buf);
	err_release(&e);
	sb_release(&text);
	unlink(path);
	unlink(src1);
	unlink(src2);
	free(path);
	free(src1);
	free(src2);
}

static void write_sample(const char *path, long long epoch, int level,
			 int zip64)
{
	struct zip_writer zw;
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct strbuf text = STRBUF_INIT;
	struct err e = ERR_INIT;

	o.epoch = epoch;
	o.level = level;
	o.force_zip64 = zip64;
	fill_text(&text, 100000);
	CHECK_INT(zip_writer_open(&zw, path, &o, &e), 0);
	CHECK_INT(zip_writer_add_mem(&zw, "a/b.txt", text.buf, text.len, 0,
				     NULL, &e), 0);
	CHECK_INT(zip_writer_add_mem(&zw, "a/c", "x", 1, 1, NULL, &e), 0);
	CHECK_INT(zip_writer_finish(&zw, &e), 0);
	sb_release(&text);
	err_release(&e);
}

static void test_deterministic(void)
{
	char *p1 = tmp_path("d1.zip"), *p2 = tmp_path("d2.zip");
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct err e = ERR_INIT;

	write_sample(p1, 1700000000, 6, 0);
	write_sample(p2, 1700000000, 6, 0);
	CHECK_INT(read_file(p1, &a, &e), 0);
	CHECK_INT(read_file(p2, &b, &e), 0);
	CHECK(a.len > 0 && a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	/* 2023-11-14 22:13:20 UTC in the local header's DOS fields. */
	CHECK_INT(le16_get((unsigned char *)a.buf + 10),
		  22 << 11 | 13 << 5 | 20 / 2);
	CHECK_INT(le16_get((unsigned char *)a.buf + 12),
		  (2023 - 1980) << 9 | 11 << 5 | 14);
	sb_reset(&b);
	write_sample(p2, 1700000002, 6, 0);
	CHECK_INT(read_file(p2, &b, &e), 0);
	CHECK(a.len == b.len && memcmp(a.buf, b.buf, a.len));
	sb_release(&a);
	sb_release(&b);
	unlink(p1);
	unlink(p2);
	free(p1);
	free(p2);
	err_release(&e);
}

/*
 * Content for the block machinery: text (several 512 KiB blocks), random
 * data (the probe gives up), text then random (deflated, then rewritten
 * stored if no smaller), small files. Written with threads, the bytes must
 * be those written without.
 */
static void write_mixed(const char *path, int threads, const char *src_dir)
{
	struct zip_writer zw;
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct zip_file_spec specs[4];
	struct zip_digest d[4];
	struct err e = ERR_INIT;
	char *paths[4];
	int k;

	o.threads = threads;
	for (k = 0; k < 4; k++) {
		char name[16];
		struct strbuf sb = STRBUF_INIT;

		snprintf(name, sizeof(name), "f%d", k);
		path_join(&sb, src_dir, name);
		paths[k] = sb_detach(&sb, NULL);
		specs[k].name = paths[k] + strlen(src_dir) + 1;
		specs[k].path = paths[k];
		specs[k].executable = k == 3;
	}
	CHECK_INT(zip_writer_open(&zw, path, &o, &e), 0);
	CHECK_INT(zip_writer_add_files(&zw, specs, 4, d, &e), 0);
	CHECK_INT(zip_writer_add_mem(&zw, "mem", "memory", 6, 0, NULL, &e), 0);
	CHECK_INT(zip_writer_finish(&zw, &e), 0);
	CHECK_INT(d[0].size, 2000000);
	for (k = 0; k < 4; k++)
		free(paths[k]);
	err_release(&e);
}

static void test_threads_same_bytes(void)
{
	char *dir = tmp_path("mixed"), *p1 = tmp_path("t1.zip");
	char *p4 = tmp_path("t4.zip");
	struct strbuf text = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	struct err e = ERR_INIT;
	unsigned char *rnd = xmalloc(1500000);
	struct zip_reader zr;
	int k;

	CHECK_INT(mkdir_p(dir, &e), 0);
	fill_text(&text, 2000000);
	fill_random(rnd, 1500000, 99);
	for (k = 0; k < 4; k++) {
		struct strbuf path = STRBUF_INIT, data = STRBUF_INIT;

		sb_addf(&path, "%s/f%d", dir, k);
		if (k == 0)
			sb_add(&data, text.buf, text.len);
		if (k == 1)
			sb_add(&data, rnd, 1500000);
		if (k == 2) {
			sb_add(&data, text.buf, 70000);
			sb_add(&data, rnd, 1500000);
		}
		if (k == 3)
			sb_adds(&data, "#!/bin/sh\n");
		CHECK_INT(write_file_atomic(path.buf, data.buf, data.len, &e), 0);
		sb_release(&path);
		sb_release(&data);
	}
	write_mixed(p1, 1, dir);
	write_mixed(p4, 4, dir);
	CHECK_INT(read_file(p1, &a, &e), 0);
	CHECK_INT(read_file(p4, &b, &e), 0);
	CHECK(a.len > 0 && a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	CHECK_INT(open_reader(&zr, p4, &e), 0);
	CHECK_INT(zip_reader_validate(&zr, &e), 0);
	CHECK_INT(zr.m[0].method, ZIP_METHOD_DEFLATED);
	CHECK_INT(zr.m[1].method, ZIP_METHOD_STORED);
	CHECK_INT(zr.m[3].mode, 0100755);
	check_content(&zr, "f0", text.buf, text.len);
	check_content(&zr, "f1", rnd, 1500000);
	{
		struct strbuf want = STRBUF_INIT;

		sb_add(&want, text.buf, 70000);
		sb_add(&want, rnd, 1500000);
		check_content(&zr, "f2", want.buf, want.len);
		sb_release(&want);
	}
	check_content(&zr, "mem", "memory", 6);
	CHECK_INT(zr.file_size, zr.cd_offset + zr.cd_size + ZIP_END_SIZE);
	zip_reader_release(&zr);
	remove_tree(dir, &e);
	unlink(p1);
	unlink(p4);
	free(dir);
	free(p1);
	free(p4);
	free(rnd);
	sb_release(&text);
	sb_release(&a);
	sb_release(&b);
	err_release(&e);
}

static void test_dos_time_clamp(void)
{
	uint16_t d, t;

	zip_dos_time(0, &d, &t);
	CHECK_INT(d, 0 << 9 | 1 << 5 | 1);
	CHECK_INT(t, 0);
	zip_dos_time(-5, &d, &t);
	CHECK_INT(d, 0 << 9 | 1 << 5 | 1);
	zip_dos_time(ZIP_EPOCH_MIN + 3, &d, &t);
	CHECK_INT(t, 1);	/* 2 seconds: odd seconds round down */
	zip_dos_time(99999999999LL, &d, &t);
	CHECK_INT(d, 127 << 9 | 12 << 5 | 31);
	CHECK_INT(t, 23 << 11 | 59 << 5 | 29);
}

static void test_level_zero_and_bad_level(void)
{
	char *p = tmp_path("l0.zip");
	struct zip_reader zr;
	struct zip_writer zw;
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct err e = ERR_INIT;

	write_sample(p, 0, 0, 0);
	CHECK_INT(open_reader(&zr, p, &e), 0);
	CHECK_INT(zr.m[0].method, ZIP_METHOD_STORED);
	CHECK_INT(zip_reader_validate(&zr, &e), 0);
	zip_reader_release(&zr);
	o.level = 10;
	CHECK_INT(zip_writer_open(&zw, p, &o, &e), -1);
	CHECK_STR(e.msg.buf, "zip compression level 10 is not in 0..9");
	unlink(p);
	free(p);
	err_release(&e);
}

static void test_forced_zip64(void)
{
	char *p = tmp_path("z64.zip");
	struct zip_reader zr;
	struct strbuf text = STRBUF_INIT;
	struct err e = ERR_INIT;

	write_sample(p, 0, 6, 1);
	fill_text(&text, 100000);
	CHECK_INT(open_reader(&zr, p, &e), 0);
	CHECK_INT(zr.zip64, 1);
	CHECK_INT(zr.nr, 2);
	CHECK_INT(zr.m[0].version_needed, ZIP_VERSION_ZIP64);
	CHECK_INT(zip_reader_validate(&zr, &e), 0);
	check_content(&zr, "a/b.txt", text.buf, text.len);
	check_content(&zr, "a/c", "x", 1);
	zip_reader_release(&zr);
	sb_release(&text);
	unlink(p);
	free(p);
	err_release(&e);
}

static void test_many_entries(void)
{
	char *p = tmp_path("many.zip");
	struct zip_writer zw;
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct zip_reader zr;
	struct err e = ERR_INIT;
	char name[32];
	size_t i, n = 70000;

	CHECK_INT(zip_writer_open(&zw, p, &o, &e), 0);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "d%02zu/f%06zu", i % 97, i);
		if (zip_writer_add_mem(&zw, name, name, strlen(name), 0, NULL,
				       &e))
			break;
	}
	CHECK_INT(i, n);
	CHECK_INT(zip_writer_finish(&zw, &e), 0);
	CHECK_INT(open_reader(&zr, p, &e), 0);
	CHECK_INT(zr.nr, n);
	CHECK_INT(zr.zip64, 1);
	CHECK_INT(zip_reader_validate(&zr, &e), 0);
	check_content(&zr, "d00/f000000", "d00/f000000", 11);
	snprintf(name, sizeof(name), "d%02zu/f%06zu", (n - 1) % 97, n - 1);
	check_content(&zr, name, name, strlen(name));
	zip_reader_release(&zr);
	unlink(p);
	free(p);
	err_release(&e);
}

/* The writer refuses names the reader would reject, and cleans up. */
static void check_bad_name(const char *name, const char *want)
{
	char *p = tmp_path("bad.zip");
	struct zip_writer zw;
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct err e = ERR_INIT;

	CHECK_INT(zip_writer_open(&zw, p, &o, &e), 0);
	CHECK_INT(zip_writer_add_mem(&zw, "ok", "x", 1, 0, NULL, &e), 0);
	CHECK_INT(zip_writer_add_mem(&zw, name, "x", 1, 0, NULL, &e), -1);
	CHECK_STR(e.msg.buf, want);
	CHECK(!path_exists(p));
	/* Further use is refused, not a crash. */
	err_release(&e);
	CHECK_INT(zip_writer_finish(&zw, &e), -1);
	zip_writer_abort(&zw);
	free(p);
	err_release(&e);
}

static void test_writer_rejects_names(void)
{
	check_bad_name("../x", "'..' component in entry name '../x'");
	check_bad_name("/abs", "absolute path in entry name '/abs'");
	check_bad_name("C:\\x", "drive letter in entry name 'C:\\x'");
	check_bad_name("a\\b", "backslash in entry name 'a\\b'");
	check_bad_name("a//b", "empty component in entry name 'a//b'");
	check_bad_name("./a", "'.' component in entry name './a'");
	check_bad_name("", "empty entry name");
	check_bad_name("ok", "duplicate entry name 'ok'");
}

static void test_writer_missing_file(void)
{
	char *p = tmp_path("miss.zip"), *src = tmp_path("no-such-file");
	struct zip_writer zw;
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct err e = ERR_INIT;

	CHECK_INT(zip_writer_open(&zw, p, &o, &e), 0);
	CHECK_INT(zip_writer_add_file(&zw, "x", src, 0, NULL, &e), -1);
	CHECK_STR(e.msg.buf, "cannot open: No such file or directory");
	CHECK_STR(e.file, src);
	CHECK(!path_exists(p));
	free(p);
	free(src);
	err_release(&e);
}

/*
 * Hand-made archives for the reader's error paths. Each entry's bytes are
 * written as given (data is what the file holds); the header fields come
 * from the struct, so tests can make them lie.
 */
struct raw_entry {
	const char *name;
	size_t name_len;	/* 0: strlen(name) */
	const char *data;
	size_t len;
	uint64_t size;		/* declared; (uint64_t)-1: len */
	uint32_t crc;		/* declared; 0: computed from data */
	uint16_t method;
	uint32_t mode;		/* 0: 0100644 */
	uint16_t flags;
};

struct raw_zip {
	struct strbuf b;
	size_t local[8];	/* offsets of local headers */
	size_t cd, end;
};

static void raw_zip_build(struct raw_zip *z, struct raw_entry *v, size_t n)
{
	unsigned char h[ZIP_CENTRAL_SIZE];
	size_t i;

	sb_init(&z->b);
	for (i = 0; i < n; i++) {
		struct raw_entry *r = &v[i];

		if (!r->name_len)
			r->name_len = strlen(r->name);
		if (r->size == (uint64_t)-1)
			r->size = r->len;
		if (!r->crc)
			r->crc = (uint32_t)crc32(0, (const unsigned char *)r->data,
						 (uInt)r->len);
		if (!r->mode)
			r->mode = 0100644;
		z->local[i] = z->b.len;
		memset(h, 0, sizeof(h));
		le32_put(h, ZIP_SIG_LOCAL);
		le16_put(h + 4, 20);
		le16_put(h + 6, r->flags);
		le16_put(h + 8, r->method);
		le32_put(h + 14, r->crc);
		le32_put(h + 18, (uint32_t)r->len);
		le32_put(h + 22, (uint32_t)r->size);
		le16_put(h + 26, (uint16_t)r->name_len);
		sb_add(&z->b, h, ZIP_LOCAL_SIZE);
		sb_add(&z->b, r->name, r->name_len);
		sb_add(&z->b, r->data, r->len);
	}
	z->cd = z->b.len;
	for (i = 0; i < n; i++) {
		struct raw_entry *r = &v[i];

		memset(h, 0, sizeof(h));
		le32_put(h, ZIP_SIG_CENTRAL);
		le16_put(h + 4, 3 << 8 | 20);
		le16_put(h + 6, 20);
		le16_put(h + 8, r->flags);
		le16_put(h + 10, r->method);
		le32_put(h + 16, r->crc);
		le32_put(h + 20, (uint32_t)r->len);
		le32_put(h + 24, (uint32_t)r->size);
		le16_put(h + 28, (uint16_t)r->name_len);
		le32_put(h + 38, r->mode << 16);
		le32_put(h + 42, (uint32_t)z->local[i]);
		sb_add(&z->b, h, ZIP_CENTRAL_SIZE);
		sb_add(&z->b, r->name, r->name_len);
	}
	z->end = z->b.len;
	memset(h, 0, sizeof(h));
	le32_put(h, ZIP_SIG_END);
	le16_put(h + 8, (uint16_t)n);
	le16_put(h + 10, (uint16_t)n);
	le32_put(h + 12, (uint32_t)(z->end - z->cd));
	le32_put(h + 16, (uint32_t)z->cd);
	sb_add(&z->b, h, ZIP_END_SIZE);
}

#define RAW(name, data) { name, 0, data, sizeof(data) - 1, (uint64_t)-1, 0, 0, 0, 0 }

/*
 * Writes the bytes to a file, opens and validates it, then extracts every
 * member; the first error must be want (and located at the archive).
 */
static void expect_error_bytes(const char *bytes, size_t len, const char *want,
			       const struct zip_limits *lim)
{
	char *p = tmp_path("hostile.zip");
	struct zip_limits def = ZIP_LIMITS_INIT;
	struct zip_reader zr;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	size_t i;
	int failed = 0;

	CHECK_INT(write_file_atomic(p, bytes, len, &e), 0);
	if (zip_reader_open(&zr, p, lim ? lim : &def, &e))
		failed = 1;
	else if (zip_reader_validate(&zr, &e))
		failed = 1;
	for (i = 0; !failed && i < zr.nr; i++) {
		sb_reset(&out);
		if (zip_reader_extract_mem(&zr, i, 1 << 20, &out, &e))
			failed = 1;
	}
	zip_reader_release(&zr);	/* harmless after a failed open */
	CHECK(failed);
	CHECK_STR(e.msg.buf, want);
	CHECK_STR(e.file, p);
	CHECK_INT(e.status, EXIT_BAD_INPUT);
	unlink(p);
	free(p);
	sb_release(&out);
	err_release(&e);
}

static void expect_error(struct raw_zip *z, const char *want)
{
	expect_error_bytes(z->b.buf, z->b.len, want, NULL);
	sb_release(&z->b);
}

static void test_reader_accepts_raw(void)
{
	struct raw_entry v[] = { RAW("a.txt", "hello"), RAW("b/c", "") };
	struct raw_zip z;
	char *p = tmp_path("raw.zip");
	struct zip_reader zr;
	struct err e = ERR_INIT;

	raw_zip_build(&z, v, 2);
	CHECK_INT(write_file_atomic(p, z.b.buf, z.b.len, &e), 0);
	CHECK_INT(open_reader(&zr, p, &e), 0);
	CHECK_INT(zip_reader_validate(&zr, &e), 0);
	check_content(&zr, "a.txt", "hello", 5);
	check_content(&zr, "b/c", "", 0);
	zip_reader_release(&zr);
	unlink(p);
	free(p);
	sb_release(&z.b);
	err_release(&e);
}

static void expect_name_error(const char *name, size_t len, const char *want)
{
	struct raw_entry v[] = { RAW("ok", "1"), RAW("", "2") };
	struct raw_zip z;

	v[1].name = name;
	v[1].name_len = len;
	raw_zip_build(&z, v, 2);
	expect_error(&z, want);
}

static void test_reader_names(void)
{
	expect_name_error("../x", 0, "'..' component in entry name '../x'");
	expect_name_error("a/../../x", 0,
			  "'..' component in entry name 'a/../../x'");
	expect_name_error("/abs", 0, "absolute path in entry name '/abs'");
	expect_name_error("C:\\x", 0, "drive letter in entry name 'C:\\x'");
	expect_name_error("c:x", 0, "drive letter in entry name 'c:x'");
	expect_name_error("a\\..\\b", 0, "backslash in entry name 'a\\..\\b'");
	expect_name_error("a\0b", 3, "NUL byte in entry name 'a\\x00b'");
	expect_name_error("x/./y", 0, "'.' component in entry name 'x/./y'");
	expect_name_error("x//y", 0, "empty component in entry name 'x//y'");
}

static void test_reader_symlink(void)
{
	struct raw_entry v[] = { RAW("link", "/etc/passwd") };
	struct raw_zip z;
	struct zip_limits lim = ZIP_LIMITS_INIT;

	v[0].mode = 0120777;
	raw_zip_build(&z, v, 1);
	expect_error(&z, "symbolic link 'link' (mode 120777)");
	/* Allowed when asked: then it is just an entry. */
	raw_zip_build(&z, v, 1);
	lim.allow_symlinks = 1;
	{
		char *p = tmp_path("link.zip");
		struct zip_reader zr;
		struct err e = ERR_INIT;

		CHECK_INT(write_file_atomic(p, z.b.buf, z.b.len, &e), 0);
		CHECK_INT(zip_reader_open(&zr, p, &lim, &e), 0);
		CHECK(zip_member_is_symlink(&zr.m[0]));
		CHECK_INT(zip_reader_validate(&zr, &e), 0);
		zip_reader_release(&zr);
		unlink(p);
		free(p);
		err_release(&e);
	}
	sb_release(&z.b);
}

static void test_reader_duplicates(void)
{
	struct raw_entry v[] = { RAW("a", "1"), RAW("b", "2"), RAW("a", "3") };
	struct raw_zip z;

	raw_zip_build(&z, v, 3);
	expect_error(&z, "duplicate entry name 'a'");
}

static void test_reader_local_disagrees(void)
{
	struct raw_entry v[] = { RAW("aa", "hello"), RAW("b", "x") };
	struct raw_zip z;

	raw_zip_build(&z, v, 2);
	z.b.buf[z.local[0] + ZIP_LOCAL_SIZE] = 'z';	/* local name "za" */
	expect_error(&z, "local header disagrees with the central directory "
		     "on the name of 'aa' (local name 'za')");
	raw_zip_build(&z, v, 2);
	le16_put((unsigned char *)z.b.buf + z.local[0] + 8, 8);
	expect_error(&z, "local header disagrees with the central directory "
		     "on the compression method of 'aa' (8, not 0)");
	raw_zip_build(&z, v, 2);
	le32_put((unsigned char *)z.b.buf + z.local[0] + 22, 4);
	expect_error(&z, "local header disagrees with the central directory "
		     "on the sizes of 'aa' (4/5 bytes, not 5/5)");
	raw_zip_build(&z, v, 2);
	le32_put((unsigned char *)z.b.buf + z.local[1] + 14, 1);
	expect_error(&z, "local header disagrees with the central directory "
		     "on the CRC-32 of 'b' (00000001, not 8cdc1683)");
	raw_zip_build(&z, v, 2);
	z.b.buf[z.local[1]] = 'Q';
	expect_error(&z, "no local header for 'b' at offset 37");
}

static void test_reader_overlap(void)
{
	/* 'a' claims the bytes of 'b' as its own data: a classic bomb trick. */
	struct raw_entry v[] = { RAW("a", "12345"), RAW("b", "67890") };
	struct raw_zip z;
	unsigned char *b;

	raw_zip_build(&z, v, 2);
	b = (unsigned char *)z.b.buf;
	/* a's sizes (local and central) now cover b's header and data. */
	le32_put(b + z.local[0] + 18, 5 + ZIP_LOCAL_SIZE + 1 + 5);
	le32_put(b + z.local[0] + 22, 5 + ZIP_LOCAL_SIZE + 1 + 5);
	le32_put(b + z.cd + 20, 5 + ZIP_LOCAL_SIZE + 1 + 5);
	le32_put(b + z.cd + 24, 5 + ZIP_LOCAL_SIZE + 1 + 5);
	expect_error(&z, "overlapping entries: 'b' starts inside the data of "
		     "'a'");
}

static void test_reader_ratio_and_sizes(void)
{
	struct raw_entry v[] = { RAW("bomb", "") };
	struct raw_zip z;
	unsigned char zeros[65536], packed[1024];
	uLongf plen = sizeof(packed);
	z_stream s;

	/* A big declared size from a few bytes. */
	memset(zeros, 0, sizeof(zeros));
	memset(&s, 0, sizeof(s));
	CHECK_INT(deflateInit2(&s, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY),
		  Z_OK);
	s.next_in = zeros;
	s.avail_in = sizeof(zeros);
	s.next_out = packed;
	s.avail_out = sizeof(packed);
	CHECK_INT(deflate(&s, Z_FINISH), Z_STREAM_END);
	plen = s.total_out;
	deflateEnd(&s);
	v[0].data = (const char *)packed;
	v[0].len = plen;
	v[0].method = 8;
	v[0].size = 3000000000u;
	raw_zip_build(&z, v, 1);
	{
		char want[200];

		snprintf(want, sizeof(want), "compression ratio over 200:1 "
			 "(zip bomb?) in 'bomb' (3000000000 bytes from %lu)",
			 (unsigned long)plen);
		expect_error(&z, want);
	}
	/* A lying declared size: small, under the cap, but inflates to more. */
	v[0].size = 1000;
	v[0].crc = 1;
	raw_zip_build(&z, v, 1);
	expect_error(&z, "content larger than declared in 'bomb' "
		     "(more than 1000 bytes)");
	v[0].size = 70000;
	raw_zip_build(&z, v, 1);
	expect_error(&z, "content smaller than declared in 'bomb' "
		     "(65536 bytes, not 70000)");
	v[0].size = 65536;
	raw_zip_build(&z, v, 1);
	expect_error(&z, "CRC-32 mismatch in 'bomb' (content has d7978eeb, "
		     "declared 00000001)");
	v[0].crc = 0;
	v[0].len = plen - 1;	/* stream cut short */
	raw_zip_build(&z, v, 1);
	expect_error(&z, "compressed data ends early in 'bomb'");
	v[0].data = "\xff\xff\xff\xff";
	v[0].len = 4;
	raw_zip_build(&z, v, 1);
	expect_error(&z, "corrupt deflate data in 'bomb': invalid block type");
}

static void test_reader_methods_and_flags(void)
{
	struct raw_entry v[] = { RAW("a", "hello") };
	struct raw_zip z;

	v[0].method = 12;
	raw_zip_build(&z, v, 1);
	expect_error(&z, "unsupported compression method in 'a' (12; only 0, "
		     "stored, and 8, deflated, are read)");
	v[0].method = 0;
	v[0].flags = ZIP_FLAG_ENCRYPTED;
	raw_zip_build(&z, v, 1);
	expect_error(&z, "encrypted entry 'a'");
	v[0].flags = 0;
	v[0].size = 9;
	raw_zip_build(&z, v, 1);
	expect_error(&z, "stored entry 'a' has 5 bytes of data for a size of 9");
}

static void test_reader_structure(void)
{
	struct raw_entry v[] = { RAW("a", "hello"), RAW("b", "world") };
	struct raw_zip z;
	unsigned char *b;

	expect_error_bytes("", 0, "not a zip archive: 0 bytes is too short for "
			   "an end of central directory record", NULL);
	expect_error_bytes("PK\3\4 this is not really a zip file", 33,
			   "no end of central directory record: truncated "
			   "archive, or not a zip archive", NULL);
	raw_zip_build(&z, v, 2);
	expect_error_bytes(z.b.buf, z.b.len - 30, "no end of central directory "
			   "record: truncated archive, or not a zip archive",
			   NULL);
	/* Trailing bytes after the end record. */
	sb_add(&z.b, "junk", 4);
	expect_error(&z, "truncated archive or trailing data: the end of "
		     "central directory record's comment length disagrees "
		     "with the file size");
	raw_zip_build(&z, v, 2);
	b = (unsigned char *)z.b.buf;
	le16_put(b + z.end + 8, 1);
	le16_put(b + z.end + 10, 1);
	expect_error(&z, "central directory holds 2 entries but the end "
		     "record says 1");
	raw_zip_build(&z, v, 2);
	b = (unsigned char *)z.b.buf;
	le16_put(b + z.end + 8, 3);
	le16_put(b + z.end + 10, 3);
	expect_error(&z, "end record declares 3 entries, more than a 94-byte "
		     "central directory can hold");
	raw_zip_build(&z, v, 2);
	b = (unsigned char *)z.b.buf;
	le32_put(b + z.end + 16, (uint32_t)z.cd - 1);
	expect_error(&z, "central directory (offset 71, 94 bytes) does not "
		     "end where the end record starts (offset 166)");
	raw_zip_build(&z, v, 2);
	b = (unsigned char *)z.b.buf;
	le16_put(b + z.end + 4, 1);
	expect_error(&z, "multi-disk archives are not supported");
	raw_zip_build(&z, v, 2);
	b = (unsigned char *)z.b.buf;
	b[z.cd + ZIP_CENTRAL_SIZE + 1] = 'X';	/* 2nd entry's signature */
	expect_error(&z, "bad central directory entry signature at offset 119");
	raw_zip_build(&z, v, 2);
	b = (unsigned char *)z.b.buf;
	le32_put(b + z.cd + 20, 500);	/* a's compressed size in the directory */
	le32_put(b + z.cd + 24, 500);
	le32_put(b + z.local[0] + 18, 500);
	le32_put(b + z.local[0] + 22, 500);
	expect_error(&z, "data of 'a' runs past the start of the central "
		     "directory (truncated or overlapping)");
}

static void test_reader_comment(void)
{
	struct raw_entry v[] = { RAW("a", "hello") };
	struct raw_zip z;
	char *p = tmp_path("comment.zip");
	struct zip_reader zr;
	struct err e = ERR_INIT;
	/* The comment itself looks like an end record: still found right. */
	static const char comment[] = "PK\5\6 fake end record in a comment";

	raw_zip_build(&z, v, 1);
	le16_put((unsigned char *)z.b.buf + z.end + 20, sizeof(comment) - 1);
	sb_add(&z.b, comment, sizeof(comment) - 1);
	CHECK_INT(write_file_atomic(p, z.b.buf, z.b.len, &e), 0);
	CHECK_INT(open_reader(&zr, p, &e), 0);
	CHECK_INT(zr.comment_len, sizeof(comment) - 1);
	CHECK(!memcmp(zr.comment, comment, sizeof(comment) - 1));
	CHECK_INT(zip_reader_validate(&zr, &e), 0);
	check_content(&zr, "a", "hello", 5);
	zip_reader_release(&zr);
	unlink(p);
	free(p);
	sb_release(&z.b);
	err_release(&e);
}

static void test_extract_mem_cap(void)
{
	struct raw_entry v[] = { RAW("a", "hello") };
	struct raw_zip z;
	char *p = tmp_path("cap.zip");
	struct zip_reader zr;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;

	raw_zip_build(&z, v, 1);
	CHECK_INT(write_file_atomic(p, z.b.buf, z.b.len, &e), 0);
	CHECK_INT(open_reader(&zr, p, &e), 0);
	CHECK_INT(zip_reader_extract_mem(&zr, 0, 4, &out, &e), -1);
	CHECK_STR(e.msg.buf, "entry too large to read into memory: 'a' "
		  "(5 bytes, limit 4)");
	CHECK_INT(out.len, 0);
	zip_reader_release(&zr);
	unlink(p);
	free(p);
	sb_release(&z.b);
	sb_release(&out);
	err_release(&e);
}

/* Entries copied compressed from one archive into another read back whole. */
static void test_raw_copy(void)
{
	struct zip_writer zw;
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct zip_reader a, b;
	struct strbuf text = STRBUF_INIT, raw = STRBUF_INIT;
	struct err e = ERR_INIT;
	char *pa = tmp_path("raw-a.zip"), *pb = tmp_path("raw-b.zip");
	size_t i;

	fill_text(&text, 300000);
	CHECK_INT(zip_writer_open(&zw, pa, &o, &e), 0);
	CHECK_INT(zip_writer_add_mem(&zw, "text.txt", text.buf, text.len, 0, NULL, &e), 0);
	CHECK_INT(zip_writer_add_mem(&zw, "tiny", "abc", 3, 1, NULL, &e), 0);
	CHECK_INT(zip_writer_finish(&zw, &e), 0);
	CHECK_INT(open_reader(&a, pa, &e), 0);
	CHECK_INT(zip_writer_open(&zw, pb, &o, &e), 0);
	for (i = 0; i < a.nr; i++) {
		sb_reset(&raw);
		CHECK_INT(zip_reader_read_raw(&a, i, &raw, &e), 0);
		CHECK_INT(raw.len, a.m[i].csize);
		CHECK_INT(zip_writer_add_raw(&zw, a.m[i].name, raw.buf, raw.len, a.m[i].method,
					     a.m[i].crc, a.m[i].size, i == 1, &e), 0);
	}
	CHECK_INT(zip_writer_add_raw(&zw, "bad", "x", 1, 12, 0, 1, 0, &e), -1);
	CHECK_STR(e.msg.buf, "cannot copy entry 'bad': compression method 12");
	zip_writer_abort(&zw);
	err_release(&e);
	err_init(&e);
	/* again, without the bad entry */
	CHECK_INT(zip_writer_open(&zw, pb, &o, &e), 0);
	for (i = 0; i < a.nr; i++) {
		sb_reset(&raw);
		CHECK_INT(zip_reader_read_raw(&a, i, &raw, &e), 0);
		CHECK_INT(zip_writer_add_raw(&zw, a.m[i].name, raw.buf, raw.len, a.m[i].method,
					     a.m[i].crc, a.m[i].size, i == 1, &e), 0);
	}
	CHECK_INT(zip_writer_finish(&zw, &e), 0);
	CHECK_INT(open_reader(&b, pb, &e), 0);
	CHECK_INT(zip_reader_validate(&b, &e), 0);
	CHECK_INT(b.m[0].method, ZIP_METHOD_DEFLATED);
	CHECK_INT(b.m[1].mode, 0100755);
	check_content(&b, "text.txt", text.buf, text.len);
	check_content(&b, "tiny", "abc", 3);
	zip_reader_release(&a);
	zip_reader_release(&b);
	unlink(pa);
	unlink(pb);
	free(pa);
	free(pb);
	sb_release(&text);
	sb_release(&raw);
	err_release(&e);
}

int main(void)
{
	struct strbuf dir = STRBUF_INIT;
	const char *base = getenv("TMPDIR");

	path_join(&dir, base && *base ? base : "/tmp", "ww-test-zip-XXXXXX");
	if (!mkdtemp(dir.buf)) {
		perror("mkdtemp");
		return 1;
	}
	tmpdir = dir.buf;
	RUN(test_round_trip);
	RUN(test_file_entries);
	RUN(test_deterministic);
	RUN(test_dos_time_clamp);
	RUN(test_threads_same_bytes);
	RUN(test_level_zero_and_bad_level);
	RUN(test_forced_zip64);
	RUN(test_many_entries);
	RUN(test_writer_rejects_names);
	RUN(test_writer_missing_file);
	RUN(test_reader_accepts_raw);
	RUN(test_reader_names);
	RUN(test_reader_symlink);
	RUN(test_reader_duplicates);
	RUN(test_reader_local_disagrees);
	RUN(test_reader_overlap);
	RUN(test_reader_ratio_and_sizes);
	RUN(test_reader_methods_and_flags);
	RUN(test_reader_structure);
	RUN(test_reader_comment);
	RUN(test_extract_mem_cap);
	RUN(test_raw_copy);
	{
		struct err e = ERR_INIT;

		remove_tree(tmpdir, &e);
		err_release(&e);
	}
	sb_release(&dir);
	return unit_end();
}
