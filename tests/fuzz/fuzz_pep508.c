/*
 * libFuzzer harness for PEP 508 requirements: besides memory safety, an
 * error must point inside the input, and the normalized form of a valid
 * requirement must parse again to the same normalized form.
 *
 *   clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 \
 *     -D_GNU_SOURCE -Isrc tests/fuzz/fuzz_pep508.c src/base/err.c \
 *     src/base/strbuf.c src/base/xalloc.c src/formats/pep440.c \
 *     src/formats/pep508.c src/formats/pep508_format.c -o fuzz_pep508
 *   ./fuzz_pep508 -max_total_time=60 tests/fuzz/corpus/pep508
 */
#include "base/err.h"
#include "base/strbuf.h"
#include "formats/pep508.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pep508_requirement r;
	struct err e = ERR_INIT;
	struct strbuf norm = STRBUF_INIT, norm2 = STRBUF_INIT;
	size_t where = 0;

	pep508_requirement_init(&r);
	if (pep508_parse((const char *)data, size, &r, &where, &e) == 0) {
		pep508_format(&r, &norm);
		if (pep508_parse(norm.buf, norm.len, &r, &where, &e) < 0)
			abort();
		pep508_format(&r, &norm2);
		if (strcmp(norm.buf, norm2.buf))
			abort();
	} else if (!e.msg.len || where > size) {
		abort();
	}
	sb_release(&norm);
	sb_release(&norm2);
	pep508_requirement_release(&r);
	err_release(&e);
	return 0;
}
