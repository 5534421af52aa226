#include "interp.h"
#include "discover.h"
#include "interp_cache.h"
#include "../base/xalloc.h"
#include "../platform/proc.h"

#include <stdlib.h>
#include <string.h>

/*
 * Runs on Python 2.7 too (so that old interpreters can be named as
 * unsupported rather than as broken). Prints key=value lines.
 */
static const char query_script[] =
	"import sys, os, sysconfig\n"
	"v = sysconfig.get_config_var\n"
	"try:\n"
	"    import importlib.machinery as m\n"
	"    sfx = ' '.join(m.EXTENSION_SUFFIXES)\n"
	"except Exception:\n"
	"    sfx = ''\n"
	"def out(k, x):\n"
	"    if x is None: x = ''\n"
	"    if x is True or x is False: x = int(x)\n"
	"    sys.stdout.write('%s=%s\\n' % (k, str(x).replace('\\n', ' ')))\n"
	"paths = sysconfig.get_paths()\n"
	"out('wheelwright_query', 1)\n"
	"out('implementation', getattr(getattr(sys, 'implementation', None), 'name', 'cpython'))\n"
	"out('version', '%d.%d' % sys.version_info[:2])\n"
	"out('full_version', '%d.%d.%d' % sys.version_info[:3])\n"
	"out('abiflags', getattr(sys, 'abiflags', ''))\n"
	"out('soabi', v('SOABI'))\n"
	"out('ext_suffix', v('EXT_SUFFIX') or v('SO'))\n"
	"out('ext_suffixes', sfx)\n"
	"out('multiarch', v('MULTIARCH'))\n"
	"out('platform', sysconfig.get_platform())\n"
	"out('pointer_width', 64 if sys.maxsize > 2**32 else 32)\n"
	"out('byteorder', sys.byteorder)\n"
	"out('sys_platform', sys.platform)\n"
	"out('shared', v('Py_ENABLE_SHARED') or 0)\n"
	"out('ldlibrary', v('LDLIBRARY'))\n"
	"out('ldversion', v('LDVERSION'))\n"
	"out('lib_dir', v('LIBDIR'))\n"
	"out('include_dir', v('INCLUDEPY'))\n"
	"out('platinclude', paths.get('platinclude'))\n"
	"out('gil_disabled', v('Py_GIL_DISABLED') or 0)\n"
	"out('py_debug', v('Py_DEBUG') or 0)\n"
	"out('executable', sys.executable)\n"
	"out('purelib', paths.get('purelib'))\n"
	"out('platlib', paths.get('platlib'))\n"
	"out('scripts', paths.get('scripts'))\n"
	"out('data', paths.get('data'))\n"
	"try:\n"
	"    out('dep', os.path.realpath(sysconfig.__file__))\n"
	"    n = sysconfig._get_sysconfigdata_name()\n"
	"    out('dep', os.path.realpath(__import__(n).__file__))\n"
	"except Exception:\n"
	"    pass\n";

void interp_init(struct interp *ip)
{
	memset(ip, 0, sizeof(*ip));
	target_init(&ip->target);
}

void interp_release(struct interp *ip)
{
	free(ip->path);
	free(ip->real_path);
	free(ip->full_version);
	free(ip->purelib);
	free(ip->platlib);
	free(ip->scripts);
	free(ip->data);
	free(ip->ext_suffixes);
	free(ip->problem);
	target_release(&ip->target);
	memset(ip, 0, sizeof(*ip));
}

int interp_timeout_ms(void)
{
	const char *s = getenv("WHEELWRIGHT_QUERY_TIMEOUT");
	double sec = s && *s ? atof(s) : 0;

	return sec > 0 ? (int)(sec * 1000) : 15000;
}

static void set_problem(struct interp *ip, const char *fmt, const char *arg)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb, fmt, arg);
	free(ip->problem);
	ip->problem = sb_detach(&sb, NULL);
}

/* "linux-x86_64" -> "linux_x86_64"; a 32-bit interpreter on a 64-bit kernel is i686. */
static void platform_to_tag(struct interp *ip, const char *platform, struct strbuf *tag)
{
	size_t i;

	if (ip->target.pointer_width == 32 && !strcmp(platform, "linux-x86_64"))
		platform = "linux-i686";
	else if (ip->target.pointer_width == 32 && !strcmp(platform, "linux-aarch64"))
		platform = "linux-armv7l";
	sb_adds(tag, platform);
	for (i = 0; i < tag->len; i++)
		if (tag->buf[i] == '-' || tag->buf[i] == '.')
			tag->buf[i] = '_';
}

static const char *os_of(const char *sys_platform)
{
	if (starts_with(sys_platform, "linux"))
		return "linux";
	if (!strcmp(sys_platform, "darwin"))
		return "macos";
	if (!strcmp(sys_platform, "win32"))
		return "windows";
	if (starts_with(sys_platform, "freebsd"))
		return "freebsd";
	if (starts_with(sys_platform, "netbsd"))
		return "netbsd";
	if (starts_with(sys_platform, "openbsd"))
		return "openbsd";
	if (starts_with(sys_platform, "aix"))
		return "aix";
	if (starts_with(sys_platform, "cygwin"))
		return "cygwin";
	return sys_platform;
}

