/* reports/row_values: values read from a streamed row as text or in the
 * binary format (a BINARY cursor's, load/db_rows.h): integers of each
 * width at their extremes, float8, bool and timestamptz by their bytes
 * in network order, and a value of the wrong type or length refused.
 * The server's own bytes are checked against its text by
 * tests/unit/db_rows.c. */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */
#include <libpq-fe.h>
#include <math.h>

#include "reports/row_values.h"

/* A one-column binary result of type typid holding the n bytes of v. */
static PGresult *
binary_value(unsigned typid, const void *v, int n)
{
    static char name[] = "c";
    PGresAttDesc attr = {name, 0, 0, 1, typid, n, -1};
    PGresult *r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    char buf[16];

    assert_true(n <= (int)sizeof(buf));
    if (v) /* memcpy() from NULL would let the compiler assume v is set */
        memcpy(buf, v, (size_t)n);
    assert_true(r && PQsetResultAttrs(r, 1, &attr));
    assert_true(PQsetvalue(r, 0, 0, v ? buf : NULL, v ? n : -1));
    return r;
}

/* x's n low bytes in network order. */
static void
network(uint64_t x, int n, unsigned char *out)
{
    for (int i = 0; i < n; i++)
        out[i] = (unsigned char)(x >> (8 * (n - 1 - i)));
}

static bool
integer_of(unsigned typid, int64_t x, int n, int64_t *out)
{
    unsigned char b[8];
    PGresult *r;
    struct pd_db_row row;
    bool ok;

    network((uint64_t)x, n, b);
    r = binary_value(typid, b, n);
    row = (struct pd_db_row){r, 0};
    ok = pd_row_integer(&row, 0, INT64_MIN, INT64_MAX, out);
    PQclear(r);
    return ok;
}

static void
test_integers(void **state)
{
    static const struct {
        unsigned typid;
        int n;
        int64_t x;
    } cases[] = {
        {21, 2, INT16_MIN}, {21, 2, -1},        {21, 2, INT16_MAX},
        {23, 4, INT32_MIN}, {23, 4, -2},        {23, 4, 70000},
        {23, 4, INT32_MAX}, {20, 8, INT64_MIN}, {20, 8, -3},
        {20, 8, INT64_MAX}, {20, 8, 1LL << 40},
    };
    int64_t got;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_true(integer_of(cases[i].typid, cases[i].x, cases[i].n, &got));
        assert_int_equal(got, cases[i].x);
    }
    /* The wrong length for the type, or no integer type. */
    assert_false(integer_of(23, 5, 8, &got));
    assert_false(integer_of(20, 5, 4, &got));
    assert_false(integer_of(25, 5, 4, &got));
}

static void
test_range_and_null(void **state)
{
    unsigned char b[4];
    PGresult *r;
    struct pd_db_row row;
    int64_t got;
    double x;

    (void)state;
    network(14, 4, b);
    r = binary_value(23, b, 4);
    row = (struct pd_db_row){r, 0};
    assert_false(pd_row_integer(&row, 0, 0, 13, &got));
    assert_true(pd_row_integer(&row, 0, 0, 14, &got));
    assert_true(pd_row_number(&row, 0, &x) && x == 14);
    PQclear(r);
    r = binary_value(23, NULL, 0);
    row = (struct pd_db_row){r, 0};
    assert_false(pd_row_integer(&row, 0, INT64_MIN, INT64_MAX, &got));
    assert_true(pd_row_number(&row, 0, &x) && isnan(x));
    PQclear(r);
}

static void
test_float8_bool_time(void **state)
{
    double values[] = {0.1, -1234.5678e300, 5e-324};
    unsigned char b[8];
    uint64_t bits;
    PGresult *r;
    struct pd_db_row row;
    double x;
    bool flag;
    int64_t us;

    (void)state;
    for (size_t i = 0; i < 3; i++) {
        memcpy(&bits, &values[i], 8);
        network(bits, 8, b);
        r = binary_value(701, b, 8);
        row = (struct pd_db_row){r, 0};
        assert_true(pd_row_number(&row, 0, &x));
        assert_true(x == values[i]);
        PQclear(r);
    }
    bits = 0x7ff8000000000000ULL; /* NaN: not a number */
    network(bits, 8, b);
    r = binary_value(701, b, 8);
    row = (struct pd_db_row){r, 0};
    assert_false(pd_row_number(&row, 0, &x));
    PQclear(r);
    for (int v = 0; v < 3; v++) {
        unsigned char c = (unsigned char)v;

        r = binary_value(16, &c, 1);
        row = (struct pd_db_row){r, 0};
        assert_int_equal(pd_row_bool(&row, 0, &flag), v < 2);
        if (v < 2)
            assert_int_equal(flag, v == 1);
        PQclear(r);
    }
    /* 2026-11-09 10:00:00 UTC, and the infinities. */
    network((uint64_t)847533600000000LL, 8, b);
    r = binary_value(1184, b, 8);
    row = (struct pd_db_row){r, 0};
    assert_true(pd_row_micros(&row, 0, &us));
    assert_int_equal(us, 847533600000000LL);
    assert_false(pd_row_bool(&row, 0, &flag)); /* not a bool */
    PQclear(r);
    network((uint64_t)INT64_MAX, 8, b);
    r = binary_value(1184, b, 8);
    row = (struct pd_db_row){r, 0};
    assert_false(pd_row_micros(&row, 0, &us));
    PQclear(r);
}

static void
test_text_format(void **state)
{
    static char name[] = "c";
    PGresAttDesc attr[3] = {{name, 0, 0, 0, 23, -1, -1},
                            {name, 0, 0, 0, 16, -1, -1},
                            {name, 0, 0, 0, 1184, -1, -1}};
    PGresult *r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    char v0[] = "-70000", v1[] = "f", v2[] = "2026-11-09 10:00:00+00";
    struct pd_db_row row = {r, 0};
    char buf[48];
    int64_t got;
    bool flag = true;

    (void)state;
    assert_true(r && PQsetResultAttrs(r, 3, attr));
    assert_true(PQsetvalue(r, 0, 0, v0, 6) && PQsetvalue(r, 0, 1, v1, 1) &&
                PQsetvalue(r, 0, 2, v2, (int)strlen(v2)));
    assert_true(pd_row_integer(&row, 0, INT64_MIN, INT64_MAX, &got));
    assert_int_equal(got, -70000);
    assert_true(pd_row_bool(&row, 1, &flag));
    assert_false(flag);
    assert_false(pd_row_micros(&row, 2, &got)); /* times only in binary */
    assert_string_equal(pd_row_shown(&row, 0, buf, sizeof(buf)), "-70000");
    PQclear(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_range_and_null),
        cmocka_unit_test(test_float8_bool_time),
        cmocka_unit_test(test_text_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
