/*
 * sdists and editable installs: path globs, the RECORD reader, which files
 * an sdist takes, the pyproject keys behind them (and their errors), and
 * the file URL of direct_url.json.
 */
#include "unit.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/strbuf.h"
#include "base/tree.h"
#include "core/project.h"
#include "core/pyproject.h"
#include "engine/develop.h"
#include "engine/editable.h"
#include "engine/sdist.h"
#include "engine/record.h"
#include "formats/record_read.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tmpdir;

static void put(const char *root, const char *rel, const char *text)
{
	struct strbuf path = STRBUF_INIT;
	struct err e = ERR_INIT;
	char *dir;

	path_join(&path, root, rel);
	dir = path_dirname(path.buf);
	CHECK_INT(mkdir_p(dir, &e), 0);
	CHECK_INT(write_file_atomic(path.buf, text, strlen(text), &e), 0);
	free(dir);
	sb_release(&path);
	err_release(&e);
}

/* A new empty project folder under tmpdir. */
static char *project_dir(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e = ERR_INIT;

	path_join(&sb, tmpdir, name);
	remove_tree(sb.buf, &e);
	CHECK_INT(mkdir_p(sb.buf, &e), 0);
	err_release(&e);
	return sb_detach(&sb, NULL);
}

static void test_record_parse(void)
{
	static const char text[] =
		"hello/__init__.py,sha256=abc,119\r\n"
		"\"odd,name \"\"x\"\".py\",sha256=def,1\n"
		"\n"
		"\"multi\nline\",,\n"
		"../../../bin/tool,sha256=ghi,7\n"
		"x.dist-info/RECORD,,";
	struct record r = RECORD_INIT;
	struct err e = ERR_INIT;

	CHECK_INT(record_parse(&r, text, strlen(text), "RECORD", &e), 0);
	CHECK_INT(r.n, 5);
	if (r.n == 5) {
		CHECK_STR(r.rows[0].path, "hello/__init__.py");
		CHECK_STR(r.rows[0].hash, "sha256=abc");
		CHECK_STR(r.rows[0].size, "119");
		CHECK_STR(r.rows[1].path, "odd,name \"x\".py");
		CHECK_STR(r.rows[2].path, "multi\nline");
		CHECK_INT(r.rows[2].line, 4);
		CHECK_STR(r.rows[3].path, "../../../bin/tool");
		CHECK_INT(r.rows[3].line, 6);
		CHECK_STR(r.rows[4].hash, "");
	}
	record_release(&r);
	err_release(&e);
}

static void expect_record_error(const char *text, const char *msg, int line,
				int col)
{
	struct record r = RECORD_INIT;
	struct err e = ERR_INIT;

	CHECK_INT(record_parse(&r, text, strlen(text), "RECORD", &e), -1);
	CHECK_STR(e.msg.buf, msg);
	CHECK_STR(e.file, "RECORD");
	CHECK_INT(e.line, line);
	CHECK_INT(e.col, col);
	record_release(&r);
	err_release(&e);
}

static void test_record_errors(void)
{
	expect_record_error("a,b,c\n\"open,x\n", "unterminated quoted field", 2, 1);
	expect_record_error("a,b,c,d\n", "a RECORD row has at most 3 fields, this one has more", 1, 0);
	expect_record_error("ok,,\n,sha256=x,1\n", "empty path in RECORD", 2, 1);
	expect_record_error("a\"b,,\n", "stray '\"' in an unquoted field", 1, 2);
	expect_record_error("\"a\"b,,\n", "unexpected character after a quoted field", 1, 4);
}

static void test_record_write_read(void)
{
	struct zip_digest d;
	struct strbuf out = STRBUF_INIT;
	struct record r = RECORD_INIT;
	struct err e = ERR_INIT;

	memset(&d, 0, sizeof(d));
	d.sha256[0] = 1;
	d.size = 12;
	record_add_line(&out, "plain.py", &d);
	record_add_line(&out, "we,ird\"name", &d);
	record_add_self(&out, "d.dist-info");
	CHECK_STR(out.buf, "plain.py,sha256=AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,12\n"
		  "\"we,ird\"\"name\",sha256=AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,12\n"
		  "d.dist-info/RECORD,,\n");
	CHECK_INT(record_parse(&r, out.buf, out.len, "RECORD", &e), 0);
	CHECK_INT(r.n, 3);
	if (r.n == 3) {
		CHECK_STR(r.rows[1].path, "we,ird\"name");
		CHECK_STR(r.rows[1].size, "12");
	}
	record_release(&r);
	sb_release(&out);
	err_release(&e);
}

