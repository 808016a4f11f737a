/*
 * test_timeutil - civil dates, zones across the 2026 DST transitions, ISO
 * weeks, formatting and PRODOPS_NOW.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
/* clang-format on */

#include "common/timeutil.h"

#define T(y, mo, d, h, mi, s) pd_time_make(y, mo, d, h, mi, s, 0)
#define MIN                   (60 * PD_US_PER_SEC)

static void
test_civil(void **state)
{
    static const struct {
        int64_t y;
        unsigned m, d;
        int64_t days;
    } cases[] = {
        {1970, 1, 1, 0},         {1969, 12, 31, -1},    {2000, 3, 1, 11017},
        {1, 1, 1, -719162},      {2024, 2, 29, 19782},  {2026, 11, 16, 20773},
        {9999, 12, 31, 2932896}, {1000, 1, 1, -354285},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t y;
        unsigned m, d;

        assert_int_equal(pd_days_from_civil(cases[i].y, cases[i].m, cases[i].d),
                         cases[i].days);
        pd_civil_from_days(cases[i].days, &y, &m, &d);
        assert_int_equal(y, cases[i].y);
        assert_int_equal(m, cases[i].m);
        assert_int_equal(d, cases[i].d);
    }
}

/* Every day of the supported years round-trips and advances by one. */
static void
test_civil_round_trip(void **state)
{
    int64_t first = pd_days_from_civil(1000, 1, 1);
    int64_t last = pd_days_from_civil(9999, 12, 31);
    int64_t py = 999;
    unsigned pm = 12, pd = 31;

    (void)state;
    for (int64_t days = first; days <= last; days++) {
        int64_t y;
        unsigned m, d;

        pd_civil_from_days(days, &y, &m, &d);
        if (d != pd + 1 &&
            !(d == 1 && (m == pm + 1 || (m == 1 && pm == 12 && y == py + 1))))
            fail_msg("day %lld: %lld-%u-%u after %lld-%u-%u", (long long)days,
                     (long long)y, m, d, (long long)py, pm, pd);
        assert_true(d <= pd_days_in_month(y, m));
        assert_int_equal(pd_days_from_civil(y, m, d), days);
        py = y, pm = m, pd = d;
    }
}

static void
test_days_in_month(void **state)
{
    (void)state;
    assert_int_equal(pd_days_in_month(2024, 2), 29);
    assert_int_equal(pd_days_in_month(2023, 2), 28);
    assert_int_equal(pd_days_in_month(1900, 2), 28);
    assert_int_equal(pd_days_in_month(2000, 2), 29);
    assert_int_equal(pd_days_in_month(2026, 4), 30);
    assert_int_equal(pd_days_in_month(2026, 12), 31);
    assert_int_equal(pd_days_in_month(2026, 0), 0);
    assert_int_equal(pd_days_in_month(2026, 13), 0);
}

static void
test_make_split(void **state)
{
    struct pd_tm tm;

    (void)state;
    pd_time_split(pd_time_make(2026, 11, 16, 7, 8, 9, 123456), &tm);
    assert_int_equal(tm.year, 2026);
    assert_int_equal(tm.month, 11);
    assert_int_equal(tm.day, 16);
    assert_int_equal(tm.hour, 7);
    assert_int_equal(tm.minute, 8);
    assert_int_equal(tm.second, 9);
    assert_int_equal(tm.usec, 123456);
    assert_int_equal(tm.weekday, 1); /* Monday */

    pd_time_split(0, &tm);
    assert_int_equal(tm.weekday, 4); /* 1970-01-01 was a Thursday */

    /* Before 1970: floor, not truncation. */
    pd_time_split(-1, &tm);
    assert_int_equal(tm.year, 1969);
    assert_int_equal(tm.month, 12);
    assert_int_equal(tm.day, 31);
    assert_int_equal(tm.hour, 23);
    assert_int_equal(tm.second, 59);
    assert_int_equal(tm.usec, 999999);
    assert_int_equal(tm.weekday, 3);

    pd_time_split(T(2021, 1, 3, 0, 0, 0), &tm);
    assert_int_equal(tm.weekday, 7);
}

static void
test_format_iso(void **state)
{
    char buf[64];
    char small[8];

    (void)state;
    assert_int_equal(pd_time_format_iso(0, buf, sizeof(buf)), 20);
    assert_string_equal(buf, "1970-01-01T00:00:00Z");
    pd_time_format_iso(T(2026, 11, 9, 0, 0, 0), buf, sizeof(buf));
    assert_string_equal(buf, "2026-11-09T00:00:00Z");
    pd_time_format_iso(T(2026, 11, 9, 0, 0, 0) + 5, buf, sizeof(buf));
    assert_string_equal(buf, "2026-11-09T00:00:00.000005Z");
    pd_time_format_iso(-1, buf, sizeof(buf));
    assert_string_equal(buf, "1969-12-31T23:59:59.999999Z");
    assert_int_equal(pd_time_format_iso(0, small, sizeof(small)), 7);
    assert_string_equal(small, "1970-01");
}

