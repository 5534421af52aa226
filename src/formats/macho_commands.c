/*
 * The load commands of one Mach-O image: each one's cmd and cmdsize are
 * checked against the space sizeofcmds gives, then the commands the audit
 * needs are read field by field; the others are skipped.
 */
#include "macho_private.h"
#include "binbuf.h"
#include "../base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LC_HEADER_SIZE 8
#define DYLIB_COMMAND_SIZE 24
#define RPATH_COMMAND_SIZE 12
#define SYMTAB_COMMAND_SIZE 24
#define VERSION_MIN_COMMAND_SIZE 16
#define BUILD_VERSION_COMMAND_SIZE 24
#define BUILD_TOOL_SIZE 8

/* One command being read: where it is and how to name it in errors. */
struct lc {
	uint32_t index, cmd, size;
	size_t off;		/* of the command in the image */
	char name[24];		/* "LC_RPATH", or "cmd 0x..." */
};

static int too_short(struct macho_image *im, const struct lc *c, size_t need)
{
	if (c->size >= need)
		return 0;
	return macho_error(im, "load command %u (%s) is too short (cmdsize %u, %zu needed)",
			   c->index, c->name, c->size, need);
}

/* An lc_str: a NUL-terminated string inside the command, at its offset field. */
static int read_lc_str(struct macho_image *im, const struct lc *c,
		       size_t fixed, char **out)
{
	uint32_t at = macho_u32(im, c->off + 8);
	const unsigned char *p, *nul;

	if (at < fixed || at >= c->size)
		return macho_error(im, "load command %u (%s): the string offset %u is outside the command (%zu to %u)",
				   c->index, c->name, at, fixed, c->size);
	p = im->buf + c->off + at;
	nul = memchr(p, '\0', c->size - at);
	if (!nul)
		return macho_error(im, "load command %u (%s): the string at offset %u is not NUL-terminated",
				   c->index, c->name, at);
	*out = xstrndup((const char *)p, (size_t)(nul - p));
	return 0;
}

static int read_dylib(struct macho_image *im, const struct lc *c)
{
	struct macho_slice *s = im->s;
	struct macho_dylib d;
	char *name;

	if (too_short(im, c, DYLIB_COMMAND_SIZE) ||
	    read_lc_str(im, c, DYLIB_COMMAND_SIZE, &name))
		return -1;
	if (c->cmd == MACHO_LC_ID_DYLIB) {
		if (s->id_dylib) {
			free(name);
			return macho_error(im, "load command %u: a second LC_ID_DYLIB", c->index);
		}
		s->id_dylib = name;
		return 0;
	}
	d.name = name;
	d.cmd = c->cmd;
	d.current_version = macho_u32(im, c->off + 16);
	d.compat_version = macho_u32(im, c->off + 20);
	ALLOC_GROW(s->dylibs, s->nr_dylibs + 1, s->alloc_dylibs);
	s->dylibs[s->nr_dylibs++] = d;
	return 0;
}

static int read_rpath(struct macho_image *im, const struct lc *c)
{
	struct macho_slice *s = im->s;
	char *path;

	if (too_short(im, c, RPATH_COMMAND_SIZE) ||
	    read_lc_str(im, c, RPATH_COMMAND_SIZE, &path))
		return -1;
	ALLOC_GROW(s->rpaths, s->nr_rpaths + 1, s->alloc_rpaths);
	s->rpaths[s->nr_rpaths++] = path;
	return 0;
}

static void add_version(struct macho_slice *s, uint32_t cmd, uint32_t platform,
			uint32_t minos, uint32_t sdk)
{
	struct macho_os_version *v;

	ALLOC_GROW(s->versions, s->nr_versions + 1, s->alloc_versions);
	v = &s->versions[s->nr_versions++];
	v->cmd = cmd;
	v->platform = platform;
	v->minos = minos;
	v->sdk = sdk;
}

static int read_version_min(struct macho_image *im, const struct lc *c)
{
	uint32_t platform = c->cmd == MACHO_LC_VERSION_MIN_MACOSX ? MACHO_PLATFORM_MACOS :
			    c->cmd == MACHO_LC_VERSION_MIN_IPHONEOS ? MACHO_PLATFORM_IOS :
			    c->cmd == MACHO_LC_VERSION_MIN_TVOS ? MACHO_PLATFORM_TVOS :
			    MACHO_PLATFORM_WATCHOS;

	if (too_short(im, c, VERSION_MIN_COMMAND_SIZE))
		return -1;
	add_version(im->s, c->cmd, platform, macho_u32(im, c->off + 8),
		    macho_u32(im, c->off + 12));
	return 0;
}

