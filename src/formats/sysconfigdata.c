#include "sysconfigdata.h"
#include "../base/fs.h"

#include <string.h>

/* Copies one entry of build_time_vars into vars. */
static void add_var(struct pyvars *vars, const char *src,
		    const struct pyval *key, const struct pyval *value)
{
	switch (value->kind) {
	case PYVAL_TUPLE:
	case PYVAL_LIST:
	case PYVAL_DICT:
		pyvars_set(vars, key->text, value->kind, src + value->start,
			   value->end - value->start);
		break;
	default:
		pyvars_set(vars, key->text, value->kind, value->text, value->len);
	}
}

static int check_keys(const struct pyval *dict, const char *file,
		      struct err *e)
{
	size_t i;

	for (i = 0; i + 1 < dict->nr; i += 2) {
		const struct pyval *k = &dict->items[i];

		if (k->kind != PYVAL_STR)
			return err_at(e, file, k->line, k->col,
				      "build_time_vars key is a %s, not a str",
				      pyval_kind_name(k->kind));
		if (memchr(k->text, '\0', k->len))
			return err_at(e, file, k->line, k->col,
				      "build_time_vars key contains a NUL character");
	}
	return 0;
}

int sysconfigdata_parse(const char *buf, size_t len, const char *file,
			struct pyvars *out, struct err *e)
{
	struct pymodule m;
	const struct pyval *dict;
	size_t i;
	int r = -1;

	if (pymodule_parse(buf, len, file, &m, e) < 0)
		return -1;
	dict = pymodule_get(&m, "build_time_vars");
	if (!dict) {
		err_at(e, file, 0, 0, "no 'build_time_vars' assignment");
		err_hint(e, "a _sysconfigdata_*.py file assigns the "
			 "interpreter's configuration to build_time_vars");
	} else if (dict->kind != PYVAL_DICT) {
		err_at(e, file, dict->line, dict->col,
		       "'build_time_vars' is a %s, not a dict",
		       pyval_kind_name(dict->kind));
	} else if (!check_keys(dict, file, e)) {
		for (i = 0; i + 1 < dict->nr; i += 2)
			add_var(out, buf, &dict->items[i], &dict->items[i + 1]);
		r = 0;
	}
	pymodule_release(&m);
	return r;
}

int sysconfigdata_load(const char *path, struct pyvars *out, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	int r = read_file(path, &sb, e);

	if (!r)
		r = sysconfigdata_parse(sb.buf, sb.len, path, out, e);
	sb_release(&sb);
	return r;
}
