/* reports/attention_levels.c: the levels' cells and values from ticket
 * rows, against values worked out by hand, and PostgreSQL's
 * percentile_cont(0.5) to the last bit (checked against the server:
 * percentile_cont of 0.1 and 0.7 is 0.4, where (0.1 + 0.7) / 2 is
 * 0.39999999999999997). */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <libpq-fe.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "reports/attention_levels.h"

enum { NCOLS = 3 + PD_ATT_NDIMS + 3 };

/* Feed one row with the query's columns to lv; vals[NCOLS], NULL for
 * SQL NULL.  The row function's return. */
static int
feed(struct pd_att_levels *lv, const char *const vals[NCOLS],
     struct pd_err *err)
{
    static char name[] = "c";
    PGresAttDesc attrs[NCOLS];
    PGresult *r = PQmakeEmptyPGresult(NULL, PGRES_SINGLE_TUPLE);
    int rc;

    memset(attrs, 0, sizeof(attrs));
    for (int c = 0; c < NCOLS; c++) {
        attrs[c].name = name;
        attrs[c].typid = 25;
        attrs[c].typlen = -1;
        attrs[c].atttypmod = -1;
    }
    assert_true(r && PQsetResultAttrs(r, NCOLS, attrs));
    for (int c = 0; c < NCOLS; c++) {
        char buf[64]; /* PQsetvalue() takes char *; it copies */

        snprintf(buf, sizeof(buf), "%s", vals[c] ? vals[c] : "");
        assert_true(PQsetvalue(r, 0, c, vals[c] ? buf : NULL,
                               vals[c] ? (int)strlen(buf) : -1));
    }
    rc = pd_attention_levels_row(r, lv, err);
    PQclear(r);
    return rc;
}

static void
week_row(struct pd_att_levels *lv, const char *week, const char *label)
{
    const char *v[NCOLS] = {week, "t", label};
    struct pd_err err = PD_ERR_INIT;

    assert_int_equal(feed(lv, v, &err), 0);
}

/* A ticket of week with product area area, account acct (NULL: none)
 * named name with ARR arr, and hours. */
static void
ticket(struct pd_att_levels *lv, const char *week, const char *area,
       const char *acct, const char *name, const char *arr, const char *hours)
{
    const char *v[NCOLS] = {week,  NULL,  NULL, area, "theme", "email", "high",
                            "pro", "smb", "eu", acct, name,    arr,     hours};
    struct pd_err err = PD_ERR_INIT;

    assert_int_equal(feed(lv, v, &err), 0);
}

/* The fact of week whose dimension dim (-1: the total) is value. */
static const struct pd_att_fact *
find(const struct pd_att_fact *f, size_t n, int week, int dim,
     const char *value)
{
    const struct pd_att_fact *hit = NULL;

    for (size_t i = 0; i < n; i++) {
        bool match = f[i].week == week;
        for (int d = 0; d < PD_ATT_NDIMS && match; d++)
            match = d == dim ? f[i].dim[d] && strcmp(f[i].dim[d], value) == 0
                             : f[i].dim[d] == NULL;
        if (match) {
            assert_null(hit); /* one fact per cell */
            hit = &f[i];
        }
    }
    return hit;
}

/* What a level made after its last row. */
struct made {
    const struct pd_att_fact *f;
    size_t n;
    bool covered[PD_ATT_WEEKS];
    const char *label[PD_ATT_WEEKS];
};

/* End lv's rows and read its facts into m. */
static void
finish(struct pd_att_levels *lv, struct made *m)
{
    struct pd_err err = PD_ERR_INIT;

    assert_int_equal(pd_attention_levels_row(NULL, lv, &err), 0);
    m->f = pd_attention_levels_facts(lv, &m->n, m->covered, m->label);
}

