/*
 * The Stable ABI manifest (CPython's Misc/stable_abi.toml): every function
 * and data item an abi3 extension may import, with the version that added
 * it. The data is generated (tools/gen_tables.py -> stable_abi.c); the
 * lookups are in stable_abi_find.c. Everything here is static and constant.
 *
 * Used by the audit (abi3-violation: a symbol that is not in the stable ABI,
 * or that was added after the wheel's floor) and by implib (python3.dll).
 */
#ifndef WW_STABLE_ABI_H
#define WW_STABLE_ABI_H

#include <stddef.h>

enum stable_abi_kind {
	STABLE_ABI_FUNCTION,
	STABLE_ABI_DATA,
};

/* A feature_macro's 'windows' key: absent, true or 'maybe'. */
enum stable_abi_windows {
	STABLE_ABI_WIN_NO,
	STABLE_ABI_WIN_YES,
	STABLE_ABI_WIN_MAYBE,
};

struct stable_abi_feature {
	const char *name;		/* "MS_WINDOWS", "HAVE_FORK", ... */
	enum stable_abi_windows windows;
};

struct stable_abi_sym {
	const char *name;
	enum stable_abi_kind kind;
	unsigned char added_major, added_minor;	/* 'added', e.g. 3 and 2 */
	unsigned char abi_only;	/* in the stable ABI, not in the Limited API */
	/* 'ifdef': only present when this macro is defined; NULL if always */
	const struct stable_abi_feature *ifdef;
};

/* Sorted by name in strcmp() order. */
extern const struct stable_abi_sym stable_abi_syms[];
extern const size_t stable_abi_nr_syms;
extern const struct stable_abi_feature stable_abi_features[];
extern const size_t stable_abi_nr_features;

/* The item called name, or NULL when the stable ABI has no such symbol. */
const struct stable_abi_sym *stable_abi_find(const char *name);

/*
 * Whether python3.dll exports sym: CPython's rule for PC/python3dll.c is
 * "no ifdef, or an ifdef whose feature macro has windows = true or 'maybe'".
 */
int stable_abi_on_windows(const struct stable_abi_sym *sym);

/* Whether sym is available to an abi3 extension whose floor is major.minor. */
int stable_abi_available_in(const struct stable_abi_sym *sym, int major,
			    int minor);

#endif
