#include <stdio.h>

#include "greet.h"

void hello_greet(char *buf, unsigned long size, const char *name)
{
	snprintf(buf, size, "%s, %s!", HELLO_GREETING, name);
}
