#include "unit.h"
#include "base/err.h"
#include "base/strbuf.h"
#include "formats/toml.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static struct toml_value *parse(const char *text)
{
	struct err e = ERR_INIT;
	struct toml_value *doc = toml_parse(text, strlen(text), "t.toml", &e);

	if (!doc)
		fprintf(stderr, "unexpected error: %d:%d: %s\n", e.line, e.col,
			e.msg.buf);
	err_release(&e);
	return doc;
}

/*
 * Parses text that must be rejected; checks the message and location.
 * The error line must be exactly "t.toml:LINE:COL: error: MSG".
 */
static void check_error(const char *text, size_t len, const char *want)
{
	struct err e = ERR_INIT;
	struct strbuf got = STRBUF_INIT;
	struct toml_value *doc = toml_parse(text, len, "t.toml", &e);

	CHECK(doc == NULL);
	toml_free(doc);
	err_format(&e, &got);
	sb_rtrim(&got);
	CHECK_STR(got.buf, want);
	sb_release(&got);
	err_release(&e);
}

#define CHECK_ERROR(text, want) \
	check_error((text), strlen(text), "wheelwright: t.toml:" want)

static void test_scalars(void)
{
	struct toml_value *doc = parse(
		"s = \"tab\\tquote\\\" \\u00e9\\U0001F600\"\n"
		"lit = 'C:\\path'\n");
	const struct toml_value *v;

	CHECK(doc != NULL);
	if (!doc)
		return;
	v = toml_get(doc, "s");
	CHECK(v && v->type == TOML_STRING);
	CHECK_STR(v ? v->u.str.ptr : NULL, "tab\tquote\" \xC3\xA9\xF0\x9F\x98\x80");
	CHECK_STR(toml_get(doc, "lit")->u.str.ptr, "C:\\path");
	toml_free(doc);

	doc = parse("j = +1_000\nmax = 9223372036854775807\n"
		    "min = -9223372036854775808\noct = 0o755\nbin = 0b1101\n"
		    "hex = 0xDEAD_beef\nf = 6.626e-34\nninf = -inf\nnan = nan\n"
		    "nz = -0.0\nyes = true\nno = false\n");
	CHECK(doc != NULL);
	if (!doc)
		return;
	CHECK_INT(toml_get(doc, "j")->u.integer, 1000);
	CHECK(toml_get(doc, "max")->u.integer == INT64_MAX);
	CHECK(toml_get(doc, "min")->u.integer == INT64_MIN);
	CHECK_INT(toml_get(doc, "oct")->u.integer, 0755);
	CHECK_INT(toml_get(doc, "bin")->u.integer, 13);
	CHECK_INT(toml_get(doc, "hex")->u.integer, 0xDEADBEEF);
	v = toml_get(doc, "f");
	CHECK(v->type == TOML_FLOAT && v->u.flt == 6.626e-34);
	v = toml_get(doc, "ninf");
	CHECK(isinf(v->u.flt) && v->u.flt < 0);
	CHECK(isnan(toml_get(doc, "nan")->u.flt));
	v = toml_get(doc, "nz");
	CHECK(v->u.flt == 0 && signbit(v->u.flt));
	CHECK(toml_get(doc, "yes")->type == TOML_BOOL);
	CHECK_INT(toml_get(doc, "yes")->u.boolean, 1);
	CHECK_INT(toml_get(doc, "no")->u.boolean, 0);
	toml_free(doc);
}

static void test_strings(void)
{
	struct toml_value *doc = parse(
		"nul = \"a\\u0000b\"\n"
		"ml = \"\"\"\r\nline one\r\nline \\\r\n   two\"\"\"\"\"\n"
		"raw = '''\n'quoted' \\n '''\n"
		"\"quoted key\" = 1\n"
		"'' = 2\n");
	const struct toml_value *v;

	CHECK(doc != NULL);
	if (!doc)
		return;
	v = toml_get(doc, "nul");
	CHECK_INT(v->u.str.len, 3);
	CHECK(!memcmp(v->u.str.ptr, "a\0b", 4));
	/* CRLF becomes LF; the first newline is trimmed; quotes before the
	 * closing delimiter belong to the string */
	CHECK_STR(toml_get(doc, "ml")->u.str.ptr, "line one\nline two\"\"");
	CHECK_STR(toml_get(doc, "raw")->u.str.ptr, "'quoted' \\n ");
	CHECK_INT(toml_get(doc, "quoted key")->u.integer, 1);
	CHECK(toml_find_entry(doc, "", 0) != NULL);
	toml_free(doc);
}

