#include "unit.h"
#include "formats/pyliteral.h"
#include "formats/sysconfigdata.h"

#include <stdlib.h>

/* Parses one literal; the value's text (or "ERR") goes to *got. */
static struct pyval lit;

static const char *parse(const char *src)
{
	struct err e = ERR_INIT;

	pyval_release(&lit);
	if (pyliteral_parse(src, strlen(src), "t.py", &lit, &e) < 0) {
		fprintf(stderr, "  (%s: %s)\n", src, e.msg.buf);
		err_release(&e);
		return "ERR";
	}
	return lit.text ? lit.text : "(container)";
}

/* The error of parsing src as a literal, as "LINE:COL: MESSAGE". */
static char errbuf[512];

static const char *fmt_err(const struct err *e)
{
	snprintf(errbuf, sizeof(errbuf), "%d:%d: %s", e->line, e->col,
		 e->msg.buf);
	return errbuf;
}

static const char *lit_err(const char *src)
{
	struct err e = ERR_INIT;
	struct pyval v;

	if (pyliteral_parse(src, strlen(src), "t.py", &v, &e) == 0) {
		pyval_release(&v);
		return "no error";
	}
	CHECK_STR(e.file, "t.py");
	fmt_err(&e);
	err_release(&e);
	return errbuf;
}

static const char *mod_err(const char *src)
{
	struct err e = ERR_INIT;
	struct pymodule m;

	if (pymodule_parse(src, strlen(src), "m.py", &m, &e) == 0) {
		pymodule_release(&m);
		return "no error";
	}
	fmt_err(&e);
	err_release(&e);
	return errbuf;
}

static void test_strings(void)
{
	CHECK_STR(parse("'abc'"), "abc");
	CHECK_STR(parse("\"a'b\""), "a'b");
	CHECK_STR(parse("'''a\n\"b\"\nc'''"), "a\n\"b\"\nc");
	CHECK_STR(parse("\"\"\"x''y\"\"\""), "x''y");
	CHECK_STR(parse("''"), "");
	CHECK_STR(parse("''''''"), "");
	CHECK_INT(lit.kind, PYVAL_STR);
	CHECK_STR(parse("u'x'"), "x");
	CHECK_STR(parse("U'x'"), "x");
	CHECK_STR(parse("'\xc3\xa9t\xc3\xa9'"), "\xc3\xa9t\xc3\xa9");
}

static void test_escapes(void)
{
	CHECK_STR(parse("'\\\\ \\' \\\" \\a\\b\\f\\n\\r\\t\\v'"),
		  "\\ ' \" \a\b\f\n\r\t\v");
	CHECK_STR(parse("'\\101\\60\\0x'"), "A0");
	CHECK_INT(lit.len, 4);
	CHECK(!memcmp(lit.text, "A0\0x", 4));
	CHECK_STR(parse("'\\777'"), "\xc7\xbf");	/* U+01FF */
	CHECK_STR(parse("'\\x41\\xe9'"), "A\xc3\xa9");
	CHECK_STR(parse("'\\u00e9\\u20ac'"), "\xc3\xa9\xe2\x82\xac");
	CHECK_STR(parse("'\\U0001F600'"), "\xf0\x9f\x98\x80");
	CHECK_STR(parse("'a\\\nb'"), "ab");
	CHECK_STR(parse("'a\\\r\nb'"), "ab");
	CHECK_STR(parse("'\\q\\8'"), "\\q\\8");	/* kept, as Python does */
	CHECK_STR(parse("'''a\r\nb\rc'''"), "a\nb\nc");
}

static void test_raw_and_bytes(void)
{
	CHECK_STR(parse("r'\\n\\x'"), "\\n\\x");
	CHECK_STR(parse("r'\\''"), "\\'");
	CHECK_STR(parse("R\"\\\\\""), "\\\\");
	CHECK_STR(parse("b'\\x00\\xff\\377a'"), "");
	CHECK_INT(lit.kind, PYVAL_BYTES);
	CHECK_INT(lit.len, 4);
	CHECK(!memcmp(lit.text, "\0\xff\xff" "a", 4));
	CHECK_STR(parse("b'\\u00e9'"), "\\u00e9");
	CHECK_STR(parse("Br'\\x'"), "\\x");
	CHECK_STR(parse("rb'\\x'"), "\\x");
	CHECK_INT(lit.kind, PYVAL_BYTES);
}

