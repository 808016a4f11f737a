/*
 * period - the report period of SPEC §6: an ISO week in the report's time
 * zone, as UTC instants [start, end), with the week before it.
 *
 * Ownership: plain data.
 * Errors: -1 with *err (PD_E_USAGE) for a label that is no ISO week, or an
 * unknown zone.
 * Limits: weeks of years 1970-9999.
 */
#ifndef PD_PERIOD_H
#define PD_PERIOD_H

#include <stdint.h>

#include "common/err.h"

struct pd_period {
    char label[16];      /* "2026-W46" */
    char prev_label[16]; /* the week before */
    char zone[64];       /* IANA name, "UTC" by default */
    int64_t start, end;  /* UTC µs; end - start is 7 days but for DST */
    int64_t prev_start;  /* the previous week is [prev_start, start) */
};

/* The ISO week "YYYY-Www" in zone, or when label is NULL the last complete
 * week before now (UTC µs) in that zone. */
int pd_period_week(const char *label, const char *zone, int64_t now,
                   struct pd_period *p, struct pd_err *err);

#endif