static void test_datetimes(void)
{
	struct toml_value *doc = parse(
		"odt = 1979-05-27 07:32:00.999999999999-07:30\n"
		"z = 2024-02-29t23:59:60z\n"
		"ldt = 1979-05-27T00:32:00.5\n"
		"ld = 1979-05-27 # a comment\n"
		"lt = 07:32:01\n");
	const struct toml_value *v;

	CHECK(doc != NULL);
	if (!doc)
		return;
	v = toml_get(doc, "odt");
	CHECK(v->type == TOML_DATETIME);
	CHECK_STR(v->u.dt.text, "1979-05-27T07:32:00.999999999999-07:30");
	CHECK_INT(v->u.dt.year, 1979);
	CHECK_INT(v->u.dt.day, 27);
	CHECK_INT(v->u.dt.nanosecond, 999999999);
	CHECK_INT(v->u.dt.offset_minutes, -450);
	v = toml_get(doc, "z");
	CHECK_STR(v->u.dt.text, "2024-02-29T23:59:60Z");
	CHECK_INT(v->u.dt.offset_minutes, 0);
	v = toml_get(doc, "ldt");
	CHECK(v->type == TOML_DATETIME_LOCAL);
	CHECK_INT(v->u.dt.nanosecond, 500000000);
	v = toml_get(doc, "ld");
	CHECK(v->type == TOML_DATE_LOCAL);
	CHECK_STR(v->u.dt.text, "1979-05-27");
	v = toml_get(doc, "lt");
	CHECK(v->type == TOML_TIME_LOCAL);
	CHECK_INT(v->u.dt.second, 1);
	CHECK_INT(v->u.dt.year, 0);
	toml_free(doc);

	CHECK_ERROR("d = 2023-02-29", "1:5: error: invalid date '2023-02-29': day out of range for the month");
	CHECK_ERROR("d = 1900-02-29", "1:5: error: invalid date '1900-02-29': day out of range for the month");
	doc = parse("d = 2000-02-29");
	CHECK(doc != NULL);
	toml_free(doc);
	CHECK_ERROR("t = 12:00:00Z", "1:5: error: invalid time '12:00:00Z': unexpected text after it");
	CHECK_ERROR("t = 1979-05-27T07:32", "1:5: error: invalid date-time '1979-05-27T07:32': expected HH:MM:SS");
}

static void test_tables_and_arrays(void)
{
	struct toml_value *doc = parse(
		"title = 'x'\n"
		"[tool.wheelwright]\n"
		"packages = ['a', \"b\",\n  # comment\n  'c',]\n"
		"[[tool.wheelwright.ext-modules]]\n"
		"name = 'one'\n"
		"[[tool.wheelwright.ext-modules]]\n"
		"name = 'two'\n"
		"inline = { x = 1, y.z = [1, 'mixed', 2.5] }\n"
		"[fruit]\n"
		"apple.color = 'red'\n"
		"apple.taste.sweet = true\n"
		"[fruit.apple.texture]\n"
		"smooth = true\n");
	const struct toml_value *ww, *mods, *v;
	const struct toml_entry *en;

	CHECK(doc != NULL);
	if (!doc)
		return;
	ww = toml_get_path(doc, "tool.wheelwright");
	CHECK(ww && ww->type == TOML_TABLE);
	CHECK_INT(toml_table_count(doc), 3);
	en = toml_table_entry(doc, 1);
	CHECK_STR(en->key, "tool");
	CHECK_INT(toml_array_count(toml_get(ww, "packages")), 3);
	CHECK_STR(toml_array_item(toml_get(ww, "packages"), 2)->u.str.ptr, "c");
	mods = toml_get(ww, "ext-modules");
	CHECK_INT(toml_array_count(mods), 2);
	CHECK_STR(toml_get(toml_array_item(mods, 1), "name")->u.str.ptr, "two");
	v = toml_get_path(toml_array_item(mods, 1), "inline.y.z");
	CHECK_INT(toml_array_count(v), 3);
	CHECK(toml_array_item(v, 1)->type == TOML_STRING);
	CHECK(toml_get_path(doc, "fruit.apple.texture.smooth") != NULL);
	CHECK(toml_get_path(doc, "fruit.apple.taste.sweet")->u.boolean);
	/* tolerance of wrong types and of NULL */
	CHECK(toml_get(NULL, "x") == NULL);
	CHECK(toml_get(toml_get(doc, "title"), "x") == NULL);
	CHECK_INT(toml_table_count(mods), 0);
	CHECK_INT(toml_array_count(ww), 0);
	CHECK(toml_array_item(mods, 2) == NULL);
	CHECK(toml_table_entry(doc, 3) == NULL);
	CHECK(toml_get_path(doc, "tool.nothing.here") == NULL);
	toml_free(doc);
	toml_free(NULL);
}

