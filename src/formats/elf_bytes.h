/*
 * Private to the ELF reader and editor: fixed-width integers in either
 * byte order, and range checks that cannot overflow.
 *
 * Nothing here checks bounds by itself: a caller first proves, with
 * elf_span() or elf_range_ok(), that the bytes it is about to read lie in
 * the buffer, then reads them field by field with an elf_reader.
 */
#ifndef WW_FORMATS_ELF_BYTES_H
#define WW_FORMATS_ELF_BYTES_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t elf_load(const unsigned char *p, int width, int msb)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < width; i++) {
		int k = msb ? i : width - 1 - i;

		v = (v << 8) | p[k];
	}
	return v;
}

static inline void elf_store(unsigned char *p, int width, int msb,
			     uint64_t v)
{
	int i;

	for (i = 0; i < width; i++) {
		int k = msb ? width - 1 - i : i;

		p[k] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

/* Whether [off, off+len) lies within [0, size). */
static inline int elf_range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* Whether count entries of entsize bytes from off lie within size. */
static inline int elf_array_ok(uint64_t off, uint64_t count,
			       uint64_t entsize, uint64_t size)
{
	if (off > size)
		return 0;
	if (!entsize)
		return 1;
	return count <= (size - off) / entsize;
}

/* A cursor that reads consecutive fields of one record. */
struct elf_reader {
	const unsigned char *p;
	int msb;
	int is64;
};

static inline struct elf_reader elf_reader_at(const unsigned char *p,
					      int msb, int is64)
{
	struct elf_reader r;

	r.p = p;
	r.msb = msb;
	r.is64 = is64;
	return r;
}

static inline uint8_t er_u8(struct elf_reader *r)
{
	return *r->p++;
}

static inline uint16_t er_u16(struct elf_reader *r)
{
	uint16_t v = (uint16_t)elf_load(r->p, 2, r->msb);

	r->p += 2;
	return v;
}

static inline uint32_t er_u32(struct elf_reader *r)
{
	uint32_t v = (uint32_t)elf_load(r->p, 4, r->msb);

	r->p += 4;
	return v;
}

static inline uint64_t er_u64(struct elf_reader *r)
{
	uint64_t v = elf_load(r->p, 8, r->msb);

	r->p += 8;
	return v;
}

/* An address, offset or size: 4 bytes in ELFCLASS32, 8 in ELFCLASS64. */
static inline uint64_t er_word(struct elf_reader *r)
{
	return r->is64 ? er_u64(r) : er_u32(r);
}

/* The writing twin of elf_reader, for the editor. */
struct elf_writer {
	unsigned char *p;
	int msb;
	int is64;
};

static inline struct elf_writer elf_writer_at(unsigned char *p, int msb,
					      int is64)
{
	struct elf_writer w;

	w.p = p;
	w.msb = msb;
	w.is64 = is64;
	return w;
}

static inline void ew_u16(struct elf_writer *w, uint64_t v)
{
	elf_store(w->p, 2, w->msb, v);
	w->p += 2;
}

static inline void ew_u32(struct elf_writer *w, uint64_t v)
{
	elf_store(w->p, 4, w->msb, v);
	w->p += 4;
}

static inline void ew_u64(struct elf_writer *w, uint64_t v)
{
	elf_store(w->p, 8, w->msb, v);
	w->p += 8;
}

static inline void ew_word(struct elf_writer *w, uint64_t v)
{
	if (w->is64)
		ew_u64(w, v);
	else
		ew_u32(w, v);
}

/* Sizes of the records, by class. */
static inline size_t elf_ehdr_size(int is64) { return is64 ? 64 : 52; }
static inline size_t elf_phdr_size(int is64) { return is64 ? 56 : 32; }
static inline size_t elf_shdr_size(int is64) { return is64 ? 64 : 40; }
static inline size_t elf_dyn_size(int is64) { return is64 ? 16 : 8; }
static inline size_t elf_sym_size(int is64) { return is64 ? 24 : 16; }

#endif
