/*
 * The triple table. Sources of the facts: the GNU config.sub/Debian
 * multiarch names (dpkg-architecture -L, the Debian cross-toolchain
 * package names), CPython's configure (PLATFORM_TRIPLET, which becomes
 * MULTIARCH and the EXT_SUFFIX), `rustc --print target-list`, the ELF
 * gABI and processor supplements (e_machine), the PE/COFF specification
 * (Machine), and the platform tags of PEP 425, PEP 738 (Android) and the
 * sysconfig.get_platform() spellings (amd64 on the BSDs).
 */
#include "triple.h"
#include "../base/strbuf.h"

#include <ctype.h>
#include <string.h>

enum {
	EM_386_ = 3,
	EM_MIPS_ = 8,
	EM_PPC_ = 20,
	EM_PPC64_ = 21,
	EM_S390_ = 22,
	EM_ARM_ = 40,
	EM_X86_64_ = 62,
	EM_AARCH64_ = 183,
	EM_RISCV_ = 243,
	EM_LOONGARCH_ = 258,
};

enum {
	PE_I386 = 0x14c,
	PE_AMD64 = 0x8664,
	PE_ARM64 = 0xaa64,
};

#define ALIASES(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NO_ALIASES ((const char *const[]){ NULL })

/* One GNU/Linux row: the multiarch triple is the name itself. */
#define LINUX(name, rust, env, cpu, bits, order, deb, clang, em, aliases) \
	{ name, rust, "linux", env, cpu, bits, order, name, deb, name "-", \
	  clang, "", em, 0, aliases }

