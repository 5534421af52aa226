/*
 * Cross targets from data (target_cross.c) on small sysroots written here,
 * and the machine facts that target_derive.c takes from the triple table.
 */
#include "unit.h"
#include "base/fs.h"
#include "base/xalloc.h"
#include "core/target_cross.h"
#include "platform/proc.h"

#include <stdlib.h>

static char *tmpdir;

/* TMPDIR/root/rel (rel may be NULL). */
static char *root_path(const char *root, const char *rel)
{
	struct strbuf sb = STRBUF_INIT, full = STRBUF_INIT;

	path_join(&sb, tmpdir, root);
	if (!rel)
		return sb_detach(&sb, NULL);
	path_join(&full, sb.buf, rel);
	sb_release(&sb);
	return sb_detach(&full, NULL);
}

/* Writes TMPDIR/root/rel with text, creating folders. */
static void put(const char *root, const char *rel, const char *text)
{
	char *path = root_path(root, rel), *dir = path_dirname(path);
	struct err e = ERR_INIT;

	if (!CHECK(mkdir_p(dir, &e) == 0) ||
	    !CHECK(write_file_atomic(path, text, strlen(text), &e) == 0))
		fprintf(stderr, "  %s\n", e.msg.buf);
	free(dir);
	free(path);
	err_release(&e);
}


static char *under(const char *dir, const char *rel)
{
	struct strbuf sb = STRBUF_INIT;

	path_join(&sb, dir, rel);
	return sb_detach(&sb, NULL);
}

/* An armhf Python 3.11 in Debian's layout; HOST_GNU_TYPE says armv8l. */
static const char armhf_data[] =
	"build_time_vars = {'ABIFLAGS': '',\n"
	" 'EXT_SUFFIX': '.cpython-311-arm-linux-gnueabihf.so',\n"
	" 'HOST_GNU_TYPE': 'armv8l-unknown-linux-gnueabihf',\n"
	" 'INCLUDEPY': '/usr/include/python3.11',\n"
	" 'LDLIBRARY': 'libpython3.11.so',\n"
	" 'LIBDIR': '/usr/lib/arm-linux-gnueabihf',\n"
	" 'MULTIARCH': 'arm-linux-gnueabihf',\n"
	" 'Py_DEBUG': 0, 'Py_ENABLE_SHARED': 1, 'SIZEOF_VOID_P': 4,\n"
	" 'SOABI': 'cpython-311-arm-linux-gnueabihf',\n"
	" 'VERSION': '3.11', 'prefix': '/usr'}\n";

static void make_debian_root(const char *root)
{
	put(root, "usr/lib/python3.11/_sysconfigdata__linux_arm-linux-gnueabihf.py",
	    armhf_data);
	put(root, "usr/include/python3.11/Python.h", "");
	put(root, "usr/include/python3.11/pyconfig.h",
	    "#include <arm-linux-gnueabihf/python3.11/pyconfig.h>\n");
	put(root, "usr/include/arm-linux-gnueabihf/python3.11/pyconfig.h",
	    "#define SIZEOF_VOID_P 4\n");
	put(root, "usr/lib/arm-linux-gnueabihf/libpython3.11.so", "");
}

static int cross(struct target *t, const char *triple, const char *sysroot,
		 const char *sysconfigdata, struct err *e)
{
	const struct triple *tr = triple_find(triple);
	struct cross_opts o;

	memset(&o, 0, sizeof(o));
	o.sysroot = sysroot;
	o.sysconfigdata = sysconfigdata;
	target_init(t);
	if (!CHECK(tr != NULL) || target_cross_init(t, tr, &o, e))
		return -1;
	return target_finish(t, e);
}

