#include "unit.h"
#include "formats/build_details.h"
#include "formats/json_read.h"

#include <stdlib.h>

static struct json_value doc;
static char errbuf[512];

static int parse(const char *src)
{
	struct err e = ERR_INIT;
	int r;

	json_release(&doc);
	r = json_parse(src, strlen(src), "t.json", &doc, &e);
	if (r < 0)
		fprintf(stderr, "  (%s: %d:%d: %s)\n", src, e.line, e.col, e.msg.buf);
	err_release(&e);
	return r;
}

static const char *parse_err(const char *src, size_t len)
{
	struct err e = ERR_INIT;
	struct json_value v;

	if (json_parse(src, len, "t.json", &v, &e) == 0) {
		json_release(&v);
		return "no error";
	}
	CHECK_STR(e.file, "t.json");
	CHECK_INT(v.kind, JSON_NULL);
	CHECK(v.items == NULL && v.text == NULL);
	snprintf(errbuf, sizeof(errbuf), "%d:%d: %s", e.line, e.col, e.msg.buf);
	err_release(&e);
	return errbuf;
}

#define ERR(src) parse_err((src), strlen(src))

static void test_scalars(void)
{
	CHECK_INT(parse("null"), 0);
	CHECK_INT(doc.kind, JSON_NULL);
	CHECK_INT(parse(" true "), 0);
	CHECK(doc.kind == JSON_BOOL && !strcmp(doc.text, "true"));
	CHECK_INT(parse("false"), 0);
	CHECK_STR(doc.text, "false");
	CHECK_INT(parse("-12.5e+3"), 0);
	CHECK(doc.kind == JSON_NUMBER && !json_is_integer(&doc));
	CHECK_STR(doc.text, "-12.5e+3");
	CHECK_INT(parse("123456789012345678901234567890"), 0);
	CHECK(json_is_integer(&doc));
	CHECK_INT(parse("0"), 0);
	CHECK_INT(parse("-0"), 0);
	CHECK_INT(parse("1E2"), 0);
	CHECK(!json_is_integer(&doc));
}

static void test_strings(void)
{
	CHECK_INT(parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\""), 0);
	CHECK_STR(doc.text, "a\"b\\c/d\b\f\n\r\t");
	CHECK_INT(parse("\"\\u00e9\\u20AC\\ud83d\\ude00\""), 0);
	CHECK_STR(doc.text, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	CHECK_INT(parse("\"a\\u0000b\""), 0);
	CHECK_INT(doc.len, 3);
	CHECK(!memcmp(doc.text, "a\0b", 3));
	CHECK_INT(parse("\"\xe6\x97\xa5\""), 0);
	CHECK_STR(doc.text, "\xe6\x97\xa5");
	CHECK_INT(parse("\"\""), 0);
	CHECK_STR(doc.text, "");
}

static void test_containers(void)
{
	const struct json_value *v;

	CHECK_INT(parse("{\"a\": [1, {\"b\": null}, []], \"c\": {}, \"a\": 2,\n \"d\": {\"e\": \"x\"}}"), 0);
	CHECK_INT(doc.kind, JSON_OBJECT);
	CHECK_INT(doc.nr, 4);
	CHECK_STR(doc.items[0].key, "a");
	CHECK(doc.items[0].kind == JSON_ARRAY && doc.items[0].nr == 3);
	v = json_get(&doc, "a");
	CHECK(v && v->kind == JSON_NUMBER && !strcmp(v->text, "2"));
	v = json_get_path(&doc, "d.e");
	CHECK_STR(v ? v->text : NULL, "x");
	CHECK_INT(v ? v->line : 0, 2);
	CHECK_INT(v ? v->col : 0, 13);
	CHECK(json_get_path(&doc, "d.f") == NULL);
	CHECK(json_get_path(&doc, "a.b") == NULL);
	CHECK(json_get(&doc.items[0], "x") == NULL);
	CHECK_INT(parse("[]"), 0);
	CHECK(doc.kind == JSON_ARRAY && doc.nr == 0);
	CHECK_INT(parse("[[[[\"deep\"]]]]"), 0);
}

