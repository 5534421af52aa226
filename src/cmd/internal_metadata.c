/*
 * `wheelwright internal metadata [--entry-points | --license-files] DIR`:
 * loads DIR/pyproject.toml as `build` does and prints the METADATA a
 * wheel would get (or its entry_points.txt, or its license files, one a
 * line), for tests that compare it with other backends. Exit 2 with the
 * located error when pyproject.toml is wrong.
 */
#include "commands.h"
#include "../base/err.h"
#include "../core/metadata.h"
#include "../core/pyproject.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: wheelwright internal metadata [--entry-points | --license-files] DIR\n";

int internal_metadata(int argc, char **argv)
{
	struct project p;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	const char *what = "metadata", *dir = NULL;
	size_t i;
	int k;

	for (k = 0; k < argc; k++) {
		if (!strcmp(argv[k], "--entry-points") || !strcmp(argv[k], "--license-files"))
			what = argv[k] + 2;
		else if (argv[k][0] != '-' && !dir)
			dir = argv[k];
		else {
			fputs(usage, stderr);
			return EXIT_BAD_INPUT;
		}
	}
	project_init(&p);
	if (project_load(&p, dir ? dir : ".", &e)) {
		project_release(&p);
		return cmd_fail(&e);
	}
	if (!strcmp(what, "metadata"))
		metadata_render(&p, &out, &e);
	else if (!strcmp(what, "entry-points"))
		metadata_entry_points(p.metadata, &out);
	else
		for (i = 0; i < p.metadata->license_files.n; i++)
			sb_addf(&out, "%s\n", p.metadata->license_files.items[i]);
	fwrite(out.buf, 1, out.len, stdout);
	sb_release(&out);
	project_release(&p);
	return 0;
}