static void
test_tz_open(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    static const char *const utc_names[] = {"UTC", "Z", ""};
    /* zone.tab and iso3166.tab: regular files of the zoneinfo folder that
     * are not zones (regression 2026-12-05, issue 12 item 11). */
    static const char *const bad[] = {"Mars/Olympus_Mons", "../../etc/passwd",
                                      "/etc/localtime",    "America",
                                      "zone.tab",          "iso3166.tab"};

    (void)state;
    for (size_t i = 0; i < 3; i++) {
        struct pd_tz *tz = pd_tz_open(utc_names[i], &err);
        assert_non_null(tz);
        assert_true(pd_tz_is_utc(tz));
        assert_string_equal(pd_tz_name(tz), "UTC");
        assert_int_equal(pd_tz_to_utc(tz, 12345), 12345);
        pd_tz_free(tz);
    }
    {
        struct pd_tz *tz = pd_tz_open(NULL, &err);
        assert_true(pd_tz_is_utc(tz));
        pd_tz_free(tz);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        pd_err_clear(&err);
        assert_null(pd_tz_open(bad[i], &err));
        assert_int_equal(err.code, PD_E_CONFIG);
        assert_non_null(strstr(err.msg, bad[i]));
    }
    assert_null(pd_tz_open("Nowhere/City", NULL));
    pd_tz_free(NULL);
    assert_true(pd_tz_is_utc(NULL));
}

struct conv {
    const char *zone;
    int64_t local, utc; /* local wall clock -> UTC */
};

