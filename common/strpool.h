/*
 * strpool - strings interned as small dense ids: equal strings get one id
 * and one copy, id 0 stands for NULL.
 *
 * For grouping many rows by text columns (reports/attention_stream.c,
 * reports/attention_users.c): a row keeps 4-byte ids, a group compares
 * ids, and a fact shows the pool's one pointer per value.
 *
 * Ownership: the pool owns every string; they live until
 * pd_strpool_release().
 * Errors: none; out-of-memory exits through xalloc.
 * Limits: ids are uint32_t; memory is linear in distinct strings.
 */
#ifndef PD_STRPOOL_H
#define PD_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/strmap.h"

struct pd_strpool {
    struct pd_arena arena;
    struct pd_strmap ids;
    const char **str; /* id -> string; str[0] NULL */
    size_t n, cap;    /* n: ids in use, 0 included */
};

void pd_strpool_init(struct pd_strpool *p);
void pd_strpool_release(struct pd_strpool *p);

/* The id of v[0..len), v's first. */
uint32_t pd_strpool_id(struct pd_strpool *p, const char *v, size_t len);

/* The string of id (NULL for 0). */
static inline const char *
pd_strpool_str(const struct pd_strpool *p, uint32_t id)
{
    return p->str[id];
}

#endif
