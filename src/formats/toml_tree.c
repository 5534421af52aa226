/*
 * The document tree: an arena that owns every node and string, tables
 * that keep source order and a hash index, arrays, and the read-only
 * accessors of toml.h.
 */
#include "toml_internal.h"
#include "../base/xalloc.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

/* Arena. */

#define ARENA_BLOCK 16384
#define ARENA_ALIGN alignof(max_align_t)

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	max_align_t data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
}

void arena_release(struct arena *a)
{
	while (a->head) {
		struct arena_block *next = a->head->next;

		free(a->head);
		a->head = next;
	}
}

void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_block *b = a->head;
	size_t rounded = st_add(size, ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	void *p;

	if (!rounded)
		rounded = ARENA_ALIGN;
	if (!b || b->size - b->used < rounded) {
		size_t cap = rounded > ARENA_BLOCK ? rounded : ARENA_BLOCK;

		b = xmalloc(st_add(sizeof(*b), cap));
		b->size = cap;
		b->used = 0;
		/*
		 * A block bigger than the usual goes behind the current one,
		 * so the space left in the current one is not lost.
		 */
		if (cap > ARENA_BLOCK && a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += rounded;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, st_add(len, 1));

	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Grows an arena-held array; the old copy stays in the arena, unused. */
static void *arena_grow(struct arena *a, void *old, size_t elem,
			size_t count, size_t *alloc)
{
	size_t cap = *alloc ? st_mult(*alloc, 2) : 4;
	void *p = arena_alloc(a, st_mult(cap, elem));

	if (count)
		memcpy(p, old, st_mult(count, elem));
	*alloc = cap;
	return p;
}

/* Nodes. */

struct toml_value *tree_new_value(struct arena *a, enum toml_type type,
				  int line, int col)
{
	struct toml_value *v = arena_alloc(a, sizeof(*v));

	memset(v, 0, sizeof(*v));
	v->type = type;
	v->line = line;
	v->col = col;
	return v;
}

struct toml_value *tree_new_table(struct arena *a, enum table_kind kind,
				  int depth, int line, int col)
{
	struct toml_value *v = tree_new_value(a, TOML_TABLE, line, col);
	struct toml_table *t = arena_alloc(a, sizeof(*t));

	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->depth = depth;
	v->u.table = t;
	return v;
}

struct toml_value *tree_new_array(struct arena *a, int depth,
				  int line, int col)
{
	struct toml_value *v = tree_new_value(a, TOML_ARRAY, line, col);
	struct toml_array *arr = arena_alloc(a, sizeof(*arr));

	memset(arr, 0, sizeof(*arr));
	arr->depth = depth;
	v->u.array = arr;
	return v;
}

/* Tables: entries in source order, indexed by an open-addressing hash. */

#define TABLE_HASH_FROM 8

static size_t key_hash(const char *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 0x100000001b3u;
	}
	return (size_t)(h ^ (h >> 29));
}

static void index_insert(struct toml_table *t, size_t entry)
{
	const struct toml_entry *en = &t->entries[entry];
	size_t mask = t->nslots - 1;
	size_t i = key_hash(en->key, en->keylen) & mask;

	while (t->slots[i])
		i = (i + 1) & mask;
	t->slots[i] = entry + 1;
}

static void index_rebuild(struct arena *a, struct toml_table *t)
{
	size_t n = t->nslots ? st_mult(t->nslots, 2) : 32;
	size_t i;

	t->slots = arena_alloc(a, st_mult(n, sizeof(*t->slots)));
	memset(t->slots, 0, n * sizeof(*t->slots));
	t->nslots = n;
	for (i = 0; i < t->count; i++)
		index_insert(t, i);
}

static struct toml_entry *table_lookup(const struct toml_table *t,
				       const char *key, size_t len)
{
	size_t i;

	if (!t->nslots) {
		for (i = 0; i < t->count; i++) {
			struct toml_entry *en = &t->entries[i];

			if (en->keylen == len && !memcmp(en->key, key, len))
				return en;
		}
		return NULL;
	}
	for (i = key_hash(key, len) & (t->nslots - 1); t->slots[i];
	     i = (i + 1) & (t->nslots - 1)) {
		struct toml_entry *en = &t->entries[t->slots[i] - 1];

		if (en->keylen == len && !memcmp(en->key, key, len))
			return en;
	}
	return NULL;
}

struct toml_entry *tree_table_add(struct arena *a, struct toml_value *table,
				  const char *key, size_t keylen,
				  int line, int col, struct toml_value *value)
{
	struct toml_table *t = table->u.table;
	struct toml_entry *en;

	if (t->count == t->alloc)
		t->entries = arena_grow(a, t->entries, sizeof(*t->entries),
					t->count, &t->alloc);
	en = &t->entries[t->count++];
	en->key = key;
	en->keylen = keylen;
	en->line = line;
	en->col = col;
	en->value = value;
	/* Keep the index at most half full. */
	if (t->nslots && t->count * 2 > t->nslots)
		index_rebuild(a, t);
	else if (t->nslots)
		index_insert(t, t->count - 1);
	else if (t->count > TABLE_HASH_FROM)
		index_rebuild(a, t);
	return en;
}

void tree_array_add(struct arena *a, struct toml_value *array,
		    struct toml_value *item)
{
	struct toml_array *arr = array->u.array;

	if (arr->count == arr->alloc)
		arr->items = arena_grow(a, arr->items, sizeof(*arr->items),
					arr->count, &arr->alloc);
	arr->items[arr->count++] = item;
}

/* The public accessors. */

const char *toml_type_name(enum toml_type type)
{
	switch (type) {
	case TOML_STRING: return "string";
	case TOML_INTEGER: return "integer";
	case TOML_FLOAT: return "float";
	case TOML_BOOL: return "bool";
	case TOML_DATETIME: return "datetime";
	case TOML_DATETIME_LOCAL: return "datetime-local";
	case TOML_DATE_LOCAL: return "date-local";
	case TOML_TIME_LOCAL: return "time-local";
	case TOML_ARRAY: return "array";
	case TOML_TABLE: return "table";
	}
	return "unknown";
}

size_t toml_table_count(const struct toml_value *table)
{
	return table && table->type == TOML_TABLE ? table->u.table->count : 0;
}

const struct toml_entry *toml_table_entry(const struct toml_value *table,
					  size_t i)
{
	if (i >= toml_table_count(table))
		return NULL;
	return &table->u.table->entries[i];
}

const struct toml_entry *toml_find_entry(const struct toml_value *table,
					 const char *key, size_t keylen)
{
	if (!table || table->type != TOML_TABLE)
		return NULL;
	return table_lookup(table->u.table, key, keylen);
}

const struct toml_value *toml_get(const struct toml_value *table,
				  const char *key)
{
	const struct toml_entry *en = toml_find_entry(table, key, strlen(key));

	return en ? en->value : NULL;
}

const struct toml_value *toml_get_path(const struct toml_value *table,
				       const char *path)
{
	for (;;) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		const struct toml_entry *en = toml_find_entry(table, path, n);

		if (!en)
			return NULL;
		if (!dot)
			return en->value;
		table = en->value;
		path = dot + 1;
	}
}

size_t toml_array_count(const struct toml_value *array)
{
	return array && array->type == TOML_ARRAY ? array->u.array->count : 0;
}

const struct toml_value *toml_array_item(const struct toml_value *array,
					 size_t i)
{
	if (i >= toml_array_count(array))
		return NULL;
	return array->u.array->items[i];
}
