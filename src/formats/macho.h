/*
 * A reader of Mach-O files (macOS .so, .dylib, executables) over a buffer,
 * for the audit and for tests: thin images (32/64-bit, either byte order)
 * and fat ("universal") files, whose big-endian header lists one image per
 * CPU (FAT_MAGIC, or FAT_MAGIC_64 with 64-bit offsets). Per image: the CPU,
 * the file type, and from the load commands the libraries it loads
 * (LC_LOAD_DYLIB and its weak, re-export, lazy and upward kinds), its own
 * install name (LC_ID_DYLIB), its LC_RPATH entries, the OS versions it was
 * built for (LC_BUILD_VERSION, LC_VERSION_MIN_*) and, from LC_SYMTAB, its
 * external symbols, undefined and defined.
 *
 * Field names and values are those of Apple's <mach-o/loader.h>,
 * <mach-o/fat.h> and <mach-o/nlist.h>. Every field is read through bounds
 * checks: a malformed or truncated file gives an error naming what is
 * wrong, never a read outside the buffer. Slices must lie inside the file,
 * after the fat header, without overlapping. The result owns copies of
 * every string; the buffer can be freed as soon as macho_parse() returns.
 */
#ifndef WW_MACHO_H
#define WW_MACHO_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stddef.h>
#include <stdint.h>

/* cputype; the 64-bit ABI bit is part of it. */
#define MACHO_CPU_ABI64 0x01000000u
#define MACHO_CPU_ABI64_32 0x02000000u
#define MACHO_CPU_X86 7u
#define MACHO_CPU_X86_64 (MACHO_CPU_X86 | MACHO_CPU_ABI64)
#define MACHO_CPU_ARM 12u
#define MACHO_CPU_ARM64 (MACHO_CPU_ARM | MACHO_CPU_ABI64)
#define MACHO_CPU_ARM64_32 (MACHO_CPU_ARM | MACHO_CPU_ABI64_32)
#define MACHO_CPU_POWERPC 18u
#define MACHO_CPU_POWERPC64 (MACHO_CPU_POWERPC | MACHO_CPU_ABI64)
/* cpusubtype: the top byte holds capability bits, not the subtype. */
#define MACHO_SUBTYPE_MASK 0x00ffffffu
#define MACHO_SUBTYPE_ARM64E 2u

/* filetype */
#define MACHO_MH_OBJECT 1u
#define MACHO_MH_EXECUTE 2u
#define MACHO_MH_DYLIB 6u
#define MACHO_MH_BUNDLE 8u

/* Load commands (cmd). LC_REQ_DYLD is part of some values. */
#define MACHO_LC_REQ_DYLD 0x80000000u
#define MACHO_LC_SYMTAB 0x2u
#define MACHO_LC_LOAD_DYLIB 0xcu
#define MACHO_LC_ID_DYLIB 0xdu
#define MACHO_LC_LOAD_WEAK_DYLIB (0x18u | MACHO_LC_REQ_DYLD)
#define MACHO_LC_RPATH (0x1cu | MACHO_LC_REQ_DYLD)
#define MACHO_LC_REEXPORT_DYLIB (0x1fu | MACHO_LC_REQ_DYLD)
#define MACHO_LC_LAZY_LOAD_DYLIB 0x20u
#define MACHO_LC_LOAD_UPWARD_DYLIB (0x23u | MACHO_LC_REQ_DYLD)
#define MACHO_LC_VERSION_MIN_MACOSX 0x24u
#define MACHO_LC_VERSION_MIN_IPHONEOS 0x25u
#define MACHO_LC_VERSION_MIN_TVOS 0x2fu
#define MACHO_LC_VERSION_MIN_WATCHOS 0x30u
#define MACHO_LC_BUILD_VERSION 0x32u

/* LC_BUILD_VERSION platforms. */
#define MACHO_PLATFORM_MACOS 1u
#define MACHO_PLATFORM_IOS 2u
#define MACHO_PLATFORM_TVOS 3u
#define MACHO_PLATFORM_WATCHOS 4u
#define MACHO_PLATFORM_MACCATALYST 6u

/* nlist n_desc: an undefined symbol that may be missing at load time. */
#define MACHO_N_WEAK_REF 0x0040u

