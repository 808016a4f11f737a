/* reports/attention_stream.c: the facts of the ticket families from
 * ticket rows, against values worked out by hand: the combinations'
 * counts and rates, the levels' cells and values, and PostgreSQL's
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
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "reports/attention_stream.h"
#include "tests/unit/testutil.h"

/* attention_tickets.sql's columns: kind, week, covered, label, the
 * dimensions, name, ARR, then a ticket's axes (C_CREATED ...) and the
 * time it was created. */
enum {
    C_DIM0 = 4,
    C_NAME = C_DIM0 + PD_ATT_NDIMS,
    C_ARR,
    C_CREATED,
    C_REPLY_AT,
    C_SOLVED,
    C_SOLVED_AT,
    C_BITS,
    C_OPEN_FIRST,
    C_OPEN_LAST,
    C_CREATED_AT,
    NCOLS
};

/* Feed one row with the query's columns to s; vals[NCOLS], NULL for
 * SQL NULL.  The times come as the statement's binary cursor has them;
 * here C_REPLY_AT and C_SOLVED_AT are given as the hours after the
 * ticket's creation, which is at 0 unless C_CREATED_AT says otherwise
 * (a value that is no number stays text, which the stream refuses).  The
 * row function's return. */
static int
feed(struct pd_att_stream *s, const char *const vals[NCOLS], struct pd_err *err)
{
    static const bool times[NCOLS] = {
        [C_REPLY_AT] = true, [C_SOLVED_AT] = true, [C_CREATED_AT] = true};
    const char *v[NCOLS];
    char micros[2][32];
    PGresult *r;
    struct pd_db_row row;
    int rc;

    memcpy(v, vals, sizeof(v));
    if (v[0] && strcmp(v[0], "2") == 0 && !v[C_CREATED_AT])
        v[C_CREATED_AT] = "0";
    for (int k = 0; k < 2; k++) {
        int col = k == 0 ? C_REPLY_AT : C_SOLVED_AT;
        char *end;
        double hours = v[col] ? strtod(v[col], &end) : 0;

        if (v[col] && end != v[col] && !*end && isfinite(hours)) {
            snprintf(micros[k], sizeof(micros[k]), "%lld",
                     llround(hours * 3.6e9));
            v[col] = micros[k];
        }
    }
    r = pd_test_row_times(NCOLS, v, times);
    row = (struct pd_db_row){r, 0};
    rc = pd_attention_stream_row(&row, s, err);
    PQclear(r);
    return rc;
}

static void
week_row(struct pd_att_stream *s, const char *week, const char *label)
{
    const char *v[NCOLS] = {"0", week, "t", label};
    struct pd_err err = PD_ERR_INIT;

    assert_int_equal(feed(s, v, &err), 0);
}

/* An account row: account acct of plan pro, segment smb and region eu,
 * named name, with ARR arr (NULL: none). */
static void
account(struct pd_att_stream *s, const char *acct, const char *name,
        const char *arr)
{
    const char *v[NCOLS] = {"1", [C_DIM0 + 4] = "pro", "smb", "eu", acct, name,
                            arr};
    struct pd_err err = PD_ERR_INIT;

    assert_int_equal(feed(s, v, &err), 0);
}

/* A ticket row with product area area and account acct (NULL: none) on
 * no axis: v[NCOLS] filled in. */
static void
ticket_row(const char *v[NCOLS], const char *area, const char *acct)
{
    for (int c = 0; c < NCOLS; c++)
        v[c] = NULL;
    v[0] = "2";
    v[C_DIM0] = area;
    v[C_DIM0 + 1] = "theme";
    v[C_DIM0 + 2] = "email";
    v[C_DIM0 + 3] = "high";
    v[C_DIM0 + PD_ATT_NDIMS - 1] = acct;
    v[C_OPEN_FIRST] = "14"; /* open at the end of no week */
    v[C_OPEN_LAST] = "-1";
}

/* A ticket on axis alone, of week, with product area area, account acct
 * (NULL: none), hours and the rates' bits (NULL: none; the solved axis'
 * only); its account's cells, name and ARR are the account row's. */
