/* Options every command that compiles takes: -j N, --debug, --release. */
#ifndef WW_BUILD_ARGS_H
#define WW_BUILD_ARGS_H

#include "args.h"

#include <stddef.h>

/* 1 if the current argument was one of them, 0 if not, -1 on error. */
int build_args_match(struct args *a, size_t *jobs, int *debug, struct err *e);

/*
 * -j N / --jobs N alone (1 to 1024), for commands that run work in
 * parallel without compiling (repair). Same returns.
 */
int build_args_match_jobs(struct args *a, size_t *jobs, struct err *e);

#endif
