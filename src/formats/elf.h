/*
 * ELF reader: a bounds-checked view of an ELF file held in memory.
 *
 * The caller reads the file (read_file) and keeps the buffer alive; the
 * reader never copies it. Every string this module hands out (section
 * names, DT_NEEDED names, symbol names, version names, the interpreter)
 * points into that buffer and has been checked to end with a NUL inside
 * its table, so it is valid exactly as long as the buffer is.
 *
 * 32- and 64-bit files, little and big endian, are read field by field
 * through the helpers of elf_bytes.h. Files without section headers are
 * read through the program headers: PT_DYNAMIC, then DT_STRTAB, DT_SYMTAB,
 * DT_VERSYM, DT_VERNEED, DT_VERDEF, DT_HASH and DT_GNU_HASH, with virtual
 * addresses mapped to file offsets through the PT_LOAD segments.
 *
 * Malformed input (truncation, offsets out of range, tables that overlap
 * or loop, counts larger than the file can hold) is an error with the
 * file's name and the offending offset in the message; the reader never
 * allocates more than a small multiple of the file's size.
 */
#ifndef WW_FORMATS_ELF_H
#define WW_FORMATS_ELF_H

#include "../base/err.h"

#include <stddef.h>
#include <stdint.h>

/* Constants of the ELF specification that callers need (names as in it). */
enum {
	ELF_CLASS32 = 1, ELF_CLASS64 = 2,
	ELF_DATA_LSB = 1, ELF_DATA_MSB = 2,

	ELF_ET_REL = 1, ELF_ET_EXEC = 2, ELF_ET_DYN = 3, ELF_ET_CORE = 4,

	ELF_EM_SPARC = 2, ELF_EM_386 = 3, ELF_EM_68K = 4, ELF_EM_MIPS = 8,
	ELF_EM_PARISC = 15, ELF_EM_PPC = 20, ELF_EM_PPC64 = 21,
	ELF_EM_S390 = 22, ELF_EM_ARM = 40, ELF_EM_SH = 42,
	ELF_EM_SPARCV9 = 43, ELF_EM_IA_64 = 50, ELF_EM_X86_64 = 62,
	ELF_EM_AARCH64 = 183, ELF_EM_RISCV = 243, ELF_EM_LOONGARCH = 258,
	ELF_EM_ALPHA = 0x9026,

	ELF_PT_NULL = 0, ELF_PT_LOAD = 1, ELF_PT_DYNAMIC = 2,
	ELF_PT_INTERP = 3, ELF_PT_NOTE = 4, ELF_PT_SHLIB = 5,
	ELF_PT_PHDR = 6, ELF_PT_TLS = 7,

	ELF_PF_X = 1, ELF_PF_W = 2, ELF_PF_R = 4,

	ELF_SHT_NULL = 0, ELF_SHT_PROGBITS = 1, ELF_SHT_SYMTAB = 2,
	ELF_SHT_STRTAB = 3, ELF_SHT_HASH = 5, ELF_SHT_DYNAMIC = 6,
	ELF_SHT_NOTE = 7, ELF_SHT_NOBITS = 8, ELF_SHT_DYNSYM = 11,

	ELF_SHN_UNDEF = 0, ELF_SHN_LORESERVE = 0xff00, ELF_SHN_ABS = 0xfff1,
	ELF_SHN_COMMON = 0xfff2, ELF_SHN_XINDEX = 0xffff,

	ELF_STB_LOCAL = 0, ELF_STB_GLOBAL = 1, ELF_STB_WEAK = 2,
	ELF_STB_GNU_UNIQUE = 10,
	ELF_STT_NOTYPE = 0, ELF_STT_OBJECT = 1, ELF_STT_FUNC = 2,
	ELF_STT_SECTION = 3, ELF_STT_FILE = 4, ELF_STT_COMMON = 5,
	ELF_STT_TLS = 6, ELF_STT_GNU_IFUNC = 10,
	ELF_STV_DEFAULT = 0, ELF_STV_INTERNAL = 1, ELF_STV_HIDDEN = 2,
	ELF_STV_PROTECTED = 3,

	/* e_flags of 32-bit ARM */
	ELF_EF_ARM_ABI_FLOAT_SOFT = 0x200,
	ELF_EF_ARM_ABI_FLOAT_HARD = 0x400,
};

#define ELF_EF_ARM_EABIMASK 0xff000000u

