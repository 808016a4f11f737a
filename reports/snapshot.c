#include "snapshot.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "load/db.h"

int
pd_report_snapshot_begin(PGconn *conn, struct pd_err *err)
{
    if (PQtransactionStatus(conn) != PQTRANS_IDLE)
        return pd_err_set(err, PD_E_INTERNAL,
                          "a report began inside an open transaction");
    /* The server's work_mem (4 MB by default).  The report's sessions
     * had 64 MB so that the attention families' week x cell aggregates
     * of 570 k ticket rows would not sort on disk; those are grouped by
     * the report now (reports/attention_stream.h), and at 64 MB the
     * planner hashed the 1.8 M rollup rows of adoption instead of its 98
     * days and sorted their distinct rows on disk all the same:
     * adoption 4.8-5.3 s against 3.3-3.6 s (psql, JIT off, interleaved,
     * the report bench warehouse), every output identical (issue 15). */
    return pd_db_run(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                     0, NULL, err);
}

int
pd_report_snapshot_end(PGconn *conn, bool ok, struct pd_err *err)
{
    struct pd_err ignored = PD_ERR_INIT;

    if (ok)
        return pd_db_run(conn, "COMMIT", 0, NULL, err);
    /* The report's own error is the one to show. */
    (void)pd_db_run(conn, "ROLLBACK", 0, NULL, &ignored);
    return 0;
}

/* Once two connections share a report's snapshot, neither asks for
 * parallel workers for the rest of the transaction: two statements at
 * once already keep two cores busy, and the workers' coordination was
 * then pure cost (the weekly report at the bench warehouse took 12 %
 * more CPU with them: 29-30 against 25-26.5 CPU-seconds, 15.3-17.3 s
 * against 15.2-15.8 s in four interleaved pairs, issue 15). */
#define NO_PARALLEL_WORKERS "SET LOCAL max_parallel_workers_per_gather = 0"

PGconn *
pd_report_snapshot_share(PGconn *conn, struct pd_err *err)
{
    char sql[256];
    PGresult *res;
    PGconn *other;
    const char *id;

    /* A failed statement would abort the report's own transaction: a hot
     * standby, which may not export snapshots, is not asked. */
    res = pd_db_exec(conn,
                     "SELECT CASE WHEN NOT pg_is_in_recovery() "
                     "THEN pg_export_snapshot() END",
                     0, NULL, err);
    if (!res)
        return NULL;
    if (PQgetisnull(res, 0, 0)) {
        pd_err_set(err, PD_E_DB, "a standby shares no snapshot");
        PQclear(res);
        return NULL;
    }
    id = PQgetvalue(res, 0, 0);
    /* SET TRANSACTION SNAPSHOT takes no parameter: the server's id
     * ("00000003-0000001B-1") is pasted, checked to be hex and dashes. */
    if (strlen(id) > 100 || id[strspn(id, "0123456789ABCDEFabcdef-")]) {
        pd_err_set(err, PD_E_DB, "unexpected snapshot id '%.100s'", id);
        PQclear(res);
        return NULL;
    }
    snprintf(sql, sizeof(sql),
             "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; "
             "SET TRANSACTION SNAPSHOT '%.100s'; " NO_PARALLEL_WORKERS,
             id);
    PQclear(res);
    other = pd_db_connect_like(conn, err);
    if (other && pd_db_run(other, sql, 0, NULL, err) < 0) {
        pd_db_close(other);
        return NULL;
    }
    if (other && pd_db_run(conn, NO_PARALLEL_WORKERS, 0, NULL, err) < 0) {
        (void)pd_report_snapshot_end(other, false, NULL);
        pd_db_close(other);
        return NULL;
    }
    return other;
}

/* Statements still to send, st's indexes in their order. */
struct pending {
    size_t *order, norder, next;
};

/* One connection's queue: its statement in flight (-1: none), its own
 * statements still to send, then those either connection may run
 * (PD_STMT_EITHER), shared with the other queue. */
struct queue {
    PGconn *conn;
    int busy;
    struct pending own, *either;
};

/* Send q's next statement, if any, when it has none in flight.  0, or -1
 * with *err. */
static int
send_next(struct queue *q, const struct pd_report_stmt *st, struct pd_err *err)
{
    size_t i;

    if (q->busy >= 0)
        return 0;
    if (q->own.next < q->own.norder)
        i = q->own.order[q->own.next++];
    else if (q->either->next < q->either->norder)
        i = q->either->order[q->either->next++];
    else
        return 0;
    if (pd_db_send_resource(q->conn, st[i].sql, st[i].nparams, st[i].params,
                            err) < 0)
        return -1;
    q->busy = (int)i;
    if (st[i].rows && !PQsetSingleRowMode(q->conn))
        return pd_db_fail(err, q->conn, NULL, st[i].sql);
    return 0;
}

/* Hand the rows of q's statement s that have arrived to s->rows(), and
 * its final result to *res: 1 when the statement is done (the rows' end
 * is for the caller to tell s->rows()), 0 while rows are still to come,
 * -1 with *err. */
static int
take_rows(struct queue *q, const struct pd_report_stmt *s, PGresult **res,
          struct pd_err *err)
{
    for (;;) {
        PGresult *r;

        /* Read the socket only when the rows buffered are used up: each
         * read moves the unread rest to the buffer's start, so a read per
         * row made a long result quadratic. */
        if (PQisBusy(q->conn) && pd_db_busy(q->conn))
            return 0;
        r = PQgetResult(q->conn);

        if (!r)
            return *res ? 1 : pd_db_fail(err, q->conn, NULL, s->sql);
        if (PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
            int rc = s->rows(r, s->ctx, err);

            PQclear(r);
            if (rc < 0)
                return -1;
        } else if (PQresultStatus(r) == PGRES_TUPLES_OK) {
            *res = r;
        } else {
            pd_db_fail(err, q->conn, r, s->sql);
            PQclear(r);
            return -1;
        }
    }
    return 0;
}

