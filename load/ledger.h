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

#include "common/err.h"

struct pd_file_info {
    const char *sha256;
    const char *name; /* display name (basename) */
    const char *path;
    int64_t size;
    int64_t mtime_ns;
    const char *source;
    const char *kind;
    const char *profile;
    const char *encoding;
};

struct pd_file_counts {
    int64_t read, loaded, updated, duplicate, rejected;
};

/* Start and finish a run row (its own transaction). */
int pd_ledger_run_begin(PGconn *conn, const char *job, int64_t *run_id,
                        struct pd_err *err);
int pd_ledger_run_finish(PGconn *conn, int64_t run_id, const char *status,
                         const char *stats_json, struct pd_err *err);

/* A loaded file with this path, size and mtime: 1 found (sha filled),
 * 0 not.  Lets a re-run with nothing new skip hashing. */
int pd_ledger_find_stat(PGconn *conn, const char *path, int64_t size,
                        int64_t mtime_ns, char sha[65], struct pd_err *err);

/* A loaded file with this SHA-256: 1 found (*file_id, loaded_at as
 * "YYYY-MM-DD HH:MM" UTC), 0 not. */
int pd_ledger_find_sha(PGconn *conn, const char *sha, int64_t *file_id,
                       char loaded_at[40], struct pd_err *err);

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

#endif
