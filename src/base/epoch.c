#include "epoch.h"

#include <errno.h>
#include <stdlib.h>

int source_date_epoch(long long *epoch, struct err *e)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;

	*epoch = 0;
	if (!s || !*s)
		return 0;
	errno = 0;
	*epoch = strtoll(s, &end, 10);
	if (errno || *end || *epoch < 0)
		return err_set(e, "SOURCE_DATE_EPOCH '%s' is not a number of seconds", s);
	return 0;
}
