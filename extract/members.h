/*
 * members - read the members of a zip archive on worker threads and hand
 * out their stream items in member order.
 *
 * Each worker takes the next member, reads it through its own source
 * handle and a sequential stream (inflate, decode, CSV or JSON parse), and
 * queues deep copies of the items that stream gives: MEMBER, HEADER,
 * RECORDs, END and the member's error, if any.  The caller drains member
 * k's queue completely before member k + 1's, so it sees exactly the items
 * and errors a sequential read of the archive gives, in the same order
 * (issue 15: later rows win ties, reject lines stay right).
 *
 * Ownership: pd_members_start() returns a heap object and starts the
 * threads; pd_members_stop() stops them (a worker stops at its next queued
 * batch), joins them and frees everything.  src must outlive it; the
 * workers only read its name and bytes, the caller's thread may use it
 * meanwhile.  An item's pointers are borrowed until the second
 * pd_members_next() after it.
 * Errors: an error item comes back as -1 with *err and *can_skip filled,
 * where the sequential stream would have returned it.
 * Limits: at most nthreads + 1 members are in flight, each with at most
 * PD_MEMBERS_QUEUE batches of PD_MEMBERS_BATCH items queued: a worker
 * ahead of the caller waits.  Memory does not grow with member size.
 */
#ifndef PD_MEMBERS_H
#define PD_MEMBERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "extract/source.h"
#include "extract/stream.h"

enum { PD_MEMBERS_BATCH = 512, PD_MEMBERS_QUEUE = 4 };

struct pd_members;

/* Read the members at zip entries entries[0..n) (copied) of src on
 * nthreads workers.  NULL when no thread could start: the caller then
 * reads them itself. */
struct pd_members *pd_members_start(struct pd_source *src,
                                    const int64_t *entries, size_t n,
                                    size_t nthreads,
                                    const struct pd_stream_opts *opts);

/* The next item in member order: 1 (*it filled; *encoding is the
 * encoding of a MEMBER that opened, else NULL), 0 every member was read,
 * -1 a member's error (*err, and *can_skip as pd_stream_can_skip() would
 * say).  Each member's doubts and compressed size are counted in src when
 * its end is passed. */
int pd_members_next(struct pd_members *m, struct pd_stream_item *it,
                    const char **encoding, bool *can_skip, struct pd_err *err);

/* Drop the rest of the current member (pd_stream_skip()). */
void pd_members_skip(struct pd_members *m);

/* Stop, join and free (NULL is accepted).  Safe at any point. */
void pd_members_stop(struct pd_members *m);

#endif
