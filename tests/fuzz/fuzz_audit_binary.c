/*
 * libFuzzer harness for the audit of one binary (src/audit: ELF, PE and
 * Mach-O checks, the policy match, the RUNPATH checks) through audit_binary_mem().
 * The first byte picks the name the binary is audited as, so the module
 * name rules run too. Any input must give findings or an error, never a
 * crash, a leak, or a finding without a code or a message.
 */
#include "audit/audit.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
	"m.cpython-312-x86_64-linux-gnu.so",
	"m.abi3.so",
	"m.cp312-win_amd64.pyd",
	"m.pyd",
	"libfoo.so.1",
	"m.cpython-312-arm-linux-gnueabihf.so",
	"m.cpython-312-darwin.so",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct audit_opts strict = { "manylinux_2_5_x86_64" };
	struct audit_report r;
	struct err e = ERR_INIT;
	size_t i;

	if (size < 1)
		return 0;
	audit_report_init(&r);
	if (!audit_binary_mem(names[data[0] % 7], data + 1, size - 1,
			      data[0] & 0x80 ? &strict : NULL, &r, &e))
		for (i = 0; i < r.nr; i++)
			if (!r.v[i].code || !*r.v[i].message || !*r.v[i].file)
				abort();
	audit_report_release(&r);
	err_release(&e);
	return 0;
}
