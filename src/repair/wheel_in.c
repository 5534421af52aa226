/*
 * Reading the wheel to repair: its file name, the zip with every check of
 * zip_read.h (a hostile archive stops the repair before anything is
 * written), its .dist-info/WHEEL, and every member that is an ELF file
 * with a dynamic section, held in memory and parsed. Other members are
 * only peeked at (their first bytes) and copied later.
 */
#include "repair_internal.h"
#include "../audit/ext_suffix.h"
#include "../base/sha256.h"
#include "../base/xalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHEEL_CAP (1u << 20)
#define ELF_CAP ((uint64_t)2 << 30)

/* Replaces e's file with "wheel:member", where the problem is. */
static int in_member(struct repair_ctx *c, const char *member, struct err *e)
{
	free(e->file);
	e->file = NULL;
	if (member) {
		struct strbuf sb = STRBUF_INIT;

		sb_addf(&sb, "%s:%s", c->wheel, member);
		e->file = sb_detach(&sb, NULL);
	} else {
		e->file = xstrdup(c->wheel);
	}
	e->line = e->col = 0;
	return -1;
}

/* Name rules (PEP 503 / the wheel spec): "Foo.Bar" and "foo_bar" match. */
static void normalize(const char *s, size_t n, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sb_addc(out, s[i] == '-' || s[i] == '.' ? '_' : tolower((unsigned char)s[i]));
}

/* The top-level "*.dist-info" folder with a WHEEL; the file name's own. */
static int find_dist_info(struct repair_ctx *c, struct err *e)
{
	struct strbuf want = STRBUF_INIT, have = STRBUF_INIT;
	size_t i, found = 0;

	/* both sides through the same rule, the '-' between them too */
	normalize(c->wn.distribution, strlen(c->wn.distribution), &want);
	normalize("-", 1, &want);
	normalize(c->wn.version, strlen(c->wn.version), &want);
	for (i = 0; i < c->zr.nr; i++) {
		const char *n = c->zr.m[i].name, *slash = strchr(n, '/');
		size_t len;

		if (!slash || strcmp(slash, "/WHEEL"))
			continue;
		len = (size_t)(slash - n);
		if (len <= 10 || strncmp(slash - 10, ".dist-info", 10))
			continue;
		sb_reset(&have);
		normalize(n, len - 10, &have);
		if (!strcmp(have.buf, want.buf)) {
			free(c->dist_info);
			c->dist_info = xstrndup(n, len);
			c->wheel_member = (long)i;
		}
		found++;
	}
	if (!c->dist_info)
		err_at(e, c->wheel, 0, 0, "the wheel has no '%s-%s.dist-info/WHEEL'%s",
		       c->wn.distribution, c->wn.version,
		       found ? " (its .dist-info folder is named for another project or version)" : "");
	sb_release(&want);
	sb_release(&have);
	return c->dist_info ? 0 : -1;
}

static int read_wheel_txt(struct repair_ctx *c, struct err *e)
{
	struct wheel_info info;
	struct strbuf path = STRBUF_INIT;
	int rc;

	if (zip_reader_extract_mem(&c->zr, (size_t)c->wheel_member, WHEEL_CAP,
				   &c->wheel_txt, e))
		return in_member(c, c->zr.m[c->wheel_member].name, e);
	sb_addf(&path, "%s:%s/WHEEL", c->wheel, c->dist_info);
	wheel_info_init(&info);
	rc = wheel_info_parse(&info, c->wheel_txt.buf, c->wheel_txt.len, path.buf, e);
	wheel_info_release(&info);
	sb_release(&path);
	return rc;
}

/* Keeps a member's bytes only once they start like an ELF file. */
struct peek {
	struct strbuf *buf;
	int not_elf;
	struct sha256 sha;	/* of the whole content, for RECORD */
	uint64_t size;
};

/*
 * Other members are read to their end all the same, unkept: the reader
 * checks their size and CRC-32 only then, and a corrupt member must stop
 * the repair before anything is written.
 */
