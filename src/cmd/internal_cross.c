/*
 * `wheelwright internal` tools for the cross-compilation data readers:
 *
 *   sysconfigdata FILE      build_time_vars of a _sysconfigdata_*.py as JSON
 *   build-details FILE      a build-details.json mapped to those names
 *   json FILE               a JSON file read and written back (compact)
 *   triple NAME             the triple table's row for NAME as JSON
 *   triples                 every row, as a JSON array
 *   sysroot [--sysroot DIR] [--cross-lib-dir DIR] [--sysconfigdata FILE]
 *           [--target TRIPLE] [-i, --python-version 3.X]
 *                           what sysroot_find_python finds, as JSON
 */
#include "commands.h"
#include "internal_tools.h"
#include "../base/err.h"
#include "args.h"
#include "../base/fs.h"
#include "../core/sysroot.h"
#include "../core/triple.h"
#include "../formats/build_details.h"
#include "../formats/json_read.h"
#include "../formats/sysconfigdata.h"

#include <stdio.h>
#include <string.h>

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

static void add_field(struct strbuf *out, const char *key, const char *value)
{
	sb_addf(out, "%s\"%s\": ", out->len > 1 ? ", " : "", key);
	if (value)
		sb_add_json_str(out, value);
	else
		sb_adds(out, "null");
}

static void add_int(struct strbuf *out, const char *key, int value)
{
	sb_addf(out, "%s\"%s\": %d", out->len > 1 ? ", " : "", key, value);
}

static void triple_to_json(const struct triple *t, struct strbuf *out)
{
	struct strbuf obj = STRBUF_INIT;
	const char *const *a;

	sb_addc(&obj, '{');
	add_field(&obj, "name", t->name);
	add_field(&obj, "rust", t->rust);
	add_field(&obj, "os", t->os);
	add_field(&obj, "env", t->env);
	add_field(&obj, "cpu", t->cpu);
	add_int(&obj, "pointer_width", t->pointer_width);
	add_field(&obj, "byteorder", t->byteorder);
	add_field(&obj, "multiarch", t->multiarch);
	add_field(&obj, "debian_arch", t->debian_arch);
	add_field(&obj, "gnu_prefix", t->gnu_prefix);
	add_field(&obj, "clang_target", t->clang_target);
	add_field(&obj, "win_tag", t->win_tag);
	add_int(&obj, "elf_machine", t->elf_machine);
	add_int(&obj, "pe_machine", t->pe_machine);
	sb_adds(&obj, ", \"aliases\": [");
	for (a = t->aliases; *a; a++) {
		if (a != t->aliases)
			sb_adds(&obj, ", ");
		sb_add_json_str(&obj, *a);
	}
	sb_adds(&obj, "]}");
	sb_add(out, obj.buf, obj.len);
	sb_release(&obj);
}

int internal_triple(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	const struct triple *t;

	if (argc != 1) {
		err_set(&e, "usage: wheelwright internal triple NAME");
		return cmd_fail(&e);
	}
	if (triple_lookup(argv[0], &t, &e) < 0)
		return cmd_fail(&e);
	triple_to_json(t, &out);
	puts(out.buf);
	sb_release(&out);
	return 0;
}

int internal_triples(int argc, char **argv)
{
	struct strbuf out = STRBUF_INIT;
	size_t n, i;
	const struct triple *table = triple_table(&n);

	(void)argc;
	(void)argv;
	sb_addc(&out, '[');
	for (i = 0; i < n; i++) {
		sb_adds(&out, i ? ",\n " : "");
		triple_to_json(&table[i], &out);
	}
	sb_addc(&out, ']');
	puts(out.buf);
	sb_release(&out);
	return 0;
}

static int sysroot_args(int argc, char **argv, struct sysroot_query *q,
			int *headers, struct err *e)
{
	struct args a;
	char *arg;
	const char *target = NULL;

	memset(q, 0, sizeof(*q));
	args_init(&a, "internal sysroot", argc, argv);
	while (args_next(&a, &arg)) {
		if (args_is(&a, "sysroot", NULL)) {
			if (args_value(&a, &q->sysroot, e) < 0)
				return -1;
		} else if (args_is(&a, "cross-lib-dir", NULL)) {
			if (args_value(&a, &q->cross_lib_dir, e) < 0)
				return -1;
		} else if (args_is(&a, "sysconfigdata", NULL)) {
			if (args_value(&a, &q->sysconfigdata, e) < 0)
				return -1;
		} else if (args_is(&a, "python-version", "i")) {
			if (args_value(&a, &q->version, e) < 0)
				return -1;
		} else if (args_is(&a, "target", NULL)) {
			if (args_value(&a, &target, e) < 0)
				return -1;
		} else if (args_is(&a, "require-headers", NULL)) {
			*headers = 1;
		} else {
			return args_unknown(&a, e);
		}
	}
	return target ? triple_lookup(target, &q->triple, e) : 0;
}

int internal_sysroot(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct sysroot_query q;
	struct sysroot_python py;
	struct strbuf out = STRBUF_INIT;
	int headers = 0;

	if (sysroot_args(argc, argv, &q, &headers, &e) < 0 ||
	    sysroot_find_python(&q, &py, &e) < 0)
		return cmd_fail(&e);
	if (headers && sysroot_require_headers(&q, &py, &e) < 0) {
		sysroot_python_release(&py);
		return cmd_fail(&e);
	}
	sb_addc(&out, '{');
	add_field(&out, "config_file", py.config_file);
	add_field(&out, "include_dir", py.include_dir);
	add_field(&out, "pyconfig_dir", py.pyconfig_dir);
	add_field(&out, "multiarch_include_root", py.multiarch_include_root);
	add_field(&out, "lib_dir", py.lib_dir);
	sb_adds(&out, ", \"vars\": ");
	pyvars_to_json(&py.vars, &out);
	sb_addc(&out, '}');
	puts(out.buf);
	sb_release(&out);
	sysroot_python_release(&py);
	return 0;
}
