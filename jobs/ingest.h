/*
 * ingest - `prodops ingest`, `prodops check` and a job's files: the
 * command-level options resolved against the configuration, then one call
 * into load/file.h per file.
 *
 * The zone (--tz, the source's, the config's), the day/month order, the
 * reject ratio, the profile (--profile, the source's) and the configured
 * mappings are resolved here, where the configuration lives; reading,
 * transforming and loading the file is load/file.h's (extract ->
 * transform -> load).  This file also draws the progress line and words
 * the encoding of a file's summary line.
 *
 * Ownership: results are caller-owned plain data.  The connection is
 * borrowed.
 * Errors: as pd_file_load() and pd_file_check(): 0 when the file got an
 * outcome, -1 with *err for failures that should stop the run.
 * Limits: memory is flat in file size: one row at a time.
 */
#ifndef PD_INGEST_H
#define PD_INGEST_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"
#include "jobs/config.h"
#include "load/file.h"
#include "transform/model.h"

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
