#include "commands.h"
int cmd_config(int argc, char **argv)
{
	(void)argc; (void)argv;
	return 0;
}
