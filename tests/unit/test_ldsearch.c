/*
 * The loader's search order (repair/ldsearch.h) in a root file system made
 * here: ELF headers of chosen CPUs in chosen folders, an ld.so.cache, and
 * objects with DT_RPATH, DT_RUNPATH, $ORIGIN, DF_1_NODEFLIB.
 */
#include "unit.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/strbuf.h"
#include "formats/ldcache.h"
#include "ldcache_fixture.h"
#include "repair/ldsearch.h"

#include <stdlib.h>
#include <unistd.h>

static char *root;

/* An ELF header (64 bytes) for machine at root + rel, folders made. */
static void fake_elf(const char *rel, unsigned machine, int is64, int msb,
		     uint32_t flags)
{
	struct strbuf path = STRBUF_INIT, h = STRBUF_INIT;
	struct err e = ERR_INIT;
	char *dir;

	sb_addf(&path, "%s%s", root, rel);
	dir = path_dirname(path.buf);
	CHECK_INT(mkdir_p(dir, &e), 0);
	sb_add(&h, "\177ELF", 4);
	zeros(&h, 60);
	h.buf[4] = is64 ? 2 : 1;
	h.buf[5] = msb ? 2 : 1;
	h.buf[6] = 1;
	put(&h, 16, 3, 2, msb);			/* ET_DYN */
	put(&h, 18, machine, 2, msb);
	put(&h, is64 ? 48 : 36, flags, 4, msb);
	CHECK_INT(write_file_atomic(path.buf, h.buf, h.len, &e), 0);
	free(dir);
	sb_release(&path);
	sb_release(&h);
	err_release(&e);
}

static const struct ld_want x86_64 = { 62, 1, 0, 0 };

static void setup(void)
{
	static const struct lib cached[] = {
		{ "libcached.so.1", "/weird/place/libcached.so.1", 0x303, 0 },
		{ "libhw.so.1", "/weird/v3/libhw.so.1", 0x303, (uint64_t)1 << 62 },
		{ "libhw.so.1", "/weird/base/libhw.so.1", 0x303, 0 },
		{ "libarm.so.1", "/weird/arm/libarm.so.1", 0xa03, 0 },
		{ "libarm.so.1", "/weird/x86/libarm.so.1", 0x303, 0 },
	};
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	struct err e = ERR_INIT;
	char tmpl[] = "/tmp/ww-ldsearch-XXXXXX";

	root = mkdtemp(tmpl) ? strdup(tmpl) : NULL;
	CHECK(root != NULL);
	fake_elf("/opt/rp/libA.so.1", 62, 1, 0, 0);
	fake_elf("/opt/run/libA.so.1", 62, 1, 0, 0);
	fake_elf("/env/libA.so.1", 62, 1, 0, 0);
	fake_elf("/lib/x86_64-linux-gnu/libA.so.1", 62, 1, 0, 0);
	fake_elf("/mod/sub/libA.so.1", 62, 1, 0, 0);
	fake_elf("/opt/rp/libB.so.1", 183, 1, 0, 0);	/* aarch64: passed over */
	fake_elf("/usr/lib64/libB.so.1", 62, 1, 0, 0);
	fake_elf("/usr/lib/libB.so.1", 62, 1, 0, 0);
	fake_elf("/usr/lib/libold.so.1", 62, 1, 0, 0);
	fake_elf("/usr/lib/libi386.so.1", 3, 0, 0, 0);
	fake_elf("/weird/place/libcached.so.1", 62, 1, 0, 0);
	fake_elf("/weird/v3/libhw.so.1", 62, 1, 0, 0);
	fake_elf("/weird/base/libhw.so.1", 62, 1, 0, 0);
	fake_elf("/weird/arm/libarm.so.1", 62, 1, 0, 0);
	fake_elf("/weird/x86/libarm.so.1", 62, 1, 0, 0);
	fake_elf("/usr/lib64/libc.so.6", 62, 1, 0, 0);
	fake_elf("/dst/usr/lib64/x/libD.so.1", 62, 1, 0, 0);
	fake_elf("/dst/x86_64/libE.so.1", 62, 1, 0, 0);
	fake_elf("/dst/$LIBX/libD.so.1", 62, 1, 0, 0);
	new_table(&sb, cached, 5, 0, 0);
	sb_addf(&path, "%s/etc", root);
	CHECK_INT(mkdir_p(path.buf, &e), 0);
	sb_adds(&path, "/ld.so.cache");
	CHECK_INT(write_file_atomic(path.buf, sb.buf, sb.len, &e), 0);
	sb_release(&sb);
	sb_release(&path);
	err_release(&e);
}

/* Where name is found for chain (NULL when not), relative to the root. */
static const char *find(const char *env, const char *name,
			const struct ld_object *const *chain, size_t n)
{
	static struct strbuf out = STRBUF_INIT;
	struct strbuf envs = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct ld_search s;
	int found;

	if (env)
		sb_addf(&envs, "%s%s", root, env);
	CHECK_INT(ld_search_init(&s, root, env ? envs.buf : NULL, &e), 0);
	sb_reset(&out);
	found = ld_search_find(&s, name, &x86_64, chain, n, &out);
	ld_search_release(&s);
	sb_release(&envs);
	err_release(&e);
	if (!found)
		return NULL;
	return out.buf + strlen(root);
}

