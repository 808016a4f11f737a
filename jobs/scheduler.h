/*
 * scheduler - `prodops schedule`: run each job of the configuration at
 * the instants of its cron expression, in its time zone, until stopped.
 *
 * On start (and after SIGHUP reloads the configuration) each job with
 * catchup = latest makes up for what it missed while nothing ran: one run
 * for the latest instant after its last finished run, never one per
 * missed instant; catchup = none skips them.  Then the scheduler sleeps
 * until the earliest next instant of any job (waking at least every
 * minute, so a changed clock or a suspended machine is noticed), and runs
 * that job through jobs/pipeline.h.  A job that takes longer than its
 * interval does not queue runs: the instants it overran collapse into one.
 * The lock makes two schedulers (two hosts) safe: the second finds the
 * lock taken, or the instant done, and skips it.
 *
 * SIGTERM and SIGINT end a run after the file or step under way (recorded
 * as 'interrupted', caught up at the next start) and then the scheduler.
 *
 * Ownership: g->config is replaced on reload (the old one is freed).
 * Errors: -1 with *err (PD_E_CONFIG) when there is no job to schedule;
 * failures of runs are logged and recorded, never fatal.
 * Limits: jobs run one after another, never in parallel.
 */
#ifndef PD_SCHEDULER_H
#define PD_SCHEDULER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "jobs/cli.h"

struct pd_scheduler_opts {
    char **jobs; /* schedule only these (NULL: every job) */
    size_t njobs;
    bool once;       /* the start-up pass only (catch-up), then exit */
    long exit_after; /* exit after this many runs (0: never): tests */
    /* The clock starts at start and advances in real time (tests, with
     * --now); otherwise it is pd_now_us(), PRODOPS_NOW included. */
    bool has_start;
    int64_t start;
};

int pd_scheduler_run(struct pd_globals *g, const struct pd_scheduler_opts *o,
                     struct pd_err *err);

#endif
