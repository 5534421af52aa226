/*
 * The zip reader's rules for entries: names, kinds, compression, local
 * headers, duplicates and overlaps (see zip_read.h).
 */
#include "zip_read_internal.h"
#include "zip_format.h"
#include "byteorder.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The local header's own idea of the entry. */
struct local_view {
	uint16_t flags, method;
	uint32_t crc;
	uint64_t csize, size;
};

/*
 * The local ZIP64 extra holds the sizes whose 32-bit slots are all ones,
 * size first (APPNOTE 4.5.3 asks for both whenever it is present).
 */
static int local_zip64_sizes(struct zip_reader *zr, const struct zip_member *m,
			     const unsigned char *extra, size_t len,
			     struct local_view *lv, struct err *e)
{
	size_t i = 0, need = (lv->size == ZIP_MAX32) + (lv->csize == ZIP_MAX32);

	if (!need)
		return 0;
	while (i + 4 <= len) {
		size_t fl = le16_get(extra + i + 2);
		const unsigned char *x = extra + i + 4;

		if (fl > len - i - 4)
			break;
		if (le16_get(extra + i) == ZIP_EXTRA_ZIP64) {
			if (fl < need * 8)
				break;
			if (lv->size == ZIP_MAX32)
				lv->size = le64_get(x), x += 8;
			if (lv->csize == ZIP_MAX32)
				lv->csize = le64_get(x);
			return 0;
		}
		i += 4 + fl;
	}
	return zip_member_fail(zr, e, m, "missing or short ZIP64 extra field "
				"in the local header of");
}

/* Sizes and CRC must agree, except where a data descriptor holds them. */
static int compare_local(struct zip_reader *zr, const struct zip_member *m,
			 const struct local_view *lv, struct err *e)
{
	int described = (lv->flags | m->flags) & ZIP_FLAG_DESCRIPTOR;

	if (lv->method != m->method)
		return zip_member_error(zr, e, m, "local header disagrees with "
					"the central directory on the "
					"compression method of",
					" (%u, not %u)", lv->method, m->method);
	if (described && !lv->crc && !lv->csize && !lv->size)
		return 0;
	if (lv->crc != m->crc)
		return zip_member_error(zr, e, m, "local header disagrees with "
					"the central directory on the CRC-32 "
					"of", " (%08x, not %08x)", lv->crc,
					m->crc);
	if (lv->size != m->size || lv->csize != m->csize)
		return zip_member_error(zr, e, m, "local header disagrees with "
					"the central directory on the sizes "
					"of", " (%llu/%llu bytes, not %llu/%llu)",
					(unsigned long long)lv->size,
					(unsigned long long)lv->csize,
					(unsigned long long)m->size,
					(unsigned long long)m->csize);
	return 0;
}

static int check_local_header(struct zip_reader *zr, struct zip_member *m,
			      const unsigned char *h, struct err *e)
{
	size_t name_len = le16_get(h + 26), extra_len = le16_get(h + 28);
	struct local_view lv;
	unsigned char *v;
	uint64_t data;
	int ret = -1;

	data = m->offset + ZIP_LOCAL_SIZE + name_len + extra_len;
	if (data > zr->cd_offset)
		return zip_member_error(zr, e, m, "local header of",
					" runs into the central directory");
	v = xmalloc(name_len + extra_len + 1);
	if (zip_read_at(zr, m->offset + ZIP_LOCAL_SIZE, v,
			name_len + extra_len, "local header", e))
		goto out;
	lv.flags = le16_get(h + 6);
	lv.method = le16_get(h + 8);
	lv.crc = le32_get(h + 14);
	lv.csize = le32_get(h + 18);
	lv.size = le32_get(h + 22);
	if (name_len != m->name_len || memcmp(v, m->name, name_len)) {
		struct strbuf q = STRBUF_INIT;

		zip_quote_name(&q, (const char *)v, name_len);
		zip_member_error(zr, e, m, "local header disagrees with the "
				 "central directory on the name of",
				 " (local name %s)", q.buf);
		sb_release(&q);
		goto out;
	}
	if (local_zip64_sizes(zr, m, v + name_len, extra_len, &lv, e) ||
	    compare_local(zr, m, &lv, e))
		goto out;
	if (m->csize > zr->cd_offset - data) {
		zip_member_error(zr, e, m, "data of",
				 " runs past the start of the central "
				 "directory (truncated or overlapping)");
		goto out;
	}
	m->data_offset = data;
	ret = 0;
out:
	free(v);
	return ret;
}