/* The gap moves forward, the overlap takes the first (daylight) instant. */
static void
test_to_utc_transitions(void **state)
{
    const struct conv cases[] = {
        /* America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT */
        {"America/New_York", T(2026, 3, 8, 1, 59, 59),
         T(2026, 3, 8, 6, 59, 59)},
        {"America/New_York", T(2026, 3, 8, 2, 0, 0), T(2026, 3, 8, 7, 0, 0)},
        {"America/New_York", T(2026, 3, 8, 2, 30, 0), T(2026, 3, 8, 7, 30, 0)},
        {"America/New_York", T(2026, 3, 8, 3, 0, 0), T(2026, 3, 8, 7, 0, 0)},
        {"America/New_York", T(2026, 3, 8, 12, 0, 0), T(2026, 3, 8, 16, 0, 0)},
        /* 2026-11-01 02:00 EDT -> 01:00 EST */
        {"America/New_York", T(2026, 11, 1, 0, 59, 59),
         T(2026, 11, 1, 4, 59, 59)},
        {"America/New_York", T(2026, 11, 1, 1, 0, 0), T(2026, 11, 1, 5, 0, 0)},
        {"America/New_York", T(2026, 11, 1, 1, 59, 59),
         T(2026, 11, 1, 5, 59, 59)},
        {"America/New_York", T(2026, 11, 1, 2, 0, 0), T(2026, 11, 1, 7, 0, 0)},
        {"America/New_York", T(2026, 7, 4, 12, 0, 0), T(2026, 7, 4, 16, 0, 0)},
        {"America/New_York", T(2026, 12, 25, 12, 0, 0),
         T(2026, 12, 25, 17, 0, 0)},
        /* Europe/Berlin: 2026-03-29 02:00 CET -> 03:00 CEST */
        {"Europe/Berlin", T(2026, 3, 29, 1, 59, 59), T(2026, 3, 29, 0, 59, 59)},
        {"Europe/Berlin", T(2026, 3, 29, 2, 15, 0), T(2026, 3, 29, 1, 15, 0)},
        {"Europe/Berlin", T(2026, 3, 29, 3, 0, 0), T(2026, 3, 29, 1, 0, 0)},
        /* 2026-10-25 03:00 CEST -> 02:00 CET */
        {"Europe/Berlin", T(2026, 10, 25, 1, 59, 59),
         T(2026, 10, 24, 23, 59, 59)},
        {"Europe/Berlin", T(2026, 10, 25, 2, 0, 0), T(2026, 10, 25, 0, 0, 0)},
        {"Europe/Berlin", T(2026, 10, 25, 2, 45, 0), T(2026, 10, 25, 0, 45, 0)},
        {"Europe/Berlin", T(2026, 10, 25, 3, 0, 0), T(2026, 10, 25, 2, 0, 0)},
        /* Asia/Kolkata: +05:30 all year */
        {"Asia/Kolkata", T(2026, 1, 1, 0, 0, 0), T(2025, 12, 31, 18, 30, 0)},
        {"Asia/Kolkata", T(2026, 3, 8, 2, 30, 0), T(2026, 3, 7, 21, 0, 0)},
        {"Asia/Kolkata", T(2026, 7, 1, 5, 29, 59), T(2026, 6, 30, 23, 59, 59)},
    };
    (void)state;
    /* Twice: the second pass is served from the hour caches. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            struct pd_tz *tz = pd_tz_open(cases[i].zone, NULL);
            assert_non_null(tz);
            assert_int_equal(pd_tz_to_utc(tz, cases[i].local), cases[i].utc);
            assert_int_equal(pd_tz_to_utc(tz, cases[i].local + 999999),
                             cases[i].utc + 999999);
            pd_tz_free(tz);
        }
    }
}

static void
test_to_local_transitions(void **state)
{
    const struct conv cases[] = {
        {"America/New_York", T(2026, 3, 8, 1, 59, 59),
         T(2026, 3, 8, 6, 59, 59)},
        {"America/New_York", T(2026, 3, 8, 3, 0, 0), T(2026, 3, 8, 7, 0, 0)},
        {"America/New_York", T(2026, 11, 1, 1, 30, 0),
         T(2026, 11, 1, 5, 30, 0)},
        {"America/New_York", T(2026, 11, 1, 1, 30, 0),
         T(2026, 11, 1, 6, 30, 0)},
        {"Europe/Berlin", T(2026, 3, 29, 3, 0, 0), T(2026, 3, 29, 1, 0, 0)},
        {"Europe/Berlin", T(2026, 10, 25, 2, 30, 0), T(2026, 10, 25, 0, 30, 0)},
        {"Europe/Berlin", T(2026, 10, 25, 2, 30, 0), T(2026, 10, 25, 1, 30, 0)},
        {"Asia/Kolkata", T(2026, 1, 1, 5, 30, 0), T(2026, 1, 1, 0, 0, 0)},
    };
    (void)state;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            struct pd_tz *tz = pd_tz_open(cases[i].zone, NULL);
            assert_int_equal(pd_tz_to_local(tz, cases[i].utc), cases[i].local);
            pd_tz_free(tz);
        }
    }
}

/* Offset by the C library directly.  TZ is set to the same name the zone
 * object uses, so the module's idea of the current TZ stays true. */
static int64_t
reference_local(const char *zone, int64_t utc_us)
{
    time_t t = (time_t)(utc_us / PD_US_PER_SEC);
    struct tm tm;

    setenv("TZ", zone, 1);
    tzset();
    localtime_r(&t, &tm);
    return utc_us + (int64_t)tm.tm_gmtoff * PD_US_PER_SEC;
}

/* A whole year every 7 minutes, caches warm and cold, against localtime_r;
 * local -> UTC -> local must come back (the overlap maps to its first
 * instant, an hour earlier). */
static void
test_year_sweep(void **state)
{
    static const char *const zones[] = {"America/New_York", "Europe/Berlin",
                                        "Asia/Kolkata", "Australia/Lord_Howe"};
    (void)state;
    for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
        struct pd_tz *tz = pd_tz_open(zones[z], NULL);
        int64_t end = T(2027, 1, 1, 0, 0, 0);

        assert_non_null(tz);
        for (int64_t t = T(2026, 1, 1, 0, 0, 0); t < end; t += 7 * MIN) {
            int64_t local = pd_tz_to_local(tz, t);
            int64_t back = pd_tz_to_utc(tz, local);

            assert_int_equal(local, reference_local(zones[z], t));
            if (back != t && !(back < t && pd_tz_to_local(tz, back) == local))
                fail_msg("%s: %lld -> %lld -> %lld", zones[z], (long long)t,
                         (long long)local, (long long)back);
        }
        pd_tz_free(tz);
    }
}

/* Two zones used alternately: the TZ switch must follow. */
static void
test_zone_switching(void **state)
{
    struct pd_tz *ny = pd_tz_open("America/New_York", NULL);
    struct pd_tz *ber = pd_tz_open("Europe/Berlin", NULL);

    (void)state;
    for (int i = 0; i < 3; i++) {
        int64_t day = T(2026, 1, 15, 2, 30, 0) + i * PD_US_PER_HOUR / 2;
        assert_int_equal(pd_tz_to_utc(ny, T(2026, 6, 1, 12, 0, 0)),
                         T(2026, 6, 1, 16, 0, 0));
        assert_int_equal(pd_tz_to_utc(ber, T(2026, 6, 1, 12, 0, 0)),
                         T(2026, 6, 1, 10, 0, 0));
        assert_int_equal(pd_tz_to_utc(ny, day), day + 5 * PD_US_PER_HOUR);
    }
    pd_tz_free(ny);
    pd_tz_free(ber);
}

