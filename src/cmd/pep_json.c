/*
 * `wheelwright internal pep440 [--compare] ARG...` and
 * `wheelwright internal pep508 ARG...`: the version and requirement
 * parsers as JSON, one line per argument, for tests that compare them
 * with Python's packaging. Always exits 0 once the arguments are read;
 * invalid input is reported in the JSON.
 *
 * pep440: {"ok":true,"normalized":"1.0rc1","canonical":"1rc1"} or
 *         {"ok":false,"error":"..."}; with --compare, arguments go in
 *         pairs and each line is {"cmp":-1|0|1}.
 * pep508: {"ok":true,"name":..,"extras":[..],"specifiers":[[op,version]..],
 *          "url":..,"marker":..,"normalized":..} or
 *         {"ok":false,"error":"...","offset":N}.
 */
#include "commands.h"
#include "../base/err.h"
#include "../base/strbuf.h"
#include "../formats/pep440.h"
#include "../formats/pep508.h"

#include <stdio.h>
#include <string.h>

static void add_error(struct strbuf *out, const struct err *e)
{
	sb_adds(out, "{\"ok\":false,\"error\":");
	sb_add_json_strn(out, e->msg.buf, e->msg.len);
}

static void pep440_one(const char *arg, struct strbuf *out)
{
	struct pep440_version v;
	struct err e = ERR_INIT;
	struct strbuf text = STRBUF_INIT;

	pep440_version_init(&v);
	if (pep440_parse(arg, strlen(arg), &v, &e) < 0) {
		add_error(out, &e);
		sb_adds(out, "}\n");
	} else {
		pep440_format(&v, 0, &text);
		sb_adds(out, "{\"ok\":true,\"normalized\":");
		sb_add_json_str(out, text.buf);
		sb_reset(&text);
		pep440_format(&v, 1, &text);
		sb_adds(out, ",\"canonical\":");
		sb_add_json_str(out, text.buf);
		sb_adds(out, "}\n");
	}
	sb_release(&text);
	err_release(&e);
	pep440_version_release(&v);
}

static void pep440_pair(const char *a, const char *b, struct strbuf *out)
{
	struct pep440_version va, vb;
	struct err e = ERR_INIT;

	pep440_version_init(&va);
	pep440_version_init(&vb);
	if (pep440_parse(a, strlen(a), &va, &e) < 0 ||
	    pep440_parse(b, strlen(b), &vb, &e) < 0) {
		add_error(out, &e);
		sb_adds(out, "}\n");
	} else {
		int c = pep440_compare(&va, &vb);

		sb_addf(out, "{\"cmp\":%d}\n", c < 0 ? -1 : c > 0);
	}
	err_release(&e);
	pep440_version_release(&va);
	pep440_version_release(&vb);
}

int cmd_pep440(int argc, char **argv)
{
	struct strbuf out = STRBUF_INIT;
	int compare = argc > 0 && !strcmp(argv[0], "--compare");
	int i;

	if (compare && argc % 2 == 0) {
		struct err e = ERR_INIT;

		err_set(&e, "pep440 --compare: versions go in pairs");
		return cmd_fail(&e);
	}
	for (i = compare; i < argc; i += compare ? 2 : 1) {
		if (compare)
			pep440_pair(argv[i], argv[i + 1], &out);
		else
			pep440_one(argv[i], &out);
	}
	fwrite(out.buf, 1, out.len, stdout);
	sb_release(&out);
	return EXIT_OK;
}

static void add_json_or_null(struct strbuf *out, const char *s)
{
	if (s)
		sb_add_json_str(out, s);
	else
		sb_adds(out, "null");
}

static void pep508_one(const char *arg, struct strbuf *out)
{
	struct pep508_requirement r;
	struct err e = ERR_INIT;
	size_t where = 0, i;

	pep508_requirement_init(&r);
	if (pep508_parse(arg, strlen(arg), &r, &where, &e) < 0) {
		add_error(out, &e);
		sb_addf(out, ",\"offset\":%zu}\n", where);
		err_release(&e);
		return;
	}
	sb_adds(out, "{\"ok\":true,\"name\":");
	sb_add_json_str(out, r.name);
	sb_adds(out, ",\"extras\":[");
	for (i = 0; i < r.nextras; i++) {
		if (i)
			sb_addc(out, ',');
		sb_add_json_str(out, r.extras[i]);
	}
	sb_adds(out, "],\"specifiers\":[");
	for (i = 0; i < r.nspecs; i++) {
		sb_adds(out, i ? ",[" : "[");
		sb_add_json_str(out, r.specs[i].op);
		sb_addc(out, ',');
		sb_add_json_str(out, r.specs[i].version);
		sb_addc(out, ']');
	}
	sb_adds(out, "],\"url\":");
	add_json_or_null(out, r.url);
	sb_adds(out, ",\"marker\":");
	add_json_or_null(out, r.marker);
	sb_adds(out, ",\"normalized\":");
	{
		struct strbuf text = STRBUF_INIT;

		pep508_format(&r, &text);
		sb_add_json_str(out, text.buf);
		sb_release(&text);
	}
	sb_adds(out, "}\n");
	pep508_requirement_release(&r);
}

int cmd_pep508(int argc, char **argv)
{
	struct strbuf out = STRBUF_INIT;
	int i;

	for (i = 0; i < argc; i++)
		pep508_one(argv[i], &out);
	fwrite(out.buf, 1, out.len, stdout);
	sb_release(&out);
	return EXIT_OK;
}
