#include "unit.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/strbuf.h"
#include "formats/byteorder.h"
#include "formats/tar_write.h"

#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

static char *tmpdir;

static char *tmp_path(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	path_join(&sb, tmpdir, name);
	return sb_detach(&sb, NULL);
}

/* Inflates a whole .gz file (checking its trailer) into out. */
static int gunzip_file(const char *path, struct strbuf *gz, struct strbuf *out)
{
	struct err e = ERR_INIT;
	z_stream z;
	unsigned char buf[65536];
	int ret;

	if (read_file(path, gz, &e)) {
		err_release(&e);
		return -1;
	}
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + 15) != Z_OK)	/* gzip wrapper */
		return -1;
	z.next_in = (unsigned char *)gz->buf;
	z.avail_in = (uInt)gz->len;
	do {
		z.next_out = buf;
		z.avail_out = sizeof(buf);
		ret = inflate(&z, Z_NO_FLUSH);
		sb_add(out, buf, sizeof(buf) - z.avail_out);
	} while (ret == Z_OK);
	inflateEnd(&z);
	return ret == Z_STREAM_END && z.avail_in == 0 ? 0 : -1;
}

static unsigned long long octal_field(const char *p, size_t n)
{
	unsigned long long v = 0;
	size_t i;

	for (i = 0; i < n && p[i] >= '0' && p[i] <= '7'; i++)
		v = v * 8 + (unsigned long long)(p[i] - '0');
	return v;
}

