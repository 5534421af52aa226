#include "unit.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/xalloc.h"
#include "formats/binbuf.h"
#include "formats/macho.h"

#include <stdlib.h>
#include <string.h>

#define FIXTURES "tests/fixtures/macho/"

static int load(const char *name, struct strbuf *sb)
{
	struct err e = ERR_INIT;
	int r = read_file(name, sb, &e);

	if (r < 0)
		fprintf(stderr, "cannot read %s (run from the top of the tree)\n", name);
	err_release(&e);
	return r;
}

/* An exact-size heap copy, so ASan sees any read past the end. */
static int parse_copy(struct macho_file *m, const void *buf, size_t len,
		      struct err *e)
{
	unsigned char *copy = xmalloc(len ? len : 1);
	int r;

	if (len)
		memcpy(copy, buf, len);
	macho_file_init(m);
	r = macho_parse(m, copy, len, "t.so", e);
	free(copy);
	return r;
}

static int has_symbol(const struct macho_symbol *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return 1;
	return 0;
}

/* What llvm-objdump-14 --macho --private-headers and llvm-nm-14 say. */
static void test_fixture_module(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct macho_file m;
	const struct macho_slice *s;
	uint32_t minos = 0;

	if (load(FIXTURES "mod.so", &sb) < 0) {
		CHECK(0);
		return;
	}
	CHECK_INT(parse_copy(&m, sb.buf, sb.len, &e), 0);
	CHECK_STR(e.msg.buf, "");
	CHECK_INT(m.fat, 0);
	CHECK_INT(m.nr_slices, 1);
	s = &m.slices[0];
	CHECK_STR(macho_arch_name(s->cputype, s->cpusubtype), "x86_64");
	CHECK(s->is64 && !s->msb && !s->archive);
	CHECK_INT(s->filetype, MACHO_MH_BUNDLE);
	CHECK(s->id_dylib == NULL);
	CHECK_INT(s->nr_dylibs, 4);
	if (s->nr_dylibs == 4) {
		CHECK_STR(s->dylibs[0].name, "@rpath/libdep.dylib");
		CHECK_INT(s->dylibs[0].cmd, MACHO_LC_LOAD_DYLIB);
		CHECK_STR(s->dylibs[1].name, "/usr/local/lib/libweak.dylib");
		CHECK_INT(s->dylibs[1].cmd, MACHO_LC_LOAD_WEAK_DYLIB);
		CHECK_STR(s->dylibs[3].name, "/usr/lib/libz.1.dylib");
		CHECK_INT(s->dylibs[3].cmd, MACHO_LC_REEXPORT_DYLIB);
	}
	CHECK_INT(s->nr_rpaths, 2);
	if (s->nr_rpaths == 2) {
		CHECK_STR(s->rpaths[0], "@loader_path/.dylibs");
		CHECK_STR(s->rpaths[1], "/opt/build/lib");
	}
	CHECK_INT(macho_min_macos(s, &minos), 1);
	CHECK_INT(minos, MACHO_VERSION(10, 9, 0));
	CHECK_INT(s->nr_versions, 1);
	CHECK(s->nr_versions && s->versions[0].cmd == MACHO_LC_VERSION_MIN_MACOSX &&
	      s->versions[0].sdk == MACHO_VERSION(13, 0, 0));
	CHECK(s->has_symtab);
	CHECK_INT(s->nr_undefined, 5);
	CHECK(has_symbol(s->undefined, s->nr_undefined, "_PyModule_Create2"));
	CHECK(has_symbol(s->undefined, s->nr_undefined, "_weak_value"));
	CHECK(has_symbol(s->undefined, s->nr_undefined, "dyld_stub_binder"));
	CHECK_INT(s->nr_defined, 2);
	CHECK(has_symbol(s->defined, s->nr_defined, "_PyInit_mod"));
	CHECK(has_symbol(s->defined, s->nr_defined, "_mod_counter"));
	macho_file_release(&m);
	sb_release(&sb);
	err_release(&e);
}

