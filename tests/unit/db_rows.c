/* Issue 15: a statement's rows read in batches through a cursor
 * (load/db_rows.h) against a live server (PRODOPS_DSN, holding the report
 * fixture: tests/t/t4019-db-rows.sh runs this).  Every row comes once, in
 * the statement's order, whatever the batch size (a batch shorter than
 * the rest, an empty last FETCH after full ones); the cursor is closed
 * after; a row function that fails stops the reading and leaves the
 * transaction usable; a server error fails with PD_E_DB and the
 * connection can roll back and run again.  The statement is
 * data_through.sql ($1 today, $2 the zone): three rows of two columns,
 * ordered.  A BINARY cursor's values, read by reports/row_values.h, are
 * the text ones: attention_tickets.sql's integers, booleans, float8s,
 * texts and times. */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
/* clang-format on */
#include "load/db_rows.h"

#include <libpq-fe.h>
#include <math.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "load/db.h"
#include "reports/row_values.h"
#include "tests/unit/dbutil.h"

#define SQL "reports/sql/data_through.sql"

static const char *const today[] = {"2030-01-01", "UTC"};

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
    PGresult *res = pd_db_exec_resource(pd_test_conn, SQL, 2, params, &err);

    if (!res)
        fail_msg("plain run: %s", err.msg);
    *want = (struct seen){0};
    for (int i = 0; i < PQntuples(res); i++) {
        struct pd_db_row row = {res, i};

        assert_int_equal(keep_row(&row, want, &err), 0);
    }
    PQclear(res);
}

/* Take r's rows with fn to the end or a failure, waiting on the
 * socket. */
static int
take_all(struct pd_db_rows *r, pd_db_row_fn *fn, void *ctx, PGresult **columns,
         struct pd_err *err)
{
    int rc;

    while ((rc = pd_db_rows_take(r, fn, ctx, columns, err)) == 0) {
        struct pollfd fd = {PQsocket(pd_test_conn), POLLIN, 0};

        (void)poll(&fd, 1, -1);
    }
    return rc;
}

static long
open_cursors(void)
{
    struct pd_err err = PD_ERR_INIT;
    PGresult *res = pd_db_exec(pd_test_conn, "SELECT count(*) FROM pg_cursors",
                               0, NULL, &err);
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

    if (pd_db_run(pd_test_conn, sql, 0, NULL, &err) < 0)
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
        assert_int_equal(pd_db_rows_send(&r, pd_test_conn, SQL, 2, today,
                                         batches[b], false, &err),
                         0);
        if (take_all(&r, keep_row, &s, &columns, &err) != 1)
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
    assert_int_equal(
        pd_db_rows_send(&r, pd_test_conn, SQL, 2, today, 1, false, &err), 0);
    assert_int_equal(take_all(&r, keep_row, &s, &columns, &err), -1);
    assert_int_equal(err.code, PD_E_CONFIG);
    assert_string_equal(err.msg, "row 2 says no");
    assert_int_equal(s.rows, 1);
    assert_null(columns);
    pd_db_rows_abandon(&r);
    assert_int_equal(PQtransactionStatus(pd_test_conn), PQTRANS_INTRANS);
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
        assert_int_equal(pd_db_rows_send(&r, pd_test_conn, SQL, 2, params[k], 1,
                                         false, &err),
                         0);
        assert_int_equal(take_all(&r, keep_row, &s, &columns, &err), -1);
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
    assert_int_equal(
        pd_db_rows_send(&r, pd_test_conn, SQL, 2, today, 1, false, &err), -1);
    assert_int_equal(err.code, PD_E_INTERNAL);
    assert_int_equal(PQtransactionStatus(pd_test_conn), PQTRANS_IDLE);
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
        if (pd_db_stream_resource(pd_test_conn, SQL, 2, today, keep_row, &s,
                                  &err) < 0)
            fail_msg("stream: %s", err.msg);
        assert_int_equal(s.rows, want.rows);
        for (int i = 0; i < s.rows; i++)
            assert_string_equal(s.row[i], want.row[i]);
        assert_int_equal(PQtransactionStatus(pd_test_conn),
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
        pd_db_stream_resource(pd_test_conn, SQL, 2, today, keep_row, &s, &err),
        -1);
    assert_string_equal(err.msg, "row 3 says no");
    assert_int_equal(s.rows, 2);
    assert_int_equal(PQtransactionStatus(pd_test_conn), PQTRANS_IDLE);
}