/* Read what has arrived on q's connection and, when its statement is
 * done, store the result and send the next.  *progress set when a
 * statement finished.  0, or -1 with *err (a statement still in flight
 * is left to drain()). */
static int
advance(struct queue *q, const struct pd_report_stmt *st, PGresult **res,
        bool *progress, struct pd_err *err)
{
    size_t i;

    if (q->busy < 0)
        return 0;
    i = (size_t)q->busy;
    if (st[i].rows) {
        int done = take_rows(q, &st[i], &res[i], err);

        if (done <= 0)
            return done;
    } else {
        if (pd_db_busy(q->conn))
            return 0;
        res[i] = pd_db_collect(q->conn, st[i].sql, err);
        if (!res[i]) {
            q->busy = -1; /* collected to the end */
            return -1;
        }
    }
    q->busy = -1;
    *progress = true;
    /* The next statement first, then the rows' end: the server runs the
     * one while a stream makes its facts at the other (0.3-0.4 s for the
     * attention's tickets, on a report bench week, issue 15). */
    if (send_next(q, st, err) < 0)
        return -1;
    return st[i].rows && st[i].rows(NULL, st[i].ctx, err) < 0 ? -1 : 0;
}

/* Sleep until a busy connection of q[0..n) has input to read. */
static void
wait_input(const struct queue *q, size_t n)
{
    struct pollfd fd[2];
    nfds_t k = 0;

    for (size_t i = 0; i < n && k < 2; i++)
        if (q[i].busy >= 0 && PQsocket(q[i].conn) >= 0)
            fd[k++] = (struct pollfd){PQsocket(q[i].conn), POLLIN, 0};
    /* EINTR or a closed socket: the caller looks again, and a broken
     * connection then reports its error through PQgetResult(). */
    if (k > 0)
        (void)poll(fd, k, -1);
}

/* Indexes of the statements st[i].second selects for a list: rank 0 the
 * report's own, PD_STMT_EITHER either connection's (the array's order);
 * > 0 the second connection's, by rank, the array's order among equals.
 * Their count. */
static size_t
queue_order(const struct pd_report_stmt *st, size_t n, int which, size_t *order)
{
    size_t k = 0;
    int rank = 0, next;

    if (which <= 0) {
        for (size_t i = 0; i < n; i++)
            if (st[i].second == which)
                order[k++] = i;
        return k;
    }
    for (;;) {
        next = 0;
        for (size_t i = 0; i < n; i++)
            if (st[i].second > rank && (next == 0 || st[i].second < next))
                next = st[i].second;
        if (next == 0)
            return k;
        for (size_t i = 0; i < n; i++)
            if (st[i].second == next)
                order[k++] = i;
        rank = next;
    }
}

/* Read away, unseen, a statement still in flight after a failure (its
 * rows, its result), so that the connection can end its transaction. */
static void
drain(struct queue *q)
{
    PGresult *r;

    if (q->busy >= 0)
        while ((r = PQgetResult(q->conn)) != NULL)
            PQclear(r);
    q->busy = -1;
}

int
pd_report_snapshot_run(PGconn *conn, const struct pd_report_stmt *st, size_t n,
                       PGresult **res, struct pd_err *err)
{
    struct pd_err ignored = PD_ERR_INIT;
    struct pending either = {pd_xcalloc(n + 1, sizeof(size_t)), 0, 0};
    struct queue q[2] = {{conn, -1, {NULL, 0, 0}, &either},
                         {NULL, -1, {NULL, 0, 0}, &either}};
    size_t nq = 1;
    int rc = 0;

    for (size_t i = 0; i < n; i++)
        res[i] = NULL;
    q[0].own.order = pd_xcalloc(n + 1, sizeof(size_t));
    q[1].own.order = pd_xcalloc(n + 1, sizeof(size_t));
    q[1].own.norder = queue_order(st, n, 1, q[1].own.order);
    either.norder = queue_order(st, n, PD_STMT_EITHER, either.order);
    if (q[1].own.norder > 0 || either.norder > 0)
        q[1].conn = pd_report_snapshot_share(conn, &ignored);
    if (q[1].conn) {
        q[0].own.norder = queue_order(st, n, 0, q[0].own.order);
        nq = 2;
    } else {
        for (size_t i = 0; i < n; i++) /* every statement on conn */
            q[0].own.order[i] = i;
        q[0].own.norder = n;
        either.norder = 0;
    }
    /* Both connections are read as their rows arrive: a statement whose
     * result outgrows the socket's buffer would otherwise wait, its
     * backend idle, until the other connection's statement ended (the
     * adoption rates: 5 s of CPU took 12.5 s, issue 15). */
    for (size_t k = 0; k < nq && rc == 0; k++)
        rc = send_next(&q[k], st, err);
    while (rc == 0 && (q[0].busy >= 0 || (nq > 1 && q[1].busy >= 0))) {
        bool progress = false;

        for (size_t k = 0; k < nq && rc == 0; k++)
            rc = advance(&q[k], st, res, &progress, err);
        if (rc == 0 && !progress)
            wait_input(q, nq);
    }
    for (size_t k = 0; k < nq; k++)
        drain(&q[k]);
    if (q[1].conn) {
        (void)pd_report_snapshot_end(q[1].conn, rc == 0, &ignored);
        pd_db_close(q[1].conn);
    }
    free(q[0].own.order);
    free(q[1].own.order);
    free(either.order);
    if (rc < 0)
        for (size_t i = 0; i < n; i++) {
            PQclear(res[i]);
            res[i] = NULL;
        }
    return rc;
}
