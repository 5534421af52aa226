/* `wheelwright config`: print the target configuration(s). */
#include "commands.h"
#include "target_opts.h"
#include "../core/linkpolicy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: wheelwright config [TARGET-OPTIONS] [--explain] [--json]\n\n"
	"Prints the target configuration: every field as key=value in canonical\n"
	"order, then its hash. The output can be read back with --config-file.\n\n"
	"  --explain   also print the link policy decision and its reason and,\n"
	"              for --target, which file each fact came from (as '#'\n"
	"              comment lines, so the output stays readable)\n"
	"  --json      one JSON object per target (an array for several)\n\n";

static int print_explained(const struct target_opts *o, const struct target *t,
			   struct err *e)
{
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	size_t i;

	if (target_opts_explain(o, t, &sb, e)) {
		sb_release(&sb);
		return -1;
	}
	link_policy_explain(t, &sb);
	sb_adds(&out, "# ");
	for (i = 0; i < sb.len; i++) {
		sb_addc(&out, sb.buf[i]);
		if (sb.buf[i] == '\n' && i + 1 < sb.len)
			sb_adds(&out, "# ");
	}
	fputs(out.buf, stdout);
	sb_release(&sb);
	sb_release(&out);
	return 0;
}

int cmd_config(int argc, char **argv)
{
	struct args a;
	struct target_opts o;
	struct err e = ERR_INIT;
	struct target *ts = NULL;
	size_t n = 0, i;
	int json = 0, explain = 0, rc;
	char *arg;

	args_init(&a, "config", argc, argv);
	target_opts_init(&o);
	while (args_next(&a, &arg)) {
		if (args_is(&a, "help", "h")) {
			printf("%s%s", usage, target_opts_help);
			target_opts_release(&o);
			return 0;
		}
		if (args_is(&a, "json", NULL)) {
			json = 1;
			continue;
		}
		if (args_is(&a, "explain", NULL)) {
			explain = 1;
			continue;
		}
		rc = target_opts_match(&a, &o, &e);
		if (rc < 0 || (rc == 0 && args_unknown(&a, &e))) {
			target_opts_release(&o);
			return cmd_fail(&e);
		}
	}
	if (target_opts_resolve(&o, &ts, &n, &e)) {
		target_opts_release(&o);
		return cmd_fail(&e);
	}
	rc = 0;
	if (json && n > 1)
		fputs("[", stdout);
	for (i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;

		if (json) {
			target_to_json(&ts[i], &sb);
			printf("%s%s", i ? ",\n" : "", sb.buf);
		} else {
			if (i)
				fputs("\n", stdout);
			target_to_text(&ts[i], &sb);
			fputs(sb.buf, stdout);
			if (explain && print_explained(&o, &ts[i], &e))
				rc = -1;
		}
		sb_release(&sb);
		target_release(&ts[i]);
	}
	if (json)
		fputs(n > 1 ? "]\n" : "\n", stdout);
	free(ts);
	target_opts_release(&o);
	return rc < 0 ? cmd_fail(&e) : 0;
}
