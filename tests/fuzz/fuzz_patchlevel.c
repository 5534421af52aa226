/*
 * libFuzzer harness for the patchlevel.h reader (src/formats/patchlevel.c);
 * a version that parses is also written as a Windows pyconfig.h
 * (win_pyconfig.c) for one of the three machines, picked by the input's
 * length.
 */
#include "base/err.h"
#include "base/strbuf.h"
#include "formats/coff_implib.h"
#include "formats/patchlevel.h"
#include "formats/win_pyconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t machines[] = {
		COFF_MACHINE_AMD64, COFF_MACHINE_I386, COFF_MACHINE_ARM64,
	};
	struct patchlevel pl;
	struct win_pyconfig c;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;

	if (patchlevel_parse((const char *)data, size, "patchlevel.h", &pl, &e) == 0) {
		memset(&c, 0, sizeof(c));
		c.major = pl.major;
		c.minor = pl.minor;
		c.machine = machines[size % 3];
		c.gil_disabled = pl.micro & 1;
		c.debug = pl.micro > 0 && (pl.micro & 2);
		(void)win_pyconfig_write(&c, &out, &e);
	}
	sb_release(&out);
	err_release(&e);
	return 0;
}
