/* The policy matcher (audit/policy_match.h) over the generated tables. */
#include "unit.h"
#include "audit/policy_match.h"

#include <string.h>

static const char *best_name(enum policy_libc libc, const char *arch,
			     const struct policy_needs *n)
{
	static char buf[64];
	struct strbuf sb = STRBUF_INIT;

	policy_tag(policy_best(libc, arch, n), arch, &sb);
	snprintf(buf, sizeof(buf), "%s", sb.buf);
	sb_release(&sb);
	return buf;
}

static void test_table_shape(void)
{
	size_t i, glibc = 0, musl = 0;
	int prev = 1000;

	CHECK_STR(policy_table[0].name, "linux");
	CHECK_INT(policy_table[0].priority, 0);
	for (i = 1; i < policy_table_nr; i++) {
		const struct policy *p = &policy_table[i];

		if (p->libc == POLICY_GLIBC)
			glibc++;
		if (p->libc == POLICY_MUSL)
			musl++;
		/* within a family, from the highest priority down */
		if (i > 1 && p->libc == policy_table[i - 1].libc)
			CHECK(p->priority < prev);
		prev = p->priority;
	}
	CHECK_INT(glibc, 16);
	CHECK_INT(musl, 2);
}

static void test_from_tag(void)
{
	struct strbuf arch = STRBUF_INIT;
	const struct policy *p;

	p = policy_from_tag("manylinux_2_17_x86_64", &arch);
	CHECK(p && !strcmp(p->name, "manylinux_2_17"));
	CHECK_STR(arch.buf, "x86_64");
	p = policy_from_tag("manylinux2014_aarch64", &arch);
	CHECK(p && !strcmp(p->name, "manylinux_2_17"));
	CHECK_STR(arch.buf, "aarch64");
	p = policy_from_tag("manylinux1_i686", &arch);
	CHECK(p && !strcmp(p->name, "manylinux_2_5"));
	p = policy_from_tag("manylinux2010_x86_64", &arch);
	CHECK(p && !strcmp(p->name, "manylinux_2_12"));
	p = policy_from_tag("musllinux_1_2_armv7l", &arch);
	CHECK(p && !strcmp(p->name, "musllinux_1_2") && p->libc == POLICY_MUSL);
	CHECK_STR(arch.buf, "armv7l");
	p = policy_from_tag("linux_riscv64", &arch);
	CHECK(p && p->libc == POLICY_ANY);
	CHECK_STR(arch.buf, "riscv64");
	/* manylinux_2_24 is not manylinux_2_2 + "4_x86_64" */
	p = policy_from_tag("manylinux_2_24_x86_64", &arch);
	CHECK(p && !strcmp(p->name, "manylinux_2_24"));
	CHECK(!policy_from_tag("manylinux_2_99_x86_64", &arch));
	CHECK(!policy_from_tag("win_amd64", &arch));
	CHECK(!policy_from_tag("manylinux_2_17", &arch));
	sb_release(&arch);
}

static void test_tags_with_aliases(void)
{
	struct strbuf sb = STRBUF_INIT, arch = STRBUF_INIT;
	const struct policy *p;

	p = policy_from_tag("manylinux_2_17_s390x", &arch);
	policy_tags(p, arch.buf, &sb);
	CHECK_STR(sb.buf, "manylinux_2_17_s390x.manylinux2014_s390x");
	sb_reset(&sb);
	p = policy_from_tag("manylinux_2_28_x86_64", &arch);
	policy_tags(p, arch.buf, &sb);
	CHECK_STR(sb.buf, "manylinux_2_28_x86_64");
	sb_release(&sb);
	sb_release(&arch);
}

static void test_version_cmp(void)
{
	CHECK(policy_version_cmp("2.9", "2.17") < 0);
	CHECK(policy_version_cmp("2.17", "2.17") == 0);
	CHECK(policy_version_cmp("3.4.19", "3.4.9") > 0);
	CHECK(policy_version_cmp("2.2.5", "2.2") > 0);
	CHECK(policy_version_cmp("1.3", "1.3.1") < 0);
}

