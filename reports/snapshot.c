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

/* One run: its statements, their results, and which are sent and
 * ended. */
struct run {
    const struct pd_report_stmt *st;
    size_t n;
    PGresult **res;
    bool *sent, *done;
};

/* One connection and its statement in flight (-1: none), with its
 * cursor when its rows are streamed. */
struct queue {
    PGconn *conn;
    int busy;
    struct pd_db_rows rows;
};

/* The first statement not yet sent whose after has ended; -1 for none.
 * The array's order: its first unsent one waits only on an earlier one,
 * which is then in flight, so the run always moves. */
static long
pick(const struct run *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (!r->sent[i] && (r->st[i].after == 0 || r->done[r->st[i].after - 1]))
            return (long)i;
    return -1;
}

/* Send the next ready statement on q, when it has none in flight.  0, or
 * -1 with *err. */
static int
send_next(struct queue *q, struct run *r, struct pd_err *err)
{
    const struct pd_report_stmt *s;
    long i;

    if (q->busy >= 0 || (i = pick(r)) < 0)
        return 0;
    s = &r->st[i];
    r->sent[i] = true;
    if (s->prepare && s->prepare(r->res[s->after - 1], s->prepare_ctx, err) < 0)
        return -1;
    if (s->rows
            ? pd_db_rows_send(&q->rows, q->conn, s->sql, s->nparams, s->params,
                              PD_DB_ROWS_BATCH, s->binary, err) < 0
            : pd_db_send_resource(q->conn, s->sql, s->nparams, s->params, err) <
                  0)
        return -1;
    q->busy = (int)i;
    return 0;
}

/* Read what has arrived on q[k]'s connection and, when its statement is
 * done, store the result and send the next statements (of every idle
 * connection of q[0..nq): the one done may be what another waited for).
 * *progress set when a statement finished.  0, or -1 with *err (a
 * statement still in flight is left to drain()). */
static int
advance(struct queue *q, size_t nq, size_t k, struct run *r, bool *progress,
        struct pd_err *err)
{
    const struct pd_report_stmt *s;
    size_t i;

    if (q[k].busy < 0)
        return 0;
    i = (size_t)q[k].busy;
    s = &r->st[i];
    if (s->rows) {
        int done =
            pd_db_rows_take(&q[k].rows, s->rows, s->ctx, &r->res[i], err);

        if (done <= 0)
            return done;
    } else {
        if (pd_db_busy(q[k].conn))
            return 0;
        r->res[i] = pd_db_collect(q[k].conn, s->sql, err);
        if (!r->res[i]) {
            q[k].busy = -1; /* collected to the end */
            return -1;
        }
    }
    q[k].busy = -1;
    r->done[i] = true;
    *progress = true;
    /* The next statements first, then the rows' end: the server runs
     * them while a stream makes its facts at the other (0.3-0.4 s for
     * the attention's tickets, on a report bench week, issue 15). */
    for (size_t j = 0; j < nq; j++)
        if (send_next(&q[(k + j) % nq], r, err) < 0)
            return -1;
    return s->rows && s->rows(NULL, s->ctx, err) < 0 ? -1 : 0;
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

/* Read away, unseen, a statement still in flight after a failure (its
 * rows, its result), so that the connection can end its transaction. */
static void
drain(struct queue *q, const struct run *r)
{
    PGresult *res;

    if (q->busy >= 0 && r->st[q->busy].rows)
        pd_db_rows_abandon(&q->rows);
    else if (q->busy >= 0)
        while ((res = PQgetResult(q->conn)) != NULL)
            PQclear(res);
    q->busy = -1;
}

static int
run(PGconn *conn, struct run *r, struct pd_err *err)
{
    struct pd_err ignored = PD_ERR_INIT;
    struct queue q[2] = {{.conn = conn, .busy = -1}, {.busy = -1}};
    size_t nq = 1;
    int rc = 0;

    if (r->n > 1 && (q[1].conn = pd_report_snapshot_share(conn, &ignored)))
        nq = 2;
    /* Both connections are read as their rows arrive: a statement whose
     * result outgrows the socket's buffer would otherwise wait, its
     * backend idle, until the other connection's statement ended (the
     * adoption rates: 5 s of CPU took 12.5 s, issue 15). */
    for (size_t k = 0; k < nq && rc == 0; k++)
        rc = send_next(&q[k], r, err);
    for (;;) {
        bool progress = false, busy = false;

        for (size_t k = 0; k < nq && rc == 0; k++)
            rc = advance(q, nq, k, r, &progress, err);
        for (size_t k = 0; k < nq; k++)
            busy = busy || q[k].busy >= 0;
        if (rc < 0 || !busy)
            break;
        if (!progress)
            wait_input(q, nq);
    }
    for (size_t k = 0; k < nq; k++)
        drain(&q[k], r);
    if (q[1].conn) {
        (void)pd_report_snapshot_end(q[1].conn, rc == 0, &ignored);
        pd_db_close(q[1].conn);
    }
    return rc;
}

int
pd_report_snapshot_run(PGconn *conn, const struct pd_report_stmt *st, size_t n,
                       PGresult **res, struct pd_err *err)
{
    struct run r = {st, n, res, pd_xcalloc(n + 1, sizeof(bool)),
                    pd_xcalloc(n + 1, sizeof(bool))};
    int rc = 0;

    for (size_t i = 0; i < n; i++) {
        res[i] = NULL;
        if (st[i].after > i)
            rc = pd_err_set(err, PD_E_INTERNAL,
                            "a report's statement %zu waits on a later one", i);
    }
    if (rc == 0)
        rc = run(conn, &r, err);
    free(r.sent);
    free(r.done);
    if (rc < 0)
        for (size_t i = 0; i < n; i++) {
            PQclear(res[i]);
            res[i] = NULL;
        }
    return rc;
}
