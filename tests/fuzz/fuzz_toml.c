/*
 * libFuzzer harness for the TOML parser. Beyond "no crash, no leak, no
 * undefined behaviour" it checks what the API promises: an error always
 * has a message and a location, and a tree is consistent (every entry is
 * found again by its key, positions are 1-based, strings end in NUL).
 *
 *   clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 \
 *     -D_GNU_SOURCE -Isrc tests/fuzz/fuzz_toml.c src/base/err.c \
 *     src/base/strbuf.c src/base/xalloc.c src/formats/toml_parse.c \
 *     src/formats/toml_scan.c src/formats/toml_scalar.c \
 *     src/formats/toml_tree.c -o fuzz_toml
 *   ./fuzz_toml -dict=tests/fuzz/toml.dict -max_total_time=60 \
 *     tests/fuzz/corpus/toml
 */
#include "base/err.h"
#include "formats/toml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_value(const struct toml_value *v, int depth)
{
	size_t i, n;

	if (v->line < 1 || v->col < 1)
		abort();
	/* the limit is on containers; a scalar may sit one level below */
	if ((v->type == TOML_TABLE || v->type == TOML_ARRAY) &&
	    depth > TOML_MAX_DEPTH)
		abort();
	if (v->type == TOML_STRING && v->u.str.ptr[v->u.str.len] != '\0')
		abort();
	if (v->type >= TOML_DATETIME && v->type <= TOML_TIME_LOCAL &&
	    !v->u.dt.text[0])
		abort();
	n = toml_table_count(v);
	for (i = 0; i < n; i++) {
		const struct toml_entry *en = toml_table_entry(v, i);

		if (toml_find_entry(v, en->key, en->keylen) != en ||
		    en->key[en->keylen] != '\0' || en->line < 1 || en->col < 1)
			abort();
		check_value(en->value, depth + 1);
	}
	n = toml_array_count(v);
	for (i = 0; i < n; i++)
		check_value(toml_array_item(v, i), depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = ERR_INIT;
	struct toml_value *doc = toml_parse((const char *)data, size,
					    "fuzz.toml", &e);

	if (doc) {
		check_value(doc, 0);
		toml_free(doc);
	} else if (!e.msg.len || e.line < 1 || e.col < 1) {
		abort();
	}
	err_release(&e);
	return 0;
}
