/* Platform tags and extension module names (ext_suffix.h). */
#include "ext_suffix.h"
#include "policy_match.h"
#include "../formats/elf.h"
#include "../formats/pe.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cpu_row {
	const char *arch;
	unsigned elf_machine;
	int is64, msb;
	unsigned pe_machine;
	const char *gnu;	/* CPython's multiarch with glibc */
	const char *musl;	/* with musl */
	const char *android;
};

static const struct cpu_row cpus[] = {
	{ "x86_64", ELF_EM_X86_64, 1, 0, PE_MACHINE_AMD64, "x86_64-linux-gnu",
	  "x86_64-linux-musl", "x86_64-linux-android" },
	{ "i686", ELF_EM_386, 0, 0, PE_MACHINE_I386, "i386-linux-gnu",
	  "i386-linux-musl", "i686-linux-android" },
	{ "aarch64", ELF_EM_AARCH64, 1, 0, PE_MACHINE_ARM64, "aarch64-linux-gnu",
	  "aarch64-linux-musl", "aarch64-linux-android" },
	{ "armv7l", ELF_EM_ARM, 0, 0, 0, "arm-linux-gnueabihf",
	  "arm-linux-musleabihf", "arm-linux-androideabi" },
	{ "armv6l", ELF_EM_ARM, 0, 0, 0, "arm-linux-gnueabihf",
	  "arm-linux-musleabihf", NULL },
	{ "ppc64le", ELF_EM_PPC64, 1, 0, 0, "powerpc64le-linux-gnu",
	  "powerpc64le-linux-musl", NULL },
	{ "ppc64", ELF_EM_PPC64, 1, 1, 0, "powerpc64-linux-gnu",
	  "powerpc64-linux-musl", NULL },
	{ "s390x", ELF_EM_S390, 1, 1, 0, "s390x-linux-gnu", "s390x-linux-musl", NULL },
	{ "riscv64", ELF_EM_RISCV, 1, 0, 0, "riscv64-linux-gnu",
	  "riscv64-linux-musl", NULL },
	{ "loongarch64", ELF_EM_LOONGARCH, 1, 0, 0, "loongarch64-linux-gnu",
	  "loongarch64-linux-musl", NULL },
};

#define NCPUS (sizeof(cpus) / sizeof(cpus[0]))

static const struct cpu_row *cpu(const char *arch)
{
	size_t i;

	for (i = 0; i < NCPUS; i++)
		if (!strcmp(cpus[i].arch, arch))
			return &cpus[i];
	return NULL;
}

int plat_elf_machine(const char *arch, unsigned *machine, int *is64, int *msb)
{
	const struct cpu_row *c = cpu(arch);

	if (!c)
		return 0;
	*machine = c->elf_machine;
	*is64 = c->is64;
	*msb = c->msb;
	return 1;
}

unsigned plat_pe_machine(const char *arch)
{
	const struct cpu_row *c = cpu(arch);

	return c ? c->pe_machine : 0;
}

const char *plat_arch_of_elf(unsigned machine, int is64, int msb)
{
	size_t i;

	for (i = 0; i < NCPUS; i++)
		if (cpus[i].elf_machine == machine && cpus[i].is64 == is64 &&
		    cpus[i].msb == msb && strcmp(cpus[i].arch, "armv6l"))
			return cpus[i].arch;
	return NULL;
}

static void set_arch(struct plat_info *out, const char *arch)
{
	snprintf(out->arch, sizeof(out->arch), "%s", arch);
}

/* "manylinux_2_99_x86_64" for a policy this table does not know yet. */
static const char *skip_glibc_version(const char *s)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (!isdigit((unsigned char)*s))
			return NULL;
		while (isdigit((unsigned char)*s))
			s++;
		if (*s++ != '_')
			return NULL;
	}
	return *s ? s : NULL;
}

static void parse_android(const char *tag, struct plat_info *out)
{
	static const struct { const char *abi, *arch; } map[] = {
		{ "arm64_v8a", "aarch64" }, { "armeabi_v7a", "armv7l" },
		{ "x86_64", "x86_64" }, { "x86", "i686" },
	};
	const char *p = tag + strlen("android_");
	size_t i;

	out->os = PLAT_ANDROID;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '_')
		p++;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(p, map[i].abi))
			set_arch(out, map[i].arch);
}

