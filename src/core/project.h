/*
 * A project as the build sees it: its folder, name and version, its core
 * metadata, and the extension modules and packages of [tool.wheelwright]. Filled from
 * pyproject.toml by project_load() (pyproject.c); the build engine reads it
 * and never looks at TOML itself.
 *
 * Ownership: everything is owned by the struct; project_release() frees it.
 */
#ifndef WW_PROJECT_H
#define WW_PROJECT_H

#include "../base/err.h"

#include <stddef.h>

struct strlist {
	char **items;
	size_t n, alloc;
};

void strlist_push(struct strlist *l, const char *s);
void strlist_release(struct strlist *l);

struct metadata;

struct ext_module {
	char *name;			/* dotted import name: "hello._core" */
	struct strlist sources;		/* relative to the project folder */
	struct strlist include_dirs;
	struct strlist define_macros;	/* "FOO" or "FOO=1" */
	struct strlist undef_macros;
	struct strlist libraries;
	struct strlist library_dirs;
	struct strlist extra_compile_args;
	struct strlist extra_link_args;
	char *limited_api;		/* "" or "3.9" */
	int line;			/* where it was declared, for messages */
};

struct project {
	char *dir;			/* the project folder */
	char *pyproject_path;		/* its pyproject.toml */
	char *name;			/* [project] name, as written */
	char *version;			/* normalised */
	struct ext_module *modules;
	size_t n_modules, alloc_modules;
	struct strlist packages;	/* pure-Python package folders */
	char *compiler_launcher;	/* "" or "ccache" / "distcc" */
	char *version_file;		/* "" or where a dynamic version is read */
	struct strlist sdist_include;	/* globs: what an sdist adds ... */
	struct strlist sdist_exclude;	/* ... and leaves out */
	struct metadata *metadata;	/* [project] as core metadata (metadata.h);
					   NULL until project_load() */
};

void project_init(struct project *p);
void project_release(struct project *p);
struct ext_module *project_add_module(struct project *p);

#endif
