/*
 * Reading a project's pyproject.toml into struct project: the [project]
 * table (PEP 621 / PEP 639, all of it) into p->metadata, and the
 * [tool.wheelwright] table (DESIGN.md "Configuration"), each value
 * validated with a "pyproject.toml:LINE:COL: error: ..." at the offending
 * value and, for unknown keys, a "did you mean" hint.
 *
 * Files that [project] names (readme, license files, the version file)
 * are read relative to p->dir, and must stay inside it.
 */
#ifndef WW_PYPROJECT_H
#define WW_PYPROJECT_H

#include "project.h"
#include "../formats/toml.h"

/*
 * Loads dir/pyproject.toml into p (initialised by the caller). p->dir is set
 * to the absolute path of dir; messages name the file "pyproject.toml"
 * when dir is ".", else "DIR/pyproject.toml".
 */
int project_load(struct project *p, const char *dir, struct err *e);

/*
 * The same from a document in memory: p->dir (where its files are) and
 * p->pyproject_path (the name in messages) are the caller's to set.
 */
int project_load_text(struct project *p, const char *text, size_t len,
		      struct err *e);

/* The [tool.wheelwright] part, from a parsed document (exposed for tests). */
int pyproject_read_tool(struct project *p, const struct toml_value *root,
			struct err *e);
/*
 * The [project] part into a new p->metadata, and p->name and p->version.
 * A dynamic version needs p->version_file (pyproject_read_tool() first).
 */
int pyproject_read_project(struct project *p, const struct toml_value *root,
			   struct err *e);

#endif
