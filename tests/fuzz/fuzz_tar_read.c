/*
 * libFuzzer harness for the tar reader (src/formats/tar_read.c): every
 * entry of the input (gzip or plain tar) is walked and, for every other
 * entry, its content read in small pieces, so both skipping and reading
 * paths see hostile sizes and truncations.
 */
#include "base/err.h"
#include "formats/tar_read.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tar_reader tr;
	struct err e = ERR_INIT;
	const struct tar_entry *en;
	unsigned char buf[333];
	size_t n = 0;

	if (tar_reader_open_mem(&tr, data, size, "fuzz.tar", &e) == 0) {
		while (tar_reader_next(&tr, &en, &e) == 1) {
			size_t got;

			if (n++ % 2)
				continue;
			do {
				if (tar_reader_read(&tr, buf, sizeof(buf), &got, &e))
					break;
			} while (got);
			if (err_isset(&e))
				break;
		}
	}
	tar_reader_release(&tr);
	err_release(&e);
	return 0;
}
