#include "err.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void err_init(struct err *e)
{
	e->file = NULL;
	e->line = e->col = 0;
	e->status = EXIT_BAD_INPUT;
	sb_init(&e->msg);
	sb_init(&e->hint);
}

void err_release(struct err *e)
{
	free(e->file);
	sb_release(&e->msg);
	sb_release(&e->hint);
	err_init(e);
}

void err_move(struct err *dst, struct err *src)
{
	err_release(dst);
	*dst = *src;
	err_init(src);
}

int err_isset(const struct err *e)
{
	return e->msg.len != 0;
}

static void set_msg(struct err *e, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void set_msg(struct err *e, const char *fmt, va_list ap)
{
	sb_reset(&e->msg);
	sb_reset(&e->hint);
	sb_vaddf(&e->msg, fmt, ap);
}

int err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_msg(e, fmt, ap);
	va_end(ap);
	return -1;
}

int err_fail(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_msg(e, fmt, ap);
	va_end(ap);
	e->status = EXIT_FAILED;
	return -1;
}

int err_vat(struct err *e, const char *file, int line, int col,
	    const char *fmt, va_list ap)
{
	free(e->file);
	e->file = file ? xstrdup(file) : NULL;
	e->line = line;
	e->col = col;
	set_msg(e, fmt, ap);
	return -1;
}

int err_at(struct err *e, const char *file, int line, int col,
	   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vat(e, file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

int err_hint(struct err *e, const char *fmt, ...)
{
	va_list ap;

	sb_reset(&e->hint);
	va_start(ap, fmt);
	sb_vaddf(&e->hint, fmt, ap);
	va_end(ap);
	return -1;
}

void err_set_file(struct err *e, const char *file)
{
	if (!e->file && file)
		e->file = xstrdup(file);
}

void err_prefix(struct err *e, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	sb_adds(&sb, ": ");
	sb_add(&sb, e->msg.buf, e->msg.len);
	sb_release(&e->msg);
	e->msg = sb;
}

void err_format(const struct err *e, struct strbuf *out)
{
	sb_adds(out, "wheelwright: ");
	if (e->file) {
		sb_adds(out, e->file);
		if (e->line > 0) {
			sb_addf(out, ":%d", e->line);
			if (e->col > 0)
				sb_addf(out, ":%d", e->col);
		}
		sb_adds(out, ": ");
	}
	sb_adds(out, "error: ");
	sb_add(out, e->msg.buf, e->msg.len);
	sb_addc(out, '\n');
	if (e->hint.len) {
		sb_adds(out, "hint: ");
		sb_add(out, e->hint.buf, e->hint.len);
		sb_addc(out, '\n');
	}
}

void err_print(const struct err *e)
{
	struct strbuf sb = STRBUF_INIT;

	err_format(e, &sb);
	fputs(sb.buf, stderr);
	sb_release(&sb);
}
