/*
 * Where glibc's dynamic loader finds a DT_NEEDED library, on this machine
 * (ld.so(8), and elf/dl-load.c's _dl_map_object for the details):
 *
 *   1. the DT_RPATH of the object that needs it, then of the object that
 *      loaded that one, and so on up the chain; only when the needing
 *      object has no DT_RUNPATH, and an object's DT_RPATH counts only
 *      when it has no DT_RUNPATH of its own;
 *   2. LD_LIBRARY_PATH;
 *   3. the DT_RUNPATH of the needing object (never its loaders');
 *   4. /etc/ld.so.cache, then the system folders (lib/<multiarch>,
 *      usr/lib/<multiarch>, lib64 and usr/lib64 for 64-bit CPUs, lib,
 *      usr/lib), unless the needing object is marked DF_1_NODEFLIB.
 *
 * As the loader does, a file that is not an ELF object for the wanted CPU,
 * class, byte order (and ARM float ABI) is passed over and the search goes
 * on. $ORIGIN and ${ORIGIN} expand to the folder of the object the path
 * belongs to; $LIB to the target's library folder (ld_lib_dir) and
 * $PLATFORM to its AT_PLATFORM where that does not depend on the CPU
 * model (ld_platform); entries with a token that has no value, and empty
 * entries, are skipped. A name with a '/' is a path
 * and is not searched for. Cache entries for hardware-capability variants
 * (glibc-hwcaps subfolders) are passed over: a wheel needs the generic
 * build.
 */
#ifndef WW_REPAIR_LDSEARCH_H
#define WW_REPAIR_LDSEARCH_H

#include "../base/err.h"
#include "../base/strbuf.h"
#include "../formats/ldcache.h"

#include <stddef.h>
#include <stdint.h>

/* What a library must be for the needing object to load it. */
struct ld_want {
	uint16_t machine;	/* e_machine */
	int is64, msb;
	int arm_hard_float;	/* ARM: EF_ARM_ABI_FLOAT_HARD */
};

/* One object of the loading chain: its search paths and its folder. */
struct ld_object {
	const char *rpath, *runpath;	/* NULL when absent */
	const char *origin;	/* what $ORIGIN means; NULL: skip such entries */
	int nodeflib;		/* DF_1_NODEFLIB */
};

struct ld_search {
	char **env;		/* LD_LIBRARY_PATH, split; owned */
	size_t nr_env;
	struct strbuf cache_data;	/* the cache file; entries point into it */
	struct ldcache cache;
	int have_cache;
	char *root;		/* prefix of every system folder ("" for /) */
};

/*
 * Reads the cache at root + "/etc/ld.so.cache" (a missing cache is no
 * error; a malformed one is) and splits ld_library_path (may be NULL).
 * root is "" or NULL for this machine's own folders.
 */
int ld_search_init(struct ld_search *s, const char *root,
		   const char *ld_library_path, struct err *e);
void ld_search_release(struct ld_search *s);

/*
 * Looks for name as the loader would for chain[0], loaded by chain[1],
 * itself loaded by chain[2], ... (n >= 1). Returns 1 and sets path to the
 * file found ("<folder>/<name>", symbolic links not resolved), 0 when
 * nothing fits.
 */
int ld_search_find(const struct ld_search *s, const char *name,
		   const struct ld_want *want,
		   const struct ld_object *const *chain, size_t n,
		   struct strbuf *path);

/* Whether the file at path is an ELF object that want accepts. */
int ld_file_matches(const char *path, const struct ld_want *want);

/*
 * The values of glibc's dynamic string tokens for the target; NULL when
 * unknown (an entry using it is then skipped).
 */
struct ld_dst {
	const char *lib;	/* $LIB: "lib/x86_64-linux-gnu", "lib64" */
	const char *platform;	/* $PLATFORM: "x86_64", "aarch64" */
};

/*
 * Expands one search path entry for an object in folder origin, as
 * glibc's _dl_dst_substitute: $ORIGIN, $LIB, $PLATFORM, braced or not
 * ("$LIBX" is no token; a '$' that starts no token stays). Appends the
 * folder to out and returns 0, or returns -1 for an entry skipped (empty,
 * or a token without a value: $ORIGIN without an origin, dst NULL).
 */
int ld_expand_entry(const char *entry, size_t len, const char *origin,
		    const struct ld_dst *dst, struct strbuf *out);

/*
 * $PLATFORM for want's CPU, as the kernel's AT_PLATFORM gives it where it
 * does not depend on the CPU model: "x86_64", "i686", "aarch64"; NULL for
 * the others (32-bit ARM: "v7l" or "v8l"; POWER: "power8", ...; s390x).
 */
const char *ld_platform(const struct ld_want *want);

/*
 * $LIB of the target's loader: glibc's compiled-in library folder, the
 * one its libc.so.6 is installed in, relative to the root
 * ("lib/x86_64-linux-gnu" on Debian, "lib64" on Fedora); found where the
 * loader finds libc.so.6 (the cache, the system folders). Returns 1 and
 * sets out, 0 when there is no glibc.
 */
int ld_lib_dir(const struct ld_search *s, const struct ld_want *want,
	       struct strbuf *out);

#endif
