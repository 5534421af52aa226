/* wheelwright: the command-line front end. */
#include "base/err.h"
#include "cmd/commands.h"
#include "version.h"

#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "list-python", cmd_list_python, "list the Python interpreters found on this machine" },
	{ "build", cmd_build, "build wheels of a project for one or many targets" },
	{ "sdist", cmd_sdist, "write the source distribution (sdist) of a project" },
	{ "develop", cmd_develop, "build and install a project in editable mode into a Python" },
	{ "config", cmd_config, "print the target configuration (and the link policy with --explain)" },
	{ "audit", cmd_audit, "audit wheels and extension modules: tags, RECORD, binaries, policies" },
	{ "repair", cmd_repair, "repair a Linux wheel: drop libpython, vendor libraries, retag" },
	{ "implib", cmd_implib, "write a Windows import library (.lib) for a DLL" },
	{ "internal", cmd_internal, "tools for tests: toml-json, ..." },
};

static void usage(FILE *fp)
{
	size_t i;

	fputs("usage: wheelwright COMMAND [ARGS...]\n\n"
	      "wheelwright builds, cross-compiles, packs, audits and repairs\n"
	      "Python native-extension wheels.\n\ncommands:\n", fp);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(commands[i].name, "internal"))
			continue;
		fprintf(fp, "  %-12s %s\n", commands[i].name, commands[i].summary);
	}
	fputs("\nRun 'wheelwright COMMAND --help' for a command's options.\n", fp);
}

int main(int argc, char **argv)
{
	struct err e = ERR_INIT;
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_BAD_INPUT;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("wheelwright %s\n", WHEELWRIGHT_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 2, argv + 2);
	err_set(&e, "unknown command '%s'", argv[1]);
	err_hint(&e, "run 'wheelwright --help' for the list of commands");
	return cmd_fail(&e);
}