static void
ticket_bits(struct pd_att_stream *s, enum pd_att_axis axis, const char *week,
            const char *area, const char *acct, const char *hours,
            const char *bits)
{
    const char *v[NCOLS];
    struct pd_err err = PD_ERR_INIT;

    ticket_row(v, area, acct);
    if (axis == PD_ATT_AXIS_CREATED) {
        v[C_CREATED] = week;
        v[C_REPLY_AT] = hours;
    } else if (axis == PD_ATT_AXIS_SOLVED) {
        v[C_SOLVED] = week;
        v[C_SOLVED_AT] = hours;
    } else {
        v[C_OPEN_FIRST] = v[C_OPEN_LAST] = week;
    }
    v[C_BITS] = bits;
    assert_int_equal(feed(s, v, &err), 0);
}

static void
ticket(struct pd_att_stream *s, enum pd_att_axis axis, const char *week,
       const char *area, const char *acct, const char *hours)
{
    ticket_bits(s, axis, week, area, acct, hours, NULL);
}

/* The fact of week whose dimension dim (-1: the total) is value, every
 * other dimension NULL (a level's cell). */
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

/* The combination fact of week with product area area and account acct
 * (NULL: none), the other cells the tickets' of ticket_bits() and
 * account() ('unknown' without an account). */
static const struct pd_att_fact *
find_combination(const struct pd_att_fact *f, size_t n, int week,
                 const char *area, const char *acct)
{
    static const char *const known[PD_ATT_NDIMS - 2] = {
        "theme", "email", "high", "pro", "smb", "eu"};
    static const char *const unknown[PD_ATT_NDIMS - 2] = {
        "theme", "email", "high", "unknown", "unknown", "unknown"};
    const char *const *other = acct ? known : unknown;
    const struct pd_att_fact *hit = NULL;

    for (size_t i = 0; i < n; i++) {
        bool match = f[i].week == week && f[i].dim[0] &&
                     strcmp(f[i].dim[0], area) == 0 &&
                     (acct ? f[i].dim[PD_ATT_NDIMS - 1] &&
                                 strcmp(f[i].dim[PD_ATT_NDIMS - 1], acct) == 0
                           : f[i].dim[PD_ATT_NDIMS - 1] == NULL);
        for (int d = 1; d < PD_ATT_NDIMS - 1 && match; d++)
            match = f[i].dim[d] && strcmp(f[i].dim[d], other[d - 1]) == 0;
        if (match) {
            assert_null(hit); /* one fact per combination */
            hit = &f[i];
        }
    }
    return hit;
}

/* What an output made after the stream's last row. */
struct made {
    const struct pd_att_fact *f;
    size_t n;
    bool covered[PD_ATT_WEEKS];
    const char *label[PD_ATT_WEEKS];
};

/* End the stream's rows. */
static void
finish(struct pd_att_stream *s)
{
    struct pd_err err = PD_ERR_INIT;

    assert_int_equal(pd_attention_stream_row(NULL, s, &err), 0);
}

static void
facts_of(const struct pd_att_stream *s, enum pd_att_axis axis,
         enum pd_att_out out, struct made *m)
{
    m->f = pd_attention_stream_facts(s, axis, out, &m->n, m->covered, m->label);
}

static void
test_medians(void **state)
{
    struct pd_att_stream *s = pd_attention_stream_new(
        PD_ATT_WANT(PD_ATT_AXIS_CREATED, PD_ATT_OUT_MEDIAN));
    const struct pd_att_fact *f, *x;
    struct made m;
    size_t n;

    (void)state;
    week_row(s, "0", "2026-W47");
    week_row(s, "1", "2026-W46");
    /* Week 0: Alpha 0.1 and 0.7 (two accounts), Beta 3 then 0.2 and 9
     * (one without an account); a Gamma ticket without hours (no first
     * reply) is in no median. */
    account(s, "acc1", "Acme", "250");
    account(s, "acc2", "Zed", NULL);
    ticket(s, PD_ATT_AXIS_CREATED, "0", "Alpha", "acc1", "0.7");
    ticket(s, PD_ATT_AXIS_CREATED, "0", "Beta", "acc2", "3");
    ticket(s, PD_ATT_AXIS_CREATED, "0", "Gamma", "acc3", NULL);
    ticket(s, PD_ATT_AXIS_CREATED, "0", "Alpha", "acc2", "0.1");
    ticket(s, PD_ATT_AXIS_CREATED, "0", "Beta", NULL, "0.2");
    ticket(s, PD_ATT_AXIS_CREATED, "0", "Beta", "acc1", "9");
    account(s, "acc3", "Zzz", "999"); /* rows in any order */
    finish(s);
    facts_of(s, PD_ATT_AXIS_CREATED, PD_ATT_OUT_MEDIAN, &m);
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
    assert_null(find(f, n, 0, 0, "Gamma"));
    assert_null(find(f, n, 0, PD_ATT_NDIMS - 1, "acc3"));
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
    /* The account's cells: the ticket without one is in plan unknown. */
    x = find(f, n, 0, 4, "pro");
    assert_true(x && x->n == 4 && x->promoters == 0.7 + 0.5 * (3 - 0.7));
    x = find(f, n, 0, 4, "unknown");
    assert_true(x && x->n == 1 && x->promoters == 0.2 && x->arr == -1);
    assert_string_equal(x->account_name, "unknown");
    /* Week 1 has no tickets: its total only, n 0, value 0. */
    x = find(f, n, 1, -1, NULL);
    assert_non_null(x);
    assert_true(x->n == 0 && x->promoters == 0 && x->arr == -1);
    assert_string_equal(x->account_name, "");
    assert_null(find(f, n, 1, 0, "Alpha"));
    /* 1 + 1 totals, 2 areas, 2 accounts, 1 value of each of theme,
     * channel and priority, 2 of plan, segment and region. */
    assert_int_equal(n, 2 + 2 + 2 + 3 + 6);
    assert_true(m.covered[0] && m.covered[1] && !m.covered[2]);
    assert_string_equal(m.label[1], "2026-W46");
    assert_null(m.label[2]);
    pd_attention_stream_free(s);
}

