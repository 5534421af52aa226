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

/* "{name}-{version}-{python}-{abi}-{platform}.whl" */
void wheel_file_name(const struct project *p, const struct target *t,
		     struct strbuf *out);

/* Writes the wheel of one built target into out_dir; *path gets its path. */
int wheel_write(const struct project *p, const struct target_build *tb,
		const char *out_dir, struct strbuf *path, struct err *e);

#endif
