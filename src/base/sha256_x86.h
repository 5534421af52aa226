/*
 * SHA-256 block function on the x86 SHA extensions (SHA-NI), used by
 * sha256.c when the CPU has them: about ten times the speed of portable C,
 * which matters when hashing every file of a wheel for its RECORD.
 * On other CPUs and compilers sha256_x86_available() is 0.
 */
#ifndef WW_SHA256_X86_H
#define WW_SHA256_X86_H

#include <stddef.h>
#include <stdint.h>

int sha256_x86_available(void);
/* Compresses nblocks 64-byte blocks into h; k is the 64 round constants. */
void sha256_x86_blocks(uint32_t h[8], const unsigned char *p, size_t nblocks,
		       const uint32_t k[64]);

#endif
