/* The wheel self-description parsers (audit/wheel_meta.h): values and errors. */
#include "unit.h"
#include "audit/wheel_meta.h"

#include <string.h>

static void test_name(void)
{
	struct wheel_name n;
	struct err e = ERR_INIT;

	wheel_name_init(&n);
	CHECK_INT(wheel_name_parse(&n, "dist/numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", &e), 0);
	CHECK_STR(n.distribution, "numpy");
	CHECK_STR(n.version, "1.26.4");
	CHECK(!n.build);
	CHECK_STR(n.platform, "manylinux_2_17_x86_64.manylinux2014_x86_64");
	CHECK_INT(n.tags.nr, 2);
	CHECK(wheel_tags_has(&n.tags, "cp312", "cp312", "manylinux2014_x86_64"));
	wheel_name_release(&n);

	CHECK_INT(wheel_name_parse(&n, "six-1.16.0-1build-py2.py3-none-any.whl", &e), 0);
	CHECK_STR(n.build, "1build");
	CHECK_INT(n.tags.nr, 2);
	CHECK(wheel_tags_has(&n.tags, "py2", "none", "any"));
	wheel_name_release(&n);

	/* cp38.cp39-abi3.none-a.b: 2 x 2 x 2 */
	CHECK_INT(wheel_name_parse(&n, "x-1-cp38.cp39-abi3.none-linux_x86_64.linux_i686.whl", &e), 0);
	CHECK_INT(n.tags.nr, 8);
	wheel_name_release(&n);
	err_release(&e);
}

static void name_error(const char *path, const char *want)
{
	struct wheel_name n;
	struct err e = ERR_INIT;

	wheel_name_init(&n);
	CHECK_INT(wheel_name_parse(&n, path, &e), -1);
	CHECK_STR(e.file, path);
	if (!strstr(e.msg.buf, want)) {
		fprintf(stderr, "message '%s' lacks '%s'\n", e.msg.buf, want);
		CHECK(0);
	}
	wheel_name_release(&n);
	err_release(&e);
}

static void test_name_errors(void)
{
	name_error("x-1-py3-none-any.zip", "'x-1-py3-none-any.zip' is not a wheel file name: it does not end with '.whl'");
	name_error("d/x-1-any.whl", "needs {name}-{version}-{python}-{abi}-{platform}.whl");
	name_error("x-1-2-3-py3-none-any.whl", "needs {name}-{version}");
	name_error("x-1-b1-py3-none-any.whl", "build tag 'b1' does not start with a digit");
	name_error("x-1-py3-none-ANY.whl", "bad tags 'py3-none-ANY'");
	name_error("x-1-py3..py2-none-any.whl", "bad tags");
	name_error("x y-1-py3-none-any.whl", "bad name or version");
}

static void test_wheel_info(void)
{
	static const char text[] =
		"Wheel-Version: 1.0\r\n"
		"Generator: bdist_wheel (0.42.0)\r\n"
		"Root-Is-Purelib: false\r\n"
		"Tag: cp312-cp312-manylinux_2_17_x86_64\r\n"
		"Tag: cp312-cp312-manylinux2014_x86_64\r\n"
		"Build: 1\r\n"
		"\r\n"
		"this body is ignored\n";
	struct wheel_info w;
	struct err e = ERR_INIT;

	wheel_info_init(&w);
	CHECK_INT(wheel_info_parse(&w, text, strlen(text), "WHEEL", &e), 0);
	CHECK_STR(w.wheel_version, "1.0");
	CHECK_STR(w.generator, "bdist_wheel (0.42.0)");
	CHECK_INT(w.root_is_purelib, 0);
	CHECK_STR(w.build, "1");
	CHECK_INT(w.nr_tag_lines, 2);
	CHECK(wheel_tags_has(&w.tags, "cp312", "cp312", "manylinux2014_x86_64"));
	wheel_info_release(&w);
	/* continuation lines, case-insensitive keys, no final newline */
	{
		const char *t2 = "generator: a\n  b\nroot-is-purelib: TRUE";

		CHECK_INT(wheel_info_parse(&w, t2, strlen(t2), "WHEEL", &e), 0);
	}
	CHECK_STR(w.generator, "a b");
	CHECK_INT(w.root_is_purelib, 1);
	CHECK_INT(w.nr_tag_lines, 0);
	wheel_info_release(&w);
	err_release(&e);
}

