/*
 * The ELF reader and editor on synthetic images: a tiny shared library
 * built here byte by byte (64-bit little endian and 32-bit big endian),
 * read back, then broken one field at a time to check each error message.
 * The image has no section headers, so everything is found through
 * PT_DYNAMIC as in a stripped file.
 */
#include "unit.h"
#include "base/err.h"
#include "base/strbuf.h"
#include "formats/elf.h"
#include "formats/elf_edit.h"

#include <stdint.h>
#include <stdlib.h>

enum {
	IMG_SIZE = 0x600,
	PHOFF = 0x40,
	DYNSTR = 0x200,
	DYNSYM = 0x300,
	VERSYM = 0x380,
	VERNEED = 0x3a0,
	HASH = 0x400,
	NOTE = 0x440,
	DYNAMIC = 0x500,
	NPHDRS = 3,
	DYN_SLOTS = 14,
};

static const char strtab[] =
	"\0libc.so.6\0libfoo.so\0$ORIGIN\0GLIBC_2.17\0puts\0my_func\0FOO_1"
	"\0foo_sym";
/* Offsets of the strings above. */
enum { S_LIBC = 1, S_LIBFOO = 11, S_ORIGIN = 21, S_GLIBC = 29, S_PUTS = 40,
       S_MYFUNC = 45, S_FOO1 = 53, S_FOOSYM = 59 };

struct img {
	unsigned char b[IMG_SIZE];
	int is64, msb;
};

static void put(struct img *im, size_t off, int width, uint64_t v)
{
	int i;

	for (i = 0; i < width; i++) {
		int k = im->msb ? width - 1 - i : i;

		im->b[off + k] = (unsigned char)(v >> (8 * i));
	}
}

static int word(const struct img *im)
{
	return im->is64 ? 8 : 4;
}

static size_t phdr_at(const struct img *im, int i)
{
	return PHOFF + (size_t)i * (im->is64 ? 56 : 32);
}

static void put_phdr(struct img *im, int i, uint32_t type, uint32_t flags,
		     uint64_t off, uint64_t size, uint64_t align)
{
	size_t p = phdr_at(im, i);

	put(im, p, 4, type);
	if (im->is64) {
		put(im, p + 4, 4, flags);
		put(im, p + 8, 8, off);
		put(im, p + 16, 8, off);	/* vaddr = offset */
		put(im, p + 24, 8, off);
		put(im, p + 32, 8, size);
		put(im, p + 40, 8, size);
		put(im, p + 48, 8, align);
	} else {
		put(im, p + 4, 4, off);
		put(im, p + 8, 4, off);
		put(im, p + 12, 4, off);
		put(im, p + 16, 4, size);
		put(im, p + 20, 4, size);
		put(im, p + 24, 4, flags);
		put(im, p + 28, 4, align);
	}
}

static size_t dyn_at(const struct img *im, int i)
{
	return DYNAMIC + (size_t)i * 2 * word(im);
}

static void put_dyn(struct img *im, int i, uint64_t tag, uint64_t val)
{
	put(im, dyn_at(im, i), word(im), tag);
	put(im, dyn_at(im, i) + word(im), word(im), val);
}

static void put_sym(struct img *im, int i, uint32_t name, uint8_t info,
		    uint16_t shndx, uint64_t value)
{
	size_t p = DYNSYM + (size_t)i * (im->is64 ? 24 : 16);

	put(im, p, 4, name);
	if (im->is64) {
		im->b[p + 4] = info;
		put(im, p + 6, 2, shndx);
		put(im, p + 8, 8, value);
	} else {
		put(im, p + 4, 4, value);
		im->b[p + 12] = info;
		put(im, p + 14, 2, shndx);
	}
}

