/*
 * timeutil - UTC microsecond timestamps, time zones, ISO weeks, quarters.
 *
 * Time is int64_t microseconds since 1970-01-01T00:00:00Z ("UTC µs").  A
 * "naive" or "local" value is the same count read as wall-clock time in some
 * zone.  Zones are IANA names resolved through the C library's tz database.
 *
 * Ownership: pd_tz_open() returns a heap object, free with pd_tz_free().
 * Errors: pd_tz_open() returns NULL with *err filled for an unknown zone.
 * Limits: conversion uses the process TZ variable internally (prodops is
 * single-threaded); results are cached per zone and hour, so converting a
 * million naive timestamps costs a hash lookup each, not a mktime().
 */
#ifndef PD_TIMEUTIL_H
#define PD_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define PD_US_PER_SEC  INT64_C(1000000)
#define PD_US_PER_HOUR (INT64_C(3600) * PD_US_PER_SEC)
#define PD_US_PER_DAY  (INT64_C(86400) * PD_US_PER_SEC)

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's
 * algorithm), and back. */
int64_t pd_days_from_civil(int64_t y, unsigned m, unsigned d);
void pd_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* The one day parser: exactly "YYYY-MM-DD" (len bytes at s, no sign, no
 * space, no shorter field), a real calendar day from 1970 on, as days since
 * 1970-01-01.  -1 for anything else.  Command options, configuration keys
 * and report periods all accept the same days through it. */
int pd_time_parse_day(const char *s, size_t len, int64_t *days);

/* Wall-clock fields to µs (no zone applied).  No range checks. */
int64_t pd_time_make(int64_t y, unsigned mo, unsigned d, unsigned h,
                     unsigned mi, unsigned s, unsigned us);

/* Split µs into fields (treating the value as wall-clock time). */
struct pd_tm {
    int64_t year;
    unsigned month, day, hour, minute, second, usec;
    unsigned weekday; /* 1 = Monday ... 7 = Sunday (ISO) */
};
void pd_time_split(int64_t t, struct pd_tm *tm);

/* Days in a month (leap years handled). */
unsigned pd_days_in_month(int64_t y, unsigned m);

struct pd_tz;

/* "UTC", "Z", "" or NULL give the UTC fast path. */
struct pd_tz *pd_tz_open(const char *name, struct pd_err *err);
void pd_tz_free(struct pd_tz *tz);
bool pd_tz_is_utc(const struct pd_tz *tz);
const char *pd_tz_name(const struct pd_tz *tz);

/* Local wall-clock µs in tz to UTC µs.  A time in a spring-forward gap moves
 * forward by the gap; an ambiguous fall-back time takes the first
 * (daylight) instant. */
int64_t pd_tz_to_utc(struct pd_tz *tz, int64_t local_us);
/* UTC µs to local wall-clock µs in tz. */
int64_t pd_tz_to_local(struct pd_tz *tz, int64_t utc_us);

/* "2026-11-09T00:00:00Z" (microseconds shown only when non-zero). */
size_t pd_time_format_iso(int64_t utc_us, char *buf, size_t n);

/* Current time in UTC µs; PRODOPS_NOW (ISO 8601) overrides it for tests. */
int64_t pd_now_us(void);

/* ISO week of a wall-clock time, and the wall-clock Monday 00:00 that
 * starts ISO week (year, week). */
void pd_iso_week(int64_t local_us, int *iso_year, int *iso_week);
int64_t pd_iso_week_start(int iso_year, int iso_week);

#endif
