/*
 * ledger - the runs, files and rejects tables: what was loaded, when, from
 * which file, with which counts (SPEC §2, §5).
 *
 * Ownership: strings passed in are copied into statements; nothing kept.
 * Errors: -1 with *err (PD_E_DB).
 * Limits: none.
 */
#ifndef PD_LEDGER_H
#define PD_LEDGER_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"

struct pd_file_info {
    const char *sha256;
    const char *name;       /* display name (basename) */
    const char *path;       /* printable (valid UTF-8), for display */
    const char *path_bytes; /* the raw path: what the skip check compares */
    int64_t size;
    int64_t mtime_ns;
    const char *source;
    const char *kind;
    const char *profile;
    const char *encoding;
    int mapping_version;  /* PD_MAPPING_VERSION the file is read with */
    int64_t reprocess_of; /* --reprocess: the load it replaces, else 0 */
};

/* withdrawn is outside the reconciliation (read = loaded + updated +
 * duplicate + rejected): rows of a replaced load the file no longer
 * yields (--reprocess). */
struct pd_file_counts {
    int64_t read, loaded, updated, duplicate, rejected, withdrawn;
};

/* What an abandoned run's error says when it had none of its own. */
#define PD_LEDGER_ABANDONED                                             \
    "the process ended without finishing the run (killed, or the host " \
    "went down)"

/* Start and finish a run row of `prodops ingest` (each its own
 * transaction).  Begin first marks the job's dead runs abandoned
 * (pd_ledger_run_abandon), then names the session after the new row
 * ("prodops ingest run 12", in application_name): the session is what
 * tells a live run from a dead one, on any host, as it ends with the
 * process.  Finish records the status and the run's first error (NULL
 * when none). */
int pd_ledger_run_begin(PGconn *conn, const char *job, int64_t *run_id,
                        struct pd_err *err);
int pd_ledger_run_finish(PGconn *conn, int64_t run_id, const char *status,
                         const char *stats_json, const char *error,
                         struct pd_err *err);

/* Runs of job (not job runs: their lock decides, pd_ledger_job_abandon)
 * still 'running' whose session is gone from pg_stat_activity become
 * 'abandoned' with PD_LEDGER_ABANDONED.  Returns how many, or -1. */
int pd_ledger_run_abandon(PGconn *conn, const char *job, struct pd_err *err);

/* A loaded file with this raw path (any bytes, compared as bytea: names
 * need not be UTF-8), size and mtime: 1 found (sha filled), 0 not.  Lets a
 * re-run with nothing new skip hashing. */
int pd_ledger_find_stat(PGconn *conn, const char *path, int64_t size,
                        int64_t mtime_ns, char sha[65], struct pd_err *err);

/* A loaded file with this SHA-256: 1 found (*file_id, loaded_at as
 * "YYYY-MM-DD HH:MM" UTC, its kind or ""), 0 not. */
int pd_ledger_find_sha(PGconn *conn, const char *sha, int64_t *file_id,
                       char loaded_at[40], char kind[16], struct pd_err *err);

/* --reprocess: mark the loaded file file_id 'reprocessed' (inside the
 * caller's transaction, before pd_ledger_file_begin() inserts the load
 * that replaces it: one loaded row per content).  Returns 1, or 0 when it
 * is no longer 'loaded' (another run reprocessed it meanwhile). */
int pd_ledger_file_supersede(PGconn *conn, int64_t file_id, struct pd_err *err);

/* Insert the files row of a load in progress (inside the caller's
 * transaction).  Returns 1 inserted, 0 when another process loaded the same
 * content meanwhile (the transaction is then aborted; roll it back). */
int pd_ledger_file_begin(PGconn *conn, const struct pd_file_info *fi,
                         int64_t run_id, int64_t *file_id, struct pd_err *err);

/* Store the final counts of a loaded file, and what reading it found out
 * (source, kind, profile, encoding: unknown when the row was inserted). */
int pd_ledger_file_finish(PGconn *conn, int64_t file_id,
                          const struct pd_file_info *fi,
                          const struct pd_file_counts *n,
                          const char *warnings_json, double seconds,
                          struct pd_err *err);

/* Record a file rejected as a whole, with its reason (own statement, run
 * outside the failed load's transaction). */
int pd_ledger_file_rejected(PGconn *conn, const struct pd_file_info *fi,
                            int64_t run_id, const char *reason,
                            const struct pd_file_counts *n, int64_t *file_id,
                            struct pd_err *err);

/* ---- job runs (issue 6, migration 009) ----------------------------------
 * A job run is one runs row per attempt, with trigger, scheduled_for,
 * attempt, host and pid set; history and catch-up read only such rows. */

struct pd_job_run_info {
    const char *job;
    const char *trigger;   /* "manual", "schedule" or "catchup" */
    int64_t scheduled_for; /* UTC µs: the instant the run is for */
    int attempt;           /* 1, 2, ... */
    const char *host;
    long pid;
};

int pd_ledger_job_begin(PGconn *conn, const struct pd_job_run_info *ri,
                        int64_t *run_id, struct pd_err *err);

/* Finish a job run: status (ok, rejects, failed, interrupted), stats JSON,
 * the error (NULL when none) and the outputs as a JSON array of paths. */
int pd_ledger_job_finish(PGconn *conn, int64_t run_id, const char *status,
                         const char *stats_json, const char *error,
                         const char *outputs_json, struct pd_err *err);

/* Runs of job still 'running' whose process is gone become 'abandoned'.
 * Call it holding the job's lock (load/lock.h): then no live process can
 * own such a row.  Returns how many, or -1. */
int pd_ledger_job_abandon(PGconn *conn, const char *job, struct pd_err *err);

/* The latest instant a finished run (ok, rejects or failed: not
 * interrupted or abandoned, which are redone) of job was for: 1 with
 * *scheduled_for, 0 when the job never finished a run. */
int pd_ledger_job_last(PGconn *conn, const char *job, int64_t *scheduled_for,
                       struct pd_err *err);

/* The history as a JSON array, newest first (job NULL: all jobs), and
 * each job's latest run as a JSON object keyed by job, appended to out. */
int pd_ledger_job_history(PGconn *conn, const char *job, long limit,
                          struct pd_buf *out, struct pd_err *err);
int pd_ledger_job_latest(PGconn *conn, struct pd_buf *out, struct pd_err *err);

/* Retention (load/sql/jobs_prune.sql): marks the runs whose outputs go
 * and returns the files to delete: *paths is owned by caller (free each
 * string, then the array).  Returns 0 / -1. */
int pd_ledger_job_prune(PGconn *conn, const char *job, int keep, int keep_days,
                        int64_t now, char ***paths, size_t *n,
                        struct pd_err *err);

#endif