static void build_header(struct img *im)
{
	memcpy(im->b, "\177ELF", 4);
	im->b[4] = im->is64 ? 2 : 1;
	im->b[5] = im->msb ? 2 : 1;
	im->b[6] = 1;
	put(im, 16, 2, ELF_ET_DYN);
	put(im, 18, 2, im->is64 ? ELF_EM_X86_64 : ELF_EM_PPC);
	put(im, 20, 4, 1);
	if (im->is64) {
		put(im, 32, 8, PHOFF);
		put(im, 52, 2, 64);
		put(im, 54, 2, 56);
		put(im, 56, 2, NPHDRS);
		put(im, 58, 2, 64);
	} else {
		put(im, 28, 4, PHOFF);
		put(im, 40, 2, 52);
		put(im, 42, 2, 32);
		put(im, 44, 2, NPHDRS);
		put(im, 46, 2, 40);
	}
	put_phdr(im, 0, ELF_PT_LOAD, ELF_PF_R | ELF_PF_W, 0, IMG_SIZE, 0x1000);
	put_phdr(im, 1, ELF_PT_DYNAMIC, ELF_PF_R | ELF_PF_W, DYNAMIC,
		 DYN_SLOTS * 2 * word(im), 8);
	put_phdr(im, 2, ELF_PT_NOTE, ELF_PF_R, NOTE, 32, 8);
}

static void put_verneed(struct img *im, size_t at, uint32_t file,
			uint32_t next, uint32_t version, uint16_t index)
{
	put(im, at, 2, 1);		/* vn_version */
	put(im, at + 2, 2, 1);		/* vn_cnt */
	put(im, at + 4, 4, file);
	put(im, at + 8, 4, 16);		/* vn_aux */
	put(im, at + 12, 4, next);	/* vn_next */
	put(im, at + 16, 4, 0x1234);	/* vna_hash */
	put(im, at + 20, 2, 0);
	put(im, at + 22, 2, index);	/* vna_other */
	put(im, at + 24, 4, version);
	put(im, at + 28, 4, 0);
}

/*
 * Version needs: libc.so.6 wants GLIBC_2.17 (index 2), libfoo.so wants
 * FOO_1 (index 3).
 */
static void build_versions(struct img *im)
{
	put(im, VERSYM, 2, 0);
	put(im, VERSYM + 2, 2, 2);	/* puts@GLIBC_2.17 */
	put(im, VERSYM + 4, 2, 1);	/* my_func, unversioned */
	put(im, VERSYM + 6, 2, 3);	/* foo_sym@FOO_1 */
	put_verneed(im, VERNEED, S_LIBC, 32, S_GLIBC, 2);
	put_verneed(im, VERNEED + 32, S_LIBFOO, 0, S_FOO1, 3);
}

/* A GNU property note: x86 ISA needed = baseline | v2. */
static void build_note(struct img *im)
{
	put(im, NOTE, 4, 4);
	put(im, NOTE + 4, 4, 16);
	put(im, NOTE + 8, 4, 5);
	memcpy(im->b + NOTE + 12, "GNU", 4);
	put(im, NOTE + 16, 4, 0xc0008002u);
	put(im, NOTE + 20, 4, 4);
	put(im, NOTE + 24, 4, 3);
}

static void build(struct img *im, int is64, int msb)
{
	int d = 0;

	memset(im, 0, sizeof(*im));
	im->is64 = is64;
	im->msb = msb;
	build_header(im);
	memcpy(im->b + DYNSTR, strtab, sizeof(strtab));
	put_sym(im, 1, S_PUTS, 0x12, 0, 0);		/* GLOBAL FUNC UND */
	put_sym(im, 2, S_MYFUNC, 0x12, 5, 0x100);	/* defined */
	put_sym(im, 3, S_FOOSYM, 0x11, 0, 0);		/* GLOBAL OBJECT UND */
	build_versions(im);
	put(im, HASH, 4, 1);	/* nbucket */
	put(im, HASH + 4, 4, 4);	/* nchain = number of symbols */
	build_note(im);
	put_dyn(im, d++, ELF_DT_NEEDED, S_LIBC);
	put_dyn(im, d++, ELF_DT_NEEDED, S_LIBFOO);
	put_dyn(im, d++, ELF_DT_RUNPATH, S_ORIGIN);
	put_dyn(im, d++, ELF_DT_STRTAB, DYNSTR);
	put_dyn(im, d++, ELF_DT_STRSZ, sizeof(strtab));
	put_dyn(im, d++, ELF_DT_SYMTAB, DYNSYM);
	put_dyn(im, d++, ELF_DT_SYMENT, is64 ? 24 : 16);
	put_dyn(im, d++, ELF_DT_HASH, HASH);
	put_dyn(im, d++, ELF_DT_VERSYM, VERSYM);
	put_dyn(im, d++, ELF_DT_VERNEED, VERNEED);
	put_dyn(im, d++, ELF_DT_VERNEEDNUM, 2);
	/* d = 11: DT_NULL and two spare slots follow */
}

