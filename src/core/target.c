#include "target.h"
#include "linkpolicy.h"
#include "../base/sha256.h"
#include "../base/xalloc.h"
#include "../base/fs.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum field_type { F_STR, F_INT, F_BOOL };

struct field {
	const char *name;
	enum field_type type;
	size_t offset;
	int derived;		/* recomputed by target_finish, not hashed */
};

#define S(n) { #n, F_STR, offsetof(struct target, n), 0 }
#define I(n) { #n, F_INT, offsetof(struct target, n), 0 }
#define B(n) { #n, F_BOOL, offsetof(struct target, n), 0 }
/* Always derived from the stated fields: read back but never trusted. */
#define D(n) { #n, F_STR, offsetof(struct target, n), 1 }

/* The canonical order. Add a field here and to struct target: nothing else. */
static const struct field fields[] = {
	S(implementation), S(version), S(abiflags), S(soabi), S(ext_suffix),
	D(module_suffix), D(python_tag), D(abi_tag), S(platform_tag),
	S(os), S(arch), S(multiarch), I(pointer_width), S(byteorder),
	B(shared), S(lib_name), S(lib_dir), S(include_dir), S(platinclude_dir),
	B(gil_disabled), B(debug), S(abi3), S(executable), S(sysroot),
	S(cc), S(cflags), S(ldflags),
	D(link_args), D(hash),
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static char **str_field(struct target *t, const struct field *f)
{
	return (char **)((char *)t + f->offset);
}

static const char *str_value(const struct target *t, const struct field *f)
{
	return *(char *const *)((const char *)t + f->offset);
}

static int *int_field(struct target *t, const struct field *f)
{
	return (int *)((char *)t + f->offset);
}

static int int_value(const struct target *t, const struct field *f)
{
	return *(const int *)((const char *)t + f->offset);
}

static const struct field *find_field(const char *key)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (!strcmp(fields[i].name, key))
			return &fields[i];
	return NULL;
}

const char *const *target_keys(void)
{
	static const char *keys[NFIELDS + 1];
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		keys[i] = fields[i].name;
	return keys;
}

int target_key_is_derived(const char *key)
{
	const struct field *f = find_field(key);

	return f && f->derived;
}

int target_has_key(const char *key)
{
	return find_field(key) != NULL;
}

void target_init(struct target *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < NFIELDS; i++)
		if (fields[i].type == F_STR)
			*str_field(t, &fields[i]) = xstrdup("");
}

void target_release(struct target *t)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (fields[i].type == F_STR)
			free(*str_field(t, &fields[i]));
	memset(t, 0, sizeof(*t));
}

void target_copy(struct target *dst, const struct target *src)
{
	size_t i;

	*dst = *src;
	for (i = 0; i < NFIELDS; i++)
		if (fields[i].type == F_STR)
			*str_field(dst, &fields[i]) =
				xstrdup(str_value(src, &fields[i]));
}

static void set_str(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value);
}

int parse_version(const char *s, int *major, int *minor)
{
	char *end;
	long a, b;

	if (!isdigit((unsigned char)*s))
		return -1;
	a = strtol(s, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return -1;
	b = strtol(end + 1, &end, 10);
	if (*end || a < 0 || a > 99 || b < 0 || b > 999)
		return -1;
	*major = (int)a;
	*minor = (int)b;
	return 0;
}

static int parse_bool(const char *v, int *out)
{
	if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "True")) {
		*out = 1;
		return 0;
	}
	if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "False") ||
	    !*v) {
		*out = 0;
		return 0;
	}
	return -1;
}

/* PyO3 writes "CPython"/"PyPy"; ours is lowercase. */
static int set_implementation(struct target *t, const char *v, struct err *e)
{
	if (!strcasecmp(v, "cpython"))
		set_str(&t->implementation, "cpython");
	else if (!strcasecmp(v, "pypy"))
		set_str(&t->implementation, "pypy");
	else
		return err_set(e, "unknown implementation '%s' (expected cpython or pypy)", v);
	return 0;
}

