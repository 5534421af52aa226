#include "target_cross.h"

int target_windows_init(struct target *t, const struct triple *tr,
			const struct cross_opts *o, struct err *e)
{
	(void)t;
	(void)o;
	return err_set(e, "Windows builds for '%s' are not implemented yet", tr->name);
}
