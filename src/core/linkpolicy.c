#include "linkpolicy.h"
#include "target.h"

#include <string.h>

static const struct link_policy policies[] = {
	{ "linux", LINK_NEVER, "-shared", "", ".so", ".abi3.so",
	  "the interpreter that imports the module already provides libpython's "
	  "symbols; naming libpython would break interpreters whose libpython is static" },
	{ "freebsd", LINK_NEVER, "-shared", "", ".so", ".abi3.so",
	  "the importing interpreter provides libpython's symbols (as on Linux)" },
	{ "netbsd", LINK_NEVER, "-shared", "", ".so", ".abi3.so",
	  "the importing interpreter provides libpython's symbols (as on Linux)" },
	{ "openbsd", LINK_NEVER, "-shared", "", ".so", ".abi3.so",
	  "the importing interpreter provides libpython's symbols (as on Linux)" },
	{ "macos", LINK_NEVER, "-bundle -undefined dynamic_lookup", "", ".so", ".abi3.so",
	  "a bundle resolves libpython's symbols in the loading process at run time "
	  "(-undefined dynamic_lookup); linking libpython would load a second copy" },
	{ "aix", LINK_LIBRARY, "-shared", "-lintl -ldl -lm", ".so", ".abi3.so",
	  "the AIX linker must resolve every symbol of a shared object when it is "
	  "built, so libpython is linked from the configuration's lib_dir" },
	{ "android", LINK_LIBRARY, "-shared", "", ".so", ".abi3.so",
	  "Android's loader resolves a library's symbols only from its own "
	  "dependencies, so the module names libpython" },
	{ "cygwin", LINK_LIBRARY, "-shared", "", ".dll", ".abi3.dll",
	  "Cygwin DLLs must resolve every symbol at link time, from libpython's "
	  "import library" },
	{ "windows", LINK_IMPORT_LIBRARY, "-shared", "", ".pyd", ".pyd",
	  "a Windows DLL imports each symbol from a named DLL, through an import "
	  "library that wheelwright writes itself" },
};

#define NPOLICIES (sizeof(policies) / sizeof(policies[0]))

const struct link_policy *link_policy_for(const char *os)
{
	size_t i;

	for (i = 0; i < NPOLICIES; i++)
		if (!strcmp(policies[i].os, os))
			return &policies[i];
	return NULL;
}

const char *const *link_policy_oses(void)
{
	static const char *names[NPOLICIES + 1];
	size_t i;

	for (i = 0; i < NPOLICIES; i++)
		names[i] = policies[i].os;
	return names;
}

static int minor_of(const char *version)
{
	int maj, min;

	return parse_version(version, &maj, &min) ? 0 : min;
}

void link_policy_lib_name(const struct target *t, struct strbuf *out)
{
	if (!strcmp(t->os, "windows")) {
		if (!strcmp(t->implementation, "pypy")) {
			sb_addf(out, "libpypy%s-c", t->version);
			return;
		}
		if (*t->abi3) {
			sb_adds(out, "python3");
			return;
		}
		sb_addf(out, "python3%d", minor_of(t->version));
		if (t->gil_disabled)
			sb_addc(out, 't');
		if (t->debug)
			sb_adds(out, "_d");
		return;
	}
	if (*t->lib_name) {
		sb_adds(out, t->lib_name);
		return;
	}
	sb_addf(out, "python%s%s", t->version, t->abiflags);
}

void link_policy_import_lib(const struct target *t, struct strbuf *out)
{
	link_policy_lib_name(t, out);
	sb_adds(out, ".lib");
}

void link_policy_args(const struct target *t, struct strbuf *out)
{
	const struct link_policy *p = link_policy_for(t->os);

	if (!p)
		return;
	sb_adds(out, p->shared_flags);
	switch (p->libpython) {
	case LINK_NEVER:
		break;
	case LINK_LIBRARY:
		if (*t->lib_dir)
			sb_addf(out, " -L%s", t->lib_dir);
		sb_adds(out, " -l");
		link_policy_lib_name(t, out);
		break;
	case LINK_IMPORT_LIBRARY:
		sb_addc(out, ' ');
		link_policy_import_lib(t, out);
		break;
	}
	if (*p->extra_libs) {
		sb_addc(out, ' ');
		sb_adds(out, p->extra_libs);
	}
}

void link_policy_explain(const struct target *t, struct strbuf *out)
{
	const struct link_policy *p = link_policy_for(t->os);

	if (!p) {
		sb_addf(out, "link policy: no rule for os '%s'\n", t->os);
		return;
	}
	sb_addf(out, "link policy for os=%s: ", t->os);
	switch (p->libpython) {
	case LINK_NEVER:
		sb_adds(out, "never link libpython");
		if (t->shared)
			sb_adds(out, " (even though this interpreter has a shared libpython)");
		break;
	case LINK_LIBRARY:
		sb_adds(out, "link libpython: -l");
		link_policy_lib_name(t, out);
		sb_addf(out, " from lib_dir '%s'", t->lib_dir);
		break;
	case LINK_IMPORT_LIBRARY:
		sb_adds(out, "link the import library ");
		link_policy_import_lib(t, out);
		sb_adds(out, *t->abi3 ? " (the stable ABI's python3.dll)"
				      : " (this version's DLL)");
		sb_adds(out, ", generated in the build folder");
		break;
	}
	sb_addf(out, "\nreason: %s\n", p->reason);
	sb_adds(out, "link_args: ");
	link_policy_args(t, out);
	sb_addf(out, "\nmodules are named NAME%s\n", t->module_suffix);
}
