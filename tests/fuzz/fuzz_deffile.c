/*
 * libFuzzer harness for the .def parser (src/formats/deffile.c); what
 * parses is also written as an import library (coff_implib.c), for one of
 * the three machines picked by the input's length.
 */
#include "base/err.h"
#include "base/strbuf.h"
#include "formats/coff_implib.h"
#include "formats/deffile.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t machines[] = {
		COFF_MACHINE_AMD64, COFF_MACHINE_I386, COFF_MACHINE_ARM64,
	};
	struct def_file def = DEF_FILE_INIT;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct implib lib;
	char *dll;

	if (def_parse(&def, (const char *)data, size, "fuzz.def", &e) == 0) {
		dll = def_module_name(&def);
		implib_init(&lib, dll ? dll : "fuzz.dll", machines[size % 3]);
		if (implib_add_def(&lib, &def, "fuzz.def", &e) == 0)
			(void)implib_write(&lib, &out, &e);
		implib_release(&lib);
		free(dll);
	}
	def_file_release(&def);
	sb_release(&out);
	err_release(&e);
	return 0;
}
