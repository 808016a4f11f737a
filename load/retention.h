/*
 * retention - bound the warehouse's growth: drop the usage events of old
 * months, delete the rejected rows of old files.
 *
 * [retention] events_months = N drops each monthly partition of
 * prodops.events whose whole month ended more than N months before now
 * (load/sql/018_operations.sql); the rollups the reports read are kept,
 * so the weekly and OKR reports of those months do not change (a zone
 * whose days do not align with UTC half hours loses the partial half
 * hours at the ends of its days, which it read from the events).
 * rejects_days = N deletes the prodops.rejects rows of files loaded more
 * than N days ago; the files rows and their counts stay.
 *
 * Ownership: the connection is borrowed; results are plain data.
 * Errors: -1 with *err (PD_E_DB).  Each part is its own statement, so a
 * failure leaves the other part done or not done, never half done.
 * Limits: a month at a time for events; nothing when both settings are 0.
 */
#ifndef PD_RETENTION_H
#define PD_RETENTION_H

#include <libpq-fe.h>
#include <stdint.h>

#include "common/err.h"

struct pd_retention_opts {
    int events_months; /* 0: keep every event */
    int rejects_days;  /* 0: keep every rejected row */
    int64_t now;       /* UTC µs: the clock ages are measured from */
};

struct pd_retention_result {
    int months;             /* event partitions dropped */
    char first[8], last[8]; /* their months, YYYY-MM ("" when none) */
    int64_t events;         /* events they held */
    int64_t event_bytes;    /* and their bytes */
    int64_t rejects;        /* rejected rows deleted */
    int64_t reject_files;   /* of this many files */
};

/* The cut-off of events_months: now minus that many calendar months (UTC),
 * in µs.  Exposed for tests and for messages. */
int64_t pd_retention_events_cutoff(int64_t now, int months);

int pd_retention_prune(PGconn *conn, const struct pd_retention_opts *o,
                       struct pd_retention_result *r, struct pd_err *err);

#endif