static void
test_backlog_counts(void **state)
{
    struct pd_att_stream *s = pd_attention_stream_new(
        PD_ATT_WANT(PD_ATT_AXIS_OPEN, PD_ATT_OUT_COUNT));
    const struct pd_att_fact *x;
    struct made m;

    (void)state;
    week_row(s, "3", "2026-W44");
    for (int i = 0; i < 4; i++)
        ticket(s, PD_ATT_AXIS_OPEN, "3", i < 3 ? "Alpha" : "Beta", "acc1",
               NULL);
    /* acc1 is not an account prodops knows: its id is its name. */
    finish(s);
    facts_of(s, PD_ATT_AXIS_OPEN, PD_ATT_OUT_COUNT, &m);
    x = find(m.f, m.n, 3, -1, NULL);
    assert_true(x && x->n == 4 && x->promoters == 4);
    x = find(m.f, m.n, 3, 0, "Alpha");
    assert_true(x && x->n == 3 && x->promoters == 3);
    x = find(m.f, m.n, 3, PD_ATT_NDIMS - 1, "acc1");
    assert_true(x && x->n == 4 && x->arr == -1);
    assert_string_equal(x->account_name, "acc1");
    x = find(m.f, m.n, 3, 6, "unknown"); /* its region */
    assert_true(x && x->n == 4);
    pd_attention_stream_free(s);
}

/* One stream, four families: the tickets solved in a week as the
 * resolution median's cells and as CSAT's and the reopen rate's
 * combinations (attention_tickets.sql's bits), and as counted tickets. */