static void test_locations(void)
{
	struct toml_value *doc;

	/* columns count characters: "é" is two bytes, one column */
	CHECK_ERROR("# comment\n[project]\nname = \"h\xC3\xA9llo\"   ;\n",
		    "3:18: error: expected the end of the line, found ';'");

	doc = parse("[project]\n"
		    "name = 'x'\n"
		    "  \"d\xC3\xA9ps\" = [ 1,\n"
		    "\t\t2 ]\n"
		    "a.b.c = { d = 1 }\n"
		    "[[t]]\n");
	CHECK(doc != NULL);
	if (!doc)
		return;
	{
		const struct toml_value *p = toml_get(doc, "project");
		const struct toml_entry *en = toml_find_entry(p, "d\xC3\xA9ps", 5);
		const struct toml_value *arr = en ? en->value : NULL;

		CHECK(en != NULL);
		if (!en)
			return;
		CHECK_INT(en->line, 3);
		CHECK_INT(en->col, 3);
		CHECK_INT(arr->line, 3);
		CHECK_INT(arr->col, 12);
		CHECK_INT(toml_array_item(arr, 0)->col, 14);
		CHECK_INT(toml_array_item(arr, 1)->line, 4);
		CHECK_INT(toml_array_item(arr, 1)->col, 3);
		CHECK_INT(toml_get(p, "name")->col, 8);
		/* a table made by a dotted key sits at its key part */
		en = toml_find_entry(p, "a", 1);
		CHECK_INT(en->line, 5);
		CHECK_INT(en->value->col, 1);
		CHECK_INT(toml_get_path(p, "a.b")->col, 3);
		en = toml_find_entry(toml_get_path(p, "a.b"), "c", 1);
		CHECK_INT(en->col, 5);
		CHECK_INT(en->value->col, 9);
		CHECK_INT(toml_get(doc, "t")->line, 6);
		CHECK_INT(toml_get(doc, "t")->col, 3);
	}
	toml_free(doc);
}

static void test_syntax_errors(void)
{
	CHECK_ERROR("a = \"abc\n", "1:5: error: unterminated string");
	CHECK_ERROR("a = '''abc\n\n", "1:5: error: unterminated multi-line string");
	CHECK_ERROR("a = \"\\q\"", "1:6: error: invalid escape sequence '\\q'");
	CHECK_ERROR("a = \"x\\uD800\"", "1:7: error: escape '\\uD800' is not a Unicode scalar value");
	CHECK_ERROR("a = \"\\u12\"", "1:6: error: escape '\\u' needs 4 hex digits");
	CHECK_ERROR("a = \"\"\"x\\  y\"\"\"", "1:9: error: invalid escape sequence: a backslash must be followed by an escape code");
	CHECK_ERROR("a = 'x\ty\x7f'", "1:9: error: control character U+007F is not allowed in a string");
	CHECK_ERROR("a = 1 # \x01", "1:9: error: control character U+0001 is not allowed in a comment");
	CHECK_ERROR("a = 1\rb = 2", "1:6: error: carriage return not followed by a line feed");
	CHECK_ERROR("x = 1\n\xC3\xA9 = \"\xFF\"", "2:6: error: invalid UTF-8 byte 0xFF");
	CHECK_ERROR("x = \"\xED\xA0\x80\"", "1:6: error: invalid UTF-8 byte 0xED");
	CHECK_ERROR("x = \"\xC0\xAF\"", "1:6: error: invalid UTF-8 byte 0xC0");
	CHECK_ERROR("a = 01", "1:5: error: invalid integer '01': leading zeros are not allowed");
	CHECK_ERROR("a = 1__0", "1:5: error: invalid integer '1__0': an underscore must stand between two digits");
	CHECK_ERROR("a = 9223372036854775808", "1:5: error: invalid integer '9223372036854775808': out of the 64-bit range");
	CHECK_ERROR("a = -9223372036854775809", "1:5: error: invalid integer '-9223372036854775809': out of the 64-bit range");
	CHECK_ERROR("a = 0x8000000000000000", "1:5: error: invalid integer '0x8000000000000000': out of the 64-bit range");
	CHECK_ERROR("a = -0x1", "1:5: error: invalid integer '-0x1': hex, octal and binary integers take no sign");
	CHECK_ERROR("a = 1.", "1:5: error: invalid float '1.': digits expected after the '.'");
	CHECK_ERROR("a = 1e", "1:5: error: invalid float '1e': digits expected in the exponent");
	CHECK_ERROR("a = .5", "1:5: error: invalid value '.5'");
	CHECK_ERROR("a = truee", "1:5: error: invalid value 'truee'");
	CHECK_ERROR("a = @", "1:5: error: expected a value, found '@'");
	CHECK_ERROR("a =", "1:4: error: expected a value, found end of file");
	CHECK_ERROR("a = [1 2]", "1:8: error: expected ',' or ']' in the array, found '2'");
	CHECK_ERROR("a = [,]", "1:6: error: expected a value, found ','");
	CHECK_ERROR("a = {b = 1,}", "1:12: error: trailing comma not allowed in an inline table");
	CHECK_ERROR("a = {b = 1\n}", "1:11: error: expected ',' or '}' in the inline table, found end of line");
	CHECK_ERROR("a = {\n}", "1:6: error: newlines are not allowed in an inline table");
	CHECK_ERROR("a b = 1", "1:3: error: expected '=' after the key, found 'b'");
	CHECK_ERROR("= 1", "1:1: error: expected a key, found '='");
	CHECK_ERROR("[a", "1:3: error: expected ']' to close the table header, found end of file");
	CHECK_ERROR("[[a]", "1:5: error: expected ']]' to close the table header, found end of file");
	CHECK_ERROR("[a] b = 1", "1:5: error: expected the end of the line, found 'b'");
	CHECK_ERROR("\"\"\"k\"\"\" = 1", "1:1: error: a multi-line string cannot be a key");
	CHECK_ERROR("a = 1 b = 2", "1:7: error: expected the end of the line, found 'b'");
	/* a byte order mark is allowed only at the very start */
	CHECK_ERROR("a = 1\n\xEF\xBB\xBF", "2:1: error: expected a key, found character U+FEFF");
}

