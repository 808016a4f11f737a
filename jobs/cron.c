#include "cron.h"

#include <assert.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xalloc.h"

#define US_PER_MIN  (INT64_C(60) * PD_US_PER_SEC)
#define MIN_PER_DAY INT64_C(1440)

/* Steps above this are clamped while reading: any step at least as wide as
 * the field already selects only the first value, and the clamp keeps a
 * step of 99999999999 from overflowing. */
#define MAX_STEP 1000u

enum field { F_MINUTE, F_HOUR, F_MDAY, F_MONTH, F_WDAY, F_COUNT };

struct field_spec {
    const char *name;         /* as it appears in messages */
    unsigned lo, hi;          /* accepted numbers */
    const char *const *names; /* three-letter names, or NULL */
    unsigned nnames;
    unsigned first_name;    /* value of names[0] */
    const char *names_hint; /* the names, for an unknown one */
};

static const char *const month_names[] = {"JAN", "FEB", "MAR", "APR",
                                          "MAY", "JUN", "JUL", "AUG",
                                          "SEP", "OCT", "NOV", "DEC"};
static const char *const wday_names[] = {"SUN", "MON", "TUE", "WED",
                                         "THU", "FRI", "SAT"};

/* Day-of-week accepts 7 for Sunday as Vixie cron does; it is folded into
 * bit 0 after parsing. */
static const struct field_spec fields[F_COUNT] = {
    {"minute", 0, 59, NULL, 0, 0, NULL},
    {"hour", 0, 23, NULL, 0, 0, NULL},
    {"day-of-month", 1, 31, NULL, 0, 0, NULL},
    {"month", 1, 12, month_names, 12, 1,
     "JAN, FEB, MAR, APR, MAY, JUN, JUL, AUG, SEP, OCT, NOV or DEC"},
    {"day-of-week", 0, 7, wday_names, 7, 0,
     "SUN, MON, TUE, WED, THU, FRI or SAT"},
};

static const struct {
    const char *name;
    const char *fields;
} macros[] = {
    {"@yearly", "0 0 1 1 *"},
    {"@annually", "0 0 1 1 *"},
    /* prodops' own: the OKR review runs at the start of each quarter. */
    {"@quarterly", "0 0 1 1,4,7,10 *"},
    {"@monthly", "0 0 1 * *"},
    /* Sunday 00:00, as in Vixie cron (not the ISO Monday). */
    {"@weekly", "0 0 * * 0"},
    {"@daily", "0 0 * * *"},
    {"@midnight", "0 0 * * *"},
    {"@hourly", "0 * * * *"},
};

struct pd_cron {
    char *text;            /* the expression as given */
    uint64_t set[F_COUNT]; /* bit v set: value v matches */
    bool mday_star;        /* day-of-month starts with '*' */
    bool wday_star;        /* day-of-week starts with '*' */
};

/* ---- Parsing ------------------------------------------------------------ */

struct parser {
    const char *expr; /* trimmed expression, quoted in messages */
    int exprlen;
    struct pd_err *err;
    const struct field_spec *f; /* the field being read */
    const char *ftext;          /* its text, for "empty list element" */
    int flen;
    const char *elem; /* the list element being read */
    int elemlen;
};