static void test_armhf_from_its_data(void)
{
	struct target t;
	struct err e = ERR_INIT;
	char *root = root_path("deb", NULL), *real;
	char *inc, *plat, *lib;
	char *gcc = os_find_program("arm-linux-gnueabihf-gcc");

	make_debian_root("deb");
	real = realpath(root, NULL);
	inc = under(real, "usr/include/python3.11");
	plat = under(real, "usr/include/arm-linux-gnueabihf/python3.11");
	lib = under(real, "usr/lib/arm-linux-gnueabihf");
	if (!CHECK(cross(&t, "arm-linux-gnueabihf", root, NULL, &e) == 0))
		fprintf(stderr, "  %s\n", e.msg.buf);
	/* MISSION.md failure 4: the data's suffix, not the CPU's. */
	CHECK_STR(t.ext_suffix, ".cpython-311-arm-linux-gnueabihf.so");
	CHECK_STR(t.module_suffix, ".cpython-311-arm-linux-gnueabihf.so");
	CHECK_STR(t.soabi, "cpython-311-arm-linux-gnueabihf");
	CHECK_STR(t.platform_tag, "linux_armv7l");
	CHECK_STR(t.arch, "armv7l");
	CHECK_STR(t.os, "linux");
	CHECK_STR(t.multiarch, "arm-linux-gnueabihf");
	CHECK_STR(t.python_tag, "cp311");
	CHECK_STR(t.abi_tag, "cp311");
	CHECK_INT(t.pointer_width, 32);
	CHECK_STR(t.byteorder, "little");
	CHECK_INT(t.shared, 1);
	CHECK_INT(t.debug, 0);
	CHECK_STR(t.lib_name, "python3.11");
	CHECK_STR(t.include_dir, inc);
	CHECK_STR(t.platinclude_dir, plat);
	CHECK_STR(t.lib_dir, lib);
	CHECK_STR(t.sysroot, real);
	CHECK_STR(t.executable, "");
	CHECK_STR(t.link_args, "-shared");
	if (gcc)
		CHECK_STR(t.cc, "arm-linux-gnueabihf-gcc");
	else
		CHECK(starts_with(t.cc, "clang") || !strcmp(t.cc, "arm-linux-gnueabihf-gcc"));
	target_release(&t);
	free(gcc);
	free(root);
	free(real);
	free(inc);
	free(plat);
	free(lib);
	err_release(&e);
}

/* A compiler the caller stated (CC, --set cc=) is not replaced. */
static void test_stated_compiler_is_kept(void)
{
	const struct triple *tr = triple_find("arm-linux-gnueabihf");
	struct cross_opts o;
	struct target t;
	struct err e = ERR_INIT;
	char *root = root_path("deb", NULL);

	make_debian_root("deb");
	memset(&o, 0, sizeof(o));
	o.sysroot = root;
	target_init(&t);
	target_set(&t, "cc", "my-cc --flag", NULL);
	CHECK(target_cross_init(&t, tr, &o, &e) == 0);
	CHECK_STR(t.cc, "my-cc --flag");
	CHECK_STR(t.ldflags, "");
	target_release(&t);
	free(root);
	err_release(&e);
}

static void test_rust_name_is_the_same_target(void)
{
	struct target a, b;
	struct err e = ERR_INIT;
	char *root = root_path("deb", NULL);

	make_debian_root("deb");
	CHECK(cross(&a, "arm-linux-gnueabihf", root, NULL, &e) == 0);
	CHECK(cross(&b, "armv7-unknown-linux-gnueabihf", root, NULL, &e) == 0);
	CHECK_STR(b.hash, a.hash);
	target_release(&a);
	target_release(&b);
	free(root);
	err_release(&e);
}

static void check_error(const char *triple, const char *sysroot,
			const char *sysconfigdata, const char *want)
{
	struct target t;
	struct err e = ERR_INIT;

	CHECK(cross(&t, triple, sysroot, sysconfigdata, &e) == -1);
	CHECK_STR(e.msg.buf, want);
	CHECK_INT(e.status, EXIT_BAD_INPUT);
	target_release(&t);
	err_release(&e);
}