void plat_parse(const char *tag, struct plat_info *out)
{
	struct strbuf arch = STRBUF_INIT;
	const struct policy *p;
	const char *rest;

	memset(out, 0, sizeof(*out));
	out->os = PLAT_OTHER;
	if (!strcmp(tag, "any")) {
		out->os = PLAT_ANY;
	} else if ((p = policy_from_tag(tag, &arch))) {
		out->os = PLAT_LINUX;
		out->libc = p->libc == POLICY_GLIBC ? PLAT_LIBC_GLIBC :
			    p->libc == POLICY_MUSL ? PLAT_LIBC_MUSL : PLAT_LIBC_UNKNOWN;
		set_arch(out, arch.buf);
	} else if (starts_with(tag, "manylinux_") &&
		   (rest = skip_glibc_version(tag + strlen("manylinux_")))) {
		out->os = PLAT_LINUX;
		out->libc = PLAT_LIBC_GLIBC;
		set_arch(out, rest);
	} else if (starts_with(tag, "musllinux_") &&
		   (rest = skip_glibc_version(tag + strlen("musllinux_")))) {
		out->os = PLAT_LINUX;
		out->libc = PLAT_LIBC_MUSL;
		set_arch(out, rest);
	} else if (!strcmp(tag, "win32") || !strcmp(tag, "win_amd64") ||
		   !strcmp(tag, "win_arm64")) {
		out->os = PLAT_WINDOWS;
		set_arch(out, !strcmp(tag, "win32") ? "i686" :
			 !strcmp(tag, "win_amd64") ? "x86_64" : "aarch64");
	} else if (starts_with(tag, "macosx_")) {
		out->os = PLAT_MACOS;
		rest = strrchr(tag, '_');
		set_arch(out, rest + 1);
	} else if (starts_with(tag, "android_")) {
		parse_android(tag, out);
	}
	sb_release(&arch);
}

const char *ext_multiarch(const char *arch, enum plat_libc libc, int minor)
{
	const struct cpu_row *c = cpu(arch);

	if (!c)
		return NULL;
	/* CPython names musl in its triple since 3.11; before, it said gnu. */
	if (libc == PLAT_LIBC_MUSL && minor >= 11)
		return c->musl;
	return c->gnu;
}

