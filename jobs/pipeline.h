/*
 * pipeline - one run of a job: ingest the new files of its sources, build
 * its reports, deliver them, and record it in prodops.runs.
 *
 * The run holds the job's advisory lock (load/lock.h) from start to end,
 * on a connection of its own, so that two schedulers, or a scheduler and
 * `prodops run`, never run one job together.  Under the lock it first
 * marks runs left 'running' by a dead process 'abandoned', then decides
 * whether there is anything to do (a scheduled instant another host ran
 * already, a catch-up with nothing missed), then makes attempts: each is
 * a runs row (attempt 1, 2, ...), ingest -> reports -> deliver, stopping
 * at the first failure.  A failure is retried after the job's back-off
 * (retry_base x 2^(n-1)) up to `retries` times; usage and configuration
 * errors are not (they would fail again).  A stop signal (jobs/signals.h)
 * ends the run after the file or step under way: files load in their own
 * transactions, so nothing is half-loaded, and the row says
 * 'interrupted'.  After a successful attempt, retention removes the
 * outputs of older runs (load/sql/jobs_prune.sql).
 *
 * The report's "now" is the run's instant: a Monday 07:00 run writes the
 * week that just ended, however late it starts.
 *
 * Ownership: the result is caller-provided; release it with
 * pd_run_result_release().  The job and globals are borrowed.
 * Errors: pd_pipeline_run() returns 0 whenever the run got an outcome
 * (failed included: r->error says why), and -1 with *err when it could
 * not start: PD_E_LOCKED (the message names the holder), PD_E_DB (no
 * database), PD_E_IO.
 * Limits: one job per call; the deliver command runs through /bin/sh.
 */
#ifndef PD_PIPELINE_H
#define PD_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"
#include "jobs/cli.h"
#include "jobs/config.h"

enum pd_run_trigger { PD_RUN_MANUAL, PD_RUN_SCHEDULE, PD_RUN_CATCHUP };

struct pd_run_opts {
    enum pd_run_trigger trigger;
    /* MANUAL and SCHEDULE: the instant the run is for (UTC µs).  CATCHUP:
     * found under the lock: the latest instant after the job's last
     * finished run, up to now (none without an earlier run). */
    int64_t scheduled_for;
    int64_t now;     /* the clock: catch-up and retention ages */
    bool wait;       /* wait for the lock instead of failing */
    const char *who; /* "run" or "schedule", for the lock's name */
};

enum pd_run_outcome {
    PD_RUN_OK,          /* everything loaded, written, delivered */
    PD_RUN_REJECTS,     /* done, but files or rows were rejected */
    PD_RUN_FAILED,      /* the last attempt failed: see error */
    PD_RUN_INTERRUPTED, /* a stop signal ended it between steps */
    PD_RUN_SKIPPED      /* nothing to do: see skip_reason */
};

struct pd_run_counts {
    long files_loaded, files_skipped, files_rejected, files_held;
    int64_t read, loaded, updated, duplicate, rejected; /* rows */
};

struct pd_run_result {
    enum pd_run_outcome outcome;
    int64_t run_id; /* the last attempt's row; 0 when none */
    int64_t scheduled_for;
    int attempts;
    double seconds;
    struct pd_run_counts n;           /* of the last attempt */
    struct pd_report_outputs outputs; /* of the last attempt */
    struct pd_err error;              /* PD_RUN_FAILED: the last error */
    char skip_reason[256];            /* PD_RUN_SKIPPED */
};

/* "ok", "rejects", "failed", "interrupted", "skipped". */
const char *pd_run_outcome_name(enum pd_run_outcome o);

int pd_pipeline_run(struct pd_globals *g, const struct pd_config_job *job,
                    const struct pd_run_opts *o, struct pd_run_result *r,
                    struct pd_err *err);

void pd_run_result_release(struct pd_run_result *r);

#endif
