#include "arena.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct pd_arena_block {
    struct pd_arena_block *next;
    size_t size; /* usable bytes in data[] */
    size_t used;
    max_align_t data[];
};

enum { DEFAULT_BLOCK = 64 * 1024 };

void
pd_arena_init(struct pd_arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : DEFAULT_BLOCK;
}

static struct pd_arena_block *
new_block(size_t size)
{
    struct pd_arena_block *b = pd_xmalloc(sizeof(*b) + size);
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

void *
pd_arena_alloc(struct pd_arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    struct pd_arena_block *b = a->head;
    size_t need = (n + align - 1) / align * align;
    void *p;

    if (need == 0)
        need = align;
    if (!b || b->size - b->used < need) {
        size_t size = need > a->block_size ? need : a->block_size;
        b = new_block(size);
        b->next = a->head;
        a->head = b;
    }
    p = (char *)b->data + b->used;
    b->used += need;
    return p;
}

char *
pd_arena_strndup(struct pd_arena *a, const char *s, size_t n)
{
    char *p = pd_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *
pd_arena_strdup(struct pd_arena *a, const char *s)
{
    return pd_arena_strndup(a, s, strlen(s));
}

char *
pd_arena_printf(struct pd_arena *a, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    p = pd_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void
pd_arena_reset(struct pd_arena *a)
{
    struct pd_arena_block *b = a->head, *keep = NULL;

    /* Keep the oldest standard-size block: it is the steady-state one. */
    while (b) {
        struct pd_arena_block *next = b->next;
        if (!keep && !next && b->size == a->block_size) {
            keep = b;
        } else {
            free(b);
        }
        b = next;
    }
    if (keep) {
        keep->used = 0;
        keep->next = NULL;
    }
    a->head = keep;
}

void
pd_arena_release(struct pd_arena *a)
{
    struct pd_arena_block *b = a->head;

    while (b) {
        struct pd_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}
