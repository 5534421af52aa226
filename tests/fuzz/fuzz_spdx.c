/*
 * libFuzzer harness for SPDX license expressions (src/formats/spdx.c):
 * besides memory safety, a valid expression's normal form must be valid
 * and its own normal form, and an error must leave the output alone.
 *
 *   clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 \
 *     -D_GNU_SOURCE -Isrc tests/fuzz/fuzz_spdx.c src/base/err.c \
 *     src/base/strbuf.c src/base/xalloc.c src/formats/spdx.c -o fuzz_spdx
 *   ./fuzz_spdx -max_total_time=60 tests/fuzz/corpus/spdx
 */
#include "base/err.h"
#include "base/strbuf.h"
#include "formats/spdx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf norm = STRBUF_INIT, again = STRBUF_INIT;
	struct err e = ERR_INIT;

	if (spdx_normalize((const char *)data, size, &norm, &e) == 0) {
		if (spdx_normalize(norm.buf, norm.len, &again, &e) != 0 ||
		    strcmp(norm.buf, again.buf))
			abort();
	} else if (norm.len || !e.msg.len) {
		abort();
	}
	sb_release(&norm);
	sb_release(&again);
	err_release(&e);
	return 0;
}
