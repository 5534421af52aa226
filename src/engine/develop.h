/*
 * `develop`: installing a built project into an interpreter's
 * site-packages in editable mode (editable.h says what is imported from
 * where), as an installer would install its editable wheel: the finder
 * module and .pth, and a .dist-info with METADATA, WHEEL, licenses/,
 * INSTALLER ("wheelwright"), direct_url.json ({"url": "file://<project>",
 * "dir_info": {"editable": true}}) and RECORD, so that `pip list` shows the
 * project as editable and `pip uninstall` removes it.
 *
 * A previous install of the same project (any .dist-info whose name
 * normalises to the project's, editable or not, by pip or by us) is
 * uninstalled first through its RECORD. Only files inside site-packages or
 * the environment's prefix are ever removed.
 */
#ifndef WW_DEVELOP_H
#define WW_DEVELOP_H

#include "editable.h"

struct develop_paths {
	const char *purelib;	/* where the files go: site-packages */
	const char *prefix;	/* the environment's root (sysconfig's "data") */
};

/*
 * Removes every installed distribution of p's name from purelib;
 * *removed gets how many were removed.
 */
int develop_uninstall(const struct project *p, const struct develop_paths *dp,
		      size_t *removed, struct err *e);

/* Installs the built target tb of p (p->dir absolute) in editable mode. */
int develop_install(const struct project *p, const struct target_build *tb,
		    const struct editable_opts *o, const struct develop_paths *dp,
		    struct err *e);

/* "file://" URL of an absolute path, percent-encoded (RFC 8089). */
void develop_file_url(const char *path, struct strbuf *out);

#endif
