#include "unit.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/xalloc.h"
#include "formats/binbuf.h"
#include "formats/pe.h"

#include <stdlib.h>
#include <string.h>

#define FIXTURES "tests/fixtures/pe/"

static int load(const char *name, struct strbuf *sb)
{
	struct err e = ERR_INIT;
	int r = read_file(name, sb, &e);

	if (r < 0)
		fprintf(stderr, "cannot read %s (run from the top of the tree)\n", name);
	err_release(&e);
	return r;
}

static const struct pe_import_dll *find_dll(const struct pe_file *pe,
					    const char *dll)
{
	size_t i;

	for (i = 0; i < pe->nr_imports; i++)
		if (!strcmp(pe->imports[i].dll, dll))
			return &pe->imports[i];
	return NULL;
}

static const struct pe_export *find_export(const struct pe_file *pe,
					   uint32_t ordinal)
{
	size_t i;

	for (i = 0; i < pe->nr_exports; i++)
		if (pe->exports[i].ordinal == ordinal)
			return &pe->exports[i];
	return NULL;
}

/* What llvm-readobj-14 --coff-imports --coff-exports reports for each. */
static void check_fixture(const char *file, uint16_t machine, int plus)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct pe_file pe;
	const struct pe_import_dll *d;
	const struct pe_export *x;

	pe_file_init(&pe);
	if (load(file, &sb) < 0) {
		CHECK(0);
		return;
	}
	CHECK_INT(pe_parse(&pe, sb.buf, sb.len, file, &e), 0);
	CHECK_STR(e.msg.buf, "");
	CHECK_INT(pe.machine, machine);
	CHECK_INT(pe.pe32_plus, plus);
	CHECK(pe.characteristics & PE_FILE_DLL);
	CHECK_INT(pe.nr_imports, 2);
	d = find_dll(&pe, "mylib.dll");
	CHECK(d && !d->delay && d->nr_syms == 3);
	if (d && d->nr_syms == 3) {
		CHECK_STR(d->syms[0].name, "add_one");
		CHECK_STR(d->syms[1].name, "counter");
		CHECK_STR(d->syms[2].name, "times_two");
	}
	d = find_dll(&pe, "other.dll");
	CHECK(d && d->delay && d->nr_syms == 2);
	if (d && d->nr_syms == 2) {
		CHECK_STR(d->syms[0].name, "byname");
		CHECK(d->syms[1].name == NULL);
		CHECK_INT(d->syms[1].ordinal, 7);
	}
	CHECK_STR(pe.export_name, strrchr(file, '/') + 1);
	CHECK_INT(pe.nr_exports, 4);
	x = find_export(&pe, 5);
	CHECK(x && x->name && !strcmp(x->name, "second") && x->rva && !x->forward);
	x = find_export(&pe, 9);
	CHECK(x && !x->name && x->rva);
	x = find_export(&pe, 10);
	CHECK(x && x->name && !strcmp(x->name, "fwd"));
	/* lld-link 14 writes the i386 forwarder with the C underscore */
	CHECK(x && x->forward && !strcmp(x->forward, machine == PE_MACHINE_I386 ?
					 "_kernel32.Sleep" : "kernel32.Sleep"));
	x = find_export(&pe, 11);
	CHECK(x && x->name && !strcmp(x->name, "use_it"));
	pe_file_release(&pe);
	sb_release(&sb);
	err_release(&e);
}

static void test_fixtures(void)
{
	check_fixture(FIXTURES "use-x86_64.dll", PE_MACHINE_AMD64, 1);
	check_fixture(FIXTURES "use-aarch64.dll", PE_MACHINE_ARM64, 1);
	check_fixture(FIXTURES "use-i686.dll", PE_MACHINE_I386, 0);
	CHECK_STR(pe_machine_name(PE_MACHINE_ARM64EC), "arm64ec");
	CHECK(pe_machine_name(0x1234) == NULL);
}

static int parse_copy(const unsigned char *buf, size_t len, struct err *e)
{
	struct pe_file pe;
	/* an exact-size heap copy, so ASan sees any read past the end */
	unsigned char *copy = xmalloc(len ? len : 1);
	int r;

	if (len)
		memcpy(copy, buf, len);
	pe_file_init(&pe);
	r = pe_parse(&pe, copy, len, "t.dll", e);
	pe_file_release(&pe);
	free(copy);
	return r;
}

/* Every prefix of a real DLL: an error or a result, never a bad read. */
static void test_truncations(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	size_t n, failed = 0;

	if (load(FIXTURES "use-x86_64.dll", &sb) < 0) {
		CHECK(0);
		return;
	}
	for (n = 0; n < sb.len; n++) {
		if (parse_copy((unsigned char *)sb.buf, n, &e) < 0) {
			failed++;
			CHECK(e.msg.len > 0);
		}
		err_release(&e);
	}
	/* the headers alone (up to the first section) must not parse as whole */
	CHECK(failed > 400);
	sb_release(&sb);
}

