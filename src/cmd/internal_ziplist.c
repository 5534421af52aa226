/*
 * `wheelwright internal zip-list [--allow-symlinks] [--max-ratio N] FILE`:
 * lists a zip archive as JSON and validates it: the rules of
 * zip_reader_check_member() for each entry, then duplicates and overlaps,
 * then every entry's content (size and CRC-32). Prints the JSON even for an
 * invalid archive, then the first error, and exits 2 for one.
 *
 *   {"archive": ..., "zip64": false, "comment": "...", "entries": [
 *     {"name", "size", "compressed_size", "method", "crc", "mode",
 *      "offset", "problem": null or "..."}],
 *    "valid": true, "error": null or "..."}
 */
#include "args.h"
#include "commands.h"
#include "../base/err.h"
#include "../base/xalloc.h"
#include "../formats/zip_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int discard(void *ctx, const void *buf, size_t len, struct err *e)
{
	(void)ctx; (void)buf; (void)len; (void)e;
	return 0;
}

/* Runs the checks; problems[i] gets entry i's message (owned). */
static int check_all(struct zip_reader *zr, char **problems, struct err *e)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < zr->nr; i++) {
		struct err one = ERR_INIT;

		if (zip_reader_check_member(zr, i, &one)) {
			problems[i] = xstrdup(one.msg.buf);
			if (!bad++)
				err_at(e, zr->path, 0, 0, "%s", one.msg.buf);
		}
		err_release(&one);
	}
	if (bad || zip_reader_validate(zr, e))
		return -1;
	for (i = 0; i < zr->nr; i++) {
		if (zip_reader_extract(zr, i, discard, NULL, e)) {
			problems[i] = xstrdup(e->msg.buf);
			return -1;
		}
	}
	return 0;
}

static void print_json(const struct zip_reader *zr, char **problems,
		       const struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	sb_adds(&sb, "{\"archive\": ");
	sb_add_json_str(&sb, zr->path);
	sb_addf(&sb, ", \"zip64\": %s, \"comment\": ",
		zr->zip64 ? "true" : "false");
	sb_add_json_strn(&sb, zr->comment, zr->comment_len);
	sb_adds(&sb, ", \"entries\": [");
	for (i = 0; i < zr->nr; i++) {
		const struct zip_member *m = &zr->m[i];

		sb_adds(&sb, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
		sb_add_json_strn(&sb, m->name, m->name_len);
		sb_addf(&sb, ", \"size\": %llu, \"compressed_size\": %llu, "
			"\"method\": %u, \"crc\": %lu, \"mode\": %lu, "
			"\"offset\": %llu, \"problem\": ",
			(unsigned long long)m->size,
			(unsigned long long)m->csize, m->method,
			(unsigned long)m->crc, (unsigned long)m->mode,
			(unsigned long long)m->offset);
		if (problems[i])
			sb_add_json_str(&sb, problems[i]);
		else
			sb_adds(&sb, "null");
		sb_addc(&sb, '}');
	}
	sb_addf(&sb, "],\n \"valid\": %s, \"error\": ",
		err_isset(e) ? "false" : "true");
	if (err_isset(e))
		sb_add_json_str(&sb, e->msg.buf);
	else
		sb_adds(&sb, "null");
	sb_adds(&sb, "}\n");
	fwrite(sb.buf, 1, sb.len, stdout);
	sb_release(&sb);
}

static int parse_u64(const char *s, uint64_t *v, struct err *e)
{
	char *end;

	if (*s < '0' || *s > '9')
		return err_set(e, "zip-list: '%s' is not a number", s);
	*v = strtoull(s, &end, 10);
	if (*end)
		return err_set(e, "zip-list: '%s' is not a number", s);
	return 0;
}

int internal_zip_list(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct zip_limits lim = ZIP_LIMITS_INIT;
	struct zip_reader zr;
	struct args a;
	const char *path = NULL, *v;
	char *arg, **problems;
	size_t i;
	int ret;

	args_init(&a, "internal zip-list", argc, argv);
	while (args_next(&a, &arg)) {
		if (args_is(&a, "allow-symlinks", NULL)) {
			lim.allow_symlinks = 1;
		} else if (args_is(&a, "max-ratio", NULL)) {
			if (args_value(&a, &v, &e) ||
			    parse_u64(v, &lim.max_ratio, &e))
				return cmd_fail(&e);
		} else if (args_is_option(&a) || path) {
			args_unknown(&a, &e);
			return cmd_fail(&e);
		} else {
			path = arg;
		}
	}
	if (!path) {
		err_set(&e, "usage: wheelwright internal zip-list [--allow-symlinks] [--max-ratio N] FILE");
		return cmd_fail(&e);
	}
	if (zip_reader_open(&zr, path, &lim, &e))
		return cmd_fail(&e);
	problems = xcalloc(zr.nr ? zr.nr : 1, sizeof(*problems));
	ret = check_all(&zr, problems, &e);
	print_json(&zr, problems, &e);
	for (i = 0; i < zr.nr; i++)
		free(problems[i]);
	free(problems);
	zip_reader_release(&zr);
	if (ret) {
		fflush(stdout);
		return cmd_fail(&e);
	}
	return 0;
}
