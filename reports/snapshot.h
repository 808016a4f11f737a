/*
 * snapshot - one consistent view of the warehouse for one report.
 *
 * A report runs a dozen queries; run one by one in autocommit, a load that
 * commits between two of them makes the report disagree with itself (a
 * week's count in the trend differing from the same week's
 * tickets_previous).  Every report therefore reads inside one read-only
 * REPEATABLE READ transaction: PostgreSQL takes the snapshot at the first
 * query and every later query sees exactly that state, whatever commits
 * meanwhile.  Read-only also guarantees that a report never writes.
 *
 * Ownership: the transaction belongs to the connection; the caller ends
 * what it began, on every path (pd_report_snapshot_end() in both cases).
 * Errors: -1 with *err (PD_E_DB) when the server refuses; PD_E_INTERNAL
 * when the connection is already inside a transaction (a caller's bug:
 * BEGIN would only warn, and the COMMIT would then end the caller's work).
 * Limits: a snapshot held for a long report keeps VACUUM from removing
 * rows deleted after it began; reports take seconds, not hours.
 */
#ifndef PD_SNAPSHOT_H
#define PD_SNAPSHOT_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "common/err.h"
#include "load/db.h"
#include "load/db_rows.h"

/* BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY on an idle
 * connection.  0, or -1 with *err. */
int pd_report_snapshot_begin(PGconn *conn, struct pd_err *err);

/* End the transaction pd_report_snapshot_begin() opened: COMMIT when ok,
 * else ROLLBACK (the transaction wrote nothing, so either only releases
 * the snapshot).  With ok false the ROLLBACK's own failure is ignored and
 * *err is left as the caller's first error; returns 0 / -1. */
int pd_report_snapshot_end(PGconn *conn, bool ok, struct pd_err *err);

/* A second connection inside the same snapshot, so that a report can run
 * two of its queries at once (two cores) and still read one state: conn
 * must be in the transaction pd_report_snapshot_begin() opened; the new
 * connection (pd_db_connect_like()) begins its own read-only REPEATABLE
 * READ transaction on conn's exported snapshot; both then run without
 * parallel workers until their transactions end (two statements at once
 * fill the cores the workers would have).  The caller ends it with
 * pd_report_snapshot_end() and closes it with pd_db_close(), before
 * conn's transaction ends.  NULL with *err when the server refuses (a
 * connection limit, a role without login from another host): the report
 * can still run everything on conn. */
PGconn *pd_report_snapshot_share(PGconn *conn, struct pd_err *err);

/* One statement of pd_report_snapshot_run(): an embedded resource
 * (common/resource.h) and its parameters.  With rows set, the rows are
 * handed to rows() one at a time as they arrive, fetched in batches
 * through a cursor (load/db_rows.h: memory does not grow with their
 * count), then rows(NULL) once after the last (when the connections'
 * next statements have been sent), and the result stored is the
 * statement's last one without its rows (its columns).
 * after: 0, or 1 + the index of an earlier statement of the same array
 * whose result this one needs: it is sent only once that one has ended,
 * prepare() (when set) having first been handed that result and
 * prepare_ctx to fill the parameters params points to (its -1 with *err
 * fails the run as a failed statement does). */
typedef int pd_report_prepare_fn(const PGresult *before, void *ctx,
                                 struct pd_err *err);
struct pd_report_stmt {
    const char *sql;
    int nparams;
    const char *const *params;
    pd_db_row_fn *rows;
    void *ctx;
    bool binary; /* rows in the binary format (load/db_rows.h) */
    size_t after;
    pd_report_prepare_fn *prepare;
    void *prepare_ctx;
};

/* Run the n statements of st in conn's snapshot (conn inside the
 * transaction pd_report_snapshot_begin() opened) and store the result of
 * st[i] in res[i]: on conn and a second connection sharing the snapshot
 * (pd_report_snapshot_share()) -- two statements at once on two cores --
 * each taking, whenever it is free, the first statement of the array
 * not yet sent whose after has ended.  Both connections are read as
 * their rows arrive, so that neither server waits on a full socket; the
 * second is ended and closed before the call returns.  Where it cannot
 * be opened every statement runs on conn, in the array's order.  The
 * parameters need only live for the call.
 * Ownership: res[i] owned by the caller, PQclear() each.  Errors: -1 with
 * *err (PD_E_DB) when a statement fails, or a rows() or prepare()
 * function's error (the rest of that statement's rows are then read away
 * unseen); PD_E_INTERNAL when an after names no earlier statement; every
 * res[i] is then NULL. */
int pd_report_snapshot_run(PGconn *conn, const struct pd_report_stmt *st,
                           size_t n, PGresult **res, struct pd_err *err);

#endif
