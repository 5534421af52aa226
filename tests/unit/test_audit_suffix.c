/* Platform tags and module-name rules (audit/ext_suffix.h). */
#include "unit.h"
#include "audit/ext_suffix.h"
#include "formats/elf.h"
#include "formats/pe.h"

#include <string.h>

static void test_plat_parse(void)
{
	struct plat_info pi;

	plat_parse("manylinux_2_17_x86_64", &pi);
	CHECK_INT(pi.os, PLAT_LINUX);
	CHECK_INT(pi.libc, PLAT_LIBC_GLIBC);
	CHECK_STR(pi.arch, "x86_64");
	plat_parse("manylinux2014_armv7l", &pi);
	CHECK_STR(pi.arch, "armv7l");
	plat_parse("manylinux_2_99_ppc64le", &pi);	/* newer than the table */
	CHECK_INT(pi.os, PLAT_LINUX);
	CHECK_STR(pi.arch, "ppc64le");
	plat_parse("musllinux_1_2_aarch64", &pi);
	CHECK_INT(pi.libc, PLAT_LIBC_MUSL);
	plat_parse("linux_i686", &pi);
	CHECK_INT(pi.libc, PLAT_LIBC_UNKNOWN);
	CHECK_STR(pi.arch, "i686");
	plat_parse("win_amd64", &pi);
	CHECK_INT(pi.os, PLAT_WINDOWS);
	CHECK_STR(pi.arch, "x86_64");
	plat_parse("win32", &pi);
	CHECK_STR(pi.arch, "i686");
	plat_parse("win_arm64", &pi);
	CHECK_STR(pi.arch, "aarch64");
	plat_parse("macosx_11_0_arm64", &pi);
	CHECK_INT(pi.os, PLAT_MACOS);
	plat_parse("android_24_arm64_v8a", &pi);
	CHECK_INT(pi.os, PLAT_ANDROID);
	CHECK_STR(pi.arch, "aarch64");
	plat_parse("any", &pi);
	CHECK_INT(pi.os, PLAT_ANY);
	plat_parse("solaris_2_11_sparc", &pi);
	CHECK_INT(pi.os, PLAT_OTHER);
	CHECK_STR(pi.arch, "");
}

static void test_machines(void)
{
	unsigned m;
	int is64, msb;

	CHECK(plat_elf_machine("s390x", &m, &is64, &msb));
	CHECK(m == ELF_EM_S390 && is64 && msb);
	CHECK(plat_elf_machine("armv7l", &m, &is64, &msb));
	CHECK(m == ELF_EM_ARM && !is64 && !msb);
	CHECK(plat_elf_machine("ppc64", &m, &is64, &msb) && msb);
	CHECK(plat_elf_machine("ppc64le", &m, &is64, &msb) && !msb);
	CHECK(!plat_elf_machine("sparc64", &m, &is64, &msb));
	CHECK_STR(plat_arch_of_elf(ELF_EM_ARM, 0, 0), "armv7l");
	CHECK_STR(plat_arch_of_elf(ELF_EM_386, 0, 0), "i686");
	CHECK(!plat_arch_of_elf(ELF_EM_X86_64, 0, 0));	/* x32 is not a wheel CPU */
	CHECK_INT(plat_pe_machine("aarch64"), PE_MACHINE_ARM64);
	CHECK_INT(plat_pe_machine("i686"), PE_MACHINE_I386);
}

static void test_multiarch(void)
{
	CHECK_STR(ext_multiarch("armv7l", PLAT_LIBC_GLIBC, 12), "arm-linux-gnueabihf");
	CHECK_STR(ext_multiarch("i686", PLAT_LIBC_GLIBC, 12), "i386-linux-gnu");
	CHECK_STR(ext_multiarch("ppc64le", PLAT_LIBC_GLIBC, 12), "powerpc64le-linux-gnu");
	CHECK_STR(ext_multiarch("x86_64", PLAT_LIBC_MUSL, 12), "x86_64-linux-musl");
	/* before 3.11, CPython on musl said "gnu" in its triple */
	CHECK_STR(ext_multiarch("x86_64", PLAT_LIBC_MUSL, 10), "x86_64-linux-gnu");
	CHECK_STR(ext_multiarch("armv7l", PLAT_LIBC_MUSL, 12), "arm-linux-musleabihf");
	CHECK(!ext_multiarch("mips", PLAT_LIBC_GLIBC, 12));
}

