#include "period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"

static const int64_t day_us = INT64_C(86400) * 1000000;

int
pd_period_parse_week(const char *s, int *year, int *week)
{
    int n = 0;

    if (sscanf(s, "%4d-W%2d%n", year, week, &n) != 2 || s[n] || n != 8 ||
        *year < 1970 || *week < 1 || *week > 53)
        return -1;
    /* Week 53 exists only in years whose 28 December falls in it. */
    if (*week == 53) {
        int y, w;
        pd_iso_week(pd_time_make(*year, 12, 28, 0, 0, 0, 0), &y, &w);
        if (w != 53)
            return -1;
    }
    return 0;
}

static void
label_of(int64_t local_monday, char *buf, size_t n)
{
    int y, w;

    pd_iso_week(local_monday, &y, &w);
    snprintf(buf, n, "%04d-W%02d", y, w);
}

int
pd_period_week(const char *label, const char *zone, int64_t now,
               struct pd_period *p, struct pd_err *err)
{
    struct pd_tz *tz = pd_tz_open(zone, err);
    int64_t monday;
    int y, w;

    if (!tz)
        return -1;
    memset(p, 0, sizeof(*p));
    if (label) {
        if (pd_period_parse_week(label, &y, &w) < 0) {
            pd_tz_free(tz);
            return pd_err_set(err, PD_E_USAGE,
                              "'%s' is no ISO week (YYYY-Www, e.g. 2026-W46)",
                              label);
        }
        monday = pd_iso_week_start(y, w);
    } else {
        /* The week containing now, in the zone; the report is the one
         * before it (the last complete week). */
        pd_iso_week(pd_tz_to_local(tz, now), &y, &w);
        monday = pd_iso_week_start(y, w) - 7 * day_us;
    }
    snprintf(p->zone, sizeof(p->zone), "%s", pd_tz_name(tz));
    label_of(monday, p->label, sizeof(p->label));
    label_of(monday - 7 * day_us, p->prev_label, sizeof(p->prev_label));
    /* Local midnights to instants: a DST change makes a week 167 or 169
     * hours long. */
    p->start = pd_tz_to_utc(tz, monday);
    p->end = pd_tz_to_utc(tz, monday + 7 * day_us);
    p->prev_start = pd_tz_to_utc(tz, monday - 7 * day_us);
    pd_tz_free(tz);
    return 0;
}

bool
pd_period_quarter_label_ok(const char *s)
{
    int y, n, len = 0;

    return sscanf(s, "%4dQ%1d%n", &y, &n, &len) == 2 && !s[len] && len == 6 &&
           y > 1970 && y < 9999 && n >= 1 && n <= 4;
}

/* First local day of quarter n of fiscal year fy, as days since 1970. */
static int64_t
quarter_first_day(int fy, int n, int fy_start)
{
    /* Months since January of the year before fy: FY fy starts in month
     * fy_start of fy - 1, unless fiscal years are calendar years. */
    int64_t m = (fy_start == 1 ? 12 : fy_start - 1) + 3 * (n - 1);
    return pd_days_from_civil(fy - 1 + m / 12, (unsigned)(m % 12) + 1, 1);
}

void
pd_period_day_label(int64_t days, char *buf, size_t n)
{
    int64_t y;
    unsigned m, d;

    pd_civil_from_days(days, &y, &m, &d);
    snprintf(buf, n, "%04d-%02u-%02u", (int)y, m, d);
}

