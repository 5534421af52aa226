/*
 * libFuzzer harness for the Mach-O reader (src/formats/macho*.c): any
 * input must parse or fail with an error, never read out of bounds; and
 * what parses must be usable (names, versions, the macOS minimum).
 */
#include "base/err.h"
#include "formats/macho.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct macho_file m;
	struct err e = ERR_INIT;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	macho_file_init(&m);
	if (macho_parse(&m, data, size, "fuzz.so", &e) == 0) {
		for (i = 0; i < m.nr_slices; i++) {
			char buf[32];
			uint32_t v;

			sb_adds(&sb, macho_slice_arch(&m.slices[i], buf, sizeof(buf)));
			if (macho_min_macos(&m.slices[i], &v))
				macho_version_add(&sb, v);
		}
	}
	macho_file_release(&m);
	sb_release(&sb);
	err_release(&e);
	return 0;
}
