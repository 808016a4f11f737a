/*
 * arena - region allocator with O(1) reset for run/file/row lifetimes.
 *
 * Allocations come from large blocks; pd_arena_reset() keeps the first
 * block and frees the rest, so a per-row arena stays at its high-water
 * mark and memory does not grow with file size (PostgreSQL's per-tuple
 * memory context).
 *
 * Ownership: the arena owns every allocation made from it; they all die
 * at the next pd_arena_reset() or pd_arena_release().  Never free() them.
 * Errors: none; out-of-memory exits through xalloc.
 * Limits: a single allocation larger than the block size gets its own block.
 */
#ifndef PD_ARENA_H
#define PD_ARENA_H

#include <stddef.h>

struct pd_arena_block;

struct pd_arena {
    struct pd_arena_block *head; /* current block, newest first */
    size_t block_size;
};

/* Prepare an empty arena; block_size 0 means 64 KiB. */
void pd_arena_init(struct pd_arena *a, size_t block_size);

/* Aligned (max_align_t) uninitialised memory, never NULL. */
void *pd_arena_alloc(struct pd_arena *a, size_t n);

/* Copy n bytes of s and NUL-terminate. */
char *pd_arena_strndup(struct pd_arena *a, const char *s, size_t n);
char *pd_arena_strdup(struct pd_arena *a, const char *s);
char *pd_arena_printf(struct pd_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Forget every allocation; keeps one block for reuse. */
void pd_arena_reset(struct pd_arena *a);

/* Free everything; the arena may be initialised again. */
void pd_arena_release(struct pd_arena *a);

#endif
