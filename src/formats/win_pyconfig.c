#include "win_pyconfig.h"
#include "coff_implib.h"

static void define(struct strbuf *out, const char *name, const char *value)
{
	sb_addf(out, "#define %s %s\n", name, value);
}

static void define_int(struct strbuf *out, const char *name, int value)
{
	sb_addf(out, "#define %s %d\n", name, value);
}

static void write_platform(const struct win_pyconfig *c, int pointer_bytes,
			   struct strbuf *out)
{
	sb_adds(out, "\n/* The platform: Windows, and the core is a DLL whose symbols are\n"
		     "   imported (pyport.h then declares them __declspec(dllimport)). */\n");
	define(out, "MS_WINDOWS", "1");
	define(out, "MS_WIN32", "1");
	if (pointer_bytes == 8)
		define(out, "MS_WIN64", "1");
	define(out, "NT_THREADS", "1");
	define(out, "WITH_THREAD", "1");
	define(out, "Py_ENABLE_SHARED", "1");
	define(out, "HAVE_DECLSPEC_DLL", "1");
	if (c->gil_disabled || c->debug)
		sb_adds(out, "\n/* The build flavour. */\n");
	if (c->gil_disabled)
		define(out, "Py_GIL_DISABLED", "1");
	if (c->debug)
		define(out, "Py_DEBUG", "1");
}

/*
 * LLP64 (and ILP32 for win32). No HAVE_SSIZE_T: pyport.h then makes
 * Py_ssize_t an intptr_t, as wide as size_t on every machine here.
 */
static void write_sizes(int pointer_bytes, struct strbuf *out)
{
	sb_adds(out, "\n/* C type sizes: Windows keeps long at 4 bytes on 64-bit machines. */\n");
	define_int(out, "SIZEOF_SHORT", 2);
	define_int(out, "SIZEOF_INT", 4);
	define_int(out, "SIZEOF_LONG", 4);
	define_int(out, "SIZEOF_LONG_LONG", 8);
	define_int(out, "SIZEOF_FLOAT", 4);
	define_int(out, "SIZEOF_DOUBLE", 8);
	define_int(out, "SIZEOF_VOID_P", pointer_bytes);
	define_int(out, "SIZEOF_SIZE_T", pointer_bytes);
	define_int(out, "SIZEOF_HKEY", pointer_bytes);
	define_int(out, "SIZEOF_TIME_T", 8);
	define_int(out, "SIZEOF_OFF_T", 4);
	define_int(out, "SIZEOF_FPOS_T", 8);
	define_int(out, "SIZEOF_PID_T", 4);
	define_int(out, "SIZEOF_WCHAR_T", 2);
	define_int(out, "SIZEOF__BOOL", 1);
	define(out, "HAVE_LONG_LONG", "1");
	define(out, "PY_LONG_LONG", "long long");
	define(out, "PY_LLONG_MIN", "LLONG_MIN");
	define(out, "PY_LLONG_MAX", "LLONG_MAX");
	define(out, "PY_ULLONG_MAX", "ULLONG_MAX");
}

/*
 * CPython on Windows has a 64-bit time_t on every machine (MSVC's
 * default). MinGW-w64 with the old msvcrt.dll makes it 32-bit on i686
 * unless told otherwise, which would change the meaning of every time_t in
 * the API: ask for the 64-bit one (effective when Python.h comes first).
 */
static void write_time_t(int pointer_bytes, struct strbuf *out)
{
	if (pointer_bytes != 4)
		return;
	sb_adds(out, "\n/* A 64-bit time_t, as CPython's own MSVC build has, also with MinGW. */\n"
		     "#if defined(__MINGW32__) && !defined(__MINGW_USE_VC2005_COMPAT)\n"
		     "#define __MINGW_USE_VC2005_COMPAT 1\n"
		     "#endif\n");
}

/* What Windows' C runtime has, as far as the public headers ask. */
static void write_facts(struct strbuf *out)
{
	sb_adds(out, "\n/* Headers and functions of the C runtime the Python headers test for. */\n");
	define(out, "HAVE_STDDEF_H", "1");
	define(out, "HAVE_WCHAR_H", "1");
	define(out, "HAVE_ERRNO_H", "1");
	define(out, "HAVE_SYS_TYPES_H", "1");
	define(out, "HAVE_SYS_STAT_H", "1");
	define(out, "HAVE_COPYSIGN", "1");
	define(out, "HAVE_HYPOT", "1");
	define(out, "HAVE_ROUND", "1");
	define(out, "HAVE_DECL_ISINF", "1");
	define(out, "HAVE_DECL_ISNAN", "1");
	define(out, "HAVE_DECL_ISFINITE", "1");
	define(out, "DOUBLE_IS_LITTLE_ENDIAN_IEEE754", "1");
	define(out, "WITH_DOC_STRINGS", "1");
	define(out, "WITH_PYMALLOC", "1");
}

int win_pyconfig_write(const struct win_pyconfig *c, struct strbuf *out,
		       struct err *e)
{
	const char *machine = coff_machine_name(c->machine);
	int pointer_bytes = c->machine == COFF_MACHINE_I386 ? 4 : 8;

	if (!machine)
		return err_set(e, "no Windows pyconfig.h for machine 0x%x", c->machine);
	if (c->major != 3 || c->minor < 7)
		return err_set(e, "no Windows pyconfig.h for Python %d.%d (3.7 or newer is needed)",
			       c->major, c->minor);
	sb_addf(out, "/* pyconfig.h for CPython %d.%d%s%s on Windows %s, written by wheelwright\n"
		     "   for cross builds: it stands in for the Windows installer's own. */\n",
		c->major, c->minor, c->gil_disabled ? "t" : "", c->debug ? " (debug)" : "",
		machine);
	sb_adds(out, "#ifndef Py_CONFIG_H\n#define Py_CONFIG_H\n");
	write_platform(c, pointer_bytes, out);
	write_sizes(pointer_bytes, out);
	write_time_t(pointer_bytes, out);
	write_facts(out);
	sb_adds(out, "\n#endif /* Py_CONFIG_H */\n");
	return 0;
}
