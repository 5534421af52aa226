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
int cmd_sdist(int argc, char **argv);
int cmd_develop(int argc, char **argv);
int cmd_implib(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_repair(int argc, char **argv);
int cmd_internal(int argc, char **argv);
/* internal tools */
int cmd_toml_json(int argc, char **argv);
int cmd_pep440(int argc, char **argv);
int cmd_pep508(int argc, char **argv);

/* `wheelwright internal TOOL ...`: tools for tests (see internal.c). */
int internal_zip_list(int argc, char **argv);
int internal_zip_pack(int argc, char **argv);
int internal_tar_pack(int argc, char **argv);
int internal_tar_list(int argc, char **argv);
int internal_tar_extract(int argc, char **argv);

/* Tools of `wheelwright internal` (internal.c lists them). */
int tool_elf_info(int argc, char **argv);
int tool_elf_edit(int argc, char **argv);

/* Tools of `wheelwright internal` (internal.c). */
int internal_pe_info(int argc, char **argv);
int internal_macho_info(int argc, char **argv);
int internal_metadata(int argc, char **argv);

/*
 * The output folder of build and sdist, as a new absolute path: out
 * relative to the current folder, or project_dir/dist without one.
 */
char *cmd_out_dir(const char *out, const char *project_dir);

/*
 * A project whose every module asks for the same limited API builds abi3
 * for the targets that have a stable ABI (CPython without free threading):
 * that floor, or NULL.
 */
struct project;
const char *cmd_project_abi3(const struct project *p);

/* build_opts.on_job for the commands that build: failed jobs' output to stderr. */
struct job;
void cmd_print_job(const struct job *j, void *ctx);

/* Prints e to stderr and returns its exit status. */
struct err;
int cmd_fail(struct err *e);

#endif
