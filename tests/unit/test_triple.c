#include "unit.h"
#include "core/triple.h"

static const struct triple *find(const char *name)
{
	return triple_find(name);
}

/* Every field of one row, in table order. */
static void check_row(const char *name, const char *canonical,
		      const char *rust, const char *os, const char *env,
		      const char *cpu, int bits, const char *order,
		      const char *multiarch, const char *deb, const char *prefix,
		      const char *clang, const char *win, int em, int pe)
{
	const struct triple *t = find(name);

	if (!CHECK(t != NULL)) {
		fprintf(stderr, "  unknown: %s\n", name);
		return;
	}
	CHECK_STR(t->name, canonical);
	CHECK_STR(t->rust, rust);
	CHECK_STR(t->os, os);
	CHECK_STR(t->env, env);
	CHECK_STR(t->cpu, cpu);
	CHECK_INT(t->pointer_width, bits);
	CHECK_STR(t->byteorder, order);
	CHECK_STR(t->multiarch, multiarch);
	CHECK_STR(t->debian_arch, deb);
	CHECK_STR(t->gnu_prefix, prefix);
	CHECK_STR(t->clang_target, clang);
	CHECK_STR(t->win_tag, win);
	CHECK_INT(t->elf_machine, em);
	CHECK_INT(t->pe_machine, pe);
}

static void test_gnu_linux(void)
{
	check_row("x86_64-linux-gnu", "x86_64-linux-gnu", "x86_64-unknown-linux-gnu",
		  "linux", "gnu", "x86_64", 64, "little", "x86_64-linux-gnu", "amd64",
		  "x86_64-linux-gnu-", "x86_64-linux-gnu", "", 62, 0);
	check_row("aarch64-linux-gnu", "aarch64-linux-gnu", "aarch64-unknown-linux-gnu",
		  "linux", "gnu", "aarch64", 64, "little", "aarch64-linux-gnu", "arm64",
		  "aarch64-linux-gnu-", "aarch64-linux-gnu", "", 183, 0);
	check_row("arm-linux-gnueabihf", "arm-linux-gnueabihf",
		  "armv7-unknown-linux-gnueabihf", "linux", "gnu", "armv7l", 32,
		  "little", "arm-linux-gnueabihf", "armhf", "arm-linux-gnueabihf-",
		  "armv7-linux-gnueabihf", "", 40, 0);
	check_row("arm-linux-gnueabi", "arm-linux-gnueabi",
		  "armv5te-unknown-linux-gnueabi", "linux", "gnu", "armv5tel", 32,
		  "little", "arm-linux-gnueabi", "armel", "arm-linux-gnueabi-",
		  "armv5te-linux-gnueabi", "", 40, 0);
	check_row("i686-linux-gnu", "i686-linux-gnu", "i686-unknown-linux-gnu",
		  "linux", "gnu", "i686", 32, "little", "i386-linux-gnu", "i386",
		  "i686-linux-gnu-", "i686-linux-gnu", "", 3, 0);
	check_row("powerpc64le-linux-gnu", "powerpc64le-linux-gnu",
		  "powerpc64le-unknown-linux-gnu", "linux", "gnu", "ppc64le", 64,
		  "little", "powerpc64le-linux-gnu", "ppc64el", "powerpc64le-linux-gnu-",
		  "powerpc64le-linux-gnu", "", 21, 0);
	check_row("powerpc64-linux-gnu", "powerpc64-linux-gnu",
		  "powerpc64-unknown-linux-gnu", "linux", "gnu", "ppc64", 64, "big",
		  "powerpc64-linux-gnu", "ppc64", "powerpc64-linux-gnu-",
		  "powerpc64-linux-gnu", "", 21, 0);
	check_row("s390x-linux-gnu", "s390x-linux-gnu", "s390x-unknown-linux-gnu",
		  "linux", "gnu", "s390x", 64, "big", "s390x-linux-gnu", "s390x",
		  "s390x-linux-gnu-", "s390x-linux-gnu", "", 22, 0);
	check_row("riscv64-linux-gnu", "riscv64-linux-gnu", "riscv64gc-unknown-linux-gnu",
		  "linux", "gnu", "riscv64", 64, "little", "riscv64-linux-gnu", "riscv64",
		  "riscv64-linux-gnu-", "riscv64-linux-gnu", "", 243, 0);
	check_row("mips64el-linux-gnuabi64", "mips64el-linux-gnuabi64",
		  "mips64el-unknown-linux-gnuabi64", "linux", "gnu", "mips64", 64,
		  "little", "mips64el-linux-gnuabi64", "mips64el",
		  "mips64el-linux-gnuabi64-", "mips64el-linux-gnuabi64", "", 8, 0);
	check_row("loongarch64-linux-gnu", "loongarch64-linux-gnu",
		  "loongarch64-unknown-linux-gnu", "linux", "gnu", "loongarch64", 64,
		  "little", "loongarch64-linux-gnu", "loong64", "loongarch64-linux-gnu-",
		  "loongarch64-linux-gnu", "", 258, 0);
}

