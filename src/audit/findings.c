/* The audit report: findings and the best policy (audit.h). */
#include "audit.h"
#include "../base/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void audit_report_init(struct audit_report *r)
{
	memset(r, 0, sizeof(*r));
	r->policy = xstrdup("");
	r->policy_tags = xstrdup("");
	r->macos_tag = xstrdup("");
}

void audit_report_release(struct audit_report *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++) {
		free(r->v[i].file);
		free(r->v[i].message);
	}
	free(r->v);
	free(r->policy);
	free(r->policy_tags);
	free(r->macos_tag);
	memset(r, 0, sizeof(*r));
}

void audit_add(struct audit_report *r, const char *file, const char *code,
	       enum audit_severity sev, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	struct audit_finding *f;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&msg, fmt, ap);
	va_end(ap);
	ALLOC_GROW(r->v, r->nr + 1, r->alloc);
	f = &r->v[r->nr++];
	f->file = xstrdup(file);
	f->code = code;
	f->severity = sev;
	f->message = sb_detach(&msg, NULL);
}

int audit_has_errors(const struct audit_report *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		if (r->v[i].severity == AUDIT_ERROR)
			return 1;
	return 0;
}

size_t audit_count(const struct audit_report *r, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < r->nr; i++)
		n += !strcmp(r->v[i].code, code);
	return n;
}

const char *audit_severity_name(enum audit_severity s)
{
	switch (s) {
	case AUDIT_ERROR: return "error";
	case AUDIT_WARNING: return "warning";
	default: return "info";
	}
}
