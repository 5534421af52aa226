/*
 * The loader's search for a DT_NEEDED name (see ldsearch.h for the order).
 */
#include "ldsearch.h"
#include "../audit/ext_suffix.h"
#include "../base/fs.h"
#include "../base/xalloc.h"
#include "../formats/elf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EF_ARM_FLOAT_HARD 0x400u

int ld_search_init(struct ld_search *s, const char *root,
		   const char *ld_library_path, struct err *e)
{
	struct strbuf path = STRBUF_INIT;
	const char *p = ld_library_path;
	size_t alloc = 0;

	memset(s, 0, sizeof(*s));
	sb_init(&s->cache_data);
	s->root = xstrdup(root ? root : "");
	while (p && *p) {
		size_t n = strcspn(p, ":;");

		if (n) {
			ALLOC_GROW(s->env, s->nr_env + 1, alloc);
			s->env[s->nr_env++] = xstrndup(p, n);
		}
		p += n + (p[n] ? 1 : 0);
	}
	sb_addf(&path, "%s/etc/ld.so.cache", s->root);
	if (is_regular_file(path.buf)) {
		if (read_file(path.buf, &s->cache_data, e) ||
		    ldcache_parse(&s->cache, s->cache_data.buf, s->cache_data.len,
				  path.buf, e)) {
			sb_release(&path);
			ld_search_release(s);
			return -1;
		}
		s->have_cache = 1;
	}
	sb_release(&path);
	return 0;
}

void ld_search_release(struct ld_search *s)
{
	size_t i;

	for (i = 0; i < s->nr_env; i++)
		free(s->env[i]);
	free(s->env);
	ldcache_release(&s->cache);
	sb_release(&s->cache_data);
	free(s->root);
	memset(s, 0, sizeof(*s));
}

int ld_file_matches(const char *path, const struct ld_want *want)
{
	unsigned char h[64];
	ssize_t got;
	int fd, msb, is64;
	unsigned machine;
	uint32_t flags;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	got = read(fd, h, sizeof(h));
	close(fd);
	if (got < 52 || !elf_is_elf(h, (size_t)got))
		return 0;
	is64 = h[4] == ELF_CLASS64;
	msb = h[5] == ELF_DATA_MSB;
	if ((h[4] != ELF_CLASS32 && !is64) || (h[5] != ELF_DATA_LSB && !msb) ||
	    (is64 && got < 64))
		return 0;
	machine = msb ? (unsigned)(h[18] << 8 | h[19]) : (unsigned)(h[19] << 8 | h[18]);
	{
		const unsigned char *f = h + (is64 ? 48 : 36);

		flags = msb ? (uint32_t)f[0] << 24 | (uint32_t)f[1] << 16 | (uint32_t)f[2] << 8 | f[3]
			    : (uint32_t)f[3] << 24 | (uint32_t)f[2] << 16 | (uint32_t)f[1] << 8 | f[0];
	}
	if (machine != want->machine || is64 != want->is64 || msb != want->msb)
		return 0;
	if (machine == ELF_EM_ARM &&
	    !!(flags & EF_ARM_FLOAT_HARD) != !!want->arm_hard_float)
		return 0;
	return 1;
}

static int ident_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/*
 * The length of "$NAME" or "${NAME}" at s (n bytes left), or 0: glibc's
 * is_dst, where "$NAME" must not run on into an identifier ("$LIBX").
 */
static size_t dst_len(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name);

	if (n >= k + 3 && s[1] == '{' && !strncmp(s + 2, name, k) && s[k + 2] == '}')
		return k + 3;
	if (n >= k + 1 && !strncmp(s + 1, name, k) && (n == k + 1 || !ident_char(s[k + 1])))
		return k + 1;
	return 0;
}

int ld_expand_entry(const char *entry, size_t len, const char *origin,
		    const struct ld_dst *dst, struct strbuf *out)
{
	size_t i = 0;

	if (!len)
		return -1;
	while (i < len) {
		const char *value = NULL;
		size_t k;

		if (entry[i] != '$') {
			sb_addc(out, entry[i++]);
			continue;
		}
		if ((k = dst_len(entry + i, len - i, "ORIGIN")))
			value = origin;
		else if ((k = dst_len(entry + i, len - i, "PLATFORM")))
			value = dst ? dst->platform : NULL;
		else if ((k = dst_len(entry + i, len - i, "LIB")))
			value = dst ? dst->lib : NULL;
		if (!k) {	/* not a token the loader knows: a plain '$' */
			sb_addc(out, entry[i++]);
			continue;
		}
		if (!value)
			return -1;	/* a token without a value: skipped */
		sb_adds(out, value);
		i += k;
	}
	return 0;
}

const char *ld_platform(const struct ld_want *want)
{
	/* AT_PLATFORM of the kernels; others depend on the exact CPU model */
	switch (want->machine) {
	case ELF_EM_X86_64:
		return want->is64 ? "x86_64" : NULL;
	case ELF_EM_386:
		return "i686";
	case ELF_EM_AARCH64:
		return want->msb ? NULL : "aarch64";
	default:
		return NULL;	/* arm: v7l or v8l, ppc64: power8.., s390x: z13.. */
	}
}

/* Tries folder/name; 1 when it is there and fits. */
static int try_folder(const char *folder, size_t n, const char *name,
		      const struct ld_want *want, struct strbuf *path)
{
	sb_reset(path);
	sb_add(path, folder, n);
	if (path->len && path->buf[path->len - 1] != '/')
		sb_addc(path, '/');
	sb_adds(path, name);
	return ld_file_matches(path->buf, want);
}