static const struct triple table[] = {
	/* GNU/Linux (glibc) */
	LINUX("x86_64-linux-gnu", "x86_64-unknown-linux-gnu", "gnu", "x86_64",
	      64, "little", "amd64", "x86_64-linux-gnu", EM_X86_64_,
	      ALIASES("x86_64-pc-linux-gnu", "amd64-linux-gnu")),
	{ "i686-linux-gnu", "i686-unknown-linux-gnu", "linux", "gnu", "i686",
	  32, "little", "i386-linux-gnu", "i386", "i686-linux-gnu-",
	  "i686-linux-gnu", "", EM_386_, 0,
	  ALIASES("i386-linux-gnu", "i586-linux-gnu", "i686-pc-linux-gnu") },
	LINUX("aarch64-linux-gnu", "aarch64-unknown-linux-gnu", "gnu", "aarch64",
	      64, "little", "arm64", "aarch64-linux-gnu", EM_AARCH64_,
	      ALIASES("arm64-linux-gnu")),
	LINUX("arm-linux-gnueabihf", "armv7-unknown-linux-gnueabihf", "gnu",
	      "armv7l", 32, "little", "armhf", "armv7-linux-gnueabihf", EM_ARM_,
	      ALIASES("armv7-linux-gnueabihf", "armv7l-linux-gnueabihf",
		      "armv7a-linux-gnueabihf")),
	{ "arm-unknown-linux-gnueabihf", "arm-unknown-linux-gnueabihf", "linux",
	  "gnu", "armv6l", 32, "little", "arm-linux-gnueabihf", "armhf",
	  "arm-linux-gnueabihf-", "armv6-linux-gnueabihf", "", EM_ARM_, 0,
	  ALIASES("armv6-linux-gnueabihf", "armv6l-linux-gnueabihf") },
	LINUX("arm-linux-gnueabi", "armv5te-unknown-linux-gnueabi", "gnu",
	      "armv5tel", 32, "little", "armel", "armv5te-linux-gnueabi", EM_ARM_,
	      ALIASES("armv5te-linux-gnueabi", "armv5tel-linux-gnueabi")),
	{ "arm-unknown-linux-gnueabi", "arm-unknown-linux-gnueabi", "linux",
	  "gnu", "armv6l", 32, "little", "arm-linux-gnueabi", "armel",
	  "arm-linux-gnueabi-", "armv6-linux-gnueabi", "", EM_ARM_, 0,
	  ALIASES("armv6-linux-gnueabi") },
	LINUX("powerpc64le-linux-gnu", "powerpc64le-unknown-linux-gnu", "gnu",
	      "ppc64le", 64, "little", "ppc64el", "powerpc64le-linux-gnu",
	      EM_PPC64_, ALIASES("ppc64le-linux-gnu", "ppc64el-linux-gnu")),
	LINUX("powerpc64-linux-gnu", "powerpc64-unknown-linux-gnu", "gnu",
	      "ppc64", 64, "big", "ppc64", "powerpc64-linux-gnu", EM_PPC64_,
	      ALIASES("ppc64-linux-gnu")),
	LINUX("powerpc-linux-gnu", "powerpc-unknown-linux-gnu", "gnu", "ppc",
	      32, "big", "powerpc", "powerpc-linux-gnu", EM_PPC_,
	      ALIASES("ppc-linux-gnu")),
	LINUX("s390x-linux-gnu", "s390x-unknown-linux-gnu", "gnu", "s390x", 64,
	      "big", "s390x", "s390x-linux-gnu", EM_S390_, NO_ALIASES),
	LINUX("riscv64-linux-gnu", "riscv64gc-unknown-linux-gnu", "gnu",
	      "riscv64", 64, "little", "riscv64", "riscv64-linux-gnu", EM_RISCV_,
	      ALIASES("riscv64-unknown-linux-gnu", "riscv64gc-linux-gnu")),
	LINUX("mips64el-linux-gnuabi64", "mips64el-unknown-linux-gnuabi64", "gnu",
	      "mips64", 64, "little", "mips64el", "mips64el-linux-gnuabi64",
	      EM_MIPS_, NO_ALIASES),
	LINUX("mips64-linux-gnuabi64", "mips64-unknown-linux-gnuabi64", "gnu",
	      "mips64", 64, "big", "", "mips64-linux-gnuabi64", EM_MIPS_,
	      NO_ALIASES),
	LINUX("mipsel-linux-gnu", "mipsel-unknown-linux-gnu", "gnu", "mips", 32,
	      "little", "mipsel", "mipsel-linux-gnu", EM_MIPS_, NO_ALIASES),
	LINUX("mips-linux-gnu", "mips-unknown-linux-gnu", "gnu", "mips", 32,
	      "big", "", "mips-linux-gnu", EM_MIPS_, NO_ALIASES),
	LINUX("loongarch64-linux-gnu", "loongarch64-unknown-linux-gnu", "gnu",
	      "loongarch64", 64, "little", "loong64", "loongarch64-linux-gnu",
	      EM_LOONGARCH_, NO_ALIASES),

	/* Linux with musl (CPython's MULTIARCH spellings; no Debian port) */
	LINUX("x86_64-linux-musl", "x86_64-unknown-linux-musl", "musl", "x86_64",
	      64, "little", "", "x86_64-linux-musl", EM_X86_64_,
	      ALIASES("x86_64-pc-linux-musl")),
	{ "i686-linux-musl", "i686-unknown-linux-musl", "linux", "musl", "i686",
	  32, "little", "i386-linux-musl", "", "i686-linux-musl-",
	  "i686-linux-musl", "", EM_386_, 0,
	  ALIASES("i386-linux-musl", "i586-linux-musl") },
	LINUX("aarch64-linux-musl", "aarch64-unknown-linux-musl", "musl",
	      "aarch64", 64, "little", "", "aarch64-linux-musl", EM_AARCH64_,
	      NO_ALIASES),
	LINUX("arm-linux-musleabihf", "armv7-unknown-linux-musleabihf", "musl",
	      "armv7l", 32, "little", "", "armv7-linux-musleabihf", EM_ARM_,
	      ALIASES("armv7-linux-musleabihf", "armv7l-linux-musleabihf")),
	LINUX("powerpc64le-linux-musl", "powerpc64le-unknown-linux-musl", "musl",
	      "ppc64le", 64, "little", "", "powerpc64le-linux-musl", EM_PPC64_,
	      NO_ALIASES),
	LINUX("s390x-linux-musl", "s390x-unknown-linux-musl", "musl", "s390x",
	      64, "big", "", "s390x-linux-musl", EM_S390_, NO_ALIASES),
	LINUX("riscv64-linux-musl", "riscv64gc-unknown-linux-musl", "musl",
	      "riscv64", 64, "little", "", "riscv64-linux-musl", EM_RISCV_,
	      NO_ALIASES),
	LINUX("loongarch64-linux-musl", "loongarch64-unknown-linux-musl", "musl",
	      "loongarch64", 64, "little", "", "loongarch64-linux-musl",
	      EM_LOONGARCH_, NO_ALIASES),

	/* Android: the CPU is the ABI name of PEP 738's platform tags */
	{ "aarch64-linux-android", "aarch64-linux-android", "android", "android",
	  "arm64_v8a", 64, "little", "aarch64-linux-android", "",
	  "aarch64-linux-android-", "aarch64-linux-android", "", EM_AARCH64_, 0,
	  NO_ALIASES },
	{ "arm-linux-androideabi", "armv7-linux-androideabi", "android",
	  "android", "armeabi_v7a", 32, "little", "arm-linux-androideabi", "",
	  "arm-linux-androideabi-", "armv7a-linux-androideabi", "", EM_ARM_, 0,
	  ALIASES("armv7a-linux-androideabi") },
	{ "x86_64-linux-android", "x86_64-linux-android", "android", "android",
	  "x86_64", 64, "little", "x86_64-linux-android", "",
	  "x86_64-linux-android-", "x86_64-linux-android", "", EM_X86_64_, 0,
	  NO_ALIASES },
	{ "i686-linux-android", "i686-linux-android", "android", "android", "x86",
	  32, "little", "i686-linux-android", "", "i686-linux-android-",
	  "i686-linux-android", "", EM_386_, 0, NO_ALIASES },

	/* Windows */
	{ "x86_64-w64-mingw32", "x86_64-pc-windows-gnu", "windows", "mingw",
	  "x86_64", 64, "little", "", "", "x86_64-w64-mingw32-",
	  "x86_64-w64-mingw32", "win_amd64", 0, PE_AMD64,
	  ALIASES("x86_64-pc-windows-gnullvm", "x86_64-w64-windows-gnu") },
	{ "i686-w64-mingw32", "i686-pc-windows-gnu", "windows", "mingw", "i686",
	  32, "little", "", "", "i686-w64-mingw32-", "i686-w64-mingw32", "win32",
	  0, PE_I386, ALIASES("i686-pc-windows-gnullvm", "i686-w64-windows-gnu") },
	{ "aarch64-w64-mingw32", "aarch64-pc-windows-gnullvm", "windows", "mingw",
	  "aarch64", 64, "little", "", "", "aarch64-w64-mingw32-",
	  "aarch64-w64-mingw32", "win_arm64", 0, PE_ARM64, NO_ALIASES },
	{ "x86_64-pc-windows-msvc", "x86_64-pc-windows-msvc", "windows", "msvc",
	  "x86_64", 64, "little", "", "", "", "x86_64-pc-windows-msvc",
	  "win_amd64", 0, PE_AMD64, ALIASES("x86_64-windows-msvc") },
	{ "i686-pc-windows-msvc", "i686-pc-windows-msvc", "windows", "msvc",
	  "i686", 32, "little", "", "", "", "i686-pc-windows-msvc", "win32", 0,
	  PE_I386, ALIASES("i686-windows-msvc", "i386-pc-windows-msvc") },
	{ "aarch64-pc-windows-msvc", "aarch64-pc-windows-msvc", "windows", "msvc",
	  "aarch64", 64, "little", "", "", "", "aarch64-pc-windows-msvc",
	  "win_arm64", 0, PE_ARM64,
	  ALIASES("aarch64-windows-msvc", "arm64-pc-windows-msvc") },

	/* macOS (Mach-O: no ELF or PE machine) */
	{ "aarch64-apple-darwin", "aarch64-apple-darwin", "macos", "", "arm64",
	  64, "little", "", "", "", "arm64-apple-macos", "", 0, 0,
	  ALIASES("arm64-apple-darwin", "arm64-apple-macos", "arm64-apple-macosx") },
	{ "x86_64-apple-darwin", "x86_64-apple-darwin", "macos", "", "x86_64",
	  64, "little", "", "", "", "x86_64-apple-macos", "", 0, 0,
	  ALIASES("x86_64-apple-macos", "x86_64-apple-macosx") },

	/* The BSDs: sysconfig.get_platform() spells the CPU as uname -m does */
	{ "x86_64-unknown-freebsd", "x86_64-unknown-freebsd", "freebsd", "",
	  "amd64", 64, "little", "", "", "", "x86_64-unknown-freebsd", "",
	  EM_X86_64_, 0, ALIASES("amd64-unknown-freebsd", "x86_64-freebsd") },
	{ "aarch64-unknown-freebsd", "aarch64-unknown-freebsd", "freebsd", "",
	  "arm64", 64, "little", "", "", "", "aarch64-unknown-freebsd", "",
	  EM_AARCH64_, 0, ALIASES("aarch64-freebsd") },
	{ "x86_64-unknown-netbsd", "x86_64-unknown-netbsd", "netbsd", "",
	  "amd64", 64, "little", "", "", "", "x86_64-unknown-netbsd", "",
	  EM_X86_64_, 0, ALIASES("x86_64-netbsd") },
	{ "x86_64-unknown-openbsd", "x86_64-unknown-openbsd", "openbsd", "",
	  "amd64", 64, "little", "", "", "", "x86_64-unknown-openbsd", "",
	  EM_X86_64_, 0, ALIASES("x86_64-openbsd") },

	/* AIX (XCOFF) and Cygwin (PE) */
	{ "powerpc64-ibm-aix", "powerpc64-ibm-aix", "aix", "", "ppc64", 64,
	  "big", "", "", "", "powerpc64-ibm-aix", "", 0, 0, NO_ALIASES },
	{ "x86_64-pc-cygwin", "x86_64-pc-cygwin", "cygwin", "", "x86_64", 64,
	  "little", "", "", "x86_64-pc-cygwin-", "x86_64-pc-windows-cygnus", "",
	  0, PE_AMD64, ALIASES("x86_64-unknown-cygwin", "x86_64-cygwin") },
};

