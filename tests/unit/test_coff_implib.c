#include "unit.h"
#include "base/err.h"
#include "base/strbuf.h"
#include "formats/binbuf.h"
#include "formats/coff_implib.h"
#include "formats/deffile.h"
#include "formats/python_implib.h"

#include <stdlib.h>
#include <string.h>

/* A member of an archive: where its data starts and how long it is. */
struct member {
	char name[17];
	size_t data, size;
};

static size_t split(const struct strbuf *lib, struct member *m, size_t max)
{
	size_t off = 8, n = 0;

	while (off + 60 <= lib->len && n < max) {
		memcpy(m[n].name, lib->buf + off, 16);
		m[n].name[16] = '\0';
		m[n].size = strtoul(lib->buf + off + 48, NULL, 10);
		m[n].data = off + 60;
		off += 60 + m[n].size + (m[n].size & 1);
		n++;
	}
	return n;
}

static const unsigned char *at(const struct strbuf *lib, size_t off)
{
	return (const unsigned char *)lib->buf + off;
}

static void test_layout_x86_64(void)
{
	struct implib lib;
	struct strbuf out = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct member m[16];
	const unsigned char *p;
	size_t n;

	implib_init(&lib, "foo.dll", COFF_MACHINE_AMD64);
	implib_add(&lib, "func", 5, 0, 0);
	implib_add(&lib, "var", 0, 0, 1);
	CHECK_INT(implib_write(&lib, &out, &e), 0);
	CHECK(!memcmp(out.buf, "!<arch>\n", 8));
	n = split(&out, m, 16);
	CHECK_INT(n, 8);	/* 2 linker members, longnames, 3 objects, 2 imports */
	CHECK(!strncmp(m[0].name, "/ ", 2) && !strncmp(m[1].name, "/ ", 2));
	CHECK(!strncmp(m[2].name, "// ", 3));
	CHECK(!strncmp(m[3].name, "foo.dll/ ", 9));
	/* first linker member: 6 symbols, big-endian */
	CHECK_INT(be32_get(at(&out, m[0].data)), 6);
	CHECK_INT(be32_get(at(&out, m[0].data + 4)), m[3].data - 60);
	/* second linker member: 5 members, 6 symbols, sorted names */
	p = at(&out, m[1].data);
	CHECK_INT(le32_get(p), 5);
	CHECK_INT(le32_get(p + 4 + 5 * 4), 6);
	CHECK_STR((const char *)p + 4 + 5 * 4 + 4 + 6 * 2, "__IMPORT_DESCRIPTOR_foo");
	/* the short import of "func" */
	p = at(&out, m[6].data);
	CHECK_INT(le16_get(p), 0);
	CHECK_INT(le16_get(p + 2), 0xffff);
	CHECK_INT(le16_get(p + 6), 0x8664);
	CHECK_INT(le32_get(p + 12), strlen("func") + 1 + strlen("foo.dll") + 1);
	CHECK_INT(le16_get(p + 16), 5);
	CHECK_INT(le16_get(p + 18), 1 << 2);	/* CODE, NAME */
	CHECK_STR((const char *)p + 20, "func");
	CHECK_STR((const char *)p + 25, "foo.dll");
	p = at(&out, m[7].data);
	CHECK_INT(le16_get(p + 18), 1 | 1 << 2);	/* DATA, NAME */
	/* the import descriptor object names the DLL in .idata$6 */
	p = at(&out, m[3].data);
	CHECK_INT(le16_get(p), 0x8664);
	CHECK_INT(le16_get(p + 2), 2);
	CHECK(!memcmp(p + 20, ".idata$2", 8));
	CHECK(!memcmp(p + 60, ".idata$6", 8));
	CHECK_STR((const char *)p + le32_get(p + 60 + 20), "foo.dll");
	implib_release(&lib);
	sb_release(&out);
	err_release(&e);
}

static void test_i386_names(void)
{
	struct implib lib;
	struct strbuf out = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct member m[16];
	const unsigned char *p;

	implib_init(&lib, "foo.dll", COFF_MACHINE_I386);
	implib_add(&lib, "plain", 0, 0, 0);
	implib_add(&lib, "@fast@4", 0, 0, 0);
	implib_add(&lib, "byord", 7, 1, 0);
	CHECK_INT(implib_write(&lib, &out, &e), 0);
	CHECK_INT(split(&out, m, 16), 9);
	p = at(&out, m[6].data);
	CHECK_INT(le16_get(p + 6), 0x14c);
	CHECK_STR((const char *)p + 20, "_plain");
	CHECK_INT(le16_get(p + 18), 2 << 2);	/* NAME_NOPREFIX */
	p = at(&out, m[7].data);
	CHECK_STR((const char *)p + 20, "@fast@4");
	CHECK_INT(le16_get(p + 18), 1 << 2);	/* NAME */
	p = at(&out, m[8].data);
	CHECK_INT(le16_get(p + 16), 7);
	CHECK_INT(le16_get(p + 18), 0);		/* ORDINAL */
	/* the null thunk has 4-byte slots and the 32-bit flag */
	p = at(&out, m[5].data);
	CHECK_INT(le16_get(p + 18), 0x100);
	CHECK_INT(le32_get(p + 20 + 16), 4);
	implib_release(&lib);
	sb_release(&out);
	err_release(&e);
}

