/*
 * `wheelwright internal elf-edit FILE [OPTIONS] [-o OUT]`: the ELF editor
 * by hand and for tests, with patchelf's option names where they exist.
 */
#include "args.h"
#include "commands.h"
#include "../formats/elf_edit.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: wheelwright internal elf-edit FILE [-o OUT]\n"
	"         [--remove-needed LIB]... [--replace-needed OLD NEW]...\n"
	"         [--set-rpath PATH [--force-rpath]] [--remove-rpath]\n"
	"         [--rpath-to-runpath | --runpath-to-rpath] [--set-soname NAME]\n"
	"         [--strip-all]\n";

/* --replace-needed takes two values: OLD (maybe "=OLD") and NEW. */
static int replace_values(struct args *a, struct elf_edit *ed,
			  struct err *e)
{
	const char *from, *to;

	if (args_value(a, &from, e))
		return -1;
	if (a->i >= a->argc) {
		err_set(e, "%s: option '--replace-needed' needs two values, OLD and NEW",
			a->cmd);
		return -1;
	}
	to = a->argv[a->i++];
	elf_edit_add_replace_needed(ed, from, to);
	return 0;
}

static int parse(struct args *a, struct elf_edit *ed, const char **path,
		 const char **out, struct err *e)
{
	const char *v;
	char *arg;

	while (args_next(a, &arg)) {
		if (args_is(a, "help", "h")) {
			fputs(usage, stdout);
			return 1;
		} else if (args_is(a, "output", "o")) {
			if (args_value(a, out, e))
				return -1;
		} else if (args_is(a, "remove-needed", NULL)) {
			if (args_value(a, &v, e))
				return -1;
			elf_edit_add_remove_needed(ed, v);
		} else if (args_is(a, "replace-needed", NULL)) {
			if (replace_values(a, ed, e))
				return -1;
		} else if (args_is(a, "set-rpath", NULL)) {
			if (args_value(a, &ed->set_rpath, e))
				return -1;
		} else if (args_is(a, "force-rpath", NULL)) {
			ed->force_rpath = 1;
		} else if (args_is(a, "remove-rpath", NULL)) {
			ed->remove_rpath = 1;
		} else if (args_is(a, "rpath-to-runpath", NULL)) {
			ed->convert = ELF_TO_RUNPATH;
		} else if (args_is(a, "runpath-to-rpath", NULL)) {
			ed->convert = ELF_TO_RPATH;
		} else if (args_is(a, "strip-all", NULL)) {
			ed->strip_all = 1;
		} else if (args_is(a, "set-soname", NULL)) {
			if (args_value(a, &ed->set_soname, e))
				return -1;
		} else if (!args_is_option(a) && !*path) {
			*path = arg;
		} else {
			return args_unknown(a, e);
		}
	}
	if (!*path) {
		err_set(e, "%s: which file?", a->cmd);
		return err_hint(e, "run 'wheelwright %s --help'", a->cmd);
	}
	return 0;
}

int tool_elf_edit(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct elf_edit ed;
	struct args a;
	const char *path = NULL, *out = NULL;
	int ret;

	elf_edit_init(&ed);
	args_init(&a, "internal elf-edit", argc, argv);
	ret = parse(&a, &ed, &path, &out, &e);
	if (!ret)
		ret = elf_edit_file(path, out, &ed, &e);
	elf_edit_release(&ed);
	if (ret < 0)
		return cmd_fail(&e);
	return 0;
}
