#include "tar_read.h"
#include "zip_format.h"
#include "../base/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK		512
#define IN_CHUNK	(64 * 1024)
/* pax and GNU long-name headers are read whole: bound what they may claim. */
#define META_MAX	(1024 * 1024)

static int tar_error(struct tar_reader *tr, struct err *e, const char *fmt,
		     ...) __attribute__((format(printf, 3, 4)));

static int tar_error(struct tar_reader *tr, struct err *e, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&msg, fmt, ap);
	va_end(ap);
	err_at(e, tr->label, 0, 0, "%s", msg.buf);
	sb_release(&msg);
	return -1;
}

/* Raw input bytes into tr->in; *got is 0 at the end of the input. */
static int raw_read(struct tar_reader *tr, size_t *got, struct err *e)
{
	*got = 0;
	if (tr->in_eof)
		return 0;
	if (tr->mem) {
		size_t n = tr->mem_len - tr->mem_pos;

		if (n > IN_CHUNK)
			n = IN_CHUNK;
		memcpy(tr->in, tr->mem + tr->mem_pos, n);
		tr->mem_pos += n;
		*got = n;
	} else {
		*got = fread(tr->in, 1, IN_CHUNK, tr->fp);
		if (!*got && ferror(tr->fp))
			return tar_error(tr, e, "cannot read: %s", strerror(errno));
	}
	if (!*got)
		tr->in_eof = 1;
	return 0;
}

static int inflate_some(struct tar_reader *tr, unsigned char *buf, size_t n,
			size_t *got, struct err *e)
{
	while (*got < n && !tr->z_end) {
		size_t k;
		int ret;

		if (!tr->z.avail_in) {
			if (raw_read(tr, &k, e))
				return -1;
			if (!k)
				return tar_error(tr, e, "truncated gzip data");
			tr->z.next_in = tr->in;
			tr->z.avail_in = (uInt)k;
		}
		tr->z.next_out = buf + *got;
		tr->z.avail_out = (uInt)(n - *got);
		ret = inflate(&tr->z, Z_NO_FLUSH);
		*got = n - tr->z.avail_out;
		if (ret == Z_STREAM_END)
			tr->z_end = 1;	/* trailing bytes after it are ignored */
		else if (ret == Z_MEM_ERROR)
			die("out of memory in zlib inflate");
		else if (ret != Z_OK && ret != Z_BUF_ERROR)
			return tar_error(tr, e, "corrupt gzip data: %s",
					 tr->z.msg ? tr->z.msg : "inflate error");
	}
	return 0;
}

static int plain_some(struct tar_reader *tr, unsigned char *buf, size_t n,
		      size_t *got, struct err *e)
{
	while (*got < n) {
		size_t k = tr->in_len - tr->in_pos;

		if (!k) {
			if (raw_read(tr, &tr->in_len, e))
				return -1;
			tr->in_pos = 0;
			if (!tr->in_len)
				return 0;
			continue;
		}
		if (k > n - *got)
			k = n - *got;
		memcpy(buf + *got, tr->in + tr->in_pos, k);
		tr->in_pos += k;
		*got += k;
	}
	return 0;
}

/* Up to n bytes of the tar stream; fewer only at its end. */
static int pull(struct tar_reader *tr, void *buf, size_t n, size_t *got,
		struct err *e)
{
	*got = 0;
	if (tr->gzip ? inflate_some(tr, buf, n, got, e)
		     : plain_some(tr, buf, n, got, e))
		return -1;
	tr->pos += *got;
	return 0;
}

static int skip(struct tar_reader *tr, uint64_t n, const char *what,
		struct err *e)
{
	unsigned char buf[4096];

	while (n) {
		size_t want = n < sizeof(buf) ? (size_t)n : sizeof(buf), got;

		if (pull(tr, buf, want, &got, e))
			return -1;
		if (got < want)
			return tar_error(tr, e, "truncated archive (in %s)", what);
		n -= got;
	}
	return 0;
}

