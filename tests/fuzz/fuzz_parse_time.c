/*
 * fuzz_parse_time - transform/parse_time over arbitrary text.
 *
 * git's oss-fuzz/fuzz-date.c is the model: the first byte picks the mode,
 * the rest is the input.  Bit 0 of that byte is the configured day/month
 * order, bits 1-2 the zone of naive times (UTC, America/New_York,
 * Asia/Kolkata, Europe/Berlin), bit 7 the mode:
 *
 * Free text (bit 7 clear): the rest is one file's column, values split on
 * '\n', parsed in order with one context.  For every value: the result is
 * OK, EMPTY or BAD; a value that is not OK leaves the context as it was;
 * settled, used_ambiguous and contradiction never go back to false, and
 * the order only flips while unsettled; parsing again from the same
 * context gives the same result; an OK value lies within the header's
 * limits (years 1000-9999, give or take a day of offset), and printed by
 * pd_time_format_iso() it parses back to itself.
 *
 * Round trip (bit 7 set): the next 8 bytes pick an instant between
 * 1000-01-01 and 9999-12-31, the next one an offset; the instant is
 * written in the forms of the header (ISO with Z, naive, with the offset,
 * dot date, US slash date with AM/PM, day-first slash date, Jira's
 * dd/MMM/yy, Twitter, epoch seconds/ms/µs) and each must parse back to it
 * (to the second or minute where the form stops there).
 */
#include <stdio.h>
#include <string.h>

#include "common/timeutil.h"
#include "tests/fuzz/fuzz.h"
#include "transform/parse_time.h"

static struct pd_tz *zones[4];

static const char *const zone_names[4] = {"UTC", "America/New_York",
                                          "Asia/Kolkata", "Europe/Berlin"};

static int64_t t_first, t_last; /* 1000-01-01, 9999-12-31T23:59:59.999999 */

static void
init_once(void)
{
    struct pd_err err = PD_ERR_INIT;

    if (zones[0])
        return;
    for (int i = 0; i < 4; i++) {
        zones[i] = pd_tz_open(zone_names[i], &err);
        PD_FUZZ_CHECK(zones[i] != NULL);
    }
    t_first = pd_time_make(1000, 1, 1, 0, 0, 0, 0);
    t_last = pd_time_make(9999, 12, 31, 23, 59, 59, 999999);
}

static bool
same_ctx(const struct pd_time_ctx *a, const struct pd_time_ctx *b)
{
    return a->tz == b->tz && a->day_first == b->day_first &&
           a->settled == b->settled && a->used_ambiguous == b->used_ambiguous &&
           a->contradiction == b->contradiction;
}

/* An OK value printed in ISO form parses back to itself, in any zone. */
static void
check_iso_round_trip(int64_t v)
{
    struct pd_time_ctx ctx;
    char iso[64];
    int64_t back = 0;
    size_t n;

    if (v < t_first || v > t_last)
        return; /* an offset took it past the years the parser reads */
    n = pd_time_format_iso(v, iso, sizeof(iso));
    PD_FUZZ_CHECK(n > 0 && n < sizeof(iso));
    /* Zendesk's "not solved" sentinel reads as EMPTY by design. */
    if (strcmp(iso, "1900-01-01T00:00:00Z") == 0)
        return;
    pd_time_ctx_init(&ctx, zones[1], false);
    PD_FUZZ_CHECK(pd_parse_time(&ctx, iso, n, &back) == PD_TIME_OK);
    PD_FUZZ_CHECK(back == v);
}

static void
check_value(struct pd_time_ctx *ctx, const char *s, size_t n)
{
    struct pd_time_ctx before = *ctx, again = *ctx;
    int64_t v = INT64_MIN, v2 = INT64_MIN;
    enum pd_time_rc rc = pd_parse_time(ctx, s, n, &v), rc2;

    PD_FUZZ_CHECK(rc == PD_TIME_OK || rc == PD_TIME_EMPTY || rc == PD_TIME_BAD);
    rc2 = pd_parse_time(&again, s, n, &v2);
    PD_FUZZ_CHECK(rc2 == rc);
    PD_FUZZ_CHECK(same_ctx(&again, ctx));
    PD_FUZZ_CHECK(!before.settled || ctx->settled);
    PD_FUZZ_CHECK(!before.used_ambiguous || ctx->used_ambiguous);
    PD_FUZZ_CHECK(!before.contradiction || ctx->contradiction);
    PD_FUZZ_CHECK(!before.settled || ctx->day_first == before.day_first);
    if (rc != PD_TIME_OK) {
        PD_FUZZ_CHECK(same_ctx(&before, ctx));
        return;
    }
    PD_FUZZ_CHECK(v2 == v);
    PD_FUZZ_CHECK(v >= t_first - PD_US_PER_DAY);
    PD_FUZZ_CHECK(v <= t_last + PD_US_PER_DAY);
    check_iso_round_trip(v);
}

static void
free_text(struct pd_tz *tz, bool day_first, const uint8_t *data, size_t size)
{
    struct pd_time_ctx ctx;
    const char *s = (const char *)data, *end = s + size;

    pd_time_ctx_init(&ctx, tz, day_first);
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

        check_value(&ctx, s, n);
        s += n + 1;
    }
}

/* Parse text with a fresh context and expect want. */
static void
expect(struct pd_tz *tz, bool day_first, const char *text, int64_t want)
{
    struct pd_time_ctx ctx;
    int64_t got = 0;
    enum pd_time_rc rc;

    pd_time_ctx_init(&ctx, tz, day_first);
    rc = pd_parse_time(&ctx, text, strlen(text), &got);
    if (rc != PD_TIME_OK || got != want)
        fprintf(stderr, "fuzz: '%s' read as %d %lld, want %lld\n", text,
                (int)rc, (long long)got, (long long)want);
    PD_FUZZ_CHECK(rc == PD_TIME_OK);
    PD_FUZZ_CHECK(got == want);
}

