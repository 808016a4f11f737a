#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct pd_strmap_slot {
    char *key; /* NULL = empty */
    size_t klen;
    uint64_t hash;
    int64_t value;
};

void
pd_strmap_init(struct pd_strmap *m)
{
    m->slots = NULL;
    m->cap = 0;
    m->count = 0;
}

void
pd_strmap_release(struct pd_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    pd_strmap_init(m);
}

uint64_t
pd_strmap_hash(const char *key, size_t klen)
{
    uint64_t h = 1469598103934665603ULL;

    for (size_t i = 0; i < klen; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* The table's own hash: eight bytes a step, where FNV-1a takes one (its
 * multiply chain was most of a lookup for the direct usage load's person
 * records, ~120-byte keys, one lookup an event: ~4.5 % of the 1 M-event
 * Mixpanel load's client CPU).  pd_strmap_hash() stays FNV-1a: its values
 * are used outside the table (load/cluster.c). */
static uint64_t
table_hash(const char *key, size_t klen)
{
    const uint64_t k = 0x9E3779B97F4A7C15u;
    uint64_t h = k ^ klen, w;

    for (; klen >= 8; key += 8, klen -= 8) {
        memcpy(&w, key, 8);
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    if (klen) {
        w = 0;
        memcpy(&w, key, klen);
        h = (h ^ w) * k;
    }
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53u;
    return h ^ (h >> 33);
}

static struct pd_strmap_slot *
find(const struct pd_strmap *m, const char *key, size_t klen, uint64_t h)
{
    size_t mask = m->cap - 1;

    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        struct pd_strmap_slot *s = &m->slots[i];
        if (!s->key)
            return s;
        if (s->hash == h && s->klen == klen && !memcmp(s->key, key, klen))
            return s;
    }
}

static void
grow(struct pd_strmap *m)
{
    struct pd_strmap old = *m;

    m->cap = old.cap ? old.cap * 2 : 16;
    m->slots = pd_xcalloc(m->cap, sizeof(*m->slots));
    for (size_t i = 0; i < old.cap; i++) {
        struct pd_strmap_slot *s = &old.slots[i];
        if (s->key)
            *find(m, s->key, s->klen, s->hash) = *s;
    }
    free(old.slots);
}

bool
pd_strmap_put(struct pd_strmap *m, const char *key, size_t klen, int64_t value)
{
    uint64_t h = table_hash(key, klen);
    struct pd_strmap_slot *s;

    if ((m->count + 1) * 10 > m->cap * 7)
        grow(m);
    s = find(m, key, klen, h);
    if (s->key) {
        s->value = value;
        return false;
    }
    s->key = pd_xstrndup(key, klen);
    s->klen = klen;
    s->hash = h;
    s->value = value;
    m->count++;
    return true;
}

bool
pd_strmap_get(const struct pd_strmap *m, const char *key, size_t klen,
              int64_t *value)
{
    struct pd_strmap_slot *s;

    if (!m->cap)
        return false;
    s = find(m, key, klen, table_hash(key, klen));
    if (!s->key)
        return false;
    if (value)
        *value = s->value;
    return true;
}
