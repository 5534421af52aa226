#include "unit.h"
#include "tables/python_dlls.h"
#include "tables/stable_abi.h"

#include <string.h>

static void test_sorted_for_binary_search(void)
{
	size_t i;
	int sorted = 1;

	for (i = 1; i < stable_abi_nr_syms; i++)
		if (strcmp(stable_abi_syms[i - 1].name, stable_abi_syms[i].name) >= 0)
			sorted = 0;
	CHECK(sorted);
	/* every item can be found, the first and the last included */
	for (i = 0; i < stable_abi_nr_syms; i++)
		if (stable_abi_find(stable_abi_syms[i].name) != &stable_abi_syms[i])
			break;
	CHECK_INT(i, stable_abi_nr_syms);
}

static void test_lookups(void)
{
	const struct stable_abi_sym *s;

	s = stable_abi_find("PyObject_Call");
	CHECK(s && s->kind == STABLE_ABI_FUNCTION);
	CHECK(s && s->added_major == 3 && s->added_minor == 2);
	CHECK(s && !s->abi_only && !s->ifdef);

	s = stable_abi_find("_Py_NoneStruct");
	CHECK(s && s->kind == STABLE_ABI_DATA && s->abi_only);

	s = stable_abi_find("Py_TYPE");
	CHECK(s && s->added_major == 3 && s->added_minor == 14);
	CHECK(s && stable_abi_available_in(s, 3, 14));
	CHECK(s && !stable_abi_available_in(s, 3, 13));
	CHECK(s && stable_abi_available_in(s, 4, 0));

	s = stable_abi_find("PyOS_AfterFork_Child");
	CHECK(s && s->ifdef && !strcmp(s->ifdef->name, "HAVE_FORK"));
	CHECK(s && !stable_abi_on_windows(s));

	s = stable_abi_find("_Py_RefTotal");
	CHECK(s && s->ifdef && s->ifdef->windows == STABLE_ABI_WIN_MAYBE);
	CHECK(s && stable_abi_on_windows(s));

	CHECK(stable_abi_find("PyUnicode_AsUTF8") == NULL);	/* not limited */
	CHECK(stable_abi_find("") == NULL);
	CHECK(stable_abi_find("zzz") == NULL);
	CHECK(stable_abi_find("PyObject_Cal") == NULL);
}

/* The counts NOTES.md gives for this copy of stable_abi.toml. */
static void test_counts(void)
{
	size_t i, funcs = 0, data = 0, win_funcs = 0, win_data = 0, abi_only = 0;

	for (i = 0; i < stable_abi_nr_syms; i++) {
		const struct stable_abi_sym *s = &stable_abi_syms[i];
		int win = stable_abi_on_windows(s);

		abi_only += s->abi_only;
		if (s->kind == STABLE_ABI_FUNCTION) {
			funcs++;
			win_funcs += win;
		} else {
			data++;
			win_data += win;
		}
	}
	CHECK_INT(funcs, 796);
	CHECK_INT(data, 143);
	CHECK_INT(win_funcs, 792);
	CHECK_INT(win_data, 143);
	CHECK_INT(abi_only, 70);
	CHECK_INT(stable_abi_nr_features, 6);
}

static void test_python_dlls(void)
{
	const struct python_dll *d;
	size_t i;
	int is_data, found_data = 0, found_func = 0;
	const char *name;

	CHECK_INT(python_dll_nr_dlls, 14);
	d = python_dll_find("python311.dll");
	CHECK(d != NULL);
	CHECK(python_dll_find("Python311.DLL") == d);
	CHECK(python_dll_find("python311") == d);
	CHECK(python_dll_find("python311.dl") == NULL);
	CHECK(python_dll_find("python3.dll") == NULL);
	CHECK(python_dll_find("python36.dll") == NULL);
	CHECK(python_dll_find("") == NULL);
	CHECK(python_dll_find("libpypy3.9-c.dll") != NULL);
	CHECK(python_dll_find("python314t.dll") != NULL);
	if (!d)
		return;
	/* python311.def: 1637 lines, 7 of them header */
	CHECK_INT(d->count, 1630);
	name = python_dll_export(d, 0, &is_data);
	CHECK_STR(name, "PyAIter_Check");
	CHECK(!is_data);
	for (i = 0; i < d->count; i++) {
		name = python_dll_export(d, i, &is_data);
		if (!strcmp(name, "PyExc_TypeError"))
			found_data = is_data;
		if (!strcmp(name, "PyObject_Call"))
			found_func = !is_data;
	}
	CHECK(found_data);
	CHECK(found_func);
}

int main(void)
{
	RUN(test_sorted_for_binary_search);
	RUN(test_lookups);
	RUN(test_counts);
	RUN(test_python_dlls);
	return unit_end();
}