static void test_max_version(void)
{
	struct strbuf arch = STRBUF_INIT;
	const struct policy *p = policy_from_tag("manylinux_2_17_x86_64", &arch);

	CHECK_STR(policy_max_version(p, "x86_64", "GLIBC"), "2.17");
	CHECK_STR(policy_max_version(p, "x86_64", "GLIBCXX"), "3.4.19");
	CHECK(!policy_max_version(p, "x86_64", "OPENSSL"));
	CHECK(!policy_max_version(p, "riscv64", "GLIBC"));	/* no such variant */
	sb_release(&arch);
}

/* The best policy walks from manylinux_2_5 down, as auditwheel does. */
static void test_best_by_glibc_version(void)
{
	struct policy_needs n;

	policy_needs_init(&n);
	CHECK_STR(best_name(POLICY_GLIBC, "x86_64", &n), "manylinux_2_5_x86_64");
	policy_needs_add_version(&n, "m.so", "libc.so.6", "GLIBC_2.2.5");
	policy_needs_add_version(&n, "m.so", "libc.so.6", "GLIBC_2.4");
	CHECK_STR(best_name(POLICY_GLIBC, "x86_64", &n), "manylinux_2_5_x86_64");
	policy_needs_add_version(&n, "m.so", "libc.so.6", "GLIBC_2.14");
	CHECK_STR(best_name(POLICY_GLIBC, "x86_64", &n), "manylinux_2_17_x86_64");
	policy_needs_add_version(&n, "lib.so", "libc.so.6", "GLIBC_2.34");
	CHECK_STR(best_name(POLICY_GLIBC, "x86_64", &n), "manylinux_2_34_x86_64");
	/* aarch64 has no policy older than manylinux_2_17 */
	policy_needs_release(&n);
	CHECK_STR(best_name(POLICY_GLIBC, "aarch64", &n), "manylinux_2_17_aarch64");
	/* a version no policy lists: only "linux" */
	policy_needs_add_version(&n, "m.so", "libc.so.6", "GLIBC_PRIVATE");
	CHECK_STR(best_name(POLICY_GLIBC, "x86_64", &n), "linux_x86_64");
	policy_needs_release(&n);
}

static void test_unconstrained_prefixes(void)
{
	struct policy_needs n;

	policy_needs_init(&n);
	/* policies say nothing about OpenSSL's or a vendored lib's versions */
	policy_needs_add_version(&n, "m.so", "libssl.so.3", "OPENSSL_3.0.0");
	policy_needs_add_version(&n, "m.so", "libfoo.so", "NOPREFIX");
	CHECK_STR(best_name(POLICY_GLIBC, "x86_64", &n), "manylinux_2_5_x86_64");
	/* but C++: GLIBCXX_3.4.21 came with manylinux_2_24's toolchain */
	policy_needs_add_version(&n, "m.so", "libstdc++.so.6", "GLIBCXX_3.4.21");
	CHECK_STR(best_name(POLICY_GLIBC, "x86_64", &n), "manylinux_2_24_x86_64");
	policy_needs_release(&n);
}

static void test_whitelist_and_libs(void)
{
	struct policy_needs n;

	policy_needs_init(&n);
	policy_needs_add_lib(&n, "m.so", "libc.so.6");
	policy_needs_add_lib(&n, "m.so", "libm.so.6");
	policy_needs_add_lib(&n, "m.so", "ld-linux-x86-64.so.2");	/* the loader */
	CHECK_STR(best_name(POLICY_GLIBC, "x86_64", &n), "manylinux_2_5_x86_64");
	policy_needs_add_lib(&n, "m.so", "libssl.so.3");
	CHECK_STR(best_name(POLICY_GLIBC, "x86_64", &n), "linux_x86_64");
	policy_needs_release(&n);
	CHECK(policy_is_libpython("libpython3.11.so.1.0"));
	CHECK(policy_is_libpython("libpython3.so"));
	CHECK(policy_is_libpython("libpython3.13t.so.1.0"));
	CHECK(policy_is_libpython("libpython3.7m.so"));
	CHECK(!policy_is_libpython("libpythonista.so"));
	CHECK(!policy_is_libpython("libpython3.11.a"));
	CHECK(policy_is_loader("ld64.so.2") && policy_is_loader("ld-musl-aarch64.so.1"));
	CHECK(!policy_is_loader("libc.so.6"));
}