int zip_locate_data(struct zip_reader *zr, size_t i, struct err *e)
{
	struct zip_member *m = &zr->m[i];
	unsigned char h[ZIP_LOCAL_SIZE];

	if (m->data_offset)
		return 0;
	if (m->offset > zr->cd_offset ||
	    ZIP_LOCAL_SIZE > zr->cd_offset - m->offset)
		return zip_member_error(zr, e, m, "local header of",
					" at offset %llu is not before the "
					"central directory",
					(unsigned long long)m->offset);
	if (zip_read_at(zr, m->offset, h, sizeof(h), "local header", e))
		return -1;
	if (le32_get(h) != ZIP_SIG_LOCAL)
		return zip_member_error(zr, e, m, "no local header for",
					" at offset %llu",
					(unsigned long long)m->offset);
	return check_local_header(zr, m, h, e);
}

static int check_ratio(struct zip_reader *zr, const struct zip_member *m,
		       struct err *e)
{
	uint64_t cap = zr->lim.max_ratio;
	struct strbuf problem = STRBUF_INIT;

	if (!cap || m->size <= zr->lim.ratio_min_size)
		return 0;
	if (m->csize && m->size / m->csize < cap)
		return 0;
	sb_addf(&problem, "compression ratio over %llu:1 (zip bomb?) in",
		(unsigned long long)cap);
	zip_member_error(zr, e, m, problem.buf, " (%llu bytes from %llu)",
			 (unsigned long long)m->size,
			 (unsigned long long)m->csize);
	sb_release(&problem);
	return -1;
}

int zip_reader_check_member(struct zip_reader *zr, size_t i, struct err *e)
{
	struct zip_member *m = &zr->m[i];
	struct strbuf problem = STRBUF_INIT;

	if (zip_name_check(m->name, m->name_len, &problem)) {
		err_at(e, zr->path, 0, 0, "%s", problem.buf);
		sb_release(&problem);
		return -1;
	}
	if (zip_member_is_symlink(m) && !zr->lim.allow_symlinks)
		return zip_member_error(zr, e, m, "symbolic link", " (mode %06o)",
					(unsigned)m->mode);
	if (m->flags & ZIP_FLAG_ENCRYPTED)
		return zip_member_fail(zr, e, m, "encrypted entry");
	if (m->method != ZIP_METHOD_STORED && m->method != ZIP_METHOD_DEFLATED)
		return zip_member_error(zr, e, m, "unsupported compression "
					"method in", " (%u; only 0, stored, "
					"and 8, deflated, are read)",
					m->method);
	if (m->method == ZIP_METHOD_STORED && m->csize != m->size)
		return zip_member_error(zr, e, m, "stored entry", " has %llu "
					"bytes of data for a size of %llu",
					(unsigned long long)m->csize,
					(unsigned long long)m->size);
	if (check_ratio(zr, m, e))
		return -1;
	return zip_locate_data(zr, i, e);
}

static int check_duplicates(struct zip_reader *zr, struct err *e)
{
	struct zip_name_set set = ZIP_NAME_SET_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < zr->nr; i++)
		if (zip_name_set_add(&set, zr->m[i].name, zr->m[i].name_len))
			ret = zip_member_fail(zr, e, &zr->m[i],
					       "duplicate entry name");
	zip_name_set_release(&set);
	return ret;
}

/* The bytes an entry occupies: its local header and its data. */
struct span {
	uint64_t start, end;
	size_t index;
};

static int by_start(const void *a, const void *b)
{
	uint64_t x = ((const struct span *)a)->start;
	uint64_t y = ((const struct span *)b)->start;

	return x < y ? -1 : x > y;
}

/* No byte of the file may belong to two entries (overlap zip bombs). */
static int check_overlaps(struct zip_reader *zr, struct err *e)
{
	struct span *s = xcalloc(zr->nr ? zr->nr : 1, sizeof(*s));
	size_t k;
	int ret = 0;

	for (k = 0; k < zr->nr; k++) {
		s[k].start = zr->m[k].offset;
		s[k].end = zr->m[k].data_offset + zr->m[k].csize;
		s[k].index = k;
	}
	qsort(s, zr->nr, sizeof(*s), by_start);
	for (k = 1; !ret && k < zr->nr; k++) {
		const struct zip_member *a = &zr->m[s[k - 1].index];
		struct strbuf q = STRBUF_INIT;

		if (s[k].start >= s[k - 1].end)
			continue;
		zip_quote_name(&q, a->name, a->name_len);
		ret = zip_member_error(zr, e, &zr->m[s[k].index],
				       "overlapping entries:", " starts inside "
				       "the data of %s", q.buf);
		sb_release(&q);
	}
	free(s);
	return ret;
}

int zip_reader_validate(struct zip_reader *zr, struct err *e)
{
	size_t i;

	for (i = 0; i < zr->nr; i++)
		if (zip_reader_check_member(zr, i, e))
			return -1;
	if (check_duplicates(zr, e) || check_overlaps(zr, e))
		return -1;
	return 0;
}
