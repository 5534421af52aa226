/* `wheelwright list-python`: the interpreters of this machine. */
#include "commands.h"
#include "args.h"
#include "../core/discover.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: wheelwright list-python [--json]\n\n"
	"Lists every interpreter found on PATH, under pyenv and uv, and in the\n"
	"system bin folders, once each, with its implementation, version, wheel\n"
	"tags and path. Unsupported or broken ones are listed with the reason.\n"
	"WHEELWRIGHT_QUERY_TIMEOUT (seconds, default 15) bounds each query.\n";

static void print_text(const struct interp *ips, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct interp *ip = &ips[i];

		if (ip->supported) {
			char tag[128];

			snprintf(tag, sizeof(tag), "%s-%s", ip->target.python_tag,
				 ip->target.abi_tag);
			printf("%-8s %-8s %-20s %s\n", ip->target.implementation,
			       ip->full_version ? ip->full_version : ip->target.version,
			       tag, ip->path);
		} else {
			printf("%-8s %-8s %-20s %s\n", "-",
			       ip->full_version ? ip->full_version : "?",
			       strstr(ip->problem, "not supported") ? "unsupported" : "broken",
			       ip->path);
			printf("         %s\n", ip->problem);
		}
	}
}

static void print_json(const struct interp *ips, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	sb_adds(&sb, "{\"interpreters\": [");
	for (i = 0; i < n; i++) {
		const struct interp *ip = &ips[i];

		sb_adds(&sb, i ? ",\n  {" : "\n  {");
		sb_adds(&sb, "\"path\": ");
		sb_add_json_str(&sb, ip->path);
		sb_adds(&sb, ", \"version\": ");
		sb_add_json_str(&sb, ip->full_version ? ip->full_version : "");
		sb_addf(&sb, ", \"supported\": %s", ip->supported ? "true" : "false");
		if (ip->supported) {
			sb_adds(&sb, ", \"implementation\": ");
			sb_add_json_str(&sb, ip->target.implementation);
			sb_adds(&sb, ", \"python_tag\": ");
			sb_add_json_str(&sb, ip->target.python_tag);
			sb_adds(&sb, ", \"abi_tag\": ");
			sb_add_json_str(&sb, ip->target.abi_tag);
			sb_adds(&sb, ", \"ext_suffix\": ");
			sb_add_json_str(&sb, ip->target.ext_suffix);
			sb_adds(&sb, ", \"executable\": ");
			sb_add_json_str(&sb, ip->target.executable);
			sb_adds(&sb, ", \"hash\": ");
			sb_add_json_str(&sb, ip->target.hash);
		} else {
			sb_adds(&sb, ", \"problem\": ");
			sb_add_json_str(&sb, ip->problem ? ip->problem : "");
		}
		sb_adds(&sb, "}");
	}
	sb_adds(&sb, "\n]}\n");
	fputs(sb.buf, stdout);
	sb_release(&sb);
}

int cmd_list_python(int argc, char **argv)
{
	struct args a;
	struct err e = ERR_INIT;
	struct interp *ips;
	size_t n, i;
	int json = 0;
	char *arg;

	args_init(&a, "list-python", argc, argv);
	while (args_next(&a, &arg)) {
		if (args_is(&a, "help", "h")) {
			fputs(usage, stdout);
			return 0;
		}
		if (args_is(&a, "json", NULL)) {
			json = 1;
			continue;
		}
		args_unknown(&a, &e);
		return cmd_fail(&e);
	}
	discover_all(&ips, &n);
	if (json)
		print_json(ips, n);
	else
		print_text(ips, n);
	for (i = 0; i < n; i++)
		interp_release(&ips[i]);
	free(ips);
	return 0;
}
