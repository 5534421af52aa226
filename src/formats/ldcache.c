/*
 * The ld.so.cache reader. Layouts (see ldcache.h):
 *
 *   old: "ld.so-1.7.0" (11 bytes), nlibs (u32), then nlibs entries of
 *        { i32 flags, u32 key, u32 value }; key and value are offsets of
 *        NUL-terminated strings from the end of the entries.
 *   new: "glibc-ld.so.cache" "1.1" (20 bytes), nlibs, len_strings (u32),
 *        a flags byte (byte order: 0 unknown, 1 invalid, 2 little, 3 big),
 *        3 bytes of padding, 4 more u32 (the first locates an extension
 *        area), then nlibs entries of { i32 flags, u32 key, u32 value,
 *        u32 osversion, u64 hwcap }; key and value are offsets from the
 *        start of the new header.
 *
 * After an old table, the new header starts at the next multiple of 8.
 */
#include "ldcache.h"
#include "../base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OLD_MAGIC "ld.so-1.7.0"
#define OLD_MAGIC_LEN 11
#define OLD_HEADER 16		/* magic, then nlibs at offset 12 (aligned) */
#define OLD_ENTRY 12
#define NEW_MAGIC "glibc-ld.so.cache1.1"
#define NEW_MAGIC_LEN 20
#define NEW_HEADER 48
#define NEW_ENTRY 24

static uint64_t load(const unsigned char *p, int width, int msb)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < width; i++)
		v = (v << 8) | p[msb ? i : width - 1 - i];
	return v;
}

/* The string at base+off within data[0..size), or NULL if it runs out. */
static const char *string_at(const unsigned char *data, size_t size,
			     uint64_t base, uint64_t off)
{
	uint64_t at = base + off;

	if (off > size || base > size - off || at >= size)
		return NULL;
	if (!memchr(data + at, '\0', size - at))
		return NULL;
	return (const char *)data + at;
}

static int bad(struct err *e, const char *name, uint64_t off, const char *what)
{
	return err_at(e, name, 0, 0, "%s at offset %llu", what,
		      (unsigned long long)off);
}

struct table {
	const unsigned char *data;
	size_t size;
	const char *name;
	uint64_t entries;	/* file offset of entry 0 */
	uint64_t nr;
	uint64_t strings;	/* what key and value are relative to */
	int msb, is_new;
};

static int read_entries(struct ldcache *c, const struct table *t,
			struct err *e)
{
	size_t width = t->is_new ? NEW_ENTRY : OLD_ENTRY;
	uint64_t i;

	c->v = xcalloc(t->nr ? (size_t)t->nr : 1, sizeof(*c->v));
	for (i = 0; i < t->nr; i++) {
		uint64_t at = t->entries + i * width;
		const unsigned char *p = t->data + at;
		struct ldcache_entry *en = &c->v[i];

		en->flags = (uint32_t)load(p, 4, t->msb);
		en->name = string_at(t->data, t->size, t->strings, load(p + 4, 4, t->msb));
		en->path = string_at(t->data, t->size, t->strings, load(p + 8, 4, t->msb));
		en->hwcap = t->is_new ? load(p + 16, 8, t->msb) : 0;
		if (!en->name)
			return bad(e, t->name, at + 4, "library name outside the string table");
		if (!en->path)
			return bad(e, t->name, at + 8, "library path outside the string table");
		if (!*en->name || *en->path != '/')
			return bad(e, t->name, at, *en->name ? "library path is not absolute"
							     : "library name is empty");
	}
	c->nr = (size_t)t->nr;
	return 0;
}

/* Whether nr entries of width bytes fit between at and the end of the file. */
static int fits(uint64_t at, uint64_t nr, size_t width, size_t size)
{
	return at <= size && nr <= (size - at) / width;
}

#define EXT_MAGIC 0xeaa42174u
#define EXT_GENERATOR 0
#define EXT_GLIBC_HWCAPS 1
#define HWCAP_EXTENSION ((uint64_t)1 << 62)

