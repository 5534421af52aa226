/*
 * The tar reader (formats/tar_read.h) against the tar writer, against
 * hand-made headers in the layouts other writers use (ustar prefix, GNU
 * long names, pax records, plain tar), and on every error path.
 */
#include "unit.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "formats/tar_read.h"
#include "formats/tar_write.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tmpdir;

static char *tmp_path(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	path_join(&sb, tmpdir, name);
	return sb_detach(&sb, NULL);
}

/* ---- hand-made archives ---- */

static void octal(unsigned char *f, size_t w, unsigned long long v)
{
	size_t i = w - 1;

	f[i] = 0;
	while (i--) {
		f[i] = (unsigned char)('0' + (v & 7));
		v >>= 3;
	}
}

static void fix_checksum(unsigned char *h)
{
	unsigned sum = 0;
	size_t i;

	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += h[i];
	octal(h + 148, 7, sum);
	h[155] = ' ';
}

/* Appends a ustar header (and content, padded) to a plain tar in sb. */
static void add_raw(struct strbuf *sb, const char *name, char type,
		    unsigned mode, const char *data, size_t len)
{
	unsigned char h[512];

	memset(h, 0, sizeof(h));
	memcpy(h, name, strlen(name) < 100 ? strlen(name) : 100);
	octal(h + 100, 8, mode);
	octal(h + 108, 8, 0);
	octal(h + 116, 8, 0);
	octal(h + 124, 12, len);
	octal(h + 136, 12, 315532800);
	h[156] = (unsigned char)type;
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	fix_checksum(h);
	sb_add(sb, h, 512);
	sb_add(sb, data, len);
	while (sb->len % 512)
		sb_addc(sb, 0);
}

static void add_end(struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < 1024; i++)
		sb_addc(sb, 0);
}

/* Reads every entry into "name:type:size:x:content;" lines. */
static int read_all(const void *data, size_t len, struct strbuf *out,
		    struct err *e)
{
	struct tar_reader tr;
	const struct tar_entry *en;
	int rc;

	if (tar_reader_open_mem(&tr, data, len, "t.tar", e)) {
		tar_reader_release(&tr);
		return -1;
	}
	while ((rc = tar_reader_next(&tr, &en, e)) == 1) {
		char buf[7];
		size_t got;

		sb_addf(out, "%s:%c:%llu:%d:", en->name, en->type == TAR_DIR ? 'd' : 'f',
			(unsigned long long)en->size, en->executable);
		do {
			if (tar_reader_read(&tr, buf, sizeof(buf), &got, e)) {
				rc = -1;
				break;
			}
			sb_add(out, buf, got);
		} while (got);
		if (rc < 0)
			break;
		sb_addc(out, ';');
	}
	tar_reader_release(&tr);
	return rc;
}

static void expect_error(const struct strbuf *tar, const char *want)
{
	struct strbuf out = STRBUF_INIT;
	struct err e = ERR_INIT;

	CHECK_INT(read_all(tar->buf, tar->len, &out, &e), -1);
	CHECK_STR(e.msg.buf, want);
	CHECK_STR(e.file, "t.tar");
	sb_release(&out);
	err_release(&e);
}

static void test_plain_ustar(void)
{
	struct strbuf tar = STRBUF_INIT, out = STRBUF_INIT;
	struct err e = ERR_INIT;

	add_raw(&tar, "pkg/a.py", '0', 0644, "print(1)\n", 9);
	add_raw(&tar, "pkg/sub/", '5', 0755, "", 0);
	add_raw(&tar, "pkg/run", '\0', 0700, "#!", 2);
	add_raw(&tar, "pkg/old-dir/", '0', 0755, "", 0);
	add_end(&tar);
	CHECK_INT(read_all(tar.buf, tar.len, &out, &e), 0);
	CHECK_STR(out.buf, "pkg/a.py:f:9:0:print(1)\n;pkg/sub:d:0:1:;pkg/run:f:2:1:#!;"
		  "pkg/old-dir:d:0:1:;");
	sb_release(&tar);
	sb_release(&out);
	err_release(&e);
}