/* abi3: "" (off), a floor "3.X", or PyO3's true/false. */
static int set_abi3(struct target *t, const char *v, struct err *e)
{
	int maj, min;

	if (!*v || !strcmp(v, "false")) {
		set_str(&t->abi3, "");
		return 0;
	}
	if (!strcmp(v, "true")) {
		/* PyO3: the floor is the interpreter's version; resolved later. */
		set_str(&t->abi3, "true");
		return 0;
	}
	if (parse_version(v, &maj, &min) || maj != 3 || min < 2)
		return err_set(e, "bad abi3 floor '%s' (expected 3.X with X >= 2)", v);
	set_str(&t->abi3, v);
	return 0;
}

/* PyO3's build_flags: a comma-separated list of CPython build macros. */
static int set_build_flags(struct target *t, const char *v, struct err *e)
{
	const char *p = v;

	while (*p) {
		size_t n = strcspn(p, ",");
		char *flag = xstrndup(p, n);
		int bad = 0;

		if (!strcmp(flag, "Py_DEBUG"))
			t->debug = 1;
		else if (!strcmp(flag, "Py_GIL_DISABLED"))
			t->gil_disabled = 1;
		else if (strcmp(flag, "Py_REF_DEBUG") &&
			 strcmp(flag, "Py_TRACE_REFS") &&
			 strcmp(flag, "COUNT_ALLOCS") &&
			 strcmp(flag, "WITH_THREAD") && *flag)
			bad = 1;
		if (bad)
			err_set(e, "unknown build flag '%s' in build_flags", flag);
		free(flag);
		if (bad)
			return -1;
		p += n + (p[n] == ',');
	}
	return 0;
}

/* Keys of PyO3's config file format that have no field of their own. */
static int set_pyo3_key(struct target *t, const char *key, const char *value,
			struct err *e, int *handled)
{
	*handled = 1;
	if (!strcmp(key, "build_flags"))
		return set_build_flags(t, value, e);
	if (!strcmp(key, "suppress_build_script_link_lines") ||
	    !strcmp(key, "extra_build_script_line") ||
	    !strcmp(key, "python_framework_prefix"))
		return 0;
	*handled = 0;
	return 0;
}

int target_set(struct target *t, const char *key, const char *value,
	       struct err *e)
{
	const struct field *f = find_field(key);
	int handled, b, maj, min;

	if (strchr(value, '\n') || strchr(value, '\r'))
		return err_set(e, "value of '%s' has a line break", key);
	if (!f) {
		if (set_pyo3_key(t, key, value, e, &handled))
			return -1;
		if (handled)
			return 0;
		return err_set(e, "unknown key '%.64s%s'", key, strlen(key) > 64 ? "..." : "");
	}
	if (f->derived)
		return 0;
	if (!strcmp(key, "implementation"))
		return set_implementation(t, value, e);
	if (!strcmp(key, "abi3"))
		return set_abi3(t, value, e);
	if (!strcmp(key, "version") &&
	    (parse_version(value, &maj, &min) || maj < 2))
		return err_set(e, "bad version '%s' (expected MAJOR.MINOR, like 3.12)", value);
	switch (f->type) {
	case F_STR:
		set_str(str_field(t, f), value);
		return 0;
	case F_BOOL:
		if (parse_bool(value, &b))
			return err_set(e, "'%s' must be true or false, not '%s'", key, value);
		*int_field(t, f) = b;
		return 0;
	case F_INT:
		if (strcmp(value, "32") && strcmp(value, "64") && *value)
			return err_set(e, "'%s' must be 32 or 64, not '%s'", key, value);
		*int_field(t, f) = atoi(value);
		return 0;
	}
	return 0;
}

static void add_field_text(const struct target *t, const struct field *f,
			   struct strbuf *out)
{
	sb_adds(out, f->name);
	sb_addc(out, '=');
	switch (f->type) {
	case F_STR:
		sb_adds(out, str_value(t, f));
		break;
	case F_BOOL:
		sb_adds(out, int_value(t, f) ? "true" : "false");
		break;
	case F_INT:
		sb_addf(out, "%d", int_value(t, f));
		break;
	}
	sb_addc(out, '\n');
}

