/*
 * `wheelwright internal elf-info FILE [--symtab]`: the facts the ELF
 * reader finds in a file, as one JSON object, for tests that compare them
 * with readelf and for looking at a binary by hand.
 */
#include "args.h"
#include "commands.h"
#include "../base/fs.h"
#include "../base/strbuf.h"
#include "../formats/elf.h"

#include <inttypes.h>
#include <stdio.h>

static void add_str_or_null(struct strbuf *out, const char *s)
{
	if (s)
		sb_add_json_str(out, s);
	else
		sb_adds(out, "null");
}

static const char *bind_name(uint8_t b)
{
	switch (b) {
	case ELF_STB_LOCAL: return "LOCAL";
	case ELF_STB_GLOBAL: return "GLOBAL";
	case ELF_STB_WEAK: return "WEAK";
	case ELF_STB_GNU_UNIQUE: return "UNIQUE";
	default: return "OTHER";
	}
}

static const char *type_name(uint8_t t)
{
	static const char *const names[] = { "NOTYPE", "OBJECT", "FUNC",
		"SECTION", "FILE", "COMMON", "TLS" };

	if (t < sizeof(names) / sizeof(names[0]))
		return names[t];
	return t == ELF_STT_GNU_IFUNC ? "IFUNC" : "OTHER";
}

static const char *segment_name(uint32_t type)
{
	static const char *const names[] = { "NULL", "LOAD", "DYNAMIC",
		"INTERP", "NOTE", "SHLIB", "PHDR", "TLS" };

	if (type < sizeof(names) / sizeof(names[0]))
		return names[type];
	switch (type) {
	case ELF_PT_GNU_EH_FRAME: return "GNU_EH_FRAME";
	case ELF_PT_GNU_STACK: return "GNU_STACK";
	case ELF_PT_GNU_RELRO: return "GNU_RELRO";
	case ELF_PT_GNU_PROPERTY: return "GNU_PROPERTY";
	default: return "OTHER";
	}
}

static void add_string_array(struct strbuf *out, const char **v, size_t n)
{
	size_t i;

	sb_addc(out, '[');
	for (i = 0; i < n; i++) {
		if (i)
			sb_adds(out, ", ");
		sb_add_json_str(out, v[i]);
	}
	sb_addc(out, ']');
}

static void add_header(struct strbuf *out, const struct elf_file *ef)
{
	sb_addf(out, "  \"class\": %d,\n  \"endian\": \"%s\",\n",
		ef->is64 ? 64 : 32, ef->msb ? "big" : "little");
	sb_addf(out, "  \"type\": \"%s\",\n  \"machine\": \"%s\",\n",
		elf_type_name(ef->type), elf_machine_name(ef));
	sb_addf(out, "  \"e_machine\": %u,\n  \"e_flags\": %" PRIu32 ",\n",
		ef->machine, ef->flags);
	sb_addf(out, "  \"osabi\": %u,\n  \"arm_hard_float\": %s,\n",
		ef->osabi, elf_arm_hard_float(ef) ? "true" : "false");
}

static void add_segments(struct strbuf *out, const struct elf_file *ef)
{
	size_t i;

	sb_adds(out, "  \"segments\": [");
	for (i = 0; i < ef->nphdrs; i++) {
		const struct elf_phdr *ph = &ef->phdrs[i];

		sb_addf(out, "%s\n    {\"type\": \"%s\", \"p_type\": %" PRIu32
			", \"offset\": %" PRIu64 ", \"vaddr\": %" PRIu64
			", \"filesz\": %" PRIu64 ", \"memsz\": %" PRIu64
			", \"flags\": \"%s%s%s\", \"align\": %" PRIu64 "}",
			i ? "," : "", segment_name(ph->type), ph->type,
			ph->offset, ph->vaddr, ph->filesz, ph->memsz,
			ph->flags & ELF_PF_R ? "R" : "",
			ph->flags & ELF_PF_W ? "W" : "",
			ph->flags & ELF_PF_X ? "X" : "", ph->align);
	}
	sb_adds(out, "],\n");
}

static void add_dynamic(struct strbuf *out, const struct elf_file *ef)
{
	sb_adds(out, "  \"interp\": ");
	add_str_or_null(out, ef->interp);
	sb_adds(out, ",\n  \"soname\": ");
	add_str_or_null(out, ef->soname);
	sb_adds(out, ",\n  \"needed\": ");
	add_string_array(out, ef->needed, ef->nneeded);
	sb_adds(out, ",\n  \"rpath\": ");
	add_str_or_null(out, ef->rpath);
	sb_adds(out, ",\n  \"runpath\": ");
	add_str_or_null(out, ef->runpath);
	sb_addf(out, ",\n  \"dt_flags\": %" PRIu64 ",\n  \"dt_flags_1\": %"
		PRIu64 ",\n", ef->dt_flags, ef->dt_flags_1);
}

static int add_isa(struct strbuf *out, const struct elf_file *ef,
		   struct err *e)
{
	uint32_t bits = 0;
	int found = elf_x86_isa_needed(ef, &bits, e);

	if (found < 0)
		return -1;
	if (found)
		sb_addf(out, "  \"x86_isa_needed\": %" PRIu32
			",\n  \"x86_isa_level\": %d,\n", bits,
			elf_x86_isa_level(bits));
	else
		sb_adds(out, "  \"x86_isa_needed\": null,\n"
			"  \"x86_isa_level\": null,\n");
	return 0;
}

