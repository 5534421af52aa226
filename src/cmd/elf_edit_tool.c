#include "commands.h"
int tool_elf_edit(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 2;
}