/* Segment and section types above the int range of an enum. */
#define ELF_PT_GNU_EH_FRAME 0x6474e550u
#define ELF_PT_GNU_STACK 0x6474e551u
#define ELF_PT_GNU_RELRO 0x6474e552u
#define ELF_PT_GNU_PROPERTY 0x6474e553u
#define ELF_SHT_GNU_HASH 0x6ffffff6u
#define ELF_SHT_GNU_VERDEF 0x6ffffffdu
#define ELF_SHT_GNU_VERNEED 0x6ffffffeu
#define ELF_SHT_GNU_VERSYM 0x6fffffffu

/* Dynamic tags (d_tag). */
#define ELF_DT_NULL 0
#define ELF_DT_NEEDED 1
#define ELF_DT_PLTRELSZ 2
#define ELF_DT_HASH 4
#define ELF_DT_STRTAB 5
#define ELF_DT_SYMTAB 6
#define ELF_DT_STRSZ 10
#define ELF_DT_SYMENT 11
#define ELF_DT_SONAME 14
#define ELF_DT_RPATH 15
#define ELF_DT_DEBUG 21
#define ELF_DT_FLAGS 30
#define ELF_DT_RUNPATH 29
#define ELF_DT_GNU_HASH 0x6ffffef5
#define ELF_DT_VERSYM 0x6ffffff0
#define ELF_DT_FLAGS_1 0x6ffffffb
#define ELF_DT_VERDEF 0x6ffffffc
#define ELF_DT_VERDEFNUM 0x6ffffffd
#define ELF_DT_VERNEED 0x6ffffffe
#define ELF_DT_VERNEEDNUM 0x6fffffff
#define ELF_DT_AUXILIARY 0x7ffffffd
#define ELF_DT_FILTER 0x7fffffff

struct elf_phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct elf_shdr {
	const char *name;	/* "" when the file has no section names */
	uint32_t name_off;
	uint32_t type;
	uint64_t flags, addr, offset, size;
	uint32_t link, info;
	uint64_t addralign, entsize;
};

struct elf_dyn {
	int64_t tag;
	uint64_t val;
};

struct elf_file {
	const char *name;		/* for messages; borrowed */
	const unsigned char *data;	/* the caller's buffer; borrowed */
	size_t size;

	int is64;			/* ELFCLASS64 */
	int msb;			/* big endian (ELFDATA2MSB) */
	uint8_t osabi, abiversion;
	uint16_t type, machine;
	uint32_t flags;
	uint64_t entry;
	uint64_t phoff, shoff;
	uint16_t phentsize, shentsize;

	struct elf_phdr *phdrs;
	size_t nphdrs;
	struct elf_shdr *shdrs;		/* shdrs[0] is the null section */
	size_t nshdrs;
	size_t shstrndx;	/* the section name table; 0 when none */

	/*
	 * The dynamic array (from PT_DYNAMIC, else the SHT_DYNAMIC section):
	 * the entries before the first DT_NULL, the file offset of the array
	 * and how many entries its space holds (DT_NULL padding included).
	 */
	struct elf_dyn *dyn;
	size_t ndyn;
	int has_dynamic;
	uint64_t dyn_offset;
	size_t dyn_slots;

	/* The dynamic string table (DT_STRTAB/DT_STRSZ), when there is one. */
	int has_dynstr;
	uint64_t dynstr_offset, dynstr_size;

	/* Facts from the dynamic array and PT_INTERP; NULL when absent. */
	const char *interp;
	const char *soname;
	const char *rpath;
	const char *runpath;
	const char **needed;		/* in file order */
	size_t nneeded;
	uint64_t dt_flags, dt_flags_1;
};

/*
 * Parses the headers, the segments, the sections and the dynamic array of
 * the ELF image data[0..size). name is used in error messages. On error
 * the file is left released.
 */
int elf_parse(struct elf_file *ef, const void *data, size_t size,
	      const char *name, struct err *e);
void elf_release(struct elf_file *ef);

/* Whether data starts with the ELF magic. */
int elf_is_elf(const void *data, size_t size);

/*
 * The machine as a short name: "x86_64", "i386", "aarch64", "arm",
 * "ppc64", "ppc64le", "ppc", "s390x", "s390", "riscv64", "riscv32",
 * "loongarch64", "mips", "mipsel", "mips64", "mips64el", "sparc64", ...;
 * "unknown" for others.
 */
const char *elf_machine_name(const struct elf_file *ef);
/* "NONE", "REL", "EXEC", "DYN", "CORE" or "UNKNOWN". */
const char *elf_type_name(uint16_t type);
/* 32-bit ARM with the EABI hard-float flag (armhf). */
int elf_arm_hard_float(const struct elf_file *ef);