static void test_errors(void)
{
	CHECK_STR(ERR(""), "1:1: expected a value, found end of file");
	CHECK_STR(ERR("  \n"), "2:1: expected a value, found end of file");
	CHECK_STR(ERR("[1,]"), "1:4: expected a value, found ']'");
	CHECK_STR(ERR("{\"a\":1,}"), "1:8: expected a member name in double quotes, found '}'");
	CHECK_STR(ERR("{'a':1}"), "1:2: expected a member name in double quotes, found '''");
	CHECK_STR(ERR("{\"a\" 1}"), "1:6: expected ':' after the member name, found '1'");
	CHECK_STR(ERR("[1 2]"), "1:4: expected ',' or ']', found '2'");
	CHECK_STR(ERR("{\"a\":1\n\"b\":2}"), "2:1: expected ',' or '}', found '\"'");
	CHECK_STR(ERR("[1] x"), "1:5: expected end of file, found 'x'");
	CHECK_STR(ERR("tru"), "1:1: expected a value, found 't'");
	CHECK_STR(ERR("NaN"), "1:1: expected a value, found 'N'");
	CHECK_STR(ERR("01"), "1:1: leading zero in number");
	CHECK_STR(ERR("-"), "1:2: expected a digit, found end of file");
	CHECK_STR(ERR("+1"), "1:1: expected a value, found '+'");
	CHECK_STR(ERR("1."), "1:3: expected a digit after '.', found end of file");
	CHECK_STR(ERR(".5"), "1:1: expected a value, found '.'");
	CHECK_STR(ERR("1e"), "1:3: expected a digit in the exponent, found end of file");
	CHECK_STR(ERR("\"abc"), "1:1: unterminated string");
	CHECK_STR(ERR("\"ab\ncd\""), "1:4: unterminated string");
	CHECK_STR(ERR("\"a\tb\""), "1:3: control character in string");
	CHECK_STR(ERR("\"\\x41\""), "1:2: invalid escape in string");
	CHECK_STR(ERR("\"\\u12\""), "1:2: truncated '\\uXXXX' escape");
	CHECK_STR(ERR("\"\\ud800\""), "1:2: lone surrogate in '\\uXXXX' escape");
	CHECK_STR(ERR("\"\\udc00\""), "1:2: lone surrogate in '\\uXXXX' escape");
	CHECK_STR(ERR("\"\\ud800\\u0041\""), "1:2: lone surrogate in '\\uXXXX' escape");
	CHECK_STR(ERR("\"a\xc0\xaf\""), "1:3: invalid UTF-8 byte 0xc0");
	CHECK_STR(ERR("\xef\xbb\xbf{}"), "1:1: expected a value, found byte 0xef");
	CHECK_STR(ERR("[1] // c"), "1:5: expected end of file, found '/'");
	CHECK_STR(parse_err("[\0]", 3), "1:2: expected a value, found byte 0x00");
}

static void test_depth(void)
{
	char deep[402];

	memset(deep, '[', 200);
	memset(deep + 200, ']', 200);
	deep[400] = '\0';
	CHECK_INT(parse(deep), 0);
	memset(deep, '[', 201);
	memset(deep + 201, ']', 201);
	deep[402 - 1] = '\0';
	CHECK_STR(ERR(deep), "1:201: JSON nested deeper than 200 levels");
}