/* Parses im (first len bytes); returns the error message or "ok". */
static const char *parse_msg(const struct img *im, size_t len,
			     struct strbuf *msg)
{
	struct err e = ERR_INIT;
	struct elf_file ef;
	struct elf_symbols syms = ELF_SYMBOLS_INIT;
	struct elf_versions v = ELF_VERSIONS_INIT;
	uint32_t bits;

	sb_reset(msg);
	if (elf_parse(&ef, im->b, len, "t.so", &e)) {
		sb_addf(msg, "%s: %s", e.file ? e.file : "?", e.msg.buf);
		err_release(&e);
		return msg->buf;
	}
	if (elf_read_dynsyms(&ef, &syms, &e) ||
	    elf_read_versions(&ef, &v, &e) ||
	    elf_x86_isa_needed(&ef, &bits, &e) < 0)
		sb_addf(msg, "%s: %s", e.file ? e.file : "?", e.msg.buf);
	else
		sb_adds(msg, "ok");
	elf_symbols_release(&syms);
	elf_versions_release(&v);
	elf_release(&ef);
	err_release(&e);
	return msg->buf;
}

static void check_good(int is64, int msb)
{
	struct img im;
	struct err e = ERR_INIT;
	struct elf_file ef;
	struct elf_symbols syms = ELF_SYMBOLS_INIT;
	struct elf_versions v = ELF_VERSIONS_INIT;
	uint32_t bits = 0;

	build(&im, is64, msb);
	if (!CHECK(elf_parse(&ef, im.b, sizeof(im.b), "t.so", &e) == 0)) {
		fprintf(stderr, "  %s\n", e.msg.buf);
		return;
	}
	CHECK_STR(elf_machine_name(&ef), is64 ? "x86_64" : "ppc");
	CHECK_STR(elf_type_name(ef.type), "DYN");
	CHECK_INT(ef.nneeded, 2);
	CHECK_STR(ef.needed[0], "libc.so.6");
	CHECK_STR(ef.needed[1], "libfoo.so");
	CHECK_STR(ef.runpath, "$ORIGIN");
	CHECK(ef.rpath == NULL && ef.soname == NULL);
	CHECK_INT(ef.dyn_slots, DYN_SLOTS);
	CHECK_INT(elf_read_dynsyms(&ef, &syms, &e), 0);
	CHECK_INT(syms.nr, 3);
	if (syms.nr == 3) {
		CHECK_STR(syms.v[2].name, "foo_sym");
		CHECK_STR(syms.v[2].version, "FOO_1");
		CHECK_STR(syms.v[2].version_file, "libfoo.so");
		CHECK_STR(syms.v[0].name, "puts");
		CHECK(!elf_symbol_defined(&syms.v[0]));
		CHECK_STR(syms.v[0].version, "GLIBC_2.17");
		CHECK_STR(syms.v[0].version_file, "libc.so.6");
		CHECK_STR(syms.v[1].name, "my_func");
		CHECK(elf_symbol_defined(&syms.v[1]));
		CHECK(syms.v[1].version == NULL);
		CHECK_INT(syms.v[1].bind, ELF_STB_GLOBAL);
		CHECK_INT(syms.v[1].type, ELF_STT_FUNC);
	}
	CHECK_INT(elf_read_versions(&ef, &v, &e), 0);
	CHECK_INT(v.nneeds, 2);
	if (v.nneeds == 2 && v.needs[0].naux == 1) {
		CHECK_STR(v.needs[0].file, "libc.so.6");
		CHECK_STR(v.needs[0].aux[0].name, "GLIBC_2.17");
	}
	CHECK_INT(elf_x86_isa_needed(&ef, &bits, &e), 1);
	CHECK_INT(bits, 3);
	CHECK_INT(elf_x86_isa_level(bits), 2);
	elf_symbols_release(&syms);
	elf_versions_release(&v);
	elf_release(&ef);
	err_release(&e);
}

