#include "editable.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../core/metadata.h"
#include "../version.h"

#include <stdlib.h>
#include <string.h>

/*
 * The finder module's code after its data lines (PROJECT, PACKAGES,
 * MODULES, NAMESPACES, WHEELWRIGHT, REBUILD). Python 3.7 or newer; imports
 * only what site.py has loaded anyway until a rebuild is due.
 */
static const char finder_code[] =
	"\n"
	"import os\n"
	"import sys\n"
	"from importlib.machinery import ExtensionFileLoader, ModuleSpec, PathFinder\n"
	"from importlib.util import spec_from_file_location\n"
	"\n"
	"_rebuilt = []\n"
	"\n"
	"\n"
	"def _wheelwright():\n"
	"    for exe in (WHEELWRIGHT, os.environ.get(\"WHEELWRIGHT\")):\n"
	"        if exe and os.path.isfile(exe) and os.access(exe, os.X_OK):\n"
	"            return exe\n"
	"    import shutil\n"
	"    import sysconfig\n"
	"    exe = shutil.which(\"wheelwright\")\n"
	"    if exe:\n"
	"        return exe\n"
	"    exe = os.path.join(sysconfig.get_path(\"scripts\"), \"wheelwright\")\n"
	"    return exe if os.access(exe, os.X_OK) else None\n"
	"\n"
	"\n"
	"def _rebuild():\n"
	"    \"\"\"Brings the extension modules up to date, once per process.\"\"\"\n"
	"    if _rebuilt or REBUILD is None:\n"
	"        return\n"
	"    _rebuilt.append(True)\n"
	"    if os.environ.get(\"WHEELWRIGHT_EDITABLE_REBUILD\", \"1\") == \"0\":\n"
	"        return\n"
	"    exe = _wheelwright()\n"
	"    if exe is None:\n"
	"        return\n"
	"    import subprocess\n"
	"    cmd = [exe, \"develop\", PROJECT, \"-i\", sys.executable, \"--build-only\"] + REBUILD\n"
	"    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,\n"
	"                          universal_newlines=True)\n"
	"    if proc.returncode != 0:\n"
	"        raise ImportError(\"wheelwright could not rebuild the extension modules of \"\n"
	"                          \"%s:\\n%s%s\" % (PROJECT, proc.stderr, proc.stdout))\n"
	"    for line in proc.stdout.splitlines():\n"
	"        if line.startswith(\"module \"):\n"
	"            name, _, path = line[7:].partition(\" \")\n"
	"            MODULES[name] = path\n"
	"\n"
	"\n"
	"class _EditableFinder:\n"
	"    \"\"\"Finds the project's packages and extension modules where they are.\"\"\"\n"
	"\n"
	"    @classmethod\n"
	"    def find_spec(cls, fullname, path=None, target=None):\n"
	"        if fullname in MODULES:\n"
	"            _rebuild()\n"
	"            where = MODULES[fullname]\n"
	"            return spec_from_file_location(\n"
	"                fullname, where, loader=ExtensionFileLoader(fullname, where))\n"
	"        root = PACKAGES.get(fullname)\n"
	"        if root is not None:\n"
	"            init = os.path.join(root, \"__init__.py\")\n"
	"            if os.path.isfile(init):\n"
	"                return spec_from_file_location(\n"
	"                    fullname, init, submodule_search_locations=[root])\n"
	"            spec = ModuleSpec(fullname, None, is_package=True)\n"
	"            spec.submodule_search_locations = [root]\n"
	"            return spec\n"
	"        if fullname in NAMESPACES:\n"
	"            spec = ModuleSpec(fullname, None, is_package=True)\n"
	"            spec.submodule_search_locations = []\n"
	"            return spec\n"
	"        return None\n"
	"\n"
	"    @classmethod\n"
	"    def invalidate_caches(cls):\n"
	"        pass\n"
	"\n"
	"\n"
	"def _install():\n"
	"    # Before the path finder: the project wins over stale copies on sys.path.\n"
	"    index = len(sys.meta_path)\n"
	"    for i, finder in enumerate(sys.meta_path):\n"
	"        if finder is PathFinder:\n"
	"            index = i\n"
	"            break\n"
	"    sys.meta_path.insert(index, _EditableFinder)\n"
	"\n"
	"\n"
	"_install()\n";

void editable_opts_set(struct editable_opts *o, const char *wheelwright,
		       int rebuild, int debug, const char *abi3,
		       const char **args)
{
	memset(o, 0, sizeof(*o));
	o->wheelwright = wheelwright;
	o->rebuild = rebuild;
	o->build_args = args;
	if (debug)
		args[o->n_build_args++] = "--debug";
	if (abi3) {
		args[o->n_build_args++] = "--abi3";
		args[o->n_build_args++] = abi3;
	}
}

void editable_module_name(const struct project *p, struct strbuf *out)
{
	sb_adds(out, "_wheelwright_editable_");
	metadata_wheel_name(p->name, out);
}

static void add_abs(struct strbuf *out, const char *dir, const char *rel)
{
	struct strbuf sb = STRBUF_INIT;

	path_join(&sb, dir, rel);
	sb_add_json_str(out, sb.buf);
	sb_release(&sb);
}

