/*
 * test_cron - cron parsing (fields, names, steps, macros, every error
 * message) and next-run search across the 2026 DST transitions of New York,
 * Berlin and Lord Howe, leap days and the dom/dow OR rule.
 *
 * Expected instants were computed independently of jobs/cron.c: by a Python
 * zoneinfo script that walks UTC minutes (not wall times) and asks of each
 * one whether the job runs then, and by `TZ=... date` for ordinary times.
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

#define T(y, mo, d, h, mi) pd_time_make(y, mo, d, h, mi, 0, 0)
#define NELEM(a)           (sizeof(a) / sizeof((a)[0]))

/* n digits of s from position at (the format is fixed-width). */
static unsigned
digits(const char *s, size_t at, size_t n)
{
    unsigned v = 0;

    for (size_t i = at; i < at + n; i++) {
        if (s[i] < '0' || s[i] > '9')
            fail_msg("bad instant in a table: %s", s);
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    return v;
}

/* "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" to UTC µs; the tables spell instants
 * this way so that they read like the expected values.  The value must
 * read back the same through pd_time_format_iso(), which also catches a
 * wrong separator. */
static int64_t
iso(const char *s)
{
    char buf[64];
    int64_t t;

    assert_true(strlen(s) >= 20);
    t = pd_time_make(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2),
                     digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2),
                     s[19] == '.' ? digits(s, 20, 6) : 0);
    pd_time_format_iso(t, buf, sizeof(buf));
    if (strcmp(buf, s) != 0)
        fail_msg("instant %s reads back as %s", s, buf);
    return t;
}

static const char NY[] = "America/New_York";
static const char BER[] = "Europe/Berlin";

struct next_case {
    const char *expr;
    const char *zone;
    const char *after;    /* ISO UTC */
    const char *expected; /* ISO UTC, or NULL for "never" (-1) */
};

