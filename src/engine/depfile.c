#include "depfile.h"

#include <string.h>

/* Reads one (escaped) name starting at *p; returns 0 at the end of the rule. */
static int next_name(const char **p, const char *end, struct strbuf *name,
		     int *rule_end)
{
	const char *s = *p;

	sb_reset(name);
	*rule_end = 0;
	for (;;) {
		while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		if (s + 1 < end && s[0] == '\\' && (s[1] == '\n' || s[1] == '\r')) {
			s += 2;
			continue;
		}
		break;
	}
	if (s >= end || *s == '\n') {
		*rule_end = 1;
		*p = s;
		return 0;
	}
	while (s < end && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') {
		if (*s == '\\' && s + 1 < end && (s[1] == ' ' || s[1] == '#' || s[1] == '\\')) {
			sb_addc(name, s[1]);
			s += 2;
		} else if (*s == '\\' && s + 1 < end && s[1] == '\n') {
			break;
		} else if (*s == '$' && s + 1 < end && s[1] == '$') {
			sb_addc(name, '$');
			s += 2;
		} else {
			sb_addc(name, *s++);
		}
	}
	*p = s;
	return 1;
}

int depfile_parse(const char *buf, size_t len, const char *file,
		  struct words *deps, struct err *e)
{
	const char *p = buf, *end = buf + len;
	struct strbuf name = STRBUF_INIT;
	int rule_end, seen_colon = 0;

	/* The target: everything up to the first ": " (a "C:" is not it). */
	while (p < end) {
		if (*p == ':' && (p + 1 == end || p[1] == ' ' || p[1] == '\n' ||
				  p[1] == '\\' || p[1] == '\t')) {
			seen_colon = 1;
			p++;
			break;
		}
		if (*p == '\\' && p + 1 < end)
			p++;
		p++;
	}
	if (!seen_colon) {
		sb_release(&name);
		return err_at(e, file, 1, 1, "not a dependency file: no ':' after the target");
	}
	while (next_name(&p, end, &name, &rule_end))
		words_push(deps, name.buf);
	sb_release(&name);
	return 0;
}