static void test_long_dll_name(void)
{
	struct implib lib;
	struct strbuf out = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct member m[8];

	implib_init(&lib, "libpypy3.10-c.dll", COFF_MACHINE_ARM64);
	implib_add(&lib, "f", 0, 0, 0);
	CHECK_INT(implib_write(&lib, &out, &e), 0);
	CHECK_INT(split(&out, m, 8), 7);
	CHECK_INT(m[2].size, strlen("libpypy3.10-c.dll") + 1);
	CHECK_STR(out.buf + m[2].data, "libpypy3.10-c.dll");
	CHECK(!strncmp(m[3].name, "/0 ", 3) && !strncmp(m[6].name, "/0 ", 3));
	implib_release(&lib);
	sb_release(&out);
	err_release(&e);
}

static void test_reproducible(void)
{
	struct implib lib;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct err e = ERR_INIT;

	implib_init(&lib, "x.dll", COFF_MACHINE_AMD64);
	implib_add(&lib, "g", 0, 0, 0);
	CHECK_INT(implib_write(&lib, &a, &e), 0);
	CHECK_INT(implib_write(&lib, &b, &e), 0);
	CHECK(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	implib_release(&lib);
	sb_release(&a);
	sb_release(&b);
	err_release(&e);
}

static void test_machines(void)
{
	CHECK_INT(coff_machine_from_name("x86_64"), 0x8664);
	CHECK_INT(coff_machine_from_name("aarch64"), 0xaa64);
	CHECK_INT(coff_machine_from_name("arm64"), 0xaa64);
	CHECK_INT(coff_machine_from_name("i686"), 0x14c);
	CHECK_INT(coff_machine_from_name("mips"), 0);
	CHECK_INT(coff_machine_from_name(""), 0);
	CHECK_STR(coff_machine_name(0xaa64), "aarch64");
	CHECK(coff_machine_name(0x1234) == NULL);
}

static void test_errors(void)
{
	struct implib lib;
	struct strbuf out = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct def_file def = DEF_FILE_INIT;
	static const char text[] = "LIBRARY a.dll\nEXPORTS\nf\n  g == h\n";

	implib_init(&lib, "", COFF_MACHINE_AMD64);
	CHECK_INT(implib_write(&lib, &out, &e), -1);
	CHECK_STR(e.msg.buf, "the DLL name of an import library is empty");
	implib_release(&lib);

	implib_init(&lib, "a.dll", 0x1234);
	CHECK_INT(implib_write(&lib, &out, &e), -1);
	CHECK_STR(e.msg.buf, "unsupported machine 0x1234 for an import library");
	implib_release(&lib);

	implib_init(&lib, "a.dll", COFF_MACHINE_AMD64);
	CHECK_INT(def_parse(&def, text, strlen(text), "a.def", &e), 0);
	CHECK_INT(implib_add_def(&lib, &def, "a.def", &e), -1);
	CHECK_STR(e.msg.buf, "alias exports ('g == h') are not supported");
	CHECK_INT(e.line, 4);
	CHECK_INT(e.col, 3);
	CHECK_INT(out.len, 0);
	def_file_release(&def);
	implib_release(&lib);
	err_release(&e);
}

static void test_private_left_out(void)
{
	struct implib lib;
	struct err e = ERR_INIT;
	struct def_file def = DEF_FILE_INIT;
	static const char text[] = "EXPORTS\nf PRIVATE\ng @3 NONAME DATA\n";

	implib_init(&lib, "a.dll", COFF_MACHINE_AMD64);
	CHECK_INT(def_parse(&def, text, strlen(text), "a.def", &e), 0);
	CHECK_INT(implib_add_def(&lib, &def, "a.def", &e), 0);
	CHECK_INT(lib.nr_exports, 1);
	CHECK_STR(lib.exports[0].name, "g");
	CHECK(lib.exports[0].by_ordinal && lib.exports[0].data);
	CHECK_INT(lib.exports[0].ordinal, 3);
	def_file_release(&def);
	implib_release(&lib);
	err_release(&e);
}

static void test_python_dlls(void)
{
	struct implib lib;
	struct err e = ERR_INIT;
	size_t i, data = 0;

	implib_init(&lib, "", COFF_MACHINE_AMD64);
	CHECK_INT(python_implib_add_dll(&lib, "Python3", &e), 0);
	CHECK_STR(lib.dll, "python3.dll");
	CHECK_INT(lib.nr_exports, 792 + 143);
	for (i = 0; i < lib.nr_exports; i++)
		data += lib.exports[i].data;
	CHECK_INT(data, 143);
	/* functions first, sorted as python3dll.c sorts them (by lower case) */
	CHECK_STR(lib.exports[0].name, "_Py_BuildValue_SizeT");
	CHECK_STR(lib.exports[792].name, "_Py_EllipsisObject");
	implib_release(&lib);

	implib_init(&lib, "", COFF_MACHINE_AMD64);
	CHECK_INT(python_implib_add_dll(&lib, "python313t", &e), 0);
	CHECK_STR(lib.dll, "python313t.dll");
	CHECK_INT(lib.nr_exports, 1661);
	implib_release(&lib);

	implib_init(&lib, "", COFF_MACHINE_AMD64);
	CHECK_INT(python_implib_add_dll(&lib, "python2.dll", &e), -1);
	CHECK_STR(e.msg.buf, "unknown DLL 'python2.dll'");
	CHECK(strstr(e.hint.buf, "libpypy3.9-c.dll") != NULL);
	implib_release(&lib);
	err_release(&e);
}

int main(void)
{
	RUN(test_layout_x86_64);
	RUN(test_i386_names);
	RUN(test_long_dll_name);
	RUN(test_reproducible);
	RUN(test_machines);
	RUN(test_errors);
	RUN(test_private_left_out);
	RUN(test_python_dlls);
	return unit_end();
}