static void test_fixture_dylib(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct macho_file m;

	if (load(FIXTURES "libdep.dylib", &sb) < 0) {
		CHECK(0);
		return;
	}
	CHECK_INT(parse_copy(&m, sb.buf, sb.len, &e), 0);
	CHECK_INT(m.slices[0].filetype, MACHO_MH_DYLIB);
	CHECK_STR(m.slices[0].id_dylib, "@rpath/libdep.dylib");
	CHECK_INT(m.slices[0].nr_dylibs, 0);
	CHECK_INT(m.slices[0].nr_undefined, 0);
	CHECK_INT(m.slices[0].nr_defined, 2);
	macho_file_release(&m);
	sb_release(&sb);
	err_release(&e);
}

/*
 * Synthetic images: a header, LC_LOAD_DYLIB, LC_RPATH, LC_BUILD_VERSION,
 * LC_SYMTAB, then the symbols and their names, in either byte order and
 * width. The offsets of each part are kept so tests can break them.
 */
struct image {
	struct strbuf sb;
	int is64, msb;
	size_t dylib, rpath, build, symtab;	/* command offsets */
	size_t symoff, stroff;
};

static void put(struct image *im, uint32_t v, int width)
{
	unsigned char b[4];
	int i;

	for (i = 0; i < width; i++)
		b[im->msb ? width - 1 - i : i] = (unsigned char)(v >> (8 * i));
	sb_add(&im->sb, b, (size_t)width);
}