static void test_places_must_be_given_and_exist(void)
{
	struct strbuf want = STRBUF_INIT;
	char *missing = root_path("nowhere", NULL);
	char *file = root_path("deb", "usr/include/python3.11/Python.h");

	make_debian_root("deb");
	check_error("aarch64-linux-gnu", NULL, NULL,
		    "cross-compiling for 'aarch64-linux-gnu' needs the target's "
		    "Python configuration");
	sb_addf(&want, "sysroot '%s' does not exist", missing);
	check_error("aarch64-linux-gnu", missing, NULL, want.buf);
	sb_reset(&want);
	sb_addf(&want, "sysroot '%s' is not a folder", file);
	check_error("aarch64-linux-gnu", file, NULL, want.buf);
	sb_release(&want);
	free(missing);
	free(file);
}

/* No MULTIARCH and the width agrees: the SOABI names the machine. */
static void test_soabi_of_another_machine(void)
{
	struct strbuf want = STRBUF_INIT;
	char *data = root_path("ppc", "lib/_sysconfigdata__linux_.py");

	put("ppc", "lib/_sysconfigdata__linux_.py",
	    "build_time_vars = {'EXT_SUFFIX': '.cpython-311-powerpc-linux-gnu.so',\n"
	    " 'SOABI': 'cpython-311-powerpc-linux-gnu', 'SIZEOF_VOID_P': 4,\n"
	    " 'VERSION': '3.11', 'INCLUDEPY': '/usr/include/python3.11'}\n");
	sb_addf(&want, "'%s' is for 'powerpc-linux-gnu' (SOABI "
		"'cpython-311-powerpc-linux-gnu'), not for the target "
		"'arm-linux-gnueabihf'", data);
	check_error("arm-linux-gnueabihf", NULL, data, want.buf);
	sb_release(&want);
	free(data);
}

static void test_data_without_ext_suffix(void)
{
	struct strbuf want = STRBUF_INIT;
	char *data = root_path("bare", "usr/lib/python3.11/_sysconfigdata__linux_arm-linux-gnueabihf.py");
	char *root = root_path("bare", NULL);

	put("bare", "usr/lib/python3.11/_sysconfigdata__linux_arm-linux-gnueabihf.py",
	    "build_time_vars = {'VERSION': '3.11', 'MULTIARCH': 'arm-linux-gnueabihf',\n"
	    " 'INCLUDEPY': '/usr/include/python3.11'}\n");
	put("bare", "usr/include/python3.11/Python.h", "");
	put("bare", "usr/include/python3.11/pyconfig.h", "#define SIZEOF_VOID_P 4\n");
	sb_addf(&want, "'%s' has no EXT_SUFFIX: it does not describe a Python "
		"installation", data);
	check_error("arm-linux-gnueabihf", root, NULL, want.buf);
	sb_release(&want);
	free(data);
	free(root);
}

/*
 * Without a sysroot, INCLUDEPY is taken as it is: headers of another
 * machine (here x86's, as this machine's own Python would give) are refused.
 */
static void check_foreign_pyconfig(const char *name, const char *pyconfig,
				   const char *why)
{
	struct strbuf data = STRBUF_INIT, want = STRBUF_INIT, rel = STRBUF_INIT;
	char *inc = root_path(name, "include/python3.11"), *file;

	sb_addf(&rel, "lib/python3.11/_sysconfigdata__linux_aarch64-linux-gnu.py");
	file = root_path(name, rel.buf);
	sb_addf(&data, "build_time_vars = {'EXT_SUFFIX': "
		"'.cpython-311-aarch64-linux-gnu.so', 'MULTIARCH': "
		"'aarch64-linux-gnu', 'SIZEOF_VOID_P': 8, 'VERSION': '3.11', "
		"'INCLUDEPY': '%s', 'prefix': '/nowhere'}\n", inc);
	put(name, rel.buf, data.buf);
	put(name, "include/python3.11/Python.h", "");
	put(name, "include/python3.11/pyconfig.h", pyconfig);
	sb_addf(&want, "'%s/pyconfig.h' is not the pyconfig.h of the target "
		"'aarch64-linux-gnu': %s", inc, why);
	check_error("aarch64-linux-gnu", NULL, file, want.buf);
	sb_release(&data);
	sb_release(&want);
	sb_release(&rel);
	free(inc);
	free(file);
}

