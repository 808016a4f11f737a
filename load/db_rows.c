#include "db_rows.h"

#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/resource.h"
#include "load/db.h"

/* What the command in flight is. */
enum { STEP_DECLARE, STEP_FETCH, STEP_CLOSE, STEP_DONE };

/* Cursor names, unique in the process: one left open by a failure never
 * collides with the next statement's in the same transaction. */
static atomic_ulong cursors;

int
pd_db_rows_send(struct pd_db_rows *r, PGconn *conn, const char *path,
                int nparams, const char *const *params, int batch, bool binary,
                struct pd_err *err)
{
    const char *sql = pd_resource_get(path, NULL);
    struct pd_buf declare = PD_BUF_INIT;
    int ok;

    *r = (struct pd_db_rows){conn,      path, "",  batch > 0 ? batch : 1,
                             STEP_DONE, NULL, NULL};
    if (!sql)
        return pd_err_set(err, PD_E_INTERNAL, "embedded SQL '%s' is missing",
                          path);
    if (PQtransactionStatus(conn) != PQTRANS_INTRANS)
        return pd_err_set(err, PD_E_INTERNAL,
                          "%s: a cursor outside a transaction", path);
    snprintf(r->cursor, sizeof(r->cursor), "pd_rows_%lu",
             atomic_fetch_add(&cursors, 1));
    pd_buf_addf(&declare, "DECLARE %s %sNO SCROLL CURSOR FOR ", r->cursor,
                binary ? "BINARY " : "");
    pd_buf_addstr(&declare, sql);
    ok = PQsendQueryParams(conn, declare.buf, nparams, NULL, params, NULL, NULL,
                           0);
    pd_buf_release(&declare);
    if (!ok)
        return pd_db_fail(err, conn, NULL, path);
    r->step = STEP_DECLARE;
    return 0;
}

/* Send the cursor's next command: FETCH, or CLOSE.  0, or -1 with
 * *err. */
static int
send_step(struct pd_db_rows *r, int step, struct pd_err *err)
{
    char sql[80];

    if (step == STEP_FETCH)
        snprintf(sql, sizeof(sql), "FETCH FORWARD %d FROM %s", r->batch,
                 r->cursor);
    else
        snprintf(sql, sizeof(sql), "CLOSE %s", r->cursor);
    r->step = step;
    if (!PQsendQuery(r->conn, sql))
        return pd_db_fail(err, r->conn, NULL, r->what);
    return 0;
}

/* The command in flight ended with r->got: the next one sent, and a
 * batch's rows handed to fn.  1 when the statement is done, 0, or -1
 * with *err. */
static int
step_ended(struct pd_db_rows *r, pd_db_row_fn *fn, void *ctx,
           PGresult **columns, struct pd_err *err)
{
    PGresult *got = r->got;
    int n, rc = 0;

    r->got = NULL;
    if (!got) /* a command without a result: libpq's error */
        return pd_db_fail(err, r->conn, NULL, r->what);
    if (r->step == STEP_DECLARE) {
        PQclear(got);
        return send_step(r, STEP_FETCH, err);
    }
    if (r->step == STEP_CLOSE) {
        PQclear(got);
        r->step = STEP_DONE;
        *columns = r->columns;
        r->columns = NULL;
        return 1;
    }
    /* A batch: the next command first, so that the server works while
     * the rows are taken; a short batch was the last. */
    n = PQntuples(got);
    if (n < r->batch) {
        r->columns = PQcopyResult(got, PG_COPYRES_ATTRS);
        if (!r->columns) {
            PQclear(got);
            return pd_err_set(err, PD_E_DB, "%s: out of memory", r->what);
        }
    }
    if (send_step(r, n < r->batch ? STEP_CLOSE : STEP_FETCH, err) < 0)
        rc = -1;
    for (int i = 0; i < n && rc == 0; i++) {
        struct pd_db_row row = {got, i};

        rc = fn(&row, ctx, err);
    }
    PQclear(got);
    return rc < 0 ? -1 : 0;
}

int
pd_db_rows_take(struct pd_db_rows *r, pd_db_row_fn *fn, void *ctx,
                PGresult **columns, struct pd_err *err)
{
    *columns = NULL;
    while (r->step != STEP_DONE) {
        PGresult *res;
        int rc;

        /* A batch is whole before libpq hands it over: wait for it
         * without blocking. */
        if (PQisBusy(r->conn) && pd_db_busy(r->conn))
            return 0;
        res = PQgetResult(r->conn);
        if (res) {
            ExecStatusType want =
                r->step == STEP_FETCH ? PGRES_TUPLES_OK : PGRES_COMMAND_OK;

            if (PQresultStatus(res) != want) {
                pd_db_fail(err, r->conn, res, r->what);
                PQclear(res);
                return -1;
            }
            PQclear(r->got); /* one result per command: never more */
            r->got = res;
            continue;
        }
        rc = step_ended(r, fn, ctx, columns, err);
        if (rc != 0)
            return rc;
    }
    return pd_err_set(err, PD_E_INTERNAL, "%s: its rows were taken already",
                      r->what);
}

void
pd_db_rows_abandon(struct pd_db_rows *r)
{
    PGresult *res;

    if (r->step != STEP_DONE)
        while ((res = PQgetResult(r->conn)) != NULL)
            PQclear(res);
    PQclear(r->got);
    PQclear(r->columns);
    r->got = r->columns = NULL;
    r->step = STEP_DONE;
}

int
pd_db_stream_resource(PGconn *conn, const char *path, int nparams,
                      const char *const *params, pd_db_row_fn *fn, void *ctx,
                      struct pd_err *err)
{
    bool own = PQtransactionStatus(conn) == PQTRANS_IDLE;
    struct pd_db_rows r;
    PGresult *columns = NULL;
    int rc;

    if (own && pd_db_run(conn, "BEGIN READ ONLY", 0, NULL, err) < 0)
        return -1;
    rc = pd_db_rows_send(&r, conn, path, nparams, params, PD_DB_ROWS_BATCH,
                         false, err);
    while (rc == 0) {
        struct pollfd fd = {PQsocket(conn), POLLIN, 0};

        rc = pd_db_rows_take(&r, fn, ctx, &columns, err);
        /* EINTR or a closed socket: the next take reports it. */
        if (rc == 0 && fd.fd >= 0)
            (void)poll(&fd, 1, -1);
    }
    if (rc < 0)
        pd_db_rows_abandon(&r);
    PQclear(columns);
    if (own) {
        struct pd_err ignored = PD_ERR_INIT;

        if (rc > 0)
            return pd_db_run(conn, "COMMIT", 0, NULL, err);
        (void)pd_db_run(conn, "ROLLBACK", 0, NULL, &ignored);
    }
    return rc < 0 ? -1 : 0;
}