static void test_musl_android(void)
{
	check_row("aarch64-linux-musl", "aarch64-linux-musl", "aarch64-unknown-linux-musl",
		  "linux", "musl", "aarch64", 64, "little", "aarch64-linux-musl", "",
		  "aarch64-linux-musl-", "aarch64-linux-musl", "", 183, 0);
	check_row("x86_64-unknown-linux-musl", "x86_64-linux-musl",
		  "x86_64-unknown-linux-musl", "linux", "musl", "x86_64", 64, "little",
		  "x86_64-linux-musl", "", "x86_64-linux-musl-", "x86_64-linux-musl",
		  "", 62, 0);
	check_row("armv7-unknown-linux-musleabihf", "arm-linux-musleabihf",
		  "armv7-unknown-linux-musleabihf", "linux", "musl", "armv7l", 32,
		  "little", "arm-linux-musleabihf", "", "arm-linux-musleabihf-",
		  "armv7-linux-musleabihf", "", 40, 0);
	check_row("aarch64-linux-android", "aarch64-linux-android",
		  "aarch64-linux-android", "android", "android", "arm64_v8a", 64,
		  "little", "aarch64-linux-android", "", "aarch64-linux-android-",
		  "aarch64-linux-android", "", 183, 0);
	check_row("armv7-linux-androideabi", "arm-linux-androideabi",
		  "armv7-linux-androideabi", "android", "android", "armeabi_v7a", 32,
		  "little", "arm-linux-androideabi", "", "arm-linux-androideabi-",
		  "armv7a-linux-androideabi", "", 40, 0);
}

static void test_windows(void)
{
	check_row("x86_64-w64-mingw32", "x86_64-w64-mingw32", "x86_64-pc-windows-gnu",
		  "windows", "mingw", "x86_64", 64, "little", "", "",
		  "x86_64-w64-mingw32-", "x86_64-w64-mingw32", "win_amd64", 0, 0x8664);
	check_row("x86_64-pc-windows-gnu", "x86_64-w64-mingw32", "x86_64-pc-windows-gnu",
		  "windows", "mingw", "x86_64", 64, "little", "", "",
		  "x86_64-w64-mingw32-", "x86_64-w64-mingw32", "win_amd64", 0, 0x8664);
	check_row("i686-w64-mingw32", "i686-w64-mingw32", "i686-pc-windows-gnu",
		  "windows", "mingw", "i686", 32, "little", "", "", "i686-w64-mingw32-",
		  "i686-w64-mingw32", "win32", 0, 0x14c);
	check_row("x86_64-pc-windows-msvc", "x86_64-pc-windows-msvc",
		  "x86_64-pc-windows-msvc", "windows", "msvc", "x86_64", 64, "little",
		  "", "", "", "x86_64-pc-windows-msvc", "win_amd64", 0, 0x8664);
	check_row("i686-pc-windows-msvc", "i686-pc-windows-msvc", "i686-pc-windows-msvc",
		  "windows", "msvc", "i686", 32, "little", "", "", "",
		  "i686-pc-windows-msvc", "win32", 0, 0x14c);
	check_row("aarch64-pc-windows-msvc", "aarch64-pc-windows-msvc",
		  "aarch64-pc-windows-msvc", "windows", "msvc", "aarch64", 64, "little",
		  "", "", "", "aarch64-pc-windows-msvc", "win_arm64", 0, 0xaa64);
}