/* Every byte set to 0xff and to 0x00 in turn. */
static void test_byte_flips(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	size_t i, bad = 0, errors = 0;
	int v;

	if (load(FIXTURES "use-i686.dll", &sb) < 0) {
		CHECK(0);
		return;
	}
	for (i = 0; i < sb.len; i++) {
		unsigned char saved = (unsigned char)sb.buf[i];

		for (v = 0; v < 2; v++) {
			int r;

			sb.buf[i] = v ? 0 : (char)0xff;
			r = parse_copy((unsigned char *)sb.buf, sb.len, &e);
			/* a failure always says why */
			if (r < 0 && !e.msg.len)
				bad++;
			errors += r < 0;
			err_release(&e);
		}
		sb.buf[i] = (char)saved;
	}
	CHECK_INT(bad, 0);
	/* the signatures alone make some flips fatal */
	CHECK(errors >= 6);
	sb_release(&sb);
}

static void check_error(const struct strbuf *sb, const char *msg)
{
	struct err e = ERR_INIT;

	CHECK_INT(parse_copy((const unsigned char *)sb->buf, sb->len, &e), -1);
	CHECK_STR(e.file, "t.dll");
	CHECK_STR(e.msg.buf, msg);
	err_release(&e);
}

/* Offsets in the fixture, found the way the reader finds them. */
static size_t coff_at(const struct strbuf *sb)
{
	return le32_get((const unsigned char *)sb->buf + 0x3c) + 4;
}

static void test_header_errors(void)
{
	struct strbuf sb = STRBUF_INIT, orig = STRBUF_INIT;
	size_t coff;

	if (load(FIXTURES "use-x86_64.dll", &orig) < 0) {
		CHECK(0);
		return;
	}
	coff = coff_at(&orig);

	sb_add(&sb, "ELF", 3);
	check_error(&sb, "not a PE file: no 'MZ' signature at offset 0");
	sb_reset(&sb);
	sb_add(&sb, "MZ", 2);
	check_error(&sb, "malformed PE file: the DOS header is truncated (2 bytes)");

	sb_reset(&sb);
	sb_add(&sb, orig.buf, orig.len);
	set_le32(&sb, 0x3c, 0x7fffffff);
	check_error(&sb, "not a PE file: no 'PE' signature at offset 0x7fffffff "
		    "(an MS-DOS program?)");

	sb_reset(&sb);
	sb_add(&sb, orig.buf, coff + 10);
	check_error(&sb, "malformed PE file: the COFF header at offset 0x7c is truncated");

	sb_reset(&sb);
	sb_add(&sb, orig.buf, orig.len);
	sb.buf[coff + 20] = 0x0c;	/* optional header magic 0x20c */
	check_error(&sb, "malformed PE file: unknown optional header magic 0x20c");

	sb_reset(&sb);
	sb_add(&sb, orig.buf, orig.len);
	sb.buf[coff + 16] = 100;	/* SizeOfOptionalHeader: 100 < 112 */
	check_error(&sb, "malformed PE file: the optional header is too short "
		    "(100 bytes, 112 needed)");

	sb_reset(&sb);
	sb_add(&sb, orig.buf, orig.len);
	sb.buf[coff + 2] = (char)0xff;	/* 0xff + 256 * n sections */
	sb.buf[coff + 3] = 0x7f;
	check_error(&sb, "malformed PE file: the section table (32767 sections "
		    "at offset 0x180) runs past the end of the file");

	sb_reset(&sb);
	sb_add(&sb, orig.buf, orig.len);
	set_le32(&sb, coff + 20 + 108, 17);	/* NumberOfRvaAndSizes */
	check_error(&sb, "malformed PE file: 17 data directories do not fit in "
		    "the optional header");
	sb_release(&sb);
	sb_release(&orig);
}

static void test_table_errors(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct pe_file pe;
	size_t dirs, imp, exp;

	pe_file_init(&pe);
	if (load(FIXTURES "use-x86_64.dll", &sb) < 0 ||
	    pe_parse(&pe, sb.buf, sb.len, "t.dll", &e) < 0) {
		CHECK(0);
		return;
	}
	dirs = coff_at(&sb) + 20 + 112;
	CHECK_INT(pe_rva_to_offset(&pe, pe.dirs[PE_DIR_IMPORT].rva, 20, &imp), 0);
	CHECK_INT(pe_rva_to_offset(&pe, pe.dirs[PE_DIR_EXPORT].rva, 40, &exp), 0);
	CHECK_INT(pe_rva_to_offset(&pe, 0x7ffffff0, 1, &exp), -1);

	/* the first DLL's name points nowhere */
	set_le32(&sb, imp + 12, 0x7ffffff0);
	check_error(&sb, "malformed PE file: an imported DLL's name at RVA "
		    "0x7ffffff0 is outside the file's sections");
	/* the import directory itself points nowhere */
	set_le32(&sb, dirs + 8, 0x40000000);
	check_error(&sb, "malformed PE file: an import directory entry at RVA "
		    "0x40000000 (20 bytes) is outside the file's sections");
	sb_reset(&sb);
	load(FIXTURES "use-x86_64.dll", &sb);

	/* an export table too large for its section */
	set_le32(&sb, exp + 20, 0x10000);
	check_error(&sb, "malformed PE file: the export address table at RVA "
		    "0x20c3 (262144 bytes) is outside the file's sections");
	set_le32(&sb, exp + 20, 0x10001);
	check_error(&sb, "malformed PE file: the export directory claims 65537 "
		    "functions (ordinals are 16-bit)");
	pe_file_release(&pe);
	sb_release(&sb);
	err_release(&e);
}

int main(void)
{
	RUN(test_fixtures);
	RUN(test_truncations);
	RUN(test_byte_flips);
	RUN(test_header_errors);
	RUN(test_table_errors);
	return unit_end();
}
