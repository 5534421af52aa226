/*
 * PEP 508 requirements. Expected forms were checked against packaging 26
 * (str(Requirement(s))); tests/e2e/test_pep440_pep508.py compares with
 * it live on many more inputs.
 */
#include "unit.h"
#include "base/err.h"
#include "base/strbuf.h"
#include "formats/pep508.h"

static void check_norm(const char *in, const char *want)
{
	struct pep508_requirement r;
	struct err e = ERR_INIT;
	struct strbuf sb = STRBUF_INIT;

	pep508_requirement_init(&r);
	if (!CHECK(pep508_parse(in, strlen(in), &r, NULL, &e) == 0)) {
		fprintf(stderr, "  '%s': %s\n", in, e.msg.buf);
	} else {
		pep508_format(&r, &sb);
		CHECK_STR(sb.buf, want);
	}
	sb_release(&sb);
	err_release(&e);
	pep508_requirement_release(&r);
}

static void check_invalid(const char *in, size_t where, const char *msg)
{
	struct pep508_requirement r;
	struct err e = ERR_INIT;
	size_t at = 999;

	pep508_requirement_init(&r);
	CHECK(pep508_parse(in, strlen(in), &r, &at, &e) < 0);
	CHECK_INT(at, where);
	CHECK_STR(e.msg.buf, msg);
	CHECK(r.name == NULL && r.nspecs == 0 && r.marker == NULL);
	err_release(&e);
	pep508_requirement_release(&r);
}

static void test_parts(void)
{
	struct pep508_requirement r;
	struct err e = ERR_INIT;
	const char *in = " Foo [bar, Baz] ( >= 1.0 , <2 ) ; os.name == 'nt' ";

	pep508_requirement_init(&r);
	CHECK(pep508_parse(in, strlen(in), &r, NULL, &e) == 0);
	CHECK_STR(r.name, "Foo");
	CHECK_INT(r.nextras, 2);
	CHECK_STR(r.extras[1], "Baz");
	CHECK_INT(r.nspecs, 2);
	CHECK_STR(r.specs[0].op, ">=");
	CHECK_STR(r.specs[0].version, "1.0");
	CHECK_STR(r.specs[1].op, "<");
	CHECK(r.url == NULL);
	CHECK_STR(r.marker, "os_name == \"nt\"");
	pep508_requirement_release(&r);

	in = "pkg @ https://example.org/pkg-1.0.whl";
	CHECK(pep508_parse(in, strlen(in), &r, NULL, &e) == 0);
	CHECK_STR(r.url, "https://example.org/pkg-1.0.whl");
	CHECK(r.marker == NULL && r.nspecs == 0);
	pep508_requirement_release(&r);
	err_release(&e);
}

static void test_normal_forms(void)
{
	check_norm("Foo [bar, Baz] >= 1.0 , <2 ; python_version < \"3.8\" and (os.name == \"nt\" or extra == \"Test_X\")",
		   "Foo[Baz,bar]<2,>=1.0; python_version < \"3.8\" and (os_name == \"nt\" or extra == \"test-x\")");
	check_norm("name @ https://x/y.whl ; sys_platform=='linux'",
		   "name @ https://x/y.whl ; sys_platform == \"linux\"");
	check_norm("a (==1.0.*)", "a==1.0.*");
	check_norm("b==1.0,==1.0.0,>=2", "b==1.0,>=2");
	check_norm("c; ((python_version<'3'))", "c; python_version < \"3\"");
	check_norm("d; 'X_Y' in extras", "d; \"x-y\" in extras");
	check_norm("e===1.0,<2", "e<2,===1.0");
	check_norm("f>=1.0,", "f>=1.0");
	check_norm("g; platform_machine == \"x'y\" or python_implementation != 'PyPy'",
		   "g; platform_machine == \"x'y\" or platform_python_implementation != \"PyPy\"");
	check_norm("h[a,a]", "h[a]");
	check_norm("i_", "i_");
}

static void test_errors(void)
{
	check_invalid("", 0, "expected a project name");
	check_invalid("-a", 0, "expected a project name");
	check_invalid("name[a b]", 7, "expected a comma between extra names");
	check_invalid("name[a", 4, "expected ']' to close the extras");
	check_invalid("name >= 1.0 <2", 12, "expected ',' between version specifiers, ';' before a marker, or the end");
	check_invalid("name>=1.0.*", 4, "a '.*' suffix can only be used with the '==' or '!=' operators");
	check_invalid("name==1.0a1.*", 4, "a '.*' suffix cannot be used with pre-release, post-release, dev or local versions");
	check_invalid("name<1.0+local", 4, "a local version label can only be used with the '==' or '!=' operators");
	check_invalid("name~=1", 4, "expected a version specifier, ';' before a marker, or the end");
	check_invalid("name===1.0,x", 11, "invalid version specifier after ','");
	check_invalid("name @ https://x y", 17, "expected ';' before a marker, or the end, after the URL and a blank");
	check_invalid("name; python_version < '3' xor", 27, "unexpected text after the requirement");
	check_invalid("name; foo == '1'", 6, "expected a marker variable or a quoted string");
	check_invalid("name; python_version <> '1'", 22, "expected a marker variable or a quoted string");
	check_invalid("name; 'a' notin os_name", 10, "expected a marker operator: one of <=, <, !=, ==, >=, >, ~=, ===, in, not in");
	check_invalid("name; os_name == 'a", 17, "unterminated string in the marker");
	check_invalid("name; os_name == 'a\\b'", 19, "backslashes are not allowed in marker strings");
	check_invalid("name; (os_name == 'a'", 6, "expected ')' to close the marker group");
	{
		struct pep508_requirement r;
		struct err e = ERR_INIT;
		size_t at;

		pep508_requirement_init(&r);
		CHECK(pep508_parse("name\0x", 6, &r, &at, &e) < 0);
		CHECK_INT(at, 4);
		err_release(&e);
	}
}

static void test_deep_marker(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct pep508_requirement r;
	struct err e = ERR_INIT;
	int i;

	sb_adds(&sb, "a;");
	for (i = 0; i < 100000; i++)
		sb_addc(&sb, '(');
	pep508_requirement_init(&r);
	CHECK(pep508_parse(sb.buf, sb.len, &r, NULL, &e) < 0);
	CHECK_STR(e.msg.buf, "marker groups nest too deeply");
	err_release(&e);
	sb_release(&sb);
}

static void test_canonical_name(void)
{
	struct strbuf sb = STRBUF_INIT;

	pep508_canonical_name("Zope.Interface__x-._Y", &sb);
	CHECK_STR(sb.buf, "zope-interface-x-y");
	sb_release(&sb);
}

int main(void)
{
	RUN(test_parts);
	RUN(test_normal_forms);
	RUN(test_errors);
	RUN(test_deep_marker);
	RUN(test_canonical_name);
	return unit_end();
}