static void test_no_end_blocks(void)
{
	struct strbuf tar = STRBUF_INIT, out = STRBUF_INIT;
	struct err e = ERR_INIT;

	add_raw(&tar, "a", '0', 0644, "x", 1);
	CHECK_INT(read_all(tar.buf, tar.len, &out, &e), 0);
	CHECK_STR(out.buf, "a:f:1:0:x;");
	sb_reset(&out);
	CHECK_INT(read_all("", 0, &out, &e), 0);	/* an empty archive */
	CHECK_STR(out.buf, "");
	sb_release(&tar);
	sb_release(&out);
	err_release(&e);
}

static void test_ustar_prefix(void)
{
	struct strbuf tar = STRBUF_INIT, out = STRBUF_INIT;
	struct err e = ERR_INIT;
	size_t at;

	add_raw(&tar, "name.txt", '0', 0644, "n", 1);
	at = 0;
	memcpy(tar.buf + at + 345, "some/long/prefix", 16);
	fix_checksum((unsigned char *)tar.buf + at);
	add_end(&tar);
	CHECK_INT(read_all(tar.buf, tar.len, &out, &e), 0);
	CHECK_STR(out.buf, "some/long/prefix/name.txt:f:1:0:n;");
	sb_release(&tar);
	sb_release(&out);
	err_release(&e);
}

static void test_gnu_long_name(void)
{
	struct strbuf tar = STRBUF_INIT, out = STRBUF_INIT, name = STRBUF_INIT;
	struct strbuf want = STRBUF_INIT;
	struct err e = ERR_INIT;
	size_t i;

	for (i = 0; i < 30; i++)
		sb_adds(&name, "folder/");
	sb_adds(&name, "file.c");
	add_raw(&tar, "././@LongLink", 'L', 0644, name.buf, name.len + 1);
	add_raw(&tar, "truncated-name", '0', 0644, "c", 1);
	add_end(&tar);
	CHECK_INT(read_all(tar.buf, tar.len, &out, &e), 0);
	sb_addf(&want, "%s:f:1:0:c;", name.buf);
	CHECK_STR(out.buf, want.buf);
	sb_release(&tar);
	sb_release(&out);
	sb_release(&name);
	sb_release(&want);
	err_release(&e);
}

static void test_pax_records(void)
{
	struct strbuf tar = STRBUF_INIT, out = STRBUF_INIT;
	struct err e = ERR_INIT;
	const char *pax = "30 mtime=1350244992.023960108\n"
			  "19 path=pax/ok.txt\n"
			  "10 size=3\n";
	const char *global = "23 comment=anything at\n20 path=ignored.txt\n";

	add_raw(&tar, "pax_global_header", 'g', 0644, global, strlen(global));
	add_raw(&tar, "PaxHeaders/x", 'x', 0644, pax, strlen(pax));
	add_raw(&tar, "wrong-name", '0', 0644, "abc", 0);
	/* The header said 0 bytes, pax said 3: the content is 3 bytes. */
	sb_add(&tar, "abc", 3);
	while (tar.len % 512)
		sb_addc(&tar, 0);
	add_raw(&tar, "after", '0', 0644, "z", 1);
	add_end(&tar);
	CHECK_INT(read_all(tar.buf, tar.len, &out, &e), 0);
	CHECK_STR(out.buf, "pax/ok.txt:f:3:0:abc;after:f:1:0:z;");
	sb_release(&tar);
	sb_release(&out);
	err_release(&e);
}

