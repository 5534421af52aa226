#include "windows_toolchain.h"
#include "../base/fs.h"
#include "../base/words.h"
#include "../base/xalloc.h"
#include "../platform/proc.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static void set_sb(char **slot, struct strbuf *sb)
{
	free(*slot);
	*slot = sb_detach(sb, NULL);
}

/* Appends words to a flags field, quoted where a word needs it. */
static void append_flags(char **slot, const char *const *words)
{
	struct strbuf sb = STRBUF_INIT;
	struct words w;

	words_init(&w);
	for (; *words; words++)
		words_push(&w, *words);
	sb_adds(&sb, *slot);
	if (sb.len)
		sb_addc(&sb, ' ');
	words_join(&w, &sb);
	words_release(&w);
	set_sb(slot, &sb);
}

/*
 * A DLL's header holds a link time unless the linker is told not to write
 * one (DESIGN.md invariant 5: the same input gives the same bytes). GNU ld
 * and lld's MinGW driver spell it so, and GNU ld would also derive the
 * image base from the output's path (which holds the build's process id,
 * see engine/windows.h); lld-link, and zig's own reading of linker
 * options, take /Brepro, and zig's PDB (whose name and GUID depend on the
 * path; it is never shipped) is left out with -s.
 */
static const char *const no_timestamp[] = {
	"-Wl,--no-insert-timestamp", "-Wl,--disable-auto-image-base", NULL,
};
static const char *const brepro[] = { "-Wl,/Brepro", "-s", NULL };

/*
 * MinGW-w64's i686 headers make time_t 32-bit for msvcrt.dll; CPython's is
 * 64-bit everywhere on Windows (see win_pyconfig.c, which also asks, but
 * only if Python.h is included first).
 */
static const char *const time64[] = { "-D__MINGW_USE_VC2005_COMPAT=1", NULL };

/* <dir>/../lib/python3.*\/site-packages/ziglang/zig, if there is one. */
static char *zig_in_venv(const char *bindir)
{
	struct strbuf lib = STRBUF_INIT, zig = STRBUF_INIT;
	struct dirent *de;
	char *found = NULL;
	DIR *d;

	path_join(&lib, bindir, "../lib");
	d = opendir(lib.buf);
	while (d && !found && (de = readdir(d))) {
		if (!starts_with(de->d_name, "python3."))
			continue;
		sb_reset(&zig);
		path_join(&zig, lib.buf, de->d_name);
		sb_adds(&zig, "/site-packages/ziglang/zig");
		if (os_is_executable(zig.buf))
			found = os_realpath(zig.buf);
	}
	if (d)
		closedir(d);
	sb_release(&lib);
	sb_release(&zig);
	return found;
}

char *windows_find_zig(void)
{
	const char *path = getenv("PATH");
	struct strbuf dir = STRBUF_INIT;
	char *zig = os_find_program("zig");

	while (!zig && path && *path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);

		sb_reset(&dir);
		sb_add(&dir, len ? path : ".", len ? len : 1);
		sb_adds(&dir, "/python3");
		if (os_is_executable(dir.buf)) {
			sb_setlen(&dir, dir.len - strlen("/python3"));
			zig = zig_in_venv(dir.buf);
		}
		path += len + (colon ? 1 : 0);
	}
	sb_release(&dir);
	return zig;
}

/* zig spells 32-bit x86 "x86". */
static const char *zig_cpu(const char *cpu)
{
	return strcmp(cpu, "i686") ? cpu : "x86";
}

/* A MinGW-w64 cross compiler named <cpu>-w64-mingw32-<name>. */
static int choose_mingw(struct target *t, const char *cpu, const char *name)
{
	struct strbuf cc = STRBUF_INIT;
	char *path;

	sb_addf(&cc, "%s-w64-mingw32-%s", cpu, name);
	path = os_find_program(cc.buf);
	if (!path) {
		sb_release(&cc);
		return 0;
	}
	free(path);
	set_sb(&t->cc, &cc);
	append_flags(&t->ldflags, no_timestamp);
	if (!strcmp(cpu, "i686"))
		append_flags(&t->cflags, time64);
	return 1;
}

