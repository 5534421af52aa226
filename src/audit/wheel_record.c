/*
 * RECORD (wheel_meta.h): CSV as Python's csv module writes it, one row per
 * file: path, "algorithm=digest" in URL-safe base64, size.
 */
#include "wheel_meta.h"
#include "../base/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void wheel_record_init(struct wheel_record *r)
{
	memset(r, 0, sizeof(*r));
}

void wheel_record_release(struct wheel_record *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++) {
		free(r->v[i].path);
		free(r->v[i].algo);
		free(r->v[i].digest);
	}
	free(r->v);
	wheel_record_init(r);
}

const struct record_row *wheel_record_find(const struct wheel_record *r,
					   const char *path)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		if (!strcmp(r->v[i].path, path))
			return &r->v[i];
	return NULL;
}

struct csv {
	const char *buf;
	size_t len, pos;
	const char *file;
	int line;
	size_t line_start;
};

static int csv_col(const struct csv *c)
{
	return (int)(c->pos - c->line_start) + 1;
}

/* Reads one field into out; *eol is set when the row ends after it. */
static int csv_field(struct csv *c, struct strbuf *out, int *eol, struct err *e)
{
	sb_reset(out);
	if (c->pos < c->len && c->buf[c->pos] == '"') {
		int line = c->line, col = csv_col(c);

		c->pos++;
		for (;;) {
			if (c->pos >= c->len)
				return err_at(e, c->file, line, col, "unterminated quoted field");
			if (c->buf[c->pos] == '"') {
				if (c->pos + 1 < c->len && c->buf[c->pos + 1] == '"') {
					sb_addc(out, '"');
					c->pos += 2;
					continue;
				}
				c->pos++;
				break;
			}
			if (c->buf[c->pos] == '\n') {
				c->line++;
				c->line_start = c->pos + 1;
			}
			sb_addc(out, c->buf[c->pos++]);
		}
		if (c->pos < c->len && c->buf[c->pos] != ',' &&
		    c->buf[c->pos] != '\n' && c->buf[c->pos] != '\r')
			return err_at(e, c->file, c->line, csv_col(c), "expected ',' after a quoted field");
	} else {
		while (c->pos < c->len && c->buf[c->pos] != ',' &&
		       c->buf[c->pos] != '\n' && c->buf[c->pos] != '\r')
			sb_addc(out, c->buf[c->pos++]);
	}
	if (c->pos < c->len && c->buf[c->pos] == ',') {
		c->pos++;
		*eol = 0;
		return 0;
	}
	if (c->pos < c->len && c->buf[c->pos] == '\r')
		c->pos++;
	if (c->pos < c->len && c->buf[c->pos] == '\n')
		c->pos++;
	*eol = 1;
	return 0;
}

static int is_b64url(int ch)
{
	return isalnum(ch) || ch == '-' || ch == '_';
}

static int record_hash(struct record_row *row, const char *field,
		       const char *file, int line, struct err *e)
{
	const char *eq = strchr(field, '=');
	const char *c;
	size_t n;

	if (!*field)
		return 0;
	if (!eq || eq == field)
		return err_at(e, file, line, 0, "bad hash '%.60s' for '%s': expected 'algorithm=digest'",
			      field, row->path);
	for (c = field; c < eq; c++)
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c))
			return err_at(e, file, line, 0, "bad hash algorithm in '%.60s' for '%s'",
				      field, row->path);
	n = strlen(eq + 1);
	while (n && eq[n] == '=')
		n--;		/* eq[1..n] is the digest: padding is tolerated */
	for (c = eq + 1; c < eq + 1 + n; c++)
		if (!is_b64url((unsigned char)*c))
			return err_at(e, file, line, 0, "bad digest in '%.60s' for '%s': not URL-safe base64",
				      field, row->path);
	if (!n)
		return err_at(e, file, line, 0, "empty digest for '%s'", row->path);
	row->algo = xstrndup(field, (size_t)(eq - field));
	row->digest = xstrndup(eq + 1, n);
	return 0;
}

static int record_size(struct record_row *row, const char *field,
		       const char *file, int line, struct err *e)
{
	const char *c;
	uint64_t v = 0;

	if (!*field)
		return 0;
	for (c = field; *c; c++) {
		if (!isdigit((unsigned char)*c) || v > (UINT64_MAX - 9) / 10)
			return err_at(e, file, line, 0, "bad size '%.40s' for '%s'", field, row->path);
		v = v * 10 + (uint64_t)(*c - '0');
	}
	row->has_size = 1;
	row->size = v;
	return 0;
}

static int record_row_add(struct wheel_record *r, struct strbuf f[3],
			  const char *file, int line, struct err *e)
{
	struct record_row *row;

	if (!f[0].len)
		return err_at(e, file, line, 1, "empty path");
	if (memchr(f[0].buf, '\0', f[0].len))
		return err_at(e, file, line, 1, "path holds a NUL byte");
	if (wheel_record_find(r, f[0].buf))
		return err_at(e, file, line, 1, "'%s' is listed twice", f[0].buf);
	ALLOC_GROW(r->v, r->nr + 1, r->alloc);
	row = &r->v[r->nr++];
	memset(row, 0, sizeof(*row));
	row->path = xstrdup(f[0].buf);
	row->line = line;
	if (record_hash(row, f[1].buf, file, line, e) ||
	    record_size(row, f[2].buf, file, line, e))
		return -1;
	return 0;
}

int wheel_record_parse(struct wheel_record *r, const char *buf, size_t len,
		       const char *file, struct err *e)
{
	struct strbuf f[4] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	struct csv c;
	int rc = 0, i;

	memset(&c, 0, sizeof(c));
	c.buf = buf;
	c.len = len;
	c.file = file;
	c.line = 1;
	while (c.pos < c.len && !rc) {
		int nf = 0, eol = 0, line = c.line;

		if (buf[c.pos] == '\n' || buf[c.pos] == '\r') {
			c.pos += buf[c.pos] == '\r' && c.pos + 1 < len && buf[c.pos + 1] == '\n' ? 2 : 1;
			c.line++;
			c.line_start = c.pos;
			continue;	/* blank lines */
		}
		while (!eol && !rc) {
			if (nf == 3) {
				rc = err_at(e, file, line, csv_col(&c), "a RECORD row has 3 fields, this one more");
				break;
			}
			rc = csv_field(&c, &f[nf++], &eol, e);
		}
		if (!rc && nf != 3)
			rc = err_at(e, file, line, 0, "a RECORD row has 3 fields, this one %d", nf);
		if (!rc)
			rc = record_row_add(r, f, file, line, e);
		c.line++;
		c.line_start = c.pos;
	}
	for (i = 0; i < 4; i++)
		sb_release(&f[i]);
	return rc;
}
