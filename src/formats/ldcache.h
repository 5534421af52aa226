/*
 * glibc's /etc/ld.so.cache, read as the dynamic loader reads it: the
 * list of (soname, path) pairs that ldconfig found in the folders of
 * /etc/ld.so.conf, each with the ABI it was built for.
 *
 * Two layouts exist. The old one ("ld.so-1.7.0": a count, 12-byte entries,
 * then the strings, offsets relative to the end of the entries) is what
 * glibc before 2.32 wrote first, followed by the new one aligned to 8
 * bytes; since 2.32 ldconfig writes only the new one
 * ("glibc-ld.so.cache1.1": a 48-byte header, 24-byte entries with a
 * hardware-capability word, offsets relative to the new header). When
 * both are present the new one is used, as the loader does. The new
 * header says its byte order; the old one does not, so it is taken from
 * whichever order gives a count the file can hold. The extension area
 * that glibc 2.33 added after the strings (the generator's name, the
 * glibc-hwcaps subfolder names) is read when the header points to it.
 *
 * The parser keeps pointers into the caller's buffer: every name and path
 * is checked to end with a NUL inside it, and lives as long as it does.
 * Malformed input is an error naming the offset; nothing is read outside
 * the buffer and no more than one entry per 12 bytes of input is
 * allocated.
 */
#ifndef WW_FORMATS_LDCACHE_H
#define WW_FORMATS_LDCACHE_H

#include "../base/err.h"

#include <stddef.h>
#include <stdint.h>

/* The low byte of an entry's flags: the kind of library. */
#define LDCACHE_FLAG_TYPE_MASK	0x00ffu
#define LDCACHE_FLAG_ELF	0x0001u
#define LDCACHE_FLAG_ELF_LIBC6	0x0003u
/* The next byte: the ABI variant (0 for the default of 32-bit targets). */
#define LDCACHE_FLAG_ABI_MASK	0xff00u
#define LDCACHE_ABI_SPARC_LIB64		0x0100u
#define LDCACHE_ABI_IA64_LIB64		0x0200u
#define LDCACHE_ABI_X8664_LIB64		0x0300u
#define LDCACHE_ABI_S390_LIB64		0x0400u
#define LDCACHE_ABI_POWERPC_LIB64	0x0500u
#define LDCACHE_ABI_MIPS64_LIBN32	0x0600u
#define LDCACHE_ABI_MIPS64_LIBN64	0x0700u
#define LDCACHE_ABI_X8664_LIBX32	0x0800u
#define LDCACHE_ABI_ARM_LIBHF		0x0900u
#define LDCACHE_ABI_AARCH64_LIB64	0x0a00u
#define LDCACHE_ABI_ARM_LIBSF		0x0b00u
#define LDCACHE_ABI_MIPS_LIB32_NAN2008	0x0c00u
#define LDCACHE_ABI_MIPS64_LIBN32_NAN2008 0x0d00u
#define LDCACHE_ABI_MIPS64_LIBN64_NAN2008 0x0e00u
#define LDCACHE_ABI_RISCV_SOFT		0x0f00u
#define LDCACHE_ABI_RISCV_DOUBLE	0x1000u
#define LDCACHE_ABI_LARCH_SOFT		0x1100u
#define LDCACHE_ABI_LARCH_DOUBLE	0x1200u

struct ldcache_entry {
	const char *name;	/* the soname: "libz.so.1" */
	const char *path;	/* "/lib/x86_64-linux-gnu/libz.so.1" */
	uint32_t flags;		/* type | ABI, as above */
	/*
	 * 0 for the generic build. Anything else names a variant that only
	 * CPUs with some feature load (a glibc-hwcaps subfolder such as
	 * x86-64-v3, or an old-style hwcap bit).
	 */
	uint64_t hwcap;
	const char *hwcap_name;	/* "x86-64-v3" for a glibc-hwcaps entry, else NULL */
};

enum ldcache_format {
	LDCACHE_OLD = 1,	/* "ld.so-1.7.0" only */
	LDCACHE_NEW,		/* "glibc-ld.so.cache1.1", alone or after an old table */
};

struct ldcache {
	struct ldcache_entry *v;	/* in file order (ldconfig sorts them) */
	size_t nr;
	enum ldcache_format format;
	int msb;		/* the new table is big endian */
	/*
	 * From the new table's extension area (glibc 2.33+), when present:
	 * the program that wrote the cache (not NUL-terminated).
	 */
	const char *generator;
	size_t generator_len;
};

/*
 * Parses the cache image data[0..size); name is used in messages. On error
 * the cache is left empty (ldcache_release() is harmless).
 */
int ldcache_parse(struct ldcache *c, const void *data, size_t size,
		  const char *name, struct err *e);
void ldcache_release(struct ldcache *c);

/*
 * The ABI flags ldconfig gives a library for this ELF machine, class and
 * e_flags (LDCACHE_ABI_*, or 0); -1 when the pairing is not one ldconfig
 * records (then any entry may be tried, and the ELF header decides).
 */
long ldcache_abi_for_elf(unsigned machine, int is64, uint32_t e_flags);

/* "libc6,x86-64" as `ldconfig -p` prints an entry's flags. */
const char *ldcache_flags_name(uint32_t flags, char buf[64]);

#endif