static int try_cache(const struct ld_search *s, const char *name,
		     const struct ld_want *want, struct strbuf *path);
static int try_system(const struct ld_search *s, const char *name,
		      const struct ld_want *want, struct strbuf *path);

/*
 * Searches a ':'-separated list of obj's. Absolute entries are taken in
 * the root; $ORIGIN-based ones are already paths on this machine.
 */
static int try_list(const struct ld_search *s, const char *list,
		    const struct ld_object *obj, const char *name,
		    const struct ld_want *want, struct strbuf *path)
{
	struct strbuf dir = STRBUF_INIT, lib = STRBUF_INIT;
	struct ld_dst dst;
	const char *p = list;
	int found = 0;

	dst.platform = ld_platform(want);
	dst.lib = strstr(list, "LIB") && ld_lib_dir(s, want, &lib) ? lib.buf : NULL;
	while (p && !found) {
		size_t n = strcspn(p, ":");

		sb_reset(&dir);
		if (n && *p == '/')
			sb_adds(&dir, s->root);
		/* A relative entry means the working folder: never a wheel's. */
		if (n && (*p == '/' || *p == '$') &&
		    !ld_expand_entry(p, n, obj->origin, &dst, &dir) && dir.buf[0] == '/')
			found = try_folder(dir.buf, dir.len, name, want, path);
		p = p[n] ? p + n + 1 : NULL;
	}
	sb_release(&dir);
	sb_release(&lib);
	return found;
}

static int try_cache(const struct ld_search *s, const char *name,
		     const struct ld_want *want, struct strbuf *path)
{
	long abi = ldcache_abi_for_elf(want->machine, want->is64,
				       want->arm_hard_float ? EF_ARM_FLOAT_HARD : 0);
	size_t i;

	if (!s->have_cache)
		return 0;
	for (i = 0; i < s->cache.nr; i++) {
		const struct ldcache_entry *en = &s->cache.v[i];

		if (strcmp(en->name, name) || en->hwcap)
			continue;
		if ((en->flags & LDCACHE_FLAG_TYPE_MASK) != LDCACHE_FLAG_ELF_LIBC6 &&
		    (en->flags & LDCACHE_FLAG_TYPE_MASK) != LDCACHE_FLAG_ELF)
			continue;
		if (abi >= 0 && (en->flags & LDCACHE_FLAG_ABI_MASK) != (unsigned long)abi)
			continue;
		sb_reset(path);
		sb_addf(path, "%s%s", s->root, en->path);
		if (ld_file_matches(path->buf, want))
			return 1;
	}
	return 0;
}

static int try_system(const struct ld_search *s, const char *name,
		      const struct ld_want *want, struct strbuf *path)
{
	const char *arch = plat_arch_of_elf(want->machine, want->is64, want->msb);
	const char *multiarch = arch ? ext_multiarch(arch, PLAT_LIBC_GLIBC, 12) : NULL;
	static const char *const bases[] = { "/lib", "/usr/lib" };
	struct strbuf dir = STRBUF_INIT;
	int pass, k, found = 0;

	/* lib/<multiarch> (Debian), lib64 (Fedora, SUSE), then lib */
	for (pass = 0; pass < 3 && !found; pass++) {
		for (k = 0; k < 2 && !found; k++) {
			sb_reset(&dir);
			if (pass == 0 && multiarch)
				sb_addf(&dir, "%s%s/%s", s->root, bases[k], multiarch);
			else if (pass == 1 && want->is64)
				sb_addf(&dir, "%s%s64", s->root, bases[k]);
			else if (pass == 2)
				sb_addf(&dir, "%s%s", s->root, bases[k]);
			if (dir.len)
				found = try_folder(dir.buf, dir.len, name, want, path);
		}
	}
	sb_release(&dir);
	return found;
}

int ld_lib_dir(const struct ld_search *s, const struct ld_want *want,
	       struct strbuf *out)
{
	struct strbuf path = STRBUF_INIT;
	const char *slash;
	int found = try_cache(s, "libc.so.6", want, &path) ||
		    try_system(s, "libc.so.6", want, &path);

	sb_reset(out);
	if (found && (slash = strrchr(path.buf, '/')) &&
	    (size_t)(slash - path.buf) > strlen(s->root) + 1)
		sb_add(out, path.buf + strlen(s->root) + 1,
		       (size_t)(slash - path.buf) - strlen(s->root) - 1);
	sb_release(&path);
	return out->len > 0;
}

int ld_search_find(const struct ld_search *s, const char *name,
		   const struct ld_want *want,
		   const struct ld_object *const *chain, size_t n,
		   struct strbuf *path)
{
	const struct ld_object *obj = chain[0];
	size_t i;

	if (strchr(name, '/'))
		return 0;
	if (!obj->runpath) {
		for (i = 0; i < n; i++)
			if (!chain[i]->runpath && chain[i]->rpath &&
			    try_list(s, chain[i]->rpath, chain[i], name, want, path))
				return 1;
	}
	for (i = 0; i < s->nr_env; i++)
		if (try_folder(s->env[i], strlen(s->env[i]), name, want, path))
			return 1;
	if (obj->runpath && try_list(s, obj->runpath, obj, name, want, path))
		return 1;
	if (obj->nodeflib)
		return 0;
	return try_cache(s, name, want, path) || try_system(s, name, want, path);
}
