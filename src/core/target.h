/*
 * The target configuration (DESIGN.md invariant 1): everything wheelwright
 * knows about what it builds for, in one value, with one canonical text form
 * and a content hash over that text. Every artifact is stored under, or
 * checked against, that hash.
 *
 * Fields are described once, in the table of target.c: the text form, the
 * JSON form, the parser of configuration files and the hash all walk that
 * table, so a field cannot be added to one and forgotten in another.
 *
 * Ownership: every string field is owned by the struct (never NULL after
 * target_init: empty string means "not set"); target_release() frees them.
 */
#ifndef WW_TARGET_H
#define WW_TARGET_H

#include "../base/err.h"
#include "../base/strbuf.h"

#define TARGET_FORMAT 1

struct target {
	/* The interpreter: identity and naming. */
	char *implementation;	/* "cpython" | "pypy" */
	char *version;		/* "3.11" */
	char *abiflags;		/* "", "m", "d", "t", "td" */
	char *soabi;		/* "cpython-311-x86_64-linux-gnu" */
	char *ext_suffix;	/* the interpreter's EXT_SUFFIX */
	char *module_suffix;	/* what our modules are named with */
	char *python_tag;	/* "cp311" */
	char *abi_tag;		/* "cp311", "abi3", "pypy39_pp73" */
	char *platform_tag;	/* "linux_x86_64" */
	/* The machine it runs on. */
	char *os;		/* linux, windows, macos, aix, android, ... */
	char *arch;		/* the CPU as platform tags spell it */
	char *multiarch;	/* GNU triple: "x86_64-linux-gnu" */
	int pointer_width;	/* 32 | 64 */
	char *byteorder;	/* "little" | "big" */
	/* How it was built. */
	int shared;		/* Py_ENABLE_SHARED: libpython is a shared library */
	char *lib_name;		/* "python3.11" (what -l would take) */
	char *lib_dir;		/* LIBDIR */
	char *include_dir;	/* INCLUDEPY */
	char *platinclude_dir;	/* where pyconfig.h is, if not include_dir */
	int gil_disabled;	/* Py_GIL_DISABLED */
	int debug;		/* Py_DEBUG */
	/* What we build. */
	char *abi3;		/* "" or the floor "3.9" */
	char *executable;	/* the interpreter; "" for data-only targets */
	char *sysroot;		/* cross builds: the target's root */
	char *cc;		/* compiler command (may include a launcher) */
	char *cflags;		/* CFLAGS and CPPFLAGS of the environment */
	char *ldflags;		/* LDFLAGS of the environment */
	/* python_tag, abi_tag, module_suffix and these are derived by
	 * target_finish(): printed, never taken from input, not hashed. */
	char *link_args;	/* from the link policy */
	char *hash;		/* sha256 of the canonical text */
};

void target_init(struct target *t);
void target_release(struct target *t);
void target_copy(struct target *dst, const struct target *src);

/*
 * Sets one field from its text form. Unknown keys and bad values are
 * errors (the caller adds file:line). Derived keys (python_tag, abi_tag,
 * module_suffix, link_args, hash) are accepted and ignored: they are always
 * recomputed from the stated fields, so an override (--abi3) cannot leave a
 * stale tag behind.
 */
int target_set(struct target *t, const char *key, const char *value,
	       struct err *e);
/* Whether key names a field (including derived ones). */
int target_has_key(const char *key);
/* Whether a key is always derived (tags, module_suffix, link_args, hash). */
int target_key_is_derived(const char *key);
/* The field names in canonical order, NULL-terminated. */
const char *const *target_keys(void);

/*
 * Fills what is derived (tags, module suffix, link args) and what can be
 * defaulted where it is empty (machine facts, SOABI, EXT_SUFFIX), checks the whole value is consistent, and computes the hash.
 * Must be called after the fields are set and before the target is used.
 */
int target_finish(struct target *t, struct err *e);

/* The canonical text: a format line, then every field as key=value. */
void target_to_text(const struct target *t, struct strbuf *out);
/* The same fields as one JSON object. */
void target_to_json(const struct target *t, struct strbuf *out);

/*
 * Reads a configuration file: wheelwright's key=value form (as written by
 * target_to_text) or PyO3's PYO3_CONFIG_FILE form. Comments (#) and blank
 * lines are allowed. Errors carry file:line:col.
 */
int target_parse_text(struct target *t, const char *buf, size_t len,
		      const char *file, struct err *e);
int target_load_file(struct target *t, const char *path, struct err *e);

/* "3.11" -> 3, 11. Returns -1 on a malformed version. */
int parse_version(const char *s, int *major, int *minor);


/* Used by target_finish (target_derive.c): fill derived fields and check. */
int target_derive(struct target *t, struct err *e);
/* Fills cc with the default compiler for the target when it is empty. */
void target_default_cc(struct target *t);
/* Takes CC, CFLAGS, CPPFLAGS and LDFLAGS from the environment, where set. */
void target_apply_env(struct target *t);
#endif
