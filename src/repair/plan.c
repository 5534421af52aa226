/*
 * The edits of a repair, once the policy and the libraries to copy are
 * known: the copies' names, and for every object the DT_NEEDED entries to
 * drop or rename, its DT_SONAME and its DT_RPATH, applied with the ELF
 * editor (formats/elf_edit.h) into new bytes. An object nothing changes
 * in keeps its bytes.
 */
#include "repair_internal.h"
#include "../base/sha256.h"
#include "../formats/elf_strip.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

/*
 * "libyaml-0.so.2.0.9" with sha256 abcdef12... becomes
 * "libyaml-0-abcdef12.so.2.0.9": the stem before the first '.', as
 * auditwheel names its copies (so the two tools' wheels agree).
 */
static char *vendored_name(const struct repair_obj *o)
{
	const char *base = strrchr(o->realpath, '/');
	const char *dot;
	char hex[65];
	struct strbuf sb = STRBUF_INIT;

	base = base ? base + 1 : o->realpath;
	sha256_hex(o->data.buf, o->data.len, hex);
	hex[8] = '\0';
	dot = strchr(base, '.');
	sb_add(&sb, base, dot ? (size_t)(dot - base) : strlen(base));
	if (!(sb.len > 9 && sb.buf[sb.len - 9] == '-' && !strcmp(sb.buf + sb.len - 8, hex)))
		sb_addf(&sb, "-%s", hex);
	if (dot)
		sb_adds(&sb, dot);
	return sb_detach(&sb, NULL);
}

static void name_copies(struct repair_ctx *c, const struct graft_set *g)
{
	size_t i, k;

	for (i = 0; i < g->nr_libs; i++) {
		struct repair_obj *o = &c->objs[g->libs[i]];
		int dup = 0;

		o->new_name = vendored_name(o);
		/* one file reached under two names (libfoo.so.1 and libfoo.so) */
		for (k = 0; k < c->nr_vendored && !dup; k++)
			dup = !strcmp(c->objs[c->vendored[k]].new_name, o->new_name);
		if (dup)
			continue;
		ALLOC_GROW(c->vendored, c->nr_vendored + 1, c->alloc_vendored);
		c->vendored[c->nr_vendored++] = g->libs[i];
		sb_addf(&c->r->actions, "vendored '%s' as '%s/%s'\n", o->realpath,
			c->libs_dir, o->new_name);
	}
}

/* Whether an $ORIGIN entry of arcname's search path stays in the wheel. */
static int entry_in_wheel(const char *arcname, const char *entry, size_t n)
{
	struct strbuf origin = STRBUF_INIT, dir = STRBUF_INIT;
	const char *p;
	int depth = 0, ok;

	sb_addc(&origin, '/');
	repair_dirname(arcname, &dir);
	sb_add(&origin, dir.buf, dir.len);
	sb_reset(&dir);
	ok = *entry == '$' && !ld_expand_entry(entry, n, origin.buf, NULL, &dir);
	/* lexically: ".." may never climb above the wheel's root */
	for (p = dir.buf; ok && *p; ) {
		size_t len;

		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (len == 2 && !strncmp(p, "..", 2))
			ok = depth-- > 0;
		else if (len && !(len == 1 && *p == '.'))
			depth++;
		p += len;
	}
	sb_release(&origin);
	sb_release(&dir);
	return ok;
}

/* Whether the ':'-separated list holds entry exactly. */
static int has_entry(const char *list, const char *entry)
{
	size_t n = strlen(entry);
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ":");

		if (len == n && !strncmp(p, entry, n))
			return 1;
		p += len + (p[len] ? 1 : 0);
	}
	return 0;
}

/*
 * The former entries that stay in the wheel (each once), then
 * "$ORIGIN/<path to libs_dir>", as auditwheel's append_rpath_within_wheel.
 */
static void module_rpath(const struct repair_ctx *c, const struct repair_obj *o,
			 struct strbuf *out)
{
	const char *p = o->ef.runpath ? o->ef.runpath : o->ef.rpath;
	struct strbuf mine = STRBUF_INIT, entry = STRBUF_INIT;
	const char *s;