static void
test_combinations(void **state)
{
    struct pd_att_stream *s = pd_attention_stream_new(
        PD_ATT_WANT(PD_ATT_AXIS_SOLVED, PD_ATT_OUT_TICKETS) |
        PD_ATT_WANT(PD_ATT_AXIS_SOLVED, PD_ATT_OUT_CSAT) |
        PD_ATT_WANT(PD_ATT_AXIS_SOLVED, PD_ATT_OUT_REOPEN) |
        PD_ATT_WANT(PD_ATT_AXIS_SOLVED, PD_ATT_OUT_MEDIAN));
    const struct pd_att_fact *x;
    struct made m;

    (void)state;
    week_row(s, "0", "2026-W47");
    week_row(s, "1", "2026-W46");
    week_row(s, "2", "2026-W45");
    /* Week 0, Alpha at acc1: rated good (3), rated bad (1), reported
     * and reopened (12), unrated and unreported (0).  Alpha without an
     * account: rated good and reported, not reopened (3 + 4).  Beta at
     * acc1: reported only (4). */
    account(s, "acc1", "Acme", "100");
    ticket_bits(s, PD_ATT_AXIS_SOLVED, "0", "Alpha", "acc1", "1", "3");
    ticket_bits(s, PD_ATT_AXIS_SOLVED, "0", "Beta", "acc1", "2", "4");
    ticket_bits(s, PD_ATT_AXIS_SOLVED, "0", "Alpha", "acc1", "3", "1");
    ticket_bits(s, PD_ATT_AXIS_SOLVED, "0", "Alpha", NULL, "4", "7");
    ticket_bits(s, PD_ATT_AXIS_SOLVED, "0", "Alpha", "acc1", "5", "12");
    ticket_bits(s, PD_ATT_AXIS_SOLVED, "0", "Alpha", "acc1", "6", "0");
    /* Week 1: one ticket, neither rated nor reported. */
    ticket_bits(s, PD_ATT_AXIS_SOLVED, "1", "Alpha", "acc1", "7", NULL);
    /* Week 2: none. */
    finish(s);

    facts_of(s, PD_ATT_AXIS_SOLVED, PD_ATT_OUT_TICKETS, &m);
    x = find_combination(m.f, m.n, 0, "Alpha", "acc1");
    assert_non_null(x);
    assert_true(x->n == 4 && x->promoters == 0 && x->detractors == 0);
    assert_string_equal(x->account_name, "Acme");
    assert_true(x->arr == 100);
    assert_string_equal(x->dim[4], "pro"); /* the account's plan */
    x = find_combination(m.f, m.n, 0, "Alpha", NULL);
    assert_non_null(x);
    assert_true(x->n == 1 && x->arr == -1);
    assert_string_equal(x->account_name, "unknown");
    x = find_combination(m.f, m.n, 0, "Beta", "acc1");
    assert_true(x && x->n == 1);
    x = find_combination(m.f, m.n, 1, "Alpha", "acc1");
    assert_true(x && x->n == 1);
    /* Week 2: its total alone, n 0, every dimension NULL. */
    x = find(m.f, m.n, 2, -1, NULL);
    assert_non_null(x);
    assert_true(x->n == 0 && x->arr == -1);
    assert_string_equal(x->account_name, "");
    assert_int_equal(m.n, 3 + 1 + 1);
    assert_true(m.covered[2] && !m.covered[3]);
    assert_string_equal(m.label[2], "2026-W45");

    /* CSAT over the rated: Alpha at acc1 2 rated, 1 good; Alpha
     * without an account 1 and 1; Beta none (no fact).  Weeks 1 and 2
     * rate nothing: their totals. */
    facts_of(s, PD_ATT_AXIS_SOLVED, PD_ATT_OUT_CSAT, &m);
    x = find_combination(m.f, m.n, 0, "Alpha", "acc1");
    assert_true(x && x->n == 2 && x->promoters == 1);
    x = find_combination(m.f, m.n, 0, "Alpha", NULL);
    assert_true(x && x->n == 1 && x->promoters == 1);
    assert_null(find_combination(m.f, m.n, 0, "Beta", "acc1"));
    x = find(m.f, m.n, 1, -1, NULL);
    assert_true(x && x->n == 0 && x->promoters == 0);
    assert_non_null(find(m.f, m.n, 2, -1, NULL));
    assert_int_equal(m.n, 2 + 2);

    /* Reopens over the reporting: Alpha at acc1 1 of 1; Alpha without
     * an account 0 of 1; Beta 0 of 1. */
    facts_of(s, PD_ATT_AXIS_SOLVED, PD_ATT_OUT_REOPEN, &m);
    x = find_combination(m.f, m.n, 0, "Alpha", "acc1");
    assert_true(x && x->n == 1 && x->promoters == 1);
    x = find_combination(m.f, m.n, 0, "Alpha", NULL);
    assert_true(x && x->n == 1 && x->promoters == 0);
    x = find_combination(m.f, m.n, 0, "Beta", "acc1");
    assert_true(x && x->n == 1 && x->promoters == 0);
    assert_int_equal(m.n, 3 + 2);

    /* The median of the same stream: week 0's hours 1-6, 3.5. */
    facts_of(s, PD_ATT_AXIS_SOLVED, PD_ATT_OUT_MEDIAN, &m);
    x = find(m.f, m.n, 0, -1, NULL);
    assert_true(x && x->n == 6 && x->promoters == 3.5);
    x = find(m.f, m.n, 1, -1, NULL);
    assert_true(x && x->n == 1 && x->promoters == 7);
    pd_attention_stream_free(s);
}

/* Hours of any sign and size sort as numbers (a reply logged before the
 * ticket was created is negative): -2, -0.25, 0.5, 1e6, whose median is
 * -0.25 + 0.5 * (0.5 - -0.25); an odd count picks the middle one. */