#define TABLE_SIZE (sizeof(table) / sizeof(table[0]))

const struct triple *triple_table(size_t *count)
{
	*count = TABLE_SIZE;
	return table;
}

const struct triple *triple_for_cpu(const char *os, const char *cpu)
{
	size_t i;

	for (i = 0; i < TABLE_SIZE; i++)
		if ((!os || !strcmp(table[i].os, os)) && !strcmp(table[i].cpu, cpu))
			return &table[i];
	return NULL;
}

static int has_name(const struct triple *t, const char *name)
{
	const char *const *a;

	if (!strcmp(t->name, name) || (*t->rust && !strcmp(t->rust, name)))
		return 1;
	for (a = t->aliases; *a; a++)
		if (!strcmp(*a, name))
			return 1;
	return 0;
}

static const struct triple *find_exact(const char *name)
{
	size_t i;

	for (i = 0; i < TABLE_SIZE; i++)
		if (has_name(&table[i], name))
			return &table[i];
	return NULL;
}

/* CPU-VENDOR-OS-ENV -> CPU-OS-ENV in out; 0 when name has not 4 parts. */
static int drop_vendor(const char *name, struct strbuf *out)
{
	const char *first = strchr(name, '-'), *second;

	if (!first || !(second = strchr(first + 1, '-')) ||
	    !strchr(second + 1, '-') || strchr(strchr(second + 1, '-') + 1, '-'))
		return 0;
	sb_reset(out);
	sb_add(out, name, (size_t)(first - name));
	sb_adds(out, second);
	return 1;
}

