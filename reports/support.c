#include "support.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/timeutil.h"

const char *const pd_support_priorities[PD_SUPPORT_NPRIORITIES] = {
    "low", "normal", "high", "urgent"};

static const char *const weekdays[7] = {"monday",   "tuesday", "wednesday",
                                        "thursday", "friday",  "saturday",
                                        "sunday"};

void
pd_support_init(struct pd_support *s)
{
    memset(s, 0, sizeof(*s));
    for (int d = 0; d < 7; d++) {
        s->opens[d] = d < 5 ? 9 * 60 : -1;
        s->closes[d] = d < 5 ? 17 * 60 : -1;
    }
}

/* "HH:MM" at p (exactly five bytes): minutes after midnight, -1 if bad.
 * 24:00 is the end of the day. */
static int
clock_minutes(const char *p)
{
    int h, m;

    if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
        p[2] != ':' || !isdigit((unsigned char)p[3]) ||
        !isdigit((unsigned char)p[4]))
        return -1;
    h = (p[0] - '0') * 10 + (p[1] - '0');
    m = (p[3] - '0') * 10 + (p[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m > 0))
        return -1;
    return h * 60 + m;
}

/* monday = 09:00-17:00 | closed */
static int
set_day(struct pd_support *s, int d, const char *v, char *msg, size_t n)
{
    int o, c;

    if (!strcmp(v, "closed")) {
        s->opens[d] = s->closes[d] = -1;
        return 0;
    }
    if (strlen(v) != 11 || v[5] != '-' || (o = clock_minutes(v)) < 0 ||
        (c = clock_minutes(v + 6)) < 0 || o >= c) {
        snprintf(msg, n,
                 "[business_hours] %s: '%s' is neither HH:MM-HH:MM (opening "
                 "before closing, 00:00-24:00) nor closed",
                 weekdays[d], v);
        return -1;
    }
    s->opens[d] = o;
    s->closes[d] = c;
    return 0;
}

/* One "YYYY-MM-DD" of len bytes at p, appended to the holidays. */
static int
add_holiday(struct pd_support *s, const char *p, size_t len, char *msg,
            size_t n)
{
    int64_t day;
    char date[11];

    if (pd_time_parse_day(p, len, &day) < 0) {
        snprintf(msg, n,
                 "[business_hours] holidays: '%.*s' is not a date "
                 "(YYYY-MM-DD)",
                 (int)(len < 40 ? len : 40), p);
        return -1;
    }
    if (s->nholidays == PD_SUPPORT_MAX_HOLIDAYS) {
        snprintf(msg, n, "[business_hours] holidays: more than %d dates",
                 PD_SUPPORT_MAX_HOLIDAYS);
        return -1;
    }
    memcpy(date, p, 10);
    date[10] = '\0';
    memcpy(s->holidays[s->nholidays++], date, sizeof(date));
    return 0;
}

/* Dates separated by commas, spaces or line ends; '#' to the line end is
 * a comment.  Every bad date is reported in msg (the first one), all
 * good ones are kept. */
static int
add_holidays(struct pd_support *s, const char *v, char *msg, size_t n)
{
    int rc = 0;

    while (*v) {
        size_t len;
        if (*v == '#') {
            v += strcspn(v, "\n");
            continue;
        }
        if (*v == ',' || isspace((unsigned char)*v)) {
            v++;
            continue;
        }
        len = strcspn(v, ", \t\r\n#");
        if (add_holiday(s, v, len, rc ? NULL : msg, rc ? 0 : n) < 0)
            rc = -1;
        v += len;
    }
    return rc;
}

static int
set_business(struct pd_support *s, const char *key, const char *v, char *msg,
             size_t n)
{
    s->business = true;
    for (int d = 0; d < 7; d++)
        if (!strcmp(key, weekdays[d]))
            return set_day(s, d, v, msg, n);
    if (!strcmp(key, "holidays"))
        return add_holidays(s, v, msg, n);
    if (!strcmp(key, "timezone")) {
        struct pd_err e = PD_ERR_INIT;
        struct pd_tz *tz = pd_tz_open(v, &e);
        bool ok = tz && strlen(v) < sizeof(s->zone);
        pd_tz_free(tz);
        if (!ok) {
            snprintf(msg, n,
                     "[business_hours] timezone: unknown time zone '%s'", v);
            return -1;
        }
        snprintf(s->zone, sizeof(s->zone), "%s", v);
        return 0;
    }
    snprintf(msg, n,
             "unknown key '%s' in [business_hours] (timezone, monday ... "
             "sunday, holidays, holidays_file)",
             key);
    return -1;
}

