/*
 * Deriving what a configuration implies from what it states: tags, the
 * module suffix, link arguments. Only fields left empty are derived, so a
 * configuration taken from an interpreter or from a target's own data keeps
 * the names that data gives (MISSION.md failure 4: never rebuild a suffix
 * from a CPU name when the target says what it is).
 */
#include "target.h"
#include "linkpolicy.h"
#include "triple.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

/*
 * The machine facts of a configuration that does not state them come from
 * the triple table: the row of its OS and CPU, else any row of its CPU (for
 * the width and byte order only).
 */
static const struct triple *machine_row(const struct target *t)
{
	return triple_for_cpu(t->os, t->arch);
}

static void set_if_empty(char **slot, const char *value)
{
	if (**slot)
		return;
	free(*slot);
	*slot = xstrdup(value);
}

static void set_str(char **slot, const char *value)
{
	char *copy = xstrdup(value);

	free(*slot);
	*slot = copy;
}

static void set_sb(char **slot, struct strbuf *sb)
{
	free(*slot);
	*slot = sb_detach(sb, NULL);
}

void target_default_cc(struct target *t)
{
	const struct triple *row = machine_row(t);
	struct strbuf cc = STRBUF_INIT;

	if (*t->cc)
		return;
	/* Native builds use the system compiler; cross builds the target's. */
	if (*t->sysroot && row && *row->gnu_prefix)
		sb_addf(&cc, "%sgcc", row->gnu_prefix);
	else
		sb_adds(&cc, "cc");
	set_sb(&t->cc, &cc);
}

static void derive_machine(struct target *t)
{
	const struct triple *row;

	if (!*t->os)
		set_if_empty(&t->os, "linux");
	if (!*t->arch) {
		struct utsname u;

		set_if_empty(&t->arch, uname(&u) ? "x86_64" : u.machine);
	}
	target_default_cc(t);
	row = machine_row(t);
	if (!row)
		row = triple_for_cpu(NULL, t->arch);
	if (!row)
		return;
	if (!t->pointer_width)
		t->pointer_width = row->pointer_width;
	set_if_empty(&t->byteorder, row->byteorder);
	if (!strcmp(t->os, "linux") && !strcmp(row->os, "linux"))
		set_if_empty(&t->multiarch, row->multiarch);
}

static void derive_abiflags(struct target *t, int minor)
{
	struct strbuf sb = STRBUF_INIT;

	if (strchr(t->abiflags, 't'))
		t->gil_disabled = 1;
	if (strchr(t->abiflags, 'd'))
		t->debug = 1;
	if (*t->abiflags || strcmp(t->implementation, "cpython"))
		return;
	if (t->gil_disabled)
		sb_addc(&sb, 't');
	if (t->debug)
		sb_addc(&sb, 'd');
	if (minor <= 7)
		sb_addc(&sb, 'm');
	set_sb(&t->abiflags, &sb);
}

static void derive_soabi(struct target *t, int minor)
{
	struct strbuf sb = STRBUF_INIT;

	if (*t->soabi)
		return;
	if (!strcmp(t->implementation, "pypy"))
		sb_addf(&sb, "pypy3%d-pp73", minor);
	else if (!strcmp(t->os, "windows"))
		sb_addf(&sb, "cp3%d%s-%s", minor,
			t->gil_disabled ? "t" : "", t->platform_tag);
	else if (!strcmp(t->os, "macos"))
		sb_addf(&sb, "cpython-3%d%s-darwin", minor, t->abiflags);
	else
		sb_addf(&sb, "cpython-3%d%s-%s", minor, t->abiflags,
			*t->multiarch ? t->multiarch : t->arch);
	set_sb(&t->soabi, &sb);
}

static void derive_ext_suffix(struct target *t, const struct link_policy *p)
{
	struct strbuf sb = STRBUF_INIT;

	if (*t->ext_suffix)
		return;
	if (!strcmp(t->os, "windows") && t->debug)
		sb_adds(&sb, "_d");
	if (!strcmp(t->implementation, "pypy") && !strcmp(t->os, "linux"))
		sb_addf(&sb, ".%s-%s%s", t->soabi, t->multiarch, p->module_ext);
	else
		sb_addf(&sb, ".%s%s", t->soabi, p->module_ext);
	set_sb(&t->ext_suffix, &sb);
}

static void derive_platform_tag(struct target *t)
{
	const struct triple *row = machine_row(t);
	struct strbuf sb = STRBUF_INIT;

	if (*t->platform_tag)
		return;
	if (!strcmp(t->os, "windows") && row && *row->win_tag)
		sb_adds(&sb, row->win_tag);
	else if (!strcmp(t->os, "macos"))
		sb_addf(&sb, "macosx_%s_%s",
			strcmp(t->arch, "x86_64") ? "11_0" : "10_9",
			strcmp(t->arch, "aarch64") ? t->arch : "arm64");
	else
		sb_addf(&sb, "%s_%s", t->os, t->arch);
	set_sb(&t->platform_tag, &sb);
}

