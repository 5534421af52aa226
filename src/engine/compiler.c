#include "compiler.h"
#include "../base/fs.h"
#include "../base/sha256.h"
#include "../base/xalloc.h"
#include "../platform/proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const launchers[] = {
	"ccache", "distcc", "sccache", "icecc", "buildcache", NULL,
};

void compiler_init(struct compiler *c)
{
	memset(c, 0, sizeof(*c));
	words_init(&c->cmd);
}

void compiler_release(struct compiler *c)
{
	words_release(&c->cmd);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

static int is_launcher(const char *word)
{
	const char *base = strrchr(word, '/');
	size_t i;

	base = base ? base + 1 : word;
	for (i = 0; launchers[i]; i++)
		if (!strcmp(base, launchers[i]))
			return 1;
	return 0;
}

/*
 * The compiler with its own words and --version: a driver such as
 * `zig cc -target ...` answers only with its subcommand, and a clang with
 * --target= says which target it compiles for.
 */
static int run_version(const struct compiler *c, struct strbuf *out,
		       struct err *e)
{
	struct words argv;
	struct strbuf shown = STRBUF_INIT;
	struct proc p;
	size_t i;
	int rc = 0;

	words_init(&argv);
	words_push(&argv, c->path);
	for (i = c->has_launcher ? 2 : 1; i < c->cmd.n; i++)
		words_push(&argv, c->cmd.v[i]);
	words_push(&argv, "--version");
	proc_init(&p);
	if (proc_run(&p, (const char *const *)argv.v, NULL, 60000, e)) {
		rc = -1;
	} else if (p.status) {
		words_join(&argv, &shown);
		rc = err_fail(e, "'%s' failed (exit status %d)", shown.buf, p.status);
	} else {
		sb_add(out, p.out.buf, p.out.len);
	}
	proc_release(&p);
	words_release(&argv);
	sb_release(&shown);
	return rc;
}

int compiler_identify(struct compiler *c, const char *cc,
		      const char *cache_dir, struct err *e)
{
	struct strbuf cache = STRBUF_INIT, rec = STRBUF_INIT, text = STRBUF_INIT;
	struct err ignore = ERR_INIT;
	struct stat st;
	char hex[65];
	const char *prog;
	int rc = -1;

	if (words_split(&c->cmd, cc, e))
		return -1;
	if (!c->cmd.n)
		return err_set(e, "the compiler command is empty");
	c->has_launcher = c->cmd.n > 1 && is_launcher(c->cmd.v[0]);
	prog = c->cmd.v[c->has_launcher ? 1 : 0];
	c->path = os_find_program(prog);
	if (!c->path || stat(c->path, &st)) {
		err_fail(e, "compiler '%s' not found", prog);
		return err_hint(e, "install a C compiler, or set CC");
	}
	/* Keyed by the command too: its words are part of what --version says. */
	sb_addf(&text, "%s\n%s", c->path, cc);
	sha256_hex(text.buf, text.len, hex);
	sb_reset(&text);
	path_join(&cache, cache_dir, "compiler-");
	sb_add(&cache, hex, 16);
	sb_addf(&rec, "%s\n%lld %lld\n", c->path, (long long)st.st_size,
		(long long)st.st_mtim.tv_sec);
	if (!read_file(cache.buf, &text, &ignore) && sb_starts_with(&text, rec.buf) &&
	    text.len == rec.len + 65 && text.buf[text.len - 1] == '\n') {
		memcpy(c->identity, text.buf + rec.len, 64);
		c->identity[64] = '\0';
		rc = 0;
		goto out;
	}
	sb_reset(&text);
	sb_adds(&text, c->path);
	sb_addc(&text, '\n');
	if (run_version(c, &text, e))
		goto out;
	sha256_hex(text.buf, text.len, c->identity);
	sb_addf(&rec, "%s\n", c->identity);
	if (!mkdir_p(cache_dir, &ignore))
		write_file_atomic(cache.buf, rec.buf, rec.len, &ignore);
	rc = 0;
out:
	sb_release(&cache);
	sb_release(&rec);
	sb_release(&text);
	err_release(&ignore);
	return rc;
}