static int checksum_ok(const unsigned char *h)
{
	unsigned sum = 0;
	size_t i;

	for (i = 0; i < 512; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	return sum == octal_field((const char *)h + 148, 8);
}

static void test_layout(void)
{
	char *p = tmp_path("a.tar.gz"), *src = tmp_path("src.txt");
	struct tar_writer tw;
	struct tar_writer_opts o = TAR_WRITER_OPTS_INIT;
	struct strbuf gz = STRBUF_INIT, tar = STRBUF_INIT, longname = STRBUF_INIT;
	struct err e = ERR_INIT;
	const unsigned char *h;

	o.epoch = 1700000000;
	CHECK_INT(write_file_atomic(src, "from a file\n", 12, &e), 0);
	sb_adds(&longname, "p-1/");
	while (longname.len < 150)
		sb_adds(&longname, "long/");
	sb_adds(&longname, "name.txt");
	CHECK_INT(tar_writer_open(&tw, p, &o, &e), 0);
	CHECK_INT(tar_writer_add_mem(&tw, "p-1/a.py", "print(1)\n", 9, 0, &e), 0);
	CHECK_INT(tar_writer_add_file(&tw, "p-1/run", src, 1, &e), 0);
	CHECK_INT(tar_writer_add_mem(&tw, longname.buf, "x", 1, 0, &e), 0);
	CHECK_INT(tar_writer_finish(&tw, &e), 0);
	CHECK_INT(gunzip_file(p, &gz, &tar), 0);
	/* gzip: no name, mtime 0, OS 255. */
	CHECK(gz.len > 10 && !memcmp(gz.buf, "\x1f\x8b\x08\x00\0\0\0\0\0\xff", 10));
	CHECK_INT(tar.len % 10240, 0);
	h = (const unsigned char *)tar.buf;
	CHECK_STR((const char *)h, "p-1/a.py");
	CHECK_INT(octal_field((const char *)h + 100, 8), 0644);
	CHECK_INT(octal_field((const char *)h + 124, 12), 9);
	CHECK_INT(octal_field((const char *)h + 136, 12), 1700000000);
	CHECK_INT(h[156], '0');
	CHECK(!memcmp(h + 257, "ustar\0" "00", 8));
	CHECK(checksum_ok(h));
	CHECK(!memcmp(h + 512, "print(1)\n", 9));
	h += 1024;
	CHECK_STR((const char *)h, "p-1/run");
	CHECK_INT(octal_field((const char *)h + 100, 8), 0755);
	CHECK(checksum_ok(h));
	CHECK(!memcmp(h + 512, "from a file\n", 12));
	h += 1024;
	/* The long name: a pax header whose record carries the whole path. */
	CHECK_INT(h[156], 'x');
	CHECK(checksum_ok(h));
	{
		char want[300];

		snprintf(want, sizeof(want), "%zu path=%s\n",
			 longname.len + 10, longname.buf);
		CHECK_INT(octal_field((const char *)h + 124, 12), strlen(want));
		CHECK(!memcmp(h + 512, want, strlen(want)));
	}
	h += 1024;
	CHECK_INT(h[156], '0');
	CHECK(checksum_ok(h));
	CHECK(!memcmp(h, longname.buf, 100));
	/* The end: zero blocks up to the record. */
	h += 1024;
	CHECK(h[0] == 0 && h[1023] == 0);
	sb_release(&gz);
	sb_release(&tar);
	sb_release(&longname);
	unlink(p);
	unlink(src);
	free(p);
	free(src);
	err_release(&e);
}

static void test_epoch_clamped(void)
{
	char *p = tmp_path("c.tar.gz");
	struct tar_writer tw;
	struct tar_writer_opts o = TAR_WRITER_OPTS_INIT;
	struct strbuf gz = STRBUF_INIT, tar = STRBUF_INIT;
	struct err e = ERR_INIT;

	o.epoch = 5;
	CHECK_INT(tar_writer_open(&tw, p, &o, &e), 0);
	CHECK_INT(tar_writer_add_mem(&tw, "a", "", 0, 0, &e), 0);
	CHECK_INT(tar_writer_finish(&tw, &e), 0);
	CHECK_INT(gunzip_file(p, &gz, &tar), 0);
	CHECK_INT(octal_field(tar.buf + 136, 12), 315532800);
	sb_release(&gz);
	sb_release(&tar);
	unlink(p);
	free(p);
	err_release(&e);
}

static void expect_refused(const char *first, const char *name,
			   const char *want)
{
	char *p = tmp_path("bad.tar.gz");
	struct tar_writer tw;
	struct tar_writer_opts o = TAR_WRITER_OPTS_INIT;
	struct err e = ERR_INIT;

	CHECK_INT(tar_writer_open(&tw, p, &o, &e), 0);
	CHECK_INT(tar_writer_add_mem(&tw, first, "1", 1, 0, &e), 0);
	CHECK_INT(tar_writer_add_mem(&tw, name, "2", 1, 0, &e), -1);
	CHECK_STR(e.msg.buf, want);
	CHECK(!path_exists(p));
	err_release(&e);
	CHECK_INT(tar_writer_finish(&tw, &e), -1);
	CHECK_STR(e.msg.buf, "tar writer used after an error or finish");
	tar_writer_abort(&tw);
	free(p);
	err_release(&e);
}

static void test_refusals(void)
{
	expect_refused("p/a", "p/a", "duplicate entry name 'p/a'");
	expect_refused("p/a", "p/../x", "'..' component in entry name 'p/../x'");
	expect_refused("p/a", "/etc/x", "absolute path in entry name '/etc/x'");
	expect_refused("p/a", "p/d/", "folder name 'p/d/' for a file entry");
	{
		char *p = tmp_path("m.tar.gz"), *src = tmp_path("absent");
		struct tar_writer tw;
		struct tar_writer_opts o = TAR_WRITER_OPTS_INIT;
		struct err e = ERR_INIT;

		CHECK_INT(tar_writer_open(&tw, p, &o, &e), 0);
		CHECK_INT(tar_writer_add_file(&tw, "x", src, 0, &e), -1);
		CHECK_STR(e.msg.buf, "cannot open: No such file or directory");
		CHECK_STR(e.file, src);
		CHECK(!path_exists(p));
		free(p);
		free(src);
		err_release(&e);
	}
}

static void test_deterministic(void)
{
	char *a = tmp_path("d1.tar.gz"), *b = tmp_path("d2.tar.gz");
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	struct err e = ERR_INIT;
	const char *paths[2] = { a, b };
	int i;

	for (i = 0; i < 2; i++) {
		struct tar_writer tw;
		struct tar_writer_opts o = TAR_WRITER_OPTS_INIT;

		CHECK_INT(tar_writer_open(&tw, paths[i], &o, &e), 0);
		CHECK_INT(tar_writer_add_mem(&tw, "p/caf\xc3\xa9", "x", 1, 0, &e), 0);
		CHECK_INT(tar_writer_finish(&tw, &e), 0);
	}
	CHECK_INT(read_file(a, &x, &e), 0);
	CHECK_INT(read_file(b, &y, &e), 0);
	CHECK(x.len == y.len && !memcmp(x.buf, y.buf, x.len));
	sb_release(&x);
	sb_release(&y);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
	err_release(&e);
}

int main(void)
{
	struct strbuf dir = STRBUF_INIT;
	const char *base = getenv("TMPDIR");
	struct err e = ERR_INIT;

	path_join(&dir, base && *base ? base : "/tmp", "ww-test-tar-XXXXXX");
	if (!mkdtemp(dir.buf)) {
		perror("mkdtemp");
		return 1;
	}
	tmpdir = dir.buf;
	RUN(test_layout);
	RUN(test_epoch_clamped);
	RUN(test_refusals);
	RUN(test_deterministic);
	remove_tree(tmpdir, &e);
	err_release(&e);
	sb_release(&dir);
	return unit_end();
}
