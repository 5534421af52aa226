/*
 * TARGET-OPTIONS (DESIGN.md), shared by `config` and `build`: what to build
 * for, turned into a list of finished target configurations.
 */
#ifndef WW_TARGET_OPTS_H
#define WW_TARGET_OPTS_H

#include "args.h"
#include "../core/target.h"

struct target_opts {
	const char **interpreters;	/* -i, in order */
	size_t n_interpreters, alloc_interpreters;
	const char **config_files;	/* --config-file */
	size_t n_config_files, alloc_config_files;
	const char **sets;		/* --set KEY=VALUE */
	size_t n_sets, alloc_sets;
	int all_pythons;
	const char *abi3;		/* --abi3 3.X */
	const char *abi3_if_possible;	/* the project's limited-api floor */
	const char *launcher;		/* the project's compiler-launcher */
	const char *triple;		/* --target */
	const char *sysroot;		/* --sysroot */
	const char *cross_lib_dir;	/* --cross-lib-dir */
	const char *sysconfigdata;	/* --sysconfigdata */
};

extern const char target_opts_help[];

void target_opts_init(struct target_opts *o);
void target_opts_release(struct target_opts *o);

/* 1 if the current argument was a target option, 0 if not, -1 on error. */
int target_opts_match(struct args *a, struct target_opts *o, struct err *e);

/*
 * Resolves the options into finished targets (*out, *n; caller releases
 * each and frees). With no option, the target is the `python3` on PATH.
 */
int target_opts_resolve(const struct target_opts *o, struct target **out,
			size_t *n, struct err *e);

/*
 * For a target made from --target data (not Windows): where each of its
 * facts came from, as "FIELD: origin" lines appended to out. Appends
 * nothing for other targets.
 */
int target_opts_explain(const struct target_opts *o, const struct target *t,
			struct strbuf *out, struct err *e);

#endif
