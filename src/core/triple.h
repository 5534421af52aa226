/*
 * Target triples: one table that maps the GNU spelling
 * (`arm-linux-gnueabihf`, `x86_64-w64-mingw32`), the Rust spelling
 * (`armv7-unknown-linux-gnueabihf`, `aarch64-pc-windows-msvc`) and common
 * aliases of a target to the facts wheelwright needs about it.
 *
 * The CPU here is the platform tag's spelling of the architecture, which is
 * not the triple's: a Debian armhf machine is `armv7l` in wheel tags but
 * `arm-linux-gnueabihf` in EXT_SUFFIX (MISSION.md failure 4). Neither is
 * guessed from the other: the table says both, and the target's own
 * sysconfigdata has the last word on EXT_SUFFIX.
 *
 * The rows are static data: pointers returned here stay valid for the life
 * of the program and must not be freed.
 */
#ifndef WW_TRIPLE_H
#define WW_TRIPLE_H

#include "../base/err.h"

struct triple {
	const char *name;	/* canonical: GNU form when there is one */
	const char *rust;	/* Rust target name; "" if Rust has none */
	const char *os;		/* linux windows macos freebsd netbsd openbsd
				   aix android cygwin */
	const char *env;	/* gnu musl msvc mingw android; "" for none */
	const char *cpu;	/* as platform tags spell it: x86_64 i686
				   aarch64 armv7l ppc64le s390x arm64 amd64
				   arm64_v8a ... */
	int pointer_width;	/* 32 or 64 */
	const char *byteorder;	/* "little" or "big" */
	const char *multiarch;	/* Debian/CPython MULTIARCH; "" if none */
	const char *debian_arch;	/* dpkg architecture; "" if none */
	const char *gnu_prefix;	/* cross tool prefix ("aarch64-linux-gnu-");
				   "" when there is no GNU toolchain */
	const char *clang_target;	/* for clang --target= */
	const char *win_tag;	/* Windows platform tag: win_amd64 win32
				   win_arm64; "" elsewhere */
	int elf_machine;	/* e_machine of ELF targets, else 0 */
	int pe_machine;		/* IMAGE_FILE_MACHINE_* of PE targets, else 0 */
	const char *const *aliases;	/* other accepted names, NULL-ended */
};

/*
 * Finds a triple by any of its names (case does not matter). A name not in
 * the table but of the form CPU-VENDOR-OS[-ENV] is also found when dropping
 * the vendor gives a known GNU name (`aarch64-redhat-linux-gnu`).
 * Returns NULL when unknown.
 */
const struct triple *triple_find(const char *name);

/*
 * triple_find, or an error "unknown target triple 'NAME'" whose hint lists
 * the closest known names.
 */
int triple_lookup(const char *name, const struct triple **out, struct err *e);

/*
 * The first row for a machine named by its OS and its platform-tag CPU
 * ("linux", "armv7l"): on Linux that is the glibc row. With os NULL, the
 * first row of any OS with that CPU. NULL when there is none. Used to fill
 * a configuration's machine facts (pointer width, byte order, multiarch,
 * tool prefix) from the one table instead of a second list.
 */
const struct triple *triple_for_cpu(const char *os, const char *cpu);

/* The table, for listing and tests. */
const struct triple *triple_table(size_t *count);

#endif