static void test_concatenation(void)
{
	CHECK_STR(parse("'a' \"b\" '''c'''"), "abc");
	CHECK_STR(parse("('-Wl,'\n  '-O1'  # comment\n\n 'x')"), "-Wl,-O1x");
	CHECK_STR(parse("'a' \\\n 'b'"), "ab");
	CHECK_STR(parse("b'a' b'b'"), "ab");
	CHECK_STR(lit_err("('a'\n b'b')"), "2:2: cannot join bytes and str literals");
}

static void test_numbers(void)
{
	CHECK_STR(parse("0"), "0");
	CHECK_INT(lit.kind, PYVAL_INT);
	CHECK_STR(parse("000"), "0");
	CHECK_STR(parse("42"), "42");
	CHECK_STR(parse("-42"), "-42");
	CHECK_STR(parse("- 42"), "-42");
	CHECK_STR(parse("--42"), "42");
	CHECK_STR(parse("+7"), "7");
	CHECK_STR(parse("-0"), "0");
	CHECK_STR(parse("1_000_000"), "1000000");
	CHECK_STR(parse("0xff"), "255");
	CHECK_STR(parse("0X_F_F"), "255");
	CHECK_STR(parse("0o777"), "511");
	CHECK_STR(parse("0b1010"), "10");
	CHECK_STR(parse("-0x10"), "-16");
	CHECK_STR(parse("123456789012345678901234567890"),
		  "123456789012345678901234567890");
	CHECK_STR(parse("0xffffffffffffffffffffffff"),
		  "79228162514264337593543950335");
	CHECK_STR(parse("1.5"), "1.5");
	CHECK_INT(lit.kind, PYVAL_FLOAT);
	CHECK_STR(parse("-1.5e-3"), "-1.5e-3");
	CHECK_STR(parse(".5"), ".5");
	CHECK_STR(parse("5."), "5.");
	CHECK_STR(parse("1_0.2_5E+1_0"), "10.25E+10");
	CHECK_STR(parse("1e5"), "1e5");
	CHECK_INT(lit.kind, PYVAL_FLOAT);
	CHECK_STR(parse("-0.0"), "-0.0");
}

static void test_constants(void)
{
	CHECK_STR(parse("True"), "True");
	CHECK_INT(lit.kind, PYVAL_BOOL);
	CHECK_STR(parse("False"), "False");
	CHECK_STR(parse("None"), "None");
	CHECK_INT(lit.kind, PYVAL_NONE);
}

static void test_containers(void)
{
	const struct pyval *v;

	parse("{'a': 1, 'b': [1, (2, 3), {}], 'c': (), 'a': 'x',}");
	CHECK_INT(lit.kind, PYVAL_DICT);
	CHECK_INT(lit.nr, 8);
	v = pydict_get(&lit, "a");
	CHECK(v && v->kind == PYVAL_STR);
	CHECK_STR(v ? v->text : NULL, "x");	/* the last one wins */
	v = pydict_get(&lit, "b");
	CHECK(v && v->kind == PYVAL_LIST && v->nr == 3);
	CHECK(v && v->items[1].kind == PYVAL_TUPLE && v->items[1].nr == 2);
	CHECK(v && v->items[2].kind == PYVAL_DICT && v->items[2].nr == 0);
	CHECK_INT(v ? v->line : 0, 1);
	CHECK_INT(v ? v->col : 0, 15);
	CHECK_INT(v ? v->start : 0, 14);
	CHECK_INT(v ? v->end : 0, 29);
	v = pydict_get(&lit, "c");
	CHECK(v && v->kind == PYVAL_TUPLE && v->nr == 0);
	CHECK(pydict_get(&lit, "d") == NULL);

	parse("(1)");
	CHECK_INT(lit.kind, PYVAL_INT);
	parse("(1,)");
	CHECK(lit.kind == PYVAL_TUPLE && lit.nr == 1);
	parse("1, 2,");
	CHECK(lit.kind == PYVAL_TUPLE && lit.nr == 2);
	parse("[\n 1,\n 2\n]");
	CHECK(lit.kind == PYVAL_LIST && lit.nr == 2);
	CHECK_INT(lit.items[1].line, 3);
	parse("{1: None, (1, 2): b''}");
	CHECK(lit.kind == PYVAL_DICT && lit.nr == 4);
	CHECK_INT(lit.items[2].kind, PYVAL_TUPLE);
}

