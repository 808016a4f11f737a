/*
 * strmap - string-keyed open-addressing hash map to a 64-bit value.
 *
 * Used for header lookup, enum maps and in-file dedupe sets.  Keys are
 * copied into the map's own storage.
 *
 * Ownership: the map owns its keys; pd_strmap_release() frees everything.
 * Errors: none; out-of-memory exits through xalloc.
 * Limits: load factor kept under 0.7 by doubling; memory is linear in keys.
 */
#ifndef PD_STRMAP_H
#define PD_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pd_strmap_slot;

struct pd_strmap {
    struct pd_strmap_slot *slots;
    size_t cap; /* power of two, or 0 */
    size_t count;
};

#define PD_STRMAP_INIT \
    {                  \
        NULL, 0, 0     \
    }

void pd_strmap_init(struct pd_strmap *m);
void pd_strmap_release(struct pd_strmap *m);

/* Insert or overwrite.  Returns true when the key was new. */
bool pd_strmap_put(struct pd_strmap *m, const char *key, size_t klen,
                   int64_t value);
/* Look up; returns true and fills *value when found (value may be NULL). */
bool pd_strmap_get(const struct pd_strmap *m, const char *key, size_t klen,
                   int64_t *value);

/* FNV-1a 64-bit hash, exposed for dedupe keys. */
uint64_t pd_strmap_hash(const char *key, size_t klen);

#endif
