#include "metadata.h"

#include "../base/fs.h"

#include <ctype.h>
#include <string.h>

void metadata_wheel_name(const char *name, struct strbuf *out)
{
	int in_sep = 0;

	for (; *name; name++) {
		if (*name == '-' || *name == '_' || *name == '.') {
			if (!in_sep)
				sb_addc(out, '_');
			in_sep = 1;
			continue;
		}
		in_sep = 0;
		sb_addc(out, tolower((unsigned char)*name));
	}
}

int metadata_render(const struct project *p, struct strbuf *out, struct err *e)
{
	sb_adds(out, "Metadata-Version: 2.4\n");
	sb_addf(out, "Name: %s\n", p->name);
	sb_addf(out, "Version: %s\n", p->version);
	if (is_regular_file("README.md")) {
		struct strbuf body = STRBUF_INIT;

		if (read_file("README.md", &body, e))
			return -1;
		sb_adds(out, "Description-Content-Type: text/markdown\n\n");
		sb_add(out, body.buf, body.len);
		sb_release(&body);
	}
	return 0;
}
