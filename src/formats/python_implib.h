/*
 * Import libraries for the Python DLLs, from the built-in tables: what a
 * Windows build links (python3.lib for abi3, python3XY.lib otherwise,
 * DESIGN.md invariant 3) without a Windows interpreter at hand.
 */
#ifndef WW_PYTHON_IMPLIB_H
#define WW_PYTHON_IMPLIB_H

#include "coff_implib.h"

/*
 * Adds python3.dll's exports as CPython's PC/python3dll.c lists them: the
 * stable ABI's functions, then its data, each sorted by lower-cased name,
 * limited to what Windows builds have (stable_abi_on_windows()).
 */
void python_implib_add_stable_abi(struct implib *lib);

/*
 * Sets lib's DLL name and adds the exports of the built-in DLL called dll
 * ("python311.dll", "python313t", "libpypy3.10-c.dll", "python3.dll" ...,
 * case-insensitive). Fails with a hint listing the known DLLs otherwise.
 */
int python_implib_add_dll(struct implib *lib, const char *dll, struct err *e);

#endif