static void test_good_64_lsb(void)
{
	check_good(1, 0);
}

static void test_good_32_msb(void)
{
	check_good(0, 1);
}

static void test_machine_names(void)
{
	struct elf_file ef;

	memset(&ef, 0, sizeof(ef));
	ef.machine = ELF_EM_PPC64;
	ef.is64 = 1;
	CHECK_STR(elf_machine_name(&ef), "ppc64le");
	ef.msb = 1;
	CHECK_STR(elf_machine_name(&ef), "ppc64");
	ef.machine = ELF_EM_S390;
	CHECK_STR(elf_machine_name(&ef), "s390x");
	ef.machine = ELF_EM_AARCH64;
	ef.msb = 0;
	CHECK_STR(elf_machine_name(&ef), "aarch64");
	ef.machine = ELF_EM_RISCV;
	CHECK_STR(elf_machine_name(&ef), "riscv64");
	ef.machine = ELF_EM_LOONGARCH;
	CHECK_STR(elf_machine_name(&ef), "loongarch64");
	ef.machine = ELF_EM_MIPS;
	CHECK_STR(elf_machine_name(&ef), "mips64el");
	ef.is64 = 0;
	ef.machine = ELF_EM_ARM;
	ef.flags = 0x05000400;
	CHECK_STR(elf_machine_name(&ef), "arm");
	CHECK(elf_arm_hard_float(&ef));
	ef.flags = 0x05000200;
	CHECK(!elf_arm_hard_float(&ef));
	ef.machine = ELF_EM_386;
	CHECK_STR(elf_machine_name(&ef), "i386");
	ef.machine = 0x1234;
	CHECK_STR(elf_machine_name(&ef), "unknown");
}

/* Each case: one change to the good 64-bit image and the message. */
static void test_error_messages(void)
{
	struct strbuf msg = STRBUF_INIT;
	struct img im;

	build(&im, 1, 0);
	im.b[0] = 'X';
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: not an ELF file (no '\\177ELF' magic)");

	build(&im, 1, 0);
	CHECK_STR(parse_msg(&im, 40, &msg),
		  "t.so: truncated ELF header: 40 bytes, need 64");

	build(&im, 1, 0);
	im.b[4] = 7;
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: unknown ELF class 7 at offset 0x4");

	build(&im, 1, 0);
	put(&im, 32, 8, 0x5f0);
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: program header table (3 entries at offset 0x5f0) extends past the end of the file");

	build(&im, 1, 0);
	put(&im, 56, 2, 0xfffe);
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: program header table (65534 entries at offset 0x40) extends past the end of the file");

	build(&im, 1, 0);
	put(&im, 54, 2, 20);
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: program header size 20 is too small (need 56)");

	build(&im, 1, 0);
	put(&im, 40, 8, 0x1000);	/* e_shoff */
	put(&im, 60, 2, 3);
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: section header table at offset 0x1000 is past the end of the file");

	build(&im, 1, 0);
	put(&im, 40, 8, 0x100);
	put(&im, 58, 2, 16);
	put(&im, 60, 2, 3);
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: section header size 16 is too small (need 64)");

	sb_release(&msg);
}

