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

/* Fills t (initialised, not finished) for an ELF target from its own data. */
int target_cross_init(struct target *t, const struct triple *tr,
		      const struct cross_opts *o, struct err *e);

/*
 * Fills t (initialised, not finished) for a Windows target: version from
 * --set version= (or, for abi3, the oldest local CPython at least as new as
 * the floor), headers from a local CPython of that version or --set
 * include_dir=, compiler from windows_toolchain.h unless cc is set.
 */
int target_windows_init(struct target *t, const struct triple *tr,
			const struct cross_opts *o, struct err *e);

#endif
