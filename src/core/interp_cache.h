/*
 * Remembering interpreters' answers, so that a no-op build does not start
 * every interpreter again. An answer is reused only while everything it came
 * from is unchanged: the path as given, where its links lead, and the size,
 * mtime and inode of the executable, of sysconfig.py and of the
 * _sysconfigdata module (the files the query reports as "dep=" lines). A
 * re-pointed symlink or a reinstalled interpreter is asked again (MISSION.md
 * failure 1: a stale configuration is never used).
 *
 * The cache lives in "interpreters/" under the cache root
 * (base/cache_root.h: $WHEELWRIGHT_CACHE_DIR, else
 * $XDG_CACHE_HOME/wheelwright, else ~/.cache/wheelwright).
 * WHEELWRIGHT_CACHE_DIR=off disables it.
 */
#ifndef WW_INTERP_CACHE_H
#define WW_INTERP_CACHE_H

#include "../base/strbuf.h"

/* 1 and the answer appended to out when a valid entry exists. */
int interp_cache_load(const char *path, struct strbuf *out);
/* Stores an answer (silently does nothing if the cache is not writable). */
void interp_cache_store(const char *path, const char *answer);

#endif