static void test_dynamic_errors(void)
{
	struct strbuf msg = STRBUF_INIT;
	struct img im;

	build(&im, 1, 0);
	put_dyn(&im, 1, ELF_DT_NEEDED, 0x5000);
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: DT_NEEDED entry 1 has string offset 0x5000 outside the dynamic string table (size 0x43)");

	build(&im, 1, 0);
	put_dyn(&im, 4, ELF_DT_STRSZ, 0x30);	/* "my_func" loses its NUL */
	put_dyn(&im, 2, ELF_DT_RUNPATH, S_MYFUNC);
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: DT_RUNPATH entry 2 has string offset 0x2d outside the dynamic string table (size 0x30)");

	build(&im, 1, 0);
	put_dyn(&im, 3, ELF_DT_STRTAB, 0x9000);
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: dynamic string table (address 0x9000, size 0x43) is not inside a loaded segment of the file");

	build(&im, 1, 0);
	put_phdr(&im, 1, ELF_PT_DYNAMIC, ELF_PF_R, DYNAMIC, 0x1000, 8);
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: dynamic section (offset 0x500, size 0x1000) extends past the end of the file");

	build(&im, 1, 0);
	put_dyn(&im, 3, ELF_DT_SYMENT, 0);	/* DT_STRTAB gone */
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: DT_NEEDED entry 0 needs a dynamic string table but there is no DT_STRTAB");
	sb_release(&msg);
}

static void test_symbol_and_version_errors(void)
{
	struct strbuf msg = STRBUF_INIT;
	struct img im;

	build(&im, 1, 0);
	put(&im, HASH + 4, 4, 0x7fffffff);	/* nchain */
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: dynamic symbol table (2147483647 symbols at address 0x300) is not inside a loaded segment");

	build(&im, 1, 0);
	put_sym(&im, 1, 0x4000, 0x12, 0, 0);
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: symbol 1 of '.dynsym' has name offset 0x4000 outside its string table");

	build(&im, 1, 0);
	put_dyn(&im, 10, ELF_DT_VERNEEDNUM, 1000000);
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: '.gnu.version_r' claims 1000000 entries but holds at most 38");

	build(&im, 1, 0);
	put(&im, VERNEED + 2, 2, 5);	/* vn_cnt 5, but vna_next is 0 */
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: '.gnu.version_r' entry for 'libc.so.6' ends after 1 of 5 versions");

	build(&im, 1, 0);
	put(&im, VERNEED + 8, 4, 0x7ffffff0);	/* vn_aux far away */
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: '.gnu.version_r' record at offset 0x80000390 is outside the table (size 0x260)");

	build(&im, 1, 0);
	put(&im, VERNEED, 2, 9);
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: '.gnu.version_r' entry at offset 0x3a0 has unknown revision 9");

	build(&im, 1, 0);
	put(&im, NOTE + 4, 4, 0x1000);	/* descsz past the segment */
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: note at offset 0x440 runs past the end of its segment");

	build(&im, 1, 0);
	put_dyn(&im, 7, ELF_DT_GNU_HASH, 0x5f8);	/* header cut short */
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: DT_GNU_HASH address 0x5f8 is not in a loaded segment");
	sb_release(&msg);
}

