#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>

struct work {
    void (*fn)(void *ctx, size_t i);
    void *ctx;
    size_t n;
    atomic_size_t next; /* the next index nobody has taken */
};

static void *
drain(void *arg)
{
    struct work *w = arg;
    size_t i;

    while ((i = atomic_fetch_add(&w->next, 1)) < w->n)
        w->fn(w->ctx, i);
    return NULL;
}

void
pd_parallel_for(size_t n, void (*fn)(void *ctx, size_t i), void *ctx)
{
    struct work w = {fn, ctx, n, 0};
    pthread_t helper;
    int started;

    if (n == 0)
        return;
    started = n > 1 && pthread_create(&helper, NULL, drain, &w) == 0;
    drain(&w);
    if (started)
        pthread_join(helper, NULL);
}