static int open_common(struct tar_reader *tr, struct err *e)
{
	if (raw_read(tr, &tr->in_len, e))
		return -1;
	if (tr->in_len >= 2 && tr->in[0] == 0x1f && tr->in[1] == 0x8b) {
		tr->gzip = 1;
		memset(&tr->z, 0, sizeof(tr->z));
		if (inflateInit2(&tr->z, 16 + MAX_WBITS) != Z_OK)
			die("cannot initialise zlib inflate");
		tr->z_ready = 1;
		tr->z.next_in = tr->in;
		tr->z.avail_in = (uInt)tr->in_len;
		tr->in_len = 0;
	}
	return 0;
}

static void reader_init(struct tar_reader *tr, const char *label)
{
	memset(tr, 0, sizeof(*tr));
	tr->label = xstrdup(label);
	tr->in = xmalloc(IN_CHUNK);
	sb_init(&tr->name);
}

int tar_reader_open(struct tar_reader *tr, const char *path, struct err *e)
{
	reader_init(tr, path);
	tr->fp = fopen(path, "rb");
	if (!tr->fp)
		return tar_error(tr, e, "cannot open: %s", strerror(errno));
	return open_common(tr, e);
}

int tar_reader_open_mem(struct tar_reader *tr, const void *data, size_t len,
			const char *label, struct err *e)
{
	reader_init(tr, label);
	tr->mem = data ? data : (const void *)"";
	tr->mem_len = len;
	return open_common(tr, e);
}

void tar_reader_release(struct tar_reader *tr)
{
	if (tr->fp)
		fclose(tr->fp);
	if (tr->z_ready)
		inflateEnd(&tr->z);
	free(tr->in);
	free(tr->label);
	sb_release(&tr->name);
	memset(tr, 0, sizeof(*tr));
}

/*
 * A numeric header field: octal digits, optionally led by spaces and ended
 * by NUL or space; or, with the high bit of the first byte set, a positive
 * big-endian base-256 number (GNU tar's form for large values).
 */
static int parse_number(const unsigned char *f, size_t w, uint64_t *out)
{
	size_t i = 0;
	uint64_t v = 0;

	if (f[0] & 0x80) {
		if (f[0] != 0x80)
			return -1;	/* negative, or more than 64 bits */
		for (i = 1; i < w; i++) {
			if (v >> 56)
				return -1;
			v = v << 8 | f[i];
		}
		*out = v;
		return 0;
	}
	while (i < w && f[i] == ' ')
		i++;
	for (; i < w && f[i] >= '0' && f[i] <= '7'; i++)
		v = v << 3 | (uint64_t)(f[i] - '0');
	for (; i < w; i++)
		if (f[i] != '\0' && f[i] != ' ')
			return -1;
	*out = v;
	return 0;
}

static int checksum_ok(const unsigned char *h)
{
	unsigned long usum = 0;
	long ssum = 0;
	uint64_t want;
	size_t i;

	if (parse_number(h + 148, 8, &want))
		return 0;
	for (i = 0; i < BLOCK; i++) {
		unsigned char c = i >= 148 && i < 156 ? ' ' : h[i];

		usum += c;
		ssum += (signed char)c;	/* some old writers summed signed bytes */
	}
	return want == usum || (long long)want == ssum;
}

static int is_zero_block(const unsigned char *h)
{
	size_t i;

	for (i = 0; i < BLOCK; i++)
		if (h[i])
			return 0;
	return 1;
}

/* What pax records ("LEN key=value\n") say about the next entry. */
struct pax_info {
	struct strbuf path;
	int has_path;
	uint64_t size;
	int has_size;
};

static int parse_decimal(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!n)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