static const char hello_toml[] =
	"[project]\n"
	"name = \"Hello.World\"\n"
	"version = \"1.2\"\n"
	"readme = { file = \"docs/README.rst\", content-type = \"text/x-rst\" }\n"
	"license-files = [\"licenses/*.txt\"]\n"
	"[tool.wheelwright]\n"
	"packages = [\"src/hello\"]\n"
	"sdist-include = [\"examples\", \"**/*.cfg\"]\n"
	"sdist-exclude = [\"examples/big\", \"src/hello/secret.py\"]\n"
	"[tool.wheelwright.data]\n"
	"scripts = [\"bin/tool\"]\n"
	"data = [\"share\"]\n"
	"[[tool.wheelwright.ext-modules]]\n"
	"name = \"hello._core\"\n"
	"sources = [\"src/core.c\", \"lib/impl.c\"]\n"
	"include-dirs = [\"include\"]\n";

static void make_hello(const char *dir)
{
	put(dir, "pyproject.toml", hello_toml);
	put(dir, "docs/README.rst", "readme");
	put(dir, "docs/other.rst", "not shipped");
	put(dir, "licenses/a.txt", "a");
	put(dir, "COPYING", "c");	/* license-files is given: not a license file */
	put(dir, "src/core.c", "int x;");
	put(dir, "src/core.h", "#define X");
	put(dir, "src/unrelated.txt", "no");
	put(dir, "src/sub/deep.h", "not in the source's own folder");
	put(dir, "lib/impl.c", "int y;");
	put(dir, "include/hello/api.h", "api");
	put(dir, "src/hello/__init__.py", "");
	put(dir, "src/hello/secret.py", "");
	put(dir, "src/hello/_core.cpython-311-x86_64-linux-gnu.so", "built in place");
	put(dir, "src/hello/__pycache__/__init__.cpython-311.pyc", "");
	put(dir, "src/hello/mod.pyc", "");
	put(dir, "src/hello/.mod.py.swp", "");
	put(dir, "src/hello/mod.py~", "");
	put(dir, "bin/tool", "#!/bin/sh\n");
	put(dir, "share/x/y.dat", "y");
	put(dir, "examples/a.py", "");
	put(dir, "examples/big/huge.bin", "");
	put(dir, "setup.cfg", "");
	put(dir, "conf/more.cfg", "");
	put(dir, ".git/config", "");
	put(dir, "build/wheelwright/x.o", "");
	put(dir, "dist/old.whl", "");
	put(dir, "venv/pyvenv.cfg", "");
	put(dir, "venv/lib/site.py", "");
	put(dir, "hello.egg-info/PKG-INFO", "");
	put(dir, "PKG-INFO", "stale");
	put(dir, "deep/build/kept.cfg", "");
}

static void test_sdist_files(void)
{
	static const char *const want[] = {
		"bin/tool", "conf/more.cfg", "deep/build/kept.cfg",
		"docs/README.rst", "examples/a.py", "include/hello/api.h",
		"lib/impl.c", "licenses/a.txt", "pyproject.toml", "setup.cfg",
		"share/x/y.dat", "src/core.c", "src/core.h", "src/hello/__init__.py",
		NULL,
	};
	char *dir = project_dir("hello");
	struct project p;
	struct tree_files files = TREE_FILES_INIT;
	struct strbuf got = STRBUF_INIT, expect = STRBUF_INIT, base = STRBUF_INIT;
	struct err e = ERR_INIT;
	size_t i;

	make_hello(dir);
	project_init(&p);
	CHECK_INT(project_load(&p, dir, &e), 0);
	CHECK_STR(p.readme, "docs/README.rst");
	CHECK_INT(p.n_data, 2);
	CHECK_INT(sdist_files(&p, &files, &e), 0);
	if (err_isset(&e))
		fprintf(stderr, "%s\n", e.msg.buf);
	for (i = 0; i < files.nr; i++)
		sb_addf(&got, "%s\n", files.v[i].rel);
	for (i = 0; want[i]; i++)
		sb_addf(&expect, "%s\n", want[i]);
	CHECK_STR(got.buf, expect.buf);
	sdist_base_name(&p, &base);
	CHECK_STR(base.buf, "hello_world-1.2");
	tree_files_release(&files);
	project_release(&p);
	sb_release(&got);
	sb_release(&expect);
	sb_release(&base);
	err_release(&e);
	free(dir);
}