/* The glibc-hwcaps name of entry en, from the array at hw (count names). */
static void name_hwcap(struct ldcache_entry *en, const struct table *t,
		       uint64_t hw, uint64_t count)
{
	uint64_t idx = en->hwcap & 0xffffffffu;

	if (!(en->hwcap & HWCAP_EXTENSION) || idx >= count)
		return;
	en->hwcap_name = string_at(t->data, t->size, t->strings,
				   load(t->data + hw + idx * 4, 4, t->msb));
}

/*
 * The extension area (glibc 2.33): a magic, a count, then sections of
 * { tag, flags, offset, size }, offsets from the new header. Like the
 * loader, an area that does not check out is ignored, never trusted.
 */
static void read_extensions(struct ldcache *c, const struct table *t,
			    uint64_t ext)
{
	uint64_t base = t->strings, at, count, i, k;

	if (!ext || ext > t->size - base || t->size - base - ext < 8 ||
	    load(t->data + base + ext, 4, t->msb) != EXT_MAGIC)
		return;
	at = base + ext + 8;
	count = load(t->data + base + ext + 4, 4, t->msb);
	if (!fits(at, count, 16, t->size))
		return;
	for (i = 0; i < count; i++, at += 16) {
		uint32_t tag = (uint32_t)load(t->data + at, 4, t->msb);
		uint64_t off = load(t->data + at + 8, 4, t->msb);
		uint64_t size = load(t->data + at + 12, 4, t->msb);

		if (off > t->size - base || size > t->size - base - off)
			continue;
		if (tag == EXT_GENERATOR) {
			c->generator = (const char *)t->data + base + off;
			c->generator_len = (size_t)size;
		} else if (tag == EXT_GLIBC_HWCAPS) {
			for (k = 0; k < c->nr; k++)
				name_hwcap(&c->v[k], t, base + off, size / 4);
		}
	}
}

static int parse_new(struct ldcache *c, const unsigned char *data, size_t size,
		     uint64_t at, const char *name, struct err *e)
{
	struct table t;
	uint8_t order;

	if (size - at < NEW_HEADER)
		return bad(e, name, at, "truncated cache header");
	if (memcmp(data + at, NEW_MAGIC, NEW_MAGIC_LEN))
		return bad(e, name, at, "not a glibc-ld.so.cache1.1 header");
	order = data[at + 28] & 3;
	if (order == 1)
		return bad(e, name, at + 28, "the cache marks itself invalid");
	memset(&t, 0, sizeof(t));
	t.data = data;
	t.size = size;
	t.name = name;
	t.is_new = 1;
	t.entries = at + NEW_HEADER;
	t.strings = at;
	/* No order recorded (ldconfig before 2.33): the one whose count fits. */
	t.msb = order == 3 || (order == 0 && !fits(t.entries, load(data + at + 20, 4, 0),
						  NEW_ENTRY, size));
	t.nr = load(data + at + 20, 4, t.msb);
	if (!fits(t.entries, t.nr, NEW_ENTRY, size))
		return bad(e, name, at + 20, "more entries than the file holds");
	c->format = LDCACHE_NEW;
	c->msb = t.msb;
	if (read_entries(c, &t, e))
		return -1;
	read_extensions(c, &t, load(data + at + 32, 4, t.msb));
	return 0;
}

static int parse_old(struct ldcache *c, const unsigned char *data, size_t size,
		     const char *name, struct err *e)
{
	struct table t;
	uint64_t end, next;

	if (size < OLD_HEADER)
		return bad(e, name, 0, "truncated cache header");
	memset(&t, 0, sizeof(t));
	t.data = data;
	t.size = size;
	t.name = name;
	t.entries = OLD_HEADER;
	t.msb = !fits(OLD_HEADER, load(data + 12, 4, 0), OLD_ENTRY, size);
	t.nr = load(data + 12, 4, t.msb);
	if (!fits(OLD_HEADER, t.nr, OLD_ENTRY, size))
		return bad(e, name, 12, "more entries than the file holds");
	end = OLD_HEADER + t.nr * OLD_ENTRY;
	next = (end + 7) & ~(uint64_t)7;
	if (next + NEW_MAGIC_LEN <= size && !memcmp(data + next, NEW_MAGIC, NEW_MAGIC_LEN))
		return parse_new(c, data, size, next, name, e);
	t.strings = end;
	c->format = LDCACHE_OLD;
	c->msb = t.msb;
	return read_entries(c, &t, e);
}

