/*
 * Windows targets without a Windows Python: patchlevel.h, the Windows
 * pyconfig.h, target_windows_init on stated headers, and what the build
 * folder gets (engine/windows.h).
 */
#include "unit.h"
#include "base/fs.h"
#include "base/xalloc.h"
#include "core/target.h"
#include "core/target_cross.h"
#include "core/triple.h"
#include "core/windows_toolchain.h"
#include "engine/windows.h"
#include "formats/coff_implib.h"
#include "formats/patchlevel.h"
#include "formats/win_pyconfig.h"
#include "platform/proc.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *tmpdir;

static const char patchlevel_311[] =
	"/* Python version identification scheme. */\n"
	"#define PY_RELEASE_LEVEL_FINAL  0xF\n"
	"\n"
	"/*--start constants--*/\n"
	"#define PY_MAJOR_VERSION        3\n"
	"#define PY_MINOR_VERSION        11\n"
	"#define PY_MICRO_VERSION        7\n"
	"#define PY_RELEASE_LEVEL        PY_RELEASE_LEVEL_FINAL\n"
	"\n"
	"/* Version as a string */\n"
	"#define PY_VERSION              \"3.11.7\"\n"
	"/*--end constants--*/\n";

static int parse(const char *text, struct patchlevel *pl, struct err *e)
{
	return patchlevel_parse(text, strlen(text), "patchlevel.h", pl, e);
}

static void test_patchlevel_reads_versions(void)
{
	struct patchlevel pl;
	struct err e = ERR_INIT;

	CHECK(parse(patchlevel_311, &pl, &e) == 0);
	CHECK_INT(pl.major, 3);
	CHECK_INT(pl.minor, 11);
	CHECK_INT(pl.micro, 7);
	CHECK_STR(pl.version, "3.11.7");
	err_release(&e);
}

/* Defines inside comments are not defines; spacing and CRLF are free. */
static void test_patchlevel_comments_and_spacing(void)
{
	struct patchlevel pl;
	struct err e = ERR_INIT;

	CHECK(parse("/* #define PY_MINOR_VERSION 99\n   still a comment */\r\n"
		    "// #define PY_MAJOR_VERSION 2\r\n"
		    "  #  define\tPY_MAJOR_VERSION 3 /* trailing */\r\n"
		    "#define PY_MINOR_VERSION 9// c++ style\r\n"
		    "#define PY_VERSION \"3.9.0a1+\"\r\n", &pl, &e) == 0);
	CHECK_INT(pl.major, 3);
	CHECK_INT(pl.minor, 9);
	CHECK_INT(pl.micro, -1);
	CHECK_STR(pl.version, "3.9.0a1+");
	err_release(&e);
}

static void check_error(const char *text, int line, int col, const char *msg)
{
	struct patchlevel pl;
	struct err e = ERR_INIT;

	CHECK(parse(text, &pl, &e) == -1);
	CHECK_STR(e.msg.buf, msg);
	CHECK_INT(e.line, line);
	CHECK_INT(e.col, col);
	if (line)
		CHECK_STR(e.file, "patchlevel.h");
	err_release(&e);
}

static void test_patchlevel_errors(void)
{
	check_error("#define PY_MAJOR_VERSION 3\n", 0, 0,
		    "no 'PY_MINOR_VERSION' in 'patchlevel.h': not CPython's patchlevel.h");
	check_error("", 0, 0,
		    "no 'PY_MAJOR_VERSION' in 'patchlevel.h': not CPython's patchlevel.h");
	check_error("#define PY_MAJOR_VERSION 3\n#define PY_MINOR_VERSION x1\n", 2, 26,
		    "expected a number below 1000 for 'PY_MINOR_VERSION'");
	check_error("#define PY_MAJOR_VERSION 3\n#define PY_MINOR_VERSION 1234\n", 2, 26,
		    "expected a number below 1000 for 'PY_MINOR_VERSION'");
	check_error("#define PY_MAJOR_VERSION\n", 1, 25,
		    "expected a number below 1000 for 'PY_MAJOR_VERSION'");
	check_error("#define PY_MAJOR_VERSION 3\n#define PY_MAJOR_VERSION 3\n", 2, 26,
		    "macro defined twice: 'PY_MAJOR_VERSION'");
	check_error("#define PY_MAJOR_VERSION 3\n  /* open\n", 2, 3,
		    "unterminated comment '/*'");
	check_error("#define PY_VERSION \"3.11\n", 1, 20,
		    "unterminated string for 'PY_VERSION'");
	check_error("#define PY_VERSION 3.11\n", 1, 20,
		    "expected a string for 'PY_VERSION'");
	check_error("#define PY_VERSION \"a\\\"b\"\n", 1, 22,
		    "escape sequences are not supported in 'PY_VERSION'");
	check_error("#define PY_VERSION \"0123456789012345678901234567890123\"\n", 1, 20,
		    "version string too long (over 31 bytes) for 'PY_VERSION'");
}

