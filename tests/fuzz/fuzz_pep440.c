/*
 * libFuzzer harness for PEP 440 versions: besides memory safety, the
 * normalized form must parse again to itself and compare equal to the
 * original, and the order must be antisymmetric.
 *
 *   clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 \
 *     -D_GNU_SOURCE -Isrc tests/fuzz/fuzz_pep440.c src/base/err.c \
 *     src/base/strbuf.c src/base/xalloc.c src/formats/pep440.c -o fuzz_pep440
 *   ./fuzz_pep440 -max_total_time=60 tests/fuzz/corpus/pep440
 */
#include "base/err.h"
#include "base/strbuf.h"
#include "formats/pep440.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pep440_version v, again;
	struct err e = ERR_INIT;
	struct strbuf norm = STRBUF_INIT, norm2 = STRBUF_INIT;
	size_t half = size / 2, n;

	pep440_version_init(&v);
	pep440_version_init(&again);
	if (pep440_parse((const char *)data, size, &v, &e) == 0) {
		pep440_format(&v, 0, &norm);
		if (pep440_parse(norm.buf, norm.len, &again, &e) < 0)
			abort();
		pep440_format(&again, 0, &norm2);
		if (strcmp(norm.buf, norm2.buf) || pep440_compare(&v, &again))
			abort();
	} else if (!e.msg.len) {
		abort();
	}
	/* two halves of the input as two versions: the order is antisymmetric */
	if (pep440_parse((const char *)data, half, &v, &e) == 0 &&
	    pep440_parse((const char *)data + half, size - half, &again, &e) == 0) {
		int ab = pep440_compare(&v, &again), ba = pep440_compare(&again, &v);

		if ((ab < 0) != (ba > 0) || (ab == 0) != (ba == 0))
			abort();
	}
	if (pep440_match((const char *)data, size, PEP440_ALLOW_LOCAL, &v, &n, &e) == 0 &&
	    n > size)
		abort();
	sb_release(&norm);
	sb_release(&norm2);
	pep440_version_release(&v);
	pep440_version_release(&again);
	err_release(&e);
	return 0;
}