static void
test_iso_week(void **state)
{
    static const struct {
        int64_t y;
        unsigned m, d;
        int iso_year, iso_week;
    } cases[] = {
        {2026, 1, 1, 2026, 1},    {2027, 1, 1, 2026, 53},
        {2024, 12, 30, 2025, 1},  {2021, 1, 3, 2020, 53},
        {2026, 11, 16, 2026, 47}, {2026, 12, 31, 2026, 53},
        {2015, 1, 1, 2015, 1},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int y, w;
        pd_iso_week(T(cases[i].y, cases[i].m, cases[i].d, 23, 59, 59), &y, &w);
        assert_int_equal(y, cases[i].iso_year);
        assert_int_equal(w, cases[i].iso_week);
    }
    assert_int_equal(pd_iso_week_start(2026, 1), T(2025, 12, 29, 0, 0, 0));
    assert_int_equal(pd_iso_week_start(2026, 47), T(2026, 11, 16, 0, 0, 0));
    assert_int_equal(pd_iso_week_start(2020, 53), T(2020, 12, 28, 0, 0, 0));
    /* Every day of 2000-2040 lies in the week its start says. */
    for (int64_t t = T(2000, 1, 1, 12, 0, 0); t < T(2040, 1, 1, 0, 0, 0);
         t += PD_US_PER_DAY) {
        int y, w;
        int64_t start;
        pd_iso_week(t, &y, &w);
        start = pd_iso_week_start(y, w);
        assert_true(start <= t && t < start + 7 * PD_US_PER_DAY);
    }
}

static void
test_now(void **state)
{
    int64_t real;

    (void)state;
    setenv("PRODOPS_NOW", "2026-11-16T07:00:00Z", 1);
    assert_int_equal(pd_now_us(), T(2026, 11, 16, 7, 0, 0));
    setenv("PRODOPS_NOW", "2026-11-16T08:30:00+01:30", 1);
    assert_int_equal(pd_now_us(), T(2026, 11, 16, 7, 0, 0));
    setenv("PRODOPS_NOW", "2026-11-16 02:00:00-05:00", 1);
    assert_int_equal(pd_now_us(), T(2026, 11, 16, 7, 0, 0));
    setenv("PRODOPS_NOW", "2026-11-16", 1);
    assert_int_equal(pd_now_us(), T(2026, 11, 16, 0, 0, 0));
    setenv("PRODOPS_NOW", "2026-02-30T00:00:00Z", 1);
    real = pd_now_us();
    assert_true(real > T(2024, 1, 1, 0, 0, 0));
    unsetenv("PRODOPS_NOW");
    assert_true(pd_now_us() >= real);
}

/* Every option, key and period that takes a day reads it through
 * pd_time_parse_day, so its strictness is everyone's: sscanf's "%4d" used
 * to let signs, spaces and short fields through. */
static void
test_parse_day(void **state)
{
    static const char *const bad[] = {
        "2026-+1-05", "2026- 1-05", " 2026-01-05", "2026-01-05 ",
        "2026-1-05",  "2026-02-29", "2026-13-01",  "2026-00-10",
        "2026-04-31", "1969-12-31", "2026/01/05",  "",
        "20260105",   "+026-01-05", "2026-01-0a",  "2026-01-05T00:00"};
    int64_t days;

    (void)state;
    assert_int_equal(pd_time_parse_day("1970-01-01", 10, &days), 0);
    assert_int_equal(days, 0);
    assert_int_equal(pd_time_parse_day("2024-02-29", 10, &days), 0);
    assert_int_equal(days, pd_days_from_civil(2024, 2, 29));
    /* len bounds the text: a day inside a longer list is read alone */
    assert_int_equal(pd_time_parse_day("2026-12-25, 2026-12-26", 10, &days), 0);
    assert_int_equal(days, pd_days_from_civil(2026, 12, 25));
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(pd_time_parse_day(bad[i], strlen(bad[i]), &days), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil),
        cmocka_unit_test(test_civil_round_trip),
        cmocka_unit_test(test_days_in_month),
        cmocka_unit_test(test_make_split),
        cmocka_unit_test(test_format_iso),
        cmocka_unit_test(test_tz_open),
        cmocka_unit_test(test_to_utc_transitions),
        cmocka_unit_test(test_to_local_transitions),
        cmocka_unit_test(test_year_sweep),
        cmocka_unit_test(test_zone_switching),
        cmocka_unit_test(test_iso_week),
        cmocka_unit_test(test_now),
        cmocka_unit_test(test_parse_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
