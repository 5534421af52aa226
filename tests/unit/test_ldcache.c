/*
 * The ld.so.cache reader on caches built here byte by byte: the new layout
 * in both byte orders, the old one, the two together, the extension area;
 * then every error with its message and offset, and every truncation.
 */
#include "unit.h"
#include "base/err.h"
#include "base/strbuf.h"
#include "formats/ldcache.h"
#include "ldcache_fixture.h"

#include <stdint.h>
#include <stdlib.h>

static const struct lib libs[] = {
	{ "libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", 0x303, 0 },
	{ "libyaml-0.so.2", "/usr/lib/x86_64-linux-gnu/libyaml-0.so.2", 0x303, 0 },
	{ "libz.so.1", "/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libz.so.1", 0x303,
	  ((uint64_t)1 << 62) | 0 },
	{ "libm.so.6", "/lib32/libm.so.6", 0x3, 0 },
};

static void check_libs(const struct ldcache *c, int with_ext)
{
	size_t i;

	CHECK_INT(c->nr, 4);
	for (i = 0; i < c->nr && i < 4; i++) {
		CHECK_STR(c->v[i].name, libs[i].name);
		CHECK_STR(c->v[i].path, libs[i].path);
		CHECK_INT(c->v[i].flags, libs[i].flags);
	}
	if (c->nr == 4 && with_ext) {
		CHECK(c->v[2].hwcap_name && !strcmp(c->v[2].hwcap_name, "x86-64-v3"));
		CHECK(!c->v[0].hwcap_name);
		CHECK(c->generator && c->generator_len == 9 &&
		      !strncmp(c->generator, "ldconfig!", 9));
	}
}

static void test_new_little_endian(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct ldcache c;

	new_table(&sb, libs, 4, 0, 1);
	CHECK_INT(ldcache_parse(&c, sb.buf, sb.len, "ld.so.cache", &e), 0);
	CHECK_INT(c.format, LDCACHE_NEW);
	CHECK_INT(c.msb, 0);
	check_libs(&c, 1);
	ldcache_release(&c);
	sb_release(&sb);
	err_release(&e);
}

static void test_new_big_endian(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct ldcache c;

	new_table(&sb, libs, 4, 1, 1);
	CHECK_INT(ldcache_parse(&c, sb.buf, sb.len, "ld.so.cache", &e), 0);
	CHECK_INT(c.msb, 1);
	check_libs(&c, 1);
	ldcache_release(&c);
	/* no byte order recorded (flags 0): the count decides */
	sb.buf[28] = 0;
	CHECK_INT(ldcache_parse(&c, sb.buf, sb.len, "ld.so.cache", &e), 0);
	CHECK_INT(c.msb, 1);
	check_libs(&c, 0);
	ldcache_release(&c);
	sb_release(&sb);
	err_release(&e);
}

/* The old table alone: offsets from the end of the entries. */
static void old_table(struct strbuf *sb, size_t n)
{
	size_t i, end = 16 + 12 * n;

	sb_add(sb, "ld.so-1.7.0", 11);
	zeros(sb, 5 + 12 * n);
	put(sb, 12, n, 4, 0);
	for (i = 0; i < n; i++) {
		put(sb, 16 + 12 * i, libs[i].flags, 4, 0);
		put(sb, 16 + 12 * i + 4, sb->len - end, 4, 0);
		sb_add(sb, libs[i].name, strlen(libs[i].name) + 1);
		put(sb, 16 + 12 * i + 8, sb->len - end, 4, 0);
		sb_add(sb, libs[i].path, strlen(libs[i].path) + 1);
	}
}

static void test_old_and_combined(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct ldcache c;

	old_table(&sb, 4);
	CHECK_INT(ldcache_parse(&c, sb.buf, sb.len, "old", &e), 0);
	CHECK_INT(c.format, LDCACHE_OLD);
	check_libs(&c, 0);
	ldcache_release(&c);
	sb_release(&sb);

	/* glibc 2.2 .. 2.31: the old table (1 entry), then the new one aligned */
	old_table(&sb, 1);
	sb_setlen(&sb, 16 + 12);
	while (sb.len % 8)
		sb_addc(&sb, 0);
	new_table(&sb, libs, 4, 0, 0);
	CHECK_INT(ldcache_parse(&c, sb.buf, sb.len, "both", &e), 0);
	CHECK_INT(c.format, LDCACHE_NEW);
	check_libs(&c, 0);
	ldcache_release(&c);
	sb_release(&sb);
	err_release(&e);
}

static void expect_error(const void *data, size_t size, const char *msg)
{
	struct err e = ERR_INIT;
	struct ldcache c;

	CHECK_INT(ldcache_parse(&c, data, size, "ld.so.cache", &e), -1);
	CHECK_STR(e.msg.buf, msg);
	CHECK_STR(e.file, "ld.so.cache");
	CHECK_INT(c.nr, 0);
	CHECK(c.v == NULL);
	err_release(&e);
}

