/*
 * Helpers shared by the readers of pyproject.toml's tables (pyproject.c,
 * pyproject_project.c and the pyproject_*.c files beside it); not for use
 * elsewhere.
 *
 * Every error is located at a value (or key) of the document, as
 * "pyproject.toml:LINE:COL: error: ...", with the project's
 * pyproject_path as the file. Strings returned point into the TOML tree
 * and live as long as it.
 */
#ifndef WW_PYPROJECT_READ_H
#define WW_PYPROJECT_READ_H

#include "metadata.h"
#include "project.h"
#include "../formats/toml.h"

int pp_err(const struct project *p, const struct toml_value *v,
	   struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int pp_err_key(const struct project *p, const struct toml_entry *en,
	       struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Moves an error without a place (from a parser) to v; returns -1. */
int pp_locate(const struct project *p, const struct toml_value *v,
	      struct err *e);

/*
 * Every key of table must be in the NULL-terminated list known; an
 * unknown one is an error at the key, with a "did you mean" hint when a
 * known key is close. where names the table in the message.
 */
int pp_check_keys(const struct project *p, const struct toml_value *table,
		  const char *where, const char *const *known, struct err *e);

/* v must be a string without NUL bytes: its text, or NULL with e set. */
const char *pp_string(const struct project *p, const struct toml_value *v,
		      const char *key, struct err *e);
/* Like pp_string(), and on one line, not empty. */
const char *pp_line(const struct project *p, const struct toml_value *v,
		    const char *key, struct err *e);
/* v must be an array of strings (each checked by pp_string()). */
int pp_strings(const struct project *p, const struct toml_value *v,
	       const char *key, struct err *e);
/* Appends the strings of an array that pp_strings() accepted. */
void pp_push_strings(const struct toml_value *v, struct strlist *out);
/* v must be a table. */
int pp_table(const struct project *p, const struct toml_value *v,
	     const char *key, struct err *e);

/*
 * A file named in pyproject.toml (at v): rel must be relative and stay in
 * the project folder ('/'-separated, no '..'). Appends the path to open
 * (the project folder joined with rel) to out.
 */
int pp_local_path(const struct project *p, const struct toml_value *v,
		  const char *rel, const char *key, struct strbuf *out,
		  struct err *e);
/*
 * Reads a text file named in pyproject.toml: it must be UTF-8 without NUL
 * bytes; line ends are made "\n" (as Python's text mode reads them).
 */
int pp_read_text(const struct project *p, const struct toml_value *v,
		 const char *rel, const char *key, struct strbuf *out,
		 struct err *e);

/* Whether s (len bytes) is valid UTF-8 (no overlongs or surrogates). */
int pp_utf8_valid(const char *s, size_t len);

/* The parts of [project] that have a file of their own. */
int pyproject_read_people(const struct project *p, const struct toml_value *proj,
			  const char *key, struct people *out, struct err *e);
int pyproject_read_readme(const struct project *p, const struct toml_value *v,
			  struct metadata *m, struct err *e);
int pyproject_read_license(const struct project *p, const struct toml_value *proj,
			   struct metadata *m, struct err *e);
int pyproject_read_entry_points(const struct project *p,
				const struct toml_value *proj,
				struct metadata *m, struct err *e);
int pyproject_read_dependencies(const struct project *p,
				const struct toml_value *proj,
				struct metadata *m, struct err *e);
/* The version in [tool.wheelwright] version-file (at v), normalised. */
int pyproject_read_version_file(const struct project *p,
				const struct toml_value *v,
				struct strbuf *version, struct err *e);

#endif
