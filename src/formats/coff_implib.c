/*
 * The members of an import library: three small COFF objects that make the
 * linker emit the DLL's import directory entry, and one short import header
 * per export. The layouts are those of the PE/COFF specification's
 * "Import Library Format" and match what llvm-dlltool writes.
 */
#include "coff_implib.h"
#include "binbuf.h"
#include "coff_archive.h"
#include "deffile.h"
#include "../base/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define COFF_HEADER_SIZE 20
#define SECTION_HEADER_SIZE 40
#define SYMBOL_SIZE 18
#define RELOC_SIZE 10
#define IMPORT_DIR_ENTRY_SIZE 20	/* one entry of the .idata$2 table */

#define IMAGE_FILE_32BIT_MACHINE 0x0100
#define SCN_CNT_INITIALIZED_DATA 0x00000040
#define SCN_ALIGN_2BYTES 0x00200000
#define SCN_ALIGN_4BYTES 0x00300000
#define SCN_ALIGN_8BYTES 0x00400000
#define SCN_MEM_READ 0x40000000
#define SCN_MEM_WRITE 0x80000000
#define SCN_IDATA (SCN_CNT_INITIALIZED_DATA | SCN_MEM_READ | SCN_MEM_WRITE)

#define SYM_CLASS_EXTERNAL 2
#define SYM_CLASS_STATIC 3
#define SYM_CLASS_SECTION 0x68

/* The "image-relative 32-bit address" relocation of each machine. */
#define REL_I386_DIR32NB 0x0007
#define REL_AMD64_ADDR32NB 0x0003
#define REL_ARM64_ADDR32NB 0x0002

/* Import header Type field: bits 0-1 the import type, 2-4 the name type. */
#define IMPORT_CODE 0
#define IMPORT_DATA 1
#define IMPORT_ORDINAL 0
#define IMPORT_NAME 1
#define IMPORT_NAME_NOPREFIX 2

static const struct {
	const char *name;
	uint16_t machine;
} machine_names[] = {
	{ "x86_64", COFF_MACHINE_AMD64 },
	{ "amd64", COFF_MACHINE_AMD64 },
	{ "x64", COFF_MACHINE_AMD64 },
	{ "i386:x86-64", COFF_MACHINE_AMD64 },
	{ "aarch64", COFF_MACHINE_ARM64 },
	{ "arm64", COFF_MACHINE_ARM64 },
	{ "i686", COFF_MACHINE_I386 },
	{ "i386", COFF_MACHINE_I386 },
	{ "x86", COFF_MACHINE_I386 },
};

uint16_t coff_machine_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(machine_names) / sizeof(machine_names[0]); i++)
		if (!strcmp(name, machine_names[i].name))
			return machine_names[i].machine;
	return 0;
}

const char *coff_machine_name(uint16_t machine)
{
	switch (machine) {
	case COFF_MACHINE_AMD64: return "x86_64";
	case COFF_MACHINE_ARM64: return "aarch64";
	case COFF_MACHINE_I386: return "i686";
	}
	return NULL;
}

static int is_64bit(uint16_t machine)
{
	return machine != COFF_MACHINE_I386;
}

static uint16_t addr32nb_reloc(uint16_t machine)
{
	switch (machine) {
	case COFF_MACHINE_I386: return REL_I386_DIR32NB;
	case COFF_MACHINE_ARM64: return REL_ARM64_ADDR32NB;
	}
	return REL_AMD64_ADDR32NB;
}

void implib_init(struct implib *lib, const char *dll, uint16_t machine)
{
	memset(lib, 0, sizeof(*lib));
	lib->dll = xstrdup(dll);
	lib->machine = machine;
}

void implib_release(struct implib *lib)
{
	size_t i;

	for (i = 0; i < lib->nr_exports; i++)
		free(lib->exports[i].name);
	free(lib->exports);
	free(lib->dll);
	memset(lib, 0, sizeof(*lib));
}

void implib_add(struct implib *lib, const char *name, unsigned ordinal,
		int by_ordinal, int data)
{
	struct implib_export *x;

	ALLOC_GROW(lib->exports, lib->nr_exports + 1, lib->alloc_exports);
	x = &lib->exports[lib->nr_exports++];
	x->name = xstrdup(name);
	x->ordinal = ordinal;
	x->by_ordinal = !!by_ordinal;
	x->data = !!data;
}

