/*
 * cron - five-field cron expressions and their next run in a time zone.
 *
 * pd_cron_parse() compiles "minute hour day-of-month month day-of-week" (or
 * a macro such as @daily) into bit sets with Vixie cron's semantics;
 * pd_cron_next() finds the first run strictly after an instant, walking
 * wall-clock times in an IANA zone and resolving DST gaps and overlaps.
 *
 * Ownership: pd_cron_parse() returns a heap object, owned by caller, free
 * with pd_cron_free().  pd_cron_text() is borrowed, valid until
 * pd_cron_free().  The zone passed to pd_cron_next() stays the caller's.
 * Errors: pd_cron_parse() returns NULL with *err filled (PD_E_CONFIG), one
 * line naming the field and the problem:
 * `cron "0 25 * * *": hour 25 is out of range 0-23`.  pd_cron_next()
 * cannot fail; -1 means "no run found" (see Limits).
 * Limits: expressions up to PD_CRON_MAX_TEXT bytes; minute resolution (no
 * seconds field, no year field, no @reboot, no L/W/# extensions).  The
 * search gives up after PD_CRON_SEARCH_YEARS years, so an expression that
 * can never fire ("0 0 30 2 *") returns -1, as does an instant outside the
 * years 1-9999.  The search walks days, skipping months that cannot match,
 * and then the hours and minutes of a matching day: a never-firing
 * expression costs about 1,200 day steps, not 15 million minute steps.
 */
#ifndef PD_CRON_H
#define PD_CRON_H

#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"
#include "common/timeutil.h"

/* Longest accepted expression, in bytes, surrounding whitespace included. */
#define PD_CRON_MAX_TEXT 1024

/* How far pd_cron_next() looks ahead.  The longest gap between two runs of
 * a satisfiable expression is a 29 February that skips a century year
 * (2096 -> 2104): eight years. */
#define PD_CRON_SEARCH_YEARS 30

struct pd_cron;

/*
 * Parse a cron expression.
 *
 * Fields are separated by runs of spaces or tabs; surrounding whitespace is
 * ignored.  Each field is a comma list of `*`, `N` or `A-B`, each optionally
 * followed by a step `/S` (`N/S` runs from N to the field's maximum; a
 * step of 0 is an error).  Ranges: minute 0-59, hour 0-23, day-of-month
 * 1-31, month 1-12 or JAN-DEC, day-of-week 0-7 or SUN-SAT (0 and 7 are
 * both Sunday; SUN at the end of a range means 7, so SAT-SUN is the
 * weekend).  Names are case-insensitive three-letter abbreviations.
 *
 * When day-of-month and day-of-week are both restricted (neither field
 * starts with `*`), a day runs if it matches either (Vixie cron): "0 0 1 *
 * MON" runs on the 1st and on every Monday.
 *
 * Macros: @yearly and @annually (0 0 1 1 *), @quarterly (0 0 1
 * 1,4,7,10 *, prodops' own), @monthly (0 0 1 * *), @weekly (0 0 * * 0),
 * @daily and @midnight (0 0 * * *), @hourly (0 * * * *).
 *
 * Returns the compiled expression, or NULL with *err filled (err may be
 * NULL).
 */
struct pd_cron *pd_cron_parse(const char *expr, struct pd_err *err);

/*
 * Whether the expression can ever run: 0, or -1 with *err (PD_E_CONFIG)
 * when the days of the month it names never occur in the months it names
 * and the day-of-week does not rescue them ("0 0 31 2 *", "0 0 30 FEB *",
 * "0 0 31 4,6,9,11 *"):
 * `cron "0 0 31 2 *": never runs: February has no day 31`.
 * pd_cron_parse() accepts such expressions (pd_cron_next() then finds no
 * run); a configuration rejects them with this check.  Exact: every
 * (month, day) that exists, 29 February included, falls on every weekday
 * within the 400-year Gregorian cycle, so no other combination is dead.
 */
int pd_cron_check(const struct pd_cron *c, struct pd_err *err);

/* The expression exactly as given to pd_cron_parse(). */
const char *pd_cron_text(const struct pd_cron *c);

/* Free a parsed expression; NULL is accepted. */
void pd_cron_free(struct pd_cron *c);

/*
 * The first run instant strictly after `after` (UTC µs), evaluating the
 * expression on wall-clock time in tz (NULL means UTC).
 *
 * Matching wall times are walked in order and each maps to one instant:
 * an ordinary time to itself; a time in a spring-forward gap to the end of
 * the gap (02:30 on 2026-03-08 in America/New_York runs at 03:00 EDT, and
 * every time in the gap collapses into that one run); an ambiguous
 * fall-back time to its first (daylight) occurrence only, so it never runs
 * twice.  The result is the earliest such instant after `after`, so
 * calling again with the result walks the schedule without duplicates.
 *
 * Returns UTC µs (a whole minute, or the whole second a gap ends), or -1
 * when nothing runs within PD_CRON_SEARCH_YEARS years; -1 is never a run,
 * as runs fall on whole seconds.
 */
int64_t pd_cron_next(const struct pd_cron *c, struct pd_tz *tz, int64_t after);

/* The matching values of each field, for writing the schedule in another
 * scheduler's syntax (`prodops cron`): bit v is set when value v matches.
 * Day-of-week uses bits 0-6 (Sunday is 0, a 7 in the text is folded into
 * it).  mday_star / wday_star: the field began with '*', which decides
 * between the AND and the OR rule above. */
struct pd_cron_sets {
    uint64_t minute, hour, mday, month, wday;
    bool mday_star, wday_star;
};
void pd_cron_sets(const struct pd_cron *c, struct pd_cron_sets *out);

#endif
