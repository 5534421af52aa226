#include "objcache.h"
#include "../base/fs.h"
#include "../base/sha256.h"
#include "../base/xalloc.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_MAGIC "wheelwright-object 1\n"

int hash_file(const char *path, char hex[65])
{
	unsigned char buf[65536], d[32];
	struct sha256 c;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	sha256_init(&c);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sha256_update(&c, buf, (size_t)n);
	close(fd);
	if (n < 0)
		return -1;
	sha256_final(&c, d);
	sha256_digest_hex(d, hex);
	return 0;
}

static void resolve(struct strbuf *out, const char *base, const char *path)
{
	sb_reset(out);
	if (path[0] == '/' || !base || !*base)
		sb_adds(out, path);
	else
		path_join(out, base, path);
}

struct stat_facts {
	long long size, mtime_ns, ino;
};

static int stat_facts(const char *path, struct stat_facts *f)
{
	struct stat st;

	if (stat(path, &st))
		return -1;
	f->size = (long long)st.st_size;
	f->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	f->ino = (long long)st.st_ino;
	return 0;
}

/* One "dep SIZE MTIME INO HASH PATH" line; 1 if the file is unchanged. */
static int dep_unchanged(const char *line, const char *base_dir,
			 struct sha256 *id, struct strbuf *tmp)
{
	struct stat_facts rec, now;
	char hash[65], cur[65];
	int off = 0;

	if (sscanf(line, "dep %lld %lld %lld %64s %n", &rec.size, &rec.mtime_ns,
		   &rec.ino, hash, &off) != 4 || !off)
		return 0;
	resolve(tmp, base_dir, line + off);
	if (stat_facts(tmp->buf, &now))
		return 0;
	if (now.size != rec.size)
		return 0;
	if (now.mtime_ns != rec.mtime_ns || now.ino != rec.ino) {
		if (hash_file(tmp->buf, cur) || strcmp(cur, hash))
			return 0;
	}
	sha256_update(id, hash, 64);
	return 1;
}

int objcache_fresh(const char *manifest_path, const char *key,
		   const char *base_dir, char id[65])
{
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct sha256 c;
	unsigned char d[32];
	char *line, *nl;
	int fresh = 0;

	if (read_file(manifest_path, &sb, &e) || !sb_starts_with(&sb, MANIFEST_MAGIC))
		goto out;
	line = sb.buf + strlen(MANIFEST_MAGIC);
	if (strncmp(line, "key ", 4) || strncmp(line + 4, key, strlen(key)) ||
	    line[4 + strlen(key)] != '\n')
		goto out;
	sha256_init(&c);
	sha256_update(&c, key, strlen(key));
	line += 5 + strlen(key);
	for (; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			goto out;
		*nl = '\0';
		if (!dep_unchanged(line, base_dir, &c, &tmp))
			goto out;
	}
	sha256_final(&c, d);
	sha256_digest_hex(d, id);
	fresh = 1;
out:
	sb_release(&sb);
	sb_release(&tmp);
	err_release(&e);
	return fresh;
}

int objcache_record(const char *manifest_path, const char *key,
		    const char *base_dir, const struct words *deps,
		    char id[65], struct err *e)
{
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	struct sha256 c;
	unsigned char d[32];
	size_t i;
	int ret;

	sb_adds(&sb, MANIFEST_MAGIC);
	sb_addf(&sb, "key %s\n", key);
	sha256_init(&c);
	sha256_update(&c, key, strlen(key));
	for (i = 0; i < deps->n; i++) {
		struct stat_facts f;
		char hex[65];

		if (strchr(deps->v[i], '\n'))
			continue;
		resolve(&tmp, base_dir, deps->v[i]);
		/* Hash first, then stat: a file edited in between is rehashed next time. */
		if (hash_file(tmp.buf, hex) || stat_facts(tmp.buf, &f)) {
			sb_release(&sb);
			sb_release(&tmp);
			return err_fail(e, "cannot read '%s', a dependency the compiler reported",
					tmp.buf);
		}
		sha256_update(&c, hex, 64);
		sb_addf(&sb, "dep %lld %lld %lld %s %s\n", f.size, f.mtime_ns,
			f.ino, hex, deps->v[i]);
	}
	sha256_final(&c, d);
	sha256_digest_hex(d, id);
	ret = write_file_atomic(manifest_path, sb.buf, sb.len, e);
	sb_release(&sb);
	sb_release(&tmp);
	return ret;
}