/* A GNU hash table whose chain never ends must stop at the segment. */
static void test_gnu_hash_runaway_chain(void)
{
	struct strbuf msg = STRBUF_INIT;
	struct img im;
	size_t h = IMG_SIZE - 32;	/* after .dynamic, up to the end */

	build(&im, 1, 0);
	put_dyn(&im, 7, ELF_DT_GNU_HASH, h);
	put(&im, h, 4, 1);		/* nbuckets */
	put(&im, h + 4, 4, 1);		/* symoffset */
	put(&im, h + 8, 4, 1);		/* bloom size */
	put(&im, h + 24, 4, 1);		/* bucket[0] = 1 */
	put(&im, h + 28, 4, 0);		/* chain[0]: no end bit, then EOF */
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg),
		  "t.so: DT_GNU_HASH table at address 0x5e0 is truncated");
	h = HASH;
	build(&im, 1, 0);
	put_dyn(&im, 7, ELF_DT_GNU_HASH, HASH);
	put(&im, h, 4, 1);
	put(&im, h + 4, 4, 1);
	put(&im, h + 8, 4, 1);
	put(&im, h + 24, 4, 1);
	put(&im, h + 28, 4, 0);		/* chain[0]: symbol 1 */
	put(&im, h + 32, 4, 1);		/* chain[1]: symbol 2, last */
	CHECK_STR(parse_msg(&im, IMG_SIZE, &msg), "ok");
	sb_release(&msg);
}

/* Every prefix of a good image, and byte flips, fail cleanly or pass. */
static void test_truncations_and_flips(void)
{
	struct strbuf msg = STRBUF_INIT;
	struct img im, orig;
	size_t len, i;
	unsigned seed = 12345;
	int ok = 0;

	build(&orig, 1, 0);
	for (len = 0; len < IMG_SIZE; len++)
		ok += !strcmp(parse_msg(&orig, len, &msg), "ok");
	CHECK_INT(ok, 0);	/* the dynamic array is near the end */
	for (i = 0; i < 20000; i++) {
		im = orig;
		seed = seed * 1103515245u + 12345u;
		im.b[(seed >> 8) % IMG_SIZE] ^= (unsigned char)(1u << (seed % 8));
		parse_msg(&im, IMG_SIZE, &msg);
	}
	CHECK(1);
	sb_release(&msg);
}

static int edit(const struct img *im, const struct elf_edit *ed,
		struct strbuf *out, struct err *e)
{
	sb_reset(out);
	return elf_edit_apply(im->b, IMG_SIZE, "t.so", ed, out, e);
}

static void check_edits(int is64, int msb)
{
	struct img im;
	struct elf_edit ed;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct elf_file ef;
	struct elf_versions v = ELF_VERSIONS_INIT;
	const char *longpath = "/opt/a/rather/long/runpath/that/cannot/fit";

	build(&im, is64, msb);
	elf_edit_init(&ed);
	ed.set_rpath = longpath;
	ed.set_soname = "libt.so.1";
	elf_edit_add_remove_needed(&ed, "libfoo.so");
	elf_edit_add_replace_needed(&ed, "libc.so.6", "libc-renamed.so.7");
	if (!CHECK(edit(&im, &ed, &out, &e) == 0)) {
		fprintf(stderr, "  %s\n", e.msg.buf);
		goto out;
	}
	CHECK(out.len > IMG_SIZE);	/* a new segment */
	if (!CHECK(elf_parse(&ef, out.buf, out.len, "out", &e) == 0))
		goto out;
	CHECK_INT(ef.nneeded, 1);
	CHECK_STR(ef.needed[0], "libc-renamed.so.7");
	CHECK_STR(ef.runpath, longpath);
	CHECK(ef.rpath == NULL);
	CHECK_STR(ef.soname, "libt.so.1");
	CHECK_INT(ef.nphdrs, NPHDRS + 2);	/* new PT_LOAD, spare PT_NULL */
	CHECK_INT(ef.phdrs[NPHDRS + 1].type, ELF_PT_NULL);
	CHECK_INT(elf_read_versions(&ef, &v, &e), 0);
	if (CHECK(v.nneeds == 1))
		CHECK_STR(v.needs[0].file, "libc-renamed.so.7");
	elf_versions_release(&v);
	elf_release(&ef);
out:
	elf_edit_release(&ed);
	sb_release(&out);
	err_release(&e);
}

static void test_edit_64_lsb(void)
{
	check_edits(1, 0);
}

static void test_edit_32_msb(void)
{
	check_edits(0, 1);
}

