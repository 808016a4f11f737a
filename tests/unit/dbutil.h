/*
 * dbutil - what the cmocka programs run against the server
 * (tests/unit/db_*.c) share: one connection to PRODOPS_DSN, migrated,
 * opened by the group's setup and closed by its teardown.  Header-only
 * (static inline, one translation unit per program); include after
 * <cmocka.h>.
 *
 * Ownership: pd_test_conn belongs to the group, from setup to teardown.
 * Errors: setup fails the group (-1, the reason on stderr) without
 * PRODOPS_DSN (the programs run through tests/t scripts) or when the
 * server refuses.
 */
#ifndef PD_TEST_DBUTIL_H
#define PD_TEST_DBUTIL_H

#include <stdio.h>
#include <stdlib.h>

#include "load/db.h"
#include "load/migrate.h"

static PGconn *pd_test_conn;

static inline int
pd_test_db_setup(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    const char *dsn = getenv("PRODOPS_DSN");

    (void)state;
    if (!dsn) {
        fprintf(stderr, "PRODOPS_DSN is not set: run through tests/run\n");
        return -1;
    }
    pd_test_conn = pd_db_connect(dsn, &err);
    if (!pd_test_conn || pd_migrate(pd_test_conn, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static inline int
pd_test_db_teardown(void **state)
{
    (void)state;
    pd_db_close(pd_test_conn);
    pd_test_conn = NULL;
    return 0;
}

#endif