static bool
is_sentinel(const struct pd_tm *tm)
{
    return tm->year == 1900 && tm->month == 1 && tm->day == 1 &&
           tm->hour == 0 && tm->minute == 0 && tm->second == 0;
}

/* The forms whose seconds are whole: t truncated to the second. */
static void
second_forms(struct pd_tz *utc, int64_t t, const struct pd_tm *tm)
{
    static const char *const mon[12] = {"jan", "Feb", "MAR", "apr",
                                        "May", "jun", "Jul", "aug",
                                        "Sep", "oct", "Nov", "dec"};
    long long y = (long long)tm->year;
    unsigned h12 = tm->hour % 12 ? tm->hour % 12 : 12;
    const char *ampm = tm->hour < 12 ? "AM" : "PM";
    int64_t secs = t - (int64_t)tm->usec;
    char buf[96];

    if (is_sentinel(tm))
        return;
    snprintf(buf, sizeof(buf), "%02u.%02u.%04lld %02u:%02u:%02u", tm->day,
             tm->month, y, tm->hour, tm->minute, tm->second);
    expect(utc, false, buf, secs);
    snprintf(buf, sizeof(buf), "%u/%u/%04lld %u:%02u:%02u %s", tm->month,
             tm->day, y, h12, tm->minute, tm->second, ampm);
    expect(utc, false, buf, secs);
    snprintf(buf, sizeof(buf), "%02u/%02u/%04lld %02u:%02u:%02u", tm->day,
             tm->month, y, tm->hour, tm->minute, tm->second);
    expect(utc, true, buf, secs);
    snprintf(buf, sizeof(buf), "Thu %s %02u %02u:%02u:%02u +0000 %04lld",
             mon[tm->month - 1], tm->day, tm->hour, tm->minute, tm->second, y);
    expect(utc, false, buf, secs);
    /* Jira: two-digit years are 1969-2068, minutes only. */
    if (y >= 1969 && y <= 2068) {
        snprintf(buf, sizeof(buf), "%02u/%s/%02lld %u:%02u %s", tm->day,
                 mon[tm->month - 1], y % 100, h12, tm->minute, ampm);
        expect(utc, false, buf, secs - (int64_t)tm->second * PD_US_PER_SEC);
    }
}

/* Epoch forms, told apart by magnitude: seconds below 1e11, ms below
 * 1e14, µs above; zero is EMPTY. */
static void
epoch_forms(struct pd_tz *utc, int64_t t)
{
    char buf[64];

    if (t <= 0)
        return;
    if (t / PD_US_PER_SEC > 0 && t / PD_US_PER_SEC < INT64_C(100000000000)) {
        snprintf(buf, sizeof(buf), "%lld", (long long)(t / PD_US_PER_SEC));
        expect(utc, false, buf, t / PD_US_PER_SEC * PD_US_PER_SEC);
    }
    if (t / 1000 >= INT64_C(100000000000) &&
        t / 1000 < INT64_C(100000000000000)) {
        snprintf(buf, sizeof(buf), "%lld.%03lld", (long long)(t / 1000),
                 (long long)(t % 1000));
        expect(utc, false, buf, t);
    }
    /* Beyond 17 digits (year 5138) no magnitude rule applies. */
    if (t >= INT64_C(100000000000000) && t < INT64_C(100000000000000000)) {
        snprintf(buf, sizeof(buf), "%lld", (long long)t);
        expect(utc, false, buf, t);
    }
}

static void
round_trip(const uint8_t *data, size_t size)
{
    struct pd_tm tm, ltm;
    uint64_t x = 0;
    int64_t t, local;
    int off_min;
    char buf[96];

    if (size < 9)
        return;
    for (int i = 0; i < 8; i++)
        x = x << 8 | data[i];
    t = t_first + (int64_t)(x % (uint64_t)(t_last - t_first + 1));
    /* -23:28 .. +23:17, in steps of 11 minutes */
    off_min = ((int)data[8] - 128) * 11;
    pd_time_split(t, &tm);
    snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02u:%02u:%02u.%06uZ",
             (long long)tm.year, tm.month, tm.day, tm.hour, tm.minute,
             tm.second, tm.usec);
    expect(zones[2], false, buf, t);
    if (!(is_sentinel(&tm) && tm.usec == 0)) {
        snprintf(buf, sizeof(buf), "%04lld-%02u-%02u %02u:%02u:%02u.%06u",
                 (long long)tm.year, tm.month, tm.day, tm.hour, tm.minute,
                 tm.second, tm.usec);
        expect(zones[0], false, buf, t);
    }
    local = t + (int64_t)off_min * 60 * PD_US_PER_SEC;
    pd_time_split(local, &ltm);
    if (ltm.year >= 1000 && ltm.year <= 9999) {
        unsigned a = (unsigned)(off_min < 0 ? -off_min : off_min);

        snprintf(buf, sizeof(buf),
                 "%04lld-%02u-%02uT%02u:%02u:%02u.%06u%c%02u:%02u",
                 (long long)ltm.year, ltm.month, ltm.day, ltm.hour, ltm.minute,
                 ltm.second, ltm.usec, off_min < 0 ? '-' : '+', a / 60, a % 60);
        expect(zones[3], true, buf, t);
    }
    second_forms(zones[0], t, &tm);
    epoch_forms(zones[0], t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t mode;

    init_once();
    if (size == 0)
        return 0;
    mode = data[0];
    if (mode & 0x80)
        round_trip(data + 1, size - 1);
    else
        free_text(zones[(mode >> 1) & 3], mode & 1, data + 1, size - 1);
    return 0;
}