static void test_module(void)
{
	const char src[] =
		"\xef\xbb\xbf# -*- coding: utf-8 -*-\n"
		"\"\"\"Docstring.\"\"\"\n"
		"\n"
		"X = 1; Y = 'y'  # trailing comment\n"
		"a = b = [1,\n"
		"   2]\n"
		"build_time_vars = {'CC': 'gcc'\n"
		"  ' -pthread', \\\n"
		"'N': -1}\n"
		"X = 2\n";
	struct err e = ERR_INIT;
	struct pymodule m;
	const struct pyval *v;

	CHECK_INT(pymodule_parse(src, strlen(src), "m.py", &m, &e), 0);
	CHECK_INT(m.nr, 6);
	v = pymodule_get(&m, "X");
	CHECK_STR(v ? v->text : NULL, "2");
	v = pymodule_get(&m, "a");
	CHECK(v && v->kind == PYVAL_LIST && v->nr == 2);
	v = pymodule_get(&m, "b");
	CHECK(v && v->kind == PYVAL_LIST && v->nr == 2);
	v = pymodule_get(&m, "build_time_vars");
	CHECK(v && v->kind == PYVAL_DICT);
	v = v ? pydict_get(v, "CC") : NULL;
	CHECK_STR(v ? v->text : NULL, "gcc -pthread");
	CHECK(pymodule_get(&m, "Z") == NULL);
	pymodule_release(&m);
	CHECK_INT(pymodule_parse("", 0, "m.py", &m, &e), 0);
	CHECK_INT(m.nr, 0);
	pymodule_release(&m);
	err_release(&e);
}

static void test_string_errors(void)
{
	CHECK_STR(lit_err("'abc"), "1:1: unterminated string");
	CHECK_STR(lit_err("x = 1"), "1:1: 'x' is not a literal");
	CHECK_STR(lit_err("[1,\n 'ab\n']"), "2:2: unterminated string");
	CHECK_STR(lit_err("\n  '''abc\n''"), "2:3: unterminated triple-quoted string");
	CHECK_STR(lit_err("'ab\\x4'"), "1:4: truncated '\\xXX' escape");
	CHECK_STR(lit_err("'\\u12'"), "1:2: truncated '\\uXXXX' escape");
	CHECK_STR(lit_err("'\\U0011ffff'"), "1:2: '\\UXXXXXXXX' escape beyond U+10FFFF");
	CHECK_STR(lit_err("'\\ud800'"),
		  "1:2: surrogate escape '\\uXXXX' cannot be stored as UTF-8");
	CHECK_STR(lit_err("'\\N{DASH}'"), "1:2: '\\N{...}' escapes are not supported");
	CHECK_STR(lit_err("b'\\400'"), "1:3: octal escape '\\400' is out of range for bytes");
	CHECK_STR(lit_err("b'\xc3\xa9'"), "1:3: non-ASCII character in a bytes literal");
	CHECK_STR(lit_err("f'{x}'"), "1:1: f-strings are not literals");
	CHECK_STR(lit_err("rf'x'"), "1:1: f-strings are not literals");
	CHECK_STR(lit_err("ur'x'"), "1:1: invalid string prefix 'ur'");
	CHECK_STR(lit_err("abc'x'"), "1:1: invalid string prefix 'abc'");
	CHECK_STR(lit_err("'a\xff'"), "1:3: invalid UTF-8 byte 0xff");
	CHECK_STR(lit_err("'a'\n'\xed\xa0\x80'"), "2:2: invalid UTF-8 byte 0xed");
}

static void test_number_errors(void)
{
	CHECK_STR(lit_err("012"), "1:1: leading zeros in decimal integer literals are not permitted");
	CHECK_STR(lit_err("1__0"), "1:2: invalid decimal literal");
	CHECK_STR(lit_err("10_"), "1:3: invalid decimal literal");
	CHECK_STR(lit_err("1L"), "1:2: invalid decimal literal");
	CHECK_STR(lit_err("0x"), "1:3: invalid hexadecimal literal");
	CHECK_STR(lit_err("0b102"), "1:5: invalid binary literal");
	CHECK_STR(lit_err("0o8"), "1:3: invalid octal literal");
	CHECK_STR(lit_err("1e"), "1:3: invalid float literal");
	CHECK_STR(lit_err("1e+"), "1:4: invalid float literal");
	CHECK_STR(lit_err("3j"), "1:1: complex numbers are not supported");
	CHECK_STR(lit_err("-'a'"), "1:2: expected a number after the sign, found a string");
	CHECK_STR(lit_err("-None"), "1:2: expected a number after the sign, found 'None'");
}

