#include "commands.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../core/project.h"
#include "../platform/proc.h"

#include <stdlib.h>
#include <string.h>

char *cmd_out_dir(const char *out, const char *project_dir)
{
	struct strbuf sb = STRBUF_INIT;
	char *cwd;

	if (!out) {
		path_join(&sb, project_dir, "dist");
		return sb_detach(&sb, NULL);
	}
	if (out[0] == '/')
		return xstrdup(out);
	cwd = os_realpath(".");
	path_join(&sb, cwd ? cwd : ".", out);
	free(cwd);
	return sb_detach(&sb, NULL);
}

int cmd_fail(struct err *e)
{
	int status = e->status ? e->status : EXIT_FAILED;

	err_print(e);
	err_release(e);
	return status;
}

const char *cmd_project_abi3(const struct project *p)
{
	size_t i;

	if (!p->n_modules || !*p->modules[0].limited_api)
		return NULL;
	for (i = 1; i < p->n_modules; i++)
		if (strcmp(p->modules[i].limited_api, p->modules[0].limited_api))
			return NULL;
	return p->modules[0].limited_api;
}
