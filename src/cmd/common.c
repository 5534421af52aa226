#include "commands.h"
#include "../base/err.h"

int cmd_fail(struct err *e)
{
	int status = e->status ? e->status : EXIT_FAILED;

	err_print(e);
	err_release(e);
	return status;
}
