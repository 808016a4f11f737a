#include "period.h"

#include <stdio.h>
#include <string.h>

#include "common/timeutil.h"

static const int64_t day_us = INT64_C(86400) * 1000000;

static int
parse_label(const char *s, int *year, int *week)
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
        if (parse_label(label, &y, &w) < 0) {
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