/* The import name of a package folder: its last component. */
static void packages_dict(const struct project *p, struct strbuf *out)
{
	size_t i;

	sb_adds(out, "PACKAGES = {");
	for (i = 0; i < p->packages.n; i++) {
		char *name = path_basename(p->packages.items[i]);

		sb_adds(out, i ? ",\n    " : "\n    ");
		sb_add_json_str(out, name);
		sb_adds(out, ": ");
		add_abs(out, p->dir, p->packages.items[i]);
		free(name);
	}
	sb_adds(out, p->packages.n ? ",\n}\n" : "}\n");
}

static int is_package(const struct project *p, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < p->packages.n; i++) {
		char *base = path_basename(p->packages.items[i]);
		int same = strlen(base) == len && !strncmp(base, name, len);

		free(base);
		if (same)
			return 1;
	}
	return 0;
}

/* Parents of modules that no package provides ("a" and "a.b" of "a.b._c"). */
static void namespaces_list(const struct project *p, const struct target_build *tb,
			    struct strbuf *out)
{
	struct strlist seen = { NULL, 0, 0 };
	size_t i, k;

	sb_adds(out, "NAMESPACES = [");
	for (i = 0; i < tb->n_mods; i++) {
		const char *name = tb->mods[i].name, *dot;

		if (is_package(p, name, strcspn(name, ".")))
			continue;
		for (dot = strchr(name, '.'); dot; dot = strchr(dot + 1, '.')) {
			char *parent = xstrndup(name, (size_t)(dot - name));

			for (k = 0; k < seen.n && strcmp(seen.items[k], parent); k++)
				;
			if (k == seen.n) {
				strlist_push(&seen, parent);
				if (seen.n > 1)
					sb_adds(out, ", ");
				sb_add_json_str(out, parent);
			}
			free(parent);
		}
	}
	sb_adds(out, "]\n");
	strlist_release(&seen);
}

static void render_finder(const struct project *p, const struct target_build *tb,
			  const struct editable_opts *o, struct strbuf *out)
{
	size_t i;

	sb_addf(out, "\"\"\"An editable install, written by wheelwright %s.\n\n"
		"See wheelwright's docs/backend.md for how C edits are picked up.\n"
		"\"\"\"\n", WHEELWRIGHT_VERSION);
	sb_adds(out, "NAME = ");
	sb_add_json_str(out, p->name);
	sb_adds(out, "\nVERSION = ");
	sb_add_json_str(out, p->version);
	sb_adds(out, "\nPROJECT = ");
	sb_add_json_str(out, p->dir);
	sb_addc(out, '\n');
	packages_dict(p, out);
	sb_adds(out, "MODULES = {");
	for (i = 0; i < tb->n_mods; i++) {
		sb_adds(out, i ? ",\n    " : "\n    ");
		sb_add_json_str(out, tb->mods[i].name);
		sb_adds(out, ": ");
		add_abs(out, p->dir, tb->mods[i].file);
	}
	sb_adds(out, tb->n_mods ? ",\n}\n" : "}\n");
	namespaces_list(p, tb, out);
	sb_adds(out, "WHEELWRIGHT = ");
	if (o->wheelwright)
		sb_add_json_str(out, o->wheelwright);
	else
		sb_adds(out, "None");
	sb_adds(out, "\nREBUILD = ");
	if (!o->rebuild) {
		sb_adds(out, "None");
	} else {
		sb_addc(out, '[');
		for (i = 0; i < o->n_build_args; i++) {
			if (i)
				sb_adds(out, ", ");
			sb_add_json_str(out, o->build_args[i]);
		}
		sb_addc(out, ']');
	}
	sb_addc(out, '\n');
	sb_adds(out, finder_code);
}

void editable_add_files(const struct project *p, const struct target_build *tb,
			const struct editable_opts *o, struct wheel_entries *es)
{
	struct strbuf mod = STRBUF_INIT, arc = STRBUF_INIT;
	struct wheel_entry *en;

	editable_module_name(p, &mod);
	sb_addf(&arc, "%s.py", mod.buf);
	en = wheel_entries_add(es, arc.buf);
	render_finder(p, tb, o, &en->data);
	sb_reset(&arc);
	sb_addf(&arc, "%s.pth", mod.buf);
	en = wheel_entries_add(es, arc.buf);
	sb_addf(&en->data, "import %s\n", mod.buf);
	sb_release(&mod);
	sb_release(&arc);
}

int editable_wheel_write(const struct project *p, const struct target_build *tb,
			 const struct editable_opts *o, const char *out_dir,
			 struct strbuf *path, struct err *e)
{
	struct wheel_entries es = WHEEL_ENTRIES_INIT;
	struct wheel_tag tag;
	int rc = -1;

	if (wheel_tag_of(p, tb->target, &tag, e))
		return -1;
	editable_add_files(p, tb, o, &es);
	if (!wheel_add_data(p, &es, e) && !wheel_add_dist_info(p, &tag, &es, e) &&
	    !wheel_pack(p, &tag, &es, out_dir, path, e))
		rc = 0;
	wheel_entries_release(&es);
	return rc;
}
