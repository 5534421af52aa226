/*
 * Where a found configuration's headers and libraries are on this machine
 * (used by sysroot.c). Internal to src/core.
 */
#ifndef WW_SYSROOT_HEADERS_H
#define WW_SYSROOT_HEADERS_H

#include "sysroot.h"

/*
 * Fills include_dir, pyconfig_dir, multiarch_include_root and lib_dir of
 * py from its variables (INCLUDEPY, MULTIARCH, LIBDIR), looking inside the
 * sysroot, then relative to the configuration file's own installation
 * prefix, then (without a sysroot) at the paths as they are. Fields stay
 * NULL for what is not there.
 */
void sysroot_locate_files(const struct sysroot_query *q,
			  struct sysroot_python *py);

#endif
