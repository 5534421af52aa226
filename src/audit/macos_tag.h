/*
 * macOS platform tags (macosx_<major>_<minor>_<arch>): the release a wheel
 * promises and the CPUs a binary needs for it. A multi-architecture tag
 * names a set: universal2 is arm64 and x86_64, intel is i386 and x86_64,
 * and so on (the sets of packaging's tags module and of delocate).
 */
#ifndef WW_MACOS_TAG_H
#define WW_MACOS_TAG_H

#include <stdint.h>

#define MACOS_TAG_MAX_ARCHS 4

struct macos_tag {
	uint32_t version;	/* as Mach-O packs it: 10.9 is 0x000a0900 */
	const char *arch;	/* the tag's word: "universal2", "x86_64" ... */
	const char *archs[MACOS_TAG_MAX_ARCHS + 1];	/* NULL-terminated;
							   empty when unknown */
};

/* Reads "macosx_10_9_universal2". Returns 0 when tag is not a macOS tag. */
int macos_tag_parse(const char *tag, struct macos_tag *out);

/*
 * The oldest macOS a CPU runs: 11.0 for arm64 (Apple silicon came with
 * macOS 11, so pip only installs arm64 wheels there), else 0.
 */
uint32_t macos_arch_floor(const char *arch);

#endif
