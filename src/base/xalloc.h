/*
 * Allocation that never returns NULL and size arithmetic that never wraps.
 *
 * Running out of memory or overflowing a size is not an error a caller can
 * recover from here, so these die with the size that was asked for.
 */
#ifndef WW_XALLOC_H
#define WW_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);

size_t st_add(size_t a, size_t b);
size_t st_mult(size_t a, size_t b);

/*
 * Make room for at least `need` elements of `elem` bytes in *ptr, whose
 * capacity (in elements) is *alloc. Grows geometrically.
 */
void *grow_array(void *ptr, size_t elem, size_t need, size_t *alloc);

#define ALLOC_GROW(ptr, need, alloc) \
	((ptr) = grow_array((ptr), sizeof(*(ptr)), (need), &(alloc)))

/* Prints "wheelwright: fatal: ..." and exits 3. Only for the impossible. */
void die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#endif