static void test_redefinition_errors(void)
{
	CHECK_ERROR("a = 1\na = 2", "2:1: error: duplicate key 'a'");
	CHECK_ERROR("a = 1\n'a' = 2", "2:1: error: duplicate key 'a'");
	CHECK_ERROR("a.b = 1\na.b = 2", "2:3: error: duplicate key 'a.b'");
	CHECK_ERROR("a = 1\na.b = 2", "2:1: error: key 'a' is already defined as an integer");
	CHECK_ERROR("[a]\n[a]", "2:2: error: table 'a' is defined more than once");
	CHECK_ERROR("[a.b]\n[a]\n[a]", "3:2: error: table 'a' is defined more than once");
	CHECK_ERROR("[a]\nb.c = 1\n[a.b]", "3:4: error: table 'a.b' is already defined by dotted keys");
	CHECK_ERROR("a = {b = 1}\n[a]", "2:2: error: table 'a' is already defined as an inline table");
	CHECK_ERROR("a = {b = 1}\n[a.c]", "2:2: error: cannot add to inline table 'a'");
	CHECK_ERROR("a = {b = 1}\na.c = 2", "2:1: error: cannot add to inline table 'a'");
	CHECK_ERROR("a = {b = {c = 1}, b.d = 2}", "1:19: error: cannot add to inline table 'b'");
	CHECK_ERROR("a = []\n[[a]]", "2:3: error: cannot append to static array 'a'");
	CHECK_ERROR("a = [{}]\n[a.b]", "2:2: error: cannot add to 'a': it is a static array");
	CHECK_ERROR("[[a]]\n[a]", "2:2: error: table 'a' is already defined as an array of tables");
	CHECK_ERROR("[a]\n[[a]]", "2:3: error: key 'a' is already defined as a table, not an array of tables");
	CHECK_ERROR("[a.b.c]\n[a]\nb.c.d = 1", "3:3: error: cannot add to table 'b.c' with dotted keys: it is defined elsewhere");
	CHECK_ERROR("[[a.b]]\n[a]\nb.y = 2", "3:1: error: key 'b' is already defined as an array");
	CHECK_ERROR("[a.b.c]\n[a]\nb.d = 1\n[a.b]", "4:4: error: table 'a.b' is already defined by dotted keys");
}

