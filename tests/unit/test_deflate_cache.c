/*
 * The deflate cache: a miss compresses and writes an entry, a hit gives the
 * same result from it; a truncated, corrupt, lying or foreign entry is a
 * miss and is written again; small contents, no folder, or a folder that
 * cannot be created compress directly and never fail.
 */
#include "unit.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/sha256.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "engine/deflate_cache.h"
#include "formats/zip_format.h"
#include "formats/zip_write.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tmpdir;

static void text(struct strbuf *sb, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; sb->len < n; i++)
		sb_addf(sb, "symbol_%u_%zu = 0x%zx;\n", seed, i, i * 40503u);
	sb_setlen(sb, n);
}

static void noise(struct strbuf *sb, size_t n)
{
	uint64_t x = 88172645463325252ull;
	size_t i;

	sb_grow(sb, n);
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		sb->buf[i] = (char)(x >> 24);
	}
	sb_setlen(sb, n);
}

static void digest(const struct strbuf *sb, unsigned char out[32])
{
	struct sha256 c;

	sha256_init(&c);
	sha256_update(&c, sb->buf, sb->len);
	sha256_final(&c, out);
}

static char *tmp_path(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	path_join(&sb, tmpdir, name);
	return sb_detach(&sb, NULL);
}

/* get() once; checks the result against zip_deflate_mem; returns hit. */
static int get(struct deflate_cache *dc, const struct strbuf *content)
{
	struct zip_deflated got, want;
	unsigned char sha[32];
	int hit;

	digest(content, sha);
	zip_deflated_init(&got);
	zip_deflated_init(&want);
	hit = deflate_cache_get(dc, content->buf, content->len, sha, &got);
	zip_deflate_mem(content->buf, content->len, dc->level, 1, &want);
	CHECK_INT(got.method, want.method);
	CHECK_INT(got.crc, want.crc);
	CHECK_INT(got.size, content->len);
	CHECK(got.data.len == want.data.len &&
	      !memcmp(got.data.buf, want.data.buf, want.data.len));
	zip_deflated_release(&got);
	zip_deflated_release(&want);
	return hit;
}

static void entry_path(const struct deflate_cache *dc,
		       const struct strbuf *content, struct strbuf *path)
{
	unsigned char sha[32];

	digest(content, sha);
	sb_reset(path);
	deflate_cache_entry_path(dc, sha, path);
}

static void rewrite(const char *path, const struct strbuf *bytes)
{
	struct err e = ERR_INIT;

	CHECK(!write_file_atomic(path, bytes->buf, bytes->len, &e));
	err_release(&e);
}

static void read_entry(const char *path, struct strbuf *bytes)
{
	struct err e = ERR_INIT;

	sb_reset(bytes);
	CHECK(!read_file(path, bytes, &e));
	err_release(&e);
}

static void test_miss_then_hit(void)
{
	char *dir = tmp_path("hit/deflated");	/* created on the first store */
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, path = STRBUF_INIT;
	struct deflate_cache dc, dc9;

	text(&a, 700 * 1024, 1);
	text(&b, 300 * 1024, 2);
	deflate_cache_init(&dc, dir, 5, 2);
	CHECK_INT(get(&dc, &a), 0);
	entry_path(&dc, &a, &path);
	CHECK(is_regular_file(path.buf));
	CHECK_INT(get(&dc, &a), 1);
	CHECK_INT(get(&dc, &a), 1);
	CHECK_INT(get(&dc, &b), 0);	/* another content */
	CHECK_INT(get(&dc, &b), 1);
	/* another level is another entry */
	deflate_cache_init(&dc9, dir, 9, 1);
	CHECK_INT(get(&dc9, &a), 0);
	CHECK_INT(get(&dc9, &a), 1);
	CHECK_INT(get(&dc, &a), 1);
	deflate_cache_release(&dc);
	deflate_cache_release(&dc9);
	sb_release(&a);
	sb_release(&b);
	sb_release(&path);
	free(dir);
}

static void test_stored_content(void)
{
	char *dir = tmp_path("stored");
	struct strbuf a = STRBUF_INIT, path = STRBUF_INIT, bytes = STRBUF_INIT;
	struct deflate_cache dc;

	noise(&a, 400 * 1024);
	deflate_cache_init(&dc, dir, 5, 1);
	CHECK_INT(get(&dc, &a), 0);
	CHECK_INT(get(&dc, &a), 1);
	entry_path(&dc, &a, &path);
	read_entry(path.buf, &bytes);
	CHECK_INT(bytes.len, 96);	/* the header alone: the content is stored */
	deflate_cache_release(&dc);
	sb_release(&a);
	sb_release(&path);
	sb_release(&bytes);
	free(dir);
}

