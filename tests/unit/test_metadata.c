/*
 * [project] -> core metadata: SPDX expressions, PEP 639 globs, the
 * pyproject readers (from text, with files in a temporary folder) and the
 * METADATA / entry_points.txt writers, including error messages and
 * their locations.
 */
#include "unit.h"
#include "base/err.h"
#include "base/fs.h"
#include "base/pathglob.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/metadata.h"
#include "core/pyproject.h"
#include "formats/spdx.h"

#include <stdlib.h>
#include <string.h>

static char *tmpdir;

static void write_at(const char *rel, const char *text)
{
	struct strbuf path = STRBUF_INIT;
	struct err e = ERR_INIT;
	char *dir;

	path_join(&path, tmpdir, rel);
	dir = path_dirname(path.buf);
	CHECK_INT(mkdir_p(dir, &e), 0);
	CHECK_INT(write_file_atomic(path.buf, text, strlen(text), &e), 0);
	free(dir);
	sb_release(&path);
	err_release(&e);
}

static void check_spdx(const char *in, const char *want)
{
	struct strbuf out = STRBUF_INIT;
	struct err e = ERR_INIT;

	if (!CHECK_INT(spdx_normalize(in, strlen(in), &out, &e), 0))
		fprintf(stderr, "  for '%s': %s\n", in, e.msg.buf);
	CHECK_STR(out.buf, want);
	sb_release(&out);
	err_release(&e);
}

static void check_spdx_error(const char *in, const char *want)
{
	struct strbuf out = STRBUF_INIT;
	struct err e = ERR_INIT;

	CHECK_INT(spdx_normalize(in, strlen(in), &out, &e), -1);
	CHECK_STR(e.msg.buf, want);
	CHECK_INT(out.len, 0);
	sb_release(&out);
	err_release(&e);
}

static void test_spdx(void)
{
	check_spdx("MIT", "MIT");
	check_spdx("  mit  or apache-2.0 ", "mit OR apache-2.0");
	check_spdx("MIT AND(Apache-2.0 OR BSD-3-Clause)", "MIT AND (Apache-2.0 OR BSD-3-Clause)");
	check_spdx("( ( MIT ) )", "((MIT))");
	check_spdx("GPL-2.0+ with Classpath-exception-2.0",
		   "GPL-2.0+ WITH Classpath-exception-2.0");
	check_spdx("licenseref-My.Own-1 And MIT", "LicenseRef-My.Own-1 AND MIT");
	check_spdx("A OR B AND C WITH D", "A OR B AND C WITH D");
	check_spdx("\tMIT\tOR\t0BSD", "MIT OR 0BSD");
	check_spdx_error("", "invalid license expression '': it is empty");
	check_spdx_error("   ", "invalid license expression '   ': it is empty");
	check_spdx_error("MIT AND", "invalid license expression 'MIT AND': expected a license after 'AND'");
	check_spdx_error("OR MIT", "invalid license expression 'OR MIT': expected a license, not 'OR'");
	check_spdx_error("MIT Apache-2.0",
			 "invalid license expression 'MIT Apache-2.0': expected 'AND' or 'OR' before 'Apache-2.0'");
	check_spdx_error("(MIT", "invalid license expression '(MIT': '(' is not closed");
	check_spdx_error("MIT)", "invalid license expression 'MIT)': unexpected ')'");
	check_spdx_error("()", "invalid license expression '()': expected a license after '('");
	check_spdx_error("(MIT GPL)",
			 "invalid license expression '(MIT GPL)': expected 'AND', 'OR' or ')' before 'GPL'");
	check_spdx_error("MIT WITH", "invalid license expression 'MIT WITH': expected a license exception after 'WITH'");
	check_spdx_error("MIT WITH X WITH Y",
			 "invalid license expression 'MIT WITH X WITH Y': expected 'AND' or 'OR' before 'WITH'");
	check_spdx_error("(MIT) WITH X",
			 "invalid license expression '(MIT) WITH X': 'WITH' must follow a license, not ')'");
	check_spdx_error("LicenseRef-x+",
			 "invalid license expression 'LicenseRef-x+': 'LicenseRef-x+': a LicenseRef cannot take '+'");
	check_spdx_error("LicenseRef-",
			 "invalid license expression 'LicenseRef-': 'LicenseRef-' is not a LicenseRef- followed by letters, digits, '.' or '-'");
	check_spdx_error("DocumentRef-a:LicenseRef-b",
			 "invalid license expression 'DocumentRef-a:LicenseRef-b': 'DocumentRef-a:LicenseRef-b': DocumentRef- references are not allowed (PEP 639)");
	check_spdx_error("MIT/X11",
			 "invalid license expression 'MIT/X11': 'MIT/X11' is not a license identifier (letters, digits, '.' and '-')");
	check_spdx_error("+", "invalid license expression '+': '+' is not a license identifier (letters, digits, '.' and '-')");
	check_spdx_error("MIT WITH a+b",
			 "invalid license expression 'MIT WITH a+b': 'a+b' is not a license exception identifier (letters, digits, '.' and '-')");
}