static const struct next_case next_cases[] = {
    /* New York springs forward 2026-03-08 02:00 EST -> 03:00 EDT: 02:30
     * does not exist and runs when the gap ends, 03:00 EDT = 07:00Z. */
    {"30 2 * * *", NY, "2026-03-08T00:00:00Z", "2026-03-08T07:00:00Z"},
    {"30 2 * * *", NY, "2026-03-08T06:59:00Z", "2026-03-08T07:00:00Z"},
    {"30 2 * * *", NY, "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"},
    {"30 2 * * *", NY, "2026-03-07T00:00:00Z", "2026-03-07T07:30:00Z"},
    /* A wall time at the gap's end and one inside it are the same run. */
    {"0 3 * * *", NY, "2026-03-08T00:00:00Z", "2026-03-08T07:00:00Z"},
    {"0,30 2,3 * * *", NY, "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z"},
    {"0 7 * * MON", NY, "2026-03-01T00:00:00Z", "2026-03-02T12:00:00Z"},
    {"0 7 * * MON", NY, "2026-03-02T12:00:00Z", "2026-03-09T11:00:00Z"},
    {"0 7 * * MON", NY, "2026-10-27T00:00:00Z", "2026-11-02T12:00:00Z"},
    /* Falls back 2026-11-01 02:00 EDT -> 01:00 EST: 01:30 happens twice
     * (05:30Z and 06:30Z) and runs at the first only. */
    {"30 1 * * *", NY, "2026-11-01T00:00:00Z", "2026-11-01T05:30:00Z"},
    {"30 1 * * *", NY, "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"},
    {"30 1 * * *", NY, "2026-11-01T06:00:00Z", "2026-11-02T06:30:00Z"},
    {"30 1 * * *", NY, "2026-11-01T06:30:00Z", "2026-11-02T06:30:00Z"},
    {"0 2 * * *", NY, "2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z"},
    {"59 0 * * *", NY, "2026-11-01T00:00:00Z", "2026-11-01T04:59:00Z"},
    /* Berlin: 2026-03-29 02:00 CET -> 03:00 CEST, 2026-10-25 03:00 CEST ->
     * 02:00 CET. */
    {"30 2 * * *", BER, "2026-03-28T02:00:00Z", "2026-03-29T01:00:00Z"},
    {"30 2 * * *", BER, "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"},
    {"30 2 * * *", BER, "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z"},
    {"30 2 * * *", BER, "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"},
    {"30 2 * * *", BER, "2026-10-25T01:00:00Z", "2026-10-26T01:30:00Z"},
    /* Lord Howe moves by half an hour (02:00 +10:30 -> 02:30 +11 on
     * 2026-10-04): the gap end is not a whole hour. */
    {"15 2 * * *", "Australia/Lord_Howe", "2026-10-03T00:00:00Z",
     "2026-10-03T15:30:00Z"},
    /* A zone without DST. */
    {"0 9 * * *", "Asia/Kolkata", "2026-06-01T00:00:00Z",
     "2026-06-01T03:30:00Z"},
    /* Leap days, in UTC and across a century that skips one (2100). */
    {"0 0 29 2 *", "UTC", "2026-01-01T00:00:00Z", "2028-02-29T00:00:00Z"},
    {"0 0 29 2 *", "UTC", "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"},
    {"0 0 29 2 *", "UTC", "2097-03-01T00:00:00Z", "2104-02-29T00:00:00Z"},
    {"0 0 29 2 *", NY, "2026-01-01T00:00:00Z", "2028-02-29T05:00:00Z"},
    /* Macros. */
    {"@quarterly", "UTC", "2026-11-23T00:00:00Z", "2027-01-01T00:00:00Z"},
    {"@quarterly", "UTC", "2027-01-01T00:00:00Z", "2027-04-01T00:00:00Z"},
    {"@quarterly", NY, "2026-11-23T00:00:00Z", "2027-01-01T05:00:00Z"},
    {"@quarterly", BER, "2026-11-23T00:00:00Z", "2026-12-31T23:00:00Z"},
    {"@quarterly", BER, "2027-03-15T00:00:00Z", "2027-03-31T22:00:00Z"},
    {"@yearly", "UTC", "2026-11-23T00:00:00Z", "2027-01-01T00:00:00Z"},
    {"@annually", BER, "2026-12-31T23:00:00Z", "2027-12-31T23:00:00Z"},
    {"@monthly", "UTC", "2026-11-23T00:00:00Z", "2026-12-01T00:00:00Z"},
    {"@weekly", "UTC", "2026-11-23T00:00:00Z", "2026-11-29T00:00:00Z"},
    {"@weekly", NY, "2026-11-29T05:00:00Z", "2026-12-06T05:00:00Z"},
    {"@daily", NY, "2026-03-07T12:00:00Z", "2026-03-08T05:00:00Z"},
    {"@daily", NY, "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"},
    {"@midnight", "UTC", "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z"},
    {"@hourly", "UTC", "2026-11-23T00:00:00Z", "2026-11-23T01:00:00Z"},
    {" \t@Daily \n", "UTC", "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z"},
    /* Working hours; 2026-11-20 is a Friday. */
    {"*/15 9-17 * * MON-FRI", "UTC", "2026-11-20T17:50:00Z",
     "2026-11-23T09:00:00Z"},
    {"*/15 9-17 * * MON-FRI", "UTC", "2026-11-23T09:00:00Z",
     "2026-11-23T09:15:00Z"},
    {"*/15 9-17 * * MON-FRI", "UTC", "2026-11-23T17:45:00Z",
     "2026-11-24T09:00:00Z"},
    {"*/15 9-17 * * mon-fri", NY, "2026-11-23T00:00:00Z",
     "2026-11-23T14:00:00Z"},
    /* Lists, steps, A/S, seconds in `after`. */
    {"5,10-12,50 * * * *", "UTC", "2026-01-01T00:05:00Z",
     "2026-01-01T00:10:00Z"},
    {"5,10-12,50 * * * *", "UTC", "2026-01-01T00:12:00Z",
     "2026-01-01T00:50:00Z"},
    {"5,10-12,50 * * * *", "UTC", "2026-01-01T00:50:00Z",
     "2026-01-01T01:05:00Z"},
    {"10-30/10 */6 * * *", "UTC", "2026-01-01T00:30:00Z",
     "2026-01-01T06:10:00Z"},
    {"45/5 * * * *", "UTC", "2026-01-01T00:56:00Z", "2026-01-01T01:45:00Z"},
    {"* * * * *", "UTC", "2026-01-01T00:00:00.000001Z", "2026-01-01T00:01:00Z"},
    {"* * * * *", "UTC", "2025-12-31T23:59:59.999999Z", "2026-01-01T00:00:00Z"},
    {"0 0 1 jan,Jul *", "UTC", "2026-02-01T00:00:00Z", "2026-07-01T00:00:00Z"},
    {"0 0 1 6-DEC/3 *", "UTC", "2026-02-01T00:00:00Z", "2026-06-01T00:00:00Z"},
    {"0 0 1 6-DEC/3 *", "UTC", "2026-06-01T00:00:00Z", "2026-09-01T00:00:00Z"},
    /* Both day fields restricted: either matches (1 Dec is a Tuesday). */
    {"0 0 1 * MON", "UTC", "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z"},
    {"0 0 1 * MON", "UTC", "2026-11-30T00:00:00Z", "2026-12-01T00:00:00Z"},
    /* One starts with '*': both must match (odd days that are Mondays). */
    {"0 0 */2 * MON", "UTC", "2026-11-23T00:00:00Z", "2026-12-07T00:00:00Z"},
    {"0 0 1 * *", "UTC", "2026-11-23T00:00:00Z", "2026-12-01T00:00:00Z"},
    /* Sunday is 0 and 7; SUN closing a range is 7. */
    {"0 12 * * 7", "UTC", "2026-11-23T00:00:00Z", "2026-11-29T12:00:00Z"},
    {"0 12 * * 0", "UTC", "2026-11-23T00:00:00Z", "2026-11-29T12:00:00Z"},
    {"0 12 * * 5-7", "UTC", "2026-11-23T00:00:00Z", "2026-11-27T12:00:00Z"},
    {"0 12 * * SAT-SUN", "UTC", "2026-11-23T00:00:00Z", "2026-11-28T12:00:00Z"},
    {"0 12 * * SAT-SUN", "UTC", "2026-11-28T12:00:00Z", "2026-11-29T12:00:00Z"},
    {"0 12 * * Sun", "UTC", "2026-11-23T00:00:00Z", "2026-11-29T12:00:00Z"},
    /* Never: 30 February, 31st of the 30-day months. */
    {"0 0 30 2 *", "UTC", "2026-01-01T00:00:00Z", NULL},
    {"0 0 31 4,6,9,11 *", NY, "2026-01-01T00:00:00Z", NULL},
    {"0 0 30 FEB *", BER, "2097-01-01T00:00:00Z", NULL},
    /* Before 1970. */
    {"0 0 1 1 *", "UTC", "1969-06-01T00:00:00Z", "1970-01-01T00:00:00Z"},
    {"0 0 29 2 *", "UTC", "1899-01-01T00:00:00Z", "1904-02-29T00:00:00Z"},
};

