/* Issue 15: a statement's rows read in batches through a cursor
 * (load/db_rows.h) against a live server (PRODOPS_DSN, holding the report
 * fixture: tests/t/t4019-db-rows.sh runs this).  Every row comes once, in
 * the statement's order, whatever the batch size (a batch shorter than
 * the rest, an empty last FETCH after full ones); the cursor is closed
 * after; a row function that fails stops the reading and leaves the
 * transaction usable; a server error fails with PD_E_DB and the
 * connection can roll back and run again.  The statement is
 * data_through.sql ($1 today, $2 the zone): three rows of two columns,
 * ordered. */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
/* clang-format on */
#include "load/db_rows.h"

#include <libpq-fe.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/db.h"
#include "load/migrate.h"

#define SQL "reports/sql/data_through.sql"

static PGconn *conn;
static const char *const today[] = {"2030-01-01", "UTC"};

static int
setup(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    const char *dsn = getenv("PRODOPS_DSN");

    (void)state;
    if (!dsn) {
        fprintf(stderr, "PRODOPS_DSN is not set: run through tests/run\n");
        return -1;
    }
    conn = pd_db_connect(dsn, &err);
    if (!conn || pd_migrate(conn, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    pd_db_close(conn);
    return 0;
}

/* The rows a row function saw, as "value|value" ("-" for NULL), and
 * the row it fails at (0: none). */
struct seen {
    int rows, fail_at;
    char row[8][64];
};

static int
keep_row(const struct pd_db_row *row, void *ctx, struct pd_err *err)
{
    struct seen *s = ctx;
    const char *v[2];

    assert_non_null(row); /* the reader never signals the end */
    if (s->fail_at && s->rows + 1 == s->fail_at)
        return pd_err_set(err, PD_E_CONFIG, "row %d says no", s->fail_at);
    assert_true(s->rows < 8);
    for (int c = 0; c < 2; c++)
        v[c] = pd_db_row_isnull(row, c) ? "-" : pd_db_row_value(row, c);
    snprintf(s->row[s->rows++], sizeof(s->row[0]), "%s|%s", v[0], v[1]);
    return 0;
}

/* The statement's rows run plainly, as keep_row() writes them. */
static void
expected(const char *const *params, struct seen *want)
{
    struct pd_err err = PD_ERR_INIT;
    PGresult *res = pd_db_exec_resource(conn, SQL, 2, params, &err);

    if (!res)
        fail_msg("plain run: %s", err.msg);
    *want = (struct seen){0};
    for (int i = 0; i < PQntuples(res); i++) {
        struct pd_db_row row = {res, i};

        assert_int_equal(keep_row(&row, want, &err), 0);
    }
    PQclear(res);
}

/* Take r's rows to the end or a failure, waiting on the socket. */
static int
take_all(struct pd_db_rows *r, struct seen *s, PGresult **columns,
         struct pd_err *err)
{
    int rc;

    while ((rc = pd_db_rows_take(r, keep_row, s, columns, err)) == 0) {
        struct pollfd fd = {PQsocket(conn), POLLIN, 0};

        (void)poll(&fd, 1, -1);
    }
    return rc;
}

static long
open_cursors(void)
{
    struct pd_err err = PD_ERR_INIT;
    PGresult *res =
        pd_db_exec(conn, "SELECT count(*) FROM pg_cursors", 0, NULL, &err);
    long n;

    if (!res)
        fail_msg("pg_cursors: %s", err.msg);
    n = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    return n;
}

static void
run(const char *sql)
{
    struct pd_err err = PD_ERR_INIT;

    if (pd_db_run(conn, sql, 0, NULL, &err) < 0)
        fail_msg("%s: %s", sql, err.msg);
}

/* Batches of 1 and 3 end with an empty FETCH after full ones, 2 with a
 * short one, 10 in one short batch: the same three rows each time. */
static void
test_every_batch_size(void **state)
{
    static const int batches[] = {1, 2, 3, 10, PD_DB_ROWS_BATCH};
    struct seen want;

    (void)state;
    expected(today, &want);
    assert_int_equal(want.rows, 3);
    for (size_t b = 0; b < sizeof(batches) / sizeof(batches[0]); b++) {
        struct pd_err err = PD_ERR_INIT;
        struct pd_db_rows r;
        struct seen s = {0};
        PGresult *columns = NULL;

        run("BEGIN");
        assert_int_equal(
            pd_db_rows_send(&r, conn, SQL, 2, today, batches[b], &err), 0);
        if (take_all(&r, &s, &columns, &err) != 1)
            fail_msg("batch %d: %s", batches[b], err.msg);
        assert_int_equal(s.rows, want.rows);
        for (int i = 0; i < s.rows; i++)
            assert_string_equal(s.row[i], want.row[i]);
        assert_non_null(columns);
        assert_int_equal(PQresultStatus(columns), PGRES_TUPLES_OK);
        assert_int_equal(PQntuples(columns), 0);
        assert_int_equal(PQnfields(columns), 2);
        PQclear(columns);
        assert_int_equal(open_cursors(), 0); /* closed at the end */
        run("COMMIT");
    }
}

/* A row function's error stops the reading (the FETCH in flight read
 * away); the transaction goes on. */
static void
test_row_function_fails(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_db_rows r;
    struct seen s = {.fail_at = 2};
    PGresult *columns = NULL;

    (void)state;
    run("BEGIN");
    assert_int_equal(pd_db_rows_send(&r, conn, SQL, 2, today, 1, &err), 0);
    assert_int_equal(take_all(&r, &s, &columns, &err), -1);
    assert_int_equal(err.code, PD_E_CONFIG);
    assert_string_equal(err.msg, "row 2 says no");
    assert_int_equal(s.rows, 1);
    assert_null(columns);
    pd_db_rows_abandon(&r);
    assert_int_equal(PQtransactionStatus(conn), PQTRANS_INTRANS);
    assert_int_equal(open_cursors(), 1); /* left to the transaction's end */
    run("COMMIT");
}

/* The server's error while fetching (an unknown zone is met row by row)
 * and while declaring (a parameter that is no date). */
static void
test_server_errors(void **state)
{
    static const char *const bad_zone[] = {"2030-01-01", "Nowhere/Zone"};
    static const char *const bad_day[] = {"not a day", "UTC"};
    const char *const *params[] = {bad_zone, bad_day};
    const char *msg[] = {"Nowhere/Zone", "not a day"};

    (void)state;
    for (int k = 0; k < 2; k++) {
        struct pd_err err = PD_ERR_INIT;
        struct pd_db_rows r;
        struct seen s = {0};
        PGresult *columns = NULL;
        struct seen want;

        run("BEGIN");
        assert_int_equal(pd_db_rows_send(&r, conn, SQL, 2, params[k], 1, &err),
                         0);
        assert_int_equal(take_all(&r, &s, &columns, &err), -1);
        assert_int_equal(err.code, PD_E_DB);
        if (!strstr(err.msg, msg[k]))
            fail_msg("error '%s' names no '%s'", err.msg, msg[k]);
        assert_null(columns);
        pd_db_rows_abandon(&r);
        run("ROLLBACK");
        expected(today, &want); /* the connection runs again */
        assert_int_equal(want.rows, 3);
    }
}

static void
test_needs_a_transaction(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_db_rows r;

    (void)state;
    assert_int_equal(pd_db_rows_send(&r, conn, SQL, 2, today, 1, &err), -1);
    assert_int_equal(err.code, PD_E_INTERNAL);
    assert_int_equal(PQtransactionStatus(conn), PQTRANS_IDLE);
}

/* pd_db_stream_resource() on an idle connection runs in a transaction of
 * its own, ended; inside the caller's it leaves that one open. */
static void
test_stream_resource(void **state)
{
    struct seen want;

    (void)state;
    expected(today, &want);
    for (int inside = 0; inside < 2; inside++) {
        struct pd_err err = PD_ERR_INIT;
        struct seen s = {0};

        if (inside)
            run("BEGIN");
        if (pd_db_stream_resource(conn, SQL, 2, today, keep_row, &s, &err) < 0)
            fail_msg("stream: %s", err.msg);
        assert_int_equal(s.rows, want.rows);
        for (int i = 0; i < s.rows; i++)
            assert_string_equal(s.row[i], want.row[i]);
        assert_int_equal(PQtransactionStatus(conn),
                         inside ? PQTRANS_INTRANS : PQTRANS_IDLE);
        if (inside) {
            assert_int_equal(open_cursors(), 0);
            run("COMMIT");
        }
    }
}

/* A failing row function through pd_db_stream_resource(): its error,
 * and its own transaction rolled back. */
static void
test_stream_resource_fails(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct seen s = {.fail_at = 3};

    (void)state;
    assert_int_equal(
        pd_db_stream_resource(conn, SQL, 2, today, keep_row, &s, &err), -1);
    assert_string_equal(err.msg, "row 3 says no");
    assert_int_equal(s.rows, 2);
    assert_int_equal(PQtransactionStatus(conn), PQTRANS_IDLE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_batch_size),
        cmocka_unit_test(test_row_function_fails),
        cmocka_unit_test(test_server_errors),
        cmocka_unit_test(test_needs_a_transaction),
        cmocka_unit_test(test_stream_resource),
        cmocka_unit_test(test_stream_resource_fails),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