/* Joins dir and rel into a caller-freed path. */
static char *at(const char *dir, const char *rel)
{
	struct strbuf sb = STRBUF_INIT;

	path_join(&sb, dir, rel);
	return sb_detach(&sb, NULL);
}

/*
 * Links and special files: the sdist walk leaves out links to folders,
 * dangling links and FIFOs, and takes a link to a file as the file; the
 * packers' plain scan refuses a link to a folder.
 */
static void test_sdist_links(void)
{
	char *dir = project_dir("links");
	char *lnk = at(dir, "src/hello/loop"), *dangling = at(dir, "src/hello/gone.py");
	char *alias = at(dir, "src/hello/alias.py"), *fifo = at(dir, "src/hello/pipe");
	char *pkg = at(dir, "src/hello");
	struct project p;
	struct tree_files files = TREE_FILES_INIT, plain = TREE_FILES_INIT;
	struct strbuf got = STRBUF_INIT;
	struct err e = ERR_INIT;
	size_t i;

	make_hello(dir);
	put(dir, "src/hello/real.py", "x = 1\n");
	CHECK_INT(symlink("..", lnk), 0);
	CHECK_INT(symlink("nowhere.py", dangling), 0);
	CHECK_INT(symlink("real.py", alias), 0);
	CHECK_INT(mkfifo(fifo, 0644), 0);
	project_init(&p);
	CHECK_INT(project_load(&p, dir, &e), 0);
	CHECK_INT(sdist_files(&p, &files, &e), 0);
	for (i = 0; i < files.nr; i++)
		if (starts_with(files.v[i].rel, "src/hello/"))
			sb_addf(&got, "%s %llu\n", files.v[i].rel,
				(unsigned long long)files.v[i].size);
	CHECK_STR(got.buf, "src/hello/__init__.py 0\nsrc/hello/alias.py 6\nsrc/hello/real.py 6\n");
	free(pkg);
	pkg = at(dir, "src/sub");	/* holds deep.h and a link to a folder */
	free(lnk);
	lnk = at(dir, "src/sub/up");
	CHECK_INT(symlink("..", lnk), 0);
	CHECK_INT(tree_files_scan(&plain, pkg, &e), -1);
	CHECK(strstr(e.msg.buf, "symbolic link to a folder is not followed") != NULL);
	tree_files_release(&files);
	tree_files_release(&plain);
	project_release(&p);
	sb_release(&got);
	err_release(&e);
	free(lnk);
	free(dangling);
	free(alias);
	free(fifo);
	free(pkg);
	free(dir);
}

/* The options an editable install's rebuild is rerun with. */
static void test_editable_opts(void)
{
	const char *args[EDITABLE_MAX_BUILD_ARGS];
	struct editable_opts o;

	editable_opts_set(&o, "/bin/ww", 1, 1, "3.9", args);
	CHECK_STR(o.wheelwright, "/bin/ww");
	CHECK_INT(o.rebuild, 1);
	CHECK_INT(o.n_build_args, 3);
	CHECK(o.build_args == args);
	CHECK_STR(args[0], "--debug");
	CHECK_STR(args[1], "--abi3");
	CHECK_STR(args[2], "3.9");
	editable_opts_set(&o, NULL, 0, 0, NULL, args);
	CHECK(o.wheelwright == NULL);
	CHECK_INT(o.rebuild, 0);
	CHECK_INT(o.n_build_args, 0);
}

