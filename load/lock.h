/*
 * lock - one run of a job at a time, across processes and hosts: a
 * PostgreSQL session-level advisory lock keyed by the job's name.
 *
 * The lock lives as long as the session that took it, so it is held on a
 * connection of its own for the whole run and never outlives its process:
 * a `kill -9` closes the socket, the server ends the session and the lock
 * is free.  The session's application_name says who holds it ("prodops run
 * weekly (host:pid)"), which pd_lock_holder() reads back through pg_locks
 * and pg_stat_activity for the loser's message.
 *
 * Ownership: the connection is the caller's (see load/db.h); nothing is
 * kept here.
 * Errors: -1 with *err (PD_E_DB).
 * Limits: the key is (hashtext('prodops.job'), hashtext(job)): two job
 * names with the same 32-bit hash share a lock (they then never run
 * together, which is safe).  application_name is cut at 63 bytes by the
 * server.
 */
#ifndef PD_LOCK_H
#define PD_LOCK_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "common/err.h"

struct pd_lock_holder {
    char application[64]; /* the holder's application_name */
    char host[64];        /* parsed from it; "" when it is not ours */
    long pid;             /* the holder's process id, or 0 when unknown */
    char since[32];       /* "YYYY-MM-DD HH:MM:SS UTC": when it took it */
};

/* Name the session (application_name) so that a loser can say who holds
 * the lock. */
int pd_lock_set_name(PGconn *conn, const char *name, struct pd_err *err);

/* Try to take the job's lock without waiting: 1 taken, 0 held by another
 * session, -1 error. */
int pd_lock_try(PGconn *conn, const char *job, struct pd_err *err);

/* Who holds the job's lock: 1 filled, 0 nobody (released meanwhile),
 * -1 error. */
int pd_lock_holder(PGconn *conn, const char *job, struct pd_lock_holder *h,
                   struct pd_err *err);

/* Release a lock this session holds (closing the session does it too). */
int pd_lock_release(PGconn *conn, const char *job, struct pd_err *err);

#endif
