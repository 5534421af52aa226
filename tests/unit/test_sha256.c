/* SHA-256 on both block functions: the portable rounds and the x86 one. */
#include "unit.h"
#include "base/sha256.h"
#include "base/xalloc.h"

#include <stdlib.h>

/* Digest of n bytes of a pattern, fed in uneven pieces. */
static void digest_pattern(size_t n, size_t piece, char hex[65])
{
	unsigned char *buf = xmalloc(n ? n : 1), d[32];
	struct sha256 c;
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)(i * 7 + (i >> 9));
	sha256_init(&c);
	for (i = 0; i < n; i += piece)
		sha256_update(&c, buf + i, n - i < piece ? n - i : piece);
	sha256_final(&c, d);
	sha256_digest_hex(d, hex);
	free(buf);
}

static void check_vectors(void)
{
	char hex[65], a[65], b[65];

	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
		   hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* Lengths around block and padding edges, pieces of odd sizes. */
	digest_pattern(1000003, 4099, a);
	digest_pattern(1000003, 1000003, b);
	CHECK_STR(a, b);
	/* From Python's hashlib on the same bytes. */
	CHECK_STR(a, "e97fe7b58140a0c3286a9080dac12d45775445f4e4f9ae4e8d60ae4e1e54e8ba");
	digest_pattern(55, 1, a);
	digest_pattern(55, 55, b);
	CHECK_STR(a, b);
}

/* Digests computed with the portable rounds must equal the default ones. */
static void test_portable_matches_default(void)
{
	static const size_t sizes[] = { 0, 1, 55, 56, 63, 64, 65, 119, 128,
					4096, 1000003 };
	char want[65], got[65];
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		sha256_force_portable(0);
		digest_pattern(sizes[i], 1000, want);
		sha256_force_portable(1);
		digest_pattern(sizes[i], 1000, got);
		CHECK_STR(got, want);
	}
	sha256_force_portable(0);
}

static void test_default_path(void)
{
	sha256_force_portable(0);
	check_vectors();
}

static void test_portable_path(void)
{
	sha256_force_portable(1);
	check_vectors();
	sha256_force_portable(0);
}

int main(void)
{
	RUN(test_default_path);
	RUN(test_portable_path);
	RUN(test_portable_matches_default);
	return unit_end();
}