static void test_bad_headers(void)
{
	struct strbuf tar = STRBUF_INIT;

	add_raw(&tar, "a", '0', 0644, "x", 1);
	add_raw(&tar, "b", '0', 0644, "y", 1);
	tar.buf[1024 + 1] = 'Z';	/* in b's header, after its checksum was made */
	expect_error(&tar, "bad checksum in the tar header at offset 1024");

	sb_reset(&tar);
	add_raw(&tar, "a", '0', 0644, "x", 1);
	memcpy(tar.buf + 124, "12x45", 5);
	fix_checksum((unsigned char *)tar.buf);
	expect_error(&tar, "bad number in the tar header at offset 0");

	sb_reset(&tar);
	add_raw(&tar, "link", '2', 0777, "", 0);
	expect_error(&tar, "symbolic link 'link' is not supported (header at offset 0)");
	sb_reset(&tar);
	add_raw(&tar, "ok", '0', 0644, "", 0);
	add_raw(&tar, "hard", '1', 0644, "", 0);
	expect_error(&tar, "hard link 'hard' is not supported (header at offset 512)");
	sb_reset(&tar);
	add_raw(&tar, "dev", '3', 0644, "", 0);
	expect_error(&tar, "device 'dev' is not supported (header at offset 0)");
	sb_reset(&tar);
	add_raw(&tar, "fifo", '6', 0644, "", 0);
	expect_error(&tar, "FIFO 'fifo' is not supported (header at offset 0)");
	sb_reset(&tar);
	add_raw(&tar, "sparse", 'S', 0644, "", 0);
	expect_error(&tar, "entry 'sparse' has unsupported type 'S' (header at offset 0)");
	sb_reset(&tar);
	add_raw(&tar, "d/", '5', 0755, "x", 1);
	expect_error(&tar, "folder entry at offset 0 has a size");
	sb_release(&tar);
}

static void test_bad_names(void)
{
	static const struct {
		const char *name, *want;
	} cases[] = {
		{ "../evil", "'..' component in entry name '../evil' (header at offset 0)" },
		{ "a/../../evil", "'..' component in entry name 'a/../../evil' (header at offset 0)" },
		{ "/etc/passwd", "absolute path in entry name '/etc/passwd' (header at offset 0)" },
		{ "./x", "'.' component in entry name './x' (header at offset 0)" },
		{ "a\\b", "backslash in entry name 'a\\b' (header at offset 0)" },
		{ "C:/x", "drive letter in entry name 'C:/x' (header at offset 0)" },
	};
	struct strbuf tar = STRBUF_INIT, want = STRBUF_INIT;
	struct err e = ERR_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_reset(&tar);
		add_raw(&tar, cases[i].name, '0', 0644, "x", 1);
		add_end(&tar);
		expect_error(&tar, cases[i].want);
	}
	/* A pax path is checked as strictly as a header name. */
	sb_reset(&tar);
	add_raw(&tar, "p", 'x', 0644, "16 path=../../x\n", 16);
	add_raw(&tar, "innocent", '0', 0644, "x", 1);
	expect_error(&tar, "'..' component in entry name '../../x' (header at offset 0)");
	sb_reset(&tar);
	add_raw(&tar, "", '0', 0644, "x", 1);
	expect_error(&tar, "empty entry name (header at offset 0)");
	sb_release(&tar);
	sb_release(&want);
	err_release(&e);
}