static void
test_next_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < NELEM(next_cases); i++) {
        const struct next_case *k = &next_cases[i];
        struct pd_err err = PD_ERR_INIT;
        struct pd_cron *c = pd_cron_parse(k->expr, &err);
        struct pd_tz *tz = pd_tz_open(k->zone, &err);
        char got[64];
        int64_t t;

        if (c == NULL || tz == NULL)
            fail_msg("case %zu: %s", i, err.msg);
        t = pd_cron_next(c, tz, iso(k->after));
        if (k->expected == NULL) {
            if (t != -1)
                fail_msg("case %zu: \"%s\" in %s after %s: got %lld, want -1",
                         i, k->expr, k->zone, k->after, (long long)t);
        } else {
            pd_time_format_iso(t, got, sizeof(got));
            if (strcmp(got, k->expected) != 0)
                fail_msg("case %zu: \"%s\" in %s after %s: got %s, want %s", i,
                         k->expr, k->zone, k->after, got, k->expected);
        }
        pd_cron_free(c);
        pd_tz_free(tz);
    }
}

struct seq_case {
    const char *expr;
    const char *zone;
    const char *after;
    const char *expected[5]; /* five successive runs */
};

/* Feeding each result back in walks the schedule: one run per wall time,
 * none twice, none lost, at both transitions. */
