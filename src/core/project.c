#include "project.h"
#include "metadata.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

void strlist_push(struct strlist *l, const char *s)
{
	ALLOC_GROW(l->items, l->n + 1, l->alloc);
	l->items[l->n++] = xstrdup(s);
}

void strlist_release(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

void project_init(struct project *p)
{
	memset(p, 0, sizeof(*p));
	p->dir = xstrdup(".");
	p->pyproject_path = xstrdup("pyproject.toml");
	p->name = xstrdup("");
	p->version = xstrdup("");
	p->compiler_launcher = xstrdup("");
	p->version_file = xstrdup("");
}

static void module_release(struct ext_module *m)
{
	free(m->name);
	strlist_release(&m->sources);
	strlist_release(&m->include_dirs);
	strlist_release(&m->define_macros);
	strlist_release(&m->undef_macros);
	strlist_release(&m->libraries);
	strlist_release(&m->library_dirs);
	strlist_release(&m->extra_compile_args);
	strlist_release(&m->extra_link_args);
	free(m->limited_api);
}

void project_release(struct project *p)
{
	size_t i;

	for (i = 0; i < p->n_modules; i++)
		module_release(&p->modules[i]);
	free(p->modules);
	free(p->dir);
	free(p->pyproject_path);
	free(p->name);
	free(p->version);
	free(p->compiler_launcher);
	free(p->version_file);
	strlist_release(&p->sdist_include);
	strlist_release(&p->sdist_exclude);
	strlist_release(&p->packages);
	if (p->metadata)
		metadata_release(p->metadata);
	free(p->metadata);
	memset(p, 0, sizeof(*p));
}

struct ext_module *project_add_module(struct project *p)
{
	struct ext_module *m;

	ALLOC_GROW(p->modules, p->n_modules + 1, p->alloc_modules);
	m = &p->modules[p->n_modules++];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup("");
	m->limited_api = xstrdup("");
	return m;
}