static void test_bad_pax(void)
{
	struct strbuf tar = STRBUF_INIT, big = STRBUF_INIT;

	add_raw(&tar, "p", 'x', 0644, "99 path=x\n", 10);
	add_raw(&tar, "f", '0', 0644, "", 0);
	expect_error(&tar, "malformed pax record in the header at offset 0");
	sb_reset(&tar);
	add_raw(&tar, "p", 'x', 0644, "10 pathx\n\n", 10);
	add_raw(&tar, "f", '0', 0644, "", 0);
	expect_error(&tar, "malformed pax record in the header at offset 0");
	sb_reset(&tar);
	add_raw(&tar, "p", 'x', 0644, "12 size=1x\n", 11);
	add_raw(&tar, "f", '0', 0644, "", 0);
	expect_error(&tar, "malformed pax record in the header at offset 0");
	sb_reset(&tar);
	add_raw(&tar, "p", 'x', 0644, "10 size=x\n", 10);
	add_raw(&tar, "f", '0', 0644, "", 0);
	expect_error(&tar, "bad pax size in the header at offset 0");
	sb_reset(&tar);
	add_raw(&tar, "p", 'x', 0644, "10 path=a\n", 10);
	add_end(&tar);
	expect_error(&tar, "archive ends after an extended header");
	/* A pax header claiming more than the limit is refused before reading. */
	sb_reset(&tar);
	add_raw(&tar, "p", 'x', 0644, "", 0);
	octal((unsigned char *)tar.buf + 124, 12, 2u * 1024 * 1024);
	fix_checksum((unsigned char *)tar.buf);
	expect_error(&tar, "extended header at offset 0 is too large (2097152 bytes)");
	sb_release(&tar);
	sb_release(&big);
}

static void test_truncation(void)
{
	struct strbuf tar = STRBUF_INIT, cut = STRBUF_INIT;

	add_raw(&tar, "a", '0', 0644, "0123456789", 10);
	add_end(&tar);
	sb_add(&cut, tar.buf, 300);
	expect_error(&cut, "truncated archive (header at offset 0)");
	sb_reset(&cut);
	sb_add(&cut, tar.buf, 515);
	expect_error(&cut, "truncated archive (in the content of 'a')");
	sb_reset(&cut);
	add_raw(&cut, "p", 'x', 0644, "10 path=a\n", 10);
	sb_setlen(&cut, 520);
	expect_error(&cut, "truncated archive (in the extended header at offset 0)");
	sb_release(&tar);
	sb_release(&cut);
}

/* Writes an archive with the tar writer; returns its bytes in out. */
static void write_sample(const char *path, struct strbuf *long_name,
			 unsigned char *big, size_t big_len)
{
	struct tar_writer tw;
	struct tar_writer_opts o = TAR_WRITER_OPTS_INIT;
	struct err e = ERR_INIT;
	size_t i;

	for (i = 0; i < 12; i++)
		sb_adds(long_name, "deep-folder-name/");
	sb_adds(long_name, "m\xc3\xb6" "dule.py");
	o.epoch = 1700000000;
	CHECK_INT(tar_writer_open(&tw, path, &o, &e), 0);
	CHECK_INT(tar_writer_add_mem(&tw, "p-1.0/PKG-INFO", "Name: p\n", 8, 0, &e), 0);
	CHECK_INT(tar_writer_add_mem(&tw, "p-1.0/run.sh", "#!/bin/sh\n", 10, 1, &e), 0);
	CHECK_INT(tar_writer_add_mem(&tw, "p-1.0/empty", "", 0, 0, &e), 0);
	CHECK_INT(tar_writer_add_mem(&tw, long_name->buf, "x", 1, 0, &e), 0);
	CHECK_INT(tar_writer_add_mem(&tw, "p-1.0/big.bin", big, big_len, 0, &e), 0);
	CHECK_INT(tar_writer_finish(&tw, &e), 0);
	if (err_isset(&e))
		fprintf(stderr, "%s\n", e.msg.buf);
	err_release(&e);
}