static int peek_sink(void *ctx, const void *data, size_t len, struct err *e)
{
	struct peek *p = ctx;

	sha256_update(&p->sha, data, len);
	p->size += len;
	if (p->not_elf)
		return 0;
	if (p->buf->len + len > ELF_CAP)
		return err_set(e, "is an ELF file larger than %llu bytes, more than repair holds in memory",
			       (unsigned long long)ELF_CAP);
	sb_add(p->buf, data, len);
	if (p->buf->len >= 4 && !elf_is_elf(p->buf->buf, p->buf->len)) {
		p->not_elf = 1;
		sb_release(p->buf);
	}
	return 0;
}

static int check_cpu(struct repair_ctx *c, const struct repair_obj *o,
		     struct err *e)
{
	const char *arch = plat_arch_of_elf(o->ef.machine, o->ef.is64, o->ef.msb);

	if (!arch) {
		err_set(e, "is an ELF file for %s (%d-bit %s-endian), a CPU no manylinux or musllinux policy knows",
			elf_machine_name(&o->ef), o->ef.is64 ? 64 : 32, o->ef.msb ? "big" : "little");
		return in_member(c, o->name, e);
	}
	if (!c->arch[0]) {
		snprintf(c->arch, sizeof(c->arch), "%s", arch);
		c->want.machine = o->ef.machine;
		c->want.is64 = o->ef.is64;
		c->want.msb = o->ef.msb;
		c->want.arm_hard_float = elf_arm_hard_float(&o->ef);
	} else if (strcmp(c->arch, arch)) {
		err_set(e, "is for %s, but '%s' is for %s: a wheel holds binaries for one CPU",
			arch, c->objs[0].name, c->arch);
		return in_member(c, o->name, e);
	}
	return 0;
}

/* Reads member i; keeps it as an object when it is a dynamic ELF file. */
static int read_member(struct repair_ctx *c, size_t i, struct err *e)
{
	const struct zip_member *m = &c->zr.m[i];
	struct strbuf buf = STRBUF_INIT;
	struct peek p;
	struct repair_obj *o;
	size_t k;

	if (zip_member_is_dir(m))
		return 0;
	memset(&p, 0, sizeof(p));
	p.buf = &buf;
	sha256_init(&p.sha);
	if (zip_reader_extract(&c->zr, i, peek_sink, &p, e)) {
		sb_release(&buf);
		return in_member(c, m->name, e);
	}
	sha256_final(&p.sha, c->digests[i].sha256);
	c->digests[i].size = p.size;
	if (p.not_elf || !elf_is_elf(buf.buf, buf.len)) {
		sb_release(&buf);
		return 0;
	}
	k = repair_obj_new(c);
	o = &c->objs[k];
	o->name = xstrdup(m->name);
	o->in_wheel = 1;
	o->member = i;
	o->mode = m->mode & 07777;
	o->data = buf;
	if (repair_obj_load(c, o, e))
		return in_member(c, m->name, e);
	if (!o->ef.has_dynamic) {	/* an object file or a static program */
		repair_obj_release(o);
		c->nr_objs--;
		return 0;
	}
	return check_cpu(c, o, e);
}

int repair_read_wheel(struct repair_ctx *c, struct err *e)
{
	struct zip_limits lim = ZIP_LIMITS_INIT;
	size_t i;

	if (wheel_name_parse(&c->wn, c->wheel, e))
		return -1;
	if (zip_reader_open(&c->zr, c->wheel, &lim, e))
		return in_member(c, NULL, e);
	c->zr_open = 1;
	if (zip_reader_validate(&c->zr, e))
		return in_member(c, NULL, e);
	if (find_dist_info(c, e) || read_wheel_txt(c, e))
		return -1;
	c->digests = xcalloc(c->zr.nr + 1, sizeof(*c->digests));
	for (i = 0; i < c->zr.nr; i++)
		if (read_member(c, i, e))
			return -1;
	c->nr_wheel_objs = c->nr_objs;
	if (!c->nr_objs)
		return err_at(e, c->wheel, 0, 0, "the wheel holds no ELF binaries: there is nothing to repair");
	{
		struct strbuf sb = STRBUF_INIT;

		sb_addf(&sb, "%s%s", c->wn.distribution,
			c->opts->lib_sdir ? c->opts->lib_sdir : ".libs");
		c->libs_dir = sb_detach(&sb, NULL);
	}
	return 0;
}
