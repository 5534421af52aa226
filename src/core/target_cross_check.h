/*
 * Checks that the data found for a cross target describes that target and
 * not another machine (used by target_cross.c). Internal to src/core.
 *
 * The finder (sysroot.h) already sets aside files whose MULTIARCH or
 * SIZEOF_VOID_P disagree with the triple; these catch what it cannot see.
 */
#ifndef WW_TARGET_CROSS_CHECK_H
#define WW_TARGET_CROSS_CHECK_H

#include "sysroot.h"

/*
 * The platform named in SOABI ("cpython-311-powerpc-linux-gnu") must be
 * the triple's machine (ELF machine, width, byte order) when it is a known
 * triple: data without MULTIARCH is otherwise only checked for its width.
 */
int cross_check_soabi(const struct triple *tr, const struct sysroot_python *py,
		      struct err *e);

/*
 * The real pyconfig.h (in py->pyconfig_dir) must agree with the triple on
 * SIZEOF_VOID_P, byte order (DOUBLE_IS_*_ENDIAN_IEEE754) and whether the
 * machine is x86 (HAVE_GCC_ASM_FOR_X64/X87), where it says: headers found
 * outside a sysroot may be this machine's own Python's.
 */
int cross_check_pyconfig(const struct triple *tr,
			 const struct sysroot_python *py, struct err *e);

#endif
