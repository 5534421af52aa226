/*
 * The entry points of the audit (audit.h): a path (a wheel or a bare
 * binary), a binary in memory, and a build's modules before their wheel is
 * written, with the platform tag that wheel gets.
 */
#include "audit_internal.h"
#include "../base/fs.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

static int audit_one_binary(struct audit_ctx *c, const char *arcname,
			    const unsigned char *data, size_t size,
			    struct err *e)
{
	switch (audit_sniff(data, size)) {
	case BIN_ELF:
		return audit_elf(c, arcname, data, size, e);
	case BIN_PE:
		return audit_pe(c, arcname, data, size, e);
	case BIN_MACHO:
		return audit_macho(c, arcname, data, size, e);
	default:
		return err_at(e, c->label ? c->label : arcname, 0, 0,
			      "'%s' is not an ELF, PE or Mach-O binary", arcname);
	}
}

int audit_binary_mem(const char *name, const void *data, size_t size,
		     const struct audit_opts *opts, struct audit_report *r,
		     struct err *e)
{
	struct audit_ctx c;
	int rc;

	audit_ctx_init(&c, r, opts, name, 0);
	rc = audit_one_binary(&c, name, data, size, e);
	if (!rc) {
		audit_runpaths(&c);
		rc = audit_policy_finish(&c, e);
	}
	audit_ctx_release(&c);
	return rc;
}

int audit_path(const char *path, const struct audit_opts *opts,
	       struct audit_report *r, struct err *e)
{
	struct strbuf buf = STRBUF_INIT;
	int rc;

	if (ends_with(path, ".whl"))
		return audit_wheel(path, opts, r, e);
	if (read_file(path, &buf, e))
		return -1;
	rc = audit_binary_mem(path, buf.buf, buf.len, opts, r, e);
	sb_release(&buf);
	return rc;
}

int audit_built(const char *python_tag, const char *abi_tag,
		const char *platform_tag, const struct audit_member *mods,
		size_t n, const struct audit_opts *opts,
		struct audit_report *r, struct err *e)
{
	struct audit_ctx c;
	struct wheel_tags tags;
	const char **names = xcalloc(n + 1, sizeof(*names));
	size_t i;
	int rc = 0;

	audit_ctx_init(&c, r, opts, NULL, 1);
	wheel_tags_init(&tags);
	wheel_tags_add_compressed(&tags, python_tag, abi_tag, platform_tag);
	audit_ctx_set_tags(&c, &tags);
	for (i = 0; i < n; i++)
		names[i] = mods[i].arcname;
	c.members = names;
	c.nr_members = n;
	for (i = 0; i < n && !rc; i++) {
		struct strbuf buf = STRBUF_INIT;

		rc = read_file(mods[i].file, &buf, e);
		if (!rc)
			rc = audit_one_binary(&c, mods[i].arcname,
					      (const unsigned char *)buf.buf, buf.len, e);
		sb_release(&buf);
	}
	if (!rc) {
		audit_runpaths(&c);
		rc = audit_policy_finish(&c, e);
	}
	wheel_tags_release(&tags);
	free(names);
	audit_ctx_release(&c);
	return rc;
}

/* A --compatibility value as a full tag with the wheel's CPU. */
static const struct policy *compat_policy(const char *platform_tag,
					  const char *compat,
					  struct strbuf *arch, struct err *e)
{
	struct strbuf full = STRBUF_INIT;
	const struct policy *p;
	struct plat_info pi;

	plat_parse(platform_tag, &pi);
	p = policy_from_tag(compat, arch);
	if (!p) {
		sb_addf(&full, "%s_%s", compat, pi.arch);
		p = policy_from_tag(full.buf, arch);
		sb_release(&full);
	}
	if (!p || p->libc == POLICY_ANY) {
		err_set(e, "unknown compatibility tag '%s'", compat);
		err_hint(e, "use a policy tag such as 'manylinux_2_17_%s', an alias such as 'manylinux2014', or 'linux'",
			 pi.arch);
		return NULL;
	}
	if (strcmp(arch->buf, pi.arch)) {
		err_set(e, "'%s' is a tag for %s, but the wheel is for %s", compat,
			arch->buf, pi.arch);
		return NULL;
	}
	return p;
}

int audit_compat_policy(const char *platform_tag, const char *compat,
			struct strbuf *out, struct err *e)
{
	struct strbuf arch = STRBUF_INIT;
	const struct policy *p;

	sb_reset(out);
	if (!compat || !*compat || !strcmp(compat, "linux"))
		return 0;
	if (!starts_with(platform_tag, "linux_"))
		return err_set(e, "--compatibility is for Linux wheels; this one is '%s'",
			       platform_tag);
	p = compat_policy(platform_tag, compat, &arch, e);
	if (p)
		policy_tag(p, arch.buf, out);
	sb_release(&arch);
	return p ? 0 : -1;
}

int audit_choose_platform(const struct audit_report *r,
			  const char *platform_tag, const char *compat,
			  struct strbuf *out, struct err *e)
{
	struct strbuf arch = STRBUF_INIT;
	const struct policy *p;

	sb_reset(out);
	if (!starts_with(platform_tag, "linux_") || (compat && !strcmp(compat, "linux"))) {
		sb_adds(out, platform_tag);
		return 0;
	}
	if (!compat || !*compat) {
		sb_adds(out, *r->policy_tags ? r->policy_tags : platform_tag);
		return 0;
	}
	p = compat_policy(platform_tag, compat, &arch, e);
	if (p)
		policy_tags(p, arch.buf, out);
	sb_release(&arch);
	return p ? 0 : -1;
}
