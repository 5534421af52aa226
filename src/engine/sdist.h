/*
 * Source distributions (PEP 517 sdists, named as PEP 625 says): one
 * reproducible .tar.gz with a single top folder "{name}-{version}/" holding
 * PKG-INFO, pyproject.toml and every file the build needs.
 *
 * Which files (sdist_files.c), from the project folder, no VCS asked:
 *   - pyproject.toml; the readme; license files (license.file,
 *     license-files globs, and LICEN[CS]E*, COPYING*, NOTICE*, AUTHORS* at
 *     the top, as the wheel takes them);
 *   - each ext-module's sources, the header files (.h .hh .hpp .hxx .inc
 *     .def) in each source's folder, everything under its include-dirs and
 *     (project-relative) library-dirs;
 *   - everything under each package folder but caches and built modules;
 *   - the [tool.wheelwright.data] files and folders;
 *   - whatever matches an sdist-include glob;
 *   - minus whatever matches an sdist-exclude glob (a folder's glob takes
 *     its contents).
 * Never: VCS folders, build/ and dist/ at the top, virtual environments
 * (any folder with a pyvenv.cfg), caches (__pycache__, .tox, .nox,
 * .mypy_cache, .pytest_cache, .ruff_cache, .cache, *.egg-info), *.pyc,
 * *.pyo and editor leftovers (*~, .*.swp, #*#, .DS_Store). Links to
 * folders are not followed; links to files are packed as the file.
 *
 * Entries are sorted, with mode 0644 or 0755, owner 0 and the time of
 * SOURCE_DATE_EPOCH (tar_write.h), so the bytes depend only on the content.
 */
#ifndef WW_SDIST_H
#define WW_SDIST_H

#include "../base/tree.h"
#include "../core/project.h"

/* "{normalised name}-{version}": the file name's stem and the top folder. */
void sdist_base_name(const struct project *p, struct strbuf *out);

/*
 * The project files the sdist carries (sorted; rel is relative to the
 * project folder, path is absolute). A source, readme, data path or
 * license file named literally that does not exist is an error.
 */
int sdist_files(const struct project *p, struct tree_files *out, struct err *e);

/* Writes out_dir/{base}.tar.gz (atomically); *path gets its path. */
int sdist_write(const struct project *p, const char *out_dir,
		struct strbuf *path, struct err *e);

/*
 * Extracts an sdist into the empty folder dest and checks it has the one
 * top folder "{base}"; *project_dir gets dest/{base}.
 */
int sdist_unpack(const char *sdist, const char *base, const char *dest,
		 struct strbuf *project_dir, struct err *e);

#endif
