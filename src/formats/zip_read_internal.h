/*
 * Shared by the parts of the zip reader (zip_read.c: structure,
 * zip_check.c: rules, zip_extract.c: content). Not for other callers.
 */
#ifndef WW_ZIP_READ_INTERNAL_H
#define WW_ZIP_READ_INTERNAL_H

#include "zip_read.h"

/* Reads exactly n bytes at off, or fails ("truncated ..." naming what). */
int zip_read_at(struct zip_reader *zr, uint64_t off, void *buf, size_t n,
		const char *what, struct err *e);

/*
 * Fails with "PROBLEM 'NAME'DETAIL" located at the archive: the entry name
 * quoted as zip_quote_name() does, detail formatted (may be "").
 */
int zip_member_error(const struct zip_reader *zr, struct err *e,
		     const struct zip_member *m, const char *problem,
		     const char *detail_fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The same without a detail: "PROBLEM 'NAME'". */
int zip_member_fail(const struct zip_reader *zr, struct err *e,
		    const struct zip_member *m, const char *problem);

/*
 * Reads member i's local header, checks that it agrees with the central
 * directory and that the data lies inside the file, and sets data_offset.
 */
int zip_locate_data(struct zip_reader *zr, size_t i, struct err *e);

#endif
