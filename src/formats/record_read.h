/*
 * Reading a wheel's RECORD (PEP 376 / the binary distribution format): CSV
 * rows "path,sha256=<urlsafe base64, no padding>,size", as Python's csv
 * module writes them: a field holding ',' '"' or a line break is quoted,
 * '"' doubled inside. Installed RECORDs name files relative to
 * site-packages (scripts as "../../../bin/x"); uninstalling reads them
 * back. engine/record.h writes rows.
 */
#ifndef WW_RECORD_READ_H
#define WW_RECORD_READ_H

#include "../base/err.h"
#include "../base/strbuf.h"


struct record_row {
	char *path;		/* owned */
	char *hash;		/* "sha256=..." or "" */
	char *size;		/* decimal or "" */
	int line;		/* where the row starts */
};

struct record {
	struct record_row *rows;
	size_t n, alloc;
};

#define RECORD_INIT { NULL, 0, 0 }

/*
 * Parses buf (len bytes) into r (appending). Every row has 1 to 3 fields
 * and a non-empty path; blank lines are skipped. Errors carry file:line:col.
 */
int record_parse(struct record *r, const char *buf, size_t len,
		 const char *file, struct err *e);
void record_release(struct record *r);

#endif