static void test_spdx_depth(void)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	struct err e = ERR_INIT;
	int i;

	for (i = 0; i < SPDX_MAX_DEPTH; i++)
		sb_addc(&in, '(');
	sb_adds(&in, "MIT");
	for (i = 0; i < SPDX_MAX_DEPTH; i++)
		sb_addc(&in, ')');
	CHECK_INT(spdx_normalize(in.buf, in.len, &out, &e), 0);
	sb_reset(&in);
	sb_reset(&out);
	for (i = 0; i < 100000; i++)
		sb_addc(&in, '(');
	CHECK_INT(spdx_normalize(in.buf, in.len, &out, &e), -1);
	CHECK(strstr(e.msg.buf, "nested too deeply") != NULL);
	CHECK_INT(spdx_normalize("MIT\0", 4, &out, &e), -1);
	CHECK_STR(e.msg.buf, "invalid license expression 'MIT': it contains a NUL byte");
	sb_release(&in);
	sb_release(&out);
	err_release(&e);
}

static void test_glob_syntax(void)
{
	static const char *const valid[] = {
		"LICENSE", "LICEN[CS]E*", "licenses/*", "a/**/b?.txt", "**",
		"x y/[a-z0-9_.-]", "caf\xc3\xa9/*", ".hidden", "a.b/c-d_e", NULL,
	};
	static const char *const invalid[][2] = {
		{ "", "it is empty" },
		{ "/LICENSE", "it must be a relative path (no leading '/')" },
		{ "../LICENSE", "'..' is not allowed" },
		{ "a/../b", "'..' is not allowed" },
		{ "a//b", "it has an empty path segment" },
		{ "a/", "it has an empty path segment" },
		{ "./a", "it has a '.' path segment" },
		{ "a\\b", "'\\' is not allowed (paths are separated by '/')" },
		{ "LICEN{CS}E", "only letters, digits, ' ', '_', '-', '.', '/', '*', '?' and [...] are allowed" },
		{ "a**", "'**' must be a whole path segment" },
		{ "***", "'**' must be a whole path segment" },
		{ "[abc", "'[' must start a set of letters, digits, ' ', '_', '-' or '.' closed by ']'" },
		{ "[]", "'[' must start a set of letters, digits, ' ', '_', '-' or '.' closed by ']'" },
		{ "[!a]", "'[' must start a set of letters, digits, ' ', '_', '-' or '.' closed by ']'" },
		{ "[a/b]", "'[' must start a set of letters, digits, ' ', '_', '-' or '.' closed by ']'" },
		{ "a]", "only letters, digits, ' ', '_', '-', '.', '/', '*', '?' and [...] are allowed" },
	};
	size_t i;

	for (i = 0; valid[i]; i++)
		if (!CHECK(pathglob_invalid(valid[i]) == NULL))
			fprintf(stderr, "  '%s': %s\n", valid[i], pathglob_invalid(valid[i]));
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		const char *why = pathglob_invalid(invalid[i][0]);

		CHECK_STR(why, invalid[i][1]);
	}
}

