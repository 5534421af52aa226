/*
 * PEP 739 build-details.json (schema 1.x), mapped to the sysconfig
 * variable names that a _sysconfigdata_*.py file would give, so that both
 * sources fill the same struct pyvars.
 *
 *   EXT_SUFFIX         abi.extension_suffix
 *   SOABI              abi.extension_suffix without the leading '.' and
 *                      the last suffix (".cpython-314-x86_64-linux-gnu.so"
 *                      -> "cpython-314-x86_64-linux-gnu")
 *   SHLIB_SUFFIX       the last suffix of abi.extension_suffix (".so")
 *   ABIFLAGS           abi.flags joined ("td")
 *   Py_GIL_DISABLED    1 if abi.flags has "t", else 0
 *   Py_DEBUG           1 if abi.flags has "d", else 0
 *   VERSION            language.version
 *   MULTIARCH          implementation._multiarch
 *   prefix, exec_prefix  base_prefix
 *   INCLUDEPY          c_api.headers
 *   LIBPC              c_api.pkgconfig_path
 *   LIBDIR             the folder of libpython.dynamic
 *   LIBPL              the folder of libpython.static
 *
 * Every scalar of the file is also kept under its dotted path
 * ("implementation.name", "libpython.link_extensions", "platform", ...):
 * strings as str, integers as int, other numbers as float, booleans as
 * bool. Relative paths are made absolute as the PEP says: base_prefix
 * against the folder of the file, the other paths against base_prefix;
 * the dotted entries keep the text of the file.
 */
#ifndef WW_BUILD_DETAILS_H
#define WW_BUILD_DETAILS_H

#include "pyvars.h"

/*
 * Parses a build-details.json; file names it in errors and locates
 * relative paths. Errors (with line:col): bad JSON, a schema_version other
 * than 1.x, a required field (schema_version, base_prefix, language) that is
 * missing, or a mapped field of the wrong type. On error out is unchanged.
 */
int build_details_parse(const char *buf, size_t len, const char *file,
			struct pyvars *out, struct err *e);
int build_details_load(const char *path, struct pyvars *out, struct err *e);

#endif