int implib_add_def(struct implib *lib, const struct def_file *def,
		   const char *deffile, struct err *e)
{
	size_t i;

	for (i = 0; i < def->nr_exports; i++) {
		const struct def_export *x = &def->exports[i];

		if (x->alias_target) {
			err_at(e, deffile, x->line, x->col,
			       "alias exports ('%s == %s') are not supported",
			       x->name, x->alias_target);
			return err_hint(e, "export the target under both names instead");
		}
		if (!x->is_private)
			implib_add(lib, x->name, x->ordinal, x->noname, x->data);
	}
	return 0;
}

/* "python311.dll" -> "python311": the stem symbols are named after. */
static char *dll_stem(const char *dll)
{
	const char *dot = strrchr(dll, '.');

	return dot && dot != dll ? xstrndup(dll, (size_t)(dot - dll)) : xstrdup(dll);
}

/* llvm-dlltool's test for an i386 name that carries its own decoration. */
static int i386_is_decorated(const char *name)
{
	return name[0] == '@' || name[0] == '?' || strstr(name, "@@") != NULL;
}

/* The linker-visible symbol of an export (without "__imp_"). */
static char *export_symbol(uint16_t machine, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	if (machine == COFF_MACHINE_I386 && !i386_is_decorated(name))
		sb_addc(&sb, '_');
	sb_adds(&sb, name);
	return sb_detach(&sb, NULL);
}

/* ---- COFF objects ---- */

static void put_coff_header(struct strbuf *sb, uint16_t machine,
			    unsigned nsections, uint32_t symtab, unsigned nsyms)
{
	put_le16(sb, machine);
	put_le16(sb, nsections);
	put_le32(sb, 0);		/* TimeDateStamp */
	put_le32(sb, symtab);
	put_le32(sb, nsyms);
	put_le16(sb, 0);		/* SizeOfOptionalHeader */
	put_le16(sb, is_64bit(machine) ? 0 : IMAGE_FILE_32BIT_MACHINE);
}

static void put_name8(struct strbuf *sb, const char *name)
{
	char field[8] = { 0 };

	memcpy(field, name, strlen(name) < 8 ? strlen(name) : 8);
	sb_add(sb, field, 8);
}

static void put_section_header(struct strbuf *sb, const char *name,
			       uint32_t size, uint32_t data, uint32_t relocs,
			       unsigned nrelocs, uint32_t flags)
{
	put_name8(sb, name);
	put_le32(sb, 0);		/* VirtualSize */
	put_le32(sb, 0);		/* VirtualAddress */
	put_le32(sb, size);
	put_le32(sb, data);
	put_le32(sb, relocs);
	put_le32(sb, 0);		/* PointerToLinenumbers */
	put_le16(sb, nrelocs);
	put_le16(sb, 0);		/* NumberOfLinenumbers */
	put_le32(sb, flags);
}

static void put_reloc(struct strbuf *sb, uint32_t where, uint32_t sym,
		      uint16_t type)
{
	put_le32(sb, where);
	put_le32(sb, sym);
	put_le16(sb, type);
}

/*
 * A symbol table entry; names longer than 8 bytes go to strtab, which
 * starts with a 4-byte size that coff_finish() fills in.
 */
static void put_symbol(struct strbuf *sb, struct strbuf *strtab,
		       const char *name, int16_t section, uint8_t class)
{
	if (strlen(name) <= 8) {
		put_name8(sb, name);
	} else {
		if (!strtab->len)
			put_le32(strtab, 0);
		put_le32(sb, 0);
		put_le32(sb, (uint32_t)strtab->len);
		sb_add(strtab, name, strlen(name) + 1);
	}
	put_le32(sb, 0);		/* Value */
	put_le16(sb, (uint16_t)section);
	put_le16(sb, 0);		/* Type */
	sb_addc(sb, (char)class);
	sb_addc(sb, 0);			/* NumberOfAuxSymbols */
}

/* Appends the string table (its size first) after the symbol table. */
static void coff_finish(struct strbuf *sb, struct strbuf *strtab)
{
	if (!strtab->len)
		put_le32(strtab, 0);
	set_le32(strtab, 0, (uint32_t)strtab->len);
	sb_add(sb, strtab->buf, strtab->len);
	sb_release(strtab);
}

/*
 * __IMPORT_DESCRIPTOR_<stem>: the .idata$2 directory entry, relocated to
 * the DLL name (.idata$6) and to the lookup and address tables, which the
 * linker gathers from the .idata$4/$5 sections of the imports.
 */
