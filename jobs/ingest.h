/*
 * ingest - load export files into the warehouse, one transaction per file.
 *
 * For each file: skip it when its content was loaded before (same path,
 * size and mtime, else same SHA-256) unless asked to reprocess it (the
 * new load then replaces the earlier one; a usage file's earlier events
 * are taken out and its rollup days recomputed); otherwise read every member, detect
 * the vendor profile from the header, transform each record, COPY the rows
 * into a staging table, spool rejects, merge set-based, and commit the
 * ledger row with counts that reconcile (SPEC §5: read = new + updated +
 * duplicate + rejected).  A file whose rejects exceed max_reject_ratio, or
 * that cannot be parsed at all, is rejected as a whole and recorded with
 * its reason; the other files of the run still load.  A file the system
 * cannot read (permissions, I/O error) is not the file's fault: it is
 * reported as unreadable and not recorded.  Names and paths are stored
 * and printed in printable form (\xHH for bytes that are not UTF-8 or are
 * control characters); the raw path is kept as bytes for the skip check.  A
 * kill at any point leaves the warehouse as it was before that file.
 *
 * Ownership: results are caller-owned plain data.  The connection is
 * borrowed.
 * Errors: pd_ingest_file() returns 0 when the file got an outcome (loaded,
 * skipped, rejected, unreadable) and -1 with *err only for
 * environment failures (database gone, disk) that should stop the run.
 * Limits: memory is flat in file size: one row at a time.
 */
#ifndef PD_INGEST_H
#define PD_INGEST_H

#include <libpq-fe.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"
#include "extract/source.h"
#include "jobs/config.h"
#include "load/ledger.h"
#include "transform/model.h"
#include "transform/row.h"

struct pd_ingest_opts {
    enum pd_kind kind;       /* PD_KIND_NONE: detect from the header */
    const char *source;      /* --source: rows' source and config section */
    const char *profile;     /* --profile: built-in or configured name */
    const char *timezone;    /* zone of naive times (NULL: config) */
    int day_first;           /* -1 unset, 0 month first, 1 day first */
    double max_reject_ratio; /* < 0: from the config */
    bool progress;           /* draw a progress line on stderr */
    /* NPS exports without a response time: this time (UTC µs) stands in
     * for it (--as-of). */
    int64_t as_of;
    bool has_as_of;
    struct pd_themes *themes; /* borrowed; NULL: rows get no themes */
    /* Read files loaded before again (issue 13): the new load replaces
     * the earlier one (load/README.md, "Reprocessing"). */
    bool reprocess;
};

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

const char *pd_file_outcome_name(enum pd_file_outcome o);

/* The encoding for a summary line: "utf-8", or with the count of bytes
 * decoded against it ("utf-8, 3 bytes not UTF-8 read as cp1252").  Returns
 * buf. */
const char *pd_ingest_encoding_label(const struct pd_file_result *r, char *buf,
                                     size_t n);

/* One warning line on stderr when bytes were decoded against the file's
 * encoding label, naming the first line (issue 12.15); nothing otherwise. */
void pd_ingest_warn_doubts(const struct pd_file_result *r);

/* Read and transform a file without a database (prodops check, the
 * benchmark): r gets the counts a load would see (new = rows that would be
 * staged).  parse_only stops after the CSV reader.  0, or -1 with *err for a
 * bad file. */
int pd_ingest_check(const struct pd_config *cfg, const struct pd_ingest_opts *o,
                    const char *path, bool parse_only, struct pd_file_result *r,
                    struct pd_err *err);

int pd_ingest_file(PGconn *conn, const struct pd_config *cfg,
                   const struct pd_ingest_opts *o, int64_t run_id,
                   const char *path, struct pd_file_result *r,
                   struct pd_err *err);

#endif
