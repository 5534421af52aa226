/*
 * `wheelwright audit PATH... [--json] [--policy TAG]`: what wheels (or
 * bare extension modules) say against what is inside them. One line per
 * finding, "PATH: CODE: SEVERITY: message", then a summary line per PATH
 * with the best Linux policy its binaries allow. Exit status: 2 when a PATH
 * cannot be audited (unreadable, or a zip the reader refuses), else 1 when
 * a finding is an error, else 0.
 */
#include "args.h"
#include "build_args.h"
#include "commands.h"
#include "../audit/audit.h"
#include "../base/xalloc.h"
#include "../platform/proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: wheelwright audit PATH... [--json] [--policy TAG] [-j N]\n\n"
	"Audits wheels (.whl) and extension modules (.so, .pyd): the file name's\n"
	"tags, WHEEL and RECORD against the content, and each binary's CPU,\n"
	"libpython dependency, search paths, PyInit_ export, module suffix,\n"
	"stable-ABI symbols and symbol versions (ELF), or the macOS release it\n"
	"needs (Mach-O). Prints the best manylinux or musllinux tag the binaries\n"
	"allow, or for Mach-O binaries the best macOS tag.\n\n"
	"  --json        one JSON object: {\"files\", \"policy\", \"policies\", \"macos\",\n"
	"                \"findings\"}\n"
	"  --policy TAG  hold the binaries to TAG (e.g. manylinux_2_17_x86_64,\n"
	"                manylinux2014_x86_64) instead of the wheel's own tags\n"
	"  -j, --jobs N  threads inflating and hashing a wheel's members\n"
	"                (default: one per CPU, at most 8)\n\n"
	"Exit status: 0 clean, 1 when a finding is an error, 2 for unreadable input.\n";

/* Inflating scales with cores up to about here; more only costs memory. */
#define AUDIT_MAX_THREADS 8

struct audit_cmd {
	const char **paths;
	size_t nr_paths, alloc_paths;
	int json;
	struct audit_opts opts;
};

static int parse(struct audit_cmd *c, int argc, char **argv, struct err *e)
{
	struct args a;
	char *arg;
	size_t jobs = 0;
	int rc;

	args_init(&a, "audit", argc, argv);
	while (args_next(&a, &arg)) {
		if ((rc = jobs_arg_match(&a, &jobs, e)) < 0)
			return -1;
		else if (rc)
			c->opts.threads = (int)jobs;
		else if (args_is(&a, "help", "h")) {
			fputs(usage, stdout);
			exit(0);
		} else if (args_is(&a, "json", NULL)) {
			c->json = 1;
		} else if (args_is(&a, "policy", NULL)) {
			if (args_value(&a, &c->opts.policy, e))
				return -1;
		} else if (!args_is_option(&a)) {
			ALLOC_GROW(c->paths, c->nr_paths + 1, c->alloc_paths);
			c->paths[c->nr_paths++] = arg;
		} else {
			return args_unknown(&a, e);
		}
	}
	if (!c->nr_paths)
		return err_set(e, "audit: which wheel or module? (usage: wheelwright audit PATH... [--json] [--policy TAG] [-j N])");
	return 0;
}

static void print_text(const struct audit_report *r, size_t from, const char *path)
{
	size_t i, n[3] = { 0, 0, 0 };

	for (i = from; i < r->nr; i++) {
		const struct audit_finding *f = &r->v[i];

		printf("%s: %s: %s: %s\n", f->file, f->code,
		       audit_severity_name(f->severity), f->message);
		n[f->severity]++;
	}
	if (*r->policy)
		printf("%s: best policy %s", path, r->policy_tags);
	else if (*r->macos_tag)
		printf("%s: best macOS tag %s", path, r->macos_tag);
	else
		printf("%s: no Linux binaries", path);
	printf(" (%zu binar%s; %zu error%s, %zu warning%s)\n", r->nr_binaries,
	       r->nr_binaries == 1 ? "y" : "ies", n[AUDIT_ERROR],
	       n[AUDIT_ERROR] == 1 ? "" : "s", n[AUDIT_WARNING],
	       n[AUDIT_WARNING] == 1 ? "" : "s");
}