static void derive_tags(struct target *t, int minor, const struct link_policy *p)
{
	struct strbuf sb = STRBUF_INIT;
	int abi3_major, abi3_minor;
	size_t i;

	if (*t->abi3 && !parse_version(t->abi3, &abi3_major, &abi3_minor)) {
		/* The stable ABI: tagged by its floor, named without a version. */
		sb_addf(&sb, "cp3%d", abi3_minor);
		set_sb(&t->python_tag, &sb);
		set_str(&t->abi_tag, "abi3");
		set_str(&t->module_suffix, p->abi3_suffix);
		return;
	}
	sb_addf(&sb, "%s3%d", strcmp(t->implementation, "pypy") ? "cp" : "pp", minor);
	set_str(&t->python_tag, sb.buf);
	sb_reset(&sb);
	if (!strcmp(t->implementation, "pypy")) {
		sb_adds(&sb, t->soabi);
		for (i = 0; i < sb.len; i++)
			if (sb.buf[i] == '-' || sb.buf[i] == '.')
				sb.buf[i] = '_';
	} else {
		sb_addf(&sb, "cp3%d%s", minor, t->abiflags);
	}
	set_str(&t->abi_tag, sb.buf);
	sb_release(&sb);
	set_str(&t->module_suffix, t->ext_suffix);
}

/* PyO3's abi3=true means "the interpreter's own version is the floor". */
static int check_abi3(struct target *t, int minor, struct err *e)
{
	int maj3, min3;

	if (!*t->abi3)
		return 0;
	if (!strcmp(t->abi3, "true")) {
		free(t->abi3);
		t->abi3 = xstrdup(t->version);
	}
	if (parse_version(t->abi3, &maj3, &min3))
		return err_set(e, "bad abi3 floor '%s'", t->abi3);
	if (min3 > minor)
		return err_set(e, "abi3 floor %s is newer than the interpreter's version %s",
			       t->abi3, t->version);
	if (strcmp(t->implementation, "cpython"))
		return err_set(e, "abi3 needs CPython; '%s' has no stable ABI",
			       t->implementation);
	if (t->gil_disabled || strchr(t->abiflags, 't'))
		return err_set(e, "abi3 is not available for a free-threaded build");
	return 0;
}

int target_derive(struct target *t, struct err *e)
{
	const struct link_policy *p;
	struct strbuf sb = STRBUF_INIT;
	int major, minor;

	if (!*t->implementation)
		return err_set(e, "the configuration has no 'implementation'");
	if (!*t->version)
		return err_set(e, "the configuration has no 'version'");
	if (parse_version(t->version, &major, &minor))
		return err_set(e, "bad version '%s'", t->version);
	if (major != 3 || (minor < 7 && !strcmp(t->implementation, "cpython")))
		return err_set(e, "Python %s is not supported (wheelwright builds for CPython 3.7 or newer and PyPy 3)",
			       t->version);
	derive_machine(t);
	p = link_policy_for(t->os);
	if (!p) {
		const char *const *os = link_policy_oses();

		err_set(e, "unknown os '%s'", t->os);
		for (; *os; os++)
			sb_addf(&sb, "%s%s", sb.len ? ", " : "", *os);
		err_hint(e, "known: %s", sb.buf);
		sb_release(&sb);
		return -1;
	}
	if (check_abi3(t, minor, e))
		return -1;
	if (t->pointer_width != 0 && t->pointer_width != 32 && t->pointer_width != 64)
		return err_set(e, "pointer_width must be 32 or 64");
	/* An arch the triple table does not know must say what it is. */
	if (!t->pointer_width || !*t->byteorder) {
		err_set(e, "unknown arch '%s' for os '%s'", t->arch, t->os);
		return err_hint(e, "use an arch of 'wheelwright internal triples', or give pointer_width and byteorder");
	}
	derive_abiflags(t, minor);
	derive_platform_tag(t);
	derive_soabi(t, minor);
	derive_ext_suffix(t, p);
	derive_tags(t, minor, p);
	link_policy_args(t, &sb);
	set_sb(&t->link_args, &sb);
	return 0;
}

void target_apply_env(struct target *t)
{
	const char *cc = getenv("CC");
	const char *cflags = getenv("CFLAGS");
	const char *cppflags = getenv("CPPFLAGS");
	const char *ldflags = getenv("LDFLAGS");
	struct strbuf sb = STRBUF_INIT;

	if (cc && *cc) {
		free(t->cc);
		t->cc = xstrdup(cc);
	}
	if ((cflags && *cflags) || (cppflags && *cppflags)) {
		if (cflags && *cflags)
			sb_adds(&sb, cflags);
		if (cppflags && *cppflags)
			sb_addf(&sb, "%s%s", sb.len ? " " : "", cppflags);
		set_sb(&t->cflags, &sb);
	}
	if (ldflags && *ldflags) {
		free(t->ldflags);
		t->ldflags = xstrdup(ldflags);
	}
	sb_release(&sb);
}