static void test_writer_round_trip(void)
{
	char *path = tmp_path("rt.tar.gz");
	struct strbuf long_name = STRBUF_INIT, file = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct tar_reader tr;
	const struct tar_entry *en;
	size_t big_len = 3 * 1024 * 1024 + 17, i, got, total = 0;
	unsigned char *big = xmalloc(big_len), *back = xmalloc(big_len);

	for (i = 0; i < big_len; i++)
		big[i] = (unsigned char)(i * 2654435761u >> 13);
	write_sample(path, &long_name, big, big_len);
	CHECK_INT(tar_reader_open(&tr, path, &e), 0);
	CHECK_INT(tar_reader_next(&tr, &en, &e), 1);
	CHECK_STR(en->name, "p-1.0/PKG-INFO");
	/* Content not read is skipped by the next call. */
	CHECK_INT(tar_reader_next(&tr, &en, &e), 1);
	CHECK_STR(en->name, "p-1.0/run.sh");
	CHECK_INT(en->executable, 1);
	CHECK_INT(tar_reader_next(&tr, &en, &e), 1);
	CHECK_STR(en->name, "p-1.0/empty");
	CHECK_INT(en->size, 0);
	CHECK_INT(tar_reader_next(&tr, &en, &e), 1);
	CHECK_STR(en->name, long_name.buf);
	CHECK_INT(tar_reader_next(&tr, &en, &e), 1);
	CHECK_STR(en->name, "p-1.0/big.bin");
	CHECK_INT(en->size, big_len);
	do {
		CHECK_INT(tar_reader_read(&tr, back + total, 100000, &got, &e), 0);
		total += got;
	} while (got);
	CHECK_INT(total, big_len);
	CHECK(!memcmp(big, back, big_len));
	CHECK_INT(tar_reader_next(&tr, &en, &e), 0);
	CHECK_INT(tar_reader_next(&tr, &en, &e), 0);
	tar_reader_release(&tr);
	CHECK(!err_isset(&e));
	sb_release(&long_name);
	sb_release(&file);
	err_release(&e);
	free(big);
	free(back);
	free(path);
}

static void test_gzip_errors(void)
{
	char *path = tmp_path("g.tar.gz");
	struct strbuf long_name = STRBUF_INIT, gz = STRBUF_INIT, cut = STRBUF_INIT;
	struct strbuf out = STRBUF_INIT;
	struct err e = ERR_INIT;
	unsigned char big[5000];

	memset(big, 'q', sizeof(big));
	write_sample(path, &long_name, big, sizeof(big));
	CHECK_INT(read_file(path, &gz, &e), 0);
	sb_add(&cut, gz.buf, gz.len / 2);
	CHECK_INT(read_all(cut.buf, cut.len, &out, &e), -1);
	CHECK_STR(e.msg.buf, "truncated gzip data");
	err_release(&e);
	err_init(&e);
	gz.buf[20] ^= 0x55;
	gz.buf[21] ^= 0x55;
	CHECK_INT(read_all(gz.buf, gz.len, &out, &e), -1);
	CHECK(starts_with(e.msg.buf, "corrupt gzip data: ") ||
	      starts_with(e.msg.buf, "bad checksum"));
	err_release(&e);
	err_init(&e);
	{
		struct tar_reader tr;

		CHECK_INT(tar_reader_open(&tr, "/no/such/file.tar.gz", &e), -1);
		CHECK_STR(e.msg.buf, "cannot open: No such file or directory");
		CHECK_STR(e.file, "/no/such/file.tar.gz");
		tar_reader_release(&tr);
	}
	sb_release(&long_name);
	sb_release(&gz);
	sb_release(&cut);
	sb_release(&out);
	err_release(&e);
	free(path);
}

static int file_mode(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : (int)(st.st_mode & 0777);
}

static void test_extract(void)
{
	char *path = tmp_path("x.tar.gz"), *dest = tmp_path("out");
	struct strbuf long_name = STRBUF_INIT, sb = STRBUF_INIT, text = STRBUF_INIT;
	struct err e = ERR_INIT;
	unsigned char big[70000];
	mode_t old = umask(022);

	memset(big, 'b', sizeof(big));
	write_sample(path, &long_name, big, sizeof(big));
	CHECK_INT(tar_extract(path, dest, &e), 0);
	path_join(&sb, dest, "p-1.0/run.sh");
	CHECK_INT(read_file(sb.buf, &text, &e), 0);
	CHECK_STR(text.buf, "#!/bin/sh\n");
	CHECK_INT(file_mode(sb.buf), 0755);
	sb_reset(&sb);
	path_join(&sb, dest, "p-1.0/PKG-INFO");
	CHECK_INT(file_mode(sb.buf), 0644);
	sb_reset(&sb);
	path_join(&sb, dest, long_name.buf);
	CHECK(is_regular_file(sb.buf));
	sb_reset(&sb);
	path_join(&sb, dest, "p-1.0/big.bin");
	sb_reset(&text);
	CHECK_INT(read_file(sb.buf, &text, &e), 0);
	CHECK_INT(text.len, sizeof(big));
	/* Extracting again over the same files: O_EXCL refuses to overwrite. */
	CHECK_INT(tar_extract(path, dest, &e), -1);
	CHECK(starts_with(e.msg.buf, "cannot create '"));
	umask(old);
	sb_release(&long_name);
	sb_release(&sb);
	sb_release(&text);
	err_release(&e);
	free(path);
	free(dest);
}