static void test_glob_match(void)
{
	static const struct {
		const char *pattern, *path;
		int match;
	} cases[] = {
		{ "LICEN[CS]E*", "LICENSE", 1 },
		{ "LICEN[CS]E*", "LICENCE.md", 1 },
		{ "LICEN[CS]E*", "LICENZE", 0 },
		{ "LICEN[CS]E*", "sub/LICENSE", 0 },
		{ "*", ".hidden", 0 },
		{ ".h*", ".hidden", 1 },
		{ "?", "\xc3\xa9", 1 },		/* one character, two bytes */
		{ "??", "\xc3\xa9", 0 },
		{ "[a-c]", "b", 1 },
		{ "[a-c]", "d", 0 },
		{ "[-a]", "-", 1 },
		{ "[a-]", "-", 1 },
		{ "[a-]", "b", 0 },
		{ "**", "a/b/c", 1 },
		{ "**", "a/.b/c", 0 },
		{ "**/x", "x", 1 },
		{ "**/x", "a/b/x", 1 },
		{ "**/x", ".a/x", 0 },
		{ "a/**/b", "a/b", 1 },
		{ "a/**/b", "a/x/y/b", 1 },
		{ "a/**/b", "a/x/y/c", 0 },
		{ "*.txt", "a/b.txt", 0 },
		{ "a*b*c", "aXbYc", 1 },
		{ "a*b*c", "aXbY", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!CHECK_INT(pathglob_match(cases[i].pattern, cases[i].path), cases[i].match))
			fprintf(stderr, "  '%s' against '%s'\n", cases[i].pattern, cases[i].path);
}

static void check_expand(const char *pattern, const char *want)
{
	struct pathglob_files f = PATHGLOB_FILES_INIT;
	struct strbuf got = STRBUF_INIT;
	struct err e = ERR_INIT;
	size_t i;

	CHECK_INT(pathglob_expand(tmpdir, pattern, &f, &e), 0);
	for (i = 0; i < f.n; i++)
		sb_addf(&got, "%s%s", i ? " " : "", f.v[i]);
	if (!CHECK_STR(got.buf, want))
		fprintf(stderr, "  for '%s'\n", pattern);
	pathglob_files_release(&f);
	sb_release(&got);
	err_release(&e);
}

static void test_glob_expand(void)
{
	write_at("g/LICENSE", "l\n");
	write_at("g/LICENCE.txt", "l\n");
	write_at("g/.LICENSE.swp", "l\n");
	write_at("g/sub/LICENSE", "l\n");
	write_at("g/sub/deep/COPYING", "c\n");
	write_at("g/.git/COPYING", "c\n");
	check_expand("g/LICEN[CS]E*", "g/LICENCE.txt g/LICENSE");
	check_expand("g/**/COPYING", "g/sub/deep/COPYING");
	check_expand("g/.git/COPYING", "g/.git/COPYING");
	check_expand("g/**", "g/LICENCE.txt g/LICENSE g/sub/LICENSE g/sub/deep/COPYING");
	check_expand("g/*/LICENSE", "g/sub/LICENSE");
	check_expand("g/nothing*", "");
	check_expand("g/sub", "");	/* a folder is not a file */
	check_expand("missing/**", "");
}

/* A project read from text, with its files in tmpdir. */
static int load(struct project *p, const char *toml, struct err *e)
{
	project_init(p);
	free(p->dir);
	p->dir = xstrdup(tmpdir);
	return project_load_text(p, toml, strlen(toml), e);
}

static void check_error(const char *toml, const char *want, int line, int col)
{
	struct project p;
	struct err e = ERR_INIT;

	CHECK_INT(load(&p, toml, &e), -1);
	if (!CHECK_STR(e.msg.buf, want))
		fprintf(stderr, "  in:\n%s\n", toml);
	CHECK_STR(e.file, "pyproject.toml");
	if (!CHECK_INT(e.line, line) || !CHECK_INT(e.col, col))
		fprintf(stderr, "  for: %s\n", want);
	CHECK_INT(e.status, EXIT_BAD_INPUT);
	project_release(&p);
	err_release(&e);
}

static void test_render_everything(void)
{
	static const char toml[] =
		"[project]\n"
		"name = \"Every.Thing\"\n"
		"version = \"1.0.0-RC.1\"\n"
		"description = \"All of it\"\n"
		"readme = {text = \"Body\", content-type = \"text/x-rst\"}\n"
		"requires-python = \" >=3.9 ,, <4 , >=3.9.0\"\n"
		"license = {text = \"line one\\r\\nline two\\n\"}\n"
		"license-files = []\n"
		"authors = [{name = \"A, B\"}]\n"
		"keywords = [\"k1\", \"k2\"]\n"
		"classifiers = [\"License :: OSI Approved\"]\n"
		"dependencies = [\"b>=1; os_name=='nt'\"]\n"
		"[project.optional-dependencies]\n"
		"X_Y = [\"c; os_name=='a' or os_name=='b'\"]\n"
		"[project.urls]\n"
		"home = \"https://example.org\"\n";
	struct project p;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;

	/* A comma in a name is refused... */
	CHECK_INT(load(&p, toml, &e), -1);
	CHECK_STR(e.msg.buf, "the name 'A, B' in 'authors' contains a comma");
	project_release(&p);
	/* ...so without it: */
	{
		struct strbuf t = STRBUF_INIT;
		const char *at = strstr(toml, "A, B");

		sb_add(&t, toml, at - toml);
		sb_adds(&t, "A B");
		sb_adds(&t, at + 4);
		CHECK_INT(load(&p, t.buf, &e), 0);
		sb_release(&t);
	}
	CHECK_STR(p.name, "Every.Thing");
	CHECK_STR(p.version, "1.0.0rc1");
	CHECK_INT(metadata_render(&p, &out, &e), 0);
	CHECK_STR(out.buf,
		  "Metadata-Version: 2.4\n"
		  "Name: Every.Thing\n"
		  "Version: 1.0.0rc1\n"
		  "Summary: All of it\n"
		  "Author: A B\n"
		  "License: line one\n"
		  "        line two\n"
		  "        \n"
		  "Project-URL: home, https://example.org\n"
		  "Keywords: k1,k2\n"
		  "Classifier: License :: OSI Approved\n"
		  "Requires-Python: <4,>=3.9\n"
		  "Description-Content-Type: text/x-rst\n"
		  "Requires-Dist: b>=1; os_name == \"nt\"\n"
		  "Provides-Extra: x-y\n"
		  "Requires-Dist: c; (os_name == \"a\" or os_name == \"b\") and extra == \"x-y\"\n"
		  "\n"
		  "Body\n");
	sb_reset(&out);
	metadata_entry_points(p.metadata, &out);
	CHECK_STR(out.buf, "");
	project_release(&p);
	sb_release(&out);
	err_release(&e);
}

static void test_people(void)
{
	struct people l = { NULL, 0, 0 };
	struct strbuf out = STRBUF_INIT;
	struct person *who;

	who = people_add(&l);
	who->name = xstrdup("Plain Name");
	who->email = xstrdup("a@example.org");
	who = people_add(&l);
	who->name = xstrdup("J. \"Q\" Public\\");
	who->email = xstrdup("q@example.org");
	who = people_add(&l);
	who->email = xstrdup("alone@example.org");
	who = people_add(&l);
	who->name = xstrdup("Nameless");
	metadata_people_emails(&l, &out);
	CHECK_STR(out.buf, "Plain Name <a@example.org>, \"J. \\\"Q\\\" Public\\\\\" <q@example.org>, "
		  "alone@example.org");
	sb_reset(&out);
	metadata_people_names(&l, &out);
	CHECK_STR(out.buf, "Nameless");
	sb_release(&out);
	while (l.n--) {
		free(l.v[l.n].name);
		free(l.v[l.n].email);
	}
	free(l.v);
}

static void test_entry_points(void)
{
	static const char toml[] =
		"[project]\nname = \"ep\"\nversion = \"1\"\n"
		"[project.scripts]\nz = \"m:z\"\na = \"m:a\"\n"
		"[project.gui-scripts]\ng = \"m.gui\"\n"
		"[project.entry-points.\"a.group\"]\nx = \"m.x:X.y [e1, e2]\"\n";
	struct project p;
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;

	CHECK_INT(load(&p, toml, &e), 0);
	metadata_entry_points(p.metadata, &out);
	CHECK_STR(out.buf, "[a.group]\nx = m.x:X.y [e1, e2]\n\n"
		  "[console_scripts]\na = m:a\nz = m:z\n\n"
		  "[gui_scripts]\ng = m.gui\n");
	project_release(&p);
	sb_release(&out);
	err_release(&e);
	check_error("[project]\nname = \"ep\"\nversion = \"1\"\n[project.scripts]\nx = \"1m:x\"\n",
		    "invalid object reference '1m:x' for 'x' in 'scripts'", 5, 5);
	check_error("[project]\nname = \"ep\"\nversion = \"1\"\n[project.scripts]\nx = \"m:\"\n",
		    "invalid object reference 'm:' for 'x' in 'scripts'", 5, 5);
	check_error("[project]\nname = \"ep\"\nversion = \"1\"\n[project.scripts]\nx = \"m [a,]\"\n",
		    "invalid object reference 'm [a,]' for 'x' in 'scripts'", 5, 5);
	check_error("[project]\nname = \"ep\"\nversion = \"1\"\n[project.scripts]\n\" x\" = \"m\"\n",
		    "invalid entry point name ' x' in 'scripts'", 5, 1);
	check_error("[project]\nname = \"ep\"\nversion = \"1\"\n[project.entry-points.\"a..b\"]\nx = \"m\"\n",
		    "invalid entry point group name 'a..b'", 4, 23);
	check_error("[project]\nname = \"ep\"\nversion = \"1\"\n[project.entry-points]\ng = 1\n",
		    "the entry point group 'g' must be a table, not integer", 5, 5);
}

static void test_version_file(void)
{
	static const char head[] = "[project]\nname = \"v\"\ndynamic = [\"version\"]\n"
				   "[tool.wheelwright]\nversion-file = ";
	struct strbuf t = STRBUF_INIT;
	struct project p;
	struct err e = ERR_INIT;

	write_at("v/__init__.py", "x = 1\n__version__: str = 'V1.2-POST3'  # comment\n");
	write_at("v/other.py", "__version__ == \"1\"\n__version__ = \"1\" + x\n");
	write_at("v/VERSION", "\n\n  2.0.dev1  \n\n");
	write_at("v/TWO", "1.0\n2.0\n");
	write_at("v/BAD", "\n   1.0~\n");
	sb_addf(&t, "%s\"v/__init__.py\"\n", head);
	CHECK_INT(load(&p, t.buf, &e), 0);
	CHECK_STR(p.version, "1.2.post3");
	project_release(&p);
	sb_reset(&t);
	sb_addf(&t, "%s\"v/VERSION\"\n", head);
	CHECK_INT(load(&p, t.buf, &e), 0);
	CHECK_STR(p.version, "2.0.dev1");
	project_release(&p);
	sb_reset(&t);
	sb_addf(&t, "%s\"v/BAD\"\n", head);
	CHECK_INT(load(&p, t.buf, &e), -1);
	CHECK_STR(e.file, "v/BAD");
	CHECK_INT(e.line, 2);
	CHECK_INT(e.col, 4);
	CHECK_STR(e.msg.buf, "invalid version '1.0~': unexpected text at '~'");
	project_release(&p);
	sb_reset(&t);
	sb_addf(&t, "%s\"v/other.py\"\n", head);
	check_error(t.buf, "'v/other.py' has no line like __version__ = \"1.0\"", 5, 16);
	sb_reset(&t);
	sb_addf(&t, "%s\"v/TWO\"\n", head);
	check_error(t.buf, "version file 'v/TWO' must hold one line, the version", 5, 16);
	sb_reset(&t);
	sb_addf(&t, "%s\"/etc/hostname\"\n", head);
	check_error(t.buf, "'version' must be a relative path with '/' separators, not '/etc/hostname'", 5, 16);
	sb_release(&t);
	err_release(&e);
}

static void test_readme_files(void)
{
	static const char head[] = "[project]\nname = \"r\"\nversion = \"1\"\nreadme = ";
	struct strbuf t = STRBUF_INIT;
	struct project p;
	struct err e = ERR_INIT;

	write_at("r/README.Md", "crlf\r\nand cr\rend");
	sb_addf(&t, "%s\"r/README.Md\"\n", head);
	CHECK_INT(load(&p, t.buf, &e), 0);
	CHECK_STR(p.metadata->description, "crlf\nand cr\nend");
	CHECK_STR(p.metadata->description_type, "text/markdown");
	project_release(&p);
	sb_reset(&t);
	sb_addf(&t, "%s{file = \"r/README.Md\", content-type = \"text/markdown; variant=CommonMark; charset=\\\"utf-8\\\"\"}\n", head);
	CHECK_INT(load(&p, t.buf, &e), 0);
	project_release(&p);
	sb_reset(&t);
	sb_addf(&t, "%s{text = \"x\", content-type = \"text/plain; variant=GFM\"}\n", head);
	check_error(t.buf, "invalid readme content type 'text/plain; variant=GFM': the parameter is charset", 4, 38);
	sb_reset(&t);
	sb_addf(&t, "%s{text = \"x\", content-type = \"text/markdown; variant=Other\"}\n", head);
	check_error(t.buf, "invalid readme content type 'text/markdown; variant=Other': the Markdown variant must be GFM or CommonMark", 4, 38);
	sb_reset(&t);
	sb_addf(&t, "%s{text = \"x\", content-type = \"text/markdown; charset\"}\n", head);
	check_error(t.buf, "invalid readme content type 'text/markdown; charset': a parameter must be name=value", 4, 38);
	sb_reset(&t);
	sb_addf(&t, "%s{text = \"x\", type = \"text/plain\"}\n", head);
	check_error(t.buf, "unknown key 'type' in 'readme'", 4, 23);
	sb_reset(&t);
	sb_addf(&t, "%s\"r\"\n", head);
	check_error(t.buf, "cannot tell the content type of readme 'r' from its extension", 4, 10);
	sb_reset(&t);
	sb_addf(&t, "%s\"r/.md\"\n", head);
	check_error(t.buf, "readme file 'r/.md' does not exist", 4, 10);
	sb_release(&t);
	err_release(&e);
}

static void test_project_errors(void)
{
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nrequires-python = \"\"\n",
		    "'requires-python' must not be empty", 4, 19);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nrequires-python = \" , \"\n",
		    "'requires-python' has no version specifier", 4, 19);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nrequires-python = \">=3; os_name=='nt'\"\n",
		    "invalid version specifier '>=3; os_name=='nt'' in 'requires-python'", 4, 19);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nrequires-python = \"3.8\"\n",
		    "invalid version specifier '3.8' in 'requires-python'", 4, 19);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nauthors = [{email = \"a@b\"}]\n",
		    "'a@b' is not a valid email address", 4, 21);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nauthors = [{email = \"a..b@example.org\"}]\n",
		    "'a..b@example.org' is not a valid email address", 4, 21);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nauthors = [{email = \"a@-x.org\"}]\n",
		    "'a@-x.org' is not a valid email address", 4, 21);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nauthors = {name = \"x\"}\n",
		    "'authors' must be an array of tables, not table", 4, 11);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nlicense = {}\n",
		    "'license' needs a 'file' or a 'text'", 4, 11);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nlicense = \"MIT\"\nlicense-files = [\"nothing-here\"]\n",
		    "'nothing-here' in 'license-files' matches no file", 5, 18);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\ndynamic = [\"dynamic\"]\n",
		    "'dynamic' cannot list itself", 4, 12);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\ndynamic = \"version\"\n",
		    "'dynamic' must be an array of strings, not string", 4, 11);
	check_error("[project]\nname = \"a_\"\nversion = \"1\"\n", "invalid project name 'a_'", 2, 8);
	check_error("[project]\nname = \"\"\nversion = \"1\"\n", "invalid project name ''", 2, 8);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nurls = {\"\" = \"x\"}\n",
		    "a label of 'urls' must be one line of text", 4, 9);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nurls = {\"a, b\" = \"x\"}\n",
		    "the label 'a, b' of 'urls' contains a comma", 4, 9);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nurls = {a = \"x y\"}\n",
		    "the URL of 'a' in 'urls' contains a blank: 'x y'", 4, 13);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\ndescription = \"a\\u0000b\"\n",
		    "'description' must not contain a NUL character", 4, 15);
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nkeywords = [\"\"]\n",
		    "'keywords' must not be empty", 4, 13);
}

