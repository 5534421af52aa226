/*
 * Archives (.lib) in the layout Microsoft's LINK and LIB use, which GNU ld
 * and lld read as well: "!<arch>\n", the first linker member (big-endian
 * symbol index in member order), the second linker member (little-endian,
 * sorted, with 16-bit member indices), the long-names member (NUL-terminated
 * names), then the members, each on an even offset. Every date is 0, so the
 * same members always give the same bytes.
 */
#ifndef WW_COFF_ARCHIVE_H
#define WW_COFF_ARCHIVE_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stddef.h>

struct ar_member {
	char *name;		/* owned; stored as "name/" or via "//" when long */
	struct strbuf data;	/* the member's bytes */
	char **symbols;		/* owned; the external symbols it defines */
	size_t nr_symbols, alloc_symbols;
};

struct coff_archive {
	struct ar_member *members;	/* owned, in archive order */
	size_t nr_members, alloc_members;
};

void coff_archive_init(struct coff_archive *ar);
void coff_archive_release(struct coff_archive *ar);

/*
 * Adds an empty member called name (copied) and returns it; fill its data
 * and symbols before the next add (the pointer moves when the array grows).
 */
struct ar_member *coff_archive_add(struct coff_archive *ar, const char *name);
void ar_member_add_symbol(struct ar_member *m, const char *symbol);

/*
 * Appends the archive to out. Fails when it would break the format's limits:
 * more than 65535 members, an offset past 4 GiB, an empty member name.
 */
int coff_archive_write(const struct coff_archive *ar, struct strbuf *out,
		       struct err *e);

#endif
