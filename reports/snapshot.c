#include "snapshot.h"

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
    /* work_mem for the transaction only: at the default 4 MB the report's
     * week x cell aggregates (attention, 570 k ticket rows) sorted on
     * disk; 64 MB keeps them in memory (issue 15). */
    return pd_db_run(conn,
                     "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; "
                     "SET LOCAL work_mem = '64MB'",
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
             "SET TRANSACTION SNAPSHOT '%.100s'; SET LOCAL work_mem = '64MB'",
             id);
    PQclear(res);
    other = pd_db_connect_like(conn, err);
    if (other && pd_db_run(other, sql, 0, NULL, err) < 0) {
        pd_db_close(other);
        return NULL;
    }
    return other;
}

/* The second connection's queue: its statement in flight (-1: none) and
 * the statements still to send, st's indexes in its order. */
struct queue {
    PGconn *conn;
    const struct pd_report_stmt *st;
    int busy;
    size_t *order, norder, next;
};

/* Collect the second connection's finished statement (waiting for it when
 * wait) and send its next one.  0, or -1 with *err. */
static int
advance(struct queue *q, bool wait, PGresult **res, struct pd_err *err)
{
    if (q->busy >= 0 && (wait || !pd_db_busy(q->conn))) {
        size_t i = (size_t)q->busy;

        q->busy = -1;
        res[i] = pd_db_collect(q->conn, q->st[i].sql, err);
        if (!res[i])
            return -1;
    }
    if (q->busy < 0 && q->next < q->norder) {
        size_t i = q->order[q->next++];

        if (pd_db_send_resource(q->conn, q->st[i].sql, q->st[i].nparams,
                                q->st[i].params, err) < 0)
            return -1;
        q->busy = (int)i;
    }
    return 0;
}

/* The second connection's statements by rank, the array's order among
 * equals; their count. */
static size_t
second_order(const struct pd_report_stmt *st, size_t n, size_t *order)
{
    size_t k = 0;
    int rank = 0, next;

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

int
pd_report_snapshot_run(PGconn *conn, const struct pd_report_stmt *st, size_t n,
                       PGresult **res, struct pd_err *err)
{
    struct pd_err ignored = PD_ERR_INIT;
    struct queue q = {NULL, st, -1, NULL, 0, 0};
    int rc = 0;

    for (size_t i = 0; i < n; i++)
        res[i] = NULL;
    q.order = pd_xcalloc(n + 1, sizeof(*q.order));
    q.norder = second_order(st, n, q.order);
    if (q.norder > 0)
        q.conn = pd_report_snapshot_share(conn, &ignored);
    if (q.conn)
        rc = advance(&q, false, res, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (q.conn && st[i].second > 0)
            continue;
        res[i] = pd_db_exec_resource(conn, st[i].sql, st[i].nparams,
                                     st[i].params, err);
        if (!res[i])
            rc = -1;
        else if (q.conn)
            rc = advance(&q, false, res, err);
    }
    while (rc == 0 && q.conn && (q.busy >= 0 || q.next < q.norder))
        rc = advance(&q, true, res, err);
    if (q.conn) {
        /* A statement still in flight after a failure is read away. */
        if (q.busy >= 0)
            PQclear(pd_db_collect(q.conn, "", &ignored));
        (void)pd_report_snapshot_end(q.conn, rc == 0, &ignored);
        pd_db_close(q.conn);
    }
    free(q.order);
    if (rc < 0)
        for (size_t i = 0; i < n; i++) {
            PQclear(res[i]);
            res[i] = NULL;
        }
    return rc;
}
