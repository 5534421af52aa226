/*
 * Whether the data found for a cross target is that target's (see
 * target_cross_check.h).
 */
#include "target_cross_check.h"
#include "../base/fs.h"

#include <stdlib.h>
#include <string.h>

/*
 * Data without MULTIARCH was only checked for its pointer width: its SOABI
 * still names the platform it was built for ("cpython-311-arm-linux-
 * gnueabihf"), which must be the same machine as the triple's.
 */
int cross_check_soabi(const struct triple *tr, const struct sysroot_python *py,
		      struct err *e)
{
	const char *soabi = pyvars_get(&py->vars, "SOABI");
	const char *dash = soabi ? strchr(soabi, '-') : NULL;
	const struct triple *data;

	if (!dash || !(dash = strchr(dash + 1, '-')))
		return 0;
	data = triple_find(dash + 1);
	if (!data || (data->elf_machine == tr->elf_machine &&
		      data->pointer_width == tr->pointer_width &&
		      !strcmp(data->byteorder, tr->byteorder)))
		return 0;
	err_set(e, "'%s' is for '%s' (SOABI '%s'), not for the target '%s'",
		py->config_file, data->name, soabi, tr->name);
	return err_hint(e, "name the target this file describes with --target, "
			"or point at the target's own data");
}

/* The value of "#define NAME VALUE" at the start of a line, or NULL. */
static const char *define_of(const char *text, const char *name)
{
	size_t n = strlen(name);
	const char *p = text;

	while ((p = strstr(p, "#define "))) {
		if ((p == text || p[-1] == '\n') && !strncmp(p + 8, name, n) &&
		    p[8 + n] == ' ')
			return p + 9 + n;
		p += 8;
	}
	return NULL;
}

/* Why the text of a pyconfig.h is not the target's; why stays empty if it is. */
static void pyconfig_mismatch(const struct triple *tr, const char *text,
			      struct strbuf *why)
{
	enum { EM_386_ = 3, EM_X86_64_ = 62 };
	const char *size = define_of(text, "SIZEOF_VOID_P");
	const char *big = define_of(text, "DOUBLE_IS_BIG_ENDIAN_IEEE754");
	const char *little = define_of(text, "DOUBLE_IS_LITTLE_ENDIAN_IEEE754");
	const char *x86 = NULL;

	if (tr->elf_machine != EM_386_ && tr->elf_machine != EM_X86_64_) {
		if (define_of(text, "HAVE_GCC_ASM_FOR_X64"))
			x86 = "HAVE_GCC_ASM_FOR_X64";
		else if (define_of(text, "HAVE_GCC_ASM_FOR_X87"))
			x86 = "HAVE_GCC_ASM_FOR_X87";
	}
	if (size && atoi(size) * 8 != tr->pointer_width)
		sb_addf(why, "SIZEOF_VOID_P is %d", atoi(size));
	else if ((big && !strcmp(tr->byteorder, "little")) ||
		 (little && !strcmp(tr->byteorder, "big")))
		sb_addf(why, "it is for a %s-endian machine", big ? "big" : "little");
	else if (x86)
		sb_addf(why, "it is for x86 (%s)", x86);
}

/*
 * Headers found outside a sysroot may be another machine's (INCLUDEPY
 * '/usr/include/python3.11' is also this machine's own Python): the real
 * pyconfig.h must agree with the target on pointer size, byte order and
 * whether it is x86. The host's Python headers must never reach a cross
 * compile.
 */
int cross_check_pyconfig(const struct triple *tr,
			 const struct sysroot_python *py, struct err *e)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, why = STRBUF_INIT;
	struct err ignore = ERR_INIT;
	int rc = 0;

	path_join(&path, py->pyconfig_dir, "pyconfig.h");
	if (!read_file(path.buf, &text, &ignore))
		pyconfig_mismatch(tr, text.buf, &why);
	if (why.len) {
		err_set(e, "'%s' is not the pyconfig.h of the target '%s': %s",
			path.buf, tr->name, why.buf);
		rc = err_hint(e, "these are another machine's Python headers "
			      "(perhaps this machine's own); give --sysroot with "
			      "the target's root file system");
	}
	sb_release(&path);
	sb_release(&text);
	sb_release(&why);
	err_release(&ignore);
	return rc;
}
