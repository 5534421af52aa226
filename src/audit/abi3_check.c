/*
 * abi3-violation and static-libpython: a module's Python symbols against
 * the stable ABI manifest (tables/stable_abi.h).
 *
 * An abi3 wheel promises that its modules load in every CPython from its
 * floor on (cp39-abi3: 3.9 and newer). A module that imports a Py* or _Py*
 * symbol outside the stable ABI may find it gone or changed in another
 * version; one that imports a symbol added after the floor does not load
 * in the older versions the tag admits (undefined symbol).
 */
#include "audit_internal.h"
#include "../tables/stable_abi.h"

#include <string.h>

void abi3_tally_init(struct abi3_tally *t)
{
	memset(t, 0, sizeof(*t));
	sb_init(&t->not_abi3);
	sb_init(&t->too_new);
}

void abi3_tally_release(struct abi3_tally *t)
{
	sb_release(&t->not_abi3);
	sb_release(&t->too_new);
}

/* Keeps messages short: the first few names, then a count. */
#define LIST_MAX 8

static void list_add(struct strbuf *sb, size_t *nr, const char *item)
{
	if (*nr < LIST_MAX)
		sb_addf(sb, "%s%s", *nr ? ", " : "", item);
	(*nr)++;
}

static int is_python_symbol(const char *sym)
{
	return (starts_with(sym, "Py") || starts_with(sym, "_Py")) &&
	       !starts_with(sym, "PyInit_") && !starts_with(sym, "PyInitU_");
}

void abi3_check_symbol(const struct audit_ctx *c, struct abi3_tally *t,
		       const char *sym, int windows)
{
	const struct stable_abi_sym *s;
	struct strbuf item = STRBUF_INIT;

	if (!is_python_symbol(sym))
		return;
	s = stable_abi_find(sym);
	if (s && windows && !stable_abi_on_windows(s))
		s = NULL;
	if (s && !windows && s->ifdef && !strcmp(s->ifdef->name, "MS_WINDOWS"))
		s = NULL;
	if (!s) {
		sb_addf(&item, "'%s'", sym);
		list_add(&t->not_abi3, &t->nr_not_abi3, item.buf);
	} else if (!stable_abi_available_in(s, 3, c->abi3_minor)) {
		sb_addf(&item, "'%s' (%d.%d)", sym, s->added_major, s->added_minor);
		list_add(&t->too_new, &t->nr_too_new, item.buf);
		if (s->added_minor > t->newest_minor) {
			t->newest_major = s->added_major;
			t->newest_minor = s->added_minor;
		}
	}
	sb_release(&item);
}

void audit_abi3_flush(struct audit_ctx *c, const char *arcname,
		      struct abi3_tally *t)
{
	if (t->nr_not_abi3)
		audit_member(c, arcname, "abi3-violation", AUDIT_ERROR,
			     "imports %zu symbol%s outside the stable ABI: %s%s",
			     t->nr_not_abi3, t->nr_not_abi3 == 1 ? "" : "s",
			     t->not_abi3.buf, t->nr_not_abi3 > LIST_MAX ? ", ..." : "");
	if (t->nr_too_new)
		audit_member(c, arcname, "abi3-violation", AUDIT_ERROR,
			     "uses %zu symbol%s added to the stable ABI after the wheel's floor 3.%d: %s%s; it needs Python %d.%d or newer",
			     t->nr_too_new, t->nr_too_new == 1 ? "" : "s",
			     c->abi3_minor, t->too_new.buf,
			     t->nr_too_new > LIST_MAX ? ", ..." : "",
			     t->newest_major, t->newest_minor);
}

int audit_is_capi_function(const char *name)
{
	const struct stable_abi_sym *s;

	if (name[0] != 'P' && name[0] != '_')
		return 0;
	s = stable_abi_find(name);
	return s && s->kind == STABLE_ABI_FUNCTION;
}

void capi_tally_init(struct capi_tally *t)
{
	t->count = 0;
	sb_init(&t->examples);
}

void capi_tally_add(struct capi_tally *t, const char *name)
{
	if (!name || !audit_is_capi_function(name))
		return;
	if (t->count < 3)
		sb_addf(&t->examples, "%s'%s'", t->count ? ", " : "", name);
	t->count++;
}

void audit_static_libpython(struct audit_ctx *c, const char *arcname,
			    struct capi_tally *t)
{
	if (t->count >= STATIC_LIBPYTHON_MIN)
		audit_member(c, arcname, "static-libpython", AUDIT_ERROR,
			     "defines %zu functions of the CPython API itself (%s, ...): "
			     "a copy of libpython is linked in, whose separate interpreter "
			     "state breaks the module inside the real interpreter",
			     t->count, t->examples.buf);
	sb_release(&t->examples);
}