static void test_license_files_utf8(void)
{
	struct project p;
	struct err e = ERR_INIT;

	write_at("lic/LICENSE", "caf\xe9\n");
	write_at("lic/NOTICE", "ok\n");
	check_error("[project]\nname = \"ok\"\nversion = \"1\"\nlicense-files = [\"lic/NOTICE\", \"lic/*\"]\n",
		    "license file 'lic/LICENSE' is not UTF-8 text", 4, 32);
	CHECK_INT(load(&p, "[project]\nname = \"ok\"\nversion = \"1\"\n"
		       "license-files = [\"lic/NOTICE\", \"lic/NOT*\"]\n", &e), 0);
	CHECK_INT(p.metadata->license_files.n, 1);
	CHECK_STR(p.metadata->license_files.items[0], "lic/NOTICE");
	project_release(&p);
	err_release(&e);
}

int main(void)
{
	struct strbuf dir = STRBUF_INIT;
	const char *base = getenv("TMPDIR");

	sb_addf(&dir, "%s/ww-test-metadata-XXXXXX", base && *base ? base : "/tmp");
	tmpdir = mkdtemp(dir.buf);
	if (!tmpdir) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_spdx);
	RUN(test_spdx_depth);
	RUN(test_glob_syntax);
	RUN(test_glob_match);
	RUN(test_glob_expand);
	RUN(test_render_everything);
	RUN(test_people);
	RUN(test_entry_points);
	RUN(test_version_file);
	RUN(test_readme_files);
	RUN(test_project_errors);
	RUN(test_license_files_utf8);
	{
		struct err e = ERR_INIT;

		remove_tree(tmpdir, &e);
		err_release(&e);
	}
	sb_release(&dir);
	return unit_end();
}
