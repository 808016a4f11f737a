/* Issue 15: pd_report_snapshot_run()'s order rules against a live server
 * (PRODOPS_DSN, holding the report fixture: tests/t/t4018-snapshot-run.sh
 * runs this).  A statement that waits on another (pd_report_stmt.after)
 * is sent only after it, with the parameters its prepare() made from that
 * result; a wait on a later statement and a prepare() that fails fail
 * the run without a result, and the connection stays usable.  The statement is
 * data_through.sql: $1 today, $2 the zone; its first column is each family's
 * newest day capped at the day before today, so a result tells which today it
 * ran with. */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
/* clang-format on */
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/db.h"
#include "reports/snapshot.h"
#include "tests/unit/dbutil.h"

#define SQL "reports/sql/data_through.sql"

static const char *const late[] = {"2030-01-01", "UTC"};

/* What a prepare() saw, and the parameters it makes: today 2026-01-01. */
struct dep {
    int calls, rows_before;
    char before_day[16];
    const char *params[2];
    bool fail;
};

static int
prepare(const PGresult *before, void *ctx, struct pd_err *err)
{
    struct dep *d = ctx;

    assert_non_null(before); /* sent only once the first has ended */
    d->calls++;
    d->rows_before = PQntuples(before);
    snprintf(d->before_day, sizeof(d->before_day), "%s",
             PQgetvalue(before, 0, 0));
    if (d->fail)
        return pd_err_set(err, PD_E_CONFIG, "prepare says no");
    d->params[0] = "2026-01-01";
    d->params[1] = "UTC";
    return 0;
}

/* Rows of a streamed statement, its first row's first value, and the
 * end's calls. */
struct seen {
    int rows, ends;
    char first[16];
};

static int
count_rows(const struct pd_db_row *row, void *ctx, struct pd_err *err)
{
    struct seen *s = ctx;

    (void)err;
    if (row && s->rows++ == 0)
        snprintf(s->first, sizeof(s->first), "%s", pd_db_row_value(row, 0));
    if (!row)
        s->ends++;
    return 0;
}

/* x waits on the first statement, its parameters made by d. */
static void
waiting(struct pd_report_stmt *x, struct dep *d)
{
    x->params = d->params;
    x->after = 1;
    x->prepare = prepare;
    x->prepare_ctx = d;
}

static struct pd_report_stmt
plain(void)
{
    return (struct pd_report_stmt){.sql = SQL, .nparams = 2, .params = late};
}

static void
run_ok(struct pd_report_stmt *st, size_t n, PGresult **res)
{
    struct pd_err err = PD_ERR_INIT;

    assert_int_equal(pd_report_snapshot_begin(pd_test_conn, &err), 0);
    if (pd_report_snapshot_run(pd_test_conn, st, n, res, &err) < 0)
        fail_msg("run: %s", err.msg);
    assert_int_equal(pd_report_snapshot_end(pd_test_conn, true, &err), 0);
}

/* The run fails with code and every result NULL; the connection can run
 * again. */
static void
run_fails(struct pd_report_stmt *st, size_t n, enum pd_errcode code,
          const char *msg)
{
    struct pd_err err = PD_ERR_INIT;
    PGresult *res[8];
    struct pd_report_stmt again = plain();

    assert_true(n <= 8);
    assert_int_equal(pd_report_snapshot_begin(pd_test_conn, &err), 0);
    assert_int_equal(pd_report_snapshot_run(pd_test_conn, st, n, res, &err),
                     -1);
    assert_int_equal(err.code, code);
    assert_non_null(strstr(err.msg, msg));
    for (size_t i = 0; i < n; i++)
        assert_null(res[i]);
    assert_int_equal(pd_report_snapshot_end(pd_test_conn, false, &err), 0);
    run_ok(&again, 1, res);
    assert_int_equal(PQntuples(res[0]), 3);
    PQclear(res[0]);
}

/* The second statement waits on the first: the second connection takes
 * the third meanwhile, and the second is sent after the first, with the
 * parameters made from its result, and streams its rows. */
static void
test_waits_for_result(void **state)
{
    struct dep d = {0};
    struct seen s = {0};
    struct pd_report_stmt st[4] = {plain(), plain(), plain(), plain()};
    PGresult *res[4];

    (void)state;
    waiting(&st[1], &d);
    st[1].rows = count_rows;
    st[1].ctx = &s;
    run_ok(st, 4, res);
    assert_int_equal(d.calls, 1);
    assert_int_equal(d.rows_before, 3);
    /* The fixture's newest ticket day, as the first ran (today 2030). */
    assert_string_equal(d.before_day, PQgetvalue(res[0], 0, 0));
    assert_true(atoi(d.before_day) > 20453);
    /* The second ran with today 2026-01-01: capped at 2025-12-31. */
    assert_int_equal(s.rows, 3);
    assert_string_equal(s.first, "20453");
    assert_int_equal(s.ends, 1);
    assert_int_equal(PQntuples(res[1]), 0); /* the rows went to count_rows */
    for (int i = 0; i < 4; i++) {
        if (i != 1)
            assert_int_equal(PQntuples(res[i]), 3);
        PQclear(res[i]);
    }
}

/* The same without streaming: the capped day is in the result. */
static void
test_after_result_values(void **state)
{
    struct dep d = {0};
    struct pd_report_stmt st[2] = {plain(), plain()};
    PGresult *res[2];

    (void)state;
    waiting(&st[1], &d);
    run_ok(st, 2, res);
    assert_int_equal(d.calls, 1);
    assert_int_equal(d.rows_before, 3);
    assert_string_equal(PQgetvalue(res[1], 0, 0), "20453"); /* 2025-12-31 */
    assert_string_not_equal(PQgetvalue(res[0], 0, 0), "20453");
    PQclear(res[0]);
    PQclear(res[1]);
}

static void
test_after_later_statement(void **state)
{
    struct pd_report_stmt st[2] = {plain(), plain()};

    (void)state;
    st[0].after = 2;
    run_fails(st, 2, PD_E_INTERNAL, "waits on a later one");
}

static void
test_prepare_fails(void **state)
{
    struct dep d = {.fail = true};
    struct pd_report_stmt st[3] = {plain(), plain(), plain()};

    (void)state;
    waiting(&st[1], &d);
    run_fails(st, 3, PD_E_CONFIG, "prepare says no");
    assert_int_equal(d.calls, 1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_waits_for_result),
        cmocka_unit_test(test_after_result_values),
        cmocka_unit_test(test_after_later_statement),
        cmocka_unit_test(test_prepare_fails),
    };

    return cmocka_run_group_tests(tests, pd_test_db_setup, pd_test_db_teardown);
}