static int is_identifier(const char *s, size_t n)
{
	size_t i;

	if (!n || isdigit((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    !((unsigned char)s[i] & 0x80))
			return 0;
	return 1;
}

/* "312" + flags "t" + "-" + platform, after "cpython-3" or "cp3". */
static int parse_version_part(const char *s, struct ext_name *out,
			      const char **after)
{
	char *end;
	size_t k = 0;

	if (!isdigit((unsigned char)*s))
		return 0;
	out->minor = (int)strtol(s, &end, 10);
	s = end;
	while (islower((unsigned char)*s) && k + 1 < sizeof(out->flags))
		out->flags[k++] = *s++;
	out->flags[k] = '\0';
	if (*s != '-')
		return 0;
	*after = s + 1;
	return 1;
}

static void classify(const char *rest, struct ext_name *out)
{
	const char *after;

	if (!*rest) {
		out->kind = EXT_PLAIN;
	} else if (!strcmp(rest, "abi3")) {
		out->kind = EXT_ABI3;
	} else if (starts_with(rest, "cpython-3") && !out->pyd &&
		   parse_version_part(rest + strlen("cpython-3"), out, &after) && *after) {
		out->kind = EXT_CPYTHON;
		snprintf(out->platform, sizeof(out->platform), "%s", after);
	} else if (starts_with(rest, "pypy3") && !out->pyd &&
		   parse_version_part(rest + strlen("pypy3"), out, &after) &&
		   starts_with(after, "pp")) {
		out->kind = EXT_PYPY;
		snprintf(out->platform, sizeof(out->platform), "%s", after);
	} else if (starts_with(rest, "cp3") && out->pyd &&
		   parse_version_part(rest + strlen("cp3"), out, &after) && *after) {
		out->kind = EXT_WIN;
		snprintf(out->platform, sizeof(out->platform), "%s", after);
	} else {
		out->kind = EXT_UNKNOWN;
	}
}

void ext_name_parse(const char *base, struct ext_name *out)
{
	size_t len = strlen(base), core, leaf;
	const char *dot;

	memset(out, 0, sizeof(*out));
	out->kind = EXT_NOT_MODULE;
	if (ends_with(base, ".pyd"))
		out->pyd = 1;
	else if (!ends_with(base, ".so"))
		return;
	core = len - (out->pyd ? 4 : 3);	/* base[0..core): without .so */
	dot = memchr(base, '.', core);
	leaf = dot ? (size_t)(dot - base) : core;
	if (!is_identifier(base, leaf) || leaf >= sizeof(out->leaf) ||
	    len - leaf >= sizeof(out->suffix))
		return;
	memcpy(out->leaf, base, leaf);
	out->leaf[leaf] = '\0';
	memcpy(out->suffix, base + leaf, len - leaf + 1);
	{
		char rest[sizeof(out->suffix)];
		size_t rlen = dot ? core - leaf - 1 : 0;

		memcpy(rest, base + leaf + (dot ? 1 : 0), rlen);
		rest[rlen] = '\0';
		classify(rest, out);
	}
}

/* "cp312" -> 12, "" ; "cp37m" -> 7, "m"; "cp313t" -> 13, "t". */
static int parse_cp_abi(const char *abi, int *minor, const char **flags)
{
	char *end;

	if (!starts_with(abi, "cp3") || !isdigit((unsigned char)abi[3]))
		return 0;
	*minor = (int)strtol(abi + 3, &end, 10);
	*flags = end;
	return 1;
}

/* "pypy39_pp73" -> 9 and "pp73". */
static int parse_pypy_abi(const char *abi, int *minor, const char **pp)
{
	char *end;

	if (!starts_with(abi, "pypy3") || !isdigit((unsigned char)abi[5]))
		return 0;
	*minor = (int)strtol(abi + 5, &end, 10);
	if (*end != '_')
		return 0;
	*pp = end + 1;
	return 1;
}

static int multiarch_ok(const struct plat_info *pi, int minor, const char *have)
{
	const struct cpu_row *c;
	const char *want;

	if (pi->os == PLAT_MACOS)
		return !strcmp(have, "darwin");
	c = cpu(pi->arch);
	if (!c)
		return 1;	/* a CPU we do not know: not checked */
	if (pi->os == PLAT_ANDROID)
		return !c->android || !strcmp(have, c->android);
	if (pi->libc == PLAT_LIBC_UNKNOWN)
		return !strcmp(have, c->gnu) || !strcmp(have, c->musl);
	want = ext_multiarch(pi->arch, pi->libc, minor);
	return !strcmp(have, want);
}

static void expected_posix(const struct plat_info *pi, int minor,
			   const char *flags, struct strbuf *why)
{
	const struct cpu_row *c = cpu(pi->arch);
	const char *ma = pi->os == PLAT_MACOS ? "darwin" :
			 pi->os == PLAT_ANDROID && c ? c->android :
			 ext_multiarch(pi->arch, pi->libc, minor);

	sb_addf(why, "CPython 3.%d%s on %s looks for '.cpython-3%d%s-%s.so'%s",
		minor, flags, pi->arch, minor, flags, ma ? ma : "<multiarch>",
		strchr(flags, 't') ? " or '.so'" : ", '.abi3.so' or '.so'");
}

/* "cp312" as a python tag: the one CPython a cp3X-none wheel is for. */
static int python_tag_minor(const char *python)
{
	return starts_with(python, "cp3") && isdigit((unsigned char)python[3]) ?
	       atoi(python + 3) : -1;
}

static int check_windows(const struct ext_name *n, const char *python,
			 const char *abi, const char *platform, struct strbuf *why)
{
	int minor;
	const char *flags;

	if (!n->pyd) {
		sb_addf(why, "Windows interpreters import '.pyd' files, not '.so'");
		return 0;
	}
	if (n->kind == EXT_PLAIN)
		return 1;
	if (n->kind != EXT_WIN) {
		sb_addf(why, "'%s' is not a suffix Windows interpreters import (they look for '.cp3XY-%s.pyd' or '.pyd')",
			n->suffix, platform);
		return 0;
	}
	if (!strcmp(abi, "none") && python_tag_minor(python) == n->minor)
		return 1;
	if (!strcmp(abi, "abi3") || !strcmp(abi, "none")) {
		sb_addf(why, "only CPython 3.%d imports it, while the tag '%s-%s' promises more; name it '%s.pyd'",
			n->minor, python, abi, n->leaf);
		return 0;
	}
	if (!parse_cp_abi(abi, &minor, &flags))
		return 1;
	if (minor != n->minor || !strchr(flags, 't') != !strchr(n->flags, 't') ||
	    strcmp(n->platform, platform)) {
		sb_addf(why, "CPython 3.%d%s on %s looks for '.cp3%d%s-%s.pyd' or '.pyd'", minor, flags,
			platform, minor, strchr(flags, 't') ? "t" : "", platform);
		return 0;
	}
	return 1;
}

static int check_abi3_wheel(const struct ext_name *n, const char *abi,
			    struct strbuf *why)
{
	if (n->kind == EXT_PLAIN || n->kind == EXT_ABI3)
		return 1;
	if (n->kind == EXT_CPYTHON)
		sb_addf(why, "a version-specific name in an '%s' wheel: only CPython 3.%d%s imports it; the other versions the tag admits look for '.abi3.so'",
			abi, n->minor, n->flags);
	else
		sb_addf(why, "'%s' is not a name CPython imports under the stable ABI (it looks for '.abi3.so' or '.so')",
			n->suffix);
	return 0;
}

static int check_cpython(const struct ext_name *n, const struct plat_info *pi,
			 int minor, const char *flags, struct strbuf *why)
{
	if (n->kind == EXT_PLAIN)
		return 1;
	if (n->kind == EXT_ABI3 && !strchr(flags, 't'))
		return 1;
	if (n->kind == EXT_CPYTHON && n->minor == minor && !strcmp(n->flags, flags) &&
	    multiarch_ok(pi, minor, n->platform))
		return 1;
	expected_posix(pi, minor, flags, why);
	return 0;
}

static int check_pypy(const struct ext_name *n, const struct plat_info *pi,
		      int minor, const char *pp, struct strbuf *why)
{
	const struct cpu_row *c = cpu(pi->arch);
	struct strbuf want = STRBUF_INIT;
	int ok;

	if (n->kind == EXT_PLAIN)
		return 1;
	sb_addf(&want, "%s-%s", pp, c ? c->gnu : "<multiarch>");
	ok = n->kind == EXT_PYPY && n->minor == minor &&
	     (c ? !strcmp(n->platform, want.buf) : starts_with(n->platform, pp));
	if (!ok)
		sb_addf(why, "PyPy 3.%d on %s looks for '.pypy3%d-%s.so'", minor,
			pi->arch, minor, want.buf);
	sb_release(&want);
	return ok;
}

int ext_suffix_ok(const struct ext_name *n, const char *python,
		  const char *abi, const char *platform, struct strbuf *why)
{
	struct plat_info pi;
	int minor;
	const char *flags;

	if (n->kind == EXT_NOT_MODULE)
		return 1;
	plat_parse(platform, &pi);
	if (pi.os == PLAT_ANY || pi.os == PLAT_OTHER)
		return 1;
	if (pi.os == PLAT_WINDOWS)
		return check_windows(n, python, abi, platform, why);
	if (n->pyd) {
		sb_addf(why, "'.pyd' is the Windows suffix; interpreters on '%s' import '.so' files", platform);
		return 0;
	}
	if (!strcmp(abi, "abi3"))
		return check_abi3_wheel(n, abi, why);
	if (!strcmp(abi, "none")) {
		minor = python_tag_minor(python);
		if (minor >= 0 && n->kind == EXT_CPYTHON)
			return check_cpython(n, &pi, minor, n->flags, why);
		if (n->kind == EXT_PLAIN || n->kind == EXT_ABI3)
			return 1;
		sb_addf(why, "the tag '%s-none' promises more interpreters than the one that imports '%s'",
			python, n->suffix);
		return 0;
	}
	if (parse_cp_abi(abi, &minor, &flags))
		return check_cpython(n, &pi, minor, flags, why);
	if (parse_pypy_abi(abi, &minor, &flags))
		return check_pypy(n, &pi, minor, flags, why);
	return 1;	/* another implementation: its rules are not known here */
}