static void test_valid_table_rules(void)
{
	static const char *const ok[] = {
		"[a.b.c]\n[a]\n[a.b]",			/* implicit, then defined */
		"[a]\nb.c = 1\nb.d = 2\n[a.b.e]",	/* sub-table of a dotted one */
		"[[a]]\n[a.b]\n[[a]]\n[a.b]",		/* each element has its own */
		"[[a.b]]\n[[a.b]]\n[a]",
		"a.b.c = 1\na.d = 2\n[x]",
		"[a.b.c]\nz = 9\n[a]\nb.d = 1",		/* tomllib accepts this too */
		"a = [{b = 1}, {b = 1}]",
		"\xEF\xBB\xBF" "a = 1",
		"",
		"\n\r\n  # only a comment",
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct toml_value *doc = parse(ok[i]);

		if (!CHECK(doc != NULL))
			fprintf(stderr, "  in case %zu\n", i);
		toml_free(doc);
	}
}

static void test_depth_limit(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct toml_value *doc;
	size_t i;
	char want[100];

	/* the root is level 0, so a = [[...]] may have 128 arrays */
	sb_adds(&sb, "a = ");
	for (i = 0; i < TOML_MAX_DEPTH; i++)
		sb_addc(&sb, '[');
	sb_addc(&sb, '1');
	for (i = 0; i < TOML_MAX_DEPTH; i++)
		sb_addc(&sb, ']');
	doc = parse(sb.buf);
	CHECK(doc != NULL);
	toml_free(doc);
	sb_reset(&sb);
	sb_adds(&sb, "a = ");
	for (i = 0; i < TOML_MAX_DEPTH + 1; i++)
		sb_addc(&sb, '[');
	snprintf(want, sizeof(want), "wheelwright: t.toml:1:%d: error: nesting too deep (the limit is 128 levels)", 4 + TOML_MAX_DEPTH + 1);
	check_error(sb.buf, sb.len, want);

	/* a million brackets or braces must fail cleanly, not blow the stack */
	sb_reset(&sb);
	sb_adds(&sb, "a = ");
	for (i = 0; i < 1000000; i++)
		sb_adds(&sb, "{b=");
	check_error(sb.buf, sb.len, "wheelwright: t.toml:1:389: error: nesting too deep (the limit is 128 levels)");

	/* dotted keys and headers count too */
	sb_reset(&sb);
	sb_adds(&sb, "[a");
	for (i = 0; i < 200; i++)
		sb_adds(&sb, ".a");
	sb_adds(&sb, "]");
	check_error(sb.buf, sb.len, "wheelwright: t.toml:1:258: error: key has more than 128 parts");
	sb_reset(&sb);
	for (i = 0; i < 64; i++)
		sb_addf(&sb, "%sk", i ? "." : "[");
	sb_adds(&sb, "]\n");
	/* the header's table is level 64; the 65th dotted part is 129 */
	for (i = 0; i < 66; i++)
		sb_addf(&sb, "%sk", i ? "." : "");
	sb_adds(&sb, " = 1\n");
	snprintf(want, sizeof(want), "wheelwright: t.toml:2:%d: error: nesting too deep (the limit is 128 levels)", 2 * 65 - 1);
	check_error(sb.buf, sb.len, want);
	sb_release(&sb);
}

/* 200000 keys in one table and one array: linear, and all found. */
static void test_big_table(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct toml_value *doc;
	char key[32];
	size_t i, n = 200000, found = 0;

	for (i = 0; i < n; i++)
		sb_addf(&sb, "k%zu = %zu\n", i, i);
	sb_adds(&sb, "arr = [");
	for (i = 0; i < n; i++)
		sb_addf(&sb, "%zu,", i);
	sb_adds(&sb, "]\n");
	doc = parse(sb.buf);
	CHECK(doc != NULL);
	for (i = 0; doc && i < n; i++) {
		const struct toml_value *v;

		snprintf(key, sizeof(key), "k%zu", i);
		v = toml_get(doc, key);
		found += v && v->u.integer == (int64_t)i;
	}
	CHECK_INT(found, n);
	CHECK_INT(toml_array_count(toml_get(doc, "arr")), n);
	CHECK(toml_get(doc, "k200000") == NULL);
	/* a duplicate far down is still found through the index */
	sb_adds(&sb, "k123456 = 0\n");
	check_error(sb.buf, sb.len, "wheelwright: t.toml:200002:1: error: duplicate key 'k123456'");
	toml_free(doc);
	sb_release(&sb);
}

int main(void)
{
	RUN(test_scalars);
	RUN(test_strings);
	RUN(test_datetimes);
	RUN(test_tables_and_arrays);
	RUN(test_locations);
	RUN(test_syntax_errors);
	RUN(test_redefinition_errors);
	RUN(test_valid_table_rules);
	RUN(test_depth_limit);
	RUN(test_big_table);
	return unit_end();
}
