#include "pyvars.h"
#include "../base/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pyvars_init(struct pyvars *vars)
{
	vars->v = NULL;
	vars->nr = vars->alloc = 0;
}

void pyvars_release(struct pyvars *vars)
{
	size_t i;

	for (i = 0; i < vars->nr; i++) {
		free(vars->v[i].name);
		free(vars->v[i].text);
	}
	free(vars->v);
	pyvars_init(vars);
}

/* The index of name, or of where it would go (with *found 0). */
static size_t search(const struct pyvars *vars, const char *name, int *found)
{
	size_t lo = 0, hi = vars->nr;

	*found = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(vars->v[mid].name, name);

		if (!c) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void pyvars_set(struct pyvars *vars, const char *name, enum pyval_kind kind,
		const char *text, size_t len)
{
	int found;
	size_t i = search(vars, name, &found);
	struct pyvar *v;

	if (found) {
		v = &vars->v[i];
		free(v->text);
	} else {
		ALLOC_GROW(vars->v, vars->nr + 1, vars->alloc);
		memmove(vars->v + i + 1, vars->v + i,
			(vars->nr - i) * sizeof(*vars->v));
		vars->nr++;
		v = &vars->v[i];
		v->name = xstrdup(name);
	}
	v->kind = kind;
	v->text = xmalloc(st_add(len, 1));
	memcpy(v->text, text, len);
	v->text[len] = '\0';
	v->len = len;
}

void pyvars_set_str(struct pyvars *vars, const char *name, const char *s)
{
	pyvars_set(vars, name, PYVAL_STR, s, strlen(s));
}

void pyvars_set_int(struct pyvars *vars, const char *name, long long n)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", n);
	pyvars_set(vars, name, PYVAL_INT, num, strlen(num));
}

const struct pyvar *pyvars_find(const struct pyvars *vars, const char *name)
{
	int found;
	size_t i = search(vars, name, &found);

	return found ? &vars->v[i] : NULL;
}

const char *pyvars_get(const struct pyvars *vars, const char *name)
{
	const struct pyvar *v = pyvars_find(vars, name);

	return v ? v->text : NULL;
}

/* Bytes as the JSON string of code points 0-255 (valid UTF-8 out). */
static void add_json_bytes(struct strbuf *out, const char *s, size_t len)
{
	size_t i;

	sb_addc(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			sb_addf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			sb_addf(out, "\\u%04x", c);
		else
			sb_addc(out, c);
	}
	sb_addc(out, '"');
}

static void add_json_float(struct strbuf *out, const struct pyvar *v)
{
	double d = strtod(v->text, NULL);
	size_t start = out->len;

	if (!isfinite(d)) {
		sb_add_json_str(out, v->text);
		return;
	}
	sb_addf(out, "%.17g", d);
	if (!strpbrk(out->buf + start, ".e"))
		sb_adds(out, ".0");	/* still a float when read back */
}

static void add_json_value(struct strbuf *out, const struct pyvar *v)
{
	switch (v->kind) {
	case PYVAL_INT:
		sb_add(out, v->text, v->len);
		break;
	case PYVAL_FLOAT:
		add_json_float(out, v);
		break;
	case PYVAL_BOOL:
		sb_adds(out, !strcmp(v->text, "True") ? "true" : "false");
		break;
	case PYVAL_NONE:
		sb_adds(out, "null");
		break;
	case PYVAL_BYTES:
		add_json_bytes(out, v->text, v->len);
		break;
	default:
		sb_add_json_strn(out, v->text, v->len);
	}
}

void pyvars_to_json(const struct pyvars *vars, struct strbuf *out)
{
	size_t i;

	sb_addc(out, '{');
	for (i = 0; i < vars->nr; i++) {
		if (i)
			sb_adds(out, ", ");
		sb_add_json_str(out, vars->v[i].name);
		sb_adds(out, ": ");
		add_json_value(out, &vars->v[i]);
	}
	sb_addc(out, '}');
}
