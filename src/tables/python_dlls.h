/*
 * The exports of the CPython and PyPy DLLs for Windows (python37.dll ...
 * python314.dll, python313t.dll, python314t.dll, libpypy3-c.dll,
 * libpypy3.9-c.dll ...), from which implib writes pythonXY.lib without a
 * Windows interpreter. The data is generated (tools/gen_tables.py ->
 * python_dlls.c) and compact: one pool of names shared by all DLLs, and per
 * DLL a run of 16-bit name indices. python3.dll is not here: its exports
 * come from the stable ABI table (stable_abi.h).
 */
#ifndef WW_PYTHON_DLLS_H
#define WW_PYTHON_DLLS_H

#include <stddef.h>
#include <stdint.h>

struct python_dll {
	const char *name;	/* "python311.dll" */
	uint32_t first;		/* its exports: python_dll_exports[first..] */
	uint32_t count;
};

/* An entry of python_dll_exports is a name index, or'ed with this flag
 * when the export is a variable (DATA in the .def). */
#define PYTHON_DLL_DATA 0x8000u
#define PYTHON_DLL_INDEX_MASK 0x7fffu

extern const struct python_dll python_dlls[];
extern const size_t python_dll_nr_dlls;
extern const uint16_t python_dll_exports[];
extern const char python_dll_pool[];
extern const uint32_t python_dll_name_offsets[];
extern const size_t python_dll_nr_names;

/* The DLL called name (case-insensitive; ".dll" may be left out), or NULL. */
const struct python_dll *python_dll_find(const char *name);

/* The i-th export of dll (i < dll->count); *is_data tells DATA exports. */
const char *python_dll_export(const struct python_dll *dll, size_t i,
			      int *is_data);

#endif
