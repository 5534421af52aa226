/*
 * Facts of the zip format shared by the writer and the reader: record
 * signatures and sizes, the limits that switch a field to its ZIP64 form,
 * DOS timestamps, and the rules an entry name must follow. The writer
 * refuses every name the reader would reject, so wheelwright never writes an
 * archive it would call hostile.
 *
 * Layouts follow PKWARE's APPNOTE.TXT (sections 4.3.7 local file header,
 * 4.3.12 central directory header, 4.3.14-16 ZIP64 end records, 4.5.3 ZIP64
 * extended information extra field).
 */
#ifndef WW_ZIP_FORMAT_H
#define WW_ZIP_FORMAT_H

#include "../base/strbuf.h"

#include <stddef.h>
#include <stdint.h>

#define ZIP_SIG_LOCAL		0x04034b50u
#define ZIP_SIG_CENTRAL		0x02014b50u
#define ZIP_SIG_END		0x06054b50u
#define ZIP_SIG_END64		0x06064b50u
#define ZIP_SIG_END64_LOCATOR	0x07064b50u
#define ZIP_SIG_DESCRIPTOR	0x08074b50u

/* Fixed part of each record, in bytes. */
#define ZIP_LOCAL_SIZE		30
#define ZIP_CENTRAL_SIZE	46
#define ZIP_END_SIZE		22
#define ZIP_END64_SIZE		56
#define ZIP_END64_LOCATOR_SIZE	20

#define ZIP_METHOD_STORED	0
#define ZIP_METHOD_DEFLATED	8

#define ZIP_FLAG_ENCRYPTED	0x0001u
#define ZIP_FLAG_DESCRIPTOR	0x0008u	/* sizes follow the data */
#define ZIP_FLAG_UTF8		0x0800u

#define ZIP_EXTRA_ZIP64		0x0001u

/* A 32-bit size or offset at or above this is stored in a ZIP64 extra. */
#define ZIP_MAX32		0xffffffffu
#define ZIP_MAX16		0xffffu

/* "Version needed to extract": 2.0 for deflate, 4.5 for ZIP64. */
#define ZIP_VERSION_DEFLATE	20
#define ZIP_VERSION_ZIP64	45
/* High byte of "version made by": the attributes are Unix st_mode bits. */
#define ZIP_MADE_BY_UNIX	3

/* 1980-01-01T00:00:00Z, the earliest time a DOS timestamp can hold. */
#define ZIP_EPOCH_MIN		315532800LL
/* 2107-12-31T23:59:58Z, the latest. */
#define ZIP_EPOCH_MAX		4354819198LL

/*
 * Converts seconds since 1970 (UTC) to DOS date and time fields, clamped to
 * the range above; odd seconds round down (DOS time has 2 s steps).
 */
void zip_dos_time(long long epoch, uint16_t *dos_date, uint16_t *dos_time);

/*
 * Checks an entry name (len bytes, may contain NUL). Returns 0 when the name
 * is a safe relative path; otherwise -1 with the problem described in
 * problem (e.g. "'..' component in entry name '../x'"). Rejected: empty
 * names, NUL bytes, absolute paths, backslashes, drive letters ("C:"), and
 * "." or ".." or empty components (a single trailing '/' marks a folder and
 * is allowed).
 */
int zip_name_check(const char *name, size_t len, struct strbuf *problem);

/* Appends name quoted as '...' with non-printable bytes as \xNN. */
void zip_quote_name(struct strbuf *sb, const char *name, size_t len);

/*
 * A set of names, to find duplicates in O(1) per name. The set keeps
 * pointers to the callers' names: they must outlive it.
 */
struct zip_name_set {
	const char **names;
	size_t *lens;
	size_t nr, cap;		/* cap is 0 or a power of two */
};

#define ZIP_NAME_SET_INIT { NULL, NULL, 0, 0 }

/* Adds the name; returns 1 if it was already there (and adds nothing). */
int zip_name_set_add(struct zip_name_set *s, const char *name, size_t len);
void zip_name_set_release(struct zip_name_set *s);

#endif