struct macho_dylib {
	char *name;		/* "/usr/lib/libSystem.B.dylib", "@rpath/x.dylib" */
	uint32_t cmd;		/* MACHO_LC_LOAD_DYLIB, ..._WEAK_, ... */
	uint32_t current_version, compat_version;	/* xxxx.yy.zz */
};

/* An OS a version command names: LC_BUILD_VERSION or LC_VERSION_MIN_*. */
struct macho_os_version {
	uint32_t cmd;
	uint32_t platform;	/* MACHO_PLATFORM_*; LC_VERSION_MIN_* map to one */
	uint32_t minos, sdk;	/* xxxx.yy.zz: 0x000a0900 is 10.9 */
};

struct macho_symbol {
	char *name;		/* as stored, with C's underscore: "_PyInit_m" */
	uint8_t type;		/* n_type */
	uint16_t desc;		/* n_desc */
};

struct macho_slice {
	uint32_t cputype, cpusubtype;
	uint64_t offset, size;	/* of the image in the file */
	/*
	 * A static library ("!<arch>") inside a fat file: the fat header's
	 * CPU is all there is; nothing below is read.
	 */
	int archive;
	int is64, msb;
	uint32_t filetype, flags, ncmds;

	char *id_dylib;		/* LC_ID_DYLIB's name, or NULL */
	struct macho_dylib *dylibs;	/* in load command order */
	size_t nr_dylibs, alloc_dylibs;
	char **rpaths;		/* LC_RPATH entries, in order */
	size_t nr_rpaths, alloc_rpaths;
	struct macho_os_version *versions;
	size_t nr_versions, alloc_versions;

	int has_symtab;
	/* External symbols (N_EXT) of LC_SYMTAB, in table order. */
	struct macho_symbol *undefined;	/* N_UNDF: imports (and commons) */
	size_t nr_undefined, alloc_undefined;
	struct macho_symbol *defined;	/* N_SECT, N_ABS, N_INDR: exports */
	size_t nr_defined, alloc_defined;
};

struct macho_file {
	int fat;		/* 0: a thin image; 32 or 64: the fat header's kind */
	struct macho_slice *slices;	/* one for a thin file; fat: header order */
	size_t nr_slices;
};

void macho_file_init(struct macho_file *m);
void macho_file_release(struct macho_file *m);

/*
 * Reads buf[0..len) into m (which must be empty). filename only names the
 * file in errors. Returns -1 with e set on malformed input ("not a Mach-O
 * file: ..." or "malformed Mach-O file: ..."); m must be released either
 * way.
 */
int macho_parse(struct macho_file *m, const void *buf, size_t len,
		const char *filename, struct err *e);

/*
 * The architecture name Apple's tools (and platform tags) use: "x86_64",
 * "x86_64h", "arm64", "arm64e", "i386", "ppc", "ppc64", "armv7"...; NULL
 * when unknown.
 */
const char *macho_arch_name(uint32_t cputype, uint32_t cpusubtype);
/* The slice's arch name, or "cputype 0x..." in buf for an unknown CPU. */
const char *macho_slice_arch(const struct macho_slice *s, char *buf,
			     size_t size);
/* "MH_BUNDLE", "LC_RPATH", "macos"... ; NULL when unknown. */
const char *macho_filetype_name(uint32_t filetype);
const char *macho_command_name(uint32_t cmd);
const char *macho_platform_name(uint32_t platform);

/*
 * The minimum macOS version of a slice (LC_BUILD_VERSION for macOS, else
 * LC_VERSION_MIN_MACOSX) into *v. Returns 0 when the slice names none.
 */
int macho_min_macos(const struct macho_slice *s, uint32_t *v);

/* Packs a version X.Y.Z as Mach-O does (xxxx.yy.zz). */
#define MACHO_VERSION(x, y, z) ((uint32_t)(x) << 16 | (uint32_t)(y) << 8 | (uint32_t)(z))
/* Appends "10.9", "11.0" or "10.13.4" (the patch only when not 0). */
void macho_version_add(struct strbuf *out, uint32_t v);

/* Whether the dylib command kind is one that loads a library. */
int macho_is_load_command(uint32_t cmd);

#endif
