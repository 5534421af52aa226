/*
 * libFuzzer harness for the audit of a whole wheel (src/audit/wheel_audit.c
 * over the zip reader): the input is the .whl file. Any input must give
 * findings or an error (a zip the reader refuses), never a crash or leak.
 */
#include "audit/audit_internal.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	char path[64];
	struct audit_report r;
	struct err e = ERR_INIT;

	if (fd < 0 && (fd = memfd_create("fuzz.whl", 0)) < 0)
		abort();
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	audit_report_init(&r);
	(void)audit_wheel(path, NULL, &r, &e);
	audit_report_release(&r);
	err_release(&e);
	return 0;
}
