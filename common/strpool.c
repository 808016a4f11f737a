#include "strpool.h"

#include <stdlib.h>

#include "xalloc.h"

void
pd_strpool_init(struct pd_strpool *p)
{
    pd_arena_init(&p->arena, 0);
    pd_strmap_init(&p->ids);
    p->cap = 64;
    p->str = pd_xcalloc(p->cap, sizeof(*p->str));
    p->n = 1;
}

void
pd_strpool_release(struct pd_strpool *p)
{
    pd_arena_release(&p->arena);
    pd_strmap_release(&p->ids);
    free(p->str);
    p->str = NULL;
    p->n = p->cap = 0;
}

uint32_t
pd_strpool_id(struct pd_strpool *p, const char *v, size_t len)
{
    int64_t id;

    if (pd_strmap_get(&p->ids, v, len, &id))
        return (uint32_t)id;
    if (p->n == p->cap) {
        p->cap *= 2;
        p->str = pd_xrealloc(p->str, p->cap * sizeof(*p->str));
    }
    p->str[p->n] = pd_arena_strndup(&p->arena, v, len);
    pd_strmap_put(&p->ids, v, len, (int64_t)p->n);
    return (uint32_t)p->n++;
}