static void test_name_parse(void)
{
	struct ext_name n;

	ext_name_parse("_core.cpython-312-x86_64-linux-gnu.so", &n);
	CHECK_INT(n.kind, EXT_CPYTHON);
	CHECK_STR(n.leaf, "_core");
	CHECK_INT(n.minor, 12);
	CHECK_STR(n.flags, "");
	CHECK_STR(n.platform, "x86_64-linux-gnu");
	CHECK_STR(n.suffix, ".cpython-312-x86_64-linux-gnu.so");
	ext_name_parse("m.cpython-313td-aarch64-linux-gnu.so", &n);
	CHECK_INT(n.minor, 13);
	CHECK_STR(n.flags, "td");
	ext_name_parse("m.abi3.so", &n);
	CHECK_INT(n.kind, EXT_ABI3);
	ext_name_parse("m.so", &n);
	CHECK_INT(n.kind, EXT_PLAIN);
	ext_name_parse("m.pypy39-pp73-x86_64-linux-gnu.so", &n);
	CHECK_INT(n.kind, EXT_PYPY);
	CHECK_INT(n.minor, 9);
	CHECK_STR(n.platform, "pp73-x86_64-linux-gnu");
	ext_name_parse("m.cp313t-win_arm64.pyd", &n);
	CHECK_INT(n.kind, EXT_WIN);
	CHECK_STR(n.flags, "t");
	CHECK_STR(n.platform, "win_arm64");
	ext_name_parse("m.pyd", &n);
	CHECK(n.kind == EXT_PLAIN && n.pyd);
	ext_name_parse("m.cpython-312.so", &n);
	CHECK_INT(n.kind, EXT_UNKNOWN);
	/* libraries and other files are not modules */
	ext_name_parse("libopenblas64_p-r0-0cfe2a8e.3.23.dev.so", &n);
	CHECK_INT(n.kind, EXT_NOT_MODULE);
	ext_name_parse("libgfortran-040039e1.so.5.0.0", &n);
	CHECK_INT(n.kind, EXT_NOT_MODULE);
	ext_name_parse("helper.dll", &n);
	CHECK_INT(n.kind, EXT_NOT_MODULE);
	ext_name_parse("9lives.so", &n);
	CHECK_INT(n.kind, EXT_NOT_MODULE);
	ext_name_parse(".so", &n);
	CHECK_INT(n.kind, EXT_NOT_MODULE);
}

/* Whether the wheel tag's interpreter imports a module of that name. */
static int ok(const char *name, const char *tag, const char *why_has)
{
	char py[32], abi[32], plat[64];
	const char *a = strchr(tag, '-'), *b = strchr(a + 1, '-');
	struct strbuf why = STRBUF_INIT;
	struct ext_name n;
	int r;

	snprintf(py, sizeof(py), "%.*s", (int)(a - tag), tag);
	snprintf(abi, sizeof(abi), "%.*s", (int)(b - a - 1), a + 1);
	snprintf(plat, sizeof(plat), "%s", b + 1);
	ext_name_parse(name, &n);
	r = ext_suffix_ok(&n, py, abi, plat, &why);
	if (why_has && !strstr(why.buf, why_has)) {
		fprintf(stderr, "reason for %s in %s: '%s' lacks '%s'\n", name, tag, why.buf, why_has);
		r = -1;
	}
	sb_release(&why);
	return r;
}

static void test_rules_linux(void)
{
	/* MISSION.md failure 4 */
	CHECK_INT(ok("rpds.cpython-312-armv7l-linux-gnueabihf.so", "cp312-cp312-manylinux_2_17_armv7l",
		     "'.cpython-312-arm-linux-gnueabihf.so'"), 0);
	CHECK_INT(ok("rpds.cpython-312-arm-linux-gnueabihf.so", "cp312-cp312-manylinux_2_17_armv7l", NULL), 1);
	CHECK_INT(ok("m.cpython-311-x86_64-linux-gnu.so", "cp312-cp312-linux_x86_64", "CPython 3.12"), 0);
	CHECK_INT(ok("m.abi3.so", "cp312-cp312-linux_x86_64", NULL), 1);
	CHECK_INT(ok("m.so", "cp312-cp312-linux_x86_64", NULL), 1);
	CHECK_INT(ok("m.cpython-312-i386-linux-gnu.so", "cp312-cp312-manylinux2014_i686", NULL), 1);
	CHECK_INT(ok("m.cpython-312-x86_64-linux-gnu.so", "cp312-cp312-manylinux2014_i686", NULL), 0);
	CHECK_INT(ok("m.cpython-37m-x86_64-linux-gnu.so", "cp37-cp37m-manylinux1_x86_64", NULL), 1);
	CHECK_INT(ok("m.cpython-38-x86_64-linux-gnu.so", "cp38-cp38-manylinux1_x86_64", NULL), 1);
	CHECK_INT(ok("m.cpython-311d-x86_64-linux-gnu.so", "cp311-cp311-linux_x86_64", NULL), 0);
	/* free-threaded CPython imports no .abi3.so */
	CHECK_INT(ok("m.abi3.so", "cp313-cp313t-linux_x86_64", "or '.so'"), 0);
	CHECK_INT(ok("m.cpython-313t-x86_64-linux-gnu.so", "cp313-cp313t-linux_x86_64", NULL), 1);
	/* musl: the triple says musl from 3.11 on */
	CHECK_INT(ok("m.cpython-312-x86_64-linux-musl.so", "cp312-cp312-musllinux_1_1_x86_64", NULL), 1);
	CHECK_INT(ok("m.cpython-310-x86_64-linux-gnu.so", "cp310-cp310-musllinux_1_1_x86_64", NULL), 1);
	CHECK_INT(ok("m.cpython-312-x86_64-linux-gnu.so", "cp312-cp312-musllinux_1_1_x86_64", NULL), 0);
	/* a linux_ tag does not say which libc: either triple */
	CHECK_INT(ok("m.cpython-312-x86_64-linux-musl.so", "cp312-cp312-linux_x86_64", NULL), 1);
	CHECK_INT(ok("m.pyd", "cp312-cp312-linux_x86_64", "Windows suffix"), 0);
	CHECK_INT(ok("m.cpython-312.so", "cp312-cp312-linux_x86_64", NULL), 0);
	/* a CPU the table does not know: the multiarch is not checked */
	CHECK_INT(ok("m.cpython-312-mips64el-linux-gnuabi64.so", "cp312-cp312-linux_mips64", NULL), 1);
	CHECK_INT(ok("m.cpython-312-darwin.so", "cp312-cp312-macosx_11_0_arm64", NULL), 1);
	CHECK_INT(ok("m.cpython-312-x86_64-linux-gnu.so", "cp312-cp312-macosx_11_0_arm64", NULL), 0);
	CHECK_INT(ok("m.cpython-313-aarch64-linux-android.so", "cp313-cp313-android_24_arm64_v8a", NULL), 1);
}

