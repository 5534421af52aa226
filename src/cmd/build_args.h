/* Options every command that compiles takes: -j N, --debug, --release. */
#ifndef WW_BUILD_ARGS_H
#define WW_BUILD_ARGS_H

#include "args.h"

#include <stddef.h>

/*
 * 1 if the current argument was -j N (--jobs N, 1 to 1024), 0 if not, -1
 * on error: alone, for commands that work in parallel without compiling
 * (audit, repair).
 */
int jobs_arg_match(struct args *a, size_t *jobs, struct err *e);

/* 1 if the current argument was one of them, 0 if not, -1 on error. */
int build_args_match(struct args *a, size_t *jobs, int *debug, struct err *e);

#endif