static void
test_medians(void **state)
{
    struct pd_att_levels *lv = pd_attention_levels_new(false);
    const struct pd_att_fact *f, *x;
    struct made m;
    size_t n;

    (void)state;
    week_row(lv, "0", "2026-W47");
    week_row(lv, "1", "2026-W46");
    /* Week 0: Alpha 0.1 and 0.7 (two accounts), Beta 3 then 0.2 and 9
     * (one without an account). */
    ticket(lv, "0", "Alpha", "acc1", "Acme", "100", "0.7");
    ticket(lv, "0", "Beta", "acc2", "Zed", NULL, "3");
    ticket(lv, "0", "Alpha", "acc2", "Zed", NULL, "0.1");
    ticket(lv, "0", "Beta", NULL, "unknown", NULL, "0.2");
    ticket(lv, "0", "Beta", "acc1", "Acme", "250", "9");
    finish(lv, &m);
    f = m.f;
    n = m.n;

    /* The total of week 0: 0.1 0.2 0.7 3 9, the third. */
    x = find(f, n, 0, -1, NULL);
    assert_non_null(x);
    assert_true(x->n == 5 && x->promoters == 0.7);
    assert_string_equal(x->account_name, "unknown"); /* max, byte order */
    assert_true(x->arr == 250);
    /* Alpha: percentile_cont's lo + 0.5 * (hi - lo), to the bit. */
    x = find(f, n, 0, 0, "Alpha");
    assert_non_null(x);
    assert_true(x->n == 2 && x->promoters == 0.4);
    assert_true(x->promoters != (0.1 + 0.7) / 2);
    x = find(f, n, 0, 0, "Beta");
    assert_true(x && x->n == 3 && x->promoters == 3);
    /* Accounts: acc1 (0.7 and 9), acc2 (3 and 0.1); none for the
     * ticket without one, though it is in every other cell. */
    x = find(f, n, 0, PD_ATT_NDIMS - 1, "acc1");
    assert_non_null(x);
    assert_true(x->n == 2 && x->promoters == 0.7 + 0.5 * (9 - 0.7));
    assert_true(x->arr == 250);
    assert_string_equal(x->account_name, "Acme");
    x = find(f, n, 0, PD_ATT_NDIMS - 1, "acc2");
    assert_non_null(x);
    assert_true(x->n == 2 && x->promoters == 0.1 + 0.5 * (3 - 0.1));
    assert_true(x->arr == -1); /* no ARR */
    x = find(f, n, 0, 1, "theme");
    assert_true(x && x->n == 5);
    /* Week 1 has no tickets: its total only, n 0, value 0. */
    x = find(f, n, 1, -1, NULL);
    assert_non_null(x);
    assert_true(x->n == 0 && x->promoters == 0 && x->arr == -1);
    assert_string_equal(x->account_name, "");
    assert_null(find(f, n, 1, 0, "Alpha"));
    /* 1 + 1 totals, 2 areas, 2 accounts, 1 value of each of the six
     * other dimensions. */
    assert_int_equal(n, 2 + 2 + 2 + 6);
    assert_true(m.covered[0] && m.covered[1] && !m.covered[2]);
    assert_string_equal(m.label[1], "2026-W46");
    assert_null(m.label[2]);
    pd_attention_levels_free(lv);
}

static void
test_backlog_counts(void **state)
{
    struct pd_att_levels *lv = pd_attention_levels_new(true);
    const struct pd_att_fact *x;
    struct made m;

    (void)state;
    week_row(lv, "3", "2026-W44");
    for (int i = 0; i < 4; i++)
        ticket(lv, "3", i < 3 ? "Alpha" : "Beta", "acc1", "Acme", "10", NULL);
    finish(lv, &m);
    x = find(m.f, m.n, 3, -1, NULL);
    assert_true(x && x->n == 4 && x->promoters == 4);
    x = find(m.f, m.n, 3, 0, "Alpha");
    assert_true(x && x->n == 3 && x->promoters == 3);
    pd_attention_levels_free(lv);
}

static void
test_bad_rows(void **state)
{
    struct pd_att_levels *lv = pd_attention_levels_new(false);
    const char *out_of_range[NCOLS] = {"14", "t", "2026-W33"};
    const char *no_hours[NCOLS] = {"0", NULL, NULL, "Alpha"};
    const char *bad_hours[NCOLS] = {"0", NULL, NULL, "Alpha", [13] = "x"};
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    /* A row the levels cannot place fails the report rather than leave
     * a ticket out of a median. */
    assert_int_equal(feed(lv, out_of_range, &err), -1);
    assert_int_equal(err.code, PD_E_DB);
    assert_int_equal(feed(lv, no_hours, &err), -1);
    assert_int_equal(feed(lv, bad_hours, &err), -1);
    pd_attention_levels_free(lv);
    pd_attention_levels_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_medians),
        cmocka_unit_test(test_backlog_counts),
        cmocka_unit_test(test_bad_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
