/*
 * Command-line scanning shared by the commands: long options with "=value"
 * or a separate value, short options with attached or separate values, and
 * positional arguments in any order. Errors are usage errors (exit 2).
 */
#ifndef WW_ARGS_H
#define WW_ARGS_H

#include "../base/err.h"

struct args {
	int argc;
	char **argv;
	int i;			/* next argument to read */
	const char *cmd;	/* for messages: "build", "config", ... */
	int only_positional;	/* after "--" */
	char *inline_value;	/* the value of --opt=value, if any */
	char *cur;		/* the argument being matched */
};

void args_init(struct args *a, const char *cmd, int argc, char **argv);
/* Returns 1 and sets *arg to the next argument, 0 at the end. */
int args_next(struct args *a, char **arg);
/*
 * If the current argument is the option (by either name; short may be NULL),
 * returns 1. For options that take a value, use args_value() next.
 */
int args_is(struct args *a, const char *longname, const char *shortname);
/* The value of the option just matched (from "=v", attached or next arg). */
int args_value(struct args *a, const char **value, struct err *e);
/* Whether the current argument looks like an option. */
int args_is_option(const struct args *a);
int args_unknown(struct args *a, struct err *e);

#endif