static void test_headers_of_another_machine(void)
{
	check_foreign_pyconfig("x86", "#define HAVE_GCC_ASM_FOR_X87 1\n"
			       "#define SIZEOF_VOID_P 8\n",
			       "it is for x86 (HAVE_GCC_ASM_FOR_X87)");
	check_foreign_pyconfig("x64", "/* #define SIZEOF_VOID_P 4 */\n"
			       "#define HAVE_GCC_ASM_FOR_X64 1\n",
			       "it is for x86 (HAVE_GCC_ASM_FOR_X64)");
	check_foreign_pyconfig("w32", "#define SIZEOF_VOID_P 4\n",
			       "SIZEOF_VOID_P is 4");
	check_foreign_pyconfig("s390", "#define DOUBLE_IS_BIG_ENDIAN_IEEE754 1\n"
			       "#define SIZEOF_VOID_P 8\n",
			       "it is for a big-endian machine");
}

/* The target's own headers pass the same check. */
static void test_headers_of_the_target(void)
{
	struct strbuf data = STRBUF_INIT;
	char *inc = root_path("a64", "include/python3.11");
	char *file = root_path("a64", "lib/python3.11/_sysconfigdata__linux_aarch64-linux-gnu.py");
	struct target t;
	struct err e = ERR_INIT;

	sb_addf(&data, "build_time_vars = {'EXT_SUFFIX': "
		"'.cpython-311-aarch64-linux-gnu.so', 'MULTIARCH': "
		"'aarch64-linux-gnu', 'SIZEOF_VOID_P': 8, 'VERSION': '3.11', "
		"'INCLUDEPY': '%s'}\n", inc);
	put("a64", "lib/python3.11/_sysconfigdata__linux_aarch64-linux-gnu.py", data.buf);
	put("a64", "include/python3.11/Python.h", "");
	put("a64", "include/python3.11/pyconfig.h",
	    "#define DOUBLE_IS_LITTLE_ENDIAN_IEEE754 1\n#define SIZEOF_VOID_P 8\n");
	if (!CHECK(cross(&t, "aarch64-linux-gnu", NULL, file, &e) == 0))
		fprintf(stderr, "  %s\n", e.msg.buf);
	CHECK_STR(t.include_dir, inc);
	CHECK_STR(t.platinclude_dir, "");
	CHECK_STR(t.sysroot, "");
	CHECK_STR(t.platform_tag, "linux_aarch64");
	target_release(&t);
	sb_release(&data);
	free(inc);
	free(file);
	err_release(&e);
}

static void test_explain_says_where_from(void)
{
	const struct triple *tr = triple_find("arm-linux-gnueabihf");
	struct cross_opts o;
	struct strbuf out = STRBUF_INIT, want = STRBUF_INIT;
	struct err e = ERR_INIT;
	char *root = root_path("deb", NULL), *real;

	make_debian_root("deb");
	real = realpath(root, NULL);
	memset(&o, 0, sizeof(o));
	o.sysroot = root;
	CHECK(target_cross_explain(tr, &o, &out, &e) == 0);
	sb_addf(&want, "data: '%s/usr/lib/python3.11/_sysconfigdata__linux_"
		"arm-linux-gnueabihf.py' (upper-case names below are its "
		"variables)\n", real);
	CHECK(starts_with(out.buf, want.buf));
	CHECK(strstr(out.buf, "\next_suffix: EXT_SUFFIX\n") != NULL);
	CHECK(strstr(out.buf, "\nplatform_tag: the CPU 'armv7l' of the triple "
		      "table's row 'arm-linux-gnueabihf'\n") != NULL);
	CHECK(strstr(out.buf, "\nplatinclude_dir: the target's own pyconfig.h "
		      "for MULTIARCH 'arm-linux-gnueabihf'") != NULL);
	sb_release(&out);
	sb_release(&want);
	free(root);
	free(real);
	err_release(&e);
}