static void test_big_ints(void)
{
	char *src = malloc(4302 + 1);

	memset(src, '9', 4301);
	src[4301] = '\0';
	CHECK_STR(lit_err(src), "1:1: integer literal has more than 4300 digits");
	src[4300] = '\0';
	CHECK_INT(strlen(parse(src)), 4300);
	free(src);
}

static void test_structure_errors(void)
{
	char deep[256];

	CHECK_STR(lit_err(""), "1:1: expected a value, found end of file");
	CHECK_STR(lit_err("[1, 2"), "1:6: expected ',' or ']', found end of file");
	CHECK_STR(lit_err("[1 2]"), "1:4: expected ',' or ']', found '2'");
	CHECK_STR(lit_err("{'a' 1}"), "1:6: expected ':' after the dict key, found '1'");
	CHECK_STR(lit_err("{1, 2}"), "1:1: set literals are not supported");
	CHECK_STR(lit_err("{'a': 1,,}"), "1:9: expected a value, found ','");
	CHECK_STR(lit_err("(1 2)"), "1:4: expected ',' or ')', found '2'");
	CHECK_STR(lit_err("1 + 2"), "1:3: expected end of file, found '+'");
	CHECK_STR(lit_err("os.name"), "1:1: 'os' is not a literal");
	CHECK_STR(lit_err("1\n2"), "2:1: expected end of file, found '2'");
	CHECK_STR(lit_err("[1] \\ 2"), "1:5: unexpected character after line continuation");
	CHECK_STR(lit_err("1 * 2"), "1:3: unexpected character '*'");
	CHECK_STR(lit_err("\x01"), "1:1: unexpected character '\\x01'");
	CHECK_STR(lit_err("\xc3\xa9"), "1:1: unexpected character '\xc3\xa9'");
	memset(deep, '[', 101);
	deep[101] = '\0';
	CHECK_STR(lit_err(deep), "1:101: literal nested deeper than 100 levels");
	memset(deep, '[', 100);
	deep[100] = '\0';
	CHECK_STR(lit_err(deep), "1:101: expected a value, found end of file");
}

static void test_unclosed_hint(void)
{
	struct err e = ERR_INIT;
	struct pyval v;

	CHECK_INT(pyliteral_parse("{'a': [1,\n 2", 12, "t.py", &v, &e), -1);
	CHECK_STR(e.msg.buf, "expected ',' or ']', found end of file");
	CHECK_STR(e.hint.buf, "the '[' at 1:7 is not closed");
	err_release(&e);
}

static void test_module_errors(void)
{
	CHECK_STR(mod_err("import os\nx = 1\n"), "1:1: unsupported statement starting with 'import'");
	CHECK_STR(mod_err("x = 1\ny = os.sep\n"), "2:5: 'os' is not a literal");
	CHECK_STR(mod_err("x = y = z\n"), "1:9: 'z' is not a literal");
	CHECK_STR(mod_err("x = 1 2\n"), "1:7: expected end of statement, found '2'");
	CHECK_STR(mod_err("x: int = 1\n"), "1:1: unsupported statement starting with 'x'");
	CHECK_STR(mod_err("x = {\n'a': 1,\n'b': 2 'c'}\n"), "3:8: expected ',' or '}', found a string");
	CHECK_STR(mod_err("def f():\n  pass\n"), "1:1: unsupported statement starting with 'def'");
	CHECK_STR(mod_err("x = ("), "1:6: expected a value, found end of file");
	CHECK_STR(mod_err("True = 1"), "1:6: expected end of statement, found '='");
}

static const char *scd_err(const char *src)
{
	struct err e = ERR_INIT;
	struct pyvars vars = PYVARS_INIT;

	if (sysconfigdata_parse(src, strlen(src), "s.py", &vars, &e) == 0) {
		pyvars_release(&vars);
		return "no error";
	}
	CHECK_INT(vars.nr, 0);
	fmt_err(&e);
	err_release(&e);
	return errbuf;
}

