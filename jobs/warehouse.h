/*
 * warehouse - open the configured (or embedded) warehouse for a command:
 * resolve the connection, connect, migrate.
 *
 * Ownership: the connection is the caller's; pd_db_close() it.
 * Errors: NULL with *err (PD_E_DB, or the cluster's error).
 * Limits: none.
 */
#ifndef PD_WAREHOUSE_H
#define PD_WAREHOUSE_H

#include <libpq-fe.h>

#include "common/err.h"
#include "jobs/cli.h"

PGconn *pd_warehouse_open(struct pd_globals *g, struct pd_err *err);

#endif
