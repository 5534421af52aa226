/*
 * Packing a built target into a wheel (the binary distribution format,
 * PEP 427): the modules, the pure-Python packages of [tool.wheelwright],
 * the [tool.wheelwright.data] files under "{dist}-{version}.data/{scheme}/",
 * and the .dist-info folder (METADATA, WHEEL, licenses/, RECORD last).
 *
 * Before anything is written, the wheel is checked against the target
 * configuration it was built from (DESIGN.md invariant 4): every module's
 * file name ends with the suffix that target's interpreter imports, and the
 * file name's tags are the configuration's. The wheel is written under a
 * temporary name and renamed into place, with fixed timestamps
 * (SOURCE_DATE_EPOCH) and sorted entries, so two builds of the same input
 * give the same bytes.
 *
 * A project without ext-modules makes a wheel for any Python: "py3-none-any",
 * or "py3-none-{platform}" when a data file is a native program or library
 * (ELF, PE or Mach-O), since such a wheel only runs where it was built for;
 * those programs are audited as bare binaries and the platform is the tag
 * they allow (manylinux_2_34_x86_64 for wheelwright's own), or what
 * wheel_opts.compatibility asks if they meet it.
 *
 * Paths of packages, data and licenses are relative to the project folder,
 * which must be the current folder (the build command enters it).
 */
#ifndef WW_WHEEL_H
#define WW_WHEEL_H

#include "build.h"
#include "../core/project.h"
#include "../core/target.h"

/*
 * The tags of a wheel; the strings are borrowed (target, static or the
 * caller's). platform may hold several tags joined with '.'
 * ("manylinux_2_17_x86_64.manylinux2014_x86_64").
 */
struct wheel_tag {
	const char *python, *abi, *platform;
	int purelib;		/* Root-Is-Purelib: no extension module inside */
};

/*
 * The tags of the project's wheel for target t, before any audit: the
 * target's, or py3-none-any / py3-none-{platform} without modules.
 */
int wheel_tag_of(const struct project *p, const struct target *t,
		 struct wheel_tag *tag, struct err *e);

struct audit_report;

/* "{name}-{version}-{python}-{abi}-{platform}.whl" */
void wheel_file_name(const struct project *p, const struct wheel_tag *tag,
		     struct strbuf *out);
/* "{name}-{version}.dist-info" (and the "…data" folder without the suffix). */
void wheel_dist_name(const struct project *p, struct strbuf *out);

/* One member of a wheel: a file on disk or bytes. */
struct wheel_entry {
	char *arcname;
	char *path;		/* a file on disk, or NULL */
	struct strbuf data;	/* the content when path is NULL */
	int executable;
};

struct wheel_entries {
	struct wheel_entry *v;
	size_t n, alloc;
};

#define WHEEL_ENTRIES_INIT { NULL, 0, 0 }

/* Adds an empty entry (owned by es) and returns it. */
struct wheel_entry *wheel_entries_add(struct wheel_entries *es, const char *arcname);
void wheel_entries_release(struct wheel_entries *es);

/* Adds the .dist-info files but RECORD: METADATA, WHEEL, licenses/. */
int wheel_add_dist_info(const struct project *p, const struct wheel_tag *tag,
			struct wheel_entries *es, struct err *e);
/* Adds the [tool.wheelwright.data] files under "{dist}.data/{scheme}/". */
int wheel_add_data(const struct project *p, struct wheel_entries *es,
		   struct err *e);

/*
 * Writes es as out_dir/{wheel file name}: sorted, the .dist-info folder
 * last, then a RECORD of every entry. *path gets the wheel's path.
 */
int wheel_pack(const struct project *p, const struct wheel_tag *tag,
	       struct wheel_entries *es, const char *out_dir,
	       struct strbuf *path, struct err *e);

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

/*
 * Writes the .dist-info folder of the wheel for t but WHEEL and RECORD
 * (METADATA, entry_points.txt, licenses/: the same bytes) into out_dir, for
 * PEP 517's prepare_metadata_for_build_wheel; *path gets the folder's path.
 */
int wheel_write_metadata(const struct project *p, const struct target *t,
			 const char *out_dir, struct strbuf *path,
			 struct err *e);

#endif