/* Every parse message has one shape: cron "<expr>": <what went wrong>. */
static int fail(const struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(const struct parser *p, const char *fmt, ...)
{
    char what[384];
    va_list ap;
    int shown = p->exprlen > 120 ? 120 : p->exprlen;

    va_start(ap, fmt);
    if (vsnprintf(what, sizeof(what), fmt, ap) < 0)
        what[0] = '\0';
    va_end(ap);
    return pd_err_set(p->err, PD_E_CONFIG, "cron \"%.*s%s\": %s", shown,
                      p->expr, shown < p->exprlen ? "..." : "", what);
}

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* A number, or a three-letter name where the field has names.  SUN closing
 * a range means 7 so that SAT-SUN and FRI-SUN are not reversed. */
static int
read_name(struct parser *p, const char **s, const char *end, bool range_end,
          unsigned *out)
{
    const char *start = *s;
    int len;

    while (*s < end && isalpha((unsigned char)**s))
        (*s)++;
    len = (int)(*s - start);
    if (p->f->names == NULL)
        return fail(p, "%s: \"%.*s\" is not a number", p->f->name, len, start);
    for (unsigned i = 0; len == 3 && i < p->f->nnames; i++) {
        if (strncasecmp(start, p->f->names[i], 3) != 0)
            continue;
        *out = p->f->first_name + i;
        if (range_end && p->f == &fields[F_WDAY] && *out == 0)
            *out = 7;
        return 0;
    }
    fail(p, "%s: unknown name \"%.*s\"", p->f->name, len, start);
    return pd_err_hint(p->err, "use %s", p->f->names_hint);
}

static int
read_value(struct parser *p, const char **s, const char *end, bool range_end,
           unsigned *out)
{
    const char *start = *s;
    unsigned v = 0;

    if (*s < end && isalpha((unsigned char)**s))
        return read_name(p, s, end, range_end, out);
    if (*s == end || !isdigit((unsigned char)**s))
        return fail(p, "%s: expected a number in \"%.*s\"", p->f->name,
                    p->elemlen, p->elem);
    for (; *s < end && isdigit((unsigned char)**s); (*s)++)
        v = v > p->f->hi ? v : v * 10 + (unsigned)(**s - '0');
    if (v < p->f->lo || v > p->f->hi)
        return fail(p, "%s %.*s is out of range %u-%u", p->f->name,
                    (int)(*s - start), start, p->f->lo, p->f->hi);
    *out = v;
    return 0;
}

static int
read_step(struct parser *p, const char **s, const char *end, unsigned *step)
{
    unsigned v = 0;

    if (*s == end || !isdigit((unsigned char)**s))
        return fail(p, "%s: expected a number after \"/\" in \"%.*s\"",
                    p->f->name, p->elemlen, p->elem);
    for (; *s < end && isdigit((unsigned char)**s); (*s)++)
        v = v >= MAX_STEP ? MAX_STEP : v * 10 + (unsigned)(**s - '0');
    if (v == 0)
        return fail(p, "%s: step 0 in \"%.*s\" is not allowed", p->f->name,
                    p->elemlen, p->elem);
    *step = v;
    return 0;
}

/* A reversed range: say how to write the wrap-around it probably means.
 * Day-of-week wraps after Saturday (6), not after the alias 7; a range
 * starting at that alias ("7-2") gets no hint rather than a wrong one. */
static int
fail_reversed(struct parser *p, unsigned a, unsigned b)
{
    unsigned top = p->f == &fields[F_WDAY] ? 6 : p->f->hi;

    fail(p, "%s: reversed range \"%.*s\" (start after end)", p->f->name,
         p->elemlen, p->elem);
    if (a > top)
        return -1;
    return pd_err_hint(p->err, "a range cannot wrap around; write %u-%u,%u-%u",
                       a, top, p->f->lo, b);
}

/* One list element: `*`, `N`, `A-B`, each optionally followed by `/S`
 * (`N/S` runs from N to the field's maximum, as in cronie). */
static int
parse_element(struct parser *p, const char *s, const char *end, uint64_t *set)
{
    unsigned a = p->f->lo, b = p->f->hi, step = 1;

    p->elem = s;
    p->elemlen = (int)(end - s);
    if (s == end)
        return fail(p, "%s: empty list element in \"%.*s\"", p->f->name,
                    p->flen, p->ftext);
    if (*s == '*') {
        s++;
    } else {
        if (read_value(p, &s, end, false, &a) < 0)
            return -1;
        b = s < end && *s == '/' ? p->f->hi : a;
        if (s < end && *s == '-') {
            s++;
            if (read_value(p, &s, end, true, &b) < 0)
                return -1;
            if (a > b)
                return fail_reversed(p, a, b);
        }
    }
    if (s < end && *s == '/') {
        s++;
        if (read_step(p, &s, end, &step) < 0)
            return -1;
    }
    if (s != end)
        return fail(p, "%s: unexpected \"%c\" in \"%.*s\"", p->f->name, *s,
                    p->elemlen, p->elem);
    assert(b < 64); /* read_value() checked it against the field */
    for (unsigned v = a; v <= b; v += step)
        *set |= UINT64_C(1) << v;
    return 0;
}

/* A comma list of elements into one bit set. */
static int
parse_field(struct parser *p, enum field f, const char *s, const char *end,
            uint64_t *set)
{
    p->f = &fields[f];
    p->ftext = s;
    p->flen = (int)(end - s);
    *set = 0;
    for (;;) {
        const char *comma = memchr(s, ',', (size_t)(end - s));
        const char *stop = comma ? comma : end;

        if (parse_element(p, s, stop, set) < 0)
            return -1;
        if (comma == NULL)
            return 0;
        s = comma + 1;
    }
}

/* Split on runs of blanks; all fields are counted so the message can say
 * how many there were. */
static int
parse_fields(struct parser *p, struct pd_cron *c, const char *s,
             const char *end)
{
    const char *start[F_COUNT], *stop[F_COUNT];
    size_t n = 0;

    while (s < end) {
        const char *w = s;

        while (s < end && !is_blank(*s))
            s++;
        if (n < F_COUNT) {
            start[n] = w;
            stop[n] = s;
        }
        n++;
        while (s < end && is_blank(*s))
            s++;
    }
    if (n != F_COUNT)
        return fail(p, "expected 5 fields, got %zu", n);
    for (size_t i = 0; i < F_COUNT; i++) {
        if (parse_field(p, (enum field)i, start[i], stop[i], &c->set[i]) < 0)
            return -1;
    }
    /* Vixie's DOM_STAR / DOW_STAR: a field starting with '*' counts as
     * unrestricted even when a step follows (see day_matches). */
    c->mday_star = *start[F_MDAY] == '*';
    c->wday_star = *start[F_WDAY] == '*';
    if (c->set[F_WDAY] & (UINT64_C(1) << 7))
        c->set[F_WDAY] = (c->set[F_WDAY] | 1u) & ~(UINT64_C(1) << 7);
    return 0;
}

static int
expand_macro(struct parser *p, struct pd_cron *c)
{
    for (size_t i = 0; i < sizeof(macros) / sizeof(macros[0]); i++) {
        const char *fs = macros[i].fields;

        if (strlen(macros[i].name) == (size_t)p->exprlen &&
            strncasecmp(p->expr, macros[i].name, (size_t)p->exprlen) == 0)
            return parse_fields(p, c, fs, fs + strlen(fs));
    }
    fail(p, "unknown macro \"%.*s\"", p->exprlen, p->expr);
    return pd_err_hint(p->err, "use @yearly, @annually, @quarterly, @monthly, "
                               "@weekly, @daily, @midnight or @hourly");
}

struct pd_cron *
pd_cron_parse(const char *expr, struct pd_err *err)
{
    struct parser p = {0};
    struct pd_cron *c;
    size_t len;
    const char *s, *end;
    int rc;

    assert(expr != NULL);
    len = strnlen(expr, PD_CRON_MAX_TEXT + 1);
    if (len > PD_CRON_MAX_TEXT) {
        pd_err_set(err, PD_E_CONFIG, "cron expression longer than %d bytes",
                   PD_CRON_MAX_TEXT);
        return NULL;
    }
    s = expr;
    end = expr + len;
    while (s < end && isspace((unsigned char)*s))
        s++;
    while (end > s && isspace((unsigned char)end[-1]))
        end--;
    p.expr = s;
    p.exprlen = (int)(end - s);
    p.err = err;
    c = pd_xcalloc(1, sizeof(*c));
    if (s < end && *s == '@')
        rc = expand_macro(&p, c);
    else
        rc = parse_fields(&p, c, s, end);
    if (rc < 0) {
        free(c);
        return NULL;
    }
    /* The text as given, not trimmed: it is what the user wrote. */
    c->text = pd_xstrndup(expr, len);
    return c;
}

const char *
pd_cron_text(const struct pd_cron *c)
{
    return c->text;
}

void
pd_cron_free(struct pd_cron *c)
{
    if (c == NULL)
        return;
    free(c->text);
    free(c);
}

void
pd_cron_sets(const struct pd_cron *c, struct pd_cron_sets *out)
{
    out->minute = c->set[F_MINUTE];
    out->hour = c->set[F_HOUR];
    out->mday = c->set[F_MDAY];
    out->month = c->set[F_MONTH];
    out->wday = c->set[F_WDAY] & 0x7f;
    out->mday_star = c->mday_star;
    out->wday_star = c->wday_star;
}

int
pd_cron_check(const struct pd_cron *c, struct pd_err *err)
{
    static const unsigned days_in[13] = {0,  31, 29, 31, 30, 31, 30,
                                         31, 31, 30, 31, 30, 31};
    static const char *const full_months[13] = {
        "",        "January",  "February", "March",  "April",
        "May",     "June",     "July",     "August", "September",
        "October", "November", "December"};
    unsigned first_day = 32, months = 0, month = 0;
    const char *s = c->text, *e = c->text + strlen(c->text);

    /* Both day fields restricted: either one runs the day (day_matches),
     * and every month has every weekday. */
    if (!c->mday_star && !c->wday_star)
        return 0;
    for (unsigned d = 31; d >= 1; d--)
        if ((c->set[F_MDAY] >> d) & 1u)
            first_day = d;
    for (unsigned m = 1; m <= 12; m++) {
        if (!((c->set[F_MONTH] >> m) & 1u))
            continue;
        if (first_day <= days_in[m])
            return 0;
        months++;
        month = m;
    }
    while (s < e && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    if (months == 1)
        return pd_err_set(err, PD_E_CONFIG,
                          "cron \"%.*s\": never runs: %s has no day %u",
                          (int)(e - s), s, full_months[month], first_day);
    return pd_err_set(err, PD_E_CONFIG,
                      "cron \"%.*s\": never runs: none of its months has "
                      "a day %u",
                      (int)(e - s), s, first_day);
}

/* ---- Evaluation --------------------------------------------------------- */

/* Floor division: local days before 1970 are negative. */
static int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static bool
has(uint64_t set, unsigned v)
{
    return (set >> v) & 1u;
}

/* Cron counts weekdays from Sunday = 0; 1970-01-01 was a Thursday. */
static unsigned
weekday_of(int64_t day)
{
    int64_t r = (day + 4) % 7;
    return (unsigned)(r < 0 ? r + 7 : r);
}

/* Vixie cron: if either day field starts with '*' the day must match both
 * (that field matches everything, or is a deliberate step over '*' such as
 * every other day); if both are restricted, either one is enough.
 * crontab(5): "30 4 1,15 * 5" runs on the 1st, the 15th and every Friday. */
static bool
day_matches(const struct pd_cron *c, int64_t day, unsigned mday)
{
    bool by_mday = has(c->set[F_MDAY], mday);
    bool by_wday = has(c->set[F_WDAY], weekday_of(day));

    if (c->mday_star || c->wday_star)
        return by_mday && by_wday;
    return by_mday || by_wday;
}

/*
 * Wall time `wall` lies in a spring-forward gap, and pd_tz_to_utc() read it
 * with the offset from before the gap, giving `moved` (02:30 EST =
 * 07:30Z, i.e. 03:30 EDT).  The run belongs at the end of the gap, the
 * transition instant E (07:00Z).  With off_after the offset after the gap,
 * wall - off_after (06:30Z) is before E and `moved` is at or after it, so a
 * binary search over whole seconds between them finds E in a dozen steps
 * for a one-hour gap.
 */
static int64_t
gap_end(struct pd_tz *tz, int64_t wall, int64_t moved)
{
    int64_t off_after = pd_tz_to_local(tz, moved) - moved;
    int64_t lo = floor_div(wall - off_after, PD_US_PER_SEC);
    int64_t hi = floor_div(moved, PD_US_PER_SEC);

    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        int64_t t = mid * PD_US_PER_SEC;

        if (pd_tz_to_local(tz, t) - t == off_after)
            hi = mid;
        else
            lo = mid;
    }
    return hi * PD_US_PER_SEC;
}

/*
 * The instant a matching wall time runs at.  pd_tz_to_utc() already maps an
 * ambiguous fall-back time to its first (daylight) occurrence, which is the
 * one run we want; it moves a gap time forward by the gap (02:30 -> 03:30),
 * which is not: a job due at 02:30 should run when the gap ends (03:00),
 * and 02:15 and 02:45 with it, once.  A gap time is one that does not come
 * back from the round trip.
 *
 * This map never decreases as the wall time grows, which is what lets
 * pd_cron_next() stop at the first candidate past `after`.
 */
static int64_t
run_instant(struct pd_tz *tz, int64_t wall)
{
    int64_t t;

    if (pd_tz_is_utc(tz))
        return wall;
    t = pd_tz_to_utc(tz, wall);
    if (pd_tz_to_local(tz, t) == wall)
        return t;
    return gap_end(tz, wall, t);
}

/* The first run after `after` in wall-clock hour `hour` (hours since
 * 1970-01-01T00:00 local), from minute `from` of that hour on. */
static bool
scan_hour(const struct pd_cron *c, struct pd_tz *tz, int64_t after,
          int64_t hour, unsigned from, int64_t *out)
{
    for (unsigned m = from; m < 60; m++) {
        int64_t t;

        if (!has(c->set[F_MINUTE], m))
            continue;
        t = run_instant(tz, (hour * 60 + m) * US_PER_MIN);
        if (t > after) {
            *out = t;
            return true;
        }
    }
    return false;
}

/* The first run after `after` on local day `day`, from minute `from` of
 * the day on. */
static bool
scan_day(const struct pd_cron *c, struct pd_tz *tz, int64_t after, int64_t day,
         unsigned from, int64_t *out)
{
    for (unsigned h = from / 60; h < 24; h++) {
        unsigned m0 = h == from / 60 ? from % 60 : 0;

        if (has(c->set[F_HOUR], h) &&
            scan_hour(c, tz, after, day * 24 + h, m0, out))
            return true;
    }
    return false;
}

int64_t
pd_cron_next(const struct pd_cron *c, struct pd_tz *tz, int64_t after)
{
    int64_t first, day, last, y, t;
    unsigned from, mon, mday;

    assert(c != NULL);
    if (after < pd_time_make(1, 1, 1, 0, 0, 0, 0) ||
        after >= pd_time_make(10000, 1, 1, 0, 0, 0, 0))
        return -1;
    /* Wall times up to local(after) all map to instants <= after: `after`
     * itself, or in a fall-back overlap the first pass of the repeated
     * hour.  So the walk starts at the next whole wall minute. */
    first = floor_div(pd_tz_to_local(tz, after), US_PER_MIN) + 1;
    day = floor_div(first, MIN_PER_DAY);
    from = (unsigned)(first - day * MIN_PER_DAY);
    last = day + PD_CRON_SEARCH_YEARS * INT64_C(366);
    for (; day <= last; day++, from = 0) {
        pd_civil_from_days(day, &y, &mon, &mday);
        if (!has(c->set[F_MONTH], mon)) {
            /* Jump to the month's last day; day++ makes it the 1st. */
            day += (int64_t)(pd_days_in_month(y, mon) - mday);
            continue;
        }
        if (day_matches(c, day, mday) && scan_day(c, tz, after, day, from, &t))
            return t;
    }
    return -1;
}