static const struct seq_case seq_cases[] = {
    {"*/30 * * * *",
     NY,
     "2026-03-08T06:00:00Z",
     {"2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z",
      "2026-03-08T08:00:00Z", "2026-03-08T08:30:00Z"}},
    {"*/30 * * * *",
     NY,
     "2026-11-01T05:00:00Z",
     {"2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z", "2026-11-01T07:30:00Z",
      "2026-11-01T08:00:00Z", "2026-11-01T08:30:00Z"}},
    {"@hourly",
     NY,
     "2026-03-08T05:30:00Z",
     {"2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z",
      "2026-03-08T09:00:00Z", "2026-03-08T10:00:00Z"}},
    {"30 2 * * *",
     BER,
     "2026-03-27T12:00:00Z",
     {"2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z",
      "2026-03-31T00:30:00Z", "2026-04-01T00:30:00Z"}},
    {"30 2 * * *",
     BER,
     "2026-10-23T12:00:00Z",
     {"2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z",
      "2026-10-27T01:30:00Z", "2026-10-28T01:30:00Z"}},
    {"0 0 1 * MON",
     "UTC",
     "2026-11-22T00:00:00Z",
     {"2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z", "2026-12-01T00:00:00Z",
      "2026-12-07T00:00:00Z", "2026-12-14T00:00:00Z"}},
    {"@quarterly",
     BER,
     "2026-11-23T00:00:00Z",
     {"2026-12-31T23:00:00Z", "2027-03-31T22:00:00Z", "2027-06-30T22:00:00Z",
      "2027-09-30T22:00:00Z", "2027-12-31T23:00:00Z"}},
    {"0 0 29 2 *",
     "UTC",
     "2090-01-01T00:00:00Z",
     {"2092-02-29T00:00:00Z", "2096-02-29T00:00:00Z", "2104-02-29T00:00:00Z",
      "2108-02-29T00:00:00Z", "2112-02-29T00:00:00Z"}},
};

static void
test_next_sequence(void **state)
{
    (void)state;
    for (size_t i = 0; i < NELEM(seq_cases); i++) {
        const struct seq_case *k = &seq_cases[i];
        struct pd_cron *c = pd_cron_parse(k->expr, NULL);
        struct pd_tz *tz = pd_tz_open(k->zone, NULL);
        int64_t t = iso(k->after);

        assert_non_null(c);
        assert_non_null(tz);
        for (size_t j = 0; j < 5; j++) {
            char got[64];

            t = pd_cron_next(c, tz, t);
            pd_time_format_iso(t, got, sizeof(got));
            if (strcmp(got, k->expected[j]) != 0)
                fail_msg("case %zu (\"%s\" in %s), run %zu: got %s, want %s", i,
                         k->expr, k->zone, j + 1, got, k->expected[j]);
        }
        pd_cron_free(c);
        pd_tz_free(tz);
    }
}

/* Every 5 minutes through 2026 and 2027 in one zone, each result fed back
 * in: runs strictly increase; an ordinary day has 288, a spring-forward day
 * 276 (the twelve gap times collapse into the 03:00 run) and a fall-back
 * day 288 (the repeated hour runs once). */
