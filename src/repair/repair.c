/*
 * repair_wheel(): read and check the wheel, settle where every library
 * comes from, choose the policy, plan the edits, write the new wheel (see
 * repair.h). Everything that can fail on the input fails before the
 * output folder is touched.
 */
#include "repair_internal.h"
#include "../audit/ext_suffix.h"
#include "../base/xalloc.h"
#include "../core/linkpolicy.h"

#include <stdlib.h>
#include <string.h>

void repair_result_init(struct repair_result *r)
{
	memset(r, 0, sizeof(*r));
	sb_init(&r->path);
	sb_init(&r->tags);
	sb_init(&r->actions);
}

void repair_result_release(struct repair_result *r)
{
	sb_release(&r->path);
	sb_release(&r->tags);
	sb_release(&r->actions);
}

void repair_ctx_init(struct repair_ctx *c, const char *wheel,
		     const struct repair_opts *opts, struct repair_result *r)
{
	const struct link_policy *lp = link_policy_for("linux");

	memset(c, 0, sizeof(*c));
	c->wheel = wheel;
	c->opts = opts;
	c->r = r;
	c->wheel_member = -1;
	wheel_name_init(&c->wn);
	sb_init(&c->wheel_txt);
	sb_init(&c->tags);
	c->libc = POLICY_ANY;
	/* what a Linux interpreter expects of a module (core/linkpolicy.h) */
	c->remove_libpython = lp && lp->libpython == LINK_NEVER;
}

void repair_ctx_release(struct repair_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nr_objs; i++)
		repair_obj_release(&c->objs[i]);
	free(c->objs);
	if (c->zr_open)
		zip_reader_release(&c->zr);
	if (c->ls_ready)
		ld_search_release(&c->ls);
	wheel_name_release(&c->wn);
	free(c->dist_info);
	free(c->libs_dir);
	free(c->vendored);
	free(c->digests);
	sb_release(&c->wheel_txt);
	sb_release(&c->tags);
}

/* Only Linux wheels (and "any", which an ELF binary makes a lie). */
static int check_platforms(const struct repair_ctx *c, struct err *e)
{
	size_t i;

	for (i = 0; i < c->wn.tags.nr; i++) {
		const char *tag = c->wn.tags.v[i].platform;
		struct plat_info pi;

		plat_parse(tag, &pi);
		if (strcmp(tag, "any") && pi.os != PLAT_LINUX)
			return err_at(e, c->wheel, 0, 0,
				      "the wheel is tagged '%s': repair works on Linux wheels (linux_*, manylinux*, musllinux*)",
				      tag);
		if (pi.os == PLAT_LINUX && pi.arch[0] && c->arch[0] && strcmp(pi.arch, c->arch))
			return err_at(e, c->wheel, 0, 0,
				      "the wheel is tagged '%s', but its binaries are for %s",
				      tag, c->arch);
	}
	return 0;
}

int repair_wheel(const char *wheel, const struct repair_opts *opts,
		 struct repair_result *r, struct err *e)
{
	struct repair_ctx c;
	struct graft_set g;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	repair_ctx_init(&c, wheel, opts, r);
	if (repair_check_opts(opts, e) || repair_read_wheel(&c, e) || check_platforms(&c, e))
		goto out;
	repair_resolve_in_wheel(&c);
	if (repair_check_excluded_in_wheel(&c, e) ||
	    repair_choose_policy(&c, &g, e) || repair_plan(&c, &g, e) ||
	    repair_write(&c, e))
		goto out;
	rc = 0;
out:
	graft_set_release(&g);
	repair_ctx_release(&c);
	return rc;
}
