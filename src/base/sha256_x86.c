#include "sha256_x86.h"

#if (defined(__x86_64__) || defined(__i386__)) && \
	(defined(__GNUC__) || defined(__clang__))

#include <cpuid.h>
#include <immintrin.h>

int sha256_x86_available(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return 0;
	/* SSSE3 (pshufb) and SSE4.1 (blend) carry the state around. */
	if (!(c & bit_SSSE3) || !(c & bit_SSE4_1))
		return 0;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	return (b & (1u << 29)) != 0;	/* CPUID.7.0:EBX.SHA */
}

/*
 * The instructions want the state as two vectors, {a,b,e,f} and {c,d,g,h}
 * (highest lane first), and do two rounds per sha256rnds2 with the message
 * words plus constants in the low two lanes of the third operand.
 */
__attribute__((target("sha,sse4.1,ssse3")))
void sha256_x86_blocks(uint32_t h[8], const unsigned char *p, size_t nblocks,
		       const uint32_t k[64])
{
	/* Byte order: each 32-bit word of the block is big-endian. */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
					     0x0405060700010203ULL);
	__m128i abcd = _mm_loadu_si128((const __m128i *)h);
	__m128i efgh = _mm_loadu_si128((const __m128i *)(h + 4));
	__m128i badc = _mm_shuffle_epi32(abcd, 0xb1);
	__m128i hgfe = _mm_shuffle_epi32(efgh, 0x1b);
	__m128i abef = _mm_alignr_epi8(badc, hgfe, 8);
	__m128i cdgh = _mm_blend_epi16(hgfe, badc, 0xf0);

	for (; nblocks--; p += 64) {
		__m128i save_abef = abef, save_cdgh = cdgh, w[4], m, wk;
		int j;

		/* Unrolled, w[] and the branch fold away: no array, no jumps. */
#pragma GCC unroll 16
		for (j = 0; j < 16; j++) {
			if (j < 4) {
				m = _mm_loadu_si128((const __m128i *)(p + 16 * j));
				m = _mm_shuffle_epi8(m, bswap);
			} else {
				/* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16] */
				m = _mm_sha256msg1_epu32(w[j & 3], w[(j + 1) & 3]);
				m = _mm_add_epi32(m, _mm_alignr_epi8(w[(j + 3) & 3],
								     w[(j + 2) & 3], 4));
				m = _mm_sha256msg2_epu32(m, w[(j + 3) & 3]);
			}
			w[j & 3] = m;
			wk = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)(k + 4 * j)));
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
			wk = _mm_shuffle_epi32(wk, 0x0e);
			abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);
		}
		abef = _mm_add_epi32(abef, save_abef);
		cdgh = _mm_add_epi32(cdgh, save_cdgh);
	}
	{
		__m128i feba = _mm_shuffle_epi32(abef, 0x1b);
		__m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);

		abcd = _mm_blend_epi16(feba, dchg, 0xf0);
		efgh = _mm_alignr_epi8(dchg, feba, 8);
	}
	_mm_storeu_si128((__m128i *)h, abcd);
	_mm_storeu_si128((__m128i *)(h + 4), efgh);
}

#else

int sha256_x86_available(void)
{
	return 0;
}

void sha256_x86_blocks(uint32_t h[8], const unsigned char *p, size_t nblocks,
		       const uint32_t k[64])
{
	(void)h; (void)p; (void)nblocks; (void)k;
}

#endif