/* Drops an OS version: "x86_64-unknown-freebsd14.1" -> "...-freebsd",
 * "aarch64-linux-android21" -> "aarch64-linux-android". */
static int drop_version(struct strbuf *sb)
{
	size_t n = sb->len;

	while (n && (isdigit((unsigned char)sb->buf[n - 1]) || sb->buf[n - 1] == '.'))
		n--;
	if (n == sb->len || !n || sb->buf[n - 1] == '-')
		return 0;
	sb_setlen(sb, n);
	return 1;
}

static const struct triple *find_variants(const char *name)
{
	struct strbuf sb = STRBUF_INIT, shorter = STRBUF_INIT;
	const struct triple *t = find_exact(name);

	sb_adds(&sb, name);
	if (!t && drop_vendor(sb.buf, &shorter))
		t = find_exact(shorter.buf);
	if (!t && drop_version(&sb)) {
		t = find_exact(sb.buf);
		if (!t && drop_vendor(sb.buf, &shorter))
			t = find_exact(shorter.buf);
	}
	sb_release(&sb);
	sb_release(&shorter);
	return t;
}

const struct triple *triple_find(const char *name)
{
	struct strbuf lower = STRBUF_INIT;
	const struct triple *t;
	size_t i;

	for (i = 0; name[i]; i++)
		sb_addc(&lower, tolower((unsigned char)name[i]));
	t = find_variants(lower.buf);
	sb_release(&lower);
	return t;
}

