/*
 * `wheelwright internal tar-list FILE`: one JSON object per entry and line,
 * {"name", "type": "file"|"dir", "size", "executable", "sha256"}, for tests
 * that compare the tar reader with Python's tarfile.
 * `wheelwright internal tar-extract FILE DEST`: tar_extract().
 */
#include "commands.h"
#include "../base/err.h"
#include "../base/sha256.h"
#include "../formats/tar_read.h"

#include <stdio.h>

static int list_entry(struct tar_reader *tr, const struct tar_entry *en,
		      struct strbuf *line, struct err *e)
{
	unsigned char buf[65536], digest[32];
	char hex[65];
	struct sha256 c;
	size_t got;

	sha256_init(&c);
	do {
		if (tar_reader_read(tr, buf, sizeof(buf), &got, e))
			return -1;
		sha256_update(&c, buf, got);
	} while (got);
	sha256_final(&c, digest);
	sha256_digest_hex(digest, hex);
	sb_reset(line);
	sb_adds(line, "{\"name\": ");
	sb_add_json_str(line, en->name);
	sb_addf(line, ", \"type\": \"%s\", \"size\": %llu, \"executable\": %s, \"sha256\": \"%s\"}\n",
		en->type == TAR_DIR ? "dir" : "file", (unsigned long long)en->size,
		en->executable ? "true" : "false", hex);
	fputs(line->buf, stdout);
	return 0;
}

int internal_tar_list(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct strbuf line = STRBUF_INIT;
	struct tar_reader tr;
	const struct tar_entry *en;
	int rc;

	if (argc != 1) {
		err_set(&e, "usage: wheelwright internal tar-list FILE");
		return cmd_fail(&e);
	}
	rc = tar_reader_open(&tr, argv[0], &e);
	while (!rc && (rc = tar_reader_next(&tr, &en, &e)) == 1)
		rc = list_entry(&tr, en, &line, &e);
	tar_reader_release(&tr);
	sb_release(&line);
	fflush(stdout);
	return rc ? cmd_fail(&e) : EXIT_OK;
}

int internal_tar_extract(int argc, char **argv)
{
	struct err e = ERR_INIT;

	if (argc != 2) {
		err_set(&e, "usage: wheelwright internal tar-extract FILE DEST");
		return cmd_fail(&e);
	}
	if (tar_extract(argv[0], argv[1], &e))
		return cmd_fail(&e);
	return EXIT_OK;
}
