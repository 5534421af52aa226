/*
 * Targets that are not an interpreter of this machine (DESIGN.md invariant
 * 2: a cross build never runs the target's Python). The configuration comes
 * from data only: the target's own _sysconfigdata / build-details.json for
 * Linux and the other ELF targets, built-in facts for Windows.
 */
#ifndef WW_TARGET_CROSS_H
#define WW_TARGET_CROSS_H

#include "target.h"
#include "triple.h"

struct cross_opts {
	const char *sysroot;		/* --sysroot: the target's root file system */
	const char *cross_lib_dir;	/* --cross-lib-dir: its lib folder */
	const char *sysconfigdata;	/* --sysconfigdata: the file itself */
	const char *version;		/* wanted Python version ("3.11"), or NULL */
	const char *abi3;		/* --abi3 floor, or NULL */
	const char *limited_api;	/* the project's limited-api floor, or NULL:
					   what an abi3 build would use without --abi3 */
};

/*
 * Both builders get t with what the user stated already in it: the
 * environment's CC, CFLAGS, CPPFLAGS and LDFLAGS and every --set KEY=VALUE
 * (which are applied once more after the builder, so the user's word is
 * last). A builder fills what is empty and may append flags its toolchain
 * needs to cflags and ldflags.
 */

/*
 * Fills t (initialised, not finished) for an ELF target from its own data:
 * the one configuration file that sysroot_find_python() picks for the
 * triple (and o->version) under o's places, and its headers, which must be
 * there. EXT_SUFFIX, SOABI, VERSION, ABIFLAGS, MULTIARCH, Py_ENABLE_SHARED,
 * Py_GIL_DISABLED, Py_DEBUG, SIZEOF_VOID_P and LDLIBRARY are the data's;
 * INCLUDEPY, its pyconfig.h folder and LIBDIR are mapped to where they are
 * on this machine; os, arch, byteorder and (on Linux) the platform tag are
 * the triple table's; cc is `<gnu_prefix>gcc` when installed, else clang
 * for the triple linking with lld. With --sysroot, t->sysroot is its
 * absolute path (the build compiles and links with --sysroot=).
 * Errors (exit 2): no place given, a place that is missing or of the wrong
 * kind, no or several configurations, no headers, data for another machine.
 */
int target_cross_init(struct target *t, const struct triple *tr,
		      const struct cross_opts *o, struct err *e);

/*
 * What target_cross_init() would do, as lines "FIELD: where it came from"
 * appended to out (for `config --explain`). Same errors.
 */
int target_cross_explain(const struct triple *tr, const struct cross_opts *o,
			 struct strbuf *out, struct err *e);

/*
 * Fills t (initialised, not finished) for a Windows target: version from
 * --set version= or o->version ("3.13t": free-threaded), or, for abi3, the
 * oldest local CPython at least as new as the floor; headers from a local
 * CPython of that version or --set include_dir=; compiler from
 * windows_toolchain.h unless cc is set.
 */
int target_windows_init(struct target *t, const struct triple *tr,
			const struct cross_opts *o, struct err *e);

#endif
