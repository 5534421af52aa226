/*
 * Builds ld.so.cache images for the unit tests (test_ldcache.c,
 * test_ldsearch.c), field by field in either byte order.
 */
#ifndef WW_TEST_LDCACHE_FIXTURE_H
#define WW_TEST_LDCACHE_FIXTURE_H

#include "base/strbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct lib {
	const char *name, *path;
	uint32_t flags;
	uint64_t hwcap;
};

static void put(struct strbuf *sb, size_t at, uint64_t v, int width, int msb)
{
	int i;

	for (i = 0; i < width; i++)
		sb->buf[at + (size_t)(msb ? width - 1 - i : i)] = (char)((v >> (8 * i)) & 0xff);
}

static void zeros(struct strbuf *sb, size_t n)
{
	while (n--)
		sb_addc(sb, 0);
}

/*
 * A new-layout table at the end of sb: header, entries, strings, and an
 * extension area with a generator and (if hwcap_names) glibc-hwcaps names.
 */
static void new_table(struct strbuf *sb, const struct lib *libs, size_t n,
		      int msb, int with_ext)
{
	size_t base = sb->len, entries = base + 48, strings, i, ext, hw_name;
	size_t *keys = calloc(n + 1, sizeof(size_t) * 2);

	sb_adds(sb, "glibc-ld.so.cache1.1");
	zeros(sb, 28);
	put(sb, base + 20, n, 4, msb);
	sb->buf[base + 28] = msb ? 3 : 2;
	zeros(sb, 24 * n);
	strings = sb->len;
	for (i = 0; i < n; i++) {
		keys[2 * i] = sb->len - base;
		sb_add(sb, libs[i].name, strlen(libs[i].name) + 1);
		keys[2 * i + 1] = sb->len - base;
		sb_add(sb, libs[i].path, strlen(libs[i].path) + 1);
	}
	hw_name = sb->len - base;
	sb_adds(sb, "x86-64-v3");
	sb_addc(sb, 0);
	put(sb, base + 24, sb->len - strings, 4, msb);
	for (i = 0; i < n; i++) {
		size_t at = entries + 24 * i;

		put(sb, at, libs[i].flags, 4, msb);
		put(sb, at + 4, keys[2 * i], 4, msb);
		put(sb, at + 8, keys[2 * i + 1], 4, msb);
		put(sb, at + 16, libs[i].hwcap, 8, msb);
	}
	while (sb->len % 4)
		sb_addc(sb, 0);
	if (with_ext) {
		ext = sb->len;
		put(sb, base + 32, ext - base, 4, msb);
		zeros(sb, 8 + 32 + 4);
		put(sb, ext, 0xeaa42174u, 4, msb);
		put(sb, ext + 4, 2, 4, msb);
		/* generator: tag 0 */
		put(sb, ext + 8, 0, 4, msb);
		put(sb, ext + 16, sb->len - base, 4, msb);
		put(sb, ext + 20, 9, 4, msb);
		/* glibc-hwcaps: tag 1, one name */
		put(sb, ext + 24, 1, 4, msb);
		put(sb, ext + 32, ext + 40 - base, 4, msb);
		put(sb, ext + 36, 4, 4, msb);
		put(sb, ext + 40, hw_name, 4, msb);
		sb_adds(sb, "ldconfig!");
	}
	free(keys);
}

#endif
