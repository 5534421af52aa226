#include "unit.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/sha256.h"
#include "base/strbuf.h"
#include "base/xalloc.h"

#include <stdlib.h>

static void test_strbuf_never_null(void)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK(sb.buf != NULL);
	CHECK_STR(sb.buf, "");
	sb_addf(&sb, "%s-%d", "a", 42);
	sb_adds(&sb, "xyz");
	sb_addc(&sb, '!');
	CHECK_STR(sb.buf, "a-42xyz!");
	CHECK_INT(sb.len, 8);
	sb_release(&sb);
	CHECK_STR(sb.buf, "");
}

static void test_strbuf_long_format(void)
{
	struct strbuf sb = STRBUF_INIT;
	char big[1000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	sb_addf(&sb, "<%s>", big);
	CHECK_INT(sb.len, 1001);
	CHECK(sb.buf[1000] == '>');
	sb_release(&sb);
}

static void test_json_escaping(void)
{
	struct strbuf sb = STRBUF_INIT;

	sb_add_json_str(&sb, "a\"b\\c\n\x01");
	CHECK_STR(sb.buf, "\"a\\\"b\\\\c\\n\\u0001\"");
	sb_release(&sb);
}

static void test_sha256_vectors(void)
{
	char hex[65];
	struct sha256 c;
	unsigned char d[32];
	char thousand[1000];
	int i;

	memset(thousand, 'a', sizeof(thousand));
	sha256_hex("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_init(&c);
	for (i = 0; i < 1000; i++)
		sha256_update(&c, thousand, 1000);
	sha256_final(&c, d);
	sha256_digest_hex(d, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_err_format(void)
{
	struct err e = ERR_INIT;
	struct strbuf sb = STRBUF_INIT;

	CHECK(err_at(&e, "pyproject.toml", 12, 7,
		     "'sources' must be an array of strings") == -1);
	err_hint(&e, "did you mean '%s'?", "include-dirs");
	err_format(&e, &sb);
	CHECK_STR(sb.buf, "wheelwright: pyproject.toml:12:7: error: 'sources' must be an array of strings\nhint: did you mean 'include-dirs'?\n");
	CHECK_INT(e.status, EXIT_BAD_INPUT);
	sb_release(&sb);
	err_release(&e);
}

static void test_paths(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	path_join(&sb, "a/", "b");
	CHECK_STR(sb.buf, "a/b");
	sb_reset(&sb);
	path_join(&sb, "a", "b/c");
	CHECK_STR(sb.buf, "a/b/c");
	s = path_dirname("x/y/z.c");
	CHECK_STR(s, "x/y");
	free(s);
	s = path_basename("x/y/z.c");
	CHECK_STR(s, "z.c");
	free(s);
	sb_release(&sb);
}

static void test_grow_array(void)
{
	int *a = NULL;
	size_t alloc = 0, i;

	for (i = 0; i < 1000; i++) {
		ALLOC_GROW(a, i + 1, alloc);
		a[i] = (int)i;
	}
	CHECK(alloc >= 1000);
	CHECK_INT(a[999], 999);
	free(a);
}

int main(void)
{
	RUN(test_strbuf_never_null);
	RUN(test_strbuf_long_format);
	RUN(test_json_escaping);
	RUN(test_sha256_vectors);
	RUN(test_err_format);
	RUN(test_paths);
	RUN(test_grow_array);
	return unit_end();
}
