/*
 * file - load one export file: the per-file protocol of SPEC §4-5.
 *
 * pd_file_load() skips a file whose content was loaded before (same raw
 * path, size and mtime, else same SHA-256) unless asked to reprocess it
 * (the new load then replaces the earlier one; a usage file's earlier
 * events are taken out and its rollup days recomputed).  Otherwise, in one
 * transaction, it inserts the file's ledger row, reads the file through the
 * extract stream and the transform stage (extract/stream.h, transform/rows.h),
 * COPYs the rows straight into the core table on a source's first load
 * or into a staging table that is then merged (load/stage.h), spools the
 * rejects, and commits the ledger row with counts that reconcile (read =
 * new + updated + duplicate + rejected).  It tries again until the file
 * settles: a direct load that met a repeated key goes through staging, a
 * file whose day/month order the data contradicts is read in the other
 * order.  A corrupt archive member is taken back whole and becomes one
 * reject; the other members load.  A file whose rejects exceed
 * max_reject_ratio, or that cannot be parsed, is rolled back and recorded
 * as rejected with its reason and row rejects.  A file the system cannot
 * read (permissions, I/O error) is reported as unreadable and not
 * recorded.  A kill at any point leaves the warehouse as it was before
 * the file.  pd_file_check() reads and transforms a file the same way
 * without a database (prodops check, the benchmark).
 *
 * Ownership: the result is caller-owned plain data; the connection, the
 * options and what they point to are borrowed for the call.
 * Errors: pd_file_load() returns 0 when the file got an outcome (loaded,
 * skipped, rejected, unreadable) and -1 with *err only for environment
 * failures (database gone, disk full, a bad configured profile) that
 * should stop the run.  pd_file_check() returns -1 with *err (and
 * r->reason) for a file that cannot be read or parsed.
 * Limits: memory is flat in file size: one row at a time, rejects spooled
 * to a temporary file; at most 64 corrupt members are taken back per
 * file (then the file is rejected).
 */
#ifndef PD_FILE_H
#define PD_FILE_H

#include <libpq-fe.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"
#include "extract/source.h"
#include "extract/stream.h"
#include "load/ledger.h"
#include "transform/row.h"
#include "transform/rows.h"

/* PD_FILE_UNREADABLE: the file could not be read (permissions, I/O error,
 * gone, not a regular file): an environment failure, not recorded in
 * prodops.files; reason says why.  The caller exits 4 (SPEC §5). */
enum pd_file_outcome {
    PD_FILE_LOADED,
    PD_FILE_SKIPPED,
    PD_FILE_REJECTED,
    PD_FILE_UNREADABLE
};

struct pd_file_result {
    char path[PATH_MAX];  /* as given: the bytes the file system knows */
    char shown[PATH_MAX]; /* printable (common/printable.h), as stored */
    char name[256];       /* printable basename */
    enum pd_file_outcome outcome;
    int64_t file_id;
    char profile[64];
    char source[64];
    char kind[16];
    char encoding[16];
    struct pd_file_counts n;
    struct pd_row_stats stats;
    struct pd_source_doubts doubts; /* characters decoded against the label */
    double seconds;
    int64_t reprocess_of; /* the earlier load this one replaced, or 0 */
    char reason[768];     /* rejected: why; skipped: already loaded as ... */
    char hint[256];       /* rejected: what to do about it, if known */
};

/* Called while a file is read, every 65 536 records and once at its end
 * (done): the caller may draw a progress line.  bytes_done and
 * bytes_total are the file's (extract/source.h). */
typedef void pd_file_progress_fn(void *ctx, const struct pd_file_result *r,
                                 uint64_t bytes_done, uint64_t bytes_total,
                                 double seconds, bool done);

struct pd_file_opts {
    struct pd_stream_opts stream; /* extract: how members are read */
    struct pd_rows_opts rows;     /* transform: profile, zone, order, ... */
    const char *source;           /* the rows' source (else the profile's) */
    double max_reject_ratio;
    bool reprocess; /* read files loaded before again (issue 13) */
    pd_file_progress_fn *progress; /* NULL: none */
    void *progress_ctx;
};

const char *pd_file_outcome_name(enum pd_file_outcome o);

int pd_file_load(PGconn *conn, const struct pd_file_opts *o, int64_t run_id,
                 const char *path, struct pd_file_result *r,
                 struct pd_err *err);

/* Read and transform a file without a database: r gets the counts a load
 * would see (loaded = rows that would be staged).  With o->rows.parse_only
 * the records are only counted.  The day/month order is never restarted. */
int pd_file_check(const struct pd_file_opts *o, const char *path,
                  struct pd_file_result *r, struct pd_err *err);

#endif
