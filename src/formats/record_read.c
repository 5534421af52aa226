#include "record_read.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct csv {
	const char *buf;
	size_t len, pos;
	int line, col;		/* of pos */
	const char *file;
};

static void advance(struct csv *c)
{
	if (c->buf[c->pos] == '\n') {
		c->line++;
		c->col = 1;
	} else {
		c->col++;
	}
	c->pos++;
}

static int at_eol(const struct csv *c)
{
	return c->pos >= c->len || c->buf[c->pos] == '\n' ||
	       (c->buf[c->pos] == '\r' && (c->pos + 1 >= c->len || c->buf[c->pos + 1] == '\n'));
}

static void skip_eol(struct csv *c)
{
	if (c->pos < c->len && c->buf[c->pos] == '\r')
		advance(c);
	if (c->pos < c->len && c->buf[c->pos] == '\n')
		advance(c);
}

/* A quoted field: from the opening '"' to the closing one. */
static int quoted_field(struct csv *c, struct strbuf *out, struct err *e)
{
	int line = c->line, col = c->col;

	advance(c);
	for (;;) {
		if (c->pos >= c->len)
			return err_at(e, c->file, line, col, "unterminated quoted field");
		if (c->buf[c->pos] == '"') {
			advance(c);
			if (c->pos < c->len && c->buf[c->pos] == '"') {
				sb_addc(out, '"');
				advance(c);
				continue;
			}
			if (c->pos < c->len && c->buf[c->pos] != ',' && !at_eol(c))
				return err_at(e, c->file, c->line, c->col,
					      "unexpected character after a quoted field");
			return 0;
		}
		sb_addc(out, c->buf[c->pos]);
		advance(c);
	}
}

static int plain_field(struct csv *c, struct strbuf *out, struct err *e)
{
	while (c->pos < c->len && c->buf[c->pos] != ',' && !at_eol(c)) {
		if (c->buf[c->pos] == '"')
			return err_at(e, c->file, c->line, c->col,
				      "stray '\"' in an unquoted field");
		if (c->buf[c->pos] == '\0')
			return err_at(e, c->file, c->line, c->col, "NUL byte in RECORD");
		sb_addc(out, c->buf[c->pos]);
		advance(c);
	}
	return 0;
}

static int row(struct csv *c, struct record *r, struct err *e)
{
	struct strbuf f[3] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	struct record_row *rr;
	int n = 0, line = c->line, rc = -1;
	size_t i;

	for (;;) {
		struct strbuf tmp = STRBUF_INIT, *dst = n < 3 ? &f[n] : &tmp;
		int failed = c->pos < c->len && c->buf[c->pos] == '"'
			     ? quoted_field(c, dst, e) : plain_field(c, dst, e);

		sb_release(&tmp);
		if (failed)
			goto out;
		if (++n > 3) {
			err_at(e, c->file, line, 0, "a RECORD row has at most 3 fields, this one has more");
			goto out;
		}
		if (c->pos < c->len && c->buf[c->pos] == ',') {
			advance(c);
			continue;
		}
		break;
	}
	skip_eol(c);
	if (!f[0].len) {
		err_at(e, c->file, line, 1, "empty path in RECORD");
		goto out;
	}
	if (memchr(f[0].buf, '\0', f[0].len) || memchr(f[1].buf, '\0', f[1].len)) {
		err_at(e, c->file, line, 1, "NUL byte in RECORD");
		goto out;
	}
	ALLOC_GROW(r->rows, r->n + 1, r->alloc);
	rr = &r->rows[r->n++];
	rr->path = sb_detach(&f[0], NULL);
	rr->hash = sb_detach(&f[1], NULL);
	rr->size = sb_detach(&f[2], NULL);
	rr->line = line;
	rc = 0;
out:
	for (i = 0; i < 3; i++)
		sb_release(&f[i]);
	return rc;
}

int record_parse(struct record *r, const char *buf, size_t len,
		 const char *file, struct err *e)
{
	struct csv c = { buf, len, 0, 1, 1, file };

	while (c.pos < c.len) {
		if (at_eol(&c)) {
			skip_eol(&c);
			continue;
		}
		if (row(&c, r, e))
			return -1;
	}
	return 0;
}

void record_release(struct record *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->rows[i].path);
		free(r->rows[i].hash);
		free(r->rows[i].size);
	}
	free(r->rows);
	memset(r, 0, sizeof(*r));
}
