/*
 * Reading a project's pyproject.toml into struct project: the
 * [tool.wheelwright] table (DESIGN.md "Configuration"), validated key by key
 * with file:line:col errors and "did you mean" hints, and the [project]
 * table's name and version.
 */
#ifndef WW_PYPROJECT_H
#define WW_PYPROJECT_H

#include "project.h"
#include "../formats/toml.h"

/*
 * Loads dir/pyproject.toml into p (initialised by the caller). p->dir is set
 * to the absolute path of dir.
 */
int project_load(struct project *p, const char *dir, struct err *e);

/* The [tool.wheelwright] part, from a parsed document (exposed for tests). */
int pyproject_read_tool(struct project *p, const struct toml_value *root,
			struct err *e);
/* The [project] part (name, version). */
int pyproject_read_project(struct project *p, const struct toml_value *root,
			   struct err *e);

#endif
