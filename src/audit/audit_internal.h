/*
 * What the audit's parts share while one wheel (or one bare binary, or one
 * build's modules) is audited: the claims (the tags), the members, and what
 * the binaries need, gathered for the policy match at the end.
 *
 * Lifetimes: an audit_ctx lives for one audit_path()/audit_built() call and
 * owns everything in it except r and opts, which are the caller's.
 */
#ifndef WW_AUDIT_INTERNAL_H
#define WW_AUDIT_INTERNAL_H

#include "audit.h"
#include "ext_suffix.h"
#include "policy_match.h"
#include "wheel_meta.h"

#include <stddef.h>
#include <stdint.h>

/* The facts of one ELF file that the load-path check needs afterwards. */
struct elf_summary {
	char *arcname;		/* its path in the wheel */
	char *soname;		/* NULL when absent */
	char *rpath, *runpath;	/* NULL when absent */
	char **needed;
	size_t nr_needed;
};

/* The facts of one Mach-O file that the checks at the end need. */
struct macho_dep {
	char *name;		/* "@rpath/libfoo.dylib", "/usr/lib/libc++.1.dylib" */
	int weak;		/* LC_LOAD_WEAK_DYLIB: may be missing */
};

struct macho_summary {
	char *arcname;
	char **rpaths;		/* every slice's LC_RPATH entries, once each */
	size_t nr_rpaths, alloc_rpaths;
	struct macho_dep *deps;	/* every slice's libraries, once each */
	size_t nr_deps, alloc_deps;
};

/* The newest minos the binaries need on a CPU, for the best macOS tag. */
struct macos_need {
	char arch[16];
	uint32_t minos;		/* 0: no binary says */
	size_t count;		/* binaries with a slice for arch */
};

struct audit_ctx {
	struct audit_report *r;
	const struct audit_opts *opts;
	const char *label;	/* the wheel's path, or the bare file's;
				   NULL for a build's modules */
	int in_wheel;		/* members are named "label:arcname" */

	/* The claims: the wheel's tags (from its name, or the build's). */
	struct wheel_tags tags;
	int abi3;		/* some tag's ABI is abi3 */
	int abi3_minor;		/* the lowest floor among them: 3.<minor> */

	/* Every member's name, to tell vendored libraries from external. */
	const char *const *members;
	size_t nr_members;

	/* For the policy: the CPU, and what every ELF file needs. */
	char arch[32];
	struct policy_needs needs;
	struct elf_summary *elves;
	size_t nr_elves, alloc_elves;
	struct macho_summary *machos;
	size_t nr_machos, alloc_machos;
	struct macos_need *macos;
	size_t nr_macos, alloc_macos;
	size_t nr_macos_binaries;	/* loadable Mach-O files */
	size_t nr_modules;	/* extension modules seen */
};

void audit_ctx_init(struct audit_ctx *c, struct audit_report *r,
		    const struct audit_opts *opts, const char *label,
		    int in_wheel);
void audit_ctx_release(struct audit_ctx *c);
/* Records the claimed tags and derives abi3 and its floor from them. */
void audit_ctx_set_tags(struct audit_ctx *c, const struct wheel_tags *tags);

/* The finding's file for a member: "label:arcname", or label itself. */
void audit_member_label(const struct audit_ctx *c, const char *arcname,
			struct strbuf *out);
