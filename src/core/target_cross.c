#include "target_cross.h"

int target_cross_init(struct target *t, const struct triple *tr,
		      const struct cross_opts *o, struct err *e)
{
	(void)t;
	(void)o;
	return err_set(e, "cross builds for '%s' are not implemented yet", tr->name);
}
