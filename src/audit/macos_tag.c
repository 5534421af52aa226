/* macOS platform tags (macos_tag.h). */
#include "macos_tag.h"
#include "../base/strbuf.h"
#include "../formats/macho.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct arch_set {
	const char *tag;
	const char *archs[MACOS_TAG_MAX_ARCHS + 1];
};

static const struct arch_set sets[] = {
	{ "x86_64", { "x86_64" } },
	{ "arm64", { "arm64" } },
	{ "i386", { "i386" } },
	{ "ppc", { "ppc" } },
	{ "ppc64", { "ppc64" } },
	{ "universal2", { "arm64", "x86_64" } },
	{ "intel", { "i386", "x86_64" } },
	{ "fat", { "i386", "ppc" } },
	{ "fat32", { "i386", "ppc" } },
	{ "fat3", { "i386", "ppc", "x86_64" } },
	{ "fat64", { "ppc64", "x86_64" } },
	{ "universal", { "i386", "ppc", "ppc64", "x86_64" } },
};

static int number(const char **p, unsigned long *out)
{
	char *end;

	if (!isdigit((unsigned char)**p))
		return 0;
	*out = strtoul(*p, &end, 10);
	if (*end != '_' || *out > 255)
		return 0;
	*p = end + 1;
	return 1;
}

int macos_tag_parse(const char *tag, struct macos_tag *out)
{
	const char *p = tag + strlen("macosx_");
	unsigned long major, minor;
	size_t i, k;

	memset(out, 0, sizeof(*out));
	if (!starts_with(tag, "macosx_") || !number(&p, &major) || !number(&p, &minor))
		return 0;
	out->version = MACHO_VERSION(major, minor, 0);
	out->arch = p;
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (!strcmp(p, sets[i].tag))
			for (k = 0; sets[i].archs[k]; k++)
				out->archs[k] = sets[i].archs[k];
	return 1;
}

uint32_t macos_arch_floor(const char *arch)
{
	return !strcmp(arch, "arm64") ? MACHO_VERSION(11, 0, 0) : 0;
}