static void test_rpath_env_runpath_order(void)
{
	struct ld_object rp = { "/opt/rp", NULL, NULL, 0 };
	struct ld_object run = { NULL, "/opt/run", NULL, 0 };
	struct ld_object both = { "/opt/rp", "/opt/run", NULL, 0 };
	struct ld_object none = { NULL, NULL, NULL, 0 };
	const struct ld_object *c1[] = { &rp }, *c2[] = { &run }, *c3[] = { &both };
	const struct ld_object *c4[] = { &none };

	CHECK_STR(find("/env", "libA.so.1", c1, 1), "/opt/rp/libA.so.1");
	CHECK_STR(find("/env", "libA.so.1", c2, 1), "/env/libA.so.1");
	CHECK_STR(find(NULL, "libA.so.1", c2, 1), "/opt/run/libA.so.1");
	/* a DT_RUNPATH turns the object's own DT_RPATH off */
	CHECK_STR(find(NULL, "libA.so.1", c3, 1), "/opt/run/libA.so.1");
	CHECK_STR(find(NULL, "libA.so.1", c4, 1), "/lib/x86_64-linux-gnu/libA.so.1");
}

static void test_inherited_rpath(void)
{
	struct ld_object module = { "/opt/rp", NULL, NULL, 0 };
	struct ld_object module_run = { "/opt/rp", "/nowhere", NULL, 0 };
	struct ld_object lib = { NULL, NULL, NULL, 0 };
	struct ld_object lib_run = { NULL, "/nowhere", NULL, 0 };
	const struct ld_object *c1[] = { &lib, &module };
	const struct ld_object *c2[] = { &lib_run, &module };
	const struct ld_object *c3[] = { &lib, &module_run };

	/* the loader's DT_RPATH serves its dependencies' needs too */
	CHECK_STR(find(NULL, "libA.so.1", c1, 2), "/opt/rp/libA.so.1");
	/* not when the needing object has a DT_RUNPATH */
	CHECK_STR(find(NULL, "libA.so.1", c2, 2), "/lib/x86_64-linux-gnu/libA.so.1");
	/* nor a loader's DT_RPATH that its own DT_RUNPATH turned off */
	CHECK_STR(find(NULL, "libA.so.1", c3, 2), "/lib/x86_64-linux-gnu/libA.so.1");
}

static void test_origin(void)
{
	struct strbuf origin = STRBUF_INIT, out = STRBUF_INIT;
	struct ld_object o1 = { "$ORIGIN/sub", NULL, NULL, 0 };
	struct ld_object o2 = { "${ORIGIN}/sub:/opt/rp", NULL, NULL, 0 };
	struct ld_object o3 = { "$LIB/sub:$PLATFORM:sub:$ORIGINX", NULL, NULL, 0 };
	const struct ld_object *c1[] = { &o1 }, *c2[] = { &o2 }, *c3[] = { &o3 };

	sb_addf(&origin, "%s/mod", root);
	o1.origin = o2.origin = o3.origin = origin.buf;
	CHECK_STR(find(NULL, "libA.so.1", c1, 1), "/mod/sub/libA.so.1");
	CHECK_STR(find(NULL, "libA.so.1", c2, 1), "/mod/sub/libA.so.1");
	/* $LIB, $PLATFORM, relative and unknown-token entries are skipped */
	CHECK_STR(find(NULL, "libA.so.1", c3, 1), "/lib/x86_64-linux-gnu/libA.so.1");
	/* without an origin, $ORIGIN entries are skipped */
	o1.origin = NULL;
	CHECK_STR(find(NULL, "libA.so.1", c1, 1), "/lib/x86_64-linux-gnu/libA.so.1");

	CHECK_INT(ld_expand_entry("$ORIGIN/../x", 12, "/a/b", NULL, &out), 0);
	CHECK_STR(out.buf, "/a/b/../x");
	sb_reset(&out);
	CHECK_INT(ld_expand_entry("${ORIGIN}", 9, "/a", NULL, &out), 0);
	CHECK_STR(out.buf, "/a");
	CHECK_INT(ld_expand_entry("$LIB", 4, "/a", NULL, &out), -1);
	CHECK_INT(ld_expand_entry("", 0, "/a", NULL, &out), -1);
	sb_release(&origin);
	sb_release(&out);
}

