/*
 * PEP 508 dependency specifiers ("requirements"), as the `packaging`
 * library reads them: name, extras, version specifiers or a URL, and an
 * environment marker.
 *
 *   name [extra, ...] (>=1.0, <2) ; python_version < "3.12"
 *   name @ https://example.org/name.whl ; os_name == "posix"
 *
 * Parsing validates the syntax (operators, versions as each operator
 * allows them, marker variables and operators, quoting) and keeps the
 * parts; pep508_format() writes the normalized text that packaging's
 * str(Requirement) gives, as written into Requires-Dist.
 *
 * Differences from packaging: a backslash or a control character other
 * than tab inside a marker string is refused (packaging hands the string
 * to Python's literal_eval, which would read escapes); version numbers
 * must fit in 64 bits.
 */
#ifndef WW_PEP508_H
#define WW_PEP508_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stddef.h>

struct pep508_specifier {
	char *op;		/* "==", ">=", "~=", "===", ... */
	char *version;		/* as written, without blanks: "1.0", "2.*" */
};

struct pep508_requirement {
	char *name;				/* as written */
	char **extras;				/* as written, in order */
	size_t nextras;
	struct pep508_specifier *specs;		/* in order */
	size_t nspecs;
	char *url;				/* NULL unless "name @ URL" */
	char *marker;				/* normalized; NULL if none */
};

void pep508_requirement_init(struct pep508_requirement *r);
void pep508_requirement_release(struct pep508_requirement *r);

/*
 * Parses s (len bytes) into r, which must be initialized; r is released
 * first. On error returns -1 with e filled and *where (if not NULL) set
 * to the byte offset in s that the error is about.
 */
int pep508_parse(const char *s, size_t len, struct pep508_requirement *r,
		 size_t *where, struct err *e);

/*
 * Appends the normalized requirement: extras sorted and deduplicated,
 * specifiers sorted and deduplicated, blanks and marker quoting as
 * packaging writes them: name[a,b]<2,>=1.0; python_version < "3.12".
 */
void pep508_format(const struct pep508_requirement *r, struct strbuf *out);

/* The normalized project name of PEP 503: runs of -_. as '-', lower case. */
void pep508_canonical_name(const char *name, struct strbuf *out);

#endif
