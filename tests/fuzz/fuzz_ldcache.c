/*
 * libFuzzer harness for the ld.so.cache reader (src/formats/ldcache.c):
 * any input parses or fails with an error; what parses has every name and
 * path NUL-terminated inside the input, and hwcap names and the generator
 * inside it too.
 */
#include "base/err.h"
#include "formats/ldcache.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const uint8_t *data, size_t size, const char *s)
{
	const uint8_t *p = (const uint8_t *)s;

	if (p < data || p >= data + size || !memchr(p, 0, (size_t)(data + size - p)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = ERR_INIT;
	struct ldcache c;
	char buf[64];
	size_t i;

	if (!ldcache_parse(&c, data, size, "fuzz", &e)) {
		for (i = 0; i < c.nr; i++) {
			inside(data, size, c.v[i].name);
			inside(data, size, c.v[i].path);
			if (c.v[i].hwcap_name)
				inside(data, size, c.v[i].hwcap_name);
			(void)ldcache_flags_name(c.v[i].flags, buf);
		}
		if (c.generator && ((const uint8_t *)c.generator < data ||
				    c.generator_len > size ||
				    (const uint8_t *)c.generator + c.generator_len > data + size))
			abort();
	} else if (!e.msg.len) {
		abort();
	}
	ldcache_release(&c);
	err_release(&e);
	return 0;
}
