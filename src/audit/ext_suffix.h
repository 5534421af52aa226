/*
 * What names say: a platform tag's OS and CPU, and an extension module's
 * file name against the interpreter a wheel tag promises (MISSION.md
 * failure 4: "rpds.cpython-312-armv7l-linux-gnueabihf.so" is not imported
 * by an armhf CPython 3.12, which looks for "-arm-linux-gnueabihf.so").
 *
 * The rules are CPython's and PyPy's importlib.machinery.EXTENSION_SUFFIXES:
 *   CPython, POSIX:   .cpython-3XY<abiflags>-<multiarch>.so  .abi3.so  .so
 *                     (a free-threaded build imports no .abi3.so)
 *   CPython, macOS:   .cpython-3XY<abiflags>-darwin.so  .abi3.so  .so
 *   CPython, Windows: .cp3XY[t]-<win platform>.pyd  .pyd  (_d before it
 *                     for debug builds)
 *   PyPy:             .pypy3XY-pp73-<multiarch>.so  (and .so)
 * with <multiarch> the target's GNU triple as its sysconfig says
 * (x86_64-linux-gnu, arm-linux-gnueabihf, i386-linux-gnu, ...).
 */
#ifndef WW_EXT_SUFFIX_H
#define WW_EXT_SUFFIX_H

#include "../base/strbuf.h"

enum plat_os {
	PLAT_ANY,		/* "any" */
	PLAT_LINUX,		/* linux_, manylinux*, musllinux_ */
	PLAT_WINDOWS,		/* win32, win_amd64, win_arm64 */
	PLAT_MACOS,		/* macosx_ */
	PLAT_ANDROID,		/* android_ */
	PLAT_OTHER,		/* anything else: not checked */
};

enum plat_libc {
	PLAT_LIBC_UNKNOWN,	/* linux_<arch>: either */
	PLAT_LIBC_GLIBC,	/* manylinux */
	PLAT_LIBC_MUSL,		/* musllinux */
};

struct plat_info {
	enum plat_os os;
	enum plat_libc libc;
	char arch[32];		/* as policies spell it: "x86_64", "i686",
				   "aarch64", "armv7l", ...; "" if unknown */
};

/* Reads a platform tag. Unknown tags are PLAT_OTHER with no arch. */
void plat_parse(const char *tag, struct plat_info *out);

/*
 * What a CPU (as plat_info spells it) looks like in an ELF header. Returns
 * 0 when arch is not one wheelwright knows.
 */
int plat_elf_machine(const char *arch, unsigned *machine, int *is64,
		     int *msb);
/* The PE machine of a Windows CPU ("x86_64", "i686", "aarch64"), or 0. */
unsigned plat_pe_machine(const char *arch);
/* The platform tag's CPU name for an ELF machine ("x86_64", ...), or NULL. */
const char *plat_arch_of_elf(unsigned machine, int is64, int msb);

/* An extension module's file name, split. */
enum ext_kind {
	EXT_NOT_MODULE,		/* not .so/.pyd: a library, data, ... */
	EXT_PLAIN,		/* name.so, name.pyd */
	EXT_ABI3,		/* name.abi3.so */
	EXT_CPYTHON,		/* name.cpython-312-x86_64-linux-gnu.so */
	EXT_PYPY,		/* name.pypy39-pp73-x86_64-linux-gnu.so */
	EXT_WIN,		/* name.cp312-win_amd64.pyd */
	EXT_UNKNOWN,		/* name.something.so: not importable as such */
};

struct ext_name {
	enum ext_kind kind;
	char leaf[128];		/* "_core": what PyInit_ is followed by */
	char suffix[128];	/* from the first '.': ".cpython-312-...so" */
	int pyd;		/* ends with .pyd (else .so) */
	int minor;		/* 12 for cpython-312 / cp312 / pypy312 */
	char flags[8];		/* abiflags: "", "m", "d", "t", "td" */
	char platform[64];	/* multiarch, "darwin" or the Windows tag */
	int debug;		/* Windows "_d" */
};

/*
 * Splits a base name. Names that are not .so/.pyd, and library names
 * (lib*.so), are EXT_NOT_MODULE.
 */
void ext_name_parse(const char *base, struct ext_name *out);

/*
 * Whether an interpreter of the wheel tag python-abi-platform imports a
 * module named n. Returns 1, or 0 with the reason in why (a phrase such
 * as "CPython 3.12 on armv7l looks for '.cpython-312-arm-linux-gnueabihf.so'").
 */
int ext_suffix_ok(const struct ext_name *n, const char *python,
		  const char *abi, const char *platform, struct strbuf *why);

/*
 * The multiarch part of CPython 3.<minor>'s EXT_SUFFIX for a Linux CPU and
 * libc ("arm-linux-gnueabihf" for armv7l glibc), or NULL when unknown.
 */
const char *ext_multiarch(const char *arch, enum plat_libc libc, int minor);

#endif
