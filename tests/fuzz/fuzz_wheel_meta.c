/*
 * libFuzzer harness for the wheel self-description parsers
 * (src/audit/wheel_meta.c): the first byte picks the parser (file name,
 * WHEEL, RECORD), the rest is its input. Any input must parse or fail with
 * a located error, never crash or leak.
 */
#include "audit/wheel_meta.h"
#include "base/xalloc.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void name(const char *text)
{
	struct wheel_name n;
	struct err e = ERR_INIT;

	wheel_name_init(&n);
	if (!wheel_name_parse(&n, text, &e) && !n.tags.nr)
		abort();	/* a parsed name has at least one tag */
	wheel_name_release(&n);
	err_release(&e);
}

static void info(const char *text, size_t len)
{
	struct wheel_info w;
	struct err e = ERR_INIT;

	wheel_info_init(&w);
	if (wheel_info_parse(&w, text, len, "WHEEL", &e) && !e.line)
		abort();	/* errors are located */
	wheel_info_release(&w);
	err_release(&e);
}

static void record(const char *text, size_t len)
{
	struct wheel_record r;
	struct err e = ERR_INIT;
	size_t i;

	wheel_record_init(&r);
	if (!wheel_record_parse(&r, text, len, "RECORD", &e))
		for (i = 0; i < r.nr; i++)
			if (wheel_record_find(&r, r.v[i].path) != &r.v[i])
				abort();	/* paths are unique */
	wheel_record_release(&r);
	err_release(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (!size)
		return 0;
	text = xmalloc(size);	/* a NUL-terminated copy of data[1..] */
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 3) {
	case 0:
		name(text);
		break;
	case 1:
		info(text, size - 1);
		break;
	default:
		record(text, size - 1);
		break;
	}
	free(text);
	return 0;
}
