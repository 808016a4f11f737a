#include "snapshot.h"

#include "load/db.h"

int
pd_report_snapshot_begin(PGconn *conn, struct pd_err *err)
{
    if (PQtransactionStatus(conn) != PQTRANS_IDLE)
        return pd_err_set(err, PD_E_INTERNAL,
                          "a report began inside an open transaction");
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
