/*
 * Names of Mach-O values (macho.h): CPUs as Apple's tools and the platform
 * tags spell them, file types, load commands and platforms; and the
 * xxxx.yy.zz version encoding.
 */
#include "macho.h"

#include <stdio.h>

struct arch_row {
	uint32_t cputype, subtype;	/* subtype without the capability bits */
	const char *name;
};

/* The subtypes Apple's tools name; "ALL" (the first of a CPU) otherwise. */
static const struct arch_row arches[] = {
	{ MACHO_CPU_X86_64, 3, "x86_64" },
	{ MACHO_CPU_X86_64, 8, "x86_64h" },
	{ MACHO_CPU_ARM64, 0, "arm64" },
	{ MACHO_CPU_ARM64, 1, "arm64" },	/* CPU_SUBTYPE_ARM64_V8 */
	{ MACHO_CPU_ARM64, MACHO_SUBTYPE_ARM64E, "arm64e" },
	{ MACHO_CPU_ARM64_32, 1, "arm64_32" },
	{ MACHO_CPU_X86, 3, "i386" },
	{ MACHO_CPU_POWERPC, 0, "ppc" },
	{ MACHO_CPU_POWERPC, 10, "ppc7400" },
	{ MACHO_CPU_POWERPC, 11, "ppc7450" },
	{ MACHO_CPU_POWERPC, 100, "ppc970" },
	{ MACHO_CPU_POWERPC64, 0, "ppc64" },
	{ MACHO_CPU_POWERPC64, 100, "ppc970-64" },
	{ MACHO_CPU_ARM, 0, "arm" },
	{ MACHO_CPU_ARM, 6, "armv6" },
	{ MACHO_CPU_ARM, 9, "armv7" },
	{ MACHO_CPU_ARM, 11, "armv7s" },
	{ MACHO_CPU_ARM, 12, "armv7k" },
};

const char *macho_arch_name(uint32_t cputype, uint32_t cpusubtype)
{
	uint32_t sub = cpusubtype & MACHO_SUBTYPE_MASK;
	size_t i;

	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (arches[i].cputype == cputype && arches[i].subtype == sub)
			return arches[i].name;
	return NULL;
}

const char *macho_slice_arch(const struct macho_slice *s, char *buf,
			     size_t size)
{
	const char *name = macho_arch_name(s->cputype, s->cpusubtype);

	if (name)
		return name;
	snprintf(buf, size, "cputype 0x%x", s->cputype);
	return buf;
}

const char *macho_filetype_name(uint32_t filetype)
{
	static const char *const names[] = {
		NULL, "MH_OBJECT", "MH_EXECUTE", "MH_FVMLIB", "MH_CORE",
		"MH_PRELOAD", "MH_DYLIB", "MH_DYLINKER", "MH_BUNDLE",
		"MH_DYLIB_STUB", "MH_DSYM", "MH_KEXT_BUNDLE", "MH_FILESET",
	};

	return filetype < sizeof(names) / sizeof(names[0]) ? names[filetype] : NULL;
}

const char *macho_command_name(uint32_t cmd)
{
	switch (cmd) {
	case MACHO_LC_SYMTAB: return "LC_SYMTAB";
	case MACHO_LC_LOAD_DYLIB: return "LC_LOAD_DYLIB";
	case MACHO_LC_ID_DYLIB: return "LC_ID_DYLIB";
	case MACHO_LC_LOAD_WEAK_DYLIB: return "LC_LOAD_WEAK_DYLIB";
	case MACHO_LC_RPATH: return "LC_RPATH";
	case MACHO_LC_REEXPORT_DYLIB: return "LC_REEXPORT_DYLIB";
	case MACHO_LC_LAZY_LOAD_DYLIB: return "LC_LAZY_LOAD_DYLIB";
	case MACHO_LC_LOAD_UPWARD_DYLIB: return "LC_LOAD_UPWARD_DYLIB";
	case MACHO_LC_VERSION_MIN_MACOSX: return "LC_VERSION_MIN_MACOSX";
	case MACHO_LC_VERSION_MIN_IPHONEOS: return "LC_VERSION_MIN_IPHONEOS";
	case MACHO_LC_VERSION_MIN_TVOS: return "LC_VERSION_MIN_TVOS";
	case MACHO_LC_VERSION_MIN_WATCHOS: return "LC_VERSION_MIN_WATCHOS";
	case MACHO_LC_BUILD_VERSION: return "LC_BUILD_VERSION";
	case 0x1u: return "LC_SEGMENT";
	case 0x19u: return "LC_SEGMENT_64";
	case 0xbu: return "LC_DYSYMTAB";
	case 0x1bu: return "LC_UUID";
	case 0x1du: return "LC_CODE_SIGNATURE";
	case 0x22u | MACHO_LC_REQ_DYLD: return "LC_DYLD_INFO_ONLY";
	case 0x28u | MACHO_LC_REQ_DYLD: return "LC_MAIN";
	}
	return NULL;
}

const char *macho_platform_name(uint32_t platform)
{
	static const char *const names[] = {
		NULL, "macos", "ios", "tvos", "watchos", "bridgeos",
		"maccatalyst", "iossimulator", "tvossimulator",
		"watchossimulator", "driverkit", "xros", "xrossimulator",
	};

	return platform < sizeof(names) / sizeof(names[0]) ? names[platform] : NULL;
}

int macho_min_macos(const struct macho_slice *s, uint32_t *v)
{
	size_t i;

	for (i = 0; i < s->nr_versions; i++)
		if (s->versions[i].platform == MACHO_PLATFORM_MACOS) {
			*v = s->versions[i].minos;
			return 1;
		}
	return 0;
}

void macho_version_add(struct strbuf *out, uint32_t v)
{
	sb_addf(out, "%u.%u", v >> 16, (v >> 8) & 0xff);
	if (v & 0xff)
		sb_addf(out, ".%u", v & 0xff);
}

int macho_is_load_command(uint32_t cmd)
{
	return cmd == MACHO_LC_LOAD_DYLIB || cmd == MACHO_LC_LOAD_WEAK_DYLIB ||
	       cmd == MACHO_LC_REEXPORT_DYLIB || cmd == MACHO_LC_LAZY_LOAD_DYLIB ||
	       cmd == MACHO_LC_LOAD_UPWARD_DYLIB;
}
