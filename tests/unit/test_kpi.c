/*
 * test_kpi - display rounding (SPEC §6: round is half away from zero on
 * exact decimals) and the values and changes as the summaries show them.
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

#include "reports/kpi.h"

static void
test_round(void **state)
{
    (void)state;
    /* Ties go away from zero, in both directions. */
    assert_float_equal(pd_kpi_round(70.5, 0), 71, 0);
    assert_float_equal(pd_kpi_round(24.5, 0), 25, 0); /* half-even: 24 */
    assert_float_equal(pd_kpi_round(-0.5, 0), -1, 0);
    assert_float_equal(pd_kpi_round(0.25, 1), 0.3, 1e-15); /* printf: 0.2 */
    assert_float_equal(pd_kpi_round(-2.25, 1), -2.3, 1e-15);
    /* Decimal ties a double holds a hair below: 0.15 is 0.1499999...,
     * 1.005 is 1.00499999..., 100 x (4.3 - 8) / (4 - 8) is
     * 92.49999999999999. */
    assert_float_equal(pd_kpi_round(0.15, 1), 0.2, 1e-15);
    assert_float_equal(pd_kpi_round(1.005, 2), 1.01, 1e-15);
    assert_float_equal(pd_kpi_round(100 * ((4 + 4.6) / 2 - 8) / (4 - 8), 0), 93,
                       0);
    /* Not ties. */
    assert_float_equal(pd_kpi_round(70.49, 0), 70, 0);
    assert_float_equal(pd_kpi_round(0.249, 1), 0.2, 1e-15);
    assert_float_equal(pd_kpi_round(-0.04, 1), 0, 0);
}

static void
test_show(void **state)
{
    char buf[40];

    (void)state;
    pd_kpi_show(PD_FMT_NPS, true, 12.5, buf, sizeof(buf));
    assert_string_equal(buf, "13");
    pd_kpi_show(PD_FMT_NPS, true, -12.5, buf, sizeof(buf));
    assert_string_equal(buf, "-13");
    pd_kpi_show(PD_FMT_PCT, true, 87.25, buf, sizeof(buf));
    assert_string_equal(buf, "87.3 %");
    pd_kpi_show(PD_FMT_SHARE, true, 0.44265, buf, sizeof(buf));
    assert_string_equal(buf, "44.3 %");
    pd_kpi_show(PD_FMT_HOURS, true, 2.25, buf, sizeof(buf));
    assert_string_equal(buf, "2.3 h");
    pd_kpi_show(PD_FMT_COUNT, true, 2.5, buf, sizeof(buf));
    assert_string_equal(buf, "3");
    pd_kpi_show(PD_FMT_DEC, true, -0.04, buf, sizeof(buf));
    assert_string_equal(buf, "0.0"); /* not -0.0 */
    pd_kpi_show(PD_FMT_COUNT, false, 0, buf, sizeof(buf));
    assert_string_equal(buf, "\u2013");
}

static void
test_change(void **state)
{
    const struct pd_kpi csat = {"CSAT",     "tickets",        "csat_pct",
                                PD_FMT_PCT, PD_BETTER_HIGHER, false,
                                NULL};
    const struct pd_kpi made = {"Tickets created",
                                "tickets",
                                "tickets_created",
                                PD_FMT_COUNT,
                                PD_BETTER_LOWER,
                                false,
                                NULL};
    struct pd_kpi_value v = {true, true, 80.25, 80, false, false, 0, 0};
    char buf[48];

    (void)state;
    /* +0.25 points shows as +0.3, and higher is better. */
    assert_int_equal(pd_kpi_change(&csat, &v, buf, sizeof(buf)), 1);
    assert_string_equal(buf, "+0.3 pts");
    /* 5 from 8: -3, -37.5 % -> -37.5; 9 from 8: +12.5 % -> +12.5. */
    v = (struct pd_kpi_value){true, true, 5, 8, false, false, 0, 0};
    assert_int_equal(pd_kpi_change(&made, &v, buf, sizeof(buf)), 1);
    assert_string_equal(buf, "-3 (-37.5 %)");
    /* 1 from 16: -93.75 % -> -93.8 (half-even would say -93.8 too); 3
     * from 16: -81.25 % -> -81.3 (half-even: -81.2). */
    v = (struct pd_kpi_value){true, true, 3, 16, false, false, 0, 0};
    pd_kpi_change(&made, &v, buf, sizeof(buf));
    assert_string_equal(buf, "-13 (-81.3 %)");
}

/* The change rule of kpi.h: NPS 17.3 -> 16.8 reads 17 and 17 and a change
 * of -0.5 (never "+0"); a change that rounds to zero is unsigned and
 * neither good nor bad; NPS shows its margin at its own precision. */
static void
test_change_rule(void **state)
{
    const struct pd_kpi nps = {
        "NPS", "nps", "nps", PD_FMT_NPS, PD_BETTER_HIGHER, false, "nps_moe95"};
    const struct pd_kpi csat = {"CSAT",     "tickets",        "csat_pct",
                                PD_FMT_PCT, PD_BETTER_HIGHER, false,
                                NULL};
    struct pd_kpi_value v = {true, true, 16.8, 17.3, true, false, 8.5, 0};
    char buf[48];
    double d;

    (void)state;
    assert_int_equal(pd_kpi_change(&nps, &v, buf, sizeof(buf)), -1);
    assert_string_equal(buf, "-0.5");
    pd_kpi_show_value(&nps, &v, false, buf, sizeof(buf));
    assert_string_equal(buf, "17 \u00b1 9"); /* 16.8 -> 17, 8.5 -> 9 */
    pd_kpi_show_value(&nps, &v, true, buf, sizeof(buf));
    assert_string_equal(buf, "17"); /* no margin last week */
    /* 80.24 and 80.16 both show 80.2: the change is 0.0, not +0.1. */
    v = (struct pd_kpi_value){true, true, 80.24, 80.16, false, false, 0, 0};
    assert_int_equal(pd_kpi_change(&csat, &v, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "0.0 pts");
    assert_true(pd_kpi_delta(&csat, &v, &d));
    assert_float_equal(d, 0, 0);
}

static void
test_label(void **state)
{
    char buf[64];

    (void)state;
    pd_kpi_label("wau", buf, sizeof(buf));
    assert_string_equal(buf, "Weekly active users");
    pd_kpi_label("first_reply_hours_median", buf, sizeof(buf));
    assert_string_equal(buf, "First reply, median");
    pd_kpi_label("adoption:Report Created", buf, sizeof(buf));
    assert_string_equal(buf, "Adoption of Report Created");
    assert_int_equal(pd_kpi_format_of("adoption:x"), PD_FMT_SHARE);
    assert_int_equal(pd_kpi_format_of("nps_moe95"), PD_FMT_DEC);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round),  cmocka_unit_test(test_show),
        cmocka_unit_test(test_change), cmocka_unit_test(test_change_rule),
        cmocka_unit_test(test_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
