#include "commands.h"
int cmd_develop(int argc, char **argv) { (void)argc; (void)argv; return 2; }