static int read_build_version(struct macho_image *im, const struct lc *c)
{
	uint32_t ntools;

	if (too_short(im, c, BUILD_VERSION_COMMAND_SIZE))
		return -1;
	ntools = macho_u32(im, c->off + 20);
	if (ntools > (c->size - BUILD_VERSION_COMMAND_SIZE) / BUILD_TOOL_SIZE)
		return macho_error(im, "load command %u (LC_BUILD_VERSION): %u tools do not fit in cmdsize %u",
				   c->index, ntools, c->size);
	add_version(im->s, c->cmd, macho_u32(im, c->off + 8), macho_u32(im, c->off + 12),
		    macho_u32(im, c->off + 16));
	return 0;
}

static int read_symtab_command(struct macho_image *im, const struct lc *c)
{
	if (too_short(im, c, SYMTAB_COMMAND_SIZE))
		return -1;
	if (im->s->has_symtab)
		return macho_error(im, "load command %u: a second LC_SYMTAB", c->index);
	im->s->has_symtab = 1;
	return macho_read_symtab(im, macho_u32(im, c->off + 8), macho_u32(im, c->off + 12),
				 macho_u32(im, c->off + 16), macho_u32(im, c->off + 20));
}

static int read_command(struct macho_image *im, const struct lc *c)
{
	switch (c->cmd) {
	case MACHO_LC_LOAD_DYLIB:
	case MACHO_LC_LOAD_WEAK_DYLIB:
	case MACHO_LC_REEXPORT_DYLIB:
	case MACHO_LC_LAZY_LOAD_DYLIB:
	case MACHO_LC_LOAD_UPWARD_DYLIB:
	case MACHO_LC_ID_DYLIB:
		return read_dylib(im, c);
	case MACHO_LC_RPATH:
		return read_rpath(im, c);
	case MACHO_LC_VERSION_MIN_MACOSX:
	case MACHO_LC_VERSION_MIN_IPHONEOS:
	case MACHO_LC_VERSION_MIN_TVOS:
	case MACHO_LC_VERSION_MIN_WATCHOS:
		return read_version_min(im, c);
	case MACHO_LC_BUILD_VERSION:
		return read_build_version(im, c);
	case MACHO_LC_SYMTAB:
		return read_symtab_command(im, c);
	}
	return 0;
}

int macho_read_commands(struct macho_image *im, size_t header_size)
{
	uint32_t sizeofcmds = macho_u32(im, 20), i;
	size_t off = header_size, end;

	if (!bin_fits(im->len, header_size, sizeofcmds))
		return macho_error(im, "the load commands (%u bytes) run past the end of the image (%zu bytes)",
				   sizeofcmds, im->len);
	end = header_size + sizeofcmds;
	for (i = 0; i < im->s->ncmds; i++) {
		struct lc c;
		const char *name;

		if (end - off < LC_HEADER_SIZE)
			return macho_error(im, "load command %u of %u starts past the end of the load commands (sizeofcmds %u)",
					   i, im->s->ncmds, sizeofcmds);
		c.index = i;
		c.off = off;
		c.cmd = macho_u32(im, off);
		c.size = macho_u32(im, off + 4);
		name = macho_command_name(c.cmd);
		if (name)
			snprintf(c.name, sizeof(c.name), "%s", name);
		else
			snprintf(c.name, sizeof(c.name), "cmd 0x%x", c.cmd);
		if (c.size < LC_HEADER_SIZE || c.size % 4)
			return macho_error(im, "load command %u (%s) has cmdsize %u (at least 8, a multiple of 4)",
					   i, c.name, c.size);
		if (c.size > end - off)
			return macho_error(im, "load command %u (%s, cmdsize %u) runs past the end of the load commands (sizeofcmds %u)",
					   i, c.name, c.size, sizeofcmds);
		if (read_command(im, &c))
			return -1;
		off += c.size;
	}
	return 0;
}
