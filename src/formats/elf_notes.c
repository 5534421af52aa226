/*
 * ELF reader: notes, for the one fact taken from them, the x86 ISA level
 * a file needs (GNU_PROPERTY_X86_ISA_1_NEEDED in the NT_GNU_PROPERTY_TYPE_0
 * note that binutils 2.36 and later write; glibc's loader refuses a file
 * needing a level the CPU lacks).
 */
#include "elf.h"
#include "elf_bytes.h"
#include "elf_private.h"

#include <string.h>

enum {
	NT_GNU_PROPERTY_TYPE_0 = 5,
};

#define GNU_PROPERTY_X86_ISA_1_NEEDED 0xc0008002u

/* Scans the properties of one NT_GNU_PROPERTY_TYPE_0 descriptor. */
static int scan_properties(const struct elf_file *ef, uint64_t off,
			   uint64_t size, uint32_t *bits, struct err *e)
{
	uint64_t pad = ef->is64 ? 8 : 4, pos = 0;

	while (size - pos >= 8) {
		struct elf_reader r = elf_reader_at(ef->data + off + pos,
						    ef->msb, ef->is64);
		uint32_t type = er_u32(&r), datasz = er_u32(&r);

		pos += 8;
		if (datasz > size - pos)
			return elf_bad(ef, e, "GNU property at offset 0x%llx runs past its note",
				       (unsigned long long)(off + pos - 8));
		if (type == GNU_PROPERTY_X86_ISA_1_NEEDED && datasz == 4) {
			*bits = (uint32_t)elf_load(ef->data + off + pos, 4,
						   ef->msb);
			return 1;
		}
		pos += (datasz + pad - 1) / pad * pad;
		if (pos > size)
			break;
	}
	return 0;
}

/* Walks the notes in [off, off+size), aligned to align (4 or 8). */
static int scan_notes(const struct elf_file *ef, uint64_t off, uint64_t size,
		      uint64_t align, uint32_t *bits, struct err *e)
{
	uint64_t pos = 0;

	if (!elf_range_ok(off, size, ef->size))
		return elf_bad(ef, e, "note (offset 0x%llx, size 0x%llx) extends past the end of the file",
			       (unsigned long long)off,
			       (unsigned long long)size);
	while (size - pos >= 12) {
		struct elf_reader r = elf_reader_at(ef->data + off + pos,
						    ef->msb, ef->is64);
		uint64_t namesz = er_u32(&r), descsz = er_u32(&r);
		uint32_t type = er_u32(&r);
		uint64_t name = pos + 12;
		/* The descriptor starts aligned from the note's start. */
		uint64_t desc = (name + namesz + align - 1) / align * align;

		if (namesz > size || desc > size || descsz > size - desc)
			return elf_bad(ef, e, "note at offset 0x%llx runs past the end of its segment",
				       (unsigned long long)(off + pos));
		if (type == NT_GNU_PROPERTY_TYPE_0 && namesz == 4 &&
		    !memcmp(ef->data + off + name, "GNU", 4)) {
			int found = scan_properties(ef, off + desc, descsz,
						    bits, e);

			if (found)
				return found;
		}
		pos = desc + (descsz + align - 1) / align * align;
		if (pos > size)
			break;
	}
	return 0;
}

int elf_x86_isa_needed(const struct elf_file *ef, uint32_t *bits,
		       struct err *e)
{
	size_t i;
	int found, seen_segment = 0;

	for (i = 0; i < ef->nphdrs; i++) {
		const struct elf_phdr *ph = &ef->phdrs[i];

		if (ph->type != ELF_PT_NOTE)
			continue;
		seen_segment = 1;
		found = scan_notes(ef, ph->offset, ph->filesz,
				   ph->align == 8 ? 8 : 4, bits, e);
		if (found)
			return found;
	}
	if (seen_segment)
		return 0;
	for (i = 1; i < ef->nshdrs; i++) {
		const struct elf_shdr *sh = &ef->shdrs[i];

		if (sh->type != ELF_SHT_NOTE)
			continue;
		found = scan_notes(ef, sh->offset, sh->size,
				   sh->addralign == 8 ? 8 : 4, bits, e);
		if (found)
			return found;
	}
	return 0;
}

int elf_x86_isa_level(uint32_t bits)
{
	int level = 0;

	while (bits && level < 32) {
		level++;
		bits >>= 1;
	}
	return level;
}
