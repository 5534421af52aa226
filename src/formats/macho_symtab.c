/*
 * LC_SYMTAB: the nlist (32-bit) or nlist_64 entries of an image and their
 * names in the string table. Only external symbols (N_EXT) are kept: the
 * undefined ones are what the image imports, the defined ones what it
 * exports. Debugging entries (N_STAB) and local symbols are skipped.
 */
#include "macho_private.h"
#include "binbuf.h"
#include "../base/xalloc.h"

#include <string.h>

#define NLIST_SIZE 12
#define NLIST_64_SIZE 16
#define N_STAB 0xe0u
#define N_TYPE 0x0eu
#define N_EXT 0x01u
#define N_UNDF 0x0u
#define N_PBUD 0xcu		/* undefined, prebound */

static int read_name(struct macho_image *im, uint32_t index, uint32_t strx,
		     const unsigned char *strtab, uint32_t strsize, char **out)
{
	const unsigned char *nul;
	size_t n;

	if (strx >= strsize)
		return macho_error(im, "symbol %u: the name offset %u is past the string table (%u bytes)",
				   index, strx, strsize);
	nul = memchr(strtab + strx, '\0', strsize - strx);
	if (!nul)
		return macho_error(im, "symbol %u: the name at offset %u is not NUL-terminated",
				   index, strx);
	n = (size_t)(nul - (strtab + strx));
	/* names may share bytes: a budget keeps copies linear in the input */
	if (n + 1 > im->name_bytes_left)
		return macho_error(im, "symbol %u: the symbol names exceed %u bytes beyond the string table",
				   index, (unsigned)MACHO_NAME_SLACK);
	im->name_bytes_left -= n + 1;
	*out = xstrndup((const char *)strtab + strx, n);
	return 0;
}

static void add_symbol(struct macho_symbol **v, size_t *nr, size_t *alloc,
		       char *name, uint8_t type, uint16_t desc)
{
	ALLOC_GROW(*v, *nr + 1, *alloc);
	(*v)[*nr].name = name;
	(*v)[*nr].type = type;
	(*v)[*nr].desc = desc;
	(*nr)++;
}

int macho_read_symtab(struct macho_image *im, uint32_t symoff, uint32_t nsyms,
		      uint32_t stroff, uint32_t strsize)
{
	struct macho_slice *s = im->s;
	size_t entry = s->is64 ? NLIST_64_SIZE : NLIST_SIZE;
	const unsigned char *strtab;
	uint32_t i;

	if (!bin_fits(im->len, symoff, (uint64_t)nsyms * entry))
		return macho_error(im, "the symbol table (%u entries at offset 0x%x) runs past the end of the image (%zu bytes)",
				   nsyms, symoff, im->len);
	if (!bin_fits(im->len, stroff, strsize))
		return macho_error(im, "the string table (%u bytes at offset 0x%x) runs past the end of the image (%zu bytes)",
				   strsize, stroff, im->len);
	im->name_bytes_left = st_add(im->name_bytes_left, strsize);
	strtab = im->buf + stroff;
	for (i = 0; i < nsyms; i++) {
		size_t at = symoff + (size_t)i * entry;
		uint8_t type = im->buf[at + 4];
		uint16_t desc = macho_u16(im, at + 6);
		char *name = NULL;

		if ((type & N_STAB) || !(type & N_EXT))
			continue;
		if (read_name(im, i, macho_u32(im, at), strtab, strsize, &name))
			return -1;
		if ((type & N_TYPE) == N_UNDF || (type & N_TYPE) == N_PBUD)
			add_symbol(&s->undefined, &s->nr_undefined, &s->alloc_undefined,
				   name, type, desc);
		else
			add_symbol(&s->defined, &s->nr_defined, &s->alloc_defined,
				   name, type, desc);
	}
	return 0;
}
