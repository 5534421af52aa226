#include "interp_cache.h"
#include "../base/cache_root.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/sha256.h"
#include "../base/xalloc.h"
#include "../platform/proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CACHE_MAGIC "wheelwright-interp 1\n"

static int entry_path(const char *path, struct strbuf *out)
{
	char *dir = cache_root_dir();
	char hex[65];

	if (!dir)
		return -1;
	sha256_hex(path, strlen(path), hex);
	path_join(out, dir, "interpreters/");
	sb_add(out, hex, 32);
	free(dir);
	return 0;
}

static void add_stat_line(struct strbuf *sb, const char *path)
{
	struct stat st;

	if (stat(path, &st)) {
		sb_addf(sb, "missing %s\n", path);
		return;
	}
	sb_addf(sb, "file %lld %lld %lld %s\n", (long long)st.st_size,
		(long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
		(long long)st.st_ino, path);
}

/* The header that must match: the path, its target, and every dep's stat. */
static int header_for(const char *path, const char *answer, struct strbuf *out)
{
	char *real = os_realpath(path);
	const char *p;

	if (!real)
		return -1;
	sb_adds(out, CACHE_MAGIC);
	sb_addf(out, "path %s\nreal %s\n", path, real);
	add_stat_line(out, real);
	free(real);
	for (p = answer; (p = strstr(p, "\ndep=")); ) {
		const char *end = strchr(p + 5, '\n');
		char *dep;

		if (!end)
			break;
		dep = xstrndup(p + 5, (size_t)(end - p - 5));
		add_stat_line(out, dep);
		free(dep);
		p = end;
	}
	sb_adds(out, "answer\n");
	return 0;
}

int interp_cache_load(const char *path, struct strbuf *out)
{
	struct strbuf file = STRBUF_INIT, text = STRBUF_INIT, header = STRBUF_INIT;
	struct err e = ERR_INIT;
	const char *answer;
	int hit = 0;

	if (entry_path(path, &file) || read_file(file.buf, &text, &e))
		goto out;
	answer = strstr(text.buf, "\nanswer\n");
	if (!answer)
		goto out;
	answer += 8;
	if (header_for(path, answer - 1, &header) ||
	    header.len != (size_t)(answer - text.buf) ||
	    memcmp(header.buf, text.buf, header.len))
		goto out;
	sb_adds(out, answer);
	hit = 1;
out:
	sb_release(&file);
	sb_release(&text);
	sb_release(&header);
	err_release(&e);
	return hit;
}

void interp_cache_store(const char *path, const char *answer)
{
	struct strbuf file = STRBUF_INIT, text = STRBUF_INIT;
	struct err e = ERR_INIT;
	char *dir;

	if (entry_path(path, &file) || header_for(path, answer, &text))
		goto out;
	sb_adds(&text, answer);
	dir = path_dirname(file.buf);
	if (!mkdir_p(dir, &e))
		write_file_atomic(file.buf, text.buf, text.len, &e);
	free(dir);
out:
	sb_release(&file);
	sb_release(&text);
	err_release(&e);
}
