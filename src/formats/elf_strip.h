/*
 * ELF stripper: what `strip --strip-all` (binutils `strip -s`) removes
 * from a shared library or an executable, without binutils.
 *
 * Removed: the symbol table (.symtab, SHT_SYMTAB_SHNDX, and the string
 * table only .symtab uses), debug information (.debug_*, .zdebug_*,
 * .gnu.debuglto_*, .line, .stab*, .gdb_index) and relocation sections of
 * removed sections; only sections without SHF_ALLOC, so nothing the loader
 * reads goes. Kept as `strip -s` keeps them: every SHF_ALLOC section,
 * .comment, notes, .gnu_debuglink, attributes, anything else.
 *
 * Layout: the loaded part of the file (ELF header, program headers, every
 * segment and SHF_ALLOC section) keeps its bytes; a gap between two loaded
 * blocks that held removed sections closes by a multiple of the largest
 * PT_LOAD alignment (at least 64 KiB), so each segment's offset stays
 * congruent with its address. The kept non-allocated sections follow, then
 * a new .shstrtab and the section header table. Section indices change:
 * sh_link/sh_info and .dynsym's st_shndx follow. The result is parsed
 * again before it is returned.
 */
#ifndef WW_FORMATS_ELF_STRIP_H
#define WW_FORMATS_ELF_STRIP_H

#include "../base/err.h"
#include "../base/strbuf.h"

#include <stddef.h>

/*
 * Strips in[0..size) into out (appended). Returns 1 when out holds the
 * stripped image, 0 when there is nothing to remove (out untouched), -1
 * on error (status 2): not a shared library or executable, extended
 * section numbering, a dynamic symbol defined in a section that would go,
 * malformed input.
 */
int elf_strip(const void *in, size_t size, const char *name,
	      struct strbuf *out, struct err *e);

#endif