static void
test_median_order(void **state)
{
    struct pd_att_stream *s = pd_attention_stream_new(
        PD_ATT_WANT(PD_ATT_AXIS_SOLVED, PD_ATT_OUT_MEDIAN));
    const struct pd_att_fact *x;
    struct made m;

    (void)state;
    week_row(s, "0", "2026-W47");
    ticket(s, PD_ATT_AXIS_SOLVED, "0", "Alpha", NULL, "0.5");
    ticket(s, PD_ATT_AXIS_SOLVED, "0", "Alpha", NULL, "1e6");
    ticket(s, PD_ATT_AXIS_SOLVED, "0", "Alpha", NULL, "-2");
    ticket(s, PD_ATT_AXIS_SOLVED, "0", "Alpha", NULL, "-0.25");
    ticket(s, PD_ATT_AXIS_SOLVED, "0", "Beta", NULL, "1e6");
    ticket(s, PD_ATT_AXIS_SOLVED, "0", "Beta", NULL, "-1e6");
    ticket(s, PD_ATT_AXIS_SOLVED, "0", "Beta", NULL, "3");
    finish(s);
    facts_of(s, PD_ATT_AXIS_SOLVED, PD_ATT_OUT_MEDIAN, &m);
    x = find(m.f, m.n, 0, 0, "Alpha");
    assert_true(x && x->n == 4 && x->promoters == -0.25 + 0.5 * (0.5 - -0.25));
    x = find(m.f, m.n, 0, 0, "Beta");
    assert_true(x && x->n == 3 && x->promoters == 3);
    x = find(m.f, m.n, 0, -1, NULL);
    assert_true(x && x->n == 7 && x->promoters == 0.5);
    pd_attention_stream_free(s);
}

/* One ticket row on every axis: created in week 3 (first reply 2 h),
 * solved in week 1 (resolution 50 h, rated good), open at the ends of
 * weeks 2 and 3; a second created in week 3, solved before the weeks
 * began (on no other axis); each axis' tickets, counts and bits are its
 * own. */
static void
test_axes(void **state)
{
    struct pd_att_stream *s = pd_attention_stream_new(
        PD_ATT_WANT(PD_ATT_AXIS_CREATED, PD_ATT_OUT_TICKETS) |
        PD_ATT_WANT(PD_ATT_AXIS_CREATED, PD_ATT_OUT_MEDIAN) |
        PD_ATT_WANT(PD_ATT_AXIS_SOLVED, PD_ATT_OUT_CSAT) |
        PD_ATT_WANT(PD_ATT_AXIS_SOLVED, PD_ATT_OUT_MEDIAN) |
        PD_ATT_WANT(PD_ATT_AXIS_OPEN, PD_ATT_OUT_COUNT));
    const char *v[NCOLS];
    const struct pd_att_fact *x;
    struct pd_err err = PD_ERR_INIT;
    struct made m;

    (void)state;
    for (int w = 0; w < 4; w++) {
        char week[16], label[32];

        snprintf(week, sizeof(week), "%d", w);
        snprintf(label, sizeof(label), "2026-W%d", 47 - w);
        week_row(s, week, label);
    }
    ticket_row(v, "Alpha", NULL);
    v[C_CREATED] = "3";
    /* Created 2 hours after the times' zero: replied 2 and solved 50
     * hours after its creation. */
    v[C_CREATED_AT] = "7200000000";
    v[C_REPLY_AT] = "4";
    v[C_SOLVED] = "1";
    v[C_SOLVED_AT] = "52";
    v[C_BITS] = "3";
    v[C_OPEN_FIRST] = "2";
    v[C_OPEN_LAST] = "3";
    assert_int_equal(feed(s, v, &err), 0);
    ticket_row(v, "Beta", NULL);
    v[C_CREATED] = "3";
    v[C_SOLVED_AT] = "-1";
    v[C_BITS] = "15";
    assert_int_equal(feed(s, v, &err), 0);
    finish(s);

    facts_of(s, PD_ATT_AXIS_CREATED, PD_ATT_OUT_TICKETS, &m);
    assert_non_null(x = find_combination(m.f, m.n, 3, "Alpha", NULL));
    assert_true(x->n == 1);
    assert_non_null(x = find_combination(m.f, m.n, 3, "Beta", NULL));
    assert_true(x->n == 1);
    assert_int_equal(m.n, 2 + 3); /* and the totals of weeks 0-2 */
    facts_of(s, PD_ATT_AXIS_CREATED, PD_ATT_OUT_MEDIAN, &m);
    x = find(m.f, m.n, 3, -1, NULL);
    assert_true(x && x->n == 1 && x->promoters == 2); /* Beta: no reply */
    facts_of(s, PD_ATT_AXIS_SOLVED, PD_ATT_OUT_CSAT, &m);
    assert_non_null(x = find_combination(m.f, m.n, 1, "Alpha", NULL));
    assert_true(x->n == 1 && x->promoters == 1);
    assert_int_equal(m.n, 1 + 3);
    facts_of(s, PD_ATT_AXIS_SOLVED, PD_ATT_OUT_MEDIAN, &m);
    x = find(m.f, m.n, 1, -1, NULL);
    assert_true(x && x->n == 1 && x->promoters == 50);
    facts_of(s, PD_ATT_AXIS_OPEN, PD_ATT_OUT_COUNT, &m);
    for (int w = 0; w < 4; w++) {
        x = find(m.f, m.n, w, -1, NULL);
        assert_true(x && x->n == (w >= 2) && x->promoters == (w >= 2));
    }
    assert_string_equal(m.label[3], "2026-W44");
    assert_int_equal(pd_attention_stream_week_rows(s, PD_ATT_AXIS_CREATED, 3),
                     2);
    assert_int_equal(pd_attention_stream_week_rows(s, PD_ATT_AXIS_SOLVED, 1),
                     1);
    assert_int_equal(pd_attention_stream_week_rows(s, PD_ATT_AXIS_SOLVED, 3),
                     0);
    assert_int_equal(pd_attention_stream_week_rows(s, PD_ATT_AXIS_OPEN, 2), 1);
    assert_int_equal(pd_attention_stream_week_rows(s, PD_ATT_AXIS_OPEN, 1), 0);
    pd_attention_stream_free(s);
}

