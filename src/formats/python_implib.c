#include "python_implib.h"
#include "../base/xalloc.h"
#include "../tables/python_dlls.h"
#include "../tables/stable_abi.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int cmp_icase(const void *a, const void *b)
{
	const struct stable_abi_sym *x = *(const struct stable_abi_sym *const *)a;
	const struct stable_abi_sym *y = *(const struct stable_abi_sym *const *)b;
	int c = strcasecmp(x->name, y->name);

	return c ? c : strcmp(x->name, y->name);
}

static void add_kind(struct implib *lib, enum stable_abi_kind kind,
		     const struct stable_abi_sym **v)
{
	size_t i, n = 0;

	for (i = 0; i < stable_abi_nr_syms; i++)
		if (stable_abi_syms[i].kind == kind &&
		    stable_abi_on_windows(&stable_abi_syms[i]))
			v[n++] = &stable_abi_syms[i];
	qsort(v, n, sizeof(*v), cmp_icase);
	for (i = 0; i < n; i++)
		implib_add(lib, v[i]->name, 0, 0, kind == STABLE_ABI_DATA);
}

void python_implib_add_stable_abi(struct implib *lib)
{
	const struct stable_abi_sym **v;

	v = xmalloc(st_mult(stable_abi_nr_syms, sizeof(*v)));
	add_kind(lib, STABLE_ABI_FUNCTION, v);
	add_kind(lib, STABLE_ABI_DATA, v);
	free(v);
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
	err_set(e, "unknown DLL '%s'", name);
	err_hint(e, "built in: %s; or give its exports with --def FILE", known.buf);
	sb_release(&known);
	return -1;
}

int python_implib_add_dll(struct implib *lib, const char *dll, struct err *e)
{
	const struct python_dll *d;
	size_t i;
	int data;

	if (is_python3_dll(dll)) {
		free(lib->dll);
		lib->dll = xstrdup("python3.dll");
		python_implib_add_stable_abi(lib);
		return 0;
	}
	d = python_dll_find(dll);
	if (!d)
		return unknown_dll(dll, e);
	free(lib->dll);
	lib->dll = xstrdup(d->name);
	for (i = 0; i < d->count; i++) {
		const char *name = python_dll_export(d, i, &data);

		implib_add(lib, name, 0, 0, data);
	}
	return 0;
}
