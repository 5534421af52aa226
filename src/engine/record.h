/*
 * A wheel's RECORD (the binary distribution format spec): one CSV row per
 * file, "path,sha256=<urlsafe base64, no padding>,size", quoted as Python's
 * csv module quotes it, and the RECORD's own row last with empty hash and
 * size. Shared by the writers of wheels (build, repair) so that there is
 * one way to spell a row.
 */
#ifndef WW_RECORD_H
#define WW_RECORD_H

#include "../base/strbuf.h"
#include "../formats/zip_write.h"

/* Appends the row of arcname, whose content d describes. */
void record_add_line(struct strbuf *rec, const char *arcname,
		     const struct zip_digest *d);

/* Appends the RECORD's own row: "<dist_info>/RECORD,,". */
void record_add_self(struct strbuf *rec, const char *dist_info);

#endif
