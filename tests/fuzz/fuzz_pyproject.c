/*
 * libFuzzer harness for pyproject.toml: the TOML text goes through
 * project_load_text() (the [tool.wheelwright] and [project] readers) and,
 * when it loads, through the METADATA and entry_points.txt writers.
 * Besides memory safety it checks that every error has a message, and
 * that what loads renders with the fields a reader needs.
 *
 * The project folder is a temporary one holding a few files that
 * fixtures name (README.md, LICENSE, pkg/__init__.py, VERSION), so that
 * readme, license-files and version-file paths can be exercised.
 *
 * Build it with every .c file of src/base, src/formats, src/core,
 * src/platform and src/tables ("$(ls src/base/[!.]*.c ...)"):
 *   clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 \
 *     -D_GNU_SOURCE -Isrc tests/fuzz/fuzz_pyproject.c SOURCES -lz \
 *     -o fuzz_pyproject
 *   ./fuzz_pyproject -max_total_time=120 tests/fuzz/corpus/pyproject
 */
#include "base/err.h"
#include "base/fs.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/metadata.h"
#include "core/pyproject.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *project_dir(void)
{
	static char *dir;
	static const char *const files[][2] = {
		{ "README.md", "# Readme\n" },
		{ "LICENSE", "MIT\n" },
		{ "pkg/__init__.py", "__version__ = \"1.0\"\n" },
		{ "VERSION", "2.0\n" },
	};
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;
	size_t i;

	if (dir)
		return dir;
	sb_adds(&sb, "/tmp/ww-fuzz-pyproject-XXXXXX");
	dir = mkdtemp(sb.buf) ? sb_detach(&sb, NULL) : xstrdup(".");
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct strbuf path = STRBUF_INIT;
		char *parent;

		path_join(&path, dir, files[i][0]);
		parent = path_dirname(path.buf);
		if (mkdir_p(parent, &e) == 0)
			write_file_atomic(path.buf, files[i][1], strlen(files[i][1]), &e);
		free(parent);
		sb_release(&path);
	}
	sb_release(&sb);
	err_release(&e);
	return dir;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct project p;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;

	project_init(&p);
	free(p.dir);
	p.dir = xstrdup(project_dir());
	if (project_load_text(&p, (const char *)data, size, &e) == 0) {
		if (metadata_render(&p, &out, &e) != 0 ||
		    !starts_with(out.buf, "Metadata-Version: 2.4\nName: "))
			abort();
		metadata_entry_points(p.metadata, &out);
	} else if (!e.msg.len) {
		abort();
	}
	project_release(&p);
	sb_release(&out);
	err_release(&e);
	return 0;
}