static void test_rules_abi3_none_pypy(void)
{
	CHECK_INT(ok("m.abi3.so", "cp39-abi3-manylinux_2_17_x86_64", NULL), 1);
	CHECK_INT(ok("m.so", "cp39-abi3-manylinux_2_17_x86_64", NULL), 1);
	CHECK_INT(ok("m.cpython-312-x86_64-linux-gnu.so", "cp39-abi3-manylinux_2_17_x86_64",
		     "version-specific"), 0);
	/* cp312-none: for CPython 3.12 only, so its own suffix is fine */
	CHECK_INT(ok("m.cpython-312-x86_64-linux-gnu.so", "cp312-none-linux_x86_64", NULL), 1);
	CHECK_INT(ok("m.cpython-311-x86_64-linux-gnu.so", "cp312-none-linux_x86_64", NULL), 0);
	CHECK_INT(ok("m.cpython-312-x86_64-linux-gnu.so", "py3-none-linux_x86_64", NULL), 0);
	CHECK_INT(ok("m.so", "py3-none-linux_x86_64", NULL), 1);
	CHECK_INT(ok("m.pypy39-pp73-x86_64-linux-gnu.so", "pp39-pypy39_pp73-manylinux2014_x86_64", NULL), 1);
	CHECK_INT(ok("m.pypy310-pp73-x86_64-linux-gnu.so", "pp39-pypy39_pp73-manylinux2014_x86_64",
		     "'.pypy39-pp73-x86_64-linux-gnu.so'"), 0);
	CHECK_INT(ok("m.abi3.so", "pp39-pypy39_pp73-manylinux2014_x86_64", NULL), 0);
	/* an implementation the rules do not know: not judged */
	CHECK_INT(ok("m.graalpy.so", "graalpy311-graalpy242_311_native-linux_x86_64", NULL), 1);
	/* any platform: suffixes are not judged here (tag-mismatch is) */
	CHECK_INT(ok("m.cpython-312-x86_64-linux-gnu.so", "py3-none-any", NULL), 1);
}

static void test_rules_windows(void)
{
	CHECK_INT(ok("m.cp312-win_amd64.pyd", "cp312-cp312-win_amd64", NULL), 1);
	CHECK_INT(ok("m.pyd", "cp312-cp312-win_amd64", NULL), 1);
	CHECK_INT(ok("m.cp311-win_amd64.pyd", "cp312-cp312-win_amd64", "'.cp312-win_amd64.pyd'"), 0);
	CHECK_INT(ok("m.cp312-win32.pyd", "cp312-cp312-win_amd64", NULL), 0);
	CHECK_INT(ok("m.cp313t-win_amd64.pyd", "cp313-cp313t-win_amd64", NULL), 1);
	CHECK_INT(ok("m.cp313-win_amd64.pyd", "cp313-cp313t-win_amd64", NULL), 0);
	CHECK_INT(ok("m.cp312-win_amd64.pyd", "cp39-abi3-win_amd64", "name it 'm.pyd'"), 0);
	CHECK_INT(ok("m.pyd", "cp39-abi3-win_arm64", NULL), 1);
	CHECK_INT(ok("m.cp312-win_amd64.pyd", "cp312-none-win_amd64", NULL), 1);
	CHECK_INT(ok("m.so", "cp312-cp312-win_amd64", "'.pyd'"), 0);
	CHECK_INT(ok("m.abi3.pyd", "cp39-abi3-win_amd64", NULL), 0);
}

int main(void)
{
	RUN(test_plat_parse);
	RUN(test_machines);
	RUN(test_multiarch);
	RUN(test_name_parse);
	RUN(test_rules_linux);
	RUN(test_rules_abi3_none_pypy);
	RUN(test_rules_windows);
	return unit_end();
}