/* LDLIBRARY "libpython3.11.so" / "libpypy3.9-c.so" -> "python3.11" / "pypy3.9-c". */
static void lib_name_of(const char *ldlibrary, const char *ldversion, struct strbuf *out)
{
	const char *dot;

	if (starts_with(ldlibrary, "lib") && (dot = strstr(ldlibrary, ".so")) == NULL)
		dot = strstr(ldlibrary, ".a");
	else
		dot = strstr(ldlibrary, ".so");
	if (!dot)
		dot = strstr(ldlibrary, ".dylib");
	if (starts_with(ldlibrary, "lib") && dot) {
		sb_add(out, ldlibrary + 3, (size_t)(dot - ldlibrary - 3));
		return;
	}
	if (*ldversion)
		sb_addf(out, "python%s", ldversion);
}

static void take(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value);
}

static int apply_answer(struct interp *ip, const char *key, const char *value,
			struct strbuf *platform, struct strbuf *sys_platform,
			struct strbuf *ldlibrary, struct strbuf *ldversion,
			int *py_debug, struct err *e)
{
	static const char *const direct[] = {
		"implementation", "version", "abiflags", "soabi", "ext_suffix",
		"multiarch", "pointer_width", "byteorder", "shared", "lib_dir",
		"include_dir", "gil_disabled", "executable", NULL,
	};
	size_t i;

	for (i = 0; direct[i]; i++)
		if (!strcmp(key, direct[i]))
			return target_set(&ip->target, key, value, e);
	if (!strcmp(key, "dep"))
		return 0;	/* for the query cache */
	if (!strcmp(key, "full_version"))
		take(&ip->full_version, value);
	else if (!strcmp(key, "purelib"))
		take(&ip->purelib, value);
	else if (!strcmp(key, "platlib"))
		take(&ip->platlib, value);
	else if (!strcmp(key, "scripts"))
		take(&ip->scripts, value);
	else if (!strcmp(key, "data"))
		take(&ip->data, value);
	else if (!strcmp(key, "ext_suffixes"))
		take(&ip->ext_suffixes, value);
	else if (!strcmp(key, "platform"))
		sb_adds(platform, value);
	else if (!strcmp(key, "sys_platform"))
		sb_adds(sys_platform, value);
	else if (!strcmp(key, "ldlibrary"))
		sb_adds(ldlibrary, value);
	else if (!strcmp(key, "ldversion"))
		sb_adds(ldversion, value);
	else if (!strcmp(key, "py_debug"))
		*py_debug = !strcmp(value, "1");
	else if (!strcmp(key, "platinclude")) {
		if (strcmp(value, ip->target.include_dir))
			take(&ip->target.platinclude_dir, value);
	}
	return 0;
}

int interp_parse_answer(struct interp *ip, const char *out, struct err *e)
{
	struct strbuf platform = STRBUF_INIT, sys_platform = STRBUF_INIT;
	struct strbuf ldlibrary = STRBUF_INIT, ldversion = STRBUF_INIT;
	struct strbuf tag = STRBUF_INIT, libname = STRBUF_INIT;
	const char *p = out;
	int py_debug = 0, ret = 0, lines = 0;

	if (!starts_with(out, "wheelwright_query=1\n"))
		return err_set(e, "the answer is not a wheelwright query's");
	while (*p && !ret) {
		const char *nl = strchr(p, '\n');
		const char *eq = strchr(p, '=');
		char *key, *value;

		if (!nl || !eq || eq > nl) {
			ret = err_set(e, "malformed answer line %d", lines + 1);
			break;
		}
		key = xstrndup(p, (size_t)(eq - p));
		value = xstrndup(eq + 1, (size_t)(nl - eq - 1));
		ret = apply_answer(ip, key, value, &platform, &sys_platform,
				   &ldlibrary, &ldversion, &py_debug, e);
		free(key);
		free(value);
		p = nl + 1;
		lines++;
	}
	if (!ret) {
		ip->target.debug = py_debug || strchr(ip->target.abiflags, 'd');
		take(&ip->target.os, os_of(sys_platform.buf));
		platform_to_tag(ip, platform.buf, &tag);
		take(&ip->target.platform_tag, tag.buf);
		{
			const char *us = strchr(tag.buf, '_');
			/* linux_x86_64 -> x86_64; macosx_11_0_arm64 -> arm64 */
			const char *arch = strrchr(tag.buf, '_');

			if (!strcmp(ip->target.os, "linux") && us)
				take(&ip->target.arch, us + 1);
			else if (arch)
				take(&ip->target.arch, arch + 1);
		}
		lib_name_of(ldlibrary.buf, ldversion.buf, &libname);
		take(&ip->target.lib_name, libname.buf);
	}
	sb_release(&platform);
	sb_release(&sys_platform);
	sb_release(&ldlibrary);
	sb_release(&ldversion);
	sb_release(&tag);
	sb_release(&libname);
	return ret;
}