static const char spec_example[] =
	"{\n"
	"  \"schema_version\": \"1.0\",\n"
	"  \"base_prefix\": \"/usr\",\n"
	"  \"base_interpreter\": \"/usr/bin/python\",\n"
	"  \"platform\": \"linux-x86_64\",\n"
	"  \"language\": {\"version\": \"3.14\",\n"
	"    \"version_info\": {\"major\": 3, \"minor\": 14, \"micro\": 0,\n"
	"                     \"releaselevel\": \"alpha\", \"serial\": 0}},\n"
	"  \"implementation\": {\"name\": \"cpython\", \"hexversion\": 51249312,\n"
	"    \"cache_tag\": \"cpython-314\", \"_multiarch\": \"x86_64-linux-gnu\"},\n"
	"  \"abi\": {\"flags\": [\"t\", \"d\"],\n"
	"    \"extension_suffix\": \".cpython-314-x86_64-linux-gnu.so\",\n"
	"    \"stable_abi_suffix\": \".abi3.so\"},\n"
	"  \"suffixes\": {\"extensions\": [\".abi3.so\", \".so\"]},\n"
	"  \"libpython\": {\"dynamic\": \"/usr/lib/libpython3.14.so.1.0\",\n"
	"    \"dynamic_stableabi\": \"/usr/lib/libpython3.so\",\n"
	"    \"static\": \"/usr/lib/python3.14/config-3.14-x86_64-linux-gnu/libpython3.14.a\",\n"
	"    \"link_extensions\": true},\n"
	"  \"c_api\": {\"headers\": \"/usr/include/python3.14\",\n"
	"    \"pkgconfig_path\": \"/usr/lib/pkgconfig\"}\n"
	"}\n";

static void test_build_details(void)
{
	struct err e = ERR_INIT;
	struct pyvars vars = PYVARS_INIT;
	const struct pyvar *v;

	CHECK_INT(build_details_parse(spec_example, strlen(spec_example),
				      "/usr/lib/python3.14/build-details.json",
				      &vars, &e), 0);
	CHECK_STR(pyvars_get(&vars, "EXT_SUFFIX"), ".cpython-314-x86_64-linux-gnu.so");
	CHECK_STR(pyvars_get(&vars, "SOABI"), "cpython-314-x86_64-linux-gnu");
	CHECK_STR(pyvars_get(&vars, "SHLIB_SUFFIX"), ".so");
	CHECK_STR(pyvars_get(&vars, "VERSION"), "3.14");
	CHECK_STR(pyvars_get(&vars, "ABIFLAGS"), "td");
	CHECK_STR(pyvars_get(&vars, "Py_GIL_DISABLED"), "1");
	CHECK_STR(pyvars_get(&vars, "Py_DEBUG"), "1");
	CHECK_STR(pyvars_get(&vars, "MULTIARCH"), "x86_64-linux-gnu");
	CHECK_STR(pyvars_get(&vars, "prefix"), "/usr");
	CHECK_STR(pyvars_get(&vars, "INCLUDEPY"), "/usr/include/python3.14");
	CHECK_STR(pyvars_get(&vars, "LIBDIR"), "/usr/lib");
	CHECK_STR(pyvars_get(&vars, "LIBPL"), "/usr/lib/python3.14/config-3.14-x86_64-linux-gnu");
	CHECK_STR(pyvars_get(&vars, "LIBPC"), "/usr/lib/pkgconfig");
	CHECK_STR(pyvars_get(&vars, "implementation.name"), "cpython");
	v = pyvars_find(&vars, "implementation.hexversion");
	CHECK(v && v->kind == PYVAL_INT && !strcmp(v->text, "51249312"));
	v = pyvars_find(&vars, "libpython.link_extensions");
	CHECK(v && v->kind == PYVAL_BOOL && !strcmp(v->text, "True"));
	CHECK_STR(pyvars_get(&vars, "language.version_info.releaselevel"), "alpha");
	CHECK(pyvars_get(&vars, "abi.flags") == NULL);
	pyvars_release(&vars);
	err_release(&e);
}