static void test_others(void)
{
	check_row("aarch64-apple-darwin", "aarch64-apple-darwin", "aarch64-apple-darwin",
		  "macos", "", "arm64", 64, "little", "", "", "", "arm64-apple-macos",
		  "", 0, 0);
	check_row("x86_64-apple-darwin", "x86_64-apple-darwin", "x86_64-apple-darwin",
		  "macos", "", "x86_64", 64, "little", "", "", "", "x86_64-apple-macos",
		  "", 0, 0);
	check_row("x86_64-unknown-freebsd", "x86_64-unknown-freebsd",
		  "x86_64-unknown-freebsd", "freebsd", "", "amd64", 64, "little", "",
		  "", "", "x86_64-unknown-freebsd", "", 62, 0);
	check_row("powerpc64-ibm-aix", "powerpc64-ibm-aix", "powerpc64-ibm-aix", "aix",
		  "", "ppc64", 64, "big", "", "", "", "powerpc64-ibm-aix", "", 0, 0);
	check_row("x86_64-pc-cygwin", "x86_64-pc-cygwin", "x86_64-pc-cygwin", "cygwin",
		  "", "x86_64", 64, "little", "", "", "x86_64-pc-cygwin-",
		  "x86_64-pc-windows-cygnus", "", 0, 0x8664);
}

/* Every spelling of every row finds that row, and no other. */
static void test_every_name(void)
{
	size_t n, i, j;
	const struct triple *table = triple_table(&n), *t;
	const char *const *a;

	CHECK(n >= 40);
	for (i = 0; i < n; i++) {
		t = &table[i];
		CHECK(find(t->name) == t);
		if (*t->rust)
			CHECK(find(t->rust) == t);
		for (a = t->aliases; *a; a++)
			if (!CHECK(find(*a) == t))
				fprintf(stderr, "  alias %s of %s\n", *a, t->name);
		for (j = 0; j < n; j++) {
			if (j == i)
				continue;
			if (!CHECK(strcmp(t->name, table[j].name) &&
				   strcmp(t->name, table[j].rust)))
				fprintf(stderr, "  %s is in two rows\n", t->name);
		}
	}
}

/* What every row must satisfy, whatever its target. */
static void test_row_invariants(void)
{
	size_t n, i;
	const struct triple *table = triple_table(&n), *t;

	for (i = 0; i < n; i++) {
		int windows;

		t = &table[i];
		windows = !strcmp(t->os, "windows");
		CHECK(t->pointer_width == 32 || t->pointer_width == 64);
		CHECK(!strcmp(t->byteorder, "little") || !strcmp(t->byteorder, "big"));
		CHECK(*t->cpu && *t->clang_target);
		CHECK(windows == (*t->win_tag != 0));
		CHECK((windows || !strcmp(t->os, "cygwin")) == (t->pe_machine != 0));
		CHECK(!strcmp(t->os, "linux") || !strcmp(t->os, "android") ||
		      !strcmp(t->os, "freebsd") || !strcmp(t->os, "netbsd") ||
		      !strcmp(t->os, "openbsd") ? t->elf_machine != 0
						: t->elf_machine == 0);
		CHECK(!*t->gnu_prefix || ends_with(t->gnu_prefix, "-"));
		if (!strcmp(t->os, "linux"))
			CHECK(*t->multiarch && !strcmp(t->env, strstr(t->name, "musl") ?
						       "musl" : "gnu"));
		if (*t->debian_arch)
			CHECK(!strcmp(t->env, "gnu"));
	}
}

