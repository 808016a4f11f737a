/*
 * period - the report periods of SPEC §6 as UTC instants: an ISO week in
 * the report's time zone with the week before it, and a (fiscal) quarter
 * to date with the same span of the quarter before it.
 *
 * Ownership: plain data.
 * Errors: -1 with *err (PD_E_USAGE) for a label that is no ISO week or
 * quarter, or an unknown zone.
 * Limits: weeks of years 1970-9999.
 */
#ifndef PD_PERIOD_H
#define PD_PERIOD_H

#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"

struct pd_period {
    char label[32];      /* "2026-W46", "2026-11-01_2026-11-15" */
    char prev_label[32]; /* the period before, as long */
    char zone[64];       /* IANA name, "UTC" by default */
    int64_t start, end;  /* UTC µs; end - start is 7 days but for DST */
    int64_t prev_start;  /* the previous week is [prev_start, start) */
};

/* The ISO week "YYYY-Www" in zone, or when label is NULL the last complete
 * week before now (UTC µs) in that zone. */
int pd_period_week(const char *label, const char *zone, int64_t now,
                   struct pd_period *p, struct pd_err *err);

/* Day number (days since 1970-01-01) as "YYYY-MM-DD" in buf (n bytes). */
void pd_period_day_label(int64_t days, char *buf, size_t n);

/* The ISO week label "YYYY-Www" (1970 or later; W53 only where the year
 * has one) to *year and *week: 0, or -1 when it is no such week.  The one
 * week parser: pd_period_week() and the renderers use it. */
int pd_period_parse_week(const char *s, int *year, int *week);

/* The local days from..to (YYYY-MM-DD, to inclusive) in zone; the period
 * before has the same length.  At most ten years. */
int pd_period_days(const char *from, const char *to, const char *zone,
                   struct pd_period *p, struct pd_err *err);

/*
 * A quarter "YYYYQn" of the fiscal year that starts in month fy_start
 * (1 = calendar quarters).  A fiscal year is named by the calendar year it
 * ends in (FY2027 of a February start runs 2026-02-01 to 2027-01-31), as
 * Microsoft's and the US government's are.
 */
struct pd_quarter {
    char label[16];      /* "2026Q4" */
    char prev_label[16]; /* the quarter before */
    char zone[64];
    int fy_start;       /* first month of the fiscal year, 1-12 */
    int64_t start, end; /* the whole quarter [start, end), UTC µs */
    /* Quarter to date: [start, to_date), to_date the local midnight that
     * starts today (whole days only) or end, whichever is first. */
    int64_t to_date;
    /* The quarter before, over as many local days: [prev_start, prev_to). */
    int64_t prev_start, prev_to;
    char first_day[11], last_day[11]; /* "2026-10-01", "2026-12-31" */
};

/* The quarter labelled label in zone, or when label is NULL the quarter
 * containing now. */
int pd_period_quarter(const char *label, const char *zone, int fy_start,
                      int64_t now, struct pd_quarter *q, struct pd_err *err);

/* Is s of the form YYYYQn (n 1-4, year 1971-9998)? */
bool pd_period_quarter_label_ok(const char *s);

#endif
