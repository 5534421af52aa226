/*
 * `wheelwright implib`: writes a Windows import library (.lib) for a DLL,
 * from a .def file, from the stable-ABI table (python3.dll) or from the
 * built-in export lists of the CPython and PyPy DLLs. No Windows tool and
 * no Windows interpreter is involved (MISSION.md, failure 3).
 */
#include "commands.h"
#include "args.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../formats/coff_implib.h"
#include "../formats/deffile.h"
#include "../formats/python_implib.h"

#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
	"usage: wheelwright implib [--def FILE | --stable-abi | --dll NAME]\n"
	"                          --machine x86_64|aarch64|i686 -o FILE.lib\n"
	"\n"
	"Writes a Windows import library for linking against a DLL.\n"
	"\n"
	"  --def FILE      the exports of a module-definition (.def) file\n"
	"  --stable-abi    the exports of python3.dll (the stable ABI, abi3)\n"
	"  --dll NAME      alone: a built-in CPython/PyPy DLL (python311.dll,\n"
	"                  python313t.dll, libpypy3.10-c.dll, python3.dll ...);\n"
	"                  with --def or --stable-abi: the DLL name to record\n"
	"  --machine M     x86_64, aarch64 or i686\n"
	"  -o FILE         the library to write\n";

struct implib_opts {
	const char *def;
	const char *dll;
	const char *machine;
	const char *out;
	int stable_abi;
};

static int parse_opts(int argc, char **argv, struct implib_opts *o,
		      struct err *e)
{
	struct args a;
	char *arg;

	args_init(&a, "implib", argc, argv);
	while (args_next(&a, &arg)) {
		if (args_is(&a, "help", "h")) {
			fputs(usage, stdout);
			return 1;
		} else if (args_is(&a, "def", NULL)) {
			if (args_value(&a, &o->def, e) < 0)
				return -1;
		} else if (args_is(&a, "dll", NULL)) {
			if (args_value(&a, &o->dll, e) < 0)
				return -1;
		} else if (args_is(&a, "machine", "m")) {
			if (args_value(&a, &o->machine, e) < 0)
				return -1;
		} else if (args_is(&a, "output", "o")) {
			if (args_value(&a, &o->out, e) < 0)
				return -1;
		} else if (args_is(&a, "stable-abi", NULL)) {
			o->stable_abi = 1;
		} else {
			return args_unknown(&a, e);
		}
	}
	if (o->def && o->stable_abi) {
		err_set(e, "implib: '--def' and '--stable-abi' exclude each other");
		return err_hint(e, "run 'wheelwright implib --help'");
	}
	if (!o->def && !o->stable_abi && !o->dll) {
		err_set(e, "implib: no exports: give '--def FILE', '--stable-abi' or '--dll NAME'");
		return err_hint(e, "run 'wheelwright implib --help'");
	}
	if (!o->machine) {
		err_set(e, "implib: '--machine' is required");
		return err_hint(e, "use --machine x86_64, aarch64 or i686");
	}
	if (!o->out) {
		err_set(e, "implib: '-o FILE' is required");
		return err_hint(e, "run 'wheelwright implib --help'");
	}
	return 0;
}

static int add_from_def(struct implib *lib, const char *path, const char *dll,
			struct err *e)
{
	struct strbuf text = STRBUF_INIT;
	struct def_file def = DEF_FILE_INIT;
	char *module;
	int ret = -1;

	if (read_file(path, &text, e) < 0)
		goto out;
	if (def_parse(&def, text.buf, text.len, path, e) < 0)
		goto out;
	module = def_module_name(&def);
	if (!dll && !module) {
		err_at(e, path, 0, 0, "no LIBRARY line names the DLL");
		err_hint(e, "add 'LIBRARY name.dll', or give the name with --dll NAME");
		goto out;
	}
	free(lib->dll);
	lib->dll = dll ? xstrdup(dll) : module;
	if (dll)
		free(module);
	ret = implib_add_def(lib, &def, path, e);
out:
	def_file_release(&def);
	sb_release(&text);
	return ret;
}

static int build(const struct implib_opts *o, struct implib *lib,
		 struct err *e)
{
	if (o->def)
		return add_from_def(lib, o->def, o->dll, e);
	if (o->stable_abi) {
		python_implib_add_stable_abi(lib);
		free(lib->dll);
		lib->dll = xstrdup(o->dll ? o->dll : "python3.dll");
		return 0;
	}
	if (python_implib_add_dll(lib, o->dll, e) < 0) {
		err_prefix(e, "implib");
		return -1;
	}
	return 0;
}

int cmd_implib(int argc, char **argv)
{
	struct implib_opts o = { NULL, NULL, NULL, NULL, 0 };
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct implib lib;
	uint16_t machine;
	int r = parse_opts(argc, argv, &o, &e);

	if (r)
		return r > 0 ? EXIT_OK : cmd_fail(&e);
	machine = coff_machine_from_name(o.machine);
	if (!machine) {
		err_set(&e, "implib: unknown machine '%s'", o.machine);
		err_hint(&e, "use --machine x86_64, aarch64 or i686");
		return cmd_fail(&e);
	}
	implib_init(&lib, "", machine);
	if (build(&o, &lib, &e) < 0 ||
	    implib_write(&lib, &out, &e) < 0 ||
	    write_file_atomic(o.out, out.buf, out.len, &e) < 0) {
		implib_release(&lib);
		sb_release(&out);
		return cmd_fail(&e);
	}
	implib_release(&lib);
	sb_release(&out);
	return EXIT_OK;
}
