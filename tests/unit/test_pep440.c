/*
 * PEP 440 versions. Expected forms were checked against packaging 26
 * (str(Version(s)) and canonicalize_version(s)); tests/e2e/
 * test_pep440_pep508.py compares with it live on many more inputs.
 */
#include "unit.h"
#include "base/err.h"
#include "base/strbuf.h"
#include "formats/pep440.h"

static void check_norm(const char *in, const char *normalized,
		       const char *canonical)
{
	struct pep440_version v;
	struct err e = ERR_INIT;
	struct strbuf sb = STRBUF_INIT;

	pep440_version_init(&v);
	if (!CHECK(pep440_parse(in, strlen(in), &v, &e) == 0)) {
		fprintf(stderr, "  '%s': %s\n", in, e.msg.buf);
	} else {
		pep440_format(&v, 0, &sb);
		CHECK_STR(sb.buf, normalized);
		sb_reset(&sb);
		pep440_format(&v, 1, &sb);
		CHECK_STR(sb.buf, canonical);
	}
	sb_release(&sb);
	err_release(&e);
	pep440_version_release(&v);
}

static void check_invalid(const char *in, const char *msg)
{
	struct pep440_version v;
	struct err e = ERR_INIT;

	pep440_version_init(&v);
	CHECK(pep440_parse(in, strlen(in), &v, &e) < 0);
	CHECK_STR(e.msg.buf, msg);
	CHECK(v.release == NULL && v.local == NULL);
	err_release(&e);
	pep440_version_release(&v);
}

static void test_normal_forms(void)
{
	check_norm("1.0", "1.0", "1");
	check_norm("v1.0RC1", "1.0rc1", "1rc1");
	check_norm("1!2.0-1", "1!2.0.post1", "1!2.post1");
	check_norm("1.0.dev", "1.0.dev0", "1.dev0");
	check_norm("1.0+Ubuntu-001.A", "1.0+ubuntu.1.a", "1+ubuntu.1.a");
	check_norm(" 1.0a.post. ", "1.0a0.post0", "1a0.post0");
	check_norm("1.0.0.0", "1.0.0.0", "1");
	check_norm("01.02.03", "1.2.3", "1.2.3");
	check_norm("1.0_alpha_3", "1.0a3", "1a3");
	check_norm("1.0-r5", "1.0.post5", "1.post5");
	check_norm("2.0.0preview", "2.0.0rc0", "2rc0");
	check_norm("1.0a1.post2.dev3+x", "1.0a1.post2.dev3+x", "1a1.post2.dev3+x");
	check_norm("0", "0", "0");
	check_norm("18446744073709551615", "18446744073709551615", "18446744073709551615");
}

static void test_invalid(void)
{
	check_invalid("1.0x", "invalid version '1.0x': unexpected text at 'x'");
	check_invalid("", "invalid version '': expected a release number like 1.2");
	check_invalid("1..0", "invalid version '1..0': unexpected text at '..0'");
	check_invalid("1.0+", "invalid version '1.0+': unexpected text at '+'");
	check_invalid("1.0a1a2", "invalid version '1.0a1a2': unexpected text at 'a2'");
	check_invalid("18446744073709551616", "invalid version '18446744073709551616': a number is too large");
	check_invalid("1.0 a1", "invalid version '1.0 a1': unexpected text at 'a1'");
	{
		struct pep440_version v;
		struct err e = ERR_INIT;

		pep440_version_init(&v);
		CHECK(pep440_parse("1.0\0", 4, &v, &e) < 0);
		CHECK_STR(e.msg.buf, "invalid version: it contains a NUL byte");
		err_release(&e);
	}
}

static int cmp(const char *a, const char *b)
{
	struct pep440_version va, vb;
	struct err e = ERR_INIT;
	int r;

	pep440_version_init(&va);
	pep440_version_init(&vb);
	CHECK(pep440_parse(a, strlen(a), &va, &e) == 0);
	CHECK(pep440_parse(b, strlen(b), &vb, &e) == 0);
	r = pep440_compare(&va, &vb);
	pep440_version_release(&va);
	pep440_version_release(&vb);
	err_release(&e);
	return r < 0 ? -1 : r > 0;
}

static void test_order(void)
{
	/* PEP 440's own example of the order, each before the next */
	static const char *const seq[] = {
		"1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12",
		"1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345",
		"1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5",
		"1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1", "1!0.1",
	};
	size_t i;

	for (i = 0; i + 1 < sizeof(seq) / sizeof(seq[0]); i++) {
		if (!CHECK_INT(cmp(seq[i], seq[i + 1]), -1))
			fprintf(stderr, "  %s < %s\n", seq[i], seq[i + 1]);
		CHECK_INT(cmp(seq[i + 1], seq[i]), 1);
	}
	CHECK_INT(cmp("1.0", "1.0.0"), 0);
	CHECK_INT(cmp("1.0+A.01", "1.0+a.1"), 0);
	CHECK_INT(cmp("1.0+a", "1.0+a.0"), -1);
	CHECK_INT(cmp("1.0+b", "1.0+1"), -1);
	CHECK_INT(cmp("1.0+10", "1.0+9"), 1);
}

static void test_match_prefix(void)
{
	struct pep440_version v;
	struct err e = ERR_INIT;
	size_t n = 99;

	pep440_version_init(&v);
	CHECK(pep440_match("1.0a1+local, rest", 17, PEP440_ALLOW_LOCAL, &v, &n, &e) == 0);
	CHECK_INT(n, 11);
	CHECK_STR(v.local, "local");
	CHECK(pep440_match("1.0a1+local", 11, 0, &v, &n, &e) == 0);
	CHECK_INT(n, 5);
	CHECK(pep440_match("2.3.*", 5, PEP440_RELEASE_ONLY, &v, &n, &e) == 0);
	CHECK_INT(n, 3);
	CHECK(pep440_match("x1", 2, 0, &v, &n, &e) == 0);
	CHECK_INT(n, 0);
	pep440_version_release(&v);
	err_release(&e);
}

int main(void)
{
	RUN(test_normal_forms);
	RUN(test_invalid);
	RUN(test_order);
	RUN(test_match_prefix);
	return unit_end();
}
