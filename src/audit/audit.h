/*
 * The audit: what a wheel says (its file name, its WHEEL tags, its RECORD,
 * its modules' file names) against what is inside it (the binaries' CPU,
 * linkage, symbol versions and Python symbols), for any wheel or for a bare
 * extension module (.so, .pyd; ELF, PE or Mach-O). DESIGN.md invariant 4.
 *
 *   struct audit_report r;
 *   audit_report_init(&r);
 *   if (audit_path("x.whl", NULL, &r, e))     unreadable or hostile input
 *           ...                                 (exit status 2)
 *   r.v[0..r.nr): the findings; r.policy: the best Linux tag
 *   audit_report_release(&r);
 *
 * Findings have stable codes (DESIGN.md): libpython-needed, runpath,
 * ext-suffix-mismatch, tag-mismatch, arch-mismatch, abi3-violation,
 * glibc-too-new, external-lib, missing-pyinit, record-mismatch,
 * static-libpython, plus blacklisted-symbol and isa-level (the other two
 * reasons auditwheel refuses a manylinux tag), macos-too-new (a Mach-O
 * file needs a newer macOS than its tag promises), malformed-binary and
 * not-examined (what this audit did not check, as information).
 * docs/audit.md describes each.
 *
 * The library never prints: commands print the report. Findings are facts
 * about the input, not errors of the audit; an error (return -1) means the
 * input could not be audited at all: a file that cannot be read, a zip the
 * reader refuses (see zip_read.h), a binary whose headers are malformed
 * inside a bare-file audit.
 */
#ifndef WW_AUDIT_H
#define WW_AUDIT_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stddef.h>

enum audit_severity {
	AUDIT_INFO,
	AUDIT_WARNING,
	AUDIT_ERROR,		/* the wheel would fail to load, or lies */
};

struct audit_finding {
	char *file;		/* "x.whl", "x.whl:pkg/_m.so" or the bare file */
	const char *code;	/* static: "libpython-needed", ... */
	enum audit_severity severity;
	char *message;		/* lowercase, no full stop */
};

struct audit_report {
	struct audit_finding *v;
	size_t nr, alloc;
	/*
	 * The most compatible Linux platform tag the binaries allow
	 * ("manylinux_2_17_x86_64", "musllinux_1_1_aarch64", or "linux_armv7l"
	 * when no policy is met), as auditwheel would choose it; "" when there
	 * is no Linux binary. Over several audits into one report, the last.
	 */
	char *policy;
	/* The same with the policy's aliases: "manylinux_2_17_x86_64.manylinux2014_x86_64". */
	char *policy_tags;
	/*
	 * The most compatible macOS platform tag the Mach-O binaries allow
	 * ("macosx_10_9_universal2", "macosx_10_15_x86_64.macosx_12_0_arm64"),
	 * as delocate would name the wheel; "" when there is none.
	 */
	char *macos_tag;
	size_t nr_binaries;	/* ELF, PE and Mach-O files examined */
};

struct audit_opts {
	/*
	 * Audit the Linux binaries against this tag ("manylinux_2_17_x86_64",
	 * an alias like "manylinux2014_x86_64", or "musllinux_1_2_aarch64")
	 * rather than the tags the wheel claims. NULL: the wheel's own tags.
	 */
	const char *policy;
	/*
	 * Threads reading a wheel's members (0 or 1: the caller's only). The
	 * report is the same for any number.
	 */
	int threads;
};

#define AUDIT_OPTS_INIT { NULL, 1 }

void audit_report_init(struct audit_report *r);
void audit_report_release(struct audit_report *r);

/* Adds a finding (file and message are copied). */
void audit_add(struct audit_report *r, const char *file, const char *code,
	       enum audit_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Whether any finding is an error (the audit fails: exit status 1). */
int audit_has_errors(const struct audit_report *r);
/* Findings with this code (for tests and the build). */
size_t audit_count(const struct audit_report *r, const char *code);
const char *audit_severity_name(enum audit_severity s);

/*
 * Audits path: a wheel when it ends with ".whl", else a single binary (an
 * ELF, PE or Mach-O extension module or library), judged by its own file
 * name.
 * Findings are added to r. Returns -1 with e set (status 2) when the input
 * cannot be audited, or when opts names an unknown policy.
 */
int audit_path(const char *path, const struct audit_opts *opts,
	       struct audit_report *r, struct err *e);

/* A binary held in memory, audited as if it were the file called name. */
int audit_binary_mem(const char *name, const void *data, size_t size,
		     const struct audit_opts *opts, struct audit_report *r,
		     struct err *e);

/*
 * The build's check of its own output (DESIGN.md invariant 4), before the
 * wheel is written: each module file on disk is audited as the wheel member
 * arcname, in a wheel tagged python-abi-platform (platform: the target's
 * own tag, "linux_x86_64" for a Linux build).
 */
struct audit_member {
	const char *arcname;	/* "hello/_core.cpython-312-x86_64-linux-gnu.so" */
	const char *file;	/* where it is on disk */
};

int audit_built(const char *python_tag, const char *abi_tag,
		const char *platform_tag, const struct audit_member *mods,
		size_t n, const struct audit_opts *opts,
		struct audit_report *r, struct err *e);

/*
 * The platform tag a Linux wheel of these built modules gets. compat is
 * the user's choice: NULL or "" for the best the binaries allow (r->policy,
 * with its aliases), "linux" to keep linux_<arch>, or a policy tag, which
 * is refused (an error naming the reason) when r, audited against that
 * policy, has findings that break it. Non-Linux platform tags are kept.
 */
/*
 * The policy tag (with the wheel's CPU) that --compatibility compat asks
 * the build to meet, into out; out is left empty for NULL, "" and
 * "linux". An unknown tag, or one for another CPU, is an error.
 */
int audit_compat_policy(const char *platform_tag, const char *compat,
			struct strbuf *out, struct err *e);

int audit_choose_platform(const struct audit_report *r,
			  const char *platform_tag, const char *compat,
			  struct strbuf *out, struct err *e);

#endif
