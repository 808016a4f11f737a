/*
 * parallel - run independent pieces of in-memory work on both cores: each
 * index of [0, n) given to fn once, by the calling thread or one helper,
 * whichever is free next.
 *
 * For the report's own CPU work after its statements (the attention's
 * facts, their sorting and judging, issue 15), which ran on one core with
 * the other idle.  The pieces must not write anything another reads; the
 * result does not depend on which thread ran which piece.
 *
 * Ownership: nothing is kept; fn's ctx is the caller's.
 * Errors: none.  When no thread can be started the caller runs every
 * piece itself, in order.
 * Limits: two threads at most (the machine this is measured on has two
 * cores, and the database server shares them).
 */
#ifndef PD_PARALLEL_H
#define PD_PARALLEL_H

#include <stddef.h>

/* fn(ctx, i) for every i in [0, n), on this thread and at most one more;
 * returns when all have returned. */
void pd_parallel_for(size_t n, void (*fn)(void *ctx, size_t i), void *ctx);

#endif
