/*
 * `wheelwright internal pe-info FILE`: what the PE reader sees in a DLL or
 * executable, as one JSON object, so tests can compare it with
 * llvm-readobj. Not a stable interface.
 */
#include "commands.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../formats/pe.h"

#include <stdio.h>

static void add_imports(struct strbuf *sb, const struct pe_file *pe)
{
	size_t i, j;

	sb_adds(sb, "\"imports\": [");
	for (i = 0; i < pe->nr_imports; i++) {
		const struct pe_import_dll *d = &pe->imports[i];

		sb_adds(sb, i ? ",\n  {\"dll\": " : "\n  {\"dll\": ");
		sb_add_json_str(sb, d->dll);
		sb_addf(sb, ", \"delay\": %s, \"symbols\": [", d->delay ? "true" : "false");
		for (j = 0; j < d->nr_syms; j++) {
			const struct pe_import_sym *s = &d->syms[j];

			if (j)
				sb_adds(sb, ", ");
			if (s->name) {
				sb_adds(sb, "{\"name\": ");
				sb_add_json_str(sb, s->name);
				sb_addf(sb, ", \"hint\": %u}", s->hint);
			} else {
				sb_addf(sb, "{\"ordinal\": %u}", s->ordinal);
			}
		}
		sb_adds(sb, "]}");
	}
	sb_adds(sb, "]");
}

static void add_exports(struct strbuf *sb, const struct pe_file *pe)
{
	size_t i;

	sb_adds(sb, "\"export_name\": ");
	if (pe->export_name)
		sb_add_json_str(sb, pe->export_name);
	else
		sb_adds(sb, "null");
	sb_addf(sb, ",\n \"ordinal_base\": %u,\n \"exports\": [", pe->ordinal_base);
	for (i = 0; i < pe->nr_exports; i++) {
		const struct pe_export *x = &pe->exports[i];

		sb_addf(sb, "%s{\"ordinal\": %u, \"rva\": %u, \"name\": ",
			i ? ",\n  " : "\n  ", x->ordinal, x->rva);
		if (x->name)
			sb_add_json_str(sb, x->name);
		else
			sb_adds(sb, "null");
		if (x->forward) {
			sb_adds(sb, ", \"forward\": ");
			sb_add_json_str(sb, x->forward);
		}
		sb_adds(sb, "}");
	}
	sb_adds(sb, "]");
}

static void add_sections(struct strbuf *sb, const struct pe_file *pe)
{
	size_t i;

	sb_adds(sb, "\"sections\": [");
	for (i = 0; i < pe->nr_sections; i++) {
		const struct pe_section *s = &pe->sections[i];

		sb_adds(sb, i ? ", {\"name\": " : "{\"name\": ");
		sb_add_json_str(sb, s->name);
		sb_addf(sb, ", \"vaddr\": %u, \"vsize\": %u, \"raw_offset\": %u, "
			"\"raw_size\": %u, \"flags\": %u}", s->vaddr, s->vsize,
			s->raw_offset, s->raw_size, s->flags);
	}
	sb_adds(sb, "]");
}

static void pe_json(struct strbuf *sb, const struct pe_file *pe)
{
	const char *machine = pe_machine_name(pe->machine);

	sb_adds(sb, "{\"machine\": ");
	if (machine)
		sb_add_json_str(sb, machine);
	else
		sb_adds(sb, "null");
	sb_addf(sb, ", \"machine_id\": %u, \"characteristics\": %u, \"dll\": %s,\n"
		" \"format\": \"%s\", \"image_base\": %llu, \"subsystem\": %u, "
		"\"dll_characteristics\": %u,\n ",
		pe->machine, pe->characteristics,
		pe->characteristics & PE_FILE_DLL ? "true" : "false",
		pe->pe32_plus ? "PE32+" : "PE32",
		(unsigned long long)pe->image_base, pe->subsystem,
		pe->dll_characteristics);
	add_sections(sb, pe);
	sb_adds(sb, ",\n ");
	add_imports(sb, pe);
	sb_adds(sb, ",\n ");
	add_exports(sb, pe);
	sb_adds(sb, "}\n");
}

int internal_pe_info(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct strbuf data = STRBUF_INIT, out = STRBUF_INIT;
	struct pe_file pe;

	if (argc != 1) {
		err_set(&e, "internal pe-info: expected one FILE");
		return cmd_fail(&e);
	}
	pe_file_init(&pe);
	if (read_file(argv[0], &data, &e) < 0 ||
	    pe_parse(&pe, data.buf, data.len, argv[0], &e) < 0) {
		pe_file_release(&pe);
		sb_release(&data);
		return cmd_fail(&e);
	}
	pe_json(&out, &pe);
	fputs(out.buf, stdout);
	pe_file_release(&pe);
	sb_release(&data);
	sb_release(&out);
	return EXIT_OK;
}
