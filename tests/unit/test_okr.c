/*
 * test_okr - key-result status and progress (SPEC §6 "OKRs") at their
 * edges (below the baseline too), the window metrics staleness stops, and
 * quarters: calendar, fiscal, the default, in a zone.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "common/timeutil.h"
#include "reports/okr.h"
#include "reports/period.h"

static struct pd_okr_kr
kr(const char *direction, double target, bool has_baseline, double baseline)
{
    struct pd_okr_kr k;

    memset(&k, 0, sizeof(k));
    k.direction = (char *)(uintptr_t)direction;
    k.target = target;
    k.has_target = true;
    k.baseline = baseline;
    k.has_baseline = has_baseline;
    return k;
}

static void
test_status(void **state)
{
    struct pd_okr_kr up = kr(">=", 40, true, 30), down = kr("<=", 4, true, 8);
    struct pd_okr_kr zero = kr("<=", 0, false, 0);

    (void)state;
    assert_string_equal(pd_okr_status(&up, true, 40), "met");
    assert_string_equal(pd_okr_status(&up, true, 36), "at risk"); /* 90 % */
    assert_string_equal(pd_okr_status(&up, true, 35.99), "off track");
    assert_string_equal(pd_okr_status(&up, false, 0), "no data");
    assert_string_equal(pd_okr_status(&down, true, 4), "met");
    assert_string_equal(pd_okr_status(&down, true, 4.4), "at risk");
    assert_string_equal(pd_okr_status(&down, true, 4.41), "off track");
    /* Within 10 % of zero is zero itself. */
    assert_string_equal(pd_okr_status(&zero, true, 0), "met");
    assert_string_equal(pd_okr_status(&zero, true, 1), "off track");
}

static void
test_progress(void **state)
{
    struct pd_okr_kr up = kr(">=", 40, true, 30), down = kr("<=", 4, true, 8);
    struct pd_okr_kr flat = kr(">=", 10, true, 10),
                     none = kr(">=", 1, false, 0);
    double p = -1;

    (void)state;
    assert_true(pd_okr_progress(&up, true, 35, &p));
    assert_float_equal(p, 50, 1e-12);
    /* Below the baseline: negative, not clamped to 0 (SPEC §6 revised):
     * 100 x (25 - 30) / (40 - 30) = -50; for <=, 100 x (10 - 8) / (4 - 8)
     * = -50 as well. */
    assert_true(pd_okr_progress(&up, true, 25, &p));
    assert_float_equal(p, -50, 1e-12);
    assert_true(pd_okr_progress(&down, true, 10, &p));
    assert_float_equal(p, -50, 1e-12);
    assert_true(pd_okr_progress(&up, true, 55, &p)); /* past the target */
    assert_float_equal(p, 100, 0);
    assert_true(pd_okr_progress(&down, true, 5, &p));
    assert_float_equal(p, 75, 1e-12);
    assert_true(pd_okr_progress(&flat, true, 10, &p));
    assert_float_equal(p, 100, 0);
    assert_true(pd_okr_progress(&flat, true, 9, &p));
    assert_float_equal(p, 0, 0);
    assert_false(pd_okr_progress(&none, true, 1, &p));
    assert_false(pd_okr_progress(&up, false, 0, &p));
}

static void
test_below_baseline(void **state)
{
    struct pd_okr_kr up = kr(">=", 40, true, 30), down = kr("<=", 4, true, 8);
    struct pd_okr_kr none = kr(">=", 1, false, 0);

    (void)state;
    assert_true(pd_okr_below_baseline(&up, true, 29.9));
    assert_false(pd_okr_below_baseline(&up, true, 30)); /* at it: 0 % */
    assert_false(pd_okr_below_baseline(&up, true, 35));
    assert_true(pd_okr_below_baseline(&down, true, 8.1)); /* more is worse */
    assert_false(pd_okr_below_baseline(&down, true, 7));
    assert_false(pd_okr_below_baseline(&none, true, -5));
    assert_false(pd_okr_below_baseline(&up, false, 0));
}

