/*
 * SPDX license expressions (SPDX 2.3 annex D, as PEP 639 restricts them):
 *
 *   expression = or
 *   or         = and ("OR" and)*
 *   and        = term ("AND" term)*
 *   term       = "(" or ")" | license ["WITH" exception]
 *   license    = idstring ["+"] | "LicenseRef-" idstring
 *   idstring   = 1*(ALPHA / DIGIT / "-" / ".")
 *
 * Tokens are separated by blanks (spaces, tabs) or parentheses; the
 * operators are matched in any case, as packaging does.
 *
 * Only the syntax is checked: wheelwright carries no copy of the SPDX
 * license list, so an identifier is any idstring, and its case is kept
 * as written (packaging would also map "mit" to "MIT" and reject ids not
 * on the list). DocumentRef- references are refused, as PEP 639 does.
 */
#ifndef WW_SPDX_H
#define WW_SPDX_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stddef.h>

#define SPDX_MAX_DEPTH 64	/* parentheses nested deeper are an error */

/*
 * Checks the expression s (len bytes) and appends its normalised form to
 * out: operators in upper case, "LicenseRef-" spelled so, one space
 * between tokens and none inside parentheses:
 *   "mit or (apache-2.0  with LLVM-exception)"
 *   -> "mit OR (apache-2.0 WITH LLVM-exception)"
 * Returns -1 with e set ("invalid license expression '...': ...") and
 * out unchanged when it is not an expression.
 */
int spdx_normalize(const char *s, size_t len, struct strbuf *out,
		   struct err *e);

#endif