static void test_triple_for_cpu(void)
{
	const struct triple *t;

	t = triple_for_cpu("linux", "armv7l");
	CHECK(t && !strcmp(t->name, "arm-linux-gnueabihf"));
	t = triple_for_cpu("linux", "x86_64");
	CHECK(t && !strcmp(t->name, "x86_64-linux-gnu"));
	t = triple_for_cpu("windows", "aarch64");
	CHECK(t && !strcmp(t->win_tag, "win_arm64"));
	t = triple_for_cpu("macos", "arm64");
	CHECK(t && !strcmp(t->name, "aarch64-apple-darwin"));
	t = triple_for_cpu(NULL, "s390x");
	CHECK(t && !strcmp(t->byteorder, "big"));
	CHECK(triple_for_cpu("linux", "vax") == NULL);
	CHECK(triple_for_cpu("windows", "s390x") == NULL);
}

/* A configuration that states only OS and CPU gets the table's facts. */
static void check_derived(const char *os, const char *arch, int bits,
			  const char *order, const char *multiarch,
			  const char *platform)
{
	struct target t;
	struct err e = ERR_INIT;
	struct strbuf text = STRBUF_INIT;

	sb_addf(&text, "implementation=cpython\nversion=3.12\nos=%s\narch=%s\n",
		os, arch);
	target_init(&t);
	CHECK(target_parse_text(&t, text.buf, text.len, "t.conf", &e) == 0);
	CHECK(target_finish(&t, &e) == 0);
	CHECK_INT(t.pointer_width, bits);
	CHECK_STR(t.byteorder, order);
	CHECK_STR(t.multiarch, multiarch);
	CHECK_STR(t.platform_tag, platform);
	target_release(&t);
	sb_release(&text);
	err_release(&e);
}

static void test_derive_uses_the_triple_table(void)
{
	check_derived("linux", "i686", 32, "little", "i386-linux-gnu", "linux_i686");
	check_derived("linux", "armv7l", 32, "little", "arm-linux-gnueabihf",
		      "linux_armv7l");
	check_derived("linux", "s390x", 64, "big", "s390x-linux-gnu", "linux_s390x");
	check_derived("windows", "aarch64", 64, "little", "", "win_arm64");
	check_derived("windows", "i686", 32, "little", "", "win32");
	check_derived("macos", "arm64", 64, "little", "", "macosx_11_0_arm64");
	check_derived("freebsd", "amd64", 64, "little", "", "freebsd_amd64");
}

/* A configuration with a sysroot and no cc gets the triple's GNU compiler. */
static void test_default_cc_of_a_sysroot(void)
{
	struct target t;

	target_init(&t);
	target_set(&t, "os", "linux", NULL);
	target_set(&t, "arch", "i686", NULL);
	target_set(&t, "sysroot", "/r", NULL);
	target_default_cc(&t);
	CHECK_STR(t.cc, "i686-linux-gnu-gcc");
	target_release(&t);
	target_init(&t);
	target_default_cc(&t);
	CHECK_STR(t.cc, "cc");
	target_release(&t);
}

int main(void)
{
	struct strbuf dir = STRBUF_INIT;
	const char *base = getenv("TMPDIR");
	struct err e = ERR_INIT;

	path_join(&dir, base && *base ? base : "/tmp", "ww-test-cross-XXXXXX");
	if (!mkdtemp(dir.buf)) {
		perror("mkdtemp");
		return 1;
	}
	tmpdir = dir.buf;
	unsetenv("CC");
	RUN(test_armhf_from_its_data);
	RUN(test_stated_compiler_is_kept);
	RUN(test_rust_name_is_the_same_target);
	RUN(test_places_must_be_given_and_exist);
	RUN(test_soabi_of_another_machine);
	RUN(test_data_without_ext_suffix);
	RUN(test_headers_of_another_machine);
	RUN(test_headers_of_the_target);
	RUN(test_explain_says_where_from);
	RUN(test_triple_for_cpu);
	RUN(test_derive_uses_the_triple_table);
	RUN(test_default_cc_of_a_sysroot);
	remove_tree(tmpdir, &e);
	err_release(&e);
	sb_release(&dir);
	return unit_end();
}