/* Each damage makes a miss; the entry is then written whole again. */
static void test_damaged_entries(void)
{
	char *dir = tmp_path("damaged");
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, path = STRBUF_INIT;
	struct strbuf good = STRBUF_INIT, bad = STRBUF_INIT, other = STRBUF_INIT;
	struct deflate_cache dc;
	size_t k, offsets[] = { 0, 9, 41, 45, 50, 60, 70, 96, 5000, 0 };

	text(&a, 600 * 1024, 3);
	text(&b, 600 * 1024, 4);
	deflate_cache_init(&dc, dir, 5, 2);
	CHECK_INT(get(&dc, &a), 0);
	entry_path(&dc, &a, &path);
	read_entry(path.buf, &good);
	CHECK(good.len > 5000);
	/* one flipped byte: magic, key, method, CRC, size, stream size,
	 * checksum, stream; and the last byte */
	offsets[sizeof(offsets) / sizeof(*offsets) - 1] = good.len - 1;
	for (k = 0; k < sizeof(offsets) / sizeof(*offsets); k++) {
		sb_reset(&bad);
		sb_add(&bad, good.buf, good.len);
		bad.buf[offsets[k]] ^= 0x20;
		rewrite(path.buf, &bad);
		CHECK_INT(get(&dc, &a), 0);
		read_entry(path.buf, &bad);
		CHECK(bad.len == good.len && !memcmp(bad.buf, good.buf, good.len));
		CHECK_INT(get(&dc, &a), 1);
	}
	/* truncated: in the header, in the stream; one byte too many; empty */
	for (k = 0; k < 4; k++) {
		sb_reset(&bad);
		sb_add(&bad, good.buf, k == 0 ? 50 : k == 1 ? good.len - 1 :
					k == 2 ? good.len : 0);
		if (k == 2)
			sb_addc(&bad, 0);
		rewrite(path.buf, &bad);
		CHECK_INT(get(&dc, &a), 0);
		CHECK_INT(get(&dc, &a), 1);
	}
	/* a sound entry of another content under this content's name */
	CHECK_INT(get(&dc, &b), 0);
	entry_path(&dc, &b, &other);
	read_entry(other.buf, &bad);
	rewrite(path.buf, &bad);
	CHECK_INT(get(&dc, &a), 0);
	CHECK_INT(get(&dc, &a), 1);
	/* a folder where the entry should be: a miss, and never an error */
	CHECK(!remove(path.buf));
	CHECK(!mkdir(path.buf, 0755));
	CHECK_INT(get(&dc, &a), 0);
	CHECK_INT(get(&dc, &a), 0);
	deflate_cache_release(&dc);
	sb_release(&a);
	sb_release(&b);
	sb_release(&path);
	sb_release(&good);
	sb_release(&bad);
	sb_release(&other);
	free(dir);
}

static void test_small_never_cached(void)
{
	char *dir = tmp_path("small");
	struct strbuf a = STRBUF_INIT;
	struct deflate_cache dc;

	text(&a, DEFLATE_CACHE_MIN_SIZE - 1, 5);
	deflate_cache_init(&dc, dir, 5, 1);
	CHECK_INT(get(&dc, &a), 0);
	CHECK_INT(get(&dc, &a), 0);
	CHECK(!path_exists(dir));
	sb_addc(&a, 'x');
	CHECK_INT(get(&dc, &a), 0);
	CHECK_INT(get(&dc, &a), 1);
	deflate_cache_release(&dc);
	sb_release(&a);
	free(dir);
}

/* A folder that cannot be made (root ignores modes: a file in the way). */
static void test_unwritable_folder(void)
{
	char *file = tmp_path("a-file");
	char *dir = tmp_path("a-file/deflated");
	struct strbuf a = STRBUF_INIT, one = STRBUF_INIT;
	struct deflate_cache dc, none;
	struct err e = ERR_INIT;

	sb_adds(&one, "x");
	CHECK(!write_file_atomic(file, one.buf, one.len, &e));
	text(&a, 500 * 1024, 6);
	deflate_cache_init(&dc, dir, 5, 2);
	CHECK_INT(get(&dc, &a), 0);
	CHECK_INT(get(&dc, &a), 0);
	deflate_cache_init(&none, NULL, 5, 2);
	CHECK_INT(get(&none, &a), 0);
	deflate_cache_release(&dc);
	deflate_cache_release(&none);
	sb_release(&a);
	sb_release(&one);
	err_release(&e);
	free(file);
	free(dir);
}

/* The default folder: "deflated" under WHEELWRIGHT_CACHE_DIR; "off": none. */
static void test_default_folder(void)
{
	struct deflate_cache dc;
	char *want = tmp_path("root/deflated");
	char *root = tmp_path("root");

	setenv("WHEELWRIGHT_CACHE_DIR", root, 1);
	deflate_cache_init_default(&dc, 5, 1);
	CHECK_STR(dc.dir, want);
	deflate_cache_release(&dc);
	setenv("WHEELWRIGHT_CACHE_DIR", "off", 1);
	deflate_cache_init_default(&dc, 5, 1);
	CHECK(dc.dir == NULL);
	deflate_cache_release(&dc);
	unsetenv("WHEELWRIGHT_CACHE_DIR");
	free(want);
	free(root);
}

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;

	if (make_temp_dir("ww-deflate-cache-", &sb, &e)) {
		err_print(&e);
		return 1;
	}
	tmpdir = sb_detach(&sb, NULL);
	RUN(test_miss_then_hit);
	RUN(test_stored_content);
	RUN(test_damaged_entries);
	RUN(test_small_never_cached);
	RUN(test_unwritable_folder);
	RUN(test_default_folder);
	remove_tree(tmpdir, &e);
	free(tmpdir);
	err_release(&e);
	return unit_end();
}
