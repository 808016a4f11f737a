/*
 * schedule - the arithmetic of scheduled jobs: the run a catch-up makes,
 * the back-off between attempts, and a cron expression in the syntax of
 * crontab and of systemd timers (`prodops cron`).
 *
 * pd_schedule_latest() answers "which run did we miss most recently?"
 * with pd_cron_next() alone (jobs/cron.h searches forwards only), looking
 * back over growing windows so that a job every minute costs at most 60
 * steps and a yearly one a few.
 *
 * Ownership: plain data; expressions and zones are borrowed.
 * Errors: none: -1 / 0 results say "none".
 * Limits: the look-back ends PD_CRON_SEARCH_YEARS years before now; the
 * systemd form needs systemd 235 or later for the zone suffix.
 */
#ifndef PD_SCHEDULE_H
#define PD_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "common/timeutil.h"
#include "jobs/cron.h"

/* Longest OnCalendar= value or crontab expression written here. */
#define PD_SCHEDULE_TEXT_MAX 640

/* The latest run instant t of c in tz with floor < t <= now (UTC µs), or
 * -1 when there is none (floor INT64_MIN: no lower bound). */
int64_t pd_schedule_latest(const struct pd_cron *c, struct pd_tz *tz,
                           int64_t floor, int64_t now);

/* Seconds before retry number n (1 = the first retry): base x 2^(n-1),
 * at most six hours. */
double pd_schedule_backoff(double base, int n);

/* The five crontab fields of c: the text as written, except prodops' own
 * @quarterly, which no cron knows, spelled out.  out: PD_SCHEDULE_TEXT_MAX
 * bytes. */
void pd_schedule_crontab(const struct pd_cron *c, char *out);

/* systemd OnCalendar= values that fire when c does, wall-clock times in
 * zone: one, or two when both day fields are restricted (cron's OR rule;
 * a timer may have several OnCalendar= lines).  out: two buffers of
 * PD_SCHEDULE_TEXT_MAX bytes.  Returns how many. */
int pd_schedule_calendar(const struct pd_cron *c, const char *zone,
                         char out[2][PD_SCHEDULE_TEXT_MAX]);

/* A time given on the command line (--at, --from, --now): ISO 8601,
 * "2026-03-09T07:00", "2026-03-09 07:00:00-05:00", "2026-03-09T12:00Z" or
 * a bare date; without an offset it is wall-clock time in zone.  0, or -1
 * with *err (PD_E_USAGE). */
int pd_schedule_parse_time(const char *s, const char *zone, int64_t *out,
                           struct pd_err *err);

/* An instant as ISO 8601 in zone with its offset,
 * "2026-03-09T07:00:00-04:00" ("...Z" in UTC); n >= 32. */
void pd_schedule_format_local(int64_t utc, struct pd_tz *tz, char *out,
                              size_t n);

#endif