static void info_error(const char *text, int line, int col, const char *want)
{
	struct wheel_info w;
	struct err e = ERR_INIT;

	wheel_info_init(&w);
	CHECK_INT(wheel_info_parse(&w, text, strlen(text), "x.dist-info/WHEEL", &e), -1);
	CHECK_STR(e.file, "x.dist-info/WHEEL");
	CHECK_INT(e.line, line);
	CHECK_INT(e.col, col);
	CHECK_STR(e.msg.buf, want);
	wheel_info_release(&w);
	err_release(&e);
}

static void test_wheel_info_errors(void)
{
	info_error("Wheel-Version: 1.0\nno colon here\n", 2, 1,
		   "expected 'Key: value', found 'no colon here'");
	info_error("Root-Is-Purelib: maybe\n", 1, 18,
		   "'Root-Is-Purelib' must be 'true' or 'false', not 'maybe'");
	info_error("A: b\nTag: cp312-cp312\n", 2, 6,
		   "bad tag 'cp312-cp312': expected {python}-{abi}-{platform}");
	info_error("Tag: a-b-c-d\n", 1, 6, "bad tag 'a-b-c-d': expected {python}-{abi}-{platform}");
	info_error(": empty key\n", 1, 1, "expected 'Key: value', found ': empty key'");
}

static void test_record(void)
{
	static const char text[] =
		"pkg/__init__.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\n"
		"\"pkg/a,b.py\",sha256=AAAA,12\r\n"
		"\"pkg/q\"\"uote.py\",sha512=abc_-,3\n"
		"\n"
		"pkg-1.0.dist-info/RECORD,,\n"
		"pkg/padded.py,sha256=AAAA==,1";
	struct wheel_record r;
	struct err e = ERR_INIT;
	const struct record_row *row;

	wheel_record_init(&r);
	CHECK_INT(wheel_record_parse(&r, text, strlen(text), "RECORD", &e), 0);
	CHECK_INT(r.nr, 5);
	row = wheel_record_find(&r, "pkg/__init__.py");
	CHECK(row && !strcmp(row->algo, "sha256") && row->has_size && row->size == 0);
	CHECK_STR(row->digest, "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
	row = wheel_record_find(&r, "pkg/a,b.py");
	CHECK(row && row->size == 12 && row->line == 2);
	row = wheel_record_find(&r, "pkg/q\"uote.py");
	CHECK(row && !strcmp(row->algo, "sha512"));
	row = wheel_record_find(&r, "pkg-1.0.dist-info/RECORD");
	CHECK(row && !row->algo && !row->has_size && row->line == 5);
	row = wheel_record_find(&r, "pkg/padded.py");
	CHECK(row && !strcmp(row->digest, "AAAA"));
	wheel_record_release(&r);
	err_release(&e);
}

static void record_error(const char *text, int line, int col, const char *want)
{
	struct wheel_record r;
	struct err e = ERR_INIT;

	wheel_record_init(&r);
	CHECK_INT(wheel_record_parse(&r, text, strlen(text), "RECORD", &e), -1);
	CHECK_STR(e.file, "RECORD");
	CHECK_INT(e.line, line);
	CHECK_INT(e.col, col);
	CHECK_STR(e.msg.buf, want);
	wheel_record_release(&r);
	err_release(&e);
}

static void test_record_errors(void)
{
	record_error("a,,\n\"b,,\n", 2, 1, "unterminated quoted field");
	record_error("a,,\nb,,,\n", 2, 5, "a RECORD row has 3 fields, this one more");
	record_error("a,\n", 1, 0, "a RECORD row has 3 fields, this one 2");
	record_error("\"a\"x,,\n", 1, 4, "expected ',' after a quoted field");
	record_error("a,,\na,,\n", 2, 1, "'a' is listed twice");
	record_error(",,\n", 1, 1, "empty path");
	record_error("a,sha256,1\n", 1, 0, "bad hash 'sha256' for 'a': expected 'algorithm=digest'");
	record_error("a,SHA256=x,1\n", 1, 0, "bad hash algorithm in 'SHA256=x' for 'a'");
	record_error("a,sha256=a+b/,1\n", 1, 0, "bad digest in 'sha256=a+b/' for 'a': not URL-safe base64");
	record_error("a,sha256=,1\n", 1, 0, "empty digest for 'a'");
	record_error("a,sha256=x,-1\n", 1, 0, "bad size '-1' for 'a'");
	record_error("a,sha256=x,99999999999999999999999\n", 1, 0,
		     "bad size '99999999999999999999999' for 'a'");
}

int main(void)
{
	RUN(test_name);
	RUN(test_name_errors);
	RUN(test_wheel_info);
	RUN(test_wheel_info_errors);
	RUN(test_record);
	RUN(test_record_errors);
	return unit_end();
}