/* A second, minimal question for interpreters that refuse -I (Python 2). */
static void identify_old(struct interp *ip)
{
	static const char script[] =
		"import sys; sys.stdout.write('%d.%d.%d' % sys.version_info[:3])";
	const char *argv[] = { ip->path, "-E", "-s", "-c", script, NULL };
	struct proc p;
	struct err e = ERR_INIT;

	proc_init(&p);
	if (!proc_run(&p, argv, NULL, interp_timeout_ms(), &e) && !p.status &&
	    p.out.len && p.out.len < 20) {
		take(&ip->full_version, p.out.buf);
		set_problem(ip, "Python %s is not supported (wheelwright builds for CPython 3.7 or newer and PyPy 3)",
			    p.out.buf);
	}
	proc_release(&p);
	err_release(&e);
}

static void finish_one(struct interp *ip, struct proc *p)
{
	struct err e = ERR_INIT;

	if (p->timed_out) {
		struct strbuf sb = STRBUF_INIT;

		sb_addf(&sb, "did not answer within %.1f seconds (killed)",
			interp_timeout_ms() / 1000.0);
		free(ip->problem);
		ip->problem = sb_detach(&sb, NULL);
		return;
	}
	if (p->status != 0) {
		identify_old(ip);
		if (!ip->problem) {
			sb_rtrim(&p->errout);
			set_problem(ip, "failed to answer: %s",
				    p->errout.len ? p->errout.buf : "no message");
		}
		return;
	}
	if (interp_parse_answer(ip, p->out.buf, &e)) {
		set_problem(ip, "printed something that is not an answer to wheelwright's query (%s)",
			    e.msg.buf);
	} else if (target_finish(&ip->target, &e)) {
		set_problem(ip, "unsupported: %s", e.msg.buf);
		/* "unsupported: Python 3.6 is not supported (...)" says it twice. */
		if (strstr(e.msg.buf, "not supported")) {
			free(ip->problem);
			ip->problem = xstrdup(e.msg.buf);
		}
	} else {
		ip->supported = 1;
	}
	err_release(&e);
}

void interp_query_all(struct interp *ips, size_t n, size_t parallel)
{
	struct proc *ps = xcalloc(n + 1, sizeof(*ps));
	const char ***argvs = xcalloc(n + 1, sizeof(*argvs));
	struct interp **asked = xcalloc(n + 1, sizeof(*asked));
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		struct strbuf answer = STRBUF_INIT;

		if (interp_cache_load(ips[i].path, &answer)) {
			proc_init(&ps[m]);
			sb_add(&ps[m].out, answer.buf, answer.len);
			finish_one(&ips[i], &ps[m]);
			proc_release(&ps[m]);
			sb_release(&answer);
			if (!ips[i].real_path)
				ips[i].real_path = os_realpath(ips[i].path);
			continue;
		}
		sb_release(&answer);
		asked[m] = &ips[i];
		proc_init(&ps[m]);
		argvs[m] = xcalloc(6, sizeof(char *));
		argvs[m][0] = ips[i].path;
		argvs[m][1] = "-I";
		argvs[m][2] = "-c";
		argvs[m][3] = query_script;
		if (!ips[i].real_path)
			ips[i].real_path = os_realpath(ips[i].path);
		m++;
	}
	proc_run_all(ps, (const char *const *const *)argvs, m, NULL, parallel,
		     interp_timeout_ms());
	for (i = 0; i < m; i++) {
		if (ps[i].status == 127 && ps[i].pid < 0)
			set_problem(asked[i], "cannot be run: %s", ps[i].errout.buf);
		else
			finish_one(asked[i], &ps[i]);
		if (asked[i]->supported)
			interp_cache_store(asked[i]->path, ps[i].out.buf);
		proc_release(&ps[i]);
		free(argvs[i]);
	}
	free(ps);
	free(argvs);
	free(asked);
}

/* A shim runs only the names of pyenv's selected versions: try without it. */
static void retry_without_shim(struct interp *ip, const char *name)
{
	char *direct;

	if (ip->supported || !discover_is_pyenv_shim(ip->path))
		return;
	direct = discover_resolve_name_no_shims(name);
	if (!direct)
		return;
	interp_release(ip);
	interp_init(ip);
	ip->path = direct;
	interp_query_all(ip, 1, 1);
}

int interp_query_many(struct interp *ips, const char *const *names, size_t n,
		      struct err *e)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ips[i].path = discover_resolve_name(names[i]);
		if (!ips[i].path) {
			err_set(e, "no interpreter '%s' found", names[i]);
			return err_hint(e, "give a path, or a name found on PATH (python3.12, 3.12, pypy3); 'wheelwright list-python' lists what is here");
		}
	}
	interp_query_all(ips, n, n);
	for (i = 0; i < n; i++) {
		retry_without_shim(&ips[i], names[i]);
		if (!ips[i].supported)
			return err_set(e, "'%s' is not a usable interpreter: %s", names[i],
				       ips[i].problem ? ips[i].problem : "unknown problem");
	}
	return 0;
}

int interp_query_one(struct interp *ip, const char *name, struct err *e)
{
	return interp_query_many(ip, &name, 1, e);
}