int ldcache_parse(struct ldcache *c, const void *buf, size_t size,
		  const char *name, struct err *e)
{
	const unsigned char *data = buf;
	int rc;

	memset(c, 0, sizeof(*c));
	if (size >= OLD_MAGIC_LEN && !memcmp(data, OLD_MAGIC, OLD_MAGIC_LEN))
		rc = parse_old(c, data, size, name, e);
	else if (size >= NEW_MAGIC_LEN && !memcmp(data, NEW_MAGIC, NEW_MAGIC_LEN))
		rc = parse_new(c, data, size, 0, name, e);
	else
		rc = err_at(e, name, 0, 0, "not an ld.so.cache file (no 'ld.so-1.7.0' or 'glibc-ld.so.cache1.1' magic)");
	if (rc)
		ldcache_release(c);
	return rc;
}

void ldcache_release(struct ldcache *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* e_machine values (the ELF specification's). */
enum {
	M_SPARCV9 = 43, M_IA_64 = 50, M_X86_64 = 62, M_S390 = 22,
	M_PPC64 = 21, M_MIPS = 8, M_ARM = 40, M_AARCH64 = 183,
	M_RISCV = 243, M_LOONGARCH = 258, M_386 = 3, M_PPC = 20,
};

#define EF_ARM_ABI_FLOAT_HARD 0x400u
#define EF_RISCV_FLOAT_ABI_MASK 0x6u
#define EF_LARCH_ABI_MASK 0x7u

long ldcache_abi_for_elf(unsigned machine, int is64, uint32_t e_flags)
{
	switch (machine) {
	case M_X86_64:
		return is64 ? LDCACHE_ABI_X8664_LIB64 : LDCACHE_ABI_X8664_LIBX32;
	case M_386:
	case M_PPC:
		return 0;
	case M_AARCH64:
		return is64 ? (long)LDCACHE_ABI_AARCH64_LIB64 : -1L;
	case M_ARM:
		return e_flags & EF_ARM_ABI_FLOAT_HARD ? LDCACHE_ABI_ARM_LIBHF
						       : LDCACHE_ABI_ARM_LIBSF;
	case M_PPC64:
		return LDCACHE_ABI_POWERPC_LIB64;
	case M_S390:
		return is64 ? LDCACHE_ABI_S390_LIB64 : 0;
	case M_SPARCV9:
		return LDCACHE_ABI_SPARC_LIB64;
	case M_IA_64:
		return LDCACHE_ABI_IA64_LIB64;
	case M_RISCV:
		/* double-float is the Linux distributions' ABI (lp64d) */
		return (e_flags & EF_RISCV_FLOAT_ABI_MASK) == 0 ? LDCACHE_ABI_RISCV_SOFT
								 : LDCACHE_ABI_RISCV_DOUBLE;
	case M_LOONGARCH:
		return (e_flags & EF_LARCH_ABI_MASK) == 1 ? LDCACHE_ABI_LARCH_SOFT
							  : LDCACHE_ABI_LARCH_DOUBLE;
	default:
		return -1;	/* MIPS and others: let the ELF header decide */
	}
}

const char *ldcache_flags_name(uint32_t flags, char buf[64])
{
	static const char *const abis[] = {
		"", ",64bit", ",IA-64", ",x86-64", ",64bit", ",64bit", ",N32",
		",64bit", ",x32", ",hard-float", ",AArch64", ",soft-float",
		",nan2008", ",N32,nan2008", ",64bit,nan2008", ",soft-float",
		",double-float", ",soft-float", ",double-float",
	};
	const char *type;
	unsigned abi = (flags & LDCACHE_FLAG_ABI_MASK) >> 8;

	switch (flags & LDCACHE_FLAG_TYPE_MASK) {
	case 0: type = "libc4"; break;
	case 1: type = "ELF"; break;
	case 2: type = "libc5"; break;
	case 3: type = "libc6"; break;
	default: type = "unknown"; break;
	}
	if (abi < sizeof(abis) / sizeof(abis[0]))
		snprintf(buf, 64, "%s%s", type, abis[abi]);
	else
		snprintf(buf, 64, "%s,%u", type, flags & LDCACHE_FLAG_ABI_MASK);
	return buf;
}
