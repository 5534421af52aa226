#include "zip_format.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void zip_dos_time(long long epoch, uint16_t *dos_date, uint16_t *dos_time)
{
	struct tm tm;
	time_t t;

	if (epoch < ZIP_EPOCH_MIN)
		epoch = ZIP_EPOCH_MIN;
	if (epoch > ZIP_EPOCH_MAX)
		epoch = ZIP_EPOCH_MAX;
	t = (time_t)epoch;
	/* UTC, not local time, so the bytes do not depend on TZ. */
	gmtime_r(&t, &tm);
	*dos_date = (uint16_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 |
			       tm.tm_mday);
	*dos_time = (uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 |
			       tm.tm_sec / 2);
}

void zip_quote_name(struct strbuf *sb, const char *name, size_t len)
{
	size_t i;

	sb_addc(sb, '\'');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		/* Bytes >= 0x80 pass through: UTF-8 names stay readable. */
		if (c < 0x20 || c == 0x7f)
			sb_addf(sb, "\\x%02x", c);
		else
			sb_addc(sb, (char)c);
	}
	sb_addc(sb, '\'');
}

static int name_problem(struct strbuf *problem, const char *what,
			const char *name, size_t len)
{
	sb_addf(problem, "%s in entry name ", what);
	zip_quote_name(problem, name, len);
	return -1;
}

static int is_ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Checks the '/'-separated components; a trailing '/' (a folder) is fine. */
static int check_components(const char *name, size_t len,
			    struct strbuf *problem)
{
	size_t start = 0, i;

	for (i = 0; i <= len; i++) {
		size_t n;

		if (i < len && name[i] != '/')
			continue;
		n = i - start;
		if (n == 0 && i < len)
			return name_problem(problem, "empty component", name, len);
		if (n == 1 && name[start] == '.')
			return name_problem(problem, "'.' component", name, len);
		if (n == 2 && name[start] == '.' && name[start + 1] == '.')
			return name_problem(problem, "'..' component", name, len);
		start = i + 1;
	}
	return 0;
}

int zip_name_check(const char *name, size_t len, struct strbuf *problem)
{
	if (!len) {
		sb_adds(problem, "empty entry name");
		return -1;
	}
	if (memchr(name, '\0', len))
		return name_problem(problem, "NUL byte", name, len);
	if (name[0] == '/')
		return name_problem(problem, "absolute path", name, len);
	if (len >= 2 && name[1] == ':' && is_ascii_letter(name[0]))
		return name_problem(problem, "drive letter", name, len);
	if (memchr(name, '\\', len))
		return name_problem(problem, "backslash", name, len);
	return check_components(name, len, problem);
}

static size_t name_hash(const char *name, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 0x100000001b3u;
	}
	return (size_t)(h ^ h >> 32);
}

static void name_set_put(struct zip_name_set *s, const char *name,
			 size_t len)
{
	size_t i = name_hash(name, len) & (s->cap - 1);

	while (s->names[i])
		i = (i + 1) & (s->cap - 1);
	s->names[i] = name;
	s->lens[i] = len;
	s->nr++;
}

static void name_set_grow(struct zip_name_set *s)
{
	struct zip_name_set bigger = ZIP_NAME_SET_INIT;
	size_t i;

	bigger.cap = s->cap ? st_mult(s->cap, 2) : 64;
	bigger.names = xcalloc(bigger.cap, sizeof(*bigger.names));
	bigger.lens = xcalloc(bigger.cap, sizeof(*bigger.lens));
	for (i = 0; i < s->cap; i++)
		if (s->names[i])
			name_set_put(&bigger, s->names[i], s->lens[i]);
	zip_name_set_release(s);
	*s = bigger;
}

int zip_name_set_add(struct zip_name_set *s, const char *name, size_t len)
{
	size_t i;

	/* Keep the table at most half full so probes stay short. */
	if (st_mult(s->nr + 1, 2) > s->cap)
		name_set_grow(s);
	for (i = name_hash(name, len) & (s->cap - 1); s->names[i];
	     i = (i + 1) & (s->cap - 1))
		if (s->lens[i] == len && !memcmp(s->names[i], name, len))
			return 1;
	name_set_put(s, name, len);
	return 0;
}

void zip_name_set_release(struct zip_name_set *s)
{
	free(s->names);
	free(s->lens);
	s->names = NULL;
	s->lens = NULL;
	s->nr = s->cap = 0;
}
