#include "snapshot.h"

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
