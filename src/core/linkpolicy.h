/*
 * The link policy (DESIGN.md invariant 3), one row per target OS: whether an
 * extension module links libpython, how, and how it is named.
 *
 * Where the interpreter that imports a module already carries libpython's
 * symbols (Linux, macOS, the BSDs), the module must not name libpython: a
 * DT_NEEDED on it breaks every interpreter whose libpython is static (see
 * MISSION.md failure 5). Where the platform's linker must resolve every
 * symbol of a shared object (AIX, and by convention Android and Cygwin), the
 * module links -lpythonX.Y. Windows links an import library.
 */
#ifndef WW_LINKPOLICY_H
#define WW_LINKPOLICY_H

#include "../base/strbuf.h"

struct target;

enum libpython_link {
	LINK_NEVER,		/* symbols come from the loading process */
	LINK_LIBRARY,		/* -L<lib_dir> -l<lib_name> */
	LINK_IMPORT_LIBRARY,	/* Windows: pythonXY.lib / python3.lib */
};

struct link_policy {
	const char *os;
	enum libpython_link libpython;
	const char *shared_flags;	/* how to link a loadable module */
	const char *extra_libs;		/* after libpython, where needed */
	const char *module_ext;		/* ".so", ".pyd" */
	const char *abi3_suffix;	/* the limited-API module suffix */
	const char *reason;		/* for `config --explain` */
};

/* The row for an OS name; NULL for an OS wheelwright does not know. */
const struct link_policy *link_policy_for(const char *os);
/* Names of the known OSes, NULL-terminated (for error hints). */
const char *const *link_policy_oses(void);

/* The libpython name to link: "python3.11", or for Windows "python311". */
void link_policy_lib_name(const struct target *t, struct strbuf *out);
/* Windows: the import library file name ("python3.lib", "python311.lib"). */
void link_policy_import_lib(const struct target *t, struct strbuf *out);
/* The link arguments, as `config` prints them. */
void link_policy_args(const struct target *t, struct strbuf *out);
/* A paragraph for `config --explain`. */
void link_policy_explain(const struct target *t, struct strbuf *out);

#endif