static int choose_zig(struct target *t, const char *cpu)
{
	struct strbuf cc = STRBUF_INIT;
	struct words w;
	char *zig = windows_find_zig();
	char target[64];

	if (!zig)
		return 0;
	snprintf(target, sizeof(target), "%s-windows-gnu", zig_cpu(cpu));
	words_init(&w);
	words_push(&w, zig);
	words_push(&w, "cc");
	words_push(&w, "-target");
	words_push(&w, target);
	words_join(&w, &cc);
	words_release(&w);
	free(zig);
	set_sb(&t->cc, &cc);
	append_flags(&t->ldflags, brepro);
	return 1;
}

/*
 * The MinGW-w64 C headers serve every CPU: take those of an x86 MinGW
 * compiler, <prefix>/bin/<triple>-gcc -> <prefix>/<triple>/include.
 */
static char *mingw_headers(void)
{
	static const char *const triples[] = { "x86_64-w64-mingw32", "i686-w64-mingw32" };
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(triples) / sizeof(triples[0]); i++) {
		char *gcc, *bin, *prefix;

		sb_reset(&sb);
		sb_addf(&sb, "%s-gcc", triples[i]);
		gcc = os_find_program(sb.buf);
		if (!gcc)
			continue;
		bin = path_dirname(gcc);
		prefix = path_dirname(bin);
		sb_reset(&sb);
		sb_addf(&sb, "%s/%s/include", prefix, triples[i]);
		free(gcc);
		free(bin);
		free(prefix);
		sb_adds(&sb, "/stdlib.h");
		if (is_regular_file(sb.buf)) {
			sb_setlen(&sb, sb.len - strlen("/stdlib.h"));
			return sb_detach(&sb, NULL);
		}
	}
	sb_release(&sb);
	return NULL;
}

/*
 * clang compiles for aarch64-w64-mingw32 (whose headers are there) and
 * links in MSVC mode, where lld-link can make a DLL without an entry point
 * (the MinGW driver always asks for the C runtime's DllMainCRTStartup).
 */
static void set_clang_no_crt(struct target *t, const char *clang,
			     const char *lld_link, const char *headers)
{
	struct strbuf cc = STRBUF_INIT, fuse = STRBUF_INIT;
	const char *cflags[] = { "-isystem", headers, NULL };
	const char *ldflags[] = { "--target=aarch64-pc-windows-msvc", NULL, "-nostdlib",
				  "-Wl,/noentry", "-Wl,/Brepro", NULL };

	sb_addf(&cc, "%s --target=aarch64-w64-mingw32", clang);
	set_sb(&t->cc, &cc);
	sb_addf(&fuse, "-fuse-ld=%s", lld_link);
	ldflags[1] = fuse.buf;
	append_flags(&t->cflags, cflags);
	append_flags(&t->ldflags, ldflags);
	sb_release(&fuse);
}

static int choose_clang_no_crt(struct target *t)
{
	static const char *const pairs[][2] = {
		{ "clang-14", "lld-link-14" }, { "clang", "lld-link" },
	};
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		char *clang = os_find_program(pairs[i][0]);
		char *lld = os_find_program(pairs[i][1]);
		char *headers = clang && lld ? mingw_headers() : NULL;

		free(clang);
		free(lld);
		if (!headers)
			continue;
		set_clang_no_crt(t, pairs[i][0], pairs[i][1], headers);
		free(headers);
		return 1;
	}
	return 0;
}

int windows_toolchain_choose(struct target *t, const struct triple *tr,
			     struct err *e)
{
	const char *cpu = tr->cpu;

	if (!strcmp(cpu, "aarch64")) {
		if (choose_mingw(t, cpu, "clang") || choose_mingw(t, cpu, "gcc") ||
		    choose_zig(t, cpu) || choose_clang_no_crt(t))
			return 0;
		err_set(e, "no C compiler for Windows ARM64 found for '%s'", tr->name);
		return err_hint(e, "install zig ('pip install ziglang' in the active environment), "
			 "an aarch64-w64-mingw32 compiler, or clang-14 with lld-14 and the MinGW-w64 "
			 "headers (gcc-mingw-w64); or set CC");
	}
	if (choose_mingw(t, cpu, "gcc") || choose_mingw(t, cpu, "clang") || choose_zig(t, cpu))
		return 0;
	err_set(e, "no C compiler for Windows %s found for '%s'", cpu, tr->name);
	return err_hint(e, "install %s-w64-mingw32-gcc (gcc-mingw-w64) or zig "
		 "('pip install ziglang' in the active environment); or set CC", cpu);
}
