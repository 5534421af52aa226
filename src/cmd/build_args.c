#include "build_args.h"

#include <stdlib.h>

int build_args_match_jobs(struct args *a, size_t *jobs, struct err *e)
{
	const char *v;

	if (!args_is(a, "jobs", "j"))
		return 0;
	if (args_value(a, &v, e))
		return -1;
	*jobs = (size_t)atoi(v);
	if (*jobs < 1 || *jobs > 1024)
		return err_set(e, "%s: -j needs a number from 1 to 1024, not '%s'",
			       a->cmd, v);
	return 1;
}

int build_args_match(struct args *a, size_t *jobs, int *debug, struct err *e)
{
	int rc = build_args_match_jobs(a, jobs, e);

	if (rc)
		return rc;
	if (args_is(a, "debug", NULL)) {
		*debug = 1;
		return 1;
	}
	if (args_is(a, "release", NULL)) {
		*debug = 0;
		return 1;
	}
	return 0;
}