static void test_sysconfigdata(void)
{
	const char src[] =
		"# system configuration generated and used by the sysconfig module\n"
		"build_time_vars = {'ABIFLAGS': '',\n"
		" 'CC': 'arm-linux-gnueabihf-gcc'\n"
		"       ' -pthread',\n"
		" 'EXT_SUFFIX': '.cpython-311-arm-linux-gnueabihf.so',\n"
		" 'SIZEOF_VOID_P': 4,\n"
		" 'HUGE': 123456789012345678901234567890,\n"
		" 'NEG': -2,\n"
		" 'F': 0.5, 'T': True, 'N': None, 'L': [1, 'a'], 'Z': 0e0,\n"
		" 'SIZEOF_VOID_P': 8}\n";
	struct err e = ERR_INIT;
	struct pyvars vars = PYVARS_INIT;
	struct strbuf json = STRBUF_INIT;
	const struct pyvar *v;

	CHECK_INT(sysconfigdata_parse(src, strlen(src), "s.py", &vars, &e), 0);
	CHECK_INT(vars.nr, 11);
	CHECK_STR(pyvars_get(&vars, "EXT_SUFFIX"), ".cpython-311-arm-linux-gnueabihf.so");
	CHECK_STR(pyvars_get(&vars, "CC"), "arm-linux-gnueabihf-gcc -pthread");
	CHECK_STR(pyvars_get(&vars, "ABIFLAGS"), "");
	CHECK_STR(pyvars_get(&vars, "SIZEOF_VOID_P"), "8");
	CHECK_STR(pyvars_get(&vars, "HUGE"), "123456789012345678901234567890");
	CHECK_STR(pyvars_get(&vars, "L"), "[1, 'a']");
	v = pyvars_find(&vars, "NEG");
	CHECK(v && v->kind == PYVAL_INT);
	CHECK(pyvars_get(&vars, "MISSING") == NULL);
	pyvars_to_json(&vars, &json);
	CHECK_STR(json.buf, "{\"ABIFLAGS\": \"\", \"CC\": \"arm-linux-gnueabihf-gcc -pthread\", "
		  "\"EXT_SUFFIX\": \".cpython-311-arm-linux-gnueabihf.so\", \"F\": 0.5, "
		  "\"HUGE\": 123456789012345678901234567890, \"L\": \"[1, 'a']\", "
		  "\"N\": null, \"NEG\": -2, \"SIZEOF_VOID_P\": 8, \"T\": true, "
		  "\"Z\": 0.0}");
	sb_release(&json);
	pyvars_release(&vars);
	err_release(&e);
}

static void test_sysconfigdata_errors(void)
{
	CHECK_STR(scd_err("x = 1\n"), "0:0: no 'build_time_vars' assignment");
	CHECK_STR(scd_err("x = 1\nbuild_time_vars = [1]\n"),
		  "2:19: 'build_time_vars' is a list, not a dict");
	CHECK_STR(scd_err("build_time_vars = {'a': 1,\n 2: 'b'}\n"),
		  "2:2: build_time_vars key is a int, not a str");
	CHECK_STR(scd_err("build_time_vars = {'a\\0': 1}\n"),
		  "1:20: build_time_vars key contains a NUL character");
	CHECK_STR(scd_err("import _imp\nbuild_time_vars = {}\n"),
		  "1:1: unsupported statement starting with 'import'");
	CHECK_STR(scd_err("build_time_vars = {'a': 1,\n 'b': '\n"),
		  "2:7: unterminated string");
}

int main(void)
{
	RUN(test_strings);
	RUN(test_escapes);
	RUN(test_raw_and_bytes);
	RUN(test_concatenation);
	RUN(test_numbers);
	RUN(test_constants);
	RUN(test_containers);
	RUN(test_module);
	RUN(test_string_errors);
	RUN(test_number_errors);
	RUN(test_big_ints);
	RUN(test_structure_errors);
	RUN(test_unclosed_hint);
	RUN(test_module_errors);
	RUN(test_sysconfigdata);
	RUN(test_sysconfigdata_errors);
	pyval_release(&lit);
	return unit_end();
}