static void test_lib_platform(void)
{
	struct ld_dst dst = { "lib/x86_64-linux-gnu", "x86_64" };
	struct ld_object o = { "/dst/$LIB/x:/dst/${PLATFORM}", NULL, NULL, 0 };
	struct ld_object r = { "$LIB/x", NULL, NULL, 0 };
	struct ld_object l = { "/dst/$LIBX", NULL, NULL, 0 };
	const struct ld_object *c[] = { &o }, *cr[] = { &r }, *cl[] = { &l };
	struct strbuf out = STRBUF_INIT;
	static const struct { const char *in, *want; } cases[] = {
		{ "/o/$LIB/$PLATFORM", "/o/lib/x86_64-linux-gnu/x86_64" },
		{ "/o/${LIB}x/${PLATFORM}", "/o/lib/x86_64-linux-gnu" "x/x86_64" },
		{ "/o/$LIBX/$PLATFORMS/$", "/o/$LIBX/$PLATFORMS/$" },	/* no tokens */
		{ "$ORIGIN-x/${ORIGIN}_", "/m-x/" "/m_" },
		{ "/o/$ORIGINAL/${LIB", "/o/$ORIGINAL/${LIB" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_reset(&out);
		CHECK_INT(ld_expand_entry(cases[i].in, strlen(cases[i].in), "/m", &dst, &out), 0);
		CHECK_STR(out.buf, cases[i].want);
	}
	dst.platform = NULL;	/* a token without a value: the entry is skipped */
	CHECK_INT(ld_expand_entry("/o/$PLATFORM", 12, "/m", &dst, &out), -1);

	/* $LIB: where libc.so.6 is, relative to the root */
	CHECK_STR(find(NULL, "libD.so.1", c, 1), "/dst/usr/lib64/x/libD.so.1");
	CHECK_STR(find(NULL, "libE.so.1", c, 1), "/dst/x86_64/libE.so.1");
	/* "$LIB/x" expands to a relative folder: not searched */
	CHECK(find(NULL, "libD.so.1", cr, 1) == NULL);
	/* "$LIBX" is no token: a folder of that name, as for the loader */
	CHECK_STR(find(NULL, "libD.so.1", cl, 1), "/dst/$LIBX/libD.so.1");
	CHECK_STR(ld_platform(&x86_64), "x86_64");
	sb_release(&out);
}

static void test_cache_and_system(void)
{
	struct ld_object none = { NULL, NULL, NULL, 0 };
	struct ld_object nodef = { NULL, NULL, NULL, 1 };
	struct ld_object rp = { "/opt/rp", NULL, NULL, 0 };
	const struct ld_object *c[] = { &none }, *cn[] = { &nodef }, *crp[] = { &rp };

	CHECK_STR(find(NULL, "libcached.so.1", c, 1), "/weird/place/libcached.so.1");
	/* a glibc-hwcaps variant is passed over for the generic build */
	CHECK_STR(find(NULL, "libhw.so.1", c, 1), "/weird/base/libhw.so.1");
	/* an entry recorded for another ABI is passed over */
	CHECK_STR(find(NULL, "libarm.so.1", c, 1), "/weird/x86/libarm.so.1");
	/* wrong CPU in the search path: the search goes on; lib64 before lib */
	CHECK_STR(find(NULL, "libB.so.1", crp, 1), "/usr/lib64/libB.so.1");
	CHECK_STR(find(NULL, "libold.so.1", c, 1), "/usr/lib/libold.so.1");
	CHECK(find(NULL, "libi386.so.1", c, 1) == NULL);
	CHECK(find(NULL, "libcached.so.1", cn, 1) == NULL);
	CHECK(find(NULL, "libmissing.so.1", c, 1) == NULL);
	CHECK(find(NULL, "/usr/lib/libold.so.1", c, 1) == NULL);
}

static void test_file_matches(void)
{
	struct strbuf p = STRBUF_INIT;
	struct ld_want arm_hf = { 40, 0, 0, 1 }, arm_sf = { 40, 0, 0, 0 };
	struct ld_want s390x = { 22, 1, 1, 0 };

	fake_elf("/m/armhf.so", 40, 0, 0, 0x5000400);
	fake_elf("/m/s390x.so", 22, 1, 1, 0);
	sb_addf(&p, "%s/m/armhf.so", root);
	CHECK(ld_file_matches(p.buf, &arm_hf));
	CHECK(!ld_file_matches(p.buf, &arm_sf));
	CHECK(!ld_file_matches(p.buf, &x86_64));
	sb_reset(&p);
	sb_addf(&p, "%s/m/s390x.so", root);
	CHECK(ld_file_matches(p.buf, &s390x));
	sb_reset(&p);
	sb_addf(&p, "%s/etc/ld.so.cache", root);
	CHECK(!ld_file_matches(p.buf, &x86_64));
	sb_release(&p);
}

static void test_bad_cache(void)
{
	struct strbuf path = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct ld_search s;

	sb_addf(&path, "%s/etc/ld.so.cache", root);
	CHECK_INT(write_file_atomic(path.buf, "glibc-ld.so.cache1.1", 20, &e), 0);
	CHECK_INT(ld_search_init(&s, root, NULL, &e), -1);
	CHECK_STR(e.msg.buf, "truncated cache header at offset 0");
	CHECK_STR(e.file, path.buf);
	sb_release(&path);
	err_release(&e);
}

int main(void)
{
	struct err e = ERR_INIT;

	setup();
	RUN(test_rpath_env_runpath_order);
	RUN(test_inherited_rpath);
	RUN(test_origin);
	RUN(test_lib_platform);
	RUN(test_cache_and_system);
	RUN(test_file_matches);
	RUN(test_bad_cache);
	remove_tree(root, &e);
	err_release(&e);
	free(root);
	return unit_end();
}
