/*
 * libFuzzer harness for the PE reader (src/formats/pe.c, pe_dirs.c):
 * any input must parse or fail with an error, never read out of bounds.
 */
#include "base/err.h"
#include "formats/pe.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_file pe;
	struct err e = ERR_INIT;
	size_t off;

	pe_file_init(&pe);
	if (pe_parse(&pe, data, size, "fuzz.dll", &e) == 0 && pe.nr_sections)
		(void)pe_rva_to_offset(&pe, pe.sections[0].vaddr, 1, &off);
	pe_file_release(&pe);
	err_release(&e);
	return 0;
}
