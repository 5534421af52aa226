/*
 * The commands. Each takes the arguments after its name and returns the
 * process exit status (DESIGN.md invariant 6). Commands print; the library
 * below them never does.
 */
#ifndef WW_COMMANDS_H
#define WW_COMMANDS_H

int cmd_list_python(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_implib(int argc, char **argv);
int cmd_internal(int argc, char **argv);
/* internal tools */
int cmd_toml_json(int argc, char **argv);
int cmd_pep440(int argc, char **argv);
int cmd_pep508(int argc, char **argv);

/* `wheelwright internal TOOL ...`: tools for tests (see internal.c). */
int internal_zip_list(int argc, char **argv);
int internal_zip_pack(int argc, char **argv);
int internal_tar_pack(int argc, char **argv);

/* Tools of `wheelwright internal` (internal.c lists them). */
int tool_elf_info(int argc, char **argv);
int tool_elf_edit(int argc, char **argv);

/* Tools of `wheelwright internal` (internal.c). */
int internal_pe_info(int argc, char **argv);
int internal_metadata(int argc, char **argv);

/* Prints e to stderr and returns its exit status. */
struct err;
int cmd_fail(struct err *e);

#endif