/* audit_add() for a member of the audited thing. */
void audit_member(struct audit_ctx *c, const char *arcname, const char *code,
		  enum audit_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/*
 * A binary that did not parse: inside a wheel, a malformed-binary finding
 * (e cleared, 0); a bare file, the error itself (-1, e kept).
 */
int audit_malformed(struct audit_ctx *c, const char *arcname, struct err *e);

/* Whether the wheel carries a file called soname (any folder). */
int audit_has_member_named(const struct audit_ctx *c, const char *soname);

/* "pkg/_m.so" -> "_m.so" (a pointer into arcname). */
const char *audit_base_name(const char *arcname);

enum bin_kind { BIN_NONE, BIN_ELF, BIN_PE, BIN_MACHO };
/* What the first bytes of a file say it is. */
enum bin_kind audit_sniff(const unsigned char *data, size_t size);

/*
 * The checks of one binary, held in memory. A malformed binary is a
 * finding (malformed-binary) inside a wheel and an error (-1, e set) for a
 * bare file.
 */
int audit_elf(struct audit_ctx *c, const char *arcname,
	      const unsigned char *data, size_t size, struct err *e);
int audit_pe(struct audit_ctx *c, const char *arcname,
	     const unsigned char *data, size_t size, struct err *e);
int audit_macho(struct audit_ctx *c, const char *arcname,
		const unsigned char *data, size_t size, struct err *e);

/* Audits a .whl (wheel_audit.c). */
int audit_wheel(const char *path, const struct audit_opts *opts,
		struct audit_report *r, struct err *e);

/*
 * The module-name checks against every claimed tag: ext-suffix-mismatch,
 * and tag-mismatch for a module in a wheel for any platform.
 */
void audit_module_name(struct audit_ctx *c, const char *arcname,
		       const struct ext_name *n);

/*
 * abi3: one imported symbol. Sorts it into the stable ABI's, the ones added
 * after the floor, and the others; audit_abi3_flush() turns the tally of a
 * module into findings.
 */
struct abi3_tally {
	struct strbuf not_abi3;		/* "'_PyFoo', 'PyBar'" */
	size_t nr_not_abi3;
	struct strbuf too_new;		/* "'PyType_FromMetaclass' (3.12)" */
	size_t nr_too_new;
	int newest_major, newest_minor;
};

void abi3_tally_init(struct abi3_tally *t);
void abi3_tally_release(struct abi3_tally *t);
void abi3_check_symbol(const struct audit_ctx *c, struct abi3_tally *t,
		       const char *sym, int windows);
void audit_abi3_flush(struct audit_ctx *c, const char *arcname,
		      struct abi3_tally *t);

/* Whether name is a function of the CPython C API (the stable ABI's). */
int audit_is_capi_function(const char *name);
/* static-libpython, when a module defines this many C API functions. */
#define STATIC_LIBPYTHON_MIN 50
/* The C API functions a module defines: counted, the first three named. */
struct capi_tally {
	size_t count;
	struct strbuf examples;
};
void capi_tally_init(struct capi_tally *t);
/* Counts a defined symbol's name if it is a C API function. */
void capi_tally_add(struct capi_tally *t, const char *name);
/* The finding when the tally reaches STATIC_LIBPYTHON_MIN; releases t. */
void audit_static_libpython(struct audit_ctx *c, const char *arcname,
			    struct capi_tally *t);

/* The load-path (RUNPATH) checks over every ELF summary, at the end. */
void audit_runpaths(struct audit_ctx *c);

/*
 * At the end, over every Mach-O summary: external-lib (libraries neither
 * part of macOS nor found in the wheel), runpath (LC_RPATH entries outside
 * the wheel), and the best macOS tag into r->macos_tag.
 */
void audit_macho_finish(struct audit_ctx *c);

/* Whether a Mach-O install name is libpython or Python.framework's. */
int audit_macho_is_libpython(const char *name);

/*
 * The module checks of a Mach-O file (macho_module.c): missing-pyinit, the
 * module name, abi3-violation and static-libpython.
 */
struct macho_file;
void audit_macho_module(struct audit_ctx *c, const char *arcname,
			const struct macho_file *m, const struct ext_name *n);

/*
 * Appends the '/'-separated path[0..n) to the wheel path out, resolving
 * "." and "..". Returns -1 when it climbs above the wheel's root.
 */
int audit_push_path(struct strbuf *out, const char *path, size_t n);

/* Whether the wheel has a member at exactly this path. */
int audit_has_member(const struct audit_ctx *c, const char *path);

/* Whether arcname lies in an auditwheel "<pkg>.libs/" folder. */
int audit_in_libs_folder(const char *arcname);

/*
 * At the end: the best policy into r->policy, and the findings of the
 * binaries against the policy they are held to (opts->policy, else the
 * wheel's own manylinux/musllinux tags). Returns -1 for an unknown
 * opts->policy.
 */
int audit_policy_finish(struct audit_ctx *c, struct err *e);

#endif
