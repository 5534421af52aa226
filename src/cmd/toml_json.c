/*
 * `wheelwright internal toml-json [FILE]`: the toml-test decoder
 * interface. Reads TOML (stdin by default), writes the tagged JSON
 * encoding of toml-test on stdout and exits 0; on invalid TOML prints
 * the error and exits 1, as the suite's runners expect.
 *
 * Tagged JSON: tables are objects, arrays are arrays, every scalar is
 * {"type": T, "value": S} with S a string.
 */
#include "commands.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/strbuf.h"
#include "../formats/toml.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shortest "%.Ng" that reads back as the same double. */
static void add_float(struct strbuf *out, double d)
{
	char buf[40];
	int prec;

	if (isnan(d)) {
		sb_adds(out, "nan");
		return;
	}
	if (isinf(d)) {
		sb_adds(out, d < 0 ? "-inf" : "inf");
		return;
	}
	for (prec = 15; prec < 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	if (prec == 17)
		snprintf(buf, sizeof(buf), "%.17g", d);
	sb_adds(out, buf);
}

static void add_scalar(struct strbuf *out, const struct toml_value *v)
{
	struct strbuf text = STRBUF_INIT;

	sb_adds(out, "{\"type\":");
	sb_add_json_str(out, toml_type_name(v->type));
	sb_adds(out, ",\"value\":");
	switch (v->type) {
	case TOML_STRING:
		sb_add_json_strn(out, v->u.str.ptr, v->u.str.len);
		break;
	case TOML_INTEGER:
		sb_addf(&text, "%" PRId64, v->u.integer);
		break;
	case TOML_FLOAT:
		add_float(&text, v->u.flt);
		break;
	case TOML_BOOL:
		sb_adds(&text, v->u.boolean ? "true" : "false");
		break;
	default:	/* the date-times */
		sb_adds(&text, v->u.dt.text);
		break;
	}
	if (v->type != TOML_STRING)
		sb_add_json_str(out, text.buf);
	sb_addc(out, '}');
	sb_release(&text);
}

/* Recursion is bounded by TOML_MAX_DEPTH. */
static void add_value(struct strbuf *out, const struct toml_value *v)
{
	size_t i, n;

	if (v->type == TOML_TABLE) {
		n = toml_table_count(v);
		sb_addc(out, '{');
		for (i = 0; i < n; i++) {
			const struct toml_entry *en = toml_table_entry(v, i);

			if (i)
				sb_addc(out, ',');
			sb_add_json_strn(out, en->key, en->keylen);
			sb_addc(out, ':');
			add_value(out, en->value);
		}
		sb_addc(out, '}');
	} else if (v->type == TOML_ARRAY) {
		n = toml_array_count(v);
		sb_addc(out, '[');
		for (i = 0; i < n; i++) {
			if (i)
				sb_addc(out, ',');
			add_value(out, toml_array_item(v, i));
		}
		sb_addc(out, ']');
	} else {
		add_scalar(out, v);
	}
}

static int read_stdin(struct strbuf *out, struct err *e)
{
	char buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		sb_add(out, buf, n);
	if (ferror(stdin))
		return err_set(e, "cannot read standard input");
	return 0;
}

int cmd_toml_json(int argc, char **argv)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	struct err e = ERR_INIT;
	const char *name = argc > 0 ? argv[0] : "<stdin>";
	struct toml_value *doc;
	int r;

	if (argc > 1) {
		err_set(&e, "usage: wheelwright internal toml-json [FILE]");
		return cmd_fail(&e);
	}
	r = argc > 0 ? read_file(argv[0], &in, &e) : read_stdin(&in, &e);
	if (r < 0) {
		sb_release(&in);
		return cmd_fail(&e);
	}
	doc = toml_parse(in.buf, in.len, name, &e);
	sb_release(&in);
	if (!doc) {
		/* the toml-test decoder interface: 1 for invalid input */
		err_print(&e);
		err_release(&e);
		return EXIT_FAILED;
	}
	add_value(&out, doc);
	sb_addc(&out, '\n');
	toml_free(doc);
	fwrite(out.buf, 1, out.len, stdout);
	sb_release(&out);
	return fflush(stdout) ? EXIT_FAILED : EXIT_OK;
}
