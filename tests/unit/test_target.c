#include "unit.h"
#include "core/linkpolicy.h"
#include "core/target.h"
#include "base/xalloc.h"

#include <stdlib.h>

static const char linux311[] =
	"implementation=cpython\nversion=3.11\nos=linux\narch=x86_64\n"
	"lib_dir=/usr/lib\ninclude_dir=/usr/include/python3.11\nshared=true\n";

static int load(struct target *t, const char *text, struct err *e)
{
	target_init(t);
	if (target_parse_text(t, text, strlen(text), "t.conf", e))
		return -1;
	return target_finish(t, e);
}

static void test_derives_linux_names(void)
{
	struct target t;
	struct err e = ERR_INIT;

	CHECK(load(&t, linux311, &e) == 0);
	CHECK_STR(t.soabi, "cpython-311-x86_64-linux-gnu");
	CHECK_STR(t.ext_suffix, ".cpython-311-x86_64-linux-gnu.so");
	CHECK_STR(t.python_tag, "cp311");
	CHECK_STR(t.abi_tag, "cp311");
	CHECK_STR(t.platform_tag, "linux_x86_64");
	CHECK_INT(t.pointer_width, 64);
	CHECK_INT(strlen(t.hash), 64);
	target_release(&t);
	err_release(&e);
}

static void test_text_round_trip(void)
{
	struct target a, b;
	struct err e = ERR_INIT;
	struct strbuf ta = STRBUF_INIT, tb = STRBUF_INIT;

	CHECK(load(&a, linux311, &e) == 0);
	target_to_text(&a, &ta);
	CHECK(load(&b, ta.buf, &e) == 0);
	target_to_text(&b, &tb);
	CHECK_STR(tb.buf, ta.buf);
	CHECK_STR(b.hash, a.hash);
	target_release(&a);
	target_release(&b);
	sb_release(&ta);
	sb_release(&tb);
	err_release(&e);
}

/* Invariant 1: changing any single stated field changes the hash. */
static void test_every_field_changes_hash(void)
{
	const char *const *keys = target_keys();
	struct target base;
	struct err e = ERR_INIT;
	struct strbuf text = STRBUF_INIT;

	CHECK(load(&base, linux311, &e) == 0);
	target_to_text(&base, &text);
	for (; *keys; keys++) {
		struct target t;
		struct strbuf mod = STRBUF_INIT;
		const char *v = "changed";

		if (target_key_is_derived(*keys))
			continue;
		if (!strcmp(*keys, "implementation"))
			v = "pypy";
		else if (!strcmp(*keys, "version"))
			v = "3.12";
		else if (!strcmp(*keys, "pointer_width"))
			v = "32";
		else if (!strcmp(*keys, "shared"))
			v = "false";
		else if (!strcmp(*keys, "gil_disabled") || !strcmp(*keys, "debug"))
			v = "true";
		else if (!strcmp(*keys, "abi3"))
			v = "3.9";
		else if (!strcmp(*keys, "os"))
			v = "aix";
		sb_add(&mod, text.buf, text.len);
		sb_addf(&mod, "%s=%s\n", *keys, v);
		target_init(&t);
		if (!CHECK(target_parse_text(&t, mod.buf, mod.len, "m", &e) == 0) ||
		    !CHECK(target_finish(&t, &e) == 0)) {
			fprintf(stderr, "  field %s: %s\n", *keys, e.msg.buf);
		} else if (!strcmp(t.hash, base.hash)) {
			fprintf(stderr, "  field %s did not change the hash\n", *keys);
			CHECK(0);
		}
		target_release(&t);
		sb_release(&mod);
	}
	target_release(&base);
	sb_release(&text);
	err_release(&e);
}

/* A stated tag cannot contradict the fields it is derived from. */
static void test_derived_keys_are_ignored_on_input(void)
{
	struct target a, b;
	struct err e = ERR_INIT;
	struct strbuf text = STRBUF_INIT;

	CHECK(load(&a, linux311, &e) == 0);
	sb_adds(&text, linux311);
	sb_adds(&text, "python_tag=cp27\nabi_tag=none\nmodule_suffix=.so\nhash=0\nlink_args=-lpython3.11\n");
	CHECK(load(&b, text.buf, &e) == 0);
	CHECK_STR(b.python_tag, "cp311");
	CHECK_STR(b.module_suffix, a.module_suffix);
	CHECK_STR(b.link_args, "-shared");
	CHECK_STR(b.hash, a.hash);
	target_release(&a);
	target_release(&b);
	sb_release(&text);
	err_release(&e);
}

static void test_pyo3_config_file(void)
{
	static const char pyo3[] =
		"implementation=CPython\nversion=3.9\nshared=true\nabi3=false\n"
		"lib_name=python3.9\nlib_dir=/opt/freeware/lib64\n"
		"executable=/opt/freeware/bin/python3.9\npointer_width=64\n"
		"build_flags=\nsuppress_build_script_link_lines=false\nos=aix\narch=ppc64\n";
	struct target t;
	struct err e = ERR_INIT;

	CHECK(load(&t, pyo3, &e) == 0);
	CHECK_STR(t.implementation, "cpython");
	CHECK_STR(t.link_args, "-shared -L/opt/freeware/lib64 -lpython3.9 -lintl -ldl -lm");
	target_release(&t);
	err_release(&e);
}