/* The first section called name, or NULL. */
const struct elf_shdr *elf_section_by_name(const struct elf_file *ef,
					   const char *name);
/* The first section of type type, or NULL. */
const struct elf_shdr *elf_section_by_type(const struct elf_file *ef,
					   uint32_t type);
/* The first program header of type type, or NULL. */
const struct elf_phdr *elf_segment_by_type(const struct elf_file *ef,
					   uint32_t type);

/*
 * Maps [vaddr, vaddr+len) to a file offset through the PT_LOAD segment
 * holding it wholly in file-backed bytes. Returns 0, or -1 if none does.
 */
int elf_vaddr_to_offset(const struct elf_file *ef, uint64_t vaddr,
			uint64_t len, uint64_t *offset);

/* The value of the first dynamic entry with tag, or 0 when absent. */
int elf_dyn_get(const struct elf_file *ef, int64_t tag, uint64_t *val);
/* The string at off in the dynamic string table, or NULL if invalid. */
const char *elf_dynstr(const struct elf_file *ef, uint64_t off);

/* Symbols of .dynsym or .symtab (the null symbol 0 is left out). */
struct elf_symbol {
	const char *name;
	uint64_t value, size;
	uint8_t bind, type, visibility;
	uint16_t shndx;		/* ELF_SHN_UNDEF for an undefined symbol */
	const char *version;	/* NULL when unversioned */
	const char *version_file; /* undefined: the file that defines it */
	int version_hidden;	/* sym@VER rather than sym@@VER */
	size_t index;		/* in its table */
};

struct elf_symbols {
	struct elf_symbol *v;
	size_t nr, alloc;
};

#define ELF_SYMBOLS_INIT { NULL, 0, 0 }
void elf_symbols_release(struct elf_symbols *syms);

/* .dynsym with versions; an empty list when the file has none. */
int elf_read_dynsyms(const struct elf_file *ef, struct elf_symbols *out,
		     struct err *e);
/*
 * Where .gnu.version (DT_VERSYM) is: the file offset of its array of
 * 16-bit entries, one per .dynsym symbol. Returns 1, 0 when the file has
 * none, -1 on error.
 */
int elf_find_versym(const struct elf_file *ef, uint64_t *offset,
		    struct err *e);
/* .symtab (no versions); an empty list when the file has none. */
int elf_read_symtab(const struct elf_file *ef, struct elf_symbols *out,
		    struct err *e);
int elf_symbol_defined(const struct elf_symbol *s);

/* Version needs (.gnu.version_r): a file and the versions wanted from it. */
struct elf_vernaux {
	const char *name;	/* "GLIBC_2.17" */
	uint32_t hash;
	uint16_t flags, other;	/* other: the index used in .gnu.version */
};

struct elf_verneed {
	const char *file;	/* "libc.so.6" */
	struct elf_vernaux *aux;
	size_t naux;
	uint64_t offset;	/* file offset of the Verneed entry */
};

/* Version definitions (.gnu.version_d). */
struct elf_verdef {
	uint16_t ndx, flags;	/* flags: 1 = VER_FLG_BASE */
	const char *name;
	const char **parents;	/* the further Verdaux names */
	size_t nparents;
};

struct elf_versions {
	struct elf_verneed *needs;
	size_t nneeds, alloc_needs;
	struct elf_verdef *defs;
	size_t ndefs, alloc_defs;
	uint64_t verneed_offset;	/* where the table is, when present */
	size_t verneed_count;
};

#define ELF_VERSIONS_INIT { NULL, 0, 0, NULL, 0, 0, 0, 0 }
int elf_read_versions(const struct elf_file *ef, struct elf_versions *out,
		      struct err *e);
void elf_versions_release(struct elf_versions *v);

/*
 * The x86 ISA levels the file says it needs (GNU_PROPERTY_X86_ISA_1_NEEDED
 * in the NT_GNU_PROPERTY_TYPE_0 note): bit 0 baseline, bit 1 x86-64-v2,
 * bit 2 v3, bit 3 v4. Returns 1 and sets *bits when the property is there,
 * 0 when it is not, -1 on a malformed note.
 */
int elf_x86_isa_needed(const struct elf_file *ef, uint32_t *bits,
		       struct err *e);
/* The highest level in bits (1 baseline .. 4 v4), 0 for none. */
int elf_x86_isa_level(uint32_t bits);

#endif