	sb_adds(&mine, "$ORIGIN/");
	for (s = o->name; (s = strchr(s, '/')); s++)
		sb_adds(&mine, "../");
	sb_adds(&mine, c->libs_dir);
	while (p && *p) {
		size_t n = strcspn(p, ":");

		sb_reset(&entry);
		sb_add(&entry, p, n);
		if (n && entry_in_wheel(o->name, p, n) && !has_entry(out->buf, entry.buf))
			sb_addf(out, "%s%s", out->len ? ":" : "", entry.buf);
		p += n + (p[n] ? 1 : 0);
	}
	if (!has_entry(out->buf, mine.buf))
		sb_addf(out, "%s%s", out->len ? ":" : "", mine.buf);
	sb_release(&mine);
	sb_release(&entry);
}

static int vendored_now(const struct repair_ctx *c, long target)
{
	return target >= 0 && c->objs[target].walk_gen == c->walk_gen &&
	       c->objs[target].new_name;
}

/*
 * --strip into o->edited: 1 when something went, 0 when the file has
 * nothing to strip (edited stays empty, and the file keeps its bytes
 * unless an edit changes them).
 */
static int strip_obj(struct repair_ctx *c, struct repair_obj *o, struct err *e)
{
	int rc = elf_strip(o->data.buf, o->data.len, o->name, &o->edited, e);

	if (rc > 0)
		sb_addf(&c->r->actions, "%s: stripped (%zu bytes, was %zu)\n",
			o->in_wheel ? o->name : o->new_name, o->edited.len, o->data.len);
	return rc;
}

/* The editor names the member; the user needs the wheel too. */
static void in_wheel_error(const struct repair_ctx *c, const struct repair_obj *o,
			   struct err *e)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb, "%s:%s", c->wheel, o->name);
	free(e->file);
	e->file = sb_detach(&sb, NULL);
}

static int edit_obj(struct repair_ctx *c, size_t i, struct err *e)
{
	struct repair_obj *o = &c->objs[i];
	struct elf_edit ed;
	struct strbuf rpath = STRBUF_INIT;
	size_t k, uses = 0, removed = 0;
	int rc = 0;

	elf_edit_init(&ed);
	for (k = 0; k < o->nr_needs; k++) {
		const struct need *n = &o->needs[k];

		if (n->kind == NEED_LIBPYTHON) {
			elf_edit_add_remove_needed(&ed, n->name);
			sb_addf(&c->r->actions, "%s: removed DT_NEEDED '%s'\n",
				o->in_wheel ? o->name : o->new_name, n->name);
			removed++;
		} else if (n->kind == NEED_EXCLUDED) {
			sb_addf(&c->r->actions, "%s: kept DT_NEEDED '%s' (excluded)\n",
				o->in_wheel ? o->name : o->new_name, n->name);
		} else if (n->kind == NEED_SYSTEM && vendored_now(c, n->target)) {
			elf_edit_add_replace_needed(&ed, n->name, c->objs[n->target].new_name);
			uses++;
		}
	}
	if (!o->in_wheel) {
		ed.set_soname = o->new_name;
		if (uses)
			ed.set_rpath = "$ORIGIN";
		else
			ed.remove_rpath = o->ef.rpath || o->ef.runpath;
	} else if (uses) {
		module_rpath(c, o, &rpath);
		ed.set_rpath = rpath.buf;
		sb_addf(&c->r->actions, "%s: DT_RPATH '%s'\n", o->name, rpath.buf);
	}
	ed.force_rpath = 1;
	rc = c->opts->strip ? strip_obj(c, o, e) : 0;
	if (rc >= 0 && (removed || uses || !o->in_wheel)) {
		const struct strbuf *in = rc ? &o->edited : &o->data;
		struct strbuf out = STRBUF_INIT;

		rc = elf_edit_apply(in->buf, in->len, o->name, &ed, &out, e);
		sb_release(&o->edited);
		o->edited = out;
	}
	if (rc < 0 && o->in_wheel)
		in_wheel_error(c, o, e);
	o->changed = rc >= 0 && o->edited.len;
	if (o->in_wheel && o->changed)
		c->r->nr_edited++;
	elf_edit_release(&ed);
	sb_release(&rpath);
	return rc < 0 ? -1 : 0;
}

int repair_plan(struct repair_ctx *c, const struct graft_set *g,
		struct err *e)
{
	size_t i;

	name_copies(c, g);
	for (i = 0; i < c->nr_wheel_objs; i++)
		if (edit_obj(c, i, e))
			return -1;
	for (i = 0; i < c->nr_vendored; i++)
		if (edit_obj(c, c->vendored[i], e))
			return -1;
	c->r->nr_vendored = c->nr_vendored;
	return 0;
}
