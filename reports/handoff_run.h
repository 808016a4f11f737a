/*
 * handoff_run - the PM handoff of a period for every area (or one): the
 * areas ([areas] of the configuration, else each product area of the
 * period's tickets), the check that no two share a folder, then one folder
 * each (reports/handoff.h).  `prodops report handoff` and a job's run both
 * go through pd_handoff_run(); only what they do with each folder differs.
 *
 * Ownership: everything in struct pd_handoff_run is borrowed for the call.
 * Errors: -1 with *err; *bad_areas is set when the error is the choice of
 * areas (an unknown --area, two areas sharing a folder name: PD_E_USAGE),
 * so that the command can print it as misuse.
 * Limits: those of reports/handoff.h.
 */
#ifndef PD_HANDOFF_RUN_H
#define PD_HANDOFF_RUN_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "reports/handoff.h"

struct pd_handoff_run {
    const struct pd_period *period;
    const char *out_dir; /* created when missing and there are areas */
    /* The configured areas ([areas]); none: one per product area of the
     * period's tickets.  area_source names them in the README. */
    const struct pd_handoff_area *areas;
    size_t nareas;
    const char *area_source;
    const char *only_area; /* --area NAME (any case); NULL: every area */
    bool no_redact;
    int64_t now;
    const struct pd_hygiene *hygiene; /* [product_areas], ignore_events */
    const char *requests_file;        /* [requests] file, or NULL */
    /* Called after each folder is in place (may be NULL). */
    void (*wrote)(void *arg, const char *dir,
                  const struct pd_handoff_counts *c);
    void *arg;
};

/* Write the folders.  *nwritten: how many areas there were (0: none, and
 * nothing was written).  0, or -1 with *err (see above). */
int pd_handoff_run(PGconn *conn, const struct pd_handoff_run *r,
                   size_t *nwritten, bool *bad_areas, struct pd_err *err);

#endif