/* attention_tickets.sql's rows on the fixture's report week, W46. */
#define TICKETS "reports/sql/attention_tickets.sql"
static const char *const week46[] = {"2026-11-16 00:00:00+00", "UTC",
                                     "2026-11-15", "2026-11-05"};

/* The text rows of a statement, kept to compare the binary ones with,
 * and the row the binary run is at. */
struct text_rows {
    int n, ncols, at;
    char *v[64][32]; /* NULL for SQL NULL */
};

static int
keep_text(const struct pd_db_row *row, void *ctx, struct pd_err *err)
{
    struct text_rows *t = ctx;

    (void)err;
    assert_true(t->n < 64 && PQnfields(row->res) <= 32);
    t->ncols = PQnfields(row->res);
    for (int c = 0; c < t->ncols; c++)
        t->v[t->n][c] =
            pd_db_row_isnull(row, c) ? NULL : strdup(pd_db_row_value(row, c));
    t->n++;
    return 0;
}

/* A time as the server writes it in UTC ("2026-11-09 10:00:00+00", a
 * fraction after the seconds) as microseconds since 2000. */
static int64_t
text_micros(const char *v)
{
    struct tm tm = {0};
    double sec;

    assert_int_equal(sscanf(v, "%d-%d-%d %d:%d:%lf", &tm.tm_year, &tm.tm_mon,
                            &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &sec),
                     6);
    assert_non_null(strstr(v, "+00"));
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_sec = (int)sec;
    return ((int64_t)timegm(&tm) - 946684800) * 1000000 +
           llround((sec - tm.tm_sec) * 1e6);
}

/* Each binary value against its text twin, by the column's type. */
static int
same_as_text(const struct pd_db_row *row, void *ctx, struct pd_err *err)
{
    struct text_rows *t = ctx;
    char *const *want;

    (void)err;
    assert_true(t->at < t->n);
    want = t->v[t->at++];
    assert_int_equal(PQnfields(row->res), t->ncols);
    for (int c = 0; c < t->ncols; c++) {
        int64_t i, us;
        double x;
        bool b;

        assert_int_equal(PQfformat(row->res, c), 1);
        assert_int_equal(pd_db_row_isnull(row, c), want[c] == NULL);
        if (!want[c])
            continue;
        switch (PQftype(row->res, c)) {
        case 16: /* bool */
            assert_true(pd_row_bool(row, c, &b));
            assert_int_equal(b, strcmp(want[c], "t") == 0);
            break;
        case 20: /* int8, int2, int4 */
        case 21:
        case 23:
            assert_true(pd_row_integer(row, c, INT64_MIN, INT64_MAX, &i));
            assert_int_equal(i, atoll(want[c]));
            assert_true(pd_row_number(row, c, &x));
            assert_true(x == (double)i);
            break;
        case 701: /* float8 */
            assert_true(pd_row_number(row, c, &x));
            assert_true(x == strtod(want[c], NULL));
            break;
        case 1184: /* timestamptz */
            assert_true(pd_row_micros(row, c, &us));
            assert_int_equal(us, text_micros(want[c]));
            break;
        case 25: /* text */
            assert_int_equal(pd_db_row_length(row, c), (int)strlen(want[c]));
            assert_memory_equal(pd_db_row_value(row, c), want[c],
                                strlen(want[c]));
            break;
        default:
            fail_msg("column %d: type %u", c, (unsigned)PQftype(row->res, c));
        }
    }
    return 0;
}

/* Every type the report reads in binary, against the same rows as text:
 * both runs in one snapshot. */
static void
test_binary_values(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct text_rows t = {0};

    (void)state;
    run("BEGIN ISOLATION LEVEL REPEATABLE READ");
    for (int binary = 0; binary < 2; binary++) {
        struct pd_db_rows r;
        PGresult *columns = NULL;
        int rc;

        assert_int_equal(pd_db_rows_send(&r, pd_test_conn, TICKETS, 4, week46,
                                         3, binary, &err),
                         0);
        rc =
            take_all(&r, binary ? same_as_text : keep_text, &t, &columns, &err);
        if (rc != 1)
            fail_msg("%s: %s", binary ? "binary" : "text", err.msg);
        PQclear(columns);
    }
    run("COMMIT");
    /* 14 weeks, the accounts, the tickets: every row compared. */
    assert_true(t.n > 14 + 1);
    assert_int_equal(t.at, t.n);
    for (int i = 0; i < t.n; i++)
        for (int c = 0; c < t.ncols; c++)
            free(t.v[i][c]);
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
        cmocka_unit_test(test_binary_values),
    };

    return cmocka_run_group_tests(tests, pd_test_db_setup, pd_test_db_teardown);
}