static void
walk_zone(const struct pd_cron *c, const char *zone)
{
    struct pd_tz *tz = pd_tz_open(zone, NULL);
    int64_t t = pd_tz_to_utc(tz, T(2026, 1, 1, 0, 0)) - 1;
    int64_t end = pd_tz_to_utc(tz, T(2028, 1, 1, 0, 0));
    int64_t day = 0;
    size_t per_day = 0, total = 0, short_days = 0;

    for (;;) {
        int64_t next = pd_cron_next(c, tz, t);
        int64_t next_day = pd_tz_to_local(tz, next) / PD_US_PER_DAY;

        assert_true(next > t);
        if (per_day > 0 && next_day != day) {
            if (per_day != 288 && per_day != 276)
                fail_msg("%s: %zu runs on day %lld", zone, per_day,
                         (long long)day);
            short_days += per_day == 276;
            per_day = 0;
        }
        if (next >= end)
            break;
        day = next_day;
        per_day++;
        total++;
        t = next;
    }
    assert_int_equal(short_days, 2);
    assert_int_equal(total, 730 * 288 - 2 * 12);
    pd_tz_free(tz);
}

static void
test_next_walk(void **state)
{
    struct pd_cron *c = pd_cron_parse("*/5 * * * *", NULL);

    (void)state;
    walk_zone(c, NY);
    walk_zone(c, BER);
    pd_cron_free(c);
}

static void
test_parse_ok(void **state)
{
    static const char *const ok[] = {
        "* * * * *",
        "0 0 1 1 *",
        "59 23 31 12 7",
        "0-59/59 0-23/23 1-31/30 1-12/11 0-7/7",
        "0,15,30,45 */2 1,15 JAN-jun mon,WED,fri",
        "\t 5\t\t4  *  *  sun \r\n",
        "*/99999999999 * * * *",
        "@yearly",
        "@ANNUALLY",
        "@quarterly",
        "@monthly",
        "@weekly",
        "@daily",
        "@midnight",
        "@hourly",
    };
    (void)state;
    for (size_t i = 0; i < NELEM(ok); i++) {
        struct pd_err err = PD_ERR_INIT;
        struct pd_cron *c = pd_cron_parse(ok[i], &err);

        if (c == NULL)
            fail_msg("\"%s\": %s", ok[i], err.msg);
        assert_string_equal(pd_cron_text(c), ok[i]);
        pd_cron_free(c);
    }
    pd_cron_free(NULL);
}

struct bad_case {
    const char *expr;
    const char *msg;  /* the whole message */
    const char *hint; /* or NULL when no hint is given */
};