static void set(struct image *im, size_t off, uint32_t v)
{
	unsigned char *p = (unsigned char *)im->sb.buf + off;
	int i;

	for (i = 0; i < 4; i++)
		p[im->msb ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

static void put_lc_str(struct image *im, uint32_t cmd, size_t fixed,
		       const char *s, uint32_t a, uint32_t b, uint32_t c)
{
	size_t align = im->is64 ? 8 : 4;
	size_t size = (fixed + strlen(s) + 1 + align - 1) / align * align;

	put(im, cmd, 4);
	put(im, (uint32_t)size, 4);
	put(im, (uint32_t)fixed, 4);
	if (fixed > 12) {
		put(im, a, 4);
		put(im, b, 4);
		put(im, c, 4);
	}
	sb_adds(&im->sb, s);
	put_zeros(&im->sb, size - fixed - strlen(s));
}

struct sym {
	const char *name;
	uint8_t type;
};

static void build(struct image *im, int is64, int msb, uint32_t cputype,
		  uint32_t subtype, const struct sym *syms, size_t nsyms)
{
	size_t hsize = is64 ? 32 : 28, i, names;

	memset(im, 0, sizeof(*im));
	sb_init(&im->sb);
	im->is64 = is64;
	im->msb = msb;
	put(im, is64 ? 0xfeedfacfu : 0xfeedfaceu, 4);
	put(im, cputype, 4);
	put(im, subtype, 4);
	put(im, MACHO_MH_BUNDLE, 4);
	put(im, 4, 4);		/* ncmds */
	put(im, 0, 4);		/* sizeofcmds, set below */
	put(im, 0x85, 4);
	if (is64)
		put(im, 0, 4);
	im->dylib = im->sb.len;
	put_lc_str(im, MACHO_LC_LOAD_DYLIB, 24, "/usr/lib/libSystem.B.dylib",
		   2, MACHO_VERSION(1311, 0, 0), MACHO_VERSION(1, 0, 0));
	im->rpath = im->sb.len;
	put_lc_str(im, MACHO_LC_RPATH, 12, "@loader_path/.dylibs", 0, 0, 0);
	im->build = im->sb.len;
	put(im, MACHO_LC_BUILD_VERSION, 4);
	put(im, 24, 4);
	put(im, MACHO_PLATFORM_MACOS, 4);
	put(im, MACHO_VERSION(10, 13, 4), 4);
	put(im, MACHO_VERSION(14, 0, 0), 4);
	put(im, 0, 4);		/* ntools */
	im->symtab = im->sb.len;
	put(im, MACHO_LC_SYMTAB, 4);
	put(im, 24, 4);
	put_zeros(&im->sb, 16);
	set(im, 20, (uint32_t)(im->sb.len - hsize));
	im->symoff = im->sb.len;
	names = 1;		/* the string table starts with a NUL */
	for (i = 0; i < nsyms; i++) {
		put(im, (uint32_t)names, 4);
		put(im, syms[i].type, 1);
		put(im, 0, 1);
		put(im, 0, 2);
		put(im, 0x1000, 4);
		if (is64)
			put(im, 0, 4);
		names += strlen(syms[i].name) + 1;
	}
	im->stroff = im->sb.len;
	sb_addc(&im->sb, '\0');
	for (i = 0; i < nsyms; i++)
		sb_add(&im->sb, syms[i].name, strlen(syms[i].name) + 1);
	set(im, im->symtab + 8, (uint32_t)im->symoff);
	set(im, im->symtab + 12, (uint32_t)nsyms);
	set(im, im->symtab + 16, (uint32_t)im->stroff);
	set(im, im->symtab + 20, (uint32_t)(im->sb.len - im->stroff));
}

static const struct sym syms[] = {
	{ "_PyInit_m", 0x0f },		/* N_SECT | N_EXT */
	{ "_local", 0x0e },		/* N_SECT */
	{ "_PyList_New", 0x01 },	/* N_UNDF | N_EXT */
	{ "_debug.c", 0x64 },		/* N_SO: a stab */
	{ "_abs", 0x03 },		/* N_ABS | N_EXT */
};

static void check_synthetic(int is64, int msb, uint32_t cputype,
			    uint32_t subtype, const char *arch)
{
	struct image im;
	struct err e = ERR_INIT;
	struct macho_file m;
	const struct macho_slice *s;
	struct strbuf v = STRBUF_INIT;
	uint32_t minos;

	build(&im, is64, msb, cputype, subtype, syms, 5);
	CHECK_INT(parse_copy(&m, im.sb.buf, im.sb.len, &e), 0);
	CHECK_STR(e.msg.buf, "");
	s = &m.slices[0];
	CHECK_STR(macho_arch_name(s->cputype, s->cpusubtype), arch);
	CHECK_INT(s->is64, is64);
	CHECK_INT(s->msb, msb);
	CHECK(s->nr_dylibs == 1 && !strcmp(s->dylibs[0].name, "/usr/lib/libSystem.B.dylib"));
	CHECK(s->nr_dylibs == 1 && s->dylibs[0].current_version == MACHO_VERSION(1311, 0, 0));
	CHECK(s->nr_rpaths == 1 && !strcmp(s->rpaths[0], "@loader_path/.dylibs"));
	CHECK(macho_min_macos(s, &minos) && minos == MACHO_VERSION(10, 13, 4));
	macho_version_add(&v, minos);
	CHECK_STR(v.buf, "10.13.4");
	CHECK_INT(s->nr_undefined, 1);
	CHECK(s->nr_undefined == 1 && !strcmp(s->undefined[0].name, "_PyList_New"));
	CHECK_INT(s->nr_defined, 2);
	CHECK(has_symbol(s->defined, s->nr_defined, "_PyInit_m"));
	CHECK(has_symbol(s->defined, s->nr_defined, "_abs"));
	macho_file_release(&m);
	sb_release(&im.sb);
	sb_release(&v);
	err_release(&e);
}

static void test_synthetic_images(void)
{
	check_synthetic(1, 0, MACHO_CPU_ARM64, MACHO_SUBTYPE_ARM64E | 0x80000000u, "arm64e");
	check_synthetic(0, 0, MACHO_CPU_X86, 3, "i386");
	check_synthetic(0, 1, MACHO_CPU_POWERPC, 0, "ppc");
	check_synthetic(1, 1, MACHO_CPU_POWERPC64, 0, "ppc64");
}

static void test_names(void)
{
	char buf[32];
	struct macho_slice s;
	struct strbuf v = STRBUF_INIT;

	CHECK_STR(macho_arch_name(MACHO_CPU_X86_64, 3), "x86_64");
	CHECK_STR(macho_arch_name(MACHO_CPU_X86_64, 8), "x86_64h");
	CHECK_STR(macho_arch_name(MACHO_CPU_ARM64, 0), "arm64");
	CHECK_STR(macho_arch_name(MACHO_CPU_ARM, 9), "armv7");
	CHECK(macho_arch_name(MACHO_CPU_X86_64, 99) == NULL);
	memset(&s, 0, sizeof(s));
	s.cputype = 0x1234;
	CHECK_STR(macho_slice_arch(&s, buf, sizeof(buf)), "cputype 0x1234");
	CHECK_STR(macho_filetype_name(MACHO_MH_BUNDLE), "MH_BUNDLE");
	CHECK(macho_filetype_name(99) == NULL);
	CHECK_STR(macho_command_name(MACHO_LC_LOAD_UPWARD_DYLIB), "LC_LOAD_UPWARD_DYLIB");
	CHECK_STR(macho_platform_name(MACHO_PLATFORM_MACCATALYST), "maccatalyst");
	CHECK(macho_is_load_command(MACHO_LC_LAZY_LOAD_DYLIB));
	CHECK(!macho_is_load_command(MACHO_LC_ID_DYLIB));
	macho_version_add(&v, MACHO_VERSION(11, 0, 0));
	CHECK_STR(v.buf, "11.0");
	sb_release(&v);
}

/* A fat header over the given images, each at a 4096-byte boundary. */
static void build_fat(struct strbuf *out, int fat64, const struct image *const *v,
		      size_t n)
{
	size_t i, off = 4096;

	sb_init(out);
	put_be32(out, fat64 ? 0xcafebabfu : 0xcafebabeu);
	put_be32(out, (uint32_t)n);
	for (i = 0; i < n; i++) {
		const unsigned char *h = (const unsigned char *)v[i]->sb.buf;
		uint32_t cpu = v[i]->msb ? be32_get(h + 4) : le32_get(h + 4);
		uint32_t sub = v[i]->msb ? be32_get(h + 8) : le32_get(h + 8);

		put_be32(out, cpu);
		put_be32(out, sub);
		if (fat64)
			put_be32(out, 0);
		put_be32(out, (uint32_t)off);
		if (fat64)
			put_be32(out, 0);
		put_be32(out, (uint32_t)v[i]->sb.len);
		put_be32(out, 12);
		if (fat64)
			put_be32(out, 0);
		off += (v[i]->sb.len + 4095) / 4096 * 4096;
	}
	for (i = 0, off = 4096; i < n; i++) {
		put_zeros(out, off - out->len);
		sb_add(out, v[i]->sb.buf, v[i]->sb.len);
		off += (v[i]->sb.len + 4095) / 4096 * 4096;
	}
}

static void test_fat(void)
{
	struct image a, b;
	const struct image *v[2] = { &a, &b };
	struct strbuf fat;
	struct err e = ERR_INIT;
	struct macho_file m;
	int fat64;

	build(&a, 1, 0, MACHO_CPU_X86_64, 3, syms, 5);
	build(&b, 0, 1, MACHO_CPU_POWERPC, 0, syms, 5);
	for (fat64 = 0; fat64 < 2; fat64++) {
		build_fat(&fat, fat64, v, 2);
		CHECK_INT(parse_copy(&m, fat.buf, fat.len, &e), 0);
		CHECK_STR(e.msg.buf, "");
		CHECK_INT(m.fat, fat64 ? 64 : 32);
		CHECK_INT(m.nr_slices, 2);
		if (m.nr_slices == 2) {
			CHECK_INT(m.slices[0].offset, 4096);
			CHECK_STR(macho_arch_name(m.slices[1].cputype, m.slices[1].cpusubtype), "ppc");
			CHECK_INT(m.slices[1].nr_undefined, 1);
			CHECK(m.slices[1].msb && !m.slices[0].msb);
		}
		macho_file_release(&m);
		sb_release(&fat);
	}
	/* a static library in a slice: only its CPU is known */
	sb_reset(&b.sb);
	sb_adds(&b.sb, "!<arch>\n");
	put_zeros(&b.sb, 60);
	b.msb = 1;
	build_fat(&fat, 0, v, 2);
	/* the fat header took its CPU from the (now gone) image: restate it */
	memcpy(fat.buf + 8 + 20, "\0\0\0\x12\0\0\0\0", 8);
	CHECK_INT(parse_copy(&m, fat.buf, fat.len, &e), 0);
	CHECK(m.nr_slices == 2 && m.slices[1].archive && !m.slices[0].archive);
	macho_file_release(&m);
	sb_release(&fat);
	sb_release(&a.sb);
	sb_release(&b.sb);
	err_release(&e);
}

static void check_error(const struct strbuf *sb, const char *msg)
{
	struct err e = ERR_INIT;
	struct macho_file m;

	CHECK_INT(parse_copy(&m, sb->buf, sb->len, &e), -1);
	CHECK_STR(e.file, "t.so");
	CHECK_STR(e.msg.buf, msg);
	macho_file_release(&m);
	err_release(&e);
}

static void test_header_errors(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct image im;

	sb_adds(&sb, "\x7f" "ELF");
	check_error(&sb, "not a Mach-O file: unknown magic 0x7f454c46");
	sb_setlen(&sb, 2);
	check_error(&sb, "not a Mach-O file: 2 bytes, too short for a header");

	build(&im, 1, 0, MACHO_CPU_ARM64, 0, syms, 5);
	sb_reset(&sb);
	sb_add(&sb, im.sb.buf, 20);
	check_error(&sb, "malformed Mach-O file: the header is truncated (20 bytes, 32 needed)");
	set(&im, 20, 0x10000);
	check_error(&im.sb, "malformed Mach-O file: the load commands (65536 bytes) run past the end of the image (300 bytes)");
	set(&im, 20, 40);
	check_error(&im.sb, "malformed Mach-O file: load command 0 (LC_LOAD_DYLIB, cmdsize 56) runs past the end of the load commands (sizeofcmds 40)");
	set(&im, 20, 144);
	set(&im, 16, 9);	/* ncmds */
	check_error(&im.sb, "malformed Mach-O file: load command 4 of 9 starts past the end of the load commands (sizeofcmds 144)");
	set(&im, 16, 4);
	set(&im, im.rpath + 4, 6);
	check_error(&im.sb, "malformed Mach-O file: load command 1 (LC_RPATH) has cmdsize 6 (at least 8, a multiple of 4)");
	sb_release(&im.sb);
	sb_release(&sb);
}

static void test_command_errors(void)
{
	struct image im;

	build(&im, 0, 1, MACHO_CPU_POWERPC, 0, syms, 5);
	set(&im, im.dylib + 8, 60);
	check_error(&im.sb, "malformed Mach-O file: load command 0 (LC_LOAD_DYLIB): the string offset 60 is outside the command (24 to 52)");
	set(&im, im.dylib + 8, 8);
	check_error(&im.sb, "malformed Mach-O file: load command 0 (LC_LOAD_DYLIB): the string offset 8 is outside the command (24 to 52)");
	set(&im, im.dylib + 8, 24);
	memset(im.sb.buf + im.rpath + 12, 'x', 24);
	check_error(&im.sb, "malformed Mach-O file: load command 1 (LC_RPATH): the string at offset 12 is not NUL-terminated");
	set(&im, im.rpath, MACHO_LC_ID_DYLIB);
	check_error(&im.sb, "malformed Mach-O file: load command 1 (LC_ID_DYLIB): the string offset 12 is outside the command (24 to 36)");
	sb_release(&im.sb);

	build(&im, 1, 0, MACHO_CPU_X86_64, 3, syms, 5);
	set(&im, im.build + 20, 2);	/* two tools in no room */
	check_error(&im.sb, "malformed Mach-O file: load command 2 (LC_BUILD_VERSION): 2 tools do not fit in cmdsize 24");
	set(&im, im.build + 20, 0);
	set(&im, im.build, MACHO_LC_SYMTAB);
	memcpy(im.sb.buf + im.build + 8, im.sb.buf + im.symtab + 8, 16);
	check_error(&im.sb, "malformed Mach-O file: load command 3: a second LC_SYMTAB");
	set(&im, im.build, MACHO_LC_VERSION_MIN_MACOSX);
	set(&im, im.build + 8, 0);
	set(&im, im.build + 4, 12);
	check_error(&im.sb, "malformed Mach-O file: load command 2 (LC_VERSION_MIN_MACOSX) is too short (cmdsize 12, 16 needed)");
	sb_release(&im.sb);
}

static void test_symtab_errors(void)
{
	struct image im;

	build(&im, 1, 0, MACHO_CPU_X86_64, 3, syms, 5);
	set(&im, im.symtab + 12, 1000);
	check_error(&im.sb, "malformed Mach-O file: the symbol table (1000 entries at offset 0xb0) runs past the end of the image (300 bytes)");
	set(&im, im.symtab + 12, 5);
	set(&im, im.symtab + 20, 1000);
	check_error(&im.sb, "malformed Mach-O file: the string table (1000 bytes at offset 0x100) runs past the end of the image (300 bytes)");
	set(&im, im.symtab + 20, 18);
	check_error(&im.sb, "malformed Mach-O file: symbol 2: the name offset 18 is past the string table (18 bytes)");
	set(&im, im.symtab + 20, 20);
	check_error(&im.sb, "malformed Mach-O file: symbol 2: the name at offset 18 is not NUL-terminated");
	sb_release(&im.sb);
}

static void test_fat_errors(void)
{
	struct image a, b;
	const struct image *v[2] = { &a, &b };
	struct strbuf fat, sb = STRBUF_INIT;

	sb_add(&sb, "\xca\xfe\xba\xbe\0\0", 6);
	check_error(&sb, "malformed Mach-O file: the fat header is truncated (6 bytes)");
	sb_add(&sb, "\0\0", 2);
	check_error(&sb, "malformed Mach-O file: the fat header lists no slices");
	sb.buf[7] = 3;
	check_error(&sb, "malformed Mach-O file: the fat header's 3 slices run past the end of the file");

	build(&a, 1, 0, MACHO_CPU_X86_64, 3, syms, 5);
	build(&b, 1, 0, MACHO_CPU_ARM64, 0, syms, 5);
	build_fat(&fat, 0, v, 2);
	memcpy(fat.buf + 8 + 20 + 12, "\0\x01\0\0", 4);	/* slice 2: 64 KiB */
	check_error(&fat, "malformed Mach-O file: slice 2 (arm64) at offset 0x2000 (65536 bytes) runs past the end of the file (8492 bytes)");
	memcpy(fat.buf + 8 + 20 + 12, "\0\0\x01\x2c", 4);	/* 300 bytes again */
	memcpy(fat.buf + 8 + 20 + 8, "\0\0\x10\0", 4);	/* at 0x1000, over slice 1 */
	check_error(&fat, "malformed Mach-O file: slice 1 (x86_64) and slice 2 (arm64) overlap");
	memcpy(fat.buf + 8 + 20 + 8, "\0\0\0\x10", 4);	/* at 0x10 */
	check_error(&fat, "malformed Mach-O file: slice 2 (arm64) at offset 0x10 overlaps the fat header");
	memcpy(fat.buf + 8 + 20 + 8, "\0\0\x20\0", 4);
	memcpy(fat.buf + 8 + 20, "\x01\0\0\x07\0\0\0\x03", 8);	/* x86_64 twice */
	check_error(&fat, "malformed Mach-O file: slice 1 (x86_64) and slice 2 (x86_64) are for the same CPU");
	memcpy(fat.buf + 8 + 20, "\x01\0\0\x07\0\0\0\x08", 8);	/* x86_64h */
	check_error(&fat, "malformed Mach-O file: x86_64h slice: the image is for cputype 0x100000c subtype 0x0, but the fat header says 0x1000007 subtype 0x8");
	memcpy(fat.buf + 8 + 20, "\x01\0\0\x0c\0\0\0\0", 8);
	fat.buf[0x2000 + 200] = 7;	/* inside slice 2's load commands */
	memset(fat.buf + 0x2000 + 32, 0xff, 8);
	check_error(&fat, "malformed Mach-O file: arm64 slice: load command 0 (cmd 0xffffffff) has cmdsize 4294967295 (at least 8, a multiple of 4)");
	sb_release(&fat);
	sb_release(&sb);
	sb_release(&a.sb);
	sb_release(&b.sb);
}

/* Every prefix of a real module: an error with a message, or a result. */
static void test_truncations(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct macho_file m;
	size_t n, failed = 0;

	if (load(FIXTURES "mod.so", &sb) < 0) {
		CHECK(0);
		return;
	}
	for (n = 0; n < sb.len; n++) {
		if (parse_copy(&m, sb.buf, n, &e) < 0) {
			failed++;
			CHECK(e.msg.len > 0);
		}
		macho_file_release(&m);
		err_release(&e);
	}
	/* the symbol and string tables are at the end: every prefix fails */
	CHECK_INT(failed, sb.len);
	sb_release(&sb);
}

/* Every byte of the headers and commands set to 0xff and to 0x00 in turn. */
static void test_byte_flips(void)
{
	struct image a, b;
	const struct image *v[2] = { &a, &b };
	struct strbuf fat;
	struct err e = ERR_INIT;
	struct macho_file m;
	size_t i, bad = 0, errors = 0;
	int k;

	build(&a, 1, 0, MACHO_CPU_X86_64, 3, syms, 5);
	build(&b, 0, 1, MACHO_CPU_POWERPC, 0, syms, 5);
	build_fat(&fat, 0, v, 2);
	for (i = 0; i < fat.len; i++) {
		unsigned char saved = (unsigned char)fat.buf[i];

		if (i >= 48 && i < 4096)
			continue;	/* padding */
		for (k = 0; k < 2; k++) {
			int r;

			fat.buf[i] = k ? 0 : (char)0xff;
			r = parse_copy(&m, fat.buf, fat.len, &e);
			if (r < 0 && !e.msg.len)
				bad++;
			errors += r < 0;
			macho_file_release(&m);
			err_release(&e);
		}
		fat.buf[i] = (char)saved;
	}
	CHECK_INT(bad, 0);
	CHECK(errors > 100);
	sb_release(&fat);
	sb_release(&a.sb);
	sb_release(&b.sb);
}

int main(void)
{
	RUN(test_fixture_module);
	RUN(test_fixture_dylib);
	RUN(test_synthetic_images);
	RUN(test_names);
	RUN(test_fat);
	RUN(test_header_errors);
	RUN(test_command_errors);
	RUN(test_symtab_errors);
	RUN(test_fat_errors);
	RUN(test_truncations);
	RUN(test_byte_flips);
	return unit_end();
}
