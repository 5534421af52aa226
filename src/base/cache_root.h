/*
 * The folder where wheelwright keeps what it remembers between runs (the
 * interpreters' answers, compressed copies of libraries): each user of it
 * has its own subfolder.
 *
 * $WHEELWRIGHT_CACHE_DIR, else $XDG_CACHE_HOME/wheelwright, else
 * ~/.cache/wheelwright. WHEELWRIGHT_CACHE_DIR=off turns every cache off.
 */
#ifndef WW_CACHE_ROOT_H
#define WW_CACHE_ROOT_H

/* A new string, or NULL when caching is off or there is no home folder. */
char *cache_root_dir(void);

#endif
