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
#include "../tables/python_dlls.h"
#include "../tables/stable_abi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static int cmp_icase(const void *a, const void *b)
{
	const struct stable_abi_sym *x = *(const struct stable_abi_sym *const *)a;
	const struct stable_abi_sym *y = *(const struct stable_abi_sym *const *)b;
	int c = strcasecmp(x->name, y->name);

	return c ? c : strcmp(x->name, y->name);
}

/*
 * python3.dll as CPython's PC/python3dll.c builds it: the functions, then
 * the data, each sorted by lower-cased name, limited to what Windows has.
 */
static void add_stable_abi(struct implib *lib)
{
	const struct stable_abi_sym **v;
	size_t i, n = 0;
	int pass;

	v = xmalloc(st_mult(stable_abi_nr_syms, sizeof(*v)));
	for (pass = 0; pass < 2; pass++) {
		enum stable_abi_kind kind = pass ? STABLE_ABI_DATA : STABLE_ABI_FUNCTION;

		n = 0;
		for (i = 0; i < stable_abi_nr_syms; i++)
			if (stable_abi_syms[i].kind == kind &&
			    stable_abi_on_windows(&stable_abi_syms[i]))
				v[n++] = &stable_abi_syms[i];
		qsort(v, n, sizeof(*v), cmp_icase);
		for (i = 0; i < n; i++)
			implib_add(lib, v[i]->name, 0, 0, kind == STABLE_ABI_DATA);
	}
	free(v);
}

static void add_python_dll(struct implib *lib, const struct python_dll *dll)
{
	size_t i;
	int data;

	for (i = 0; i < dll->count; i++) {
		const char *name = python_dll_export(dll, i, &data);

		implib_add(lib, name, 0, 0, data);
	}
}

static int is_python3_dll(const char *name)
{
	return !strcasecmp(name, "python3.dll") || !strcasecmp(name, "python3");
}

static int unknown_dll(const char *name, struct err *e)
{
	struct strbuf known = STRBUF_INIT;
	size_t i;

	sb_adds(&known, "python3.dll");
	for (i = 0; i < python_dll_nr_dlls; i++)
		sb_addf(&known, ", %s", python_dlls[i].name);
	err_set(e, "implib: unknown DLL '%s'", name);
	err_hint(e, "built in: %s; or give its exports with --def FILE", known.buf);
	sb_release(&known);
	return -1;
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
	const struct python_dll *dll;

	if (o->def)
		return add_from_def(lib, o->def, o->dll, e);
	if (o->stable_abi || is_python3_dll(o->dll)) {
		free(lib->dll);
		lib->dll = xstrdup(o->dll ? o->dll : "python3.dll");
		add_stable_abi(lib);
		return 0;
	}
	dll = python_dll_find(o->dll);
	if (!dll)
		return unknown_dll(o->dll, e);
	free(lib->dll);
	lib->dll = xstrdup(dll->name);
	add_python_dll(lib, dll);
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
