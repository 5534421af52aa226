/* Writing an sdist and unpacking one to build from (sdist.h). */
#include "sdist.h"
#include "../base/epoch.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../core/metadata.h"
#include "../formats/tar_read.h"
#include "../formats/tar_write.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void sdist_base_name(const struct project *p, struct strbuf *out)
{
	metadata_wheel_name(p->name, out);
	sb_addf(out, "-%s", p->version);
}

static int check_version(const struct project *p, struct err *e)
{
	if (!*p->version)
		return err_at(e, p->pyproject_path, 0, 0,
			      "[project] has no 'version': an sdist needs one");
	if (strpbrk(p->version, "-/ "))
		return err_at(e, p->pyproject_path, 0, 0,
			      "version '%s' cannot be part of a file name", p->version);
	return 0;
}

/* Packs PKG-INFO and the files in name order (PKG-INFO sorts among them). */
static int pack(struct tar_writer *tw, const char *base,
		const struct strbuf *pkg_info, const struct tree_files *files,
		struct err *e)
{
	struct strbuf name = STRBUF_INIT;
	size_t i;
	int pkg_done = 0, rc = 0;

	for (i = 0; !rc && i <= files->nr; i++) {
		if (!pkg_done && (i == files->nr || strcmp(files->v[i].rel, "PKG-INFO") > 0)) {
			sb_reset(&name);
			sb_addf(&name, "%s/PKG-INFO", base);
			rc = tar_writer_add_mem(tw, name.buf, pkg_info->buf,
						pkg_info->len, 0, e);
			pkg_done = 1;
		}
		if (rc || i == files->nr)
			continue;
		sb_reset(&name);
		sb_addf(&name, "%s/%s", base, files->v[i].rel);
		rc = tar_writer_add_file(tw, name.buf, files->v[i].path,
					 files->v[i].executable, e);
	}
	sb_release(&name);
	return rc;
}

int sdist_write(const struct project *p, const char *out_dir,
		struct strbuf *path, struct err *e)
{
	struct tar_writer_opts o = TAR_WRITER_OPTS_INIT;
	struct tree_files files = TREE_FILES_INIT;
	struct strbuf base = STRBUF_INIT, pkg_info = STRBUF_INIT;
	struct tar_writer tw;
	int rc = -1;

	if (check_version(p, e) || source_date_epoch(&o.epoch, e))
		return -1;
	sdist_base_name(p, &base);
	sb_reset(path);
	path_join(path, out_dir, base.buf);
	sb_adds(path, ".tar.gz");
	if (metadata_render(p, &pkg_info, e) || sdist_files(p, &files, e) ||
	    mkdir_p(out_dir, e) || tar_writer_open(&tw, path->buf, &o, e))
		goto out;
	/* On failure the writer has removed its temporary file. */
	if (pack(&tw, base.buf, &pkg_info, &files, e) || tar_writer_finish(&tw, e))
		goto out;
	rc = 0;
out:
	tree_files_release(&files);
	sb_release(&base);
	sb_release(&pkg_info);
	return rc;
}

/* The names in folder dir, but "." and "..": exactly one, named want. */
static int only_entry(const char *dir, const char *want, const char *sdist,
		      struct err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int seen = 0, other = 0;
	struct strbuf name = STRBUF_INIT;

	if (!d)
		return err_fail(e, "cannot open folder '%s': %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (!strcmp(de->d_name, want))
			seen = 1;
		else if (!other++)
			sb_adds(&name, de->d_name);
	}
	closedir(d);
	if (other)
		err_at(e, sdist, 0, 0, "'%s' is outside the sdist's top folder '%s'",
		       name.buf, want);
	else if (!seen)
		err_at(e, sdist, 0, 0, "the sdist has no top folder '%s'", want);
	sb_release(&name);
	return other || !seen ? -1 : 0;
}

int sdist_unpack(const char *sdist, const char *base, const char *dest,
		 struct strbuf *project_dir, struct err *e)
{
	if (tar_extract(sdist, dest, e) || only_entry(dest, base, sdist, e))
		return -1;
	sb_reset(project_dir);
	path_join(project_dir, dest, base);
	return 0;
}
