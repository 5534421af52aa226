/* SHA-256 (FIPS 180-4), for content hashes, cache keys and wheel RECORDs. */
#ifndef WW_SHA256_H
#define WW_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t total;
	unsigned char block[64];
	size_t used;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t len);
void sha256_final(struct sha256 *c, unsigned char out[32]);

/* One-shot helpers. hex is 65 bytes (64 digits and a NUL). */
void sha256_hex(const void *data, size_t len, char hex[65]);
void sha256_digest_hex(const unsigned char digest[32], char hex[65]);

/*
 * Test hook: with on, use the portable C rounds even where the CPU's SHA
 * instructions are available (sha256_x86.c); off goes back to the default.
 */
void sha256_force_portable(int on);

#endif
