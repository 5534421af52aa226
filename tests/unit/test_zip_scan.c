#include "unit.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/sha256.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "formats/zip_read.h"
#include "formats/zip_scan.h"
#include "formats/zip_write.h"

#include <stdlib.h>
#include <unistd.h>

#define NR 40
#define BAD 17		/* the member the corruption test damages */

static char *tmpdir;
static struct strbuf content[NR];

/* Member k: text, random bytes, empty or tiny; "K" first means keep it. */
static void make_content(void)
{
	uint64_t seed = 12345;
	int k;
	size_t i, n;

	for (k = 0; k < NR; k++) {
		struct strbuf *sb = &content[k];

		sb_init(sb);
		if (k % 5 == 0)
			sb_addc(sb, 'K');
		n = k % 7 == 6 ? (size_t)k % 3 : (size_t)(k * 37 % 11 + 1) * 23000;
		for (i = 0; sb->len < n; i++) {
			if (k % 2) {
				sb_addf(sb, "member %d line %zu of some text\n", k, i);
			} else {
				seed ^= seed << 13;
				seed ^= seed >> 7;
				seed ^= seed << 17;
				sb_addc(sb, (char)(seed >> 24));
			}
		}
		sb_setlen(sb, n > sb->len ? sb->len : n);
	}
}

static char *write_archive(const char *name)
{
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	struct zip_writer zw;
	struct strbuf path = STRBUF_INIT;
	struct err e = ERR_INIT;
	char member[32];
	int k;

	path_join(&path, tmpdir, name);
	CHECK_INT(zip_writer_open(&zw, path.buf, &o, &e), 0);
	for (k = 0; k < NR; k++) {
		snprintf(member, sizeof(member), "dir/m%02d", k);
		CHECK_INT(zip_writer_add_mem(&zw, member, content[k].buf, content[k].len, 0, NULL, &e), 0);
	}
	CHECK_INT(zip_writer_finish(&zw, &e), 0);
	err_release(&e);
	return sb_detach(&path, NULL);
}

static int keep_k(void *ctx, const struct zip_member *m,
		  const unsigned char *head, size_t len)
{
	(void)m;
	++*(int *)ctx;	/* counts calls: used with no worker threads only */
	return len > 0 && head[0] == 'K';
}

static int keep_k_pure(void *ctx, const struct zip_member *m,
		       const unsigned char *head, size_t len)
{
	(void)ctx;
	(void)m;
	return len > 0 && head[0] == 'K';
}

static void open_validated(struct zip_reader *zr, const char *path)
{
	struct zip_limits lim = ZIP_LIMITS_INIT;
	struct err e = ERR_INIT;

	CHECK_INT(zip_reader_open(zr, path, &lim, &e), 0);
	CHECK_INT(zip_reader_validate(zr, &e), 0);
	err_release(&e);
}

static void check_item(const struct zip_scan_item *it, int k)
{
	unsigned char want[32];
	struct sha256 c;
	char name[32];
	size_t head = content[k].len < ZIP_SCAN_HEAD ? content[k].len : ZIP_SCAN_HEAD;

	snprintf(name, sizeof(name), "dir/m%02d", k);
	CHECK_STR(it->m->name, name);
	sha256_init(&c);
	sha256_update(&c, content[k].buf, content[k].len);
	sha256_final(&c, want);
	CHECK(!memcmp(it->sha256, want, 32));
	CHECK_INT(it->size, content[k].len);
	CHECK_INT(it->head_len, head);
	CHECK(!memcmp(it->head, content[k].buf, head));
	CHECK_INT(it->kept, k % 5 == 0 && content[k].len > 0);
	if (it->kept)
		CHECK(it->data.len == content[k].len &&
		      !memcmp(it->data.buf, content[k].buf, content[k].len));
	else
		CHECK_INT(it->data.len, 0);
}

static void test_every_member_in_order(void)
{
	static const int threads[] = { 0, 1, 2, 3, 8, 64 };
	char *path = write_archive("good.zip");
	struct zip_reader zr;
	size_t t;

	open_validated(&zr, path);
	for (t = 0; t < sizeof(threads) / sizeof(*threads); t++) {
		struct zip_scan_opts o = ZIP_SCAN_OPTS_INIT;
		const struct zip_scan_item *it;
		struct zip_scan s;
		struct err e = ERR_INIT;
		int k = 0, rc, calls = 0;

		o.threads = threads[t];
		o.keep = threads[t] <= 1 ? keep_k : keep_k_pure;
		o.keep_ctx = &calls;
		zip_scan_start(&s, &zr, &o);
		while ((rc = zip_scan_next(&s, &it, &e)) > 0) {
			CHECK_INT(it->index, k);
			check_item(it, k++);
		}
		CHECK_INT(rc, 0);
		CHECK_INT(k, NR);
		CHECK_INT(zip_scan_next(&s, &it, &e), 0);	/* stays at the end */
		if (threads[t] <= 1)
			CHECK_INT(calls, NR);	/* keep() asked once a member */
		zip_scan_release(&s);
		zip_scan_release(&s);	/* harmless twice */
		err_release(&e);
	}
	zip_reader_release(&zr);
	unlink(path);
	free(path);
}