/* A PT_NULL entry is reused for the new segment: no table move. */
static void test_edit_reuses_null_phdr(void)
{
	struct img im;
	struct elf_edit ed;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct elf_file ef;

	build(&im, 1, 0);
	put_phdr(&im, 0, ELF_PT_NULL, 0, 0, 0, 0);
	put_phdr(&im, 2, ELF_PT_LOAD, ELF_PF_R | ELF_PF_W, 0, IMG_SIZE, 0x1000);
	elf_edit_init(&ed);
	ed.set_soname = "a-soname-that-needs-a-new-string-table.so";
	CHECK_INT(edit(&im, &ed, &out, &e), 0);
	if (CHECK(elf_parse(&ef, out.buf, out.len, "out", &e) == 0)) {
		CHECK_INT(ef.phoff, PHOFF);
		CHECK_INT(ef.nphdrs, NPHDRS);
		CHECK_INT(ef.phdrs[0].type, ELF_PT_DYNAMIC);
		CHECK_INT(ef.phdrs[1].type, ELF_PT_LOAD);
		CHECK_INT(ef.phdrs[2].type, ELF_PT_LOAD);
		CHECK(ef.phdrs[2].offset >= IMG_SIZE && ef.phdrs[2].vaddr >= 0x1000);
		CHECK_INT(ef.phdrs[2].offset % 0x1000, ef.phdrs[2].vaddr % 0x1000);
		CHECK_STR(ef.soname, "a-soname-that-needs-a-new-string-table.so");
		elf_release(&ef);
	}
	elf_edit_release(&ed);
	sb_release(&out);
	err_release(&e);
}

/* What fits stays in place: the file keeps its size. */
static void test_edit_in_place(void)
{
	struct img im;
	struct elf_edit ed;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct elf_file ef;

	build(&im, 1, 0);
	elf_edit_init(&ed);
	ed.set_rpath = "$LIB";		/* shorter than "$ORIGIN" */
	ed.force_rpath = 1;
	elf_edit_add_remove_needed(&ed, "libfoo.so");
	CHECK_INT(edit(&im, &ed, &out, &e), 0);
	CHECK_INT(out.len, IMG_SIZE);
	if (CHECK(elf_parse(&ef, out.buf, out.len, "out", &e) == 0)) {
		CHECK_STR(ef.rpath, "$LIB");
		CHECK(ef.runpath == NULL);
		CHECK_INT(ef.nneeded, 1);
		elf_release(&ef);
	}
	/* A string others point into is not overwritten. */
	build(&im, 1, 0);
	put_dyn(&im, 11, ELF_DT_SONAME, S_ORIGIN + 1);	/* "ORIGIN" */
	ed.force_rpath = 0;
	CHECK_INT(edit(&im, &ed, &out, &e), 0);
	if (CHECK(elf_parse(&ef, out.buf, out.len, "out", &e) == 0)) {
		CHECK_STR(ef.runpath, "$LIB");
		CHECK_STR(ef.soname, "ORIGIN");
		elf_release(&ef);
	}
	elf_edit_release(&ed);
	sb_release(&out);
	err_release(&e);
}

/* Entries that do not fit in .dynamic move it into the new segment. */
static void test_edit_grows_dynamic(void)
{
	struct img im;
	struct elf_edit ed;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct elf_file ef;

	build(&im, 0, 1);
	put_dyn(&im, 11, ELF_DT_FLAGS, 8);
	put_dyn(&im, 12, ELF_DT_FLAGS_1, 1);
	elf_edit_init(&ed);
	ed.set_soname = "libc.so.6";	/* an existing string */
	CHECK_INT(edit(&im, &ed, &out, &e), 0);
	if (CHECK(elf_parse(&ef, out.buf, out.len, "out", &e) == 0)) {
		const struct elf_phdr *dyn =
			elf_segment_by_type(&ef, ELF_PT_DYNAMIC);

		CHECK_STR(ef.soname, "libc.so.6");
		CHECK(dyn && dyn->offset >= IMG_SIZE);
		CHECK_INT(ef.ndyn, 14);
		CHECK_INT(ef.dt_flags, 8);
		elf_release(&ef);
	}
	elf_edit_release(&ed);
	sb_release(&out);
	err_release(&e);
}

