/*
 * `wheelwright internal` tools for the cross-compilation data readers:
 *
 *   sysconfigdata FILE      build_time_vars of a _sysconfigdata_*.py as JSON
 *   build-details FILE      a build-details.json mapped to those names
 *   json FILE               a JSON file read and written back (compact)
 */
#include "commands.h"
#include "internal_tools.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../formats/build_details.h"
#include "../formats/json_read.h"
#include "../formats/sysconfigdata.h"

#include <stdio.h>

static int print_vars(const struct pyvars *vars)
{
	struct strbuf sb = STRBUF_INIT;

	pyvars_to_json(vars, &sb);
	sb_addc(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stdout);
	sb_release(&sb);
	return 0;
}

static int load_and_print(int argc, char **argv, const char *tool,
			  int (*load)(const char *, struct pyvars *, struct err *))
{
	struct err e = ERR_INIT;
	struct pyvars vars = PYVARS_INIT;
	int r;

	if (argc != 1) {
		err_set(&e, "usage: wheelwright internal %s FILE", tool);
		return cmd_fail(&e);
	}
	if (load(argv[0], &vars, &e) < 0)
		return cmd_fail(&e);
	r = print_vars(&vars);
	pyvars_release(&vars);
	return r;
}

int internal_sysconfigdata(int argc, char **argv)
{
	return load_and_print(argc, argv, "sysconfigdata", sysconfigdata_load);
}

int internal_build_details(int argc, char **argv)
{
	return load_and_print(argc, argv, "build-details", build_details_load);
}

static void write_json(struct strbuf *out, const struct json_value *v)
{
	size_t i;

	switch (v->kind) {
	case JSON_STRING:
		sb_add_json_strn(out, v->text, v->len);
		return;
	case JSON_ARRAY:
	case JSON_OBJECT:
		sb_addc(out, v->kind == JSON_ARRAY ? '[' : '{');
		for (i = 0; i < v->nr; i++) {
			if (i)
				sb_addc(out, ',');
			if (v->kind == JSON_OBJECT) {
				sb_add_json_strn(out, v->items[i].key,
						 v->items[i].key_len);
				sb_addc(out, ':');
			}
			write_json(out, &v->items[i]);
		}
		sb_addc(out, v->kind == JSON_ARRAY ? ']' : '}');
		return;
	default:
		sb_add(out, v->text, v->len);
	}
}

int internal_json(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	struct json_value v;

	if (argc != 1) {
		err_set(&e, "usage: wheelwright internal json FILE");
		return cmd_fail(&e);
	}
	if (read_file(argv[0], &in, &e) < 0 ||
	    json_parse(in.buf, in.len, argv[0], &v, &e) < 0) {
		sb_release(&in);
		return cmd_fail(&e);
	}
	write_json(&out, &v);
	sb_addc(&out, '\n');
	fwrite(out.buf, 1, out.len, stdout);
	json_release(&v);
	sb_release(&in);
	sb_release(&out);
	return 0;
}
