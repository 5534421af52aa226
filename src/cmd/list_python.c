#include "commands.h"
int cmd_list_python(int argc, char **argv)
{
	(void)argc; (void)argv;
	return 0;
}