static void test_patchlevel_not_nul_terminated(void)
{
	struct patchlevel pl;
	struct err e = ERR_INIT;
	const char text[] = "#define PY_MAJOR_VERSION 3\n#define PY_MINOR_VERSION 12";
	char *copy = xmemdup(text, sizeof(text) - 1);

	CHECK(patchlevel_parse(copy, sizeof(text) - 1, "p.h", &pl, &e) == 0);
	CHECK_INT(pl.minor, 12);
	free(copy);
	err_release(&e);
}

static void pyconfig(uint16_t machine, int minor, int t, int d, struct strbuf *out)
{
	struct win_pyconfig c = { 3, minor, machine, t, d };
	struct err e = ERR_INIT;

	sb_reset(out);
	CHECK(win_pyconfig_write(&c, out, &e) == 0);
	err_release(&e);
}

static int has_line(const struct strbuf *sb, const char *line)
{
	const char *p = sb->buf;
	size_t n = strlen(line);

	while ((p = strstr(p, line)) != NULL) {
		if ((p == sb->buf || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static void test_pyconfig_llp64(void)
{
	struct strbuf sb = STRBUF_INIT;

	pyconfig(COFF_MACHINE_AMD64, 11, 0, 0, &sb);
	CHECK(has_line(&sb, "#define SIZEOF_LONG 4"));
	CHECK(has_line(&sb, "#define SIZEOF_VOID_P 8"));
	CHECK(has_line(&sb, "#define SIZEOF_SIZE_T 8"));
	CHECK(has_line(&sb, "#define SIZEOF_WCHAR_T 2"));
	CHECK(has_line(&sb, "#define MS_WINDOWS 1"));
	CHECK(has_line(&sb, "#define MS_WIN64 1"));
	CHECK(has_line(&sb, "#define MS_WIN32 1"));
	CHECK(has_line(&sb, "#define Py_ENABLE_SHARED 1"));
	CHECK(has_line(&sb, "#define HAVE_DECLSPEC_DLL 1"));
	CHECK(has_line(&sb, "#define PY_LONG_LONG long long"));
	CHECK(!strstr(sb.buf, "Py_GIL_DISABLED"));
	CHECK(!strstr(sb.buf, "Py_DEBUG"));
	/* No autolinking, and nothing that would make pyport.h typedef ssize_t. */
	CHECK(!strstr(sb.buf, "#pragma"));
	CHECK(!strstr(sb.buf, "SSIZE_T"));
	CHECK(starts_with(sb.buf, "/* pyconfig.h for CPython 3.11 on Windows x86_64"));
	pyconfig(COFF_MACHINE_ARM64, 9, 0, 0, &sb);
	CHECK(has_line(&sb, "#define SIZEOF_VOID_P 8"));
	CHECK(has_line(&sb, "#define MS_WIN64 1"));
	sb_release(&sb);
}

static void test_pyconfig_win32_and_flavours(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct win_pyconfig bad = { 3, 6, COFF_MACHINE_AMD64, 0, 0 };
	struct err e = ERR_INIT;

	pyconfig(COFF_MACHINE_I386, 8, 0, 0, &sb);
	CHECK(has_line(&sb, "#define SIZEOF_VOID_P 4"));
	CHECK(has_line(&sb, "#define SIZEOF_SIZE_T 4"));
	CHECK(!strstr(sb.buf, "MS_WIN64"));
	pyconfig(COFF_MACHINE_AMD64, 13, 1, 1, &sb);
	CHECK(has_line(&sb, "#define Py_GIL_DISABLED 1"));
	CHECK(has_line(&sb, "#define Py_DEBUG 1"));
	CHECK(starts_with(sb.buf, "/* pyconfig.h for CPython 3.13t (debug) on Windows x86_64"));
	sb_reset(&sb);
	CHECK(win_pyconfig_write(&bad, &sb, &e) == -1);
	CHECK_STR(e.msg.buf, "no Windows pyconfig.h for Python 3.6 (3.7 or newer is needed)");
	err_release(&e);
	bad.minor = 11;
	bad.machine = 0x1c4;
	CHECK(win_pyconfig_write(&bad, &sb, &e) == -1);
	CHECK_STR(e.msg.buf, "no Windows pyconfig.h for machine 0x1c4");
	err_release(&e);
	sb_release(&sb);
}

/* A folder that looks like CPython 3.minor's headers. */
static char *fake_headers(const char *name, int minor)
{
	struct strbuf dir = STRBUF_INIT, f = STRBUF_INIT;
	struct err e = ERR_INIT;
	char text[128];

	path_join(&dir, tmpdir, name);
	CHECK(mkdir_p(dir.buf, &e) == 0);
	path_join(&f, dir.buf, "Python.h");
	CHECK(write_file_atomic(f.buf, "#include \"pyconfig.h\"\n", 22, &e) == 0);
	sb_reset(&f);
	path_join(&f, dir.buf, "pyconfig.h");
	CHECK(write_file_atomic(f.buf, "#error linux\n", 13, &e) == 0);
	sb_reset(&f);
	path_join(&f, dir.buf, "cpython");
	CHECK(mkdir_p(f.buf, &e) == 0);
	sb_reset(&f);
	path_join(&f, dir.buf, "patchlevel.h");
	snprintf(text, sizeof(text), "#define PY_MAJOR_VERSION 3\n#define PY_MINOR_VERSION %d\n",
		 minor);
	CHECK(write_file_atomic(f.buf, text, strlen(text), &e) == 0);
	sb_release(&f);
	err_release(&e);
	return sb_detach(&dir, NULL);
}

/* target_windows_init with headers and compiler stated, then finished. */
static int windows_target(struct target *t, const char *triple, const char *version,
			  const char *abi3, const char *include_dir, struct err *e)
{
	const struct triple *tr = triple_find(triple);
	struct cross_opts o;

	memset(&o, 0, sizeof(o));
	o.abi3 = abi3;
	target_init(t);
	target_set(t, "cc", "true", e);
	if (version)
		target_set(t, "version", version, e);
	if (include_dir)
		target_set(t, "include_dir", include_dir, e);
	if (!tr)
		return err_set(e, "no triple '%s'", triple);
	if (target_windows_init(t, tr, &o, e))
		return -1;
	if (abi3)
		target_set(t, "abi3", abi3, e);
	return target_finish(t, e);
}

static void test_target_version_specific(void)
{
	char *inc = fake_headers("inc311", 11);
	struct target t;
	struct err e = ERR_INIT;

	CHECK(windows_target(&t, "x86_64-pc-windows-msvc", "3.11", NULL, inc, &e) == 0);
	CHECK_STR(t.os, "windows");
	CHECK_STR(t.arch, "x86_64");
	CHECK_STR(t.platform_tag, "win_amd64");
	CHECK_INT(t.pointer_width, 64);
	CHECK_STR(t.soabi, "cp311-win_amd64");
	CHECK_STR(t.ext_suffix, ".cp311-win_amd64.pyd");
	CHECK_STR(t.module_suffix, ".cp311-win_amd64.pyd");
	CHECK_STR(t.python_tag, "cp311");
	CHECK_STR(t.abi_tag, "cp311");
	CHECK_STR(t.link_args, "-shared python311.lib");
	CHECK_STR(t.executable, "");
	target_release(&t);
	err_release(&e);
	free(inc);
}

static void test_target_abi3_takes_version_from_headers(void)
{
	char *inc = fake_headers("inc310", 10);
	struct target t;
	struct err e = ERR_INIT;

	CHECK(windows_target(&t, "aarch64-pc-windows-msvc", NULL, "3.9", inc, &e) == 0);
	CHECK_STR(t.version, "3.10");
	CHECK_STR(t.platform_tag, "win_arm64");
	CHECK_STR(t.python_tag, "cp39");
	CHECK_STR(t.abi_tag, "abi3");
	CHECK_STR(t.module_suffix, ".pyd");
	CHECK_STR(t.link_args, "-shared python3.lib");
	target_release(&t);
	CHECK(windows_target(&t, "i686-w64-mingw32", NULL, "3.8", inc, &e) == 0);
	CHECK_STR(t.platform_tag, "win32");
	CHECK_INT(t.pointer_width, 32);
	CHECK_STR(t.arch, "i686");
	target_release(&t);
	err_release(&e);
	free(inc);
}

static void test_target_free_threaded_and_debug(void)
{
	char *inc = fake_headers("inc313", 13);
	struct target t;
	struct err e = ERR_INIT;

	CHECK(windows_target(&t, "x86_64-pc-windows-gnu", "3.13", NULL, inc, &e) == 0);
	CHECK_STR(t.ext_suffix, ".cp313-win_amd64.pyd");
	target_release(&t);
	target_init(&t);
	target_set(&t, "gil_disabled", "true", &e);
	target_set(&t, "cc", "true", &e);
	target_set(&t, "include_dir", inc, &e);
	target_set(&t, "version", "3.13", &e);
	{
		struct cross_opts o;

		memset(&o, 0, sizeof(o));
		CHECK(target_windows_init(&t, triple_find("x86_64-pc-windows-msvc"), &o, &e) == 0);
	}
	CHECK(target_finish(&t, &e) == 0);
	CHECK_STR(t.ext_suffix, ".cp313t-win_amd64.pyd");
	CHECK_STR(t.abi_tag, "cp313t");
	CHECK_STR(t.link_args, "-shared python313t.lib");
	target_release(&t);
	/* -i 3.13t with --target says the same. */
	target_init(&t);
	target_set(&t, "cc", "true", &e);
	target_set(&t, "include_dir", inc, &e);
	{
		struct cross_opts o;

		memset(&o, 0, sizeof(o));
		o.version = "3.13t";
		CHECK(target_windows_init(&t, triple_find("x86_64-pc-windows-msvc"), &o, &e) == 0);
	}
	CHECK(target_finish(&t, &e) == 0);
	CHECK_STR(t.version, "3.13");
	CHECK_STR(t.ext_suffix, ".cp313t-win_amd64.pyd");
	CHECK_STR(t.link_args, "-shared python313t.lib");
	target_release(&t);
	err_release(&e);
	free(inc);
}

static void check_target_error(const char *triple, const char *version, const char *abi3,
			       const char *inc, const char *msg)
{
	struct target t;
	struct err e = ERR_INIT;

	CHECK(windows_target(&t, triple, version, abi3, inc, &e) == -1);
	CHECK_STR(e.msg.buf, msg);
	CHECK_INT(e.status, EXIT_BAD_INPUT);
	target_release(&t);
	err_release(&e);
}

static void test_target_errors(void)
{
	char *inc = fake_headers("inc312", 12);
	struct strbuf msg = STRBUF_INIT, empty = STRBUF_INIT;
	struct err e = ERR_INIT;

	sb_addf(&msg, "the headers in '%s' are Python 3.12, not 3.11", inc);
	check_target_error("x86_64-pc-windows-msvc", "3.11", NULL, inc, msg.buf);
	sb_reset(&msg);
	sb_addf(&msg, "the headers in '%s' are Python 3.12, older than the abi3 floor 3.13", inc);
	check_target_error("x86_64-pc-windows-msvc", NULL, "3.13", inc, msg.buf);
	check_target_error("x86_64-pc-windows-msvc", NULL, NULL, NULL,
			   "a Windows target needs the Python version to build for");
	check_target_error("x86_64-pc-windows-msvc", "2.7", NULL, inc,
			   "bad Python version '2.7' for a Windows target");
	check_target_error("x86_64-pc-windows-msvc", "3.12", NULL, "no/such/dir",
			   "include_dir 'no/such/dir' does not exist");
	path_join(&empty, tmpdir, "empty");
	CHECK(mkdir_p(empty.buf, &e) == 0);
	sb_reset(&msg);
	sb_addf(&msg, "no 'Python.h' in '%s'", empty.buf);
	check_target_error("x86_64-pc-windows-msvc", "3.12", NULL, empty.buf, msg.buf);
	check_target_error("x86_64-pc-cygwin", "3.12", NULL, inc,
			   "'x86_64-pc-cygwin' is not a Windows target wheelwright can build for");
	sb_release(&msg);
	sb_release(&empty);
	err_release(&e);
	free(inc);
}

static void test_prepare_build_folder(void)
{
	char *inc = fake_headers("inc311b", 11);
	struct strbuf build = STRBUF_INIT, p = STRBUF_INIT, lib = STRBUF_INIT;
	struct windows_build wb;
	struct words pre, post;
	struct target t;
	struct err e = ERR_INIT;
	char buf[256];
	ssize_t n;

	CHECK(windows_target(&t, "x86_64-pc-windows-msvc", "3.11", NULL, inc, &e) == 0);
	path_join(&build, tmpdir, "build");
	windows_build_init(&wb);
	CHECK(windows_prepare(&t, build.buf, &wb, &e) == 0);
	sb_addf(&p, "%s/windows/include", build.buf);
	CHECK_STR(wb.include_dir, p.buf);
	sb_addf(&lib, "%s/windows/python311.lib", build.buf);
	CHECK_STR(wb.import_lib, lib.buf);
	CHECK(read_file(lib.buf, &p, &e) == 0);
	CHECK(strstr(p.buf, "!<arch>\n") != NULL);
	/* Python.h and cpython/ are links to the real ones; pyconfig.h is ours. */
	sb_reset(&p);
	sb_addf(&p, "%s/Python.h", wb.include_dir);
	n = readlink(p.buf, buf, sizeof(buf) - 1);
	CHECK(n > 0);
	buf[n > 0 ? n : 0] = '\0';
	CHECK(ends_with(buf, "/inc311b/Python.h"));
	sb_reset(&p);
	sb_addf(&p, "%s/cpython", wb.include_dir);
	CHECK(readlink(p.buf, buf, sizeof(buf)) > 0);
	sb_reset(&p);
	sb_addf(&p, "%s/pyconfig.h", wb.include_dir);
	CHECK(readlink(p.buf, buf, sizeof(buf)) < 0);
	sb_reset(&lib);
	CHECK(read_file(p.buf, &lib, &e) == 0);
	CHECK(has_line(&lib, "#define SIZEOF_LONG 4"));
	/* A second run changes nothing and succeeds. */
	windows_build_release(&wb);
	CHECK(windows_prepare(&t, build.buf, &wb, &e) == 0);
	words_init(&pre);
	words_init(&post);
	CHECK(windows_link_args(&t, &wb, &pre, &post, &e) == 0);
	CHECK_INT(pre.n, 1);
	CHECK_STR(pre.v[0], "-shared");
	CHECK_INT(post.n, 1);
	CHECK_STR(post.v[0], wb.import_lib);
	sb_reset(&p);
	windows_link_tmp("b/0123", "pkg._core", "b/0123/lib/pkg/_core.cp311-win_amd64.pyd", 42, &p);
	CHECK_STR(p.buf, "b/0123/tmp/pkg._core.42/_core.cp311-win_amd64.pyd");
	words_release(&pre);
	words_release(&post);
	windows_build_release(&wb);
	target_release(&t);
	sb_release(&build);
	sb_release(&p);
	sb_release(&lib);
	err_release(&e);
	free(inc);
}

/* An empty executable file at tmpdir/rel (folders made as needed). */
static char *fake_program(const char *rel)
{
	struct strbuf p = STRBUF_INIT;
	struct err e = ERR_INIT;
	char *dir;

	path_join(&p, tmpdir, rel);
	dir = path_dirname(p.buf);
	CHECK(mkdir_p(dir, &e) == 0);
	CHECK(write_file_atomic(p.buf, "", 0, &e) == 0);
	CHECK(chmod(p.buf, 0755) == 0);
	free(dir);
	err_release(&e);
	return sb_detach(&p, NULL);
}

static void choose(const char *path, const char *triple, struct target *t, int want_rc,
		   struct err *e)
{
	setenv("PATH", path, 1);
	target_init(t);
	CHECK_INT(windows_toolchain_choose(t, triple_find(triple), e), want_rc);
}

static void test_toolchain_mingw_first(void)
{
	char *gcc = fake_program("tc1/bin/x86_64-w64-mingw32-gcc");
	char *gcc32 = fake_program("tc1/bin/i686-w64-mingw32-gcc");
	char *bin = path_dirname(gcc);
	struct target t;
	struct err e = ERR_INIT;

	choose(bin, "x86_64-pc-windows-msvc", &t, 0, &e);
	CHECK_STR(t.cc, "x86_64-w64-mingw32-gcc");
	CHECK_STR(t.cflags, "");
	CHECK_STR(t.ldflags, "-Wl,--no-insert-timestamp -Wl,--disable-auto-image-base");
	target_release(&t);
	choose(bin, "i686-pc-windows-msvc", &t, 0, &e);
	CHECK_STR(t.cc, "i686-w64-mingw32-gcc");
	CHECK_STR(t.cflags, "-D__MINGW_USE_VC2005_COMPAT=1");
	target_release(&t);
	free(gcc);
	free(gcc32);
	free(bin);
	err_release(&e);
}

/* `pip install ziglang` in a venv whose bin folder is on PATH. */
static void test_toolchain_zig_in_venv(void)
{
	char *py = fake_program("venv/bin/python3");
	char *made = fake_program("venv/lib/python3.12/site-packages/ziglang/zig");
	char *zig = os_realpath(made);	/* TMPDIR may lie behind a link */
	char *bin = path_dirname(py);
	char *found;
	struct strbuf want = STRBUF_INIT;
	struct target t;
	struct err e = ERR_INIT;

	setenv("PATH", bin, 1);
	found = windows_find_zig();
	CHECK_STR(found, zig);
	choose(bin, "aarch64-pc-windows-msvc", &t, 0, &e);
	sb_addf(&want, "%s cc -target aarch64-windows-gnu", zig);
	CHECK_STR(t.cc, want.buf);
	CHECK_STR(t.ldflags, "-Wl,/Brepro -s");
	target_release(&t);
	choose(bin, "i686-w64-mingw32", &t, 0, &e);
	sb_reset(&want);
	sb_addf(&want, "%s cc -target x86-windows-gnu", zig);
	CHECK_STR(t.cc, want.buf);
	target_release(&t);
	free(found);
	free(py);
	free(made);
	free(zig);
	free(bin);
	sb_release(&want);
	err_release(&e);
}

static void test_toolchain_clang_without_crt(void)
{
	char *clang = fake_program("tc2/bin/clang-14");
	char *lld = fake_program("tc2/bin/lld-link-14");
	char *gcc = fake_program("tc2/bin/x86_64-w64-mingw32-gcc");
	char *stdlib_h = fake_program("tc2/x86_64-w64-mingw32/include/stdlib.h");
	char *bin = path_dirname(clang);
	char *inc = path_dirname(stdlib_h);
	struct strbuf want = STRBUF_INIT;
	struct target t;
	struct err e = ERR_INIT;

	choose(bin, "aarch64-pc-windows-msvc", &t, 0, &e);
	CHECK_STR(t.cc, "clang-14 --target=aarch64-w64-mingw32");
	sb_addf(&want, "-isystem %s", inc);
	CHECK_STR(t.cflags, want.buf);
	CHECK_STR(t.ldflags, "--target=aarch64-pc-windows-msvc -fuse-ld=lld-link-14 "
		  "-nostdlib -Wl,/noentry -Wl,/Brepro");
	target_release(&t);
	/* Without the MinGW-w64 headers, clang alone is not enough. */
	CHECK(unlink(stdlib_h) == 0);
	choose(bin, "aarch64-pc-windows-msvc", &t, -1, &e);
	CHECK_STR(e.msg.buf, "no C compiler for Windows ARM64 found for 'aarch64-pc-windows-msvc'");
	CHECK(strstr(e.hint.buf, "pip install ziglang") != NULL);
	CHECK_INT(e.status, EXIT_BAD_INPUT);
	target_release(&t);
	err_release(&e);
	choose("", "x86_64-pc-windows-gnu", &t, -1, &e);
	CHECK_STR(e.msg.buf, "no C compiler for Windows x86_64 found for 'x86_64-w64-mingw32'");
	target_release(&t);
	free(clang);
	free(lld);
	free(gcc);
	free(stdlib_h);
	free(bin);
	free(inc);
	sb_release(&want);
	err_release(&e);
}

int main(void)
{
	struct strbuf dir = STRBUF_INIT;
	struct err e = ERR_INIT;
	const char *base = getenv("TMPDIR");
	int rc;

	path_join(&dir, base && *base ? base : "/tmp", "ww-test-windows-XXXXXX");
	if (!mkdtemp(dir.buf)) {
		perror("mkdtemp");
		return 1;
	}
	tmpdir = dir.buf;
	RUN(test_patchlevel_reads_versions);
	RUN(test_patchlevel_comments_and_spacing);
	RUN(test_patchlevel_errors);
	RUN(test_patchlevel_not_nul_terminated);
	RUN(test_pyconfig_llp64);
	RUN(test_pyconfig_win32_and_flavours);
	RUN(test_target_version_specific);
	RUN(test_target_abi3_takes_version_from_headers);
	RUN(test_target_free_threaded_and_debug);
	RUN(test_target_errors);
	RUN(test_prepare_build_folder);
	RUN(test_toolchain_mingw_first);
	RUN(test_toolchain_zig_in_venv);
	RUN(test_toolchain_clang_without_crt);
	rc = unit_end();
	remove_tree(dir.buf, &e);
	err_release(&e);
	sb_release(&dir);
	return rc;
}