static void import_descriptor(struct strbuf *sb, const struct implib *lib,
			      const char *stem)
{
	struct strbuf strtab = STRBUF_INIT;
	struct strbuf sym = STRBUF_INIT;
	size_t name_size = strlen(lib->dll) + 1;
	uint32_t dir = COFF_HEADER_SIZE + 2 * SECTION_HEADER_SIZE;
	uint32_t relocs = dir + IMPORT_DIR_ENTRY_SIZE;
	uint32_t name = relocs + 3 * RELOC_SIZE;
	uint32_t symtab = name + (uint32_t)name_size;
	uint16_t rel = addr32nb_reloc(lib->machine);

	put_coff_header(sb, lib->machine, 2, symtab, 7);
	put_section_header(sb, ".idata$2", IMPORT_DIR_ENTRY_SIZE, dir, relocs, 3,
			   SCN_IDATA | SCN_ALIGN_4BYTES);
	put_section_header(sb, ".idata$6", (uint32_t)name_size, name, 0, 0,
			   SCN_IDATA | SCN_ALIGN_2BYTES);
	put_zeros(sb, IMPORT_DIR_ENTRY_SIZE);
	put_reloc(sb, 12, 2, rel);	/* Name -> .idata$6 */
	put_reloc(sb, 0, 3, rel);	/* ImportLookupTableRVA -> .idata$4 */
	put_reloc(sb, 16, 4, rel);	/* ImportAddressTableRVA -> .idata$5 */
	sb_add(sb, lib->dll, name_size);

	sb_addf(&sym, "__IMPORT_DESCRIPTOR_%s", stem);
	put_symbol(sb, &strtab, sym.buf, 1, SYM_CLASS_EXTERNAL);
	put_symbol(sb, &strtab, ".idata$2", 1, SYM_CLASS_SECTION);
	put_symbol(sb, &strtab, ".idata$6", 2, SYM_CLASS_STATIC);
	put_symbol(sb, &strtab, ".idata$4", 0, SYM_CLASS_SECTION);
	put_symbol(sb, &strtab, ".idata$5", 0, SYM_CLASS_SECTION);
	put_symbol(sb, &strtab, "__NULL_IMPORT_DESCRIPTOR", 0, SYM_CLASS_EXTERNAL);
	sb_reset(&sym);
	sb_addf(&sym, "\x7f%s_NULL_THUNK_DATA", stem);
	put_symbol(sb, &strtab, sym.buf, 0, SYM_CLASS_EXTERNAL);
	coff_finish(sb, &strtab);
	sb_release(&sym);
}

/* __NULL_IMPORT_DESCRIPTOR: the all-zero entry that ends the directory. */
static void null_import_descriptor(struct strbuf *sb, uint16_t machine)
{
	struct strbuf strtab = STRBUF_INIT;
	uint32_t data = COFF_HEADER_SIZE + SECTION_HEADER_SIZE;

	put_coff_header(sb, machine, 1, data + IMPORT_DIR_ENTRY_SIZE, 1);
	put_section_header(sb, ".idata$3", IMPORT_DIR_ENTRY_SIZE, data, 0, 0,
			   SCN_IDATA | SCN_ALIGN_4BYTES);
	put_zeros(sb, IMPORT_DIR_ENTRY_SIZE);
	put_symbol(sb, &strtab, "__NULL_IMPORT_DESCRIPTOR", 1, SYM_CLASS_EXTERNAL);
	coff_finish(sb, &strtab);
}

/* "\x7f<stem>_NULL_THUNK_DATA": the zero slots ending this DLL's tables. */
static void null_thunk(struct strbuf *sb, uint16_t machine, const char *stem)
{
	struct strbuf strtab = STRBUF_INIT;
	struct strbuf sym = STRBUF_INIT;
	uint32_t slot = is_64bit(machine) ? 8 : 4;
	uint32_t align = is_64bit(machine) ? SCN_ALIGN_8BYTES : SCN_ALIGN_4BYTES;
	uint32_t data = COFF_HEADER_SIZE + 2 * SECTION_HEADER_SIZE;

	put_coff_header(sb, machine, 2, data + 2 * slot, 1);
	put_section_header(sb, ".idata$5", slot, data, 0, 0, SCN_IDATA | align);
	put_section_header(sb, ".idata$4", slot, data + slot, 0, 0, SCN_IDATA | align);
	put_zeros(sb, 2 * slot);
	sb_addf(&sym, "\x7f%s_NULL_THUNK_DATA", stem);
	put_symbol(sb, &strtab, sym.buf, 1, SYM_CLASS_EXTERNAL);
	coff_finish(sb, &strtab);
	sb_release(&sym);
}

