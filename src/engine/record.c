#include "record.h"
#include "../base/base64.h"

#include <string.h>

/* Quoted only when csv would quote it: a comma, a quote or a line break. */
static void add_path(struct strbuf *rec, const char *arcname)
{
	const char *c;

	if (!strpbrk(arcname, ",\"\n\r")) {
		sb_adds(rec, arcname);
		return;
	}
	sb_addc(rec, '"');
	for (c = arcname; *c; c++) {
		if (*c == '"')
			sb_addc(rec, '"');
		sb_addc(rec, *c);
	}
	sb_addc(rec, '"');
}

void record_add_line(struct strbuf *rec, const char *arcname,
		     const struct zip_digest *d)
{
	add_path(rec, arcname);
	sb_adds(rec, ",sha256=");
	base64_urlsafe_nopad(rec, d->sha256, 32);
	sb_addf(rec, ",%llu\n", (unsigned long long)d->size);
}

void record_add_self(struct strbuf *rec, const char *dist_info)
{
	struct strbuf path = STRBUF_INIT;

	sb_addf(&path, "%s/RECORD", dist_info);
	add_path(rec, path.buf);
	sb_adds(rec, ",,\n");
	sb_release(&path);
}