static void
test_window_metrics(void **state)
{
    (void)state;
    /* SPEC §6: the metrics a stale family cannot judge. */
    assert_true(pd_okr_window_metric("wau"));
    assert_true(pd_okr_window_metric("mau"));
    assert_true(pd_okr_window_metric("stickiness"));
    assert_false(pd_okr_window_metric("dau_avg"));
    assert_false(pd_okr_window_metric("active_users"));
    assert_false(pd_okr_window_metric("nps"));
}

static void
test_metrics(void **state)
{
    (void)state;
    assert_true(pd_okr_metric_known("nps"));
    assert_true(pd_okr_metric_known("first_reply_hours_p90"));
    assert_true(pd_okr_metric_known("adoption:Report Created"));
    assert_true(pd_okr_metric_known("red_accounts"));
    assert_false(pd_okr_metric_known("adoption:"));
    assert_false(pd_okr_metric_known("npss"));
    assert_false(pd_okr_metric_known("by_channel"));
}

static void
quarter_is(const struct pd_quarter *q, const char *label, const char *first,
           const char *last, const char *start, const char *end)
{
    char a[40], b[40];

    pd_time_format_iso(q->start, a, sizeof(a));
    pd_time_format_iso(q->end, b, sizeof(b));
    assert_string_equal(q->label, label);
    assert_string_equal(q->first_day, first);
    assert_string_equal(q->last_day, last);
    assert_string_equal(a, start);
    assert_string_equal(b, end);
}

static void
test_quarters(void **state)
{
    struct pd_quarter q;
    struct pd_err err = PD_ERR_INIT;
    int64_t now = pd_time_make(2026, 11, 23, 10, 0, 0, 0);
    char a[40];

    (void)state;
    assert_int_equal(pd_period_quarter(NULL, "UTC", 1, now, &q, &err), 0);
    quarter_is(&q, "2026Q4", "2026-10-01", "2026-12-31", "2026-10-01T00:00:00Z",
               "2027-01-01T00:00:00Z");
    assert_string_equal(q.prev_label, "2026Q3");
    pd_time_format_iso(q.to_date, a, sizeof(a));
    assert_string_equal(a, "2026-11-23T00:00:00Z");
    pd_time_format_iso(q.prev_to, a, sizeof(a)); /* 53 days into Q3 */
    assert_string_equal(a, "2026-08-23T00:00:00Z");

    /* Fiscal years from February, named by the year they end in. */
    assert_int_equal(pd_period_quarter(NULL, "UTC", 2, now, &q, &err), 0);
    quarter_is(&q, "2027Q4", "2026-11-01", "2027-01-31", "2026-11-01T00:00:00Z",
               "2027-02-01T00:00:00Z");
    assert_int_equal(pd_period_quarter("2027Q1", "UTC", 2, now, &q, &err), 0);
    quarter_is(&q, "2027Q1", "2026-02-01", "2026-04-30", "2026-02-01T00:00:00Z",
               "2026-05-01T00:00:00Z");
    assert_string_equal(q.prev_label, "2026Q4");
    /* October starts (the US government's): FY2027 Q1 is Oct-Dec 2026. */
    assert_int_equal(pd_period_quarter(NULL, "UTC", 10, now, &q, &err), 0);
    quarter_is(&q, "2027Q1", "2026-10-01", "2026-12-31", "2026-10-01T00:00:00Z",
               "2027-01-01T00:00:00Z");

    /* Local midnights in a zone; a future quarter has no days yet. */
    assert_int_equal(
        pd_period_quarter("2027Q1", "Europe/Berlin", 1, now, &q, &err), 0);
    quarter_is(&q, "2027Q1", "2027-01-01", "2027-03-31", "2026-12-31T23:00:00Z",
               "2027-03-31T22:00:00Z");
    assert_true(q.to_date == q.start && q.prev_to == q.prev_start);

    assert_int_equal(pd_period_quarter("2026-Q4", "UTC", 1, now, &q, &err), -1);
    assert_int_equal(err.code, PD_E_USAGE);
    assert_false(pd_period_quarter_label_ok("2026Q0"));
    assert_false(pd_period_quarter_label_ok("2026Q44"));
    assert_true(pd_period_quarter_label_ok("2026Q1"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_below_baseline),
        cmocka_unit_test(test_window_metrics),
        cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_quarters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
