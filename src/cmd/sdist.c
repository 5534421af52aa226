/* `wheelwright sdist [DIR] [-o OUTDIR]`: write the project's sdist. */
#include "args.h"
#include "commands.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../core/pyproject.h"
#include "../engine/sdist.h"
#include "../platform/proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: wheelwright sdist [DIR] [-o OUTDIR]\n\n"
	"Writes the source distribution of the project in DIR (default: here):\n"
	"OUTDIR/{name}-{version}.tar.gz, holding PKG-INFO, pyproject.toml and\n"
	"every file the build needs. SOURCE_DATE_EPOCH sets the files' time.\n\n"
	"  -o, --out-dir DIR   where it goes (default: DIR/dist)\n";

int cmd_sdist(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct args a;
	struct project p;
	struct strbuf path = STRBUF_INIT;
	const char *dir = NULL, *out = NULL;
	char *arg, *out_dir = NULL;
	int rc = EXIT_OK;

	project_init(&p);
	args_init(&a, "sdist", argc, argv);
	while (args_next(&a, &arg)) {
		if (args_is(&a, "help", "h")) {
			fputs(usage, stdout);
			project_release(&p);
			return EXIT_OK;
		} else if (args_is(&a, "out-dir", "o")) {
			if (args_value(&a, &out, &e))
				goto fail;
		} else if (!args_is_option(&a) && !dir) {
			dir = arg;
		} else {
			args_unknown(&a, &e);
			goto fail;
		}
	}
	if (project_load(&p, dir ? dir : ".", &e))
		goto fail;
	out_dir = cmd_out_dir(out, p.dir);
	if (sdist_write(&p, out_dir, &path, &e))
		goto fail;
	printf("wrote %s\n", path.buf);
	goto done;
fail:
	rc = cmd_fail(&e);
done:
	free(out_dir);
	sb_release(&path);
	project_release(&p);
	return rc;
}