int
pd_period_quarter(const char *label, const char *zone, int fy_start,
                  int64_t now, struct pd_quarter *q, struct pd_err *err)
{
    struct pd_tz *tz;
    int64_t first, next, pfirst, today, days;
    int fy, n;

    if (fy_start < 1 || fy_start > 12)
        return pd_err_set(err, PD_E_USAGE,
                          "fiscal year start month %d is not 1-12", fy_start);
    if (label && !pd_period_quarter_label_ok(label))
        return pd_err_set(err, PD_E_USAGE,
                          "'%s' is no quarter (YYYYQn, e.g. 2026Q4)", label);
    if (!(tz = pd_tz_open(zone, err)))
        return -1;
    memset(q, 0, sizeof(*q));
    today = pd_tz_to_local(tz, now) / day_us;
    if (label) {
        fy = atoi(label);
        n = label[5] - '0';
    } else {
        int64_t y;
        unsigned m, d;
        int idx;

        pd_civil_from_days(today, &y, &m, &d);
        idx = ((int)m - fy_start + 12) % 12; /* months into the FY */
        fy = (int)y + (fy_start != 1 && (int)m >= fy_start);
        n = idx / 3 + 1;
    }
    first = quarter_first_day(fy, n, fy_start);
    next = n == 4 ? quarter_first_day(fy + 1, 1, fy_start)
                  : quarter_first_day(fy, n + 1, fy_start);
    pfirst = n == 1 ? quarter_first_day(fy - 1, 4, fy_start)
                    : quarter_first_day(fy, n - 1, fy_start);
    snprintf(q->label, sizeof(q->label), "%04dQ%d", fy, n);
    snprintf(q->prev_label, sizeof(q->prev_label), "%04dQ%d",
             n == 1 ? fy - 1 : fy, n == 1 ? 4 : n - 1);
    snprintf(q->zone, sizeof(q->zone), "%s", pd_tz_name(tz));
    q->fy_start = fy_start;
    pd_period_day_label(first, q->first_day, sizeof(q->first_day));
    pd_period_day_label(next - 1, q->last_day, sizeof(q->last_day));
    /* Whole local days to date (a future quarter has none); the quarter
     * before is compared over as many days -- all of it once this one is
     * over, or when it is the shorter. */
    days = today < first ? 0 : today >= next ? first - pfirst : today - first;
    if (days > first - pfirst)
        days = first - pfirst;
    q->start = pd_tz_to_utc(tz, first * day_us);
    q->end = pd_tz_to_utc(tz, next * day_us);
    q->to_date = pd_tz_to_utc(
        tz, (today < next ? (today < first ? first : today) : next) * day_us);
    q->prev_start = pd_tz_to_utc(tz, pfirst * day_us);
    q->prev_to = pd_tz_to_utc(tz, (pfirst + days) * day_us);
    pd_tz_free(tz);
    return 0;
}

static void
days_label(int64_t first, int64_t last, char *buf, size_t n)
{
    int64_t y1, y2;
    unsigned m1, d1, m2, d2;

    pd_civil_from_days(first, &y1, &m1, &d1);
    pd_civil_from_days(last, &y2, &m2, &d2);
    snprintf(buf, n, "%04d-%02u-%02u_%04d-%02u-%02u", (int)y1, m1, d1, (int)y2,
             m2, d2);
}

int
pd_period_days(const char *from, const char *to, const char *zone,
               struct pd_period *p, struct pd_err *err)
{
    struct pd_tz *tz;
    int64_t first, last, len;

    if (pd_time_parse_day(from, strlen(from), &first) < 0)
        return pd_err_set(err, PD_E_USAGE, "'%s' is no date (YYYY-MM-DD)",
                          from);
    if (pd_time_parse_day(to, strlen(to), &last) < 0)
        return pd_err_set(err, PD_E_USAGE, "'%s' is no date (YYYY-MM-DD)", to);
    if (last < first)
        return pd_err_set(err, PD_E_USAGE, "--to %s is before --from %s", to,
                          from);
    len = last - first + 1;
    if (len > 3660)
        return pd_err_set(err, PD_E_USAGE, "%s to %s is more than ten years",
                          from, to);
    tz = pd_tz_open(zone, err);
    if (!tz)
        return -1;
    memset(p, 0, sizeof(*p));
    days_label(first, last, p->label, sizeof(p->label));
    days_label(first - len, first - 1, p->prev_label, sizeof(p->prev_label));
    snprintf(p->zone, sizeof(p->zone), "%s", pd_tz_name(tz));
    /* Local midnights to instants (a DST change makes a day 23 or 25
     * hours long). */
    p->start = pd_tz_to_utc(tz, first * PD_US_PER_DAY);
    p->end = pd_tz_to_utc(tz, (last + 1) * PD_US_PER_DAY);
    p->prev_start = pd_tz_to_utc(tz, (first - len) * PD_US_PER_DAY);
    pd_tz_free(tz);
    return 0;
}