/*
 * A keep budget smaller than the kept members: workers drop what they
 * cannot keep and the caller reads it again; the items are the same.
 */
static void test_budget_defers_and_rereads(void)
{
	static const uint64_t budgets[] = { 1, 30000, 200000 };
	char *path = write_archive("budget.zip");
	struct zip_reader zr;
	size_t b;

	open_validated(&zr, path);
	for (b = 0; b < sizeof(budgets) / sizeof(*budgets); b++) {
		struct zip_scan_opts o = ZIP_SCAN_OPTS_INIT;
		const struct zip_scan_item *it;
		struct zip_scan s;
		struct err e = ERR_INIT;
		int k = 0, rc;

		o.threads = 3;
		o.keep = keep_k_pure;
		o.keep_budget = budgets[b];
		zip_scan_start(&s, &zr, &o);
		while ((rc = zip_scan_next(&s, &it, &e)) > 0) {
			check_item(it, k++);
			pthread_mutex_lock(&s.mu);	/* workers reserve under it */
			CHECK(s.kept_bytes <= budgets[b] + it->size);
			pthread_mutex_unlock(&s.mu);
		}
		CHECK_INT(rc, 0);
		CHECK_INT(k, NR);
		zip_scan_release(&s);
		err_release(&e);
	}
	zip_reader_release(&zr);
	unlink(path);
	free(path);
}

/* Damages member BAD's compressed data in the file. */
static void damage(const char *path)
{
	struct zip_reader zr;
	struct strbuf data = STRBUF_INIT;
	struct err e = ERR_INIT;
	uint64_t off;

	open_validated(&zr, path);
	CHECK(zr.m[BAD].csize > 100);
	off = zr.m[BAD].data_offset + zr.m[BAD].csize / 2;
	zip_reader_release(&zr);
	CHECK_INT(read_file(path, &data, &e), 0);
	data.buf[off] ^= 0x55;
	data.buf[off + 1] ^= 0x5a;
	CHECK_INT(write_file_atomic(path, data.buf, data.len, &e), 0);
	sb_release(&data);
	err_release(&e);
}

static void test_first_failure_in_order(void)
{
	static const int threads[] = { 1, 2, 4, 16 };
	char *path = write_archive("bad.zip");
	struct zip_reader zr;
	size_t t;

	damage(path);
	open_validated(&zr, path);	/* the structure is still fine */
	for (t = 0; t < sizeof(threads) / sizeof(*threads); t++) {
		struct zip_scan_opts o = ZIP_SCAN_OPTS_INIT;
		const struct zip_scan_item *it;
		struct zip_scan s;
		struct err e = ERR_INIT;
		int k = 0, rc;

		o.threads = threads[t];
		o.keep = keep_k_pure;
		zip_scan_start(&s, &zr, &o);
		while ((rc = zip_scan_next(&s, &it, &e)) > 0)
			check_item(it, k++);
		CHECK_INT(rc, -1);
		CHECK_INT(k, BAD);
		CHECK(strstr(e.msg.buf, "'dir/m17'") != NULL);
		CHECK_INT(e.status, EXIT_BAD_INPUT);
		CHECK_INT(zip_scan_next(&s, &it, &e), 0);	/* ended */
		zip_scan_release(&s);
		err_release(&e);
	}
	zip_reader_release(&zr);
	unlink(path);
	free(path);
}

/* Stopping after a few members must not hang or leak (ASan checks). */
static void test_release_midway(void)
{
	char *path = write_archive("mid.zip");
	struct zip_reader zr;
	int n;

	open_validated(&zr, path);
	for (n = 0; n < 5; n++) {
		struct zip_scan_opts o = ZIP_SCAN_OPTS_INIT;
		const struct zip_scan_item *it;
		struct zip_scan s;
		struct err e = ERR_INIT;
		int k;

		o.threads = 4;
		o.keep = keep_k_pure;
		zip_scan_start(&s, &zr, &o);
		for (k = 0; k < n; k++)
			CHECK_INT(zip_scan_next(&s, &it, &e), 1);
		zip_scan_release(&s);
		err_release(&e);
	}
	zip_reader_release(&zr);
	unlink(path);
	free(path);
}

int main(void)
{
	struct strbuf dir = STRBUF_INIT;
	const char *base = getenv("TMPDIR");
	int k;

	path_join(&dir, base && *base ? base : "/tmp", "ww-test-zip-scan-XXXXXX");
	if (!mkdtemp(dir.buf)) {
		perror("mkdtemp");
		return 1;
	}
	tmpdir = dir.buf;
	make_content();
	RUN(test_every_member_in_order);
	RUN(test_first_failure_in_order);
	RUN(test_budget_defers_and_rereads);
	RUN(test_release_midway);
	rmdir(tmpdir);
	for (k = 0; k < NR; k++)
		sb_release(&content[k]);
	sb_release(&dir);
	return unit_end();
}
