/*
 * `wheelwright internal` tools for the cross-compilation data readers:
 *
 *   sysconfigdata FILE      build_time_vars of a _sysconfigdata_*.py as JSON
 */
#include "commands.h"
#include "internal_tools.h"
#include "../base/err.h"
#include "../formats/sysconfigdata.h"

#include <stdio.h>

static int print_vars(const struct pyvars *vars)
{
	struct strbuf sb = STRBUF_INIT;

	pyvars_to_json(vars, &sb);
	sb_addc(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stdout);
	sb_release(&sb);
	return 0;
}

int internal_sysconfigdata(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct pyvars vars = PYVARS_INIT;
	int r;

	if (argc != 1) {
		err_set(&e, "usage: wheelwright internal sysconfigdata FILE");
		return cmd_fail(&e);
	}
	if (sysconfigdata_load(argv[0], &vars, &e) < 0)
		return cmd_fail(&e);
	r = print_vars(&vars);
	pyvars_release(&vars);
	return r;
}