static void test_sdist_missing(void)
{
	char *dir = project_dir("missing");
	struct project p;
	struct tree_files files = TREE_FILES_INIT;
	struct err e = ERR_INIT;

	make_hello(dir);
	{
		struct strbuf path = STRBUF_INIT;

		path_join(&path, dir, "lib/impl.c");
		unlink(path.buf);
		sb_release(&path);
	}
	project_init(&p);
	CHECK_INT(project_load(&p, dir, &e), 0);
	CHECK_INT(sdist_files(&p, &files, &e), -1);
	CHECK_STR(e.msg.buf, "source 'lib/impl.c' of module 'hello._core' does not exist");
	CHECK_INT(e.line, 13);
	CHECK(e.file && ends_with(e.file, "missing/pyproject.toml"));
	tree_files_release(&files);
	project_release(&p);
	err_release(&e);
	free(dir);
}

static void expect_load_error(const char *toml, const char *msg, int line,
			      int col, const char *hint)
{
	char *dir = project_dir("bad");
	struct project p;
	struct err e = ERR_INIT;

	put(dir, "pyproject.toml", toml);
	project_init(&p);
	CHECK_INT(project_load(&p, dir, &e), -1);
	CHECK_STR(e.msg.buf, msg);
	CHECK_INT(e.line, line);
	CHECK_INT(e.col, col);
	if (hint)
		CHECK_STR(e.hint.buf, hint);
	project_release(&p);
	err_release(&e);
	free(dir);
}

static void test_pyproject_errors(void)
{
	expect_load_error("[project]\nname = \"x\"\nversion = \"1\"\n[tool.wheelwright]\n"
			  "sdist-include = [\"a\", \"../b\"]\n",
			  "'sdist-include' has an invalid glob '../b': '..' is not allowed", 5, 23, NULL);
	expect_load_error("[project]\nname = \"x\"\nversion = \"1\"\n[tool.wheelwright]\n"
			  "sdist-exclude = [\"/abs\"]\n",
			  "'sdist-exclude' has an invalid glob '/abs': it must be a relative path (no leading '/')", 5, 18, NULL);
	expect_load_error("[project]\nname = \"x\"\nversion = \"1\"\n[tool.wheelwright.data]\nscirpts = [\"a\"]\n",
			  "unknown wheel scheme 'scirpts' in [tool.wheelwright.data]", 5, 1,
			  "did you mean 'scripts'?");
	expect_load_error("[project]\nname = \"x\"\nversion = \"1\"\n[tool.wheelwright.data]\nzzzzzzzz = [\"a\"]\n",
			  "unknown wheel scheme 'zzzzzzzz' in [tool.wheelwright.data]", 5, 1,
			  "the schemes are scripts, headers, data, purelib and platlib");
	expect_load_error("[project]\nname = \"x\"\nversion = \"1\"\n[tool.wheelwright]\ndata = [\"a\"]\n",
			  "'data' must be a table of arrays of paths", 5, 8, NULL);
	expect_load_error("[project]\nname = \"x\"\nversion = \"1\"\n[tool.wheelwright.data]\nscripts = \"a\"\n",
			  "'data.scripts' must be an array of paths", 5, 11, NULL);
	expect_load_error("[project]\nname = \"x\"\nversion = \"1\"\n[tool.wheelwright.data]\nscripts = [\"a/../../b\"]\n",
			  "'data' must be a path inside the project folder, not 'a/../../b'",
			  5, 12, NULL);
}

static void test_file_url(void)
{
	struct strbuf sb = STRBUF_INIT;

	develop_file_url("/home/me/my project/%x/\xc3\xa9", &sb);
	CHECK_STR(sb.buf, "file:///home/me/my%20project/%25x/%C3%A9");
	sb_release(&sb);
}

int main(void)
{
	struct strbuf dir = STRBUF_INIT;
	const char *base = getenv("TMPDIR");
	struct err e = ERR_INIT;

	path_join(&dir, base && *base ? base : "/tmp", "ww-test-sdist-XXXXXX");
	if (!mkdtemp(dir.buf)) {
		perror("mkdtemp");
		return 1;
	}
	tmpdir = dir.buf;
	RUN(test_record_parse);
	RUN(test_record_errors);
	RUN(test_record_write_read);
	RUN(test_sdist_files);
	RUN(test_sdist_missing);
	RUN(test_sdist_links);
	RUN(test_editable_opts);
	RUN(test_pyproject_errors);
	RUN(test_file_url);
	remove_tree(tmpdir, &e);
	err_release(&e);
	sb_release(&dir);
	return unit_end();
}