static void test_errors(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t at = 48 + 24;	/* the second entry */

	expect_error("hello", 5, "not an ld.so.cache file (no 'ld.so-1.7.0' or 'glibc-ld.so.cache1.1' magic)");
	expect_error("glibc-ld.so.cache1.1", 20, "truncated cache header at offset 0");
	expect_error("ld.so-1.7.0\0\0\0", 14, "truncated cache header at offset 0");

	new_table(&sb, libs, 4, 0, 0);
	sb.buf[28] = 1;
	expect_error(sb.buf, sb.len, "the cache marks itself invalid at offset 28");
	sb.buf[28] = 2;
	put(&sb, 20, 5000, 4, 0);
	expect_error(sb.buf, sb.len, "more entries than the file holds at offset 20");
	put(&sb, 20, 4, 4, 0);
	put(&sb, at + 4, 100000, 4, 0);
	expect_error(sb.buf, sb.len, "library name outside the string table at offset 76");
	put(&sb, at + 4, 48 + 24 * 4, 4, 0);
	put(&sb, at + 8, (uint64_t)sb.len, 4, 0);
	expect_error(sb.buf, sb.len, "library path outside the string table at offset 80");
	/* a path pointing at the name: not absolute */
	put(&sb, at + 8, 48 + 24 * 4, 4, 0);
	expect_error(sb.buf, sb.len, "library path is not absolute at offset 72");
	/* a name pointing at the terminating NUL: empty */
	put(&sb, at + 4, 48 + 24 * 4 + strlen(libs[0].name), 4, 0);
	expect_error(sb.buf, sb.len, "library name is empty at offset 72");
	/* the last string without its NUL */
	sb_reset(&sb);
	new_table(&sb, libs, 1, 0, 0);
	sb_setlen(&sb, 48 + 24 + strlen(libs[0].name) + 1 + 5);
	expect_error(sb.buf, sb.len, "library path outside the string table at offset 56");
	sb_release(&sb);
	sb_reset(&sb);
	old_table(&sb, 2);
	put(&sb, 12, 0x10000000, 4, 0);
	expect_error(sb.buf, sb.len, "more entries than the file holds at offset 12");
	sb_release(&sb);
}

/* Any prefix of a good cache parses or fails cleanly, never reads past it. */
static void test_truncations(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	size_t n;
	int ok = 1;

	new_table(&sb, libs, 4, 1, 1);
	for (n = 0; n < sb.len; n++) {
		struct ldcache c;
		char *copy = malloc(n + 1);

		memcpy(copy, sb.buf, n);
		if (!ldcache_parse(&c, copy, n, "t", &e))
			ok &= c.nr <= 4;
		else
			err_release(&e), err_init(&e);
		ldcache_release(&c);
		free(copy);
	}
	CHECK(ok);
	sb_release(&sb);
}

/* A corrupt extension area is ignored, as the loader ignores it. */
static void test_bad_extension_ignored(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct ldcache c;
	size_t ext;

	new_table(&sb, libs, 4, 0, 1);
	ext = (size_t)(unsigned char)sb.buf[32] | (size_t)(unsigned char)sb.buf[33] << 8;
	put(&sb, ext + 4, 0xffffff, 4, 0);	/* more sections than there is room */
	CHECK_INT(ldcache_parse(&c, sb.buf, sb.len, "t", &e), 0);
	CHECK(!c.generator && !c.v[2].hwcap_name);
	check_libs(&c, 0);
	ldcache_release(&c);
	put(&sb, ext + 4, 2, 4, 0);
	put(&sb, ext + 20, 0x7fffffff, 4, 0);	/* generator larger than the file */
	CHECK_INT(ldcache_parse(&c, sb.buf, sb.len, "t", &e), 0);
	CHECK(!c.generator && c.v[2].hwcap_name);
	ldcache_release(&c);
	put(&sb, 32, 0xfffffff0u, 4, 0);	/* area outside the file */
	CHECK_INT(ldcache_parse(&c, sb.buf, sb.len, "t", &e), 0);
	CHECK(!c.generator);
	ldcache_release(&c);
	sb_release(&sb);
	err_release(&e);
}

static void test_abi_flags(void)
{
	char buf[64];

	CHECK_INT(ldcache_abi_for_elf(62, 1, 0), 0x300);
	CHECK_INT(ldcache_abi_for_elf(62, 0, 0), 0x800);	/* x32 */
	CHECK_INT(ldcache_abi_for_elf(183, 1, 0), 0xa00);
	CHECK_INT(ldcache_abi_for_elf(40, 0, 0x5000400), 0x900);
	CHECK_INT(ldcache_abi_for_elf(40, 0, 0x5000200), 0xb00);
	CHECK_INT(ldcache_abi_for_elf(21, 1, 2), 0x500);
	CHECK_INT(ldcache_abi_for_elf(22, 1, 0), 0x400);
	CHECK_INT(ldcache_abi_for_elf(3, 0, 0), 0);
	CHECK_INT(ldcache_abi_for_elf(243, 1, 0x5), 0x1000);
	CHECK_INT(ldcache_abi_for_elf(8, 0, 0), -1);
	CHECK_STR(ldcache_flags_name(0x303, buf), "libc6,x86-64");
	CHECK_STR(ldcache_flags_name(0xa03, buf), "libc6,AArch64");
	CHECK_STR(ldcache_flags_name(0x903, buf), "libc6,hard-float");
	CHECK_STR(ldcache_flags_name(0x503, buf), "libc6,64bit");
	CHECK_STR(ldcache_flags_name(0x1, buf), "ELF");
	CHECK_STR(ldcache_flags_name(0x3, buf), "libc6");
	CHECK_STR(ldcache_flags_name(0x7f03, buf), "libc6,32512");
}

int main(void)
{
	RUN(test_new_little_endian);
	RUN(test_new_big_endian);
	RUN(test_old_and_combined);
	RUN(test_errors);
	RUN(test_truncations);
	RUN(test_bad_extension_ignored);
	RUN(test_abi_flags);
	return unit_end();
}
