/* ext-suffix-mismatch: a module's file name against the wheel's tags. */
#include "audit_internal.h"

#include <string.h>

static int all_any(const struct wheel_tags *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (strcmp(t->v[i].platform, "any"))
			return 0;
	return t->nr > 0;
}

void audit_module_name(struct audit_ctx *c, const char *arcname,
		       const struct ext_name *n)
{
	struct strbuf why = STRBUF_INIT;
	size_t i;

	if (!c->nr_modules++ && all_any(&c->tags))
		audit_member(c, NULL, "tag-mismatch", AUDIT_ERROR,
			     "the wheel is tagged for any platform, but it holds extension modules ('%s')",
			     arcname);
	for (i = 0; i < c->tags.nr; i++) {
		const struct wheel_tag *t = &c->tags.v[i];

		if (!ext_suffix_ok(n, t->python, t->abi, t->platform, &why)) {
			audit_member(c, arcname, "ext-suffix-mismatch", AUDIT_ERROR,
				     "is named '%s%s': %s", n->leaf, n->suffix, why.buf);
			break;
		}
	}
	sb_release(&why);
}
