/* Lookups over the generated tables (stable_abi.c, python_dlls.c). */
#include "python_dlls.h"
#include "stable_abi.h"

#include <string.h>
#include <strings.h>

const struct stable_abi_sym *stable_abi_find(const char *name)
{
	size_t lo = 0, hi = stable_abi_nr_syms;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, stable_abi_syms[mid].name);

		if (!c)
			return &stable_abi_syms[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int stable_abi_on_windows(const struct stable_abi_sym *sym)
{
	return !sym->ifdef || sym->ifdef->windows != STABLE_ABI_WIN_NO;
}

int stable_abi_available_in(const struct stable_abi_sym *sym, int major,
			    int minor)
{
	if (sym->added_major != major)
		return sym->added_major < major;
	return sym->added_minor <= minor;
}

/* "python311.dll" matches "python311.dll", "Python311.DLL" and "python311". */
static int dll_name_matches(const char *table_name, const char *name)
{
	size_t n = strlen(name);
	size_t tn = strlen(table_name);

	if (n == tn)
		return !strcasecmp(table_name, name);
	return n + 4 == tn && !strncasecmp(table_name, name, n) &&
	       !strcasecmp(table_name + n, ".dll");
}

const struct python_dll *python_dll_find(const char *name)
{
	size_t i;

	for (i = 0; i < python_dll_nr_dlls; i++)
		if (dll_name_matches(python_dlls[i].name, name))
			return &python_dlls[i];
	return NULL;
}

const char *python_dll_export(const struct python_dll *dll, size_t i,
			      int *is_data)
{
	uint16_t v = python_dll_exports[dll->first + i];

	*is_data = (v & PYTHON_DLL_DATA) != 0;
	return python_dll_pool + python_dll_name_offsets[v & PYTHON_DLL_INDEX_MASK];
}
