/*
 * test_schedule - the arithmetic of scheduled jobs (jobs/schedule.h): the
 * instant a catch-up runs for, across DST and leap days; back-off; cron
 * expressions as crontab text and as systemd OnCalendar= values (each
 * value was checked with `systemd-analyze calendar`, systemd 252); and
 * the command-line times of --at / --from.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "common/err.h"
#include "common/timeutil.h"
#include "jobs/cron.h"
#include "jobs/schedule.h"

#define T(y, mo, d, h, mi) pd_time_make(y, mo, d, h, mi, 0, 0)
#define NELEM(a)           (sizeof(a) / sizeof((a)[0]))

static const char NY[] = "America/New_York";

struct latest_case {
    const char *expr, *zone;
    int64_t floor, now, expected; /* -1: none */
};

static void
test_latest(void **state)
{
    const struct latest_case cases[] = {
        /* Two Mondays missed after the one of 2 March: the latest, 16
         * March 07:00 EDT, once. */
        {"0 7 * * MON", NY, T(2026, 3, 2, 12, 0), T(2026, 3, 17, 10, 0),
         T(2026, 3, 16, 11, 0)},
        /* Nothing after the last run. */
        {"0 7 * * MON", NY, T(2026, 3, 16, 11, 0), T(2026, 3, 17, 10, 0), -1},
        /* The instant itself counts (floor < t <= now). */
        {"0 7 * * MON", NY, INT64_MIN, T(2026, 3, 16, 11, 0),
         T(2026, 3, 16, 11, 0)},
        {"0 7 * * MON", NY, T(2026, 3, 16, 10, 59), T(2026, 3, 16, 11, 0),
         T(2026, 3, 16, 11, 0)},
        /* Every minute: the minute now is in. */
        {"* * * * *", "UTC", INT64_MIN, T(2026, 3, 16, 12, 34) + 56000000,
         T(2026, 3, 16, 12, 34)},
        /* A spring-forward gap: 02:30 runs at 03:00 EDT. */
        {"30 2 * * *", NY, INT64_MIN, T(2026, 3, 8, 8, 0), T(2026, 3, 8, 7, 0)},
        /* Far back: the last leap day, and a run that never comes. */
        {"0 0 29 2 *", "UTC", INT64_MIN, T(2027, 6, 1, 0, 0),
         T(2024, 2, 29, 0, 0)},
        {"0 0 29 2 *", "UTC", T(2024, 2, 29, 0, 0), T(2027, 6, 1, 0, 0), -1},
        {"0 0 30 2 *", "UTC", INT64_MIN, T(2027, 6, 1, 0, 0), -1},
        {"@quarterly", "Europe/Berlin", INT64_MIN, T(2026, 11, 23, 0, 0),
         T(2026, 9, 30, 22, 0)},
    };

    (void)state;
    for (size_t i = 0; i < NELEM(cases); i++) {
        struct pd_cron *c = pd_cron_parse(cases[i].expr, NULL);
        struct pd_tz *tz = pd_tz_open(cases[i].zone, NULL);
        int64_t got;
        assert_non_null(c);
        assert_non_null(tz);
        got = pd_schedule_latest(c, tz, cases[i].floor, cases[i].now);
        if (got != cases[i].expected)
            fail_msg("case %zu (%s): got %lld, want %lld", i, cases[i].expr,
                     (long long)got, (long long)cases[i].expected);
        pd_tz_free(tz);
        pd_cron_free(c);
    }
}

static void
test_backoff(void **state)
{
    (void)state;
    assert_true(pd_schedule_backoff(60, 1) == 60);
    assert_true(pd_schedule_backoff(60, 2) == 120);
    assert_true(pd_schedule_backoff(60, 3) == 240);
    assert_true(pd_schedule_backoff(0.1, 3) > 0.399 &&
                pd_schedule_backoff(0.1, 3) < 0.401);
    assert_true(pd_schedule_backoff(60, 30) == 6 * 3600);
    assert_true(pd_schedule_backoff(60, 1000000) == 6 * 3600);
}

static void
test_crontab(void **state)
{
    static const char *const cases[][2] = {
        {"0 7 * * MON", "0 7 * * MON"},
        {"  0 7 * * MON \t", "0 7 * * MON"},
        {"@quarterly", "0 0 1 1,4,7,10 *"},
        {"@daily", "@daily"},
    };
    char out[PD_SCHEDULE_TEXT_MAX];

    (void)state;
    for (size_t i = 0; i < NELEM(cases); i++) {
        struct pd_cron *c = pd_cron_parse(cases[i][0], NULL);
        pd_schedule_crontab(c, out);
        assert_string_equal(out, cases[i][1]);
        pd_cron_free(c);
    }
}