static int
set_sla(struct pd_support *s, const char *key, const char *v, char *msg,
        size_t n)
{
    static const char prefix[] = "first_reply_hours.";
    const char *prio = key + sizeof(prefix) - 1;
    char *end;
    double h;

    if (strncmp(key, prefix, sizeof(prefix) - 1) != 0) {
        snprintf(msg, n,
                 "unknown key '%s' in [sla] (first_reply_hours.<priority>)",
                 key);
        return -1;
    }
    for (int i = 0; i < PD_SUPPORT_NPRIORITIES; i++) {
        if (strcmp(prio, pd_support_priorities[i]) != 0)
            continue;
        errno = 0;
        h = strtod(v, &end);
        if (end == v || *end || errno || !isfinite(h) || h <= 0) {
            snprintf(msg, n, "[sla] %s: '%s' is not a positive number of hours",
                     key, v);
            return -1;
        }
        s->sla_hours[i] = h;
        s->has_sla[i] = true;
        return 0;
    }
    snprintf(msg, n,
             "[sla] %s: unknown priority '%s' (low, normal, high, urgent)", key,
             prio);
    return -1;
}

int
pd_support_set(struct pd_support *s, const char *section, const char *key,
               const char *value, char *msg, size_t n)
{
    if (!strcmp(section, "business_hours"))
        return set_business(s, key, value, msg, n);
    return set_sla(s, key, value, msg, n);
}

int
pd_support_holidays_file(struct pd_support *s, const char *path, char *msg,
                         size_t n)
{
    FILE *f = fopen(path, "r");
    char line[256];
    int rc = 0;

    s->business = true;
    if (!f) {
        snprintf(msg, n, "[business_hours] holidays_file: cannot open '%s': %s",
                 path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof(line), f))
        if (add_holidays(s, line, rc ? NULL : msg, rc ? 0 : n) < 0)
            rc = -1;
    if (ferror(f) && !rc) {
        snprintf(msg, n, "[business_hours] holidays_file: cannot read '%s'",
                 path);
        rc = -1;
    }
    fclose(f);
    return rc;
}

/* "{09:00,09:00,...,NULL}" of opens or closes by ISO weekday. */
static void
week_array(const int *minutes, const int *opens, char *buf, size_t n)
{
    size_t used = (size_t)snprintf(buf, n, "{");

    for (int d = 0; d < 7 && used < n; d++) {
        const char *sep = d ? "," : "";
        if (opens[d] < 0)
            used += (size_t)snprintf(buf + used, n - used, "%sNULL", sep);
        else
            used += (size_t)snprintf(buf + used, n - used, "%s%02d:%02d", sep,
                                     minutes[d] / 60, minutes[d] % 60);
    }
    if (used < n)
        snprintf(buf + used, n - used, "}");
}

static void
sla_arrays(const struct pd_support *s, struct pd_support_params *p)
{
    size_t a = 0, b = 0;

    for (int i = 0; i < PD_SUPPORT_NPRIORITIES; i++) {
        if (!s->has_sla[i])
            continue;
        a += (size_t)snprintf(p->sla_priorities + a,
                              sizeof(p->sla_priorities) - a, "%s%s",
                              a ? "," : "{", pd_support_priorities[i]);
        b += (size_t)snprintf(p->sla_hours + b, sizeof(p->sla_hours) - b,
                              "%s%.17g", b ? "," : "{", s->sla_hours[i]);
    }
    if (a == 0)
        return;
    snprintf(p->sla_priorities + a, sizeof(p->sla_priorities) - a, "}");
    snprintf(p->sla_hours + b, sizeof(p->sla_hours) - b, "}");
    p->values[4] = p->sla_priorities;
    p->values[5] = p->sla_hours;
}

void
pd_support_params(const struct pd_support *s, const char *report_zone,
                  struct pd_support_params *p)
{
    size_t used;

    memset(p, 0, sizeof(*p));
    if (!s)
        return;
    sla_arrays(s, p);
    if (!s->business)
        return;
    snprintf(p->zone, sizeof(p->zone), "%s",
             s->zone[0] ? s->zone : report_zone);
    week_array(s->opens, s->opens, p->opens, sizeof(p->opens));
    week_array(s->closes, s->opens, p->closes, sizeof(p->closes));
    used = (size_t)snprintf(p->holidays, sizeof(p->holidays), "{");
    for (size_t i = 0; i < s->nholidays; i++)
        used += (size_t)snprintf(p->holidays + used, sizeof(p->holidays) - used,
                                 "%s%s", i ? "," : "", s->holidays[i]);
    snprintf(p->holidays + used, sizeof(p->holidays) - used, "}");
    p->values[0] = p->zone;
    p->values[1] = p->opens;
    p->values[2] = p->closes;
    p->values[3] = p->holidays;
}