static void add_finding_json(struct strbuf *out, const struct audit_finding *f,
			     int first)
{
	sb_adds(out, first ? "\n    {\"file\": " : ",\n    {\"file\": ");
	sb_add_json_str(out, f->file);
	sb_adds(out, ", \"code\": ");
	sb_add_json_str(out, f->code);
	sb_addf(out, ", \"severity\": \"%s\", \"message\": ", audit_severity_name(f->severity));
	sb_add_json_str(out, f->message);
	sb_addc(out, '}');
}

struct json_out {
	struct strbuf files, policies, macos, findings;
	char *policy;		/* the common policy, "" when paths disagree */
	int any_policy, nr_findings;
};

static void json_add(struct json_out *j, const char *path,
		     const struct audit_report *r, size_t from)
{
	size_t i;

	sb_adds(&j->files, j->files.len ? ", " : "");
	sb_add_json_str(&j->files, path);
	sb_adds(&j->policies, j->policies.len ? ", " : "");
	sb_add_json_str(&j->policies, path);
	sb_adds(&j->policies, ": ");
	sb_add_json_str(&j->policies, r->policy);
	sb_adds(&j->macos, j->macos.len ? ", " : "");
	sb_add_json_str(&j->macos, path);
	sb_adds(&j->macos, ": ");
	sb_add_json_str(&j->macos, r->macos_tag);
	if (*r->policy) {
		if (!j->any_policy)
			j->policy = xstrdup(r->policy);
		else if (strcmp(j->policy, r->policy))
			j->policy[0] = '\0';
		j->any_policy = 1;
	}
	for (i = from; i < r->nr; i++)
		add_finding_json(&j->findings, &r->v[i], !j->nr_findings++);
}

static void json_print(struct json_out *j)
{
	printf("{\n  \"files\": [%s],\n  \"policy\": ", j->files.buf);
	sb_reset(&j->files);
	sb_add_json_str(&j->files, j->policy ? j->policy : "");
	printf("%s,\n  \"policies\": {%s},\n  \"macos\": {%s},\n  \"findings\": [%s%s]\n}\n",
	       j->files.buf, j->policies.buf, j->macos.buf, j->findings.buf,
	       j->nr_findings ? "\n  " : "");
}

int cmd_audit(int argc, char **argv)
{
	struct audit_cmd c;
	struct json_out j;
	struct err e = ERR_INIT;
	int bad_input = 0, failed = 0;
	size_t i;

	memset(&c, 0, sizeof(c));
	memset(&j, 0, sizeof(j));
	sb_init(&j.files);
	sb_init(&j.policies);
	sb_init(&j.macos);
	sb_init(&j.findings);
	c.opts.threads = os_cpu_count() < AUDIT_MAX_THREADS ? os_cpu_count() : AUDIT_MAX_THREADS;
	if (parse(&c, argc, argv, &e)) {
		free(c.paths);
		return cmd_fail(&e);
	}
	for (i = 0; i < c.nr_paths; i++) {
		struct audit_report r;

		audit_report_init(&r);
		if (audit_path(c.paths[i], &c.opts, &r, &e)) {
			err_set_file(&e, c.paths[i]);
			cmd_fail(&e);
			err_init(&e);
			bad_input = 1;
		} else {
			failed |= audit_has_errors(&r);
			if (c.json)
				json_add(&j, c.paths[i], &r, 0);
			else
				print_text(&r, 0, c.paths[i]);
		}
		audit_report_release(&r);
	}
	if (c.json)
		json_print(&j);
	fflush(stdout);
	sb_release(&j.files);
	sb_release(&j.policies);
	sb_release(&j.macos);
	sb_release(&j.findings);
	free(j.policy);
	free(c.paths);
	return bad_input ? EXIT_BAD_INPUT : failed ? EXIT_FAILED : EXIT_OK;
}