static const struct bad_case bad_cases[] = {
    {"0 25 * * *", "cron \"0 25 * * *\": hour 25 is out of range 0-23", NULL},
    {"0 7 * *", "cron \"0 7 * *\": expected 5 fields, got 4", NULL},
    {"0 7 * * * 2026", "cron \"0 7 * * * 2026\": expected 5 fields, got 6",
     NULL},
    {"", "cron \"\": expected 5 fields, got 0", NULL},
    {" \t ", "cron \"\": expected 5 fields, got 0", NULL},
    {"0 7 * * FUNDAY",
     "cron \"0 7 * * FUNDAY\": day-of-week: unknown name \"FUNDAY\"",
     "use SUN, MON, TUE, WED, THU, FRI or SAT"},
    {"0 7 * JANUARY *",
     "cron \"0 7 * JANUARY *\": month: unknown name \"JANUARY\"",
     "use JAN, FEB, MAR, APR, MAY, JUN, JUL, AUG, SEP, OCT, NOV or DEC"},
    {"0 0 * * 7-2",
     "cron \"0 0 * * 7-2\": day-of-week: reversed range \"7-2\" (start after "
     "end)",
     NULL},
    {"*/0 * * * *",
     "cron \"*/0 * * * *\": minute: step 0 in \"*/0\" is not allowed", NULL},
    {"0 5-2 * * *",
     "cron \"0 5-2 * * *\": hour: reversed range \"5-2\" (start after end)",
     "a range cannot wrap around; write 5-23,0-2"},
    {"0 0 * * FRI-MON",
     "cron \"0 0 * * FRI-MON\": day-of-week: reversed range \"FRI-MON\" (start "
     "after end)",
     "a range cannot wrap around; write 5-6,0-1"},
    {"1,,2 * * * *",
     "cron \"1,,2 * * * *\": minute: empty list element in \"1,,2\"", NULL},
    {"0 0 1, * *",
     "cron \"0 0 1, * *\": day-of-month: empty list element in \"1,\"", NULL},
    {"@fortnightly", "cron \"@fortnightly\": unknown macro \"@fortnightly\"",
     "use @yearly, @annually, @quarterly, @monthly, @weekly, @daily, "
     "@midnight or @hourly"},
    {"@daily 5", "cron \"@daily 5\": unknown macro \"@daily 5\"",
     "use @yearly, @annually, @quarterly, @monthly, @weekly, @daily, "
     "@midnight or @hourly"},
    {"60 * * * *", "cron \"60 * * * *\": minute 60 is out of range 0-59", NULL},
    {"0 0 0 * *", "cron \"0 0 0 * *\": day-of-month 0 is out of range 1-31",
     NULL},
    {"0 0 * 13 *", "cron \"0 0 * 13 *\": month 13 is out of range 1-12", NULL},
    {"0 0 * * 8", "cron \"0 0 * * 8\": day-of-week 8 is out of range 0-7",
     NULL},
    {"99999999999 * * * *",
     "cron \"99999999999 * * * *\": minute 99999999999 is out of range 0-59",
     NULL},
    {"x * * * *", "cron \"x * * * *\": minute: \"x\" is not a number", NULL},
    {"-1 * * * *", "cron \"-1 * * * *\": minute: expected a number in \"-1\"",
     NULL},
    {"1-2x * * * *",
     "cron \"1-2x * * * *\": minute: unexpected \"x\" in \"1-2x\"", NULL},
    {"*5 * * * *", "cron \"*5 * * * *\": minute: unexpected \"5\" in \"*5\"",
     NULL},
    {"*/ * * * *",
     "cron \"*/ * * * *\": minute: expected a number after \"/\" in \"*/\"",
     NULL},
    {"1- * * * *", "cron \"1- * * * *\": minute: expected a number in \"1-\"",
     NULL},
};

static void
test_parse_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < NELEM(bad_cases); i++) {
        struct pd_err err = PD_ERR_INIT;

        if (pd_cron_parse(bad_cases[i].expr, &err) != NULL)
            fail_msg("\"%s\" parsed", bad_cases[i].expr);
        assert_int_equal(err.code, PD_E_CONFIG);
        assert_string_equal(err.msg, bad_cases[i].msg);
        assert_string_equal(err.hint,
                            bad_cases[i].hint ? bad_cases[i].hint : "");
        assert_null(pd_cron_parse(bad_cases[i].expr, NULL));
    }
}

