#include "warehouse.h"

#include "load/db.h"
#include "load/migrate.h"

PGconn *
pd_warehouse_open(struct pd_globals *g, struct pd_err *err)
{
    const char *conninfo = pd_cli_conninfo(g, err);
    PGconn *conn;

    if (!conninfo)
        return NULL;
    conn = pd_db_connect(conninfo, err);
    if (conn && pd_migrate(conn, err) < 0) {
        pd_db_close(conn);
        return NULL;
    }
    return conn;
}