static void extract_raw(const struct strbuf *tar, const char *name,
			const char *want)
{
	char *path = tmp_path(name), *dest;
	struct strbuf d = STRBUF_INIT;
	struct err e = ERR_INIT;

	sb_addf(&d, "%s.d", name);
	dest = tmp_path(d.buf);
	CHECK_INT(write_file_atomic(path, tar->buf, tar->len, &e), 0);
	CHECK_INT(tar_extract(path, dest, &e), -1);
	CHECK(strstr(e.msg.buf, want) != NULL);
	if (!strstr(e.msg.buf, want))
		fprintf(stderr, "  got: %s\n", e.msg.buf);
	sb_release(&d);
	err_release(&e);
	free(path);
	free(dest);
}

static void test_extract_conflicts(void)
{
	struct strbuf tar = STRBUF_INIT;

	add_raw(&tar, "a/f", '0', 0644, "1", 1);
	add_raw(&tar, "a/f", '0', 0644, "2", 1);
	add_end(&tar);
	extract_raw(&tar, "dup.tar", "duplicate entry 'a/f' (header at offset 1024)");
	sb_reset(&tar);
	add_raw(&tar, "a/f", '0', 0644, "1", 1);
	add_raw(&tar, "a/f/g", '0', 0644, "2", 1);
	add_end(&tar);
	extract_raw(&tar, "filedir.tar", "exists and is not a folder");
	sb_reset(&tar);
	add_raw(&tar, "a/d", '5', 0755, "", 0);
	add_raw(&tar, "a/d", '0', 0644, "2", 1);
	add_end(&tar);
	extract_raw(&tar, "dirfile.tar", "duplicate entry 'a/d'");
	sb_reset(&tar);
	add_raw(&tar, "ok", '0', 0644, "1", 1);
	add_raw(&tar, "../escape", '0', 0644, "2", 1);
	add_end(&tar);
	extract_raw(&tar, "escape.tar", "'..' component in entry name '../escape'");
	{
		char *p = tmp_path("escape.tar.d/../escape");

		CHECK(!path_exists(p));
		free(p);
	}
	sb_release(&tar);
}

int main(void)
{
	struct strbuf dir = STRBUF_INIT;
	const char *base = getenv("TMPDIR");
	struct err e = ERR_INIT;

	path_join(&dir, base && *base ? base : "/tmp", "ww-test-tar-read-XXXXXX");
	if (!mkdtemp(dir.buf)) {
		perror("mkdtemp");
		return 1;
	}
	tmpdir = dir.buf;
	RUN(test_plain_ustar);
	RUN(test_no_end_blocks);
	RUN(test_ustar_prefix);
	RUN(test_gnu_long_name);
	RUN(test_pax_records);
	RUN(test_bad_headers);
	RUN(test_bad_names);
	RUN(test_bad_pax);
	RUN(test_truncation);
	RUN(test_writer_round_trip);
	RUN(test_gzip_errors);
	RUN(test_extract);
	RUN(test_extract_conflicts);
	remove_tree(tmpdir, &e);
	err_release(&e);
	sb_release(&dir);
	return unit_end();
}