static void test_build_details_relative(void)
{
	const char src[] =
		"{\"schema_version\": \"1.1\", \"base_prefix\": \"../..\",\n"
		" \"platform\": \"linux-aarch64\", \"language\": {\"version\": \"3.15\"},\n"
		" \"implementation\": {\"name\": \"cpython\"},\n"
		" \"abi\": {\"flags\": [], \"extension_suffix\": \".cp315-win_arm64.pyd\"},\n"
		" \"libpython\": {\"static\": \"./lib/../lib/libpython3.15.a\"},\n"
		" \"c_api\": {\"headers\": \"include/python3.15\"}}";
	struct err e = ERR_INIT;
	struct pyvars vars = PYVARS_INIT;

	CHECK_INT(build_details_parse(src, strlen(src),
				      "/opt/py/lib/python3.15/build-details.json",
				      &vars, &e), 0);
	CHECK_STR(pyvars_get(&vars, "prefix"), "/opt/py");
	CHECK_STR(pyvars_get(&vars, "INCLUDEPY"), "/opt/py/include/python3.15");
	CHECK_STR(pyvars_get(&vars, "LIBPL"), "/opt/py/lib");
	CHECK_STR(pyvars_get(&vars, "c_api.headers"), "include/python3.15");
	CHECK_STR(pyvars_get(&vars, "SOABI"), "cp315-win_arm64");
	CHECK_STR(pyvars_get(&vars, "SHLIB_SUFFIX"), ".pyd");
	CHECK_STR(pyvars_get(&vars, "ABIFLAGS"), "");
	CHECK_STR(pyvars_get(&vars, "Py_GIL_DISABLED"), "0");
	CHECK(pyvars_get(&vars, "LIBDIR") == NULL);
	pyvars_release(&vars);
	CHECK_INT(build_details_parse(src, strlen(src), "build-details.json",
				      &vars, &e), 0);
	CHECK_STR(pyvars_get(&vars, "prefix"), "../..");
	CHECK_STR(pyvars_get(&vars, "INCLUDEPY"), "../../include/python3.15");
	pyvars_release(&vars);
	err_release(&e);
}

static const char *bd_err(const char *src, const char **hint)
{
	struct err e = ERR_INIT;
	struct pyvars vars = PYVARS_INIT;

	if (build_details_parse(src, strlen(src), "b.json", &vars, &e) == 0) {
		pyvars_release(&vars);
		return "no error";
	}
	CHECK_INT(vars.nr, 0);
	snprintf(errbuf, sizeof(errbuf), "%d:%d: %s", e.line, e.col, e.msg.buf);
	if (hint)
		*hint = e.hint.len ? "yes" : "no";
	err_release(&e);
	return errbuf;
}

#define MINIMAL "\"schema_version\": \"1.0\", \"base_prefix\": \"/usr\", " \
	"\"platform\": \"linux-x86_64\", \"language\": {\"version\": \"3.14\"}, " \
	"\"implementation\": {\"name\": \"cpython\"}"

static void test_build_details_errors(void)
{
	const char *hint = NULL;

	CHECK_STR(bd_err("{" MINIMAL "}", NULL), "no error");
	CHECK_STR(bd_err("[]", NULL), "1:1: build-details.json must be an object, not array");
	CHECK_STR(bd_err("{\"schema_version\": \"1.0\"}", NULL),
		  "1:1: required field 'base_prefix' is missing");
	CHECK_STR(bd_err("{" MINIMAL ", \"schema_version\": \"2.0\"}", &hint),
		  "1:168: unsupported schema_version '2.0'");
	CHECK_STR(hint, "yes");
	CHECK_STR(bd_err("{" MINIMAL ", \"schema_version\": 1}", NULL),
		  "1:168: 'schema_version' must be a string, not number");
	CHECK_STR(bd_err("{" MINIMAL ",\n \"abi\": {\"extension_suffix\": 5}}", NULL),
		  "2:30: 'abi.extension_suffix' must be a string, not number");
	CHECK_STR(bd_err("{" MINIMAL ",\n \"abi\": {\"flags\": \"t\"}}", NULL),
		  "2:19: 'abi.flags' must be an array, not string");
	CHECK_STR(bd_err("{" MINIMAL ",\n \"abi\": {\"flags\": [\"t\", 1]}}", NULL),
		  "2:25: 'abi.flags[]' must be a string, not number");
	CHECK_STR(bd_err("{" MINIMAL ",\n \"c_api\": {\"headers\": null}}", NULL),
		  "2:23: 'c_api.headers' must be a string, not null");
	CHECK_STR(bd_err("{" MINIMAL ",}", NULL),
		  "1:149: expected a member name in double quotes, found '}'");
}

int main(void)
{
	RUN(test_scalars);
	RUN(test_strings);
	RUN(test_containers);
	RUN(test_errors);
	RUN(test_depth);
	RUN(test_build_details);
	RUN(test_build_details_relative);
	RUN(test_build_details_errors);
	json_release(&doc);
	return unit_end();
}
