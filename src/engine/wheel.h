/*
 * Packing a built target into a wheel (the binary distribution format,
 * PEP 427): the modules, the pure-Python packages of [tool.wheelwright], and
 * the .dist-info folder (METADATA, WHEEL, licenses/, RECORD last).
 *
 * Before anything is written, the wheel is checked against the target
 * configuration it was built from (DESIGN.md invariant 4): every module's
 * file name ends with the suffix that target's interpreter imports, and the
 * file name's tags are the configuration's. The wheel is written under a
 * temporary name and renamed into place, with fixed timestamps
 * (SOURCE_DATE_EPOCH) and sorted entries, so two builds of the same input
 * give the same bytes.
 */
#ifndef WW_WHEEL_H
#define WW_WHEEL_H

#include "build.h"
#include "../core/project.h"
#include "../core/target.h"

struct audit_report;

/* "{name}-{version}-{python}-{abi}-{platform}.whl" */
void wheel_file_name(const struct project *p, const struct target *t,
		     struct strbuf *out);

/*
 * How the wheel's own audit (audit/audit.h) tags it. Before writing, the
 * built modules are audited as the wheel's members; any error finding
 * fails the write (EXIT_FAILED). A Linux wheel gets the most compatible
 * manylinux/musllinux tag its binaries allow, unless compatibility says
 * "linux" (keep linux_<arch>) or names a policy ("manylinux_2_17_x86_64",
 * "manylinux2014"), which is refused, with the audit's reasons, when the
 * binaries do not meet it.
 */
struct wheel_opts {
	const char *compatibility;	/* NULL: the best the binaries allow */
	struct audit_report *audit;	/* if set, receives the findings */
};

/* Writes the wheel of one built target into out_dir; *path gets its path. */
int wheel_write(const struct project *p, const struct target_build *tb,
		const char *out_dir, struct strbuf *path, struct err *e);
/* The same with options (o may be NULL: the defaults above). */
int wheel_write_opts(const struct project *p, const struct target_build *tb,
		     const char *out_dir, const struct wheel_opts *o,
		     struct strbuf *path, struct err *e);

#endif
