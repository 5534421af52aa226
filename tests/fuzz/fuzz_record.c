/*
 * libFuzzer harness for the RECORD reader (src/formats/record_read.c):
 * what parses is written back with the writer (engine/record.c) and must
 * parse again to the same rows (paths survive quoting).
 */
#include "base/err.h"
#include "base/strbuf.h"
#include "engine/record.h"
#include "formats/record_read.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record r = RECORD_INIT, again = RECORD_INIT;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct zip_digest d;
	size_t i;

	if (record_parse(&r, (const char *)data, size, "RECORD", &e) == 0) {
		memset(&d, 0, sizeof(d));
		for (i = 0; i < r.n; i++)
			record_add_line(&out, r.rows[i].path, &d);
		if (record_parse(&again, out.buf, out.len, "RECORD", &e) ||
		    again.n != r.n)
			abort();
		for (i = 0; i < r.n; i++)
			if (strcmp(r.rows[i].path, again.rows[i].path))
				abort();
	}
	record_release(&r);
	record_release(&again);
	sb_release(&out);
	err_release(&e);
	return 0;
}
