#include "cache_root.h"
#include "fs.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

char *cache_root_dir(void)
{
	const char *v = getenv("WHEELWRIGHT_CACHE_DIR");
	struct strbuf sb = STRBUF_INIT;

	if (v && !strcmp(v, "off"))
		return NULL;
	if (v && *v)
		return xstrdup(v);
	v = getenv("XDG_CACHE_HOME");
	if (v && *v) {
		path_join(&sb, v, "wheelwright");
		return sb_detach(&sb, NULL);
	}
	v = getenv("HOME");
	if (!v || !*v)
		return NULL;
	path_join(&sb, v, ".cache/wheelwright");
	return sb_detach(&sb, NULL);
}