/* The short import form: a 20-byte header, the symbol and the DLL name. */
static void short_import(struct strbuf *sb, const struct implib *lib,
			 const struct implib_export *x, const char *symbol)
{
	size_t size = strlen(symbol) + 1 + strlen(lib->dll) + 1;
	unsigned name_type;

	if (x->by_ordinal)
		name_type = IMPORT_ORDINAL;
	else if (lib->machine == COFF_MACHINE_I386 && symbol[0] == '_')
		name_type = IMPORT_NAME_NOPREFIX;
	else
		name_type = IMPORT_NAME;
	put_le16(sb, 0);		/* Sig1: IMAGE_FILE_MACHINE_UNKNOWN */
	put_le16(sb, 0xffff);		/* Sig2 */
	put_le16(sb, 0);		/* Version */
	put_le16(sb, lib->machine);
	put_le32(sb, 0);		/* TimeDateStamp */
	put_le32(sb, (uint32_t)size);
	put_le16(sb, x->ordinal);	/* the ordinal, or the hint */
	put_le16(sb, (x->data ? IMPORT_DATA : IMPORT_CODE) | name_type << 2);
	sb_add(sb, symbol, strlen(symbol) + 1);
	sb_add(sb, lib->dll, strlen(lib->dll) + 1);
}

static int check_names(const struct implib *lib, struct err *e)
{
	size_t i;

	if (!lib->dll[0])
		return err_set(e, "the DLL name of an import library is empty");
	if (strlen(lib->dll) > 0xffff)
		return err_set(e, "DLL name too long for an import library");
	for (i = 0; i < lib->nr_exports; i++) {
		if (!lib->exports[i].name[0])
			return err_set(e, "export %zu has an empty name", i + 1);
		if (strlen(lib->exports[i].name) > 0xffff)
			return err_set(e, "export name too long: '%.40s...'",
				       lib->exports[i].name);
	}
	return 0;
}

static void add_import_member(struct coff_archive *ar, const struct implib *lib,
			      const struct implib_export *x)
{
	char *symbol = export_symbol(lib->machine, x->name);
	struct strbuf imp = STRBUF_INIT;
	struct ar_member *m = coff_archive_add(ar, lib->dll);

	short_import(&m->data, lib, x, symbol);
	sb_addf(&imp, "__imp_%s", symbol);
	ar_member_add_symbol(m, imp.buf);
	if (!x->data)
		ar_member_add_symbol(m, symbol);
	sb_release(&imp);
	free(symbol);
}

int implib_write(const struct implib *lib, struct strbuf *out, struct err *e)
{
	struct coff_archive ar;
	struct ar_member *m;
	struct strbuf sym = STRBUF_INIT;
	char *stem;
	size_t i;
	int ret;

	if (!coff_machine_name(lib->machine))
		return err_set(e, "unsupported machine 0x%x for an import library",
			       lib->machine);
	if (check_names(lib, e) < 0)
		return -1;
	stem = dll_stem(lib->dll);
	coff_archive_init(&ar);

	m = coff_archive_add(&ar, lib->dll);
	import_descriptor(&m->data, lib, stem);
	sb_addf(&sym, "__IMPORT_DESCRIPTOR_%s", stem);
	ar_member_add_symbol(m, sym.buf);

	m = coff_archive_add(&ar, lib->dll);
	null_import_descriptor(&m->data, lib->machine);
	ar_member_add_symbol(m, "__NULL_IMPORT_DESCRIPTOR");

	m = coff_archive_add(&ar, lib->dll);
	null_thunk(&m->data, lib->machine, stem);
	sb_reset(&sym);
	sb_addf(&sym, "\x7f%s_NULL_THUNK_DATA", stem);
	ar_member_add_symbol(m, sym.buf);

	for (i = 0; i < lib->nr_exports; i++)
		add_import_member(&ar, lib, &lib->exports[i]);
	ret = coff_archive_write(&ar, out, e);
	coff_archive_release(&ar);
	sb_release(&sym);
	free(stem);
	return ret;
}
