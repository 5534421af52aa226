/* The state of one audit (audit_internal.h). */
#include "audit_internal.h"
#include "../base/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void audit_ctx_init(struct audit_ctx *c, struct audit_report *r,
		    const struct audit_opts *opts, const char *label,
		    int in_wheel)
{
	static const struct audit_opts no_opts = AUDIT_OPTS_INIT;

	memset(c, 0, sizeof(*c));
	c->r = r;
	c->opts = opts ? opts : &no_opts;
	c->label = label;
	c->in_wheel = in_wheel;
	c->abi3_minor = 99;	/* no floor known: nothing is too new */
	wheel_tags_init(&c->tags);
	policy_needs_init(&c->needs);
}

static void elf_summary_release(struct elf_summary *s)
{
	size_t i;

	free(s->arcname);
	free(s->soname);
	free(s->rpath);
	free(s->runpath);
	for (i = 0; i < s->nr_needed; i++)
		free(s->needed[i]);
	free(s->needed);
}

static void macho_summary_release(struct macho_summary *s)
{
	size_t i;

	free(s->arcname);
	for (i = 0; i < s->nr_rpaths; i++)
		free(s->rpaths[i]);
	free(s->rpaths);
	for (i = 0; i < s->nr_deps; i++)
		free(s->deps[i].name);
	free(s->deps);
}

void audit_ctx_release(struct audit_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nr_elves; i++)
		elf_summary_release(&c->elves[i]);
	free(c->elves);
	for (i = 0; i < c->nr_machos; i++)
		macho_summary_release(&c->machos[i]);
	free(c->machos);
	free(c->macos);
	wheel_tags_release(&c->tags);
	policy_needs_release(&c->needs);
}

void audit_ctx_set_tags(struct audit_ctx *c, const struct wheel_tags *tags)
{
	size_t i;

	for (i = 0; i < tags->nr; i++) {
		const struct wheel_tag *t = &tags->v[i];

		struct plat_info pi;

		wheel_tags_add_compressed(&c->tags, t->python, t->abi, t->platform);
		plat_parse(t->platform, &pi);
		if (!c->arch[0] && pi.os == PLAT_LINUX && pi.arch[0])
			memcpy(c->arch, pi.arch, sizeof(c->arch));
		if (!strcmp(t->abi, "abi3")) {
			int minor = 2;

			if (starts_with(t->python, "cp3"))
				minor = atoi(t->python + 3);
			if (!c->abi3 || minor < c->abi3_minor)
				c->abi3_minor = minor;
			c->abi3 = 1;
		}
	}
}

void audit_member_label(const struct audit_ctx *c, const char *arcname,
			struct strbuf *out)
{
	if (!c->label)		/* the build: members are named alone */
		sb_adds(out, arcname ? arcname : "(wheel)");
	else if (c->in_wheel && arcname)
		sb_addf(out, "%s:%s", c->label, arcname);
	else
		sb_adds(out, c->label);
}

int audit_malformed(struct audit_ctx *c, const char *arcname, struct err *e)
{
	if (!c->in_wheel)
		return -1;
	audit_member(c, arcname, "malformed-binary", AUDIT_ERROR, "%s", e->msg.buf);
	err_release(e);
	return 0;
}

void audit_member(struct audit_ctx *c, const char *arcname, const char *code,
		  enum audit_severity sev, const char *fmt, ...)
{
	struct strbuf file = STRBUF_INIT, msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&msg, fmt, ap);
	va_end(ap);
	audit_member_label(c, arcname, &file);
	audit_add(c->r, file.buf, code, sev, "%s", msg.buf);
	sb_release(&file);
	sb_release(&msg);
}

const char *audit_base_name(const char *arcname)
{
	const char *slash = strrchr(arcname, '/');

	return slash ? slash + 1 : arcname;
}

int audit_has_member(const struct audit_ctx *c, const char *path)
{
	size_t i;

	for (i = 0; i < c->nr_members; i++)
		if (!strcmp(c->members[i], path))
			return 1;
	return 0;
}

int audit_has_member_named(const struct audit_ctx *c, const char *soname)
{
	size_t i;

	for (i = 0; i < c->nr_members; i++)
		if (!strcmp(audit_base_name(c->members[i]), soname))
			return 1;
	for (i = 0; i < c->nr_elves; i++)
		if (c->elves[i].soname && !strcmp(c->elves[i].soname, soname))
			return 1;
	return 0;
}

enum bin_kind audit_sniff(const unsigned char *d, size_t n)
{
	if (n >= 4 && d[0] == 0x7f && d[1] == 'E' && d[2] == 'L' && d[3] == 'F')
		return BIN_ELF;
	if (n >= 2 && d[0] == 'M' && d[1] == 'Z')
		return BIN_PE;
	/* thin Mach-O in either byte order */
	if (n >= 4 && ((d[0] == 0xcf || d[0] == 0xce) && d[1] == 0xfa && d[2] == 0xed &&
		       d[3] == 0xfe))
		return BIN_MACHO;
	if (n >= 4 && d[0] == 0xfe && d[1] == 0xed && d[2] == 0xfa &&
	    (d[3] == 0xce || d[3] == 0xcf))
		return BIN_MACHO;
	/* fat: a Java class file has the same magic, then a version >= 45 */
	if (n >= 8 && d[0] == 0xca && d[1] == 0xfe && d[2] == 0xba &&
	    (d[3] == 0xbe || d[3] == 0xbf) && d[4] == 0 && d[5] == 0 && d[6] == 0 &&
	    d[7] < 20)
		return BIN_MACHO;
	return BIN_NONE;
}