/* Edit distance, capped: names longer than 63 bytes are not compared. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t prev[64], cur[64];

	if (la >= 64 || lb >= 64)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof(prev[0]));
	}
	return prev[lb];
}

/* The closest spelling of row t to name. */
static size_t row_distance(const struct triple *t, const char *name,
			   const char **spelling)
{
	const char *const *a;
	size_t best = distance(name, t->name), d;

	*spelling = t->name;
	if (*t->rust && (d = distance(name, t->rust)) < best)
		best = d, *spelling = t->rust;
	for (a = t->aliases; *a; a++)
		if ((d = distance(name, *a)) < best)
			best = d, *spelling = *a;
	return best;
}

/* Lists up to 4 known names within a few edits of name. */
static void add_suggestions(const char *name, struct strbuf *out)
{
	size_t limit = strlen(name) / 3 > 3 ? strlen(name) / 3 : 3;
	size_t d, i, shown = 0;
	const char *spelling;

	for (d = 0; d <= limit && shown < 4; d++) {
		for (i = 0; i < TABLE_SIZE && shown < 4; i++) {
			if (row_distance(&table[i], name, &spelling) != d)
				continue;
			sb_adds(out, shown ? ", '" : "'");
			sb_adds(out, spelling);
			sb_addc(out, '\'');
			shown++;
		}
	}
}

int triple_lookup(const char *name, const struct triple **out, struct err *e)
{
	struct strbuf close = STRBUF_INIT, lower = STRBUF_INIT;
	size_t i;

	if ((*out = triple_find(name)))
		return 0;
	err_set(e, "unknown target triple '%s'", name);
	for (i = 0; name[i]; i++)
		sb_addc(&lower, tolower((unsigned char)name[i]));
	add_suggestions(lower.buf, &close);
	sb_release(&lower);
	if (close.len)
		err_hint(e, "did you mean %s?", close.buf);
	else
		err_hint(e, "known triples include 'x86_64-linux-gnu', "
			 "'aarch64-linux-gnu', 'arm-linux-gnueabihf', "
			 "'x86_64-pc-windows-msvc', 'aarch64-apple-darwin' and "
			 "their Rust spellings");
	sb_release(&close);
	return -1;
}