static void test_spellings(void)
{
	CHECK(find("AARCH64-Linux-GNU") == find("aarch64-linux-gnu"));
	CHECK(find("aarch64-redhat-linux-gnu") == find("aarch64-linux-gnu"));
	CHECK(find("arm-poky-linux-gnueabi") == find("arm-linux-gnueabi"));
	CHECK(find("x86_64-alpine-linux-musl") == find("x86_64-linux-musl"));
	CHECK(find("aarch64-linux-android21") == find("aarch64-linux-android"));
	CHECK(find("armv7a-linux-androideabi24") == find("arm-linux-androideabi"));
	CHECK(find("x86_64-unknown-freebsd14.1") == find("x86_64-unknown-freebsd"));
	CHECK(find("powerpc64-ibm-aix7.2") == find("powerpc64-ibm-aix"));
	CHECK(find("arm-unknown-linux-gnueabihf") != find("arm-linux-gnueabihf"));
	CHECK_STR(find("arm-unknown-linux-gnueabihf")->cpu, "armv6l");
	CHECK(find("x86_64-linux") == NULL);
	CHECK(find("") == NULL);
	CHECK(find("-") == NULL);
	CHECK(find("a-b-c-d-e") == NULL);
	CHECK(find("123") == NULL);
}

static void lookup_err(const char *name, const char *msg, const char *hint)
{
	struct err e = ERR_INIT;
	const struct triple *t = (const struct triple *)&e;

	CHECK_INT(triple_lookup(name, &t, &e), -1);
	CHECK(t == NULL);
	CHECK_STR(e.msg.buf, msg);
	CHECK_STR(e.hint.buf, hint);
	err_release(&e);
}

static void test_errors(void)
{
	struct err e = ERR_INIT;
	const struct triple *t = NULL;

	CHECK_INT(triple_lookup("aarch64-unknown-linux-gnu", &t, &e), 0);
	CHECK(t && !strcmp(t->name, "aarch64-linux-gnu"));
	CHECK(!err_isset(&e));
	lookup_err("aarch64-linux-gun", "unknown target triple 'aarch64-linux-gun'",
		   "did you mean 'aarch64-linux-gnu', 'aarch64-linux-musl'?");
	lookup_err("armv7-unknown-linux-gnueabi",
		   "unknown target triple 'armv7-unknown-linux-gnueabi'",
		   "did you mean 'armv7-unknown-linux-gnueabihf', "
		   "'arm-unknown-linux-gnueabi', 'armv5te-unknown-linux-gnueabi', "
		   "'arm-unknown-linux-gnueabihf'?");
	lookup_err("X86_64-PC-WINDOWS-MSVD", "unknown target triple 'X86_64-PC-WINDOWS-MSVD'",
		   "did you mean 'x86_64-pc-windows-msvc', 'x86_64-pc-windows-gnu', "
		   "'i686-pc-windows-msvc', 'arm64-pc-windows-msvc'?");
	lookup_err("sparc64-sun-solaris", "unknown target triple 'sparc64-sun-solaris'",
		   "known triples include 'x86_64-linux-gnu', 'aarch64-linux-gnu', "
		   "'arm-linux-gnueabihf', 'x86_64-pc-windows-msvc', "
		   "'aarch64-apple-darwin' and their Rust spellings");
	err_release(&e);
}

int main(void)
{
	RUN(test_gnu_linux);
	RUN(test_musl_android);
	RUN(test_windows);
	RUN(test_others);
	RUN(test_every_name);
	RUN(test_row_invariants);
	RUN(test_spellings);
	RUN(test_errors);
	return unit_end();
}
