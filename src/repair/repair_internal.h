/*
 * What the parts of a repair share: the input wheel, every ELF object in
 * play (the wheel's own, then the system libraries they need, added as the
 * search finds them), the chosen policy and the edits.
 *
 * Lifetimes: a repair_ctx lives for one repair_wheel() call and owns
 * everything in it. Objects are kept in one growing array; refer to them
 * by index, never by pointer, across calls that may add objects.
 */
#ifndef WW_REPAIR_INTERNAL_H
#define WW_REPAIR_INTERNAL_H

#include "repair.h"
#include "ldsearch.h"
#include "../audit/policy_match.h"
#include "../audit/wheel_meta.h"
#include "../formats/elf.h"
#include "../formats/elf_edit.h"
#include "../formats/zip_read.h"
#include "../formats/zip_write.h"

#include <stddef.h>
#include <stdint.h>

/* How one DT_NEEDED entry of an object is satisfied. */
enum need_kind {
	NEED_LOADER,		/* the dynamic loader itself */
	NEED_LIBPYTHON,		/* removed (the link policy says never link it) */
	NEED_WHEEL,		/* a file of the wheel, through a search path */
	NEED_SYSTEM,		/* outside: whitelisted, or to be copied in */
	NEED_EXCLUDED,		/* outside, left to the system (--exclude) */
};

struct need {
	const char *name;	/* points into the object's data */
	enum need_kind kind;
	/*
	 * NEED_WHEEL: the object found. NEED_SYSTEM: the system library
	 * once searched for (-1: not searched yet, -2: not found).
	 */
	long target;
};

/* An undefined symbol some policy blacklists in the library it comes from. */
struct blacklisted_use {
	const char *lib, *sym;	/* point into the object's data */
};

struct repair_obj {
	char *name;		/* wheel: the member's path; system: the file */
	int in_wheel;
	size_t member;		/* in_wheel: its index in the zip */
	uint32_t mode;		/* permission bits */
	struct strbuf data;	/* the file's bytes */
	struct elf_file ef;	/* parsed over data */

	struct need *needs;	/* one per ef.needed[] */
	size_t nr_needs;
	struct elf_versions vers;
	struct blacklisted_use *bl;
	size_t nr_bl, alloc_bl;
	int isa_level;		/* x86-64 level needed (0 none, 1 baseline..) */

	/* System libraries only. */
	char *found_as;		/* the DT_NEEDED name it was searched for */
	char *realpath;		/* its file name gives the vendored name */
	char *origin;		/* the folder $ORIGIN means */
	long loader;		/* the object that needed it first (chain) */
	unsigned walk_gen;	/* reached by the current walk */

	/* Set by the plan. */
	char *new_name;		/* a vendored library's name in .libs */
	char *arcname;		/* ... and its path in the wheel */
	struct strbuf edited;	/* the new bytes, when changed */
	int changed;
};

struct repair_ctx {
	const char *wheel;		/* the input's path */
	const struct repair_opts *opts;
	struct repair_result *r;

	struct zip_reader zr;
	int zr_open;
	struct zip_digest *digests;	/* per member: its content's sha256 */
	struct wheel_name wn;
	char *dist_info;		/* "demo-1.0.dist-info" */
	char *libs_dir;			/* "demo.libs" */
	long wheel_member;		/* index of dist_info/WHEEL */
	struct strbuf wheel_txt;	/* its content */

	struct repair_obj *objs;	/* the wheel's first, then the system's */
	size_t nr_objs, alloc_objs, nr_wheel_objs;

	char arch[32];			/* platform tags' CPU name */
	enum policy_libc libc;
	struct ld_want want;
	int remove_libpython;		/* the Linux link policy: LINK_NEVER */
	struct ld_search ls;
	int ls_ready;

	unsigned walk_gen;

	const struct policy *policy;	/* what the libraries are copied for */
	struct strbuf tags;		/* the new platform tags, '.'-joined */
	size_t *vendored;		/* objects copied into libs_dir */
	size_t nr_vendored, alloc_vendored;
};

void repair_ctx_init(struct repair_ctx *c, const char *wheel,
		     const struct repair_opts *opts, struct repair_result *r);
void repair_ctx_release(struct repair_ctx *c);

/* wheel_in.c: the zip checked, the claims read, the ELF members parsed. */
int repair_read_wheel(struct repair_ctx *c, struct err *e);

/* objects.c */
/* Parses o->data and gathers what the policy and the search need. */
int repair_obj_load(struct repair_ctx *c, struct repair_obj *o,
		    struct err *e);
void repair_obj_release(struct repair_obj *o);
/* Appends a new object (zeroed, data empty); returns its index. */
size_t repair_obj_new(struct repair_ctx *c);

/* resolve.c */
/* Which needs of the wheel's objects the wheel itself satisfies. */
void repair_resolve_in_wheel(struct repair_ctx *c);

/* The system libraries copied for policy p, and the names not found. */
struct missing_lib {
	const char *name;	/* the DT_NEEDED name */
	const char *by;		/* the object that needs it */
};

struct graft_set {
	size_t *libs;		/* object indices, in the order found */
	size_t nr_libs, alloc_libs;
	struct missing_lib *missing;
	size_t nr_missing, alloc_missing;
};

void graft_set_release(struct graft_set *g);
/*
 * Walks from the wheel's objects through every need that p does not
 * whitelist, searching the system for each one (once: results are kept in
 * the objects). Errors are unreadable or malformed system libraries.
 */
int repair_walk(struct repair_ctx *c, const struct policy *p,
		struct graft_set *g, struct err *e);

/* choose.c: the policy to meet and the platform tags (c->policy, c->tags). */
int repair_choose_policy(struct repair_ctx *c, struct graft_set *g,
			 struct err *e);

/* plan.c: vendored names and the edits of every object. */
int repair_plan(struct repair_ctx *c, const struct graft_set *g,
		struct err *e);

/* wheel_out.c: the new WHEEL text, the file name, and the archive. */
int repair_write(struct repair_ctx *c, struct err *e);

/* exclude.c */
/* The --exclude pattern that s (a name or a path) matches, or NULL. */
const char *repair_excluded_by(const struct repair_opts *o, const char *s);
/* A wheel file's need that the wheel satisfies may not be excluded. */
int repair_check_excluded_in_wheel(const struct repair_ctx *c, struct err *e);

/* "pkg/sub" for "pkg/sub/_m.so"; "" at the top. */
void repair_dirname(const char *arcname, struct strbuf *out);

#endif