static void
test_calendar(void **state)
{
    static const struct {
        const char *expr, *zone, *line1, *line2;
    } cases[] = {
        {"0 7 * * MON", NY, "Mon *-*-* 07:00:00 America/New_York", NULL},
        {"*/15 9-17 * * MON-FRI", "UTC",
         "Mon..Fri *-*-* 09..17:00,15,30,45:00 UTC", NULL},
        {"@quarterly", "Europe/Berlin",
         "*-01,04,07,10-01 00:00:00 Europe/Berlin", NULL},
        {"0 12 * * SAT-SUN", "UTC", "Sat,Sun *-*-* 12:00:00 UTC", NULL},
        {"0 9 * * 0,1,2", "UTC", "Mon,Tue,Sun *-*-* 09:00:00 UTC", NULL},
        {"0,30 * * * *", "UTC", "*-*-* *:00,30:00 UTC", NULL},
        {"5 4 1-3 * *", "", "*-*-01..03 04:05:00 UTC", NULL},
        /* Both day fields restricted: cron runs on either (two lines). */
        {"0 0 1 * MON", "UTC", "*-*-01 00:00:00 UTC", "Mon *-*-* 00:00:00 UTC"},
    };
    char out[2][PD_SCHEDULE_TEXT_MAX];

    (void)state;
    for (size_t i = 0; i < NELEM(cases); i++) {
        struct pd_cron *c = pd_cron_parse(cases[i].expr, NULL);
        int n = pd_schedule_calendar(c, cases[i].zone, out);
        assert_int_equal(n, cases[i].line2 ? 2 : 1);
        assert_string_equal(out[0], cases[i].line1);
        if (cases[i].line2)
            assert_string_equal(out[1], cases[i].line2);
        pd_cron_free(c);
    }
}

static void
test_parse_time(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    int64_t t;

    (void)state;
    assert_int_equal(pd_schedule_parse_time("2026-03-09T07:00", NY, &t, &err),
                     0);
    assert_true(t == T(2026, 3, 9, 11, 0));
    assert_int_equal(
        pd_schedule_parse_time("2026-03-09T12:00:00Z", NY, &t, &err), 0);
    assert_true(t == T(2026, 3, 9, 12, 0));
    assert_int_equal(
        pd_schedule_parse_time("2026-03-02 07:00:00-05:00", "UTC", &t, &err),
        0);
    assert_true(t == T(2026, 3, 2, 12, 0));
    assert_int_equal(pd_schedule_parse_time("2026-03-09", NY, &t, &err), 0);
    assert_true(t == T(2026, 3, 9, 4, 0));
    assert_int_equal(pd_schedule_parse_time("03/09/2026", NY, &t, &err), -1);
    assert_int_equal(err.code, PD_E_USAGE);
    assert_int_equal(pd_schedule_parse_time("monday", NY, &t, &err), -1);
    assert_int_equal(
        pd_schedule_parse_time("2026-03-09", "Mars/Base", &t, &err), -1);
}

static void
test_format_local(void **state)
{
    const struct {
        const char *zone;
        int64_t t;
        const char *want;
    } cases[] = {
        {NY, T(2026, 3, 9, 11, 0), "2026-03-09T07:00:00-04:00"},
        {NY, T(2026, 3, 2, 12, 0), "2026-03-02T07:00:00-05:00"},
        {"UTC", T(2026, 3, 2, 12, 0), "2026-03-02T12:00:00Z"},
        {"Asia/Kolkata", T(2026, 6, 1, 3, 30), "2026-06-01T09:00:00+05:30"},
        {"America/St_Johns", T(2026, 1, 1, 12, 0), "2026-01-01T08:30:00-03:30"},
    };
    char out[48];

    (void)state;
    for (size_t i = 0; i < NELEM(cases); i++) {
        struct pd_tz *tz = pd_tz_open(cases[i].zone, NULL);
        pd_schedule_format_local(cases[i].t, tz, out, sizeof(out));
        assert_string_equal(out, cases[i].want);
        pd_tz_free(tz);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latest),     cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_crontab),    cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_parse_time), cmocka_unit_test(test_format_local),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
