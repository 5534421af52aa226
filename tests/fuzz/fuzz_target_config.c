/*
 * libFuzzer harness for target configuration files (wheelwright's key=value
 * form and PyO3's PYO3_CONFIG_FILE form): parse, finish, and check what the
 * API promises. An error has a message; a finished configuration prints a
 * canonical text that parses back to the same hash.
 */
#include "base/err.h"
#include "core/target.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct target t, again;
	struct err e = ERR_INIT;
	struct strbuf text = STRBUF_INIT;

	target_init(&t);
	if (target_parse_text(&t, (const char *)data, size, "fuzz.conf", &e) ||
	    target_finish(&t, &e)) {
		if (!e.msg.len)
			abort();
		goto out;
	}
	target_to_text(&t, &text);
	target_init(&again);
	if (target_parse_text(&again, text.buf, text.len, "again", &e) ||
	    target_finish(&again, &e) || strcmp(again.hash, t.hash))
		abort();
	target_release(&again);
out:
	target_release(&t);
	sb_release(&text);
	err_release(&e);
	return 0;
}
