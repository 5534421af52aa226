/*
 * libFuzzer harness for the zip reader: open, validate, extract every entry.
 * The input is served from a memfd, as the reader works on file offsets.
 *
 *   clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 \
 *     -D_GNU_SOURCE -Isrc tests/fuzz/fuzz_zip.c src/base/err.c \
 *     src/base/strbuf.c src/base/xalloc.c src/formats/zip_read.c \
 *     src/formats/zip_check.c src/formats/zip_extract.c \
 *     src/formats/zip_format.c -lz -o /tmp/fuzz_zip
 *   /tmp/fuzz_zip -max_total_time=60 tests/fuzz/corpus/zip
 */
#include "formats/zip_read.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int discard(void *ctx, const void *buf, size_t len, struct err *e)
{
	(void)buf;
	(void)e;
	*(size_t *)ctx += len;
	return 0;
}

static int input_file(const uint8_t *data, size_t size)
{
	static int fd = -1;

	if (fd < 0)
		fd = memfd_create("fuzz-zip", 0);
	if (fd < 0 || ftruncate(fd, 0) ||
	    (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();
	return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zip_limits lim = ZIP_LIMITS_INIT;
	struct zip_reader zr;
	struct err e = ERR_INIT;
	int fd = input_file(data, size);
	size_t i, total = 0;

	/* Keep each run small: bombs are what the ratio cap is for. */
	lim.ratio_min_size = 1 << 16;
	if (zip_reader_open_fd(&zr, fd, "fuzz.zip", &lim, &e) == 0) {
		int valid = zip_reader_validate(&zr, &e) == 0;

		for (i = 0; i < zr.nr; i++) {
			struct err one = ERR_INIT;
			struct strbuf out = STRBUF_INIT;

			/* Extraction must be safe on unvalidated entries too. */
			if (valid || zr.m[i].size < (1 << 20))
				zip_reader_extract(&zr, i, discard, &total, &one);
			zip_reader_extract_mem(&zr, i, 4096, &out, &one);
			sb_release(&out);
			err_release(&one);
		}
		zip_reader_release(&zr);
	}
	err_release(&e);
	return 0;
}