static void test_musl(void)
{
	struct policy_needs n;

	policy_needs_init(&n);
	policy_needs_set_libc(&n, POLICY_MUSL);
	/* "libc.so" in the whitelist stands for the CPU's musl soname */
	policy_needs_add_lib(&n, "m.so", "libc.musl-x86_64.so.1");
	CHECK_STR(best_name(POLICY_MUSL, "x86_64", &n), "musllinux_1_1_x86_64");
	CHECK_STR(best_name(POLICY_MUSL, "loongarch64", &n), "linux_loongarch64");
	policy_needs_release(&n);
	policy_needs_set_libc(&n, POLICY_MUSL);
	policy_needs_add_lib(&n, "m.so", "libc.musl-x86.so.1");
	CHECK_STR(best_name(POLICY_MUSL, "i686", &n), "musllinux_1_1_i686");
	/* and not another CPU's */
	CHECK_STR(best_name(POLICY_MUSL, "x86_64", &n), "linux_x86_64");
	policy_needs_release(&n);
}

struct tally {
	int kinds[8];
	const char *last_what;
};

static void count(void *ctx, const struct policy_violation *v)
{
	struct tally *t = ctx;

	t->kinds[v->kind]++;
	t->last_what = v->what;
}

static void test_violations(void)
{
	struct strbuf arch = STRBUF_INIT;
	const struct policy *p = policy_from_tag("manylinux_2_5_x86_64", &arch);
	struct policy_needs n;
	struct tally t;

	policy_needs_init(&n);
	policy_needs_set_libc(&n, POLICY_GLIBC);
	policy_needs_add_version(&n, "a.so", "libc.so.6", "GLIBC_2.17");
	policy_needs_add_version(&n, "a.so", "libc.so.6", "GLIBC_2.17");	/* once */
	policy_needs_add_lib(&n, "a.so", "libfoo.so.1");
	/* manylinux_2_5 blacklists libz internals */
	CHECK(policy_any_blacklists("libz.so.1", "_tr_flush_block"));
	CHECK(!policy_any_blacklists("libz.so.1", "deflate"));
	policy_needs_add_sym(&n, "a.so", "libz.so.1", "_tr_flush_block");
	policy_needs_set_isa(&n, "b.so", 3);
	memset(&t, 0, sizeof(t));
	CHECK_INT(policy_check(p, "x86_64", &n, count, &t), 4);
	CHECK_INT(t.kinds[PV_VERSION], 1);
	CHECK_INT(t.kinds[PV_LIB], 1);
	CHECK_INT(t.kinds[PV_BLACKLIST], 1);
	CHECK_INT(t.kinds[PV_ISA], 1);
	/* the ISA level only matters on x86-64 */
	memset(&t, 0, sizeof(t));
	p = policy_from_tag("manylinux_2_17_aarch64", &arch);
	policy_check(p, "aarch64", &n, count, &t);
	CHECK_INT(t.kinds[PV_ISA], 0);
	/* a policy without the CPU */
	memset(&t, 0, sizeof(t));
	p = policy_from_tag("manylinux_2_5_x86_64", &arch);
	CHECK_INT(policy_check(p, "aarch64", &n, count, &t), 1);
	CHECK_INT(t.kinds[PV_NO_ARCH], 1);
	/* glibc binaries under a musllinux policy */
	memset(&t, 0, sizeof(t));
	p = policy_from_tag("musllinux_1_2_x86_64", &arch);
	policy_check(p, "x86_64", &n, count, &t);
	CHECK_INT(t.kinds[PV_LIBC], 1);
	/* "linux" accepts anything */
	CHECK_INT(policy_check(policy_linux(), "x86_64", &n, NULL, NULL), 0);
	policy_needs_release(&n);
	sb_release(&arch);
}

int main(void)
{
	RUN(test_table_shape);
	RUN(test_from_tag);
	RUN(test_tags_with_aliases);
	RUN(test_version_cmp);
	RUN(test_max_version);
	RUN(test_best_by_glibc_version);
	RUN(test_unconstrained_prefixes);
	RUN(test_whitelist_and_libs);
	RUN(test_musl);
	RUN(test_violations);
	return unit_end();
}
