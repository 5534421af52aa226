/*
 * The record that makes an object reusable. Beside every object file is a
 * manifest: the object's command key (target configuration hash, compiler
 * identity, every flag) and every file it was built from (the source and
 * each header the compiler reported), each with its content hash and the
 * stat facts that let an unchanged file skip rehashing.
 *
 * An object is fresh when its manifest exists, its key is the key the build
 * would use now, and every listed file still has the recorded content. A
 * file whose size, mtime or inode changed is rehashed, never trusted.
 */
#ifndef WW_OBJCACHE_H
#define WW_OBJCACHE_H

#include "../base/err.h"
#include "../base/words.h"

/*
 * 1 when the object described by manifest_path is fresh for key; 0 when it
 * must be rebuilt. *id (65 bytes) gets the object's content id when fresh:
 * a hash over the key and every input's content. base_dir resolves
 * relative paths in the manifest.
 */
int objcache_fresh(const char *manifest_path, const char *key,
		   const char *base_dir, char id[65]);

/*
 * Writes the manifest for a freshly built object from its dependency list
 * (the compiler's depfile, parsed). Sets *id as objcache_fresh does.
 */
int objcache_record(const char *manifest_path, const char *key,
		    const char *base_dir, const struct words *deps,
		    char id[65], struct err *e);

/* sha256 of a file's content as hex; -1 if it cannot be read. */
int hash_file(const char *path, char hex[65]);

#endif
