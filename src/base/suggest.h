/* "did you mean": the known word closest to a misspelled one. */
#ifndef WW_SUGGEST_H
#define WW_SUGGEST_H

#include <stddef.h>

/* Edit distance (insert, delete, substitute, swap adjacent), capped at 100. */
size_t edit_distance(const char *a, const char *b);

/*
 * The entry of the NULL-terminated list `known` closest to word, if it is
 * close enough to be a likely typo (distance at most a third of its length,
 * at least 1, at most 3); NULL otherwise.
 */
const char *suggest(const char *word, const char *const *known);

#endif
