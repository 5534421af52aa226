/*
 * libFuzzer harness for the JSON reader and the build-details.json
 * mapping. Checks that errors carry a message and a position and that
 * values are well formed.
 */
#include "formats/build_details.h"
#include "formats/json_read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_value(const struct json_value *v, int in_object)
{
	size_t i;

	if (v->kind != JSON_ARRAY && v->kind != JSON_OBJECT &&
	    (!v->text || v->text[v->len] != '\0'))
		abort();
	if (in_object != (v->key != NULL) || v->line < 1 || v->col < 1)
		abort();
	for (i = 0; i < v->nr; i++)
		check_value(&v->items[i], v->kind == JSON_OBJECT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct err e = ERR_INIT;
	struct json_value v;
	struct pyvars vars = PYVARS_INIT;

	if (json_parse(buf, size, "f.json", &v, &e) < 0) {
		if (!e.msg.len || e.line < 1 || e.col < 1)
			abort();
	} else {
		check_value(&v, 0);
		json_release(&v);
	}
	err_release(&e);
	if (build_details_parse(buf, size, "lib/python3.14/build-details.json",
				&vars, &e) < 0) {
		if (!e.msg.len || vars.nr)
			abort();
	} else if (!pyvars_get(&vars, "prefix")) {
		abort();
	}
	pyvars_release(&vars);
	err_release(&e);
	return 0;
}
