/*
 * Which C compiler builds Windows modules on this machine, when CC (or
 * --set cc=) does not say. In order of preference:
 *
 *   x86_64, i686: <cpu>-w64-mingw32-gcc, <cpu>-w64-mingw32-clang, zig cc
 *   aarch64:      aarch64-w64-mingw32-clang, aarch64-w64-mingw32-gcc,
 *                 zig cc, clang without a C runtime
 *
 * zig is `zig` on PATH, or the `ziglang` Python package installed beside a
 * python3 on PATH (what `pip install ziglang` gives in a virtual
 * environment); it brings MinGW-w64 headers and a UCRT import library for
 * every Windows CPU. The last resort for ARM64 is clang-14 (or clang)
 * compiling for aarch64-w64-mingw32 against the MinGW-w64 headers of the
 * x86 MinGW compilers, and linking with lld-link without any C library and
 * without an entry point: enough for modules that call only Python's API.
 */
#ifndef WW_WINDOWS_TOOLCHAIN_H
#define WW_WINDOWS_TOOLCHAIN_H

#include "target.h"
#include "triple.h"

/*
 * Sets t->cc for the Windows triple tr and, for the clang fallback, appends
 * to t->cflags (the C headers) and t->ldflags (the linker and its
 * options). Fails (exit status 2) when none of the compilers is found.
 */
int windows_toolchain_choose(struct target *t, const struct triple *tr,
			     struct err *e);

/*
 * The zig binary: `zig` on PATH, else the ziglang package of a python3 on
 * PATH. NULL when there is none; caller frees.
 */
char *windows_find_zig(void);

#endif
