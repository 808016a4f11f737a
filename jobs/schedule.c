#include "schedule.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "transform/parse_time.h"

int64_t
pd_schedule_latest(const struct pd_cron *c, struct pd_tz *tz, int64_t floor,
                   int64_t now)
{
    /* Growing look-back windows: the first that holds a run bounds the
     * steps of the forward walk by the runs inside it. */
    static const int64_t windows[] = {
        PD_US_PER_HOUR,
        PD_US_PER_DAY,
        8 * PD_US_PER_DAY,
        32 * PD_US_PER_DAY,
        367 * PD_US_PER_DAY,
        (int64_t)PD_CRON_SEARCH_YEARS * 366 * PD_US_PER_DAY};

    for (size_t i = 0; i < sizeof(windows) / sizeof(windows[0]); i++) {
        int64_t start = now - windows[i] > floor ? now - windows[i] : floor;
        int64_t t = pd_cron_next(c, tz, start), n;
        if (t != -1 && t <= now) {
            while ((n = pd_cron_next(c, tz, t)) != -1 && n <= now)
                t = n;
            return t;
        }
        if (start == floor)
            break;
    }
    return -1;
}

double
pd_schedule_backoff(double base, int n)
{
    double s = base;

    for (int i = 1; i < n && s < 6 * 3600; i++)
        s *= 2;
    return s < 6 * 3600 ? s : 6 * 3600;
}

/* The values of set in [lo, hi] as a list with ranges: "1-5,7" (cron) or
 * "01..05,07" (systemd, width 2); "*" when every value is in. */
static void
list_text(uint64_t set, unsigned lo, unsigned hi, const char *range_sep,
          int width, char *out, size_t n)
{
    size_t len = 0;
    unsigned v = lo;

    out[0] = '\0';
    if (((set >> lo) & ((UINT64_C(1) << (hi - lo + 1)) - 1)) ==
        (UINT64_C(1) << (hi - lo + 1)) - 1) {
        snprintf(out, n, "*");
        return;
    }
    while (v <= hi && len < n) {
        unsigned end = v;
        if (!(set >> v & 1)) {
            v++;
            continue;
        }
        while (end + 1 <= hi && (set >> (end + 1) & 1))
            end++;
        if (end >= v + 2)
            len += (size_t)snprintf(out + len, n - len, "%s%0*u%s%0*u",
                                    len ? "," : "", width, v, range_sep, width,
                                    end);
        else
            len += (size_t)snprintf(out + len, n - len, "%s%0*u",
                                    len ? "," : "", width, v);
        v = end + 1;
    }
}

void
pd_schedule_crontab(const struct pd_cron *c, char *out)
{
    const char *t = pd_cron_text(c);

    while (*t == ' ' || *t == '\t')
        t++;
    if (strncasecmp(t, "@quarterly", 10) == 0)
        t = "0 0 1 1,4,7,10 *";
    snprintf(out, PD_SCHEDULE_TEXT_MAX, "%s", t);
    /* The text as written may end in blanks; crontab does not mind, but
     * the line reads better without. */
    for (size_t n = strlen(out);
         n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'); n--)
        out[n - 1] = '\0';
}

/* Weekdays in systemd's order (Monday first), ranges of three or more as
 * "Mon..Fri"; "" when every day is in. */
static void
weekdays_text(uint64_t wday, char *out, size_t n)
{
    static const char *const names[] = {"Mon", "Tue", "Wed", "Thu",
                                        "Fri", "Sat", "Sun"};
    bool in[7];
    size_t len = 0;

    out[0] = '\0';
    if ((wday & 0x7f) == 0x7f)
        return;
    for (int i = 0; i < 7; i++)
        in[i] = (wday >> ((i + 1) % 7)) & 1; /* cron: 0 = Sunday */
    for (int i = 0; i < 7;) {
        int end = i;
        if (!in[i]) {
            i++;
            continue;
        }
        while (end + 1 < 7 && in[end + 1])
            end++;
        len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s%s%s",
                                len ? "," : "", names[i],
                                end >= i + 2   ? ".."
                                : end == i + 1 ? ","
                                               : "",
                                end > i ? names[end] : "");
        i = end + 1;
    }
}

static void
calendar_line(const struct pd_cron_sets *s, bool days, bool weekdays,
              const char *zone, char *out)
{
    char wd[32] = "", mon[40], md[100], h[80], mi[184];

    if (weekdays)
        weekdays_text(s->wday, wd, sizeof(wd));
    list_text(s->month, 1, 12, "..", 2, mon, sizeof(mon));
    if (days)
        list_text(s->mday, 1, 31, "..", 2, md, sizeof(md));
    else
        snprintf(md, sizeof(md), "*");
    list_text(s->hour, 0, 23, "..", 2, h, sizeof(h));
    list_text(s->minute, 0, 59, "..", 2, mi, sizeof(mi));
    snprintf(out, PD_SCHEDULE_TEXT_MAX, "%s%s*-%s-%s %s:%s:00 %.64s", wd,
             wd[0] ? " " : "", mon, md, h, mi, zone && *zone ? zone : "UTC");
}

int
pd_schedule_calendar(const struct pd_cron *c, const char *zone,
                     char out[2][PD_SCHEDULE_TEXT_MAX])
{
    struct pd_cron_sets s;

    pd_cron_sets(c, &s);
    if (!s.mday_star && !s.wday_star) {
        /* Vixie's OR rule: the days of the month, and separately the
         * weekdays (in the same months). */
        calendar_line(&s, true, false, zone, out[0]);
        calendar_line(&s, false, true, zone, out[1]);
        return 2;
    }
    calendar_line(&s, true, true, zone, out[0]);
    return 1;
}

int
pd_schedule_parse_time(const char *s, const char *zone, int64_t *out,
                       struct pd_err *err)
{
    struct pd_tz *tz = pd_tz_open(zone, err);
    struct pd_time_ctx ctx;
    enum pd_time_rc rc;

    if (!tz)
        return -1;
    pd_time_ctx_init(&ctx, tz, false);
    /* Only the ISO forms: a year first (the parser also reads epochs and
     * slash dates, which would be surprising on a command line). */
    rc = strlen(s) >= 10 && s[4] == '-' && s[7] == '-'
             ? pd_parse_time(&ctx, s, strlen(s), out)
             : PD_TIME_BAD;
    pd_tz_free(tz);
    if (rc != PD_TIME_OK)
        return pd_err_set(err, PD_E_USAGE,
                          "'%s' is not a time (ISO 8601, e.g. "
                          "2026-03-09T07:00 or 2026-03-09T12:00:00Z)",
                          s);
    return 0;
}

void
pd_schedule_format_local(int64_t utc, struct pd_tz *tz, char *out, size_t n)
{
    int64_t local = pd_tz_to_local(tz, utc);
    int64_t off = (local - utc) / (60 * PD_US_PER_SEC);
    struct pd_tm tm;

    pd_time_split(local, &tm);
    if (pd_tz_is_utc(tz))
        snprintf(out, n, "%04lld-%02u-%02uT%02u:%02u:%02uZ", (long long)tm.year,
                 tm.month, tm.day, tm.hour, tm.minute, tm.second);
    else
        snprintf(out, n, "%04lld-%02u-%02uT%02u:%02u:%02u%c%02lld:%02lld",
                 (long long)tm.year, tm.month, tm.day, tm.hour, tm.minute,
                 tm.second, off < 0 ? '-' : '+',
                 (long long)(off < 0 ? -off : off) / 60,
                 (long long)(off < 0 ? -off : off) % 60);
}
