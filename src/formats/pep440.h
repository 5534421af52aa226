/*
 * PEP 440 version identifiers: validation, the normalized form, and the
 * ordering, as the `packaging` library implements them (its Version class
 * is the reference the tests compare with).
 *
 * Accepted: surrounding whitespace, a leading 'v', an epoch "N!", release
 * N(.N)*, a pre-release (a|b|rc with the spellings alpha, beta, c, pre,
 * preview, and -_. separators), a post-release (.postN, -N, rev, r), a
 * dev release, and a local label "+abc.1". Letters in any case.
 *
 * Differences from packaging: each number must fit in 64 bits (Python's
 * have no limit), and only ASCII whitespace is trimmed.
 */
#ifndef WW_PEP440_H
#define WW_PEP440_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stddef.h>
#include <stdint.h>

enum pep440_pre { PEP440_PRE_NONE, PEP440_PRE_A, PEP440_PRE_B, PEP440_PRE_RC };

struct pep440_version {
	uint64_t epoch;
	uint64_t *release;	/* owned; at least one number */
	size_t nrelease;
	enum pep440_pre pre;
	uint64_t pre_n;
	int has_post, has_dev;
	uint64_t post, dev;
	char *local;		/* owned, normalized ("ubuntu.1"); NULL if none */
};

void pep440_version_init(struct pep440_version *v);
void pep440_version_release(struct pep440_version *v);

/*
 * Parses s (len bytes; NUL bytes are invalid) into v, which must be
 * initialized; v is released first. Returns -1 with e filled ("invalid
 * version '...': ...") if s is not a version.
 */
int pep440_parse(const char *s, size_t len, struct pep440_version *v,
		 struct err *e);

/*
 * Appends the normalized form: "1!2.0rc1.post3.dev4+local.5". With
 * trim_zeros, trailing ".0" components of the release are left out
 * (keeping one), as packaging's canonicalize_version does.
 */
void pep440_format(const struct pep440_version *v, int trim_zeros,
		   struct strbuf *out);

/* Parses and appends the normalized form to out. */
int pep440_normalize(const char *s, size_t len, struct strbuf *out,
		     struct err *e);

/*
 * For version specifiers (pep508.c): matches a version at the start of s
 * without requiring it to end there, the way a specifier embeds one. No
 * blanks are skipped. *matched is the length of the version, 0 if there
 * is none. Returns -1 with e filled if a number is too large.
 */
#define PEP440_ALLOW_LOCAL 1	/* "+local" may follow */
#define PEP440_RELEASE_ONLY 2	/* only "v", epoch and release */
int pep440_match(const char *s, size_t len, unsigned flags,
		 struct pep440_version *v, size_t *matched, struct err *e);

/* <0, 0 or >0 as a sorts before, with, or after b. */
int pep440_compare(const struct pep440_version *a,
		   const struct pep440_version *b);

#endif
