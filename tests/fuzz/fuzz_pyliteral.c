/*
 * libFuzzer harness for the Python literal reader: a module (as
 * sysconfigdata_parse reads it) and a single literal. Checks that errors
 * always carry a message and a position, and that values are consistent.
 */
#include "formats/pyliteral.h"
#include "formats/sysconfigdata.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(const struct err *e)
{
	if (!e->msg.len || e->line < 1 || e->col < 1)
		abort();
}

static void check_value(const struct pyval *v)
{
	size_t i;

	if (v->start > v->end)
		abort();
	if (v->kind == PYVAL_DICT && v->nr % 2)
		abort();
	if (v->kind <= PYVAL_BYTES && (!v->text || v->text[v->len] != '\0'))
		abort();
	for (i = 0; i < v->nr; i++)
		check_value(&v->items[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct err e = ERR_INIT;
	struct pymodule m;
	struct pyval v;
	struct pyvars vars = PYVARS_INIT;
	size_t i;

	if (pymodule_parse(buf, size, "f.py", &m, &e) < 0) {
		check_error(&e);
	} else {
		for (i = 0; i < m.nr; i++)
			check_value(&m.assigns[i].value);
		pymodule_release(&m);
	}
	err_release(&e);
	if (pyliteral_parse(buf, size, "f.py", &v, &e) < 0) {
		check_error(&e);
	} else {
		check_value(&v);
		pyval_release(&v);
	}
	err_release(&e);
	if (sysconfigdata_parse(buf, size, "f.py", &vars, &e) == 0 && !vars.nr &&
	    !memmem(buf, size, "build_time_vars", 15))
		abort();
	pyvars_release(&vars);
	err_release(&e);
	return 0;
}
