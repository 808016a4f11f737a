#include "snapshot.h"

#include <stdio.h>
#include <string.h>

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
