/*
 * libFuzzer harness for the ELF reader (src/formats/elf*.c) and editor
 * (elf_edit*.c): any input must parse or fail with an error, never read
 * out of bounds; an input that parses must edit into a file that parses
 * again, or be refused up front: an edit whose result does not read back
 * (the editor's last safety check) means a check is missing, so it aborts
 * like an internal error.
 */
#include "base/err.h"
#include "base/strbuf.h"
#include "formats/elf.h"
#include "formats/elf_edit.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_everything(const uint8_t *data, size_t size)
{
	struct err e = ERR_INIT;
	struct elf_file ef;
	struct elf_symbols syms = ELF_SYMBOLS_INIT;
	struct elf_versions v = ELF_VERSIONS_INIT;
	uint32_t bits;

	if (elf_parse(&ef, data, size, "fuzz.so", &e) == 0) {
		(void)elf_machine_name(&ef);
		(void)elf_section_by_name(&ef, ".dynsym");
		(void)elf_read_dynsyms(&ef, &syms, &e);
		elf_symbols_release(&syms);
		(void)elf_read_symtab(&ef, &syms, &e);
		elf_symbols_release(&syms);
		(void)elf_read_versions(&ef, &v, &e);
		elf_versions_release(&v);
		(void)elf_x86_isa_needed(&ef, &bits, &e);
		elf_release(&ef);
	}
	err_release(&e);
}

/* Two edits: one that fits in place, one that needs a new segment. */
static void edit(const uint8_t *data, size_t size, int grow)
{
	struct err e = ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct elf_edit ed;

	elf_edit_init(&ed);
	if (grow) {
		ed.set_rpath = "$ORIGIN/../a/rather/long/runpath/for/the/fuzzer";
		ed.set_soname = "libfuzz-with-a-long-soname.so.1";
		elf_edit_add_replace_needed(&ed, "libm.so.6", "libm-fuzz.so.6");
	} else {
		ed.set_rpath = "$O";
		ed.force_rpath = 1;
	}
	elf_edit_add_remove_needed(&ed, "libc.so.6");
	if (elf_edit_apply(data, size, "fuzz.so", &ed, &out, &e) &&
	    (starts_with(e.msg.buf, "internal error") ||
	     strstr(e.msg.buf, "cannot edit this file safely")))
		abort();
	elf_edit_release(&ed);
	sb_release(&out);
	err_release(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_everything(data, size);
	edit(data, size, 0);
	edit(data, size, 1);
	return 0;
}