/* Removing a library drops its version needs (glibc would abort). */
static void test_edit_drops_version_needs(void)
{
	struct img im;
	struct elf_edit ed;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct elf_file ef;
	struct elf_versions v = ELF_VERSIONS_INIT;
	struct elf_symbols syms = ELF_SYMBOLS_INIT;
	uint64_t val;

	build(&im, 0, 1);
	elf_edit_init(&ed);
	elf_edit_add_remove_needed(&ed, "libc.so.6");
	CHECK_INT(edit(&im, &ed, &out, &e), 0);
	if (CHECK(elf_parse(&ef, out.buf, out.len, "out", &e) == 0)) {
		CHECK_INT(elf_read_versions(&ef, &v, &e), 0);
		CHECK_INT(v.nneeds, 1);
		if (v.nneeds == 1) {
			CHECK_STR(v.needs[0].file, "libfoo.so");
			CHECK_INT(v.needs[0].offset, VERNEED);
		}
		CHECK(elf_dyn_get(&ef, ELF_DT_VERNEEDNUM, &val) && val == 1);
		CHECK_INT(elf_read_dynsyms(&ef, &syms, &e), 0);
		if (CHECK(syms.nr == 3)) {
			CHECK(syms.v[0].version == NULL);	/* puts */
			CHECK_STR(syms.v[2].version, "FOO_1");
		}
		elf_symbols_release(&syms);
		elf_versions_release(&v);
		elf_release(&ef);
	}
	/* With no version left, DT_VERSYM goes too. */
	elf_edit_add_remove_needed(&ed, "libfoo.so");
	CHECK_INT(edit(&im, &ed, &out, &e), 0);
	if (CHECK(elf_parse(&ef, out.buf, out.len, "out", &e) == 0)) {
		CHECK(!elf_dyn_get(&ef, ELF_DT_VERSYM, &val));
		CHECK(!elf_dyn_get(&ef, ELF_DT_VERNEED, &val));
		CHECK_INT(ef.nneeded, 0);
		elf_release(&ef);
	}
	elf_edit_release(&ed);
	sb_release(&out);
	err_release(&e);
}

static void test_edit_errors(void)
{
	struct img im;
	struct elf_edit ed;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;

	elf_edit_init(&ed);
	ed.set_soname = "x";
	build(&im, 1, 0);
	put(&im, 16, 2, ELF_ET_REL);
	CHECK_INT(edit(&im, &ed, &out, &e), -1);
	CHECK_STR(e.msg.buf, "cannot edit an ELF file of type REL (need a shared library or an executable)");
	CHECK_STR(e.file, "t.so");
	err_release(&e);
	build(&im, 1, 0);
	put_phdr(&im, 1, ELF_PT_NOTE, ELF_PF_R, NOTE, 0, 4);
	CHECK_INT(edit(&im, &ed, &out, &e), -1);
	CHECK_STR(e.msg.buf, "cannot edit a statically linked file (no PT_DYNAMIC segment)");
	err_release(&e);
	elf_edit_release(&ed);
	sb_release(&out);
}

int main(void)
{
	RUN(test_good_64_lsb);
	RUN(test_good_32_msb);
	RUN(test_machine_names);
	RUN(test_error_messages);
	RUN(test_dynamic_errors);
	RUN(test_symbol_and_version_errors);
	RUN(test_gnu_hash_runaway_chain);
	RUN(test_truncations_and_flips);
	RUN(test_edit_64_lsb);
	RUN(test_edit_32_msb);
	RUN(test_edit_in_place);
	RUN(test_edit_reuses_null_phdr);
	RUN(test_edit_grows_dynamic);
	RUN(test_edit_drops_version_needs);
	RUN(test_edit_errors);
	return unit_end();
}
