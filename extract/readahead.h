/*
 * readahead - run a byte producer on its own thread, a few blocks ahead.
 *
 * Amplitude ships a zip of gzipped JSON: zlib's inflate is a third of
 * reading it and the JSON parser another third, both on one core (issue
 * 15).  A readahead runs the inflate on a second thread while the caller
 * parses: pd_readahead_read() hands out the producer's bytes in the order
 * it made them, so a member reads exactly as it would without the thread.
 *
 * Ownership: pd_readahead_start() returns a heap object and starts the
 * thread; pd_readahead_stop() stops it (waiting for the block it is
 * filling), joins it and frees everything.  While it runs, the producer's
 * state belongs to the thread: the caller must not touch it until stop.
 * Errors: the producer's -1 and its struct pd_err are handed over in
 * order, after the bytes it made before failing; they repeat on every
 * later read, as its end (0) does.
 * Limits: memory is PD_READAHEAD_BLOCKS blocks of PD_READAHEAD_BLOCK bytes.
 */
#ifndef PD_READAHEAD_H
#define PD_READAHEAD_H

#include <stddef.h>
#include <sys/types.h>

#include "common/err.h"

enum { PD_READAHEAD_BLOCK = 256 * 1024, PD_READAHEAD_BLOCKS = 4 };

/* Fill up to n bytes of buf: >0 bytes made, 0 the end, -1 *err filled.
 * Called on the readahead's thread only. */
typedef ssize_t (*pd_readahead_fn)(void *ctx, char *buf, size_t n,
                                   struct pd_err *err);

struct pd_readahead;

/* Start producing from fn(ctx, ...).  NULL when the thread cannot start:
 * the caller then reads fn itself. */
struct pd_readahead *pd_readahead_start(pd_readahead_fn fn, void *ctx);

/* Up to n bytes in the producer's order: >0 bytes, 0 its end, -1 its
 * error in *err.  Waits while the producer is behind. */
ssize_t pd_readahead_read(struct pd_readahead *ra, char *buf, size_t n,
                          struct pd_err *err);

/* Stop, join and free (NULL is accepted).  Safe at any point: unread
 * blocks are dropped. */
void pd_readahead_stop(struct pd_readahead *ra);

#endif