static int pax_parse(struct tar_reader *tr, const char *buf, size_t n,
		     uint64_t at, int global, struct pax_info *pi, struct err *e)
{
	size_t pos = 0;

	while (pos < n) {
		size_t digits = 0, klen;
		uint64_t len;
		const char *rec = buf + pos, *key, *eq, *val;

		if (rec[0] == '\0')
			break;	/* padding some writers leave */
		while (pos + digits < n && rec[digits] >= '0' && rec[digits] <= '9')
			digits++;
		if (parse_decimal(rec, digits, &len) || len > n - pos ||
		    len < digits + 4 || rec[digits] != ' ' || rec[len - 1] != '\n')
			return tar_error(tr, e, "malformed pax record in the header at offset %llu",
					 (unsigned long long)at);
		key = rec + digits + 1;
		eq = memchr(key, '=', (size_t)(rec + len - 1 - key));
		if (!eq || eq == key)
			return tar_error(tr, e, "malformed pax record in the header at offset %llu",
					 (unsigned long long)at);
		klen = (size_t)(eq - key);
		val = eq + 1;
		if (!global && klen == 4 && !memcmp(key, "path", 4)) {
			sb_reset(&pi->path);
			sb_add(&pi->path, val, (size_t)(rec + len - 1 - val));
			pi->has_path = 1;
		} else if (!global && klen == 4 && !memcmp(key, "size", 4)) {
			if (parse_decimal(val, (size_t)(rec + len - 1 - val), &pi->size))
				return tar_error(tr, e, "bad pax size in the header at offset %llu",
						 (unsigned long long)at);
			pi->has_size = 1;
		}
		pos += (size_t)len;
	}
	return 0;
}

/* Reads the content of a meta entry (pax or GNU long name) whole. */
static int read_meta(struct tar_reader *tr, uint64_t size, uint64_t at,
		     struct strbuf *out, struct err *e)
{
	size_t got;

	if (size > META_MAX)
		return tar_error(tr, e, "extended header at offset %llu is too large (%llu bytes)",
				 (unsigned long long)at, (unsigned long long)size);
	sb_reset(out);
	sb_grow(out, (size_t)size);
	if (pull(tr, out->buf, (size_t)size, &got, e))
		return -1;
	if (got < size)
		return tar_error(tr, e, "truncated archive (in the extended header at offset %llu)",
				 (unsigned long long)at);
	sb_setlen(out, (size_t)size);
	return skip(tr, (BLOCK - size % BLOCK) % BLOCK, "padding", e);
}

static void header_name(const unsigned char *h, struct strbuf *out)
{
	sb_reset(out);
	/* POSIX ustar: a prefix joined with '/'; GNU's "ustar  " has none. */
	if (!memcmp(h + 257, "ustar\0", 6) && h[345]) {
		sb_add(out, h + 345, strnlen((const char *)h + 345, 155));
		sb_addc(out, '/');
	}
	sb_add(out, h, strnlen((const char *)h, 100));
}

static int check_name(struct tar_reader *tr, uint64_t at, struct err *e)
{
	struct strbuf problem = STRBUF_INIT;

	if (!zip_name_check(tr->name.buf, tr->name.len, &problem))
		return 0;
	tar_error(tr, e, "%s (header at offset %llu)", problem.buf,
		  (unsigned long long)at);
	sb_release(&problem);
	return -1;
}

static int refuse_type(struct tar_reader *tr, char type, uint64_t at,
		       struct err *e)
{
	struct strbuf q = STRBUF_INIT;
	const char *what = type == '1' ? "hard link" : type == '2' ? "symbolic link" :
			   type == '3' || type == '4' ? "device" : type == '6' ? "FIFO" : NULL;

	zip_quote_name(&q, tr->name.buf, tr->name.len);
	if (what)
		tar_error(tr, e, "%s %s is not supported (header at offset %llu)",
			  what, q.buf, (unsigned long long)at);
	else
		tar_error(tr, e, "entry %s has unsupported type '%c' (header at offset %llu)",
			  q.buf, type >= 0x20 && type < 0x7f ? type : '?',
			  (unsigned long long)at);
	sb_release(&q);
	return -1;
}

/* Fills tr->cur from the header h (and what pax said), or fails. */
static int take_entry(struct tar_reader *tr, const unsigned char *h,
		      struct pax_info *pi, int gnu_name, uint64_t at, struct err *e)
{
	char type = (char)h[156];
	uint64_t mode, size;

