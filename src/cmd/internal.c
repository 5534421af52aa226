/*
 * `wheelwright internal TOOL`: small interfaces for tests and conformance
 * suites (for example the toml-test decoder). Not part of the stable CLI.
 */
#include "commands.h"
#include "internal_tools.h"
#include "../base/err.h"

#include <stdio.h>
#include <string.h>

struct internal_tool {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct internal_tool tools[] = {
	{ "toml-json", cmd_toml_json },
	{ "zip-list", internal_zip_list },
	{ "zip-pack", internal_zip_pack },
	{ "tar-pack", internal_tar_pack },
	{ "tar-list", internal_tar_list },
	{ "tar-extract", internal_tar_extract },
	{ "elf-info", tool_elf_info },
	{ "elf-edit", tool_elf_edit },
	{ "pe-info", internal_pe_info },
	{ "macho-info", internal_macho_info },
	{ "sysconfigdata", internal_sysconfigdata },
	{ "build-details", internal_build_details },
	{ "json", internal_json },
	{ "triple", internal_triple },
	{ "triples", internal_triples },
	{ "sysroot", internal_sysroot },
	{ "ldcache", internal_ldcache },
	{ "ld-find", internal_ld_find },
	{ "pep440", cmd_pep440 },
	{ "pep508", cmd_pep508 },
	{ "pep440", cmd_pep440 },
	{ "pep508", cmd_pep508 },
	{ "metadata", internal_metadata },
	{ NULL, NULL },
};

int cmd_internal(int argc, char **argv)
{
	struct err e = ERR_INIT;
	size_t i;

	if (argc < 1) {
		err_set(&e, "internal: which tool?");
		return cmd_fail(&e);
	}
	for (i = 0; tools[i].name; i++)
		if (!strcmp(argv[0], tools[i].name))
			return tools[i].run(argc - 1, argv + 1);
	err_set(&e, "internal: unknown tool '%s'", argv[0]);
	return cmd_fail(&e);
}
