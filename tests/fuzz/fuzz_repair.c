/*
 * libFuzzer harness for `wheelwright repair` (src/repair/): the input is
 * the bytes of a wheel called demo-1.0-cp311-cp311-linux_x86_64.whl. Any
 * input must be repaired or refused with an error, never crash or leak,
 * and a refused wheel must leave nothing in the output folder. Libraries
 * are searched for in an empty root, so the machine's are never read.
 */
#include "base/err.h"
#include "base/fs.h"
#include "base/strbuf.h"
#include "repair/repair.h"

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *work;

static int folder_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int empty = 1;

	if (!d)
		return 1;	/* not created at all */
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf whl = STRBUF_INIT, out = STRBUF_INIT, root = STRBUF_INIT;
	struct repair_opts o = REPAIR_OPTS_INIT;
	struct repair_result r;
	struct err e = ERR_INIT;
	char tmpl[] = "/tmp/ww-fuzz-repair-XXXXXX";

	if (!work) {
		work = mkdtemp(tmpl) ? strdup(tmpl) : NULL;
		if (!work)
			abort();
	}
	sb_addf(&whl, "%s/demo-1.0-cp311-cp311-linux_x86_64.whl", work);
	sb_addf(&out, "%s/out", work);
	sb_addf(&root, "%s/root", work);
	if (write_file_atomic(whl.buf, data, size, &e) || mkdir_p(root.buf, &e))
		abort();
	o.out_dir = out.buf;
	o.sysroot = root.buf;
	repair_result_init(&r);
	if (repair_wheel(whl.buf, &o, &r, &e)) {
		if (!e.msg.len || !folder_is_empty(out.buf))
			abort();
	}
	repair_result_release(&r);
	err_release(&e);
	remove_tree(out.buf, &e);
	err_release(&e);
	sb_release(&whl);
	sb_release(&out);
	sb_release(&root);
	return 0;
}
