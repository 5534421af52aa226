/*
 * What a wheel says about itself (PEP 427, PEP 425, the binary
 * distribution format spec): its file name, its .dist-info/WHEEL file and
 * its .dist-info/RECORD. Three small parsers over untrusted text; errors are
 * located (file:line:col) and the parsers never print.
 *
 * Ownership: every struct owns its strings; *_release() frees them.
 */
#ifndef WW_WHEEL_META_H
#define WW_WHEEL_META_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stddef.h>
#include <stdint.h>

/* One expanded tag: "cp312", "cp312", "manylinux_2_17_x86_64". */
struct wheel_tag {
	char *python, *abi, *platform;
};

struct wheel_tags {
	struct wheel_tag *v;
	size_t nr, alloc;
};

void wheel_tags_init(struct wheel_tags *t);
void wheel_tags_release(struct wheel_tags *t);
/* Adds every combination of the '.'-separated parts of each field. */
void wheel_tags_add_compressed(struct wheel_tags *t, const char *python,
			       const char *abi, const char *platform);
int wheel_tags_has(const struct wheel_tags *t, const char *python,
		   const char *abi, const char *platform);

/* {distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl */
struct wheel_name {
	char *distribution, *version, *build;	/* build: NULL if absent */
	char *python, *abi, *platform;		/* as written (compressed) */
	struct wheel_tags tags;			/* expanded */
};

void wheel_name_init(struct wheel_name *n);
void wheel_name_release(struct wheel_name *n);
/*
 * Parses a wheel file name (the last path component of path is used).
 * Errors name the file and say which part is wrong.
 */
int wheel_name_parse(struct wheel_name *n, const char *path, struct err *e);

/* The WHEEL file: "Key: value" lines (RFC 822 style). */
struct wheel_info {
	char *wheel_version;	/* NULL when absent */
	char *generator;
	int root_is_purelib;	/* -1 when absent */
	char *build;
	struct wheel_tags tags;	/* the Tag lines */
	size_t nr_tag_lines;
};

void wheel_info_init(struct wheel_info *w);
void wheel_info_release(struct wheel_info *w);
int wheel_info_parse(struct wheel_info *w, const char *buf, size_t len,
		     const char *file, struct err *e);

/* One RECORD row: path, "algo=base64url(digest)" (or empty), size. */
struct record_row {
	char *path;
	char *algo;		/* "sha256"; NULL when the hash is empty */
	char *digest;		/* its URL-safe base64 text, '=' padding dropped */
	int has_size;
	uint64_t size;
	int line;
};

struct wheel_record {
	struct record_row *v;
	size_t nr, alloc;
};

void wheel_record_init(struct wheel_record *r);
void wheel_record_release(struct wheel_record *r);
/*
 * Parses RECORD (CSV as Python's csv module writes it: fields quoted with
 * '"' when needed, '""' for a quote inside, CRLF or LF line ends). Each row
 * has exactly three fields. A duplicate path is an error.
 */
int wheel_record_parse(struct wheel_record *r, const char *buf, size_t len,
		       const char *file, struct err *e);
/* The row for path, or NULL (linear: callers index it if they need to). */
const struct record_row *wheel_record_find(const struct wheel_record *r,
					   const char *path);

#endif
