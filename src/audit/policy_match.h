/*
 * Matching binaries against the manylinux/musllinux policies
 * (tables/policies.h), the way auditwheel does: gather what every ELF file
 * of a wheel needs (symbol versions, libraries, blacklisted symbols, the x86
 * ISA level) into a policy_needs, then walk the policies of the binaries'
 * libc from the highest priority (most compatible) down and take the first
 * one that accepts everything. Nothing accepted: "linux".
 *
 * Ownership: a policy_needs owns copies of every string added to it;
 * policy_needs_release() frees them. Policies are static.
 */
#ifndef WW_POLICY_MATCH_H
#define WW_POLICY_MATCH_H

#include "../base/strbuf.h"
#include "../tables/policies.h"

#include <stddef.h>

/* "GLIBC_2.17" needed from "libc.so.6" by the binary "by". */
struct policy_need_version {
	char *by, *file, *version;
};

/* A DT_NEEDED library that the wheel does not carry. */
struct policy_need_lib {
	char *by, *lib;
};

/* An undefined symbol of "by" that some policy blacklists in lib. */
struct policy_need_sym {
	char *by, *lib, *sym;
};

struct policy_needs {
	struct policy_need_version *vers;
	size_t nr_vers, alloc_vers;
	struct policy_need_lib *libs;
	size_t nr_libs, alloc_libs;
	struct policy_need_sym *syms;
	size_t nr_syms, alloc_syms;
	int isa_level;		/* highest x86-64 level needed (1 baseline) */
	char *isa_by;
	enum policy_libc libc;	/* POLICY_ANY until a binary tells */
	int libc_conflict;	/* binaries for both glibc and musl */
};

void policy_needs_init(struct policy_needs *n);
void policy_needs_release(struct policy_needs *n);
void policy_needs_add_version(struct policy_needs *n, const char *by,
			      const char *file, const char *version);
void policy_needs_add_lib(struct policy_needs *n, const char *by,
			  const char *lib);
void policy_needs_add_sym(struct policy_needs *n, const char *by,
			  const char *lib, const char *sym);
void policy_needs_set_isa(struct policy_needs *n, const char *by, int level);
void policy_needs_set_libc(struct policy_needs *n, enum policy_libc libc);

/* Whether some policy blacklists sym in lib (so it is worth recording). */
int policy_any_blacklists(const char *lib, const char *sym);

/* The loader itself: never an external library, never versioned. */
int policy_is_loader(const char *soname);
/*
 * Whether p lets binaries on arch link soname without carrying it (its
 * lib_whitelist; musl's libc under the name "libc.so" for musllinux).
 */
int policy_whitelists(const struct policy *p, const char *arch,
		      const char *soname);

/* libpython3.X.so.1.0, libpython3.so, ...: the interpreter's library. */
int policy_is_libpython(const char *soname);

/* What breaks a policy, one item at a time. */
enum policy_violation_kind {
	PV_NO_ARCH,		/* the policy has no variant for the CPU */
	PV_VERSION,		/* a symbol version it does not list */
	PV_LIB,			/* a library it does not whitelist */
	PV_BLACKLIST,		/* a symbol it blacklists */
	PV_ISA,			/* an x86-64 level above the baseline */
	PV_LIBC,		/* glibc binaries under musllinux or back */
};

struct policy_violation {
	enum policy_violation_kind kind;
	const char *by;		/* the binary; NULL for PV_NO_ARCH */
	const char *what;	/* "GLIBC_2.28", "libssl.so.3", the symbol */
	const char *from;	/* the library a version or symbol comes from */
};

/*
 * Calls fn for each violation of p by n on arch and returns how many
 * there were (0: p accepts n). fn may be NULL.
 */
typedef void (*policy_violation_fn)(void *ctx,
				    const struct policy_violation *v);
size_t policy_check(const struct policy *p, const char *arch,
		    const struct policy_needs *n, policy_violation_fn fn,
		    void *ctx);

/*
 * The most compatible policy of family libc (POLICY_ANY: glibc) that
 * accepts n on arch; the "linux" entry when none does.
 */
const struct policy *policy_best(enum policy_libc libc, const char *arch,
				 const struct policy_needs *n);

/* The policy table's "linux" entry. */
const struct policy *policy_linux(void);
/* The row of p for arch, or NULL when p has no variant for it. */
const struct policy_arch *policy_arch_row(const struct policy *p,
					  const char *arch);

/*
 * Splits a platform tag ("manylinux_2_17_x86_64", "manylinux2014_x86_64",
 * "musllinux_1_2_aarch64", "linux_armv7l") into its policy and CPU. Returns
 * the policy and fills arch, or NULL when the tag names no known policy.
 */
const struct policy *policy_from_tag(const char *tag, struct strbuf *arch);

/* "manylinux_2_17_x86_64" */
void policy_tag(const struct policy *p, const char *arch, struct strbuf *out);
/* "manylinux_2_17_x86_64.manylinux2014_x86_64": the name, then aliases. */
void policy_tags(const struct policy *p, const char *arch, struct strbuf *out);

/*
 * The highest version p allows for prefix on arch ("2.17" for GLIBC on
 * manylinux_2_17_x86_64), or NULL when it does not constrain the prefix.
 */
const char *policy_max_version(const struct policy *p, const char *arch,
			       const char *prefix);

/* Compares dotted versions numerically ("2.9" < "2.17"); others bytewise. */
int policy_version_cmp(const char *a, const char *b);

#endif
