/*
 * `wheelwright internal macho-info FILE`: what the Mach-O reader sees in a
 * file, as one JSON object (one entry per slice), so tests can compare it
 * with LLVM's otool, nm and lipo. Not a stable interface.
 */
#include "commands.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../formats/macho.h"

#include <stdio.h>

static void add_name_or_null(struct strbuf *sb, const char *s)
{
	if (s)
		sb_add_json_str(sb, s);
	else
		sb_adds(sb, "null");
}

static void add_version(struct strbuf *sb, uint32_t v)
{
	struct strbuf t = STRBUF_INIT;

	macho_version_add(&t, v);
	sb_add_json_str(sb, t.buf);
	sb_release(&t);
}

static void add_symbols(struct strbuf *sb, const char *key,
			const struct macho_symbol *v, size_t n)
{
	size_t i;

	sb_addf(sb, ",\n   \"%s\": [", key);
	for (i = 0; i < n; i++) {
		sb_adds(sb, i ? ", " : "");
		sb_add_json_str(sb, v[i].name);
	}
	sb_adds(sb, "]");
}

static void add_commands(struct strbuf *sb, const struct macho_slice *s)
{
	size_t i;

	sb_adds(sb, ",\n   \"id\": ");
	add_name_or_null(sb, s->id_dylib);
	sb_adds(sb, ",\n   \"dylibs\": [");
	for (i = 0; i < s->nr_dylibs; i++) {
		sb_adds(sb, i ? ", {\"name\": " : "{\"name\": ");
		sb_add_json_str(sb, s->dylibs[i].name);
		sb_adds(sb, ", \"cmd\": ");
		add_name_or_null(sb, macho_command_name(s->dylibs[i].cmd));
		sb_adds(sb, ", \"current\": ");
		add_version(sb, s->dylibs[i].current_version);
		sb_adds(sb, ", \"compat\": ");
		add_version(sb, s->dylibs[i].compat_version);
		sb_adds(sb, "}");
	}
	sb_adds(sb, "],\n   \"rpaths\": [");
	for (i = 0; i < s->nr_rpaths; i++) {
		sb_adds(sb, i ? ", " : "");
		sb_add_json_str(sb, s->rpaths[i]);
	}
	sb_adds(sb, "],\n   \"versions\": [");
	for (i = 0; i < s->nr_versions; i++) {
		sb_adds(sb, i ? ", {\"cmd\": " : "{\"cmd\": ");
		add_name_or_null(sb, macho_command_name(s->versions[i].cmd));
		sb_adds(sb, ", \"platform\": ");
		add_name_or_null(sb, macho_platform_name(s->versions[i].platform));
		sb_adds(sb, ", \"minos\": ");
		add_version(sb, s->versions[i].minos);
		sb_adds(sb, ", \"sdk\": ");
		add_version(sb, s->versions[i].sdk);
		sb_adds(sb, "}");
	}
	sb_adds(sb, "]");
	add_symbols(sb, "undefined", s->undefined, s->nr_undefined);
	add_symbols(sb, "defined", s->defined, s->nr_defined);
}

static void macho_json(struct strbuf *sb, const struct macho_file *m)
{
	size_t i;

	sb_addf(sb, "{\"fat\": %d, \"slices\": [", m->fat);
	for (i = 0; i < m->nr_slices; i++) {
		const struct macho_slice *s = &m->slices[i];
		char buf[32];

		sb_adds(sb, i ? ",\n  {\"arch\": " : "\n  {\"arch\": ");
		sb_add_json_str(sb, macho_slice_arch(s, buf, sizeof(buf)));
		sb_addf(sb, ", \"cputype\": %u, \"cpusubtype\": %u, \"offset\": %llu, \"size\": %llu",
			s->cputype, s->cpusubtype, (unsigned long long)s->offset,
			(unsigned long long)s->size);
		if (s->archive) {
			sb_adds(sb, ", \"archive\": true}");
			continue;
		}
		sb_addf(sb, ", \"bits\": %d, \"big_endian\": %s, \"filetype\": ",
			s->is64 ? 64 : 32, s->msb ? "true" : "false");
		add_name_or_null(sb, macho_filetype_name(s->filetype));
		sb_addf(sb, ", \"flags\": %u, \"ncmds\": %u", s->flags, s->ncmds);
		add_commands(sb, s);
		sb_adds(sb, "}");
	}
	sb_adds(sb, "]}\n");
}

int internal_macho_info(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct strbuf data = STRBUF_INIT, out = STRBUF_INIT;
	struct macho_file m;

	if (argc != 1) {
		err_set(&e, "internal macho-info: expected one FILE");
		return cmd_fail(&e);
	}
	macho_file_init(&m);
	if (read_file(argv[0], &data, &e) < 0 ||
	    macho_parse(&m, data.buf, data.len, argv[0], &e) < 0) {
		macho_file_release(&m);
		sb_release(&data);
		return cmd_fail(&e);
	}
	macho_json(&out, &m);
	fputs(out.buf, stdout);
	macho_file_release(&m);
	sb_release(&data);
	sb_release(&out);
	return EXIT_OK;
}
