/*
 * `wheelwright internal zip-pack OUT.zip DIR` and `internal tar-pack
 * OUT.tar.gz PREFIX DIR`: pack a folder's files, sorted, with the fixed
 * timestamp of SOURCE_DATE_EPOCH (1980-01-01 when unset). For tests and
 * benchmarks of the writers. zip-pack takes --level N (0-9), --threads N
 * (default: the CPU count; the bytes do not depend on it) and --zip64
 * (ZIP64 records everywhere, to test readers).
 */
#include "args.h"
#include "commands.h"
#include "../base/err.h"
#include "../base/tree.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../platform/proc.h"
#include "../formats/tar_write.h"
#include "../formats/zip_write.h"

#include "../base/epoch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int parse_level(const char *s, int *level, struct err *e)
{
	if (s[0] < '0' || s[0] > '9' || s[1])
		return err_set(e, "zip-pack: level '%s' is not in 0..9", s);
	*level = s[0] - '0';
	return 0;
}

static int parse_threads(const char *s, int *threads, struct err *e)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s < '0' || *s > '9' || *end || n < 1 || n > 64)
		return err_set(e, "zip-pack: threads '%s' is not in 1..64", s);
	*threads = (int)n;
	return 0;
}

static int zip_pack(const char *out, const char *dir,
		    const struct zip_writer_opts *o, struct err *e)
{
	struct tree_files files = TREE_FILES_INIT;
	struct zip_file_spec *specs = NULL;
	struct zip_writer zw;
	size_t i;
	int ret = -1;

	if (tree_files_scan(&files, dir, e))
		goto out;
	specs = xcalloc(files.nr ? files.nr : 1, sizeof(*specs));
	for (i = 0; i < files.nr; i++) {
		specs[i].name = files.v[i].rel;
		specs[i].path = files.v[i].path;
		specs[i].executable = files.v[i].executable;
	}
	if (zip_writer_open(&zw, out, o, e) ||
	    zip_writer_add_files(&zw, specs, files.nr, NULL, e))
		goto out;
	ret = zip_writer_finish(&zw, e);
out:
	free(specs);
	tree_files_release(&files);
	return ret;
}

int internal_zip_pack(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct args a;
	struct zip_writer_opts o = ZIP_WRITER_OPTS_INIT;
	const char *pos[2], *v;
	char *arg;
	int npos = 0;

	o.threads = os_cpu_count();
	args_init(&a, "internal zip-pack", argc, argv);
	while (args_next(&a, &arg)) {
		if (args_is(&a, "level", NULL)) {
			if (args_value(&a, &v, &e) || parse_level(v, &o.level, &e))
				return cmd_fail(&e);
		} else if (args_is(&a, "zip64", NULL)) {
			o.force_zip64 = 1;
		} else if (args_is(&a, "threads", NULL)) {
			if (args_value(&a, &v, &e) ||
			    parse_threads(v, &o.threads, &e))
				return cmd_fail(&e);
		} else if (args_is_option(&a) || npos == 2) {
			args_unknown(&a, &e);
			return cmd_fail(&e);
		} else {
			pos[npos++] = arg;
		}
	}
	if (npos != 2) {
		err_set(&e, "usage: wheelwright internal zip-pack [--level N] [--threads N] [--zip64] OUT.zip DIR");
		return cmd_fail(&e);
	}
	if (source_date_epoch(&o.epoch, &e) || zip_pack(pos[0], pos[1], &o, &e))
		return cmd_fail(&e);
	return 0;
}

static int tar_pack(const char *out, const char *prefix, const char *dir,
		    const struct tar_writer_opts *o, struct err *e)
{
	struct tree_files files = TREE_FILES_INIT;
	struct tar_writer tw;
	struct strbuf name = STRBUF_INIT;
	size_t i;
	int ret = -1;

	if (tree_files_scan(&files, dir, e))
		goto out;
	if (tar_writer_open(&tw, out, o, e))
		goto out;
	for (i = 0; i < files.nr; i++) {
		sb_reset(&name);
		path_join(&name, prefix, files.v[i].rel);
		if (tar_writer_add_file(&tw, name.buf, files.v[i].path,
					files.v[i].executable, e))
			goto out;
	}
	ret = tar_writer_finish(&tw, e);
out:
	sb_release(&name);
	tree_files_release(&files);
	return ret;
}

int internal_tar_pack(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct args a;
	struct tar_writer_opts o = TAR_WRITER_OPTS_INIT;
	const char *pos[3];
	char *arg;
	int npos = 0;

	args_init(&a, "internal tar-pack", argc, argv);
	while (args_next(&a, &arg)) {
		if (args_is_option(&a) || npos == 3) {
			args_unknown(&a, &e);
			return cmd_fail(&e);
		}
		pos[npos++] = arg;
	}
	if (npos != 3) {
		err_set(&e, "usage: wheelwright internal tar-pack OUT.tar.gz PREFIX DIR");
		return cmd_fail(&e);
	}
	if (source_date_epoch(&o.epoch, &e) ||
	    tar_pack(pos[0], pos[1], pos[2], &o, &e))
		return cmd_fail(&e);
	return 0;
}