	if (parse_number(h + 100, 8, &mode) || parse_number(h + 124, 12, &size))
		return tar_error(tr, e, "bad number in the tar header at offset %llu",
				 (unsigned long long)at);
	if (pi->has_size)
		size = pi->size;
	if (pi->has_path) {
		sb_reset(&tr->name);
		sb_add(&tr->name, pi->path.buf, pi->path.len);
	} else if (!gnu_name) {
		header_name(h, &tr->name);
	}
	if ((type == '0' || type == '\0') && tr->name.len &&
	    tr->name.buf[tr->name.len - 1] == '/')
		type = '5';	/* the pre-POSIX way to say "folder" */
	if (type == '5' && tr->name.len > 1 && tr->name.buf[tr->name.len - 1] == '/')
		sb_setlen(&tr->name, tr->name.len - 1);
	if (check_name(tr, at, e))
		return -1;
	if (type != '0' && type != '\0' && type != '7' && type != '5')
		return refuse_type(tr, type, at, e);
	if (type == '5' && size)
		return tar_error(tr, e, "folder entry at offset %llu has a size",
				 (unsigned long long)at);
	tr->cur.name = tr->name.buf;
	tr->cur.type = type == '5' ? TAR_DIR : TAR_FILE;
	tr->cur.executable = (mode & 0111) != 0;
	tr->cur.size = size;
	tr->cur.offset = at;
	tr->left = size;
	tr->pad = (BLOCK - size % BLOCK) % BLOCK;
	return 0;
}

/* One header block; *end is set at the end of the archive. */
static int read_header(struct tar_reader *tr, unsigned char *h, int *end,
		       struct err *e)
{
	uint64_t at = tr->pos;
	size_t got;

	*end = 0;
	if (pull(tr, h, BLOCK, &got, e))
		return -1;
	if (!got || (got == BLOCK && is_zero_block(h))) {
		/* No end blocks at all is accepted, as tar(1) and tarfile do. */
		*end = 1;
		return 0;
	}
	if (got < BLOCK)
		return tar_error(tr, e, "truncated archive (header at offset %llu)",
				 (unsigned long long)at);
	if (!checksum_ok(h))
		return tar_error(tr, e, "bad checksum in the tar header at offset %llu",
				 (unsigned long long)at);
	return 0;
}

int tar_reader_next(struct tar_reader *tr, const struct tar_entry **en,
		    struct err *e)
{
	struct pax_info pi = { STRBUF_INIT, 0, 0, 0 };
	struct strbuf meta = STRBUF_INIT;
	unsigned char h[BLOCK];
	uint64_t first = tr->pos;
	int gnu_name = 0, end, rc = -1;

	*en = NULL;
	if (tr->finished)
		return 0;
	if (skip(tr, tr->left, "entry content", e) || skip(tr, tr->pad, "padding", e))
		return -1;
	tr->left = tr->pad = 0;
	first = tr->pos;
	for (;;) {
		uint64_t at = tr->pos, size;
		char type;

		if (read_header(tr, h, &end, e))
			goto out;
		if (end) {
			if (pi.has_path || pi.has_size || gnu_name) {
				tar_error(tr, e, "archive ends after an extended header");
				goto out;
			}
			tr->finished = 1;
			rc = 0;
			goto out;
		}
		type = (char)h[156];
		if (type != 'x' && type != 'g' && type != 'L' && type != 'K')
			break;
		if (parse_number(h + 124, 12, &size)) {
			tar_error(tr, e, "bad number in the tar header at offset %llu",
				  (unsigned long long)at);
			goto out;
		}
		if (read_meta(tr, size, at, &meta, e))
			goto out;
		if (type == 'L') {
			sb_reset(&tr->name);
			sb_add(&tr->name, meta.buf, strnlen(meta.buf, meta.len));
			gnu_name = 1;
		} else if (type != 'K' &&
			   pax_parse(tr, meta.buf, meta.len, at, type == 'g', &pi, e)) {
			goto out;
		}
	}
	if (take_entry(tr, h, &pi, gnu_name, first, e))
		goto out;
	*en = &tr->cur;
	rc = 1;
out:
	sb_release(&pi.path);
	sb_release(&meta);
	return rc;
}

int tar_reader_read(struct tar_reader *tr, void *buf, size_t cap, size_t *got,
		    struct err *e)
{
	size_t want = tr->left < cap ? (size_t)tr->left : cap;

	*got = 0;
	if (!want)
		return 0;
	if (pull(tr, buf, want, got, e))
		return -1;
	if (*got < want) {
		struct strbuf q = STRBUF_INIT;

		zip_quote_name(&q, tr->name.buf, tr->name.len);
		tar_error(tr, e, "truncated archive (in the content of %s)", q.buf);
		sb_release(&q);
		return -1;
	}
	tr->left -= *got;
	return 0;
}