/* The text the hash is taken over: every field that is not derived. */
static void hashed_text(const struct target *t, struct strbuf *out)
{
	size_t i;

	sb_addf(out, "format=%d\n", TARGET_FORMAT);
	for (i = 0; i < NFIELDS; i++)
		if (!fields[i].derived)
			add_field_text(t, &fields[i], out);
}

void target_to_text(const struct target *t, struct strbuf *out)
{
	size_t i;

	sb_addf(out, "format=%d\n", TARGET_FORMAT);
	for (i = 0; i < NFIELDS; i++)
		add_field_text(t, &fields[i], out);
}

void target_to_json(const struct target *t, struct strbuf *out)
{
	size_t i;

	sb_addf(out, "{\"format\": %d", TARGET_FORMAT);
	for (i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];

		sb_adds(out, ", ");
		sb_add_json_str(out, f->name);
		sb_adds(out, ": ");
		if (f->type == F_STR)
			sb_add_json_str(out, str_value(t, f));
		else if (f->type == F_BOOL)
			sb_adds(out, int_value(t, f) ? "true" : "false");
		else
			sb_addf(out, "%d", int_value(t, f));
	}
	sb_adds(out, "}");
}

static int parse_line(struct target *t, const char *line, size_t len,
		      const char *file, int lineno, struct err *e)
{
	const char *eq = memchr(line, '=', len);
	size_t klen, off = 0;
	char *key, *value;
	int ret = 0;

	while (off < len && (line[off] == ' ' || line[off] == '\t'))
		off++;
	if (off == len || line[off] == '#')
		return 0;
	if (!eq)
		return err_at(e, file, lineno, (int)off + 1,
			      "expected 'key=value', found '%.*s'",
			      (int)(len - off), line + off);
	klen = (size_t)(eq - line) - off;
	while (klen && (line[off + klen - 1] == ' ' || line[off + klen - 1] == '\t'))
		klen--;
	key = xstrndup(line + off, klen);
	value = xstrndup(eq + 1, len - (size_t)(eq + 1 - line));
	if (!klen) {
		ret = err_at(e, file, lineno, (int)off + 1, "missing key before '='");
	} else if (!strcmp(key, "format")) {
		if (strcmp(value, "1"))
			ret = err_at(e, file, lineno, (int)(eq - line) + 2,
				     "unsupported format '%s' (this wheelwright reads format 1)",
				     value);
	} else if (target_set(t, key, value, e)) {
		int col = find_field(key) || !strcmp(key, "build_flags") ?
			  (int)(eq - line) + 2 : (int)off + 1;
		struct strbuf msg = STRBUF_INIT;

		sb_add(&msg, e->msg.buf, e->msg.len);
		err_at(e, file, lineno, col, "%s", msg.buf);
		sb_release(&msg);
		if (!find_field(key) && strcmp(key, "build_flags"))
			err_hint(e, "run 'wheelwright config' to see the known keys");
		ret = -1;
	}
	free(key);
	free(value);
	return ret;
}

int target_parse_text(struct target *t, const char *buf, size_t len,
		      const char *file, struct err *e)
{
	size_t pos = 0;
	int lineno = 0;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;

		lineno++;
		if (n && buf[pos + n - 1] == '\r')
			n--;
		if (memchr(buf + pos, '\0', n))
			return err_at(e, file, lineno, 1, "NUL byte in configuration");
		if (parse_line(t, buf + pos, n, file, lineno, e))
			return -1;
		pos += (nl ? (size_t)(nl - (buf + pos)) + 1 : len - pos);
	}
	return 0;
}

int target_load_file(struct target *t, const char *path, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (read_file(path, &sb, e))
		return -1;
	ret = target_parse_text(t, sb.buf, sb.len, path, e);
	sb_release(&sb);
	return ret;
}

static void compute_hash(struct target *t)
{
	struct strbuf sb = STRBUF_INIT;
	char hex[65];

	hashed_text(t, &sb);
	sha256_hex(sb.buf, sb.len, hex);
	set_str(&t->hash, hex);
	sb_release(&sb);
}

int target_finish(struct target *t, struct err *e)
{
	if (target_derive(t, e))
		return -1;
	compute_hash(t);
	return 0;
}
