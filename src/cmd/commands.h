/*
 * The commands. Each takes the arguments after its name and returns the
 * process exit status (DESIGN.md invariant 6). Commands print; the library
 * below them never does.
 */
#ifndef WW_COMMANDS_H
#define WW_COMMANDS_H

int cmd_list_python(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_implib(int argc, char **argv);
int cmd_internal(int argc, char **argv);

/* Tools of `wheelwright internal` (internal.c). */
int internal_pe_info(int argc, char **argv);

/* Prints e to stderr and returns its exit status. */
struct err;
int cmd_fail(struct err *e);

#endif