static void add_versions(struct strbuf *out, const struct elf_versions *v)
{
	size_t i, j;

	sb_adds(out, "  \"version_needs\": [");
	for (i = 0; i < v->nneeds; i++) {
		sb_adds(out, i ? ",\n    {\"file\": " : "\n    {\"file\": ");
		sb_add_json_str(out, v->needs[i].file);
		sb_adds(out, ", \"versions\": [");
		for (j = 0; j < v->needs[i].naux; j++) {
			if (j)
				sb_adds(out, ", ");
			sb_add_json_str(out, v->needs[i].aux[j].name);
		}
		sb_adds(out, "]}");
	}
	sb_adds(out, "],\n  \"version_defs\": [");
	for (i = 0; i < v->ndefs; i++) {
		if (i)
			sb_adds(out, ", ");
		sb_add_json_str(out, v->defs[i].name);
	}
	sb_adds(out, "],\n");
}

static void add_symbol(struct strbuf *out, const struct elf_symbol *s,
		       int first)
{
	sb_adds(out, first ? "\n    {\"name\": " : ",\n    {\"name\": ");
	sb_add_json_str(out, s->name);
	sb_adds(out, ", \"version\": ");
	add_str_or_null(out, s->version);
	if (s->version && !elf_symbol_defined(s)) {
		sb_adds(out, ", \"file\": ");
		add_str_or_null(out, s->version_file);
	}
	if (s->version && elf_symbol_defined(s))
		sb_addf(out, ", \"hidden\": %s",
			s->version_hidden ? "true" : "false");
	sb_addf(out, ", \"bind\": \"%s\", \"type\": \"%s\"}",
		bind_name(s->bind), type_name(s->type));
}

static void add_symbols(struct strbuf *out, const char *key,
			const struct elf_symbols *syms, int defined)
{
	size_t i;
	int first = 1;

	sb_addf(out, "  \"%s\": [", key);
	for (i = 0; i < syms->nr; i++) {
		const struct elf_symbol *s = &syms->v[i];

		if (elf_symbol_defined(s) != defined || !*s->name)
			continue;
		add_symbol(out, s, first);
		first = 0;
	}
	sb_adds(out, "]");
}

static int add_symtab(struct strbuf *out, const struct elf_file *ef,
		      int list, struct err *e)
{
	struct elf_symbols syms = ELF_SYMBOLS_INIT;
	size_t i, n = 0;

	if (elf_read_symtab(ef, &syms, e))
		return -1;
	for (i = 0; i < syms.nr; i++)
		n += elf_symbol_defined(&syms.v[i]) && *syms.v[i].name;
	sb_addf(out, ",\n  \"symtab_defined_count\": %zu", n);
	if (list) {
		sb_adds(out, ",\n");
		add_symbols(out, "symtab_defined", &syms, 1);
	}
	elf_symbols_release(&syms);
	return 0;
}

static int describe(const struct elf_file *ef, int symtab,
		    struct strbuf *out, struct err *e)
{
	struct elf_versions v = ELF_VERSIONS_INIT;
	struct elf_symbols syms = ELF_SYMBOLS_INIT;
	int ret = -1;

	sb_adds(out, "{\n  \"file\": ");
	sb_add_json_str(out, ef->name);
	sb_adds(out, ",\n");
	add_header(out, ef);
	add_segments(out, ef);
	add_dynamic(out, ef);
	if (add_isa(out, ef, e) || elf_read_versions(ef, &v, e) ||
	    elf_read_dynsyms(ef, &syms, e))
		goto out;
	add_versions(out, &v);
	add_symbols(out, "undefined_symbols", &syms, 0);
	sb_adds(out, ",\n");
	add_symbols(out, "defined_symbols", &syms, 1);
	if (add_symtab(out, ef, symtab, e))
		goto out;
	sb_adds(out, "\n}\n");
	ret = 0;
out:
	elf_versions_release(&v);
	elf_symbols_release(&syms);
	return ret;
}

int tool_elf_info(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct strbuf data = STRBUF_INIT, out = STRBUF_INIT;
	struct elf_file ef;
	struct args a;
	const char *path = NULL;
	char *arg;
	int symtab = 0, ret;

	args_init(&a, "internal elf-info", argc, argv);
	while (args_next(&a, &arg)) {
		if (args_is(&a, "symtab", NULL)) {
			symtab = 1;
		} else if (!args_is_option(&a) && !path) {
			path = arg;
		} else {
			args_unknown(&a, &e);
			return cmd_fail(&e);
		}
	}
	if (!path) {
		err_set(&e, "internal elf-info: which file?");
		return cmd_fail(&e);
	}
	if (read_file(path, &data, &e) ||
	    elf_parse(&ef, data.buf, data.len, path, &e)) {
		sb_release(&data);
		return cmd_fail(&e);
	}
	ret = describe(&ef, symtab, &out, &e);
	elf_release(&ef);
	sb_release(&data);
	if (ret) {
		sb_release(&out);
		return cmd_fail(&e);
	}
	fputs(out.buf, stdout);
	sb_release(&out);
	return 0;
}