/* The message stays one readable line for a runaway expression. */
static void
test_parse_limits(void **state)
{
    char big[PD_CRON_MAX_TEXT + 2];
    struct pd_err err = PD_ERR_INIT;
    struct pd_cron *c;

    (void)state;
    memset(big, ' ', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_null(pd_cron_parse(big, &err));
    assert_string_equal(err.msg, "cron expression longer than 1024 bytes");

    /* 1024 bytes, fine; the message quotes 120 bytes of it. */
    big[PD_CRON_MAX_TEXT] = '\0';
    memcpy(big, "0 0 * * *", 9);
    c = pd_cron_parse(big, &err);
    assert_non_null(c);
    pd_cron_free(c);
    memset(big, '1', 200);
    memcpy(big + 200, " * * * *", 8);
    assert_null(pd_cron_parse(big, &err));
    assert_non_null(strstr(err.msg, "1111...\": "));
    assert_non_null(strstr(err.msg, "is out of range 0-59"));
    assert_null(strchr(err.msg, '\n'));
}

/* Instants outside the years 1-9999 have no next run. */
static void
test_next_bounds(void **state)
{
    struct pd_cron *c = pd_cron_parse("* * * * *", NULL);

    (void)state;
    assert_int_equal(pd_cron_next(c, NULL, INT64_MIN), -1);
    assert_int_equal(pd_cron_next(c, NULL, INT64_MAX), -1);
    assert_int_equal(pd_cron_next(c, NULL, T(10000, 1, 1, 0, 0)), -1);
    assert_int_equal(pd_cron_next(c, NULL, T(9999, 12, 31, 23, 58)),
                     T(9999, 12, 31, 23, 59));
    assert_int_equal(pd_cron_next(c, NULL, T(1, 1, 1, 0, 0)), T(1, 1, 1, 0, 1));
    pd_cron_free(c);
}

/* Regression found 2026-12-05 by review (issue 12 item 11): "0 0 31 2 *"
 * was a valid schedule that never ran.  pd_cron_check() names what can
 * never happen; expressions that can run pass. */
static void
test_regression_2026_12_05_never_runs(void **state)
{
    static const struct {
        const char *expr;
        const char *msg; /* NULL: it can run */
    } cases[] = {
        {"0 0 31 2 *",
         "cron \"0 0 31 2 *\": never runs: February has no day 31"},
        {"0 0 30 2 *",
         "cron \"0 0 30 2 *\": never runs: February has no day 30"},
        {" 0 0 30 FEB * ", "cron \"0 0 30 FEB *\": never runs: February has no "
                           "day 30"},
        {"0 0 30,31 2 *", "cron \"0 0 30,31 2 *\": never runs: February has "
                          "no day 30"},
        {"0 0 31 4 *", "cron \"0 0 31 4 *\": never runs: April has no day 31"},
        {"0 0 31 4,6,9,11 *", "cron \"0 0 31 4,6,9,11 *\": never runs: none of "
                              "its months has a day 31"},
        {"0 0 30 2 */2", "cron \"0 0 30 2 */2\": never runs: February has no "
                         "day 30"},
        {"0 0 29 2 *", NULL},
        {"0 0 31 2 MON", NULL}, /* both restricted: every Monday of February */
        {"0 0 31 * *", NULL},
        {"0 0 31 4,5 *", NULL},
        {"0 0 30,31 2-3 *", NULL},
        {"0 0 */31 2 *", NULL}, /* day 1 */
        {"@yearly", NULL},
        {"@quarterly", NULL},
        {"*/5 * * * *", NULL},
    };
    (void)state;

    for (size_t i = 0; i < NELEM(cases); i++) {
        struct pd_err err = PD_ERR_INIT;
        struct pd_cron *c = pd_cron_parse(cases[i].expr, &err);
        int rc;

        assert_non_null(c);
        rc = pd_cron_check(c, &err);
        if (!cases[i].msg) {
            if (rc != 0)
                fail_msg("\"%s\": %s", cases[i].expr, err.msg);
        } else {
            assert_int_equal(rc, -1);
            assert_int_equal(err.code, PD_E_CONFIG);
            assert_string_equal(err.msg, cases[i].msg);
            /* what the check refuses, pd_cron_next() never finds */
            assert_int_equal(pd_cron_next(c, NULL, 0), -1);
        }
        pd_cron_free(c);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regression_2026_12_05_never_runs),
        cmocka_unit_test(test_parse_ok),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_limits),
        cmocka_unit_test(test_next_table),
        cmocka_unit_test(test_next_sequence),
        cmocka_unit_test(test_next_walk),
        cmocka_unit_test(test_next_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
