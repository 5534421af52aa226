#include "build_details.h"
#include "json_read.h"
#include "../base/fs.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Fields copied to a sysconfig name; paths are resolved first. */
static const struct {
	const char *path;
	const char *var;
	int is_path;
} string_fields[] = {
	{ "abi.extension_suffix", "EXT_SUFFIX", 0 },
	{ "language.version", "VERSION", 0 },
	{ "implementation._multiarch", "MULTIARCH", 0 },
	{ "c_api.headers", "INCLUDEPY", 1 },
	{ "c_api.pkgconfig_path", "LIBPC", 1 },
	{ "libpython.dynamic", NULL, 1 },
	{ "libpython.static", NULL, 1 },
	{ "libpython.dynamic_stableabi", NULL, 1 },
	{ "base_interpreter", NULL, 1 },
	{ "platform", NULL, 0 },
	{ "implementation.name", NULL, 0 },
};

static const char *const required[] = {
	"schema_version", "base_prefix", "platform", "language", "implementation",
};

static int is_absolute(const char *p)
{
	return p[0] == '/' || p[0] == '\\' ||
	       (((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z') && p[1] == ':');
}

/* Removes "." and "dir/.." components of a '/' path, lexically. */
static void normalize(struct strbuf *path)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = path->buf, *end;
	size_t keep = 0;	/* components in out that ".." may remove */
	int absolute = *p == '/';

	if (absolute)
		sb_addc(&out, '/');
	for (; *p; p = *end ? end + 1 : end) {
		size_t n;

		end = strchrnul(p, '/');
		n = (size_t)(end - p);
		if (!n || (n == 1 && *p == '.'))
			continue;
		if (n == 2 && !memcmp(p, "..", 2)) {
			if (keep) {
				char *slash;

				sb_setlen(&out, out.len - 1);	/* trailing '/' */
				slash = strrchr(out.buf, '/');
				sb_setlen(&out, slash ? (size_t)(slash - out.buf) + 1 : 0);
				keep--;
				continue;
			}
			if (absolute)
				continue;	/* "/.." is "/" */
		} else {
			keep++;
		}
		sb_add(&out, p, n);
		sb_addc(&out, '/');
	}
	if (out.len > 1 && out.buf[out.len - 1] == '/')
		sb_setlen(&out, out.len - 1);
	if (!out.len)
		sb_addc(&out, '.');
	sb_release(path);
	*path = out;
}

/* path made absolute against base (when it is relative). */
static void resolve(struct strbuf *out, const char *base, const char *path)
{
	sb_reset(out);
	if (is_absolute(path) || !base) {
		sb_adds(out, path);
		if (path[0] == '/')
			normalize(out);
		return;
	}
	path_join(out, base, path);
	normalize(out);
}

static int type_error(const struct json_value *v, const char *file,
		      const char *path, const char *want, struct err *e)
{
	return err_at(e, file, v->line, v->col, "'%s' must be %s, not %s", path,
		      want, json_kind_name(v->kind));
}

static void add_leaf(struct pyvars *out, const char *name,
		     const struct json_value *v)
{
	int yes;

	switch (v->kind) {
	case JSON_STRING:
		pyvars_set(out, name, PYVAL_STR, v->text, v->len);
		break;
	case JSON_NUMBER:
		if (!json_is_integer(v))
			pyvars_set(out, name, PYVAL_FLOAT, v->text, v->len);
		else if (!strcmp(v->text, "-0"))
			pyvars_set(out, name, PYVAL_INT, "0", 1);
		else
			pyvars_set(out, name, PYVAL_INT, v->text, v->len);
		break;
	case JSON_BOOL:
		yes = *v->text == 't';
		pyvars_set(out, name, PYVAL_BOOL, yes ? "True" : "False",
			   yes ? 4 : 5);
		break;
	case JSON_NULL:
		pyvars_set(out, name, PYVAL_NONE, "None", 4);
		break;
	default:
		break;	/* arrays are not kept */
	}
}

/* Every scalar under its dotted path, strings as in the file. */
static void add_leaves(struct pyvars *out, const struct json_value *obj,
		       struct strbuf *path)
{
	size_t i, mark = path->len;

	for (i = 0; i < obj->nr; i++) {
		const struct json_value *v = &obj->items[i];

		if (memchr(v->key, '\0', v->key_len))
			continue;
		sb_setlen(path, mark);
		if (mark)
			sb_addc(path, '.');
		sb_add(path, v->key, v->key_len);
		if (v->kind == JSON_OBJECT)
			add_leaves(out, v, path);
		else
			add_leaf(out, path->buf, v);
	}
	sb_setlen(path, mark);
}

static int check_required(const struct json_value *root, const char *file,
			  struct err *e)
{
	const struct json_value *v;
	size_t i;

	if (root->kind != JSON_OBJECT)
		return err_at(e, file, root->line, root->col,
			      "build-details.json must be an object, not %s",
			      json_kind_name(root->kind));
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!json_get(root, required[i]))
			return err_at(e, file, root->line, root->col,
				      "required field '%s' is missing", required[i]);
	v = json_get(root, "schema_version");
	if (v->kind != JSON_STRING)
		return type_error(v, file, "schema_version", "a string", e);
	if (strncmp(v->text, "1.", 2) || v->len < 3) {
		err_at(e, file, v->line, v->col,
		       "unsupported schema_version '%s'", v->text);
		return err_hint(e, "wheelwright reads build-details.json 1.x (PEP 739)");
	}
	return 0;
}

/* The string at path, or NULL when absent; an error if not a string. */
static int get_string(const struct json_value *root, const char *path,
		      const char *file, const char **out, struct err *e)
{
	const struct json_value *v = json_get_path(root, path);

	*out = NULL;
	if (!v)
		return 0;
	if (v->kind != JSON_STRING)
		return type_error(v, file, path, "a string", e);
	*out = v->text;
	return 0;
}

/* ABIFLAGS and the two flags sysconfig spells out from abi.flags. */
static int map_abi_flags(const struct json_value *root, const char *file,
			 struct pyvars *out, struct err *e)
{
	const struct json_value *flags = json_get_path(root, "abi.flags");
	struct strbuf all = STRBUF_INIT;
	size_t i;

	if (!flags)
		return 0;
	if (flags->kind != JSON_ARRAY)
		return type_error(flags, file, "abi.flags", "an array", e);
	for (i = 0; i < flags->nr; i++) {
		if (flags->items[i].kind != JSON_STRING) {
			sb_release(&all);
			return type_error(&flags->items[i], file, "abi.flags[]",
					  "a string", e);
		}
		sb_add(&all, flags->items[i].text, flags->items[i].len);
	}
	pyvars_set_str(out, "ABIFLAGS", all.buf);
	pyvars_set_int(out, "Py_GIL_DISABLED", strchr(all.buf, 't') != NULL);
	pyvars_set_int(out, "Py_DEBUG", strchr(all.buf, 'd') != NULL);
	sb_release(&all);
	return 0;
}

/* SOABI and SHLIB_SUFFIX, which EXT_SUFFIX is made of. */
static void map_ext_suffix(const char *suffix, struct pyvars *out)
{
	const char *last = strrchr(suffix, '.');
	struct strbuf soabi = STRBUF_INIT;

	if (!last)
		return;
	pyvars_set_str(out, "SHLIB_SUFFIX", last);
	if (last > suffix && *suffix == '.') {
		sb_add(&soabi, suffix + 1, (size_t)(last - suffix - 1));
		pyvars_set_str(out, "SOABI", soabi.buf);
	}
	sb_release(&soabi);
}

/* The folder of the path at field, as var. */
static void map_dirname(const struct pyvars *vars, const char *field,
			const char *var, struct pyvars *out)
{
	const char *path = pyvars_get(vars, field);
	char *dir;

	if (!path)
		return;
	dir = path_dirname(path);
	pyvars_set_str(out, var, dir);
	free(dir);
}

static int map_fields(const struct json_value *root, const char *file,
		      struct pyvars *out, struct err *e)
{
	struct strbuf prefix = STRBUF_INIT, path = STRBUF_INIT;
	struct pyvars resolved = PYVARS_INIT;
	const char *s;
	char *dir = path_dirname(file);
	size_t i;
	int r = get_string(root, "base_prefix", file, &s, e);

	if (!r)
		resolve(&prefix, dir, s);
	for (i = 0; !r && i < sizeof(string_fields) / sizeof(string_fields[0]); i++) {
		if ((r = get_string(root, string_fields[i].path, file, &s, e)) < 0 || !s)
			continue;
		if (string_fields[i].is_path) {
			resolve(&path, prefix.buf, s);
		} else {
			sb_reset(&path);
			sb_adds(&path, s);
		}
		pyvars_set_str(&resolved, string_fields[i].path, path.buf);
		if (string_fields[i].var)
			pyvars_set_str(out, string_fields[i].var, path.buf);
	}
	if (!r) {
		pyvars_set_str(out, "prefix", prefix.buf);
		pyvars_set_str(out, "exec_prefix", prefix.buf);
		if ((s = pyvars_get(out, "EXT_SUFFIX")))
			map_ext_suffix(s, out);
		map_dirname(&resolved, "libpython.dynamic", "LIBDIR", out);
		map_dirname(&resolved, "libpython.static", "LIBPL", out);
		r = map_abi_flags(root, file, out, e);
	}
	pyvars_release(&resolved);
	sb_release(&prefix);
	sb_release(&path);
	free(dir);
	return r;
}

int build_details_parse(const char *buf, size_t len, const char *file,
			struct pyvars *out, struct err *e)
{
	struct json_value root;
	struct pyvars vars = PYVARS_INIT;
	struct strbuf path = STRBUF_INIT;
	size_t i;
	int r;

	if (json_parse(buf, len, file, &root, e) < 0)
		return -1;
	r = check_required(&root, file, e);
	if (!r) {
		add_leaves(&vars, &root, &path);
		r = map_fields(&root, file, &vars, e);
	}
	for (i = 0; !r && i < vars.nr; i++)
		pyvars_set(out, vars.v[i].name, vars.v[i].kind, vars.v[i].text,
			   vars.v[i].len);
	pyvars_release(&vars);
	sb_release(&path);
	json_release(&root);
	return r;
}

int build_details_load(const char *path, struct pyvars *out, struct err *e)
{
	struct strbuf sb = STRBUF_INIT;
	int r = read_file(path, &sb, e);

	if (!r)
		r = build_details_parse(sb.buf, sb.len, path, out, e);
	sb_release(&sb);
	return r;
}