/* A ticket row with product area Alpha on no axis, column col set to
 * value; the row function's return. */
static int
feed_ticket(struct pd_att_stream *s, int col, const char *value,
            struct pd_err *err)
{
    const char *v[NCOLS];

    ticket_row(v, "Alpha", NULL);
    v[col] = value;
    return feed(s, v, err);
}

static void
test_bad_rows(void **state)
{
    struct pd_att_stream *s = pd_attention_stream_new(
        PD_ATT_WANT(PD_ATT_AXIS_CREATED, PD_ATT_OUT_MEDIAN));
    const char *out_of_range[NCOLS] = {"0", "14", "t", "2026-W33"};
    const char *week_minus_one[NCOLS] = {"0", "-1", "t", "2026-W33"};
    const char *bad_kind[NCOLS] = {"3", "0", "t", "2026-W33"};
    const char *bad_arr[NCOLS] = {"1", [C_DIM0 + 7] = "acc1", [C_ARR] = "1e"};
    const char *no_account[NCOLS] = {"1",
                                     [C_DIM0 + 4] = "pro", [C_NAME] = "Acme"};
    static const struct {
        int col;
        const char *value;
    } bad_ticket[] = {
        {C_REPLY_AT, "x"},    {C_SOLVED_AT, "NaN"}, {C_BITS, "16"},
        {C_BITS, "1.5"},      {C_CREATED, "14"},    {C_SOLVED, "-1"},
        {C_OPEN_FIRST, NULL}, {C_OPEN_FIRST, "15"}, {C_OPEN_LAST, "14"},
        {C_OPEN_LAST, NULL},  {C_CREATED_AT, "x"},
    };
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    /* A row the stream cannot place fails the report rather than leave
     * a ticket out. */
    assert_int_equal(feed(s, out_of_range, &err), -1);
    assert_int_equal(err.code, PD_E_DB);
    assert_int_equal(feed(s, week_minus_one, &err), -1);
    assert_int_equal(feed(s, bad_kind, &err), -1);
    assert_int_equal(feed(s, bad_arr, &err), -1);
    assert_int_equal(feed(s, no_account, &err), -1);
    for (size_t i = 0; i < sizeof(bad_ticket) / sizeof(bad_ticket[0]); i++) {
        err = (struct pd_err)PD_ERR_INIT;
        assert_int_equal(
            feed_ticket(s, bad_ticket[i].col, bad_ticket[i].value, &err), -1);
        assert_int_equal(err.code, PD_E_DB);
    }
    /* The same row with its values in range is a ticket. */
    assert_int_equal(feed_ticket(s, C_CREATED, "13", &err), 0);
    pd_attention_stream_free(s);
    pd_attention_stream_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_medians),
        cmocka_unit_test(test_backlog_counts),
        cmocka_unit_test(test_combinations),
        cmocka_unit_test(test_median_order),
        cmocka_unit_test(test_axes),
        cmocka_unit_test(test_bad_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