static void test_pyo3_build_flags_and_abi3(void)
{
	struct target t;
	struct err e = ERR_INIT;

	CHECK(load(&t, "implementation=CPython\nversion=3.12\nabi3=true\nbuild_flags=Py_DEBUG\n", &e) == 0);
	CHECK_STR(t.abi3, "3.12");
	CHECK_STR(t.abi_tag, "abi3");
	CHECK_STR(t.python_tag, "cp312");
	CHECK_STR(t.module_suffix, ".abi3.so");
	CHECK(t.debug == 1);
	target_release(&t);
	err_release(&e);
}

/* MISSION.md failure 5: Linux never names libpython, even when it is shared. */
static void test_link_policy_linux_never(void)
{
	struct target t;
	struct err e = ERR_INIT;

	CHECK(load(&t, linux311, &e) == 0);
	CHECK(t.shared);
	CHECK_STR(t.link_args, "-shared");
	CHECK(strstr(t.link_args, "python") == NULL);
	target_release(&t);
	err_release(&e);
}

static void check_policy(const char *text, const char *want_args,
			 const char *want_suffix)
{
	struct target t;
	struct err e = ERR_INIT;

	if (!CHECK(load(&t, text, &e) == 0)) {
		fprintf(stderr, "  %s\n", e.msg.buf);
		err_release(&e);
		return;
	}
	CHECK_STR(t.link_args, want_args);
	if (want_suffix)
		CHECK_STR(t.module_suffix, want_suffix);
	target_release(&t);
	err_release(&e);
}

static void test_link_policy_per_os(void)
{
	check_policy("implementation=cpython\nversion=3.9\nos=aix\narch=ppc64\nlib_dir=/opt/lib\n",
		     "-shared -L/opt/lib -lpython3.9 -lintl -ldl -lm", NULL);
	check_policy("implementation=cpython\nversion=3.12\nos=android\narch=aarch64\nlib_dir=/data/lib\n",
		     "-shared -L/data/lib -lpython3.12", NULL);
	check_policy("implementation=cpython\nversion=3.9\nos=cygwin\narch=x86_64\nlib_dir=/usr/lib\n",
		     "-shared -L/usr/lib -lpython3.9", NULL);
	check_policy("implementation=cpython\nversion=3.12\nos=macos\narch=arm64\n",
		     "-bundle -undefined dynamic_lookup", ".cpython-312-darwin.so");
	check_policy("implementation=cpython\nversion=3.11\nos=windows\narch=x86_64\n",
		     "-shared python311.lib", ".cp311-win_amd64.pyd");
	check_policy("implementation=cpython\nversion=3.11\nos=windows\narch=aarch64\nabi3=3.9\n",
		     "-shared python3.lib", ".pyd");
	check_policy("implementation=cpython\nversion=3.13\nos=windows\narch=x86_64\ngil_disabled=true\n",
		     "-shared python313t.lib", NULL);
	check_policy("implementation=cpython\nversion=3.12\nos=freebsd\narch=x86_64\n",
		     "-shared", NULL);
}

static void check_error(const char *text, int line, const char *want)
{
	struct target t;
	struct err e = ERR_INIT;

	target_init(&t);
	if (!CHECK(target_parse_text(&t, text, strlen(text), "bad.conf", &e) ||
		   target_finish(&t, &e))) {
		target_release(&t);
		return;
	}
	CHECK_INT(e.line, line);
	if (!strstr(e.msg.buf, want)) {
		fprintf(stderr, "  message '%s' lacks '%s'\n", e.msg.buf, want);
		CHECK(0);
	}
	target_release(&t);
	err_release(&e);
}

static void test_errors(void)
{
	check_error("implementation=cpython\nflavour=x\n", 2, "unknown key 'flavour'");
	check_error("implementation=cpython\njust words\n", 2, "expected 'key=value'");
	check_error("version=3\n", 1, "bad version '3'");
	check_error("version=three.eleven\n", 1, "bad version");
	check_error("shared=maybe\n", 1, "must be true or false");
	check_error("pointer_width=48\n", 1, "must be 32 or 64");
	check_error("implementation=jython\n", 1, "unknown implementation");
	check_error("format=7\n", 1, "unsupported format");
	check_error("build_flags=Py_FOO\n", 1, "unknown build flag");
	check_error("implementation=cpython\nversion=3.6\n", 0, "not supported");
	check_error("implementation=cpython\nversion=3.9\nabi3=3.10\n", 0, "newer than");
	check_error("implementation=pypy\nversion=3.9\nabi3=3.8\n", 0, "needs CPython");
	check_error("implementation=cpython\nversion=3.13\nabiflags=t\nabi3=3.9\n", 0, "free-threaded");
	check_error("implementation=cpython\nversion=3.13\nos=plan9\n", 0, "unknown os");
	check_error("version=3.11\n", 0, "no 'implementation'");
	/* Found by fuzz_target_config: an unknown arch printed pointer_width=0,
	 * a configuration that could not be read back. */
	check_error("implementation=cpython\nversion=3.12\nos=windows\narch=aarch63\n", 0,
		    "unknown arch 'aarch63'");
}

int main(void)
{
	RUN(test_derives_linux_names);
	RUN(test_text_round_trip);
	RUN(test_every_field_changes_hash);
	RUN(test_derived_keys_are_ignored_on_input);
	RUN(test_pyo3_config_file);
	RUN(test_pyo3_build_flags_and_abi3);
	RUN(test_link_policy_linux_never);
	RUN(test_link_policy_per_os);
	RUN(test_errors);
	return unit_end();
}
