/*
 * handoff - the PM handoff package (SPEC §7): for one product area and
 * period, a folder of tickets.csv, nps_verbatims.csv, usage_by_feature.csv,
 * accounts.csv, trend.csv (13 weeks of the area's volumes),
 * handoff-<area>.xlsx with the same five tables as sheets,
 * handoff-<area>.json (period, area, row counts, the area's feature
 * requests: issue 17) and a README.md data dictionary.
 *
 * Each dataset is one set-based query (reports/sql/handoff_<dataset>.sql)
 * streamed row by row (load/db_rows.h) into its CSV and its sheet at
 * once; free text is redacted (transform/redact.h) and requesters become
 * pseudonymous ids ("p-" and 16 hex digits, as letters a-p, of HMAC-SHA256 of
 * the lower-case email under the workspace secret, load/workspace.h) on the
 * way.  Emails and email domains are never selected for output.  The folder is
 * built under a temporary name and renamed into place, so it is complete or
 * absent; an older folder of the same name is replaced.
 *
 * Ownership: pd_handoff_new() returns a heap writer freed with
 * pd_handoff_free() (NULL accepted); it borrows the connection and the
 * options, which must outlive it.  Areas are borrowed per call.  The
 * writer holds one read-only REPEATABLE READ transaction on the connection
 * from pd_handoff_new() to pd_handoff_free() (reports/snapshot.h): every
 * query made on the connection in between, the caller's included, sees one
 * state of the warehouse.
 * Errors: -1 with *err: PD_E_DB for a query, PD_E_IO for the file system
 * (the temporary folder is removed), PD_E_USAGE for a bad period,
 * PD_E_LIMIT when a text cannot be redacted (fail closed: nothing is
 * written unredacted).
 * Limits: memory does not grow with row counts; a sheet keeps 1,048,575
 * rows (the CSV keeps all, the README says when rows were left out); area
 * folder names are at most 64 characters of slug.
 */
#ifndef PD_HANDOFF_H
#define PD_HANDOFF_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "reports/hygiene.h"
#include "reports/period.h"

/* What belongs to an area: tickets whose product_area is one of
 * product_areas (case-insensitive) or whose themes meet themes; NPS
 * responses whose themes meet themes; usage of events matching events
 * (exact names, or a prefix when the name ends in '*'). */
struct pd_handoff_area {
    const char *name;
    const char *const *product_areas;
    size_t nproduct_areas;
    const char *const *themes;
    size_t nthemes;
    const char *const *events;
    size_t nevents;
};

struct pd_handoff_opts {
    const struct pd_period *period;
    const char *out_dir;     /* folders go in here (it must exist) */
    const char *area_source; /* README: where the areas came from */
    bool no_redact;          /* --no-redact: free text as exported */
    int64_t now;             /* generation time, UTC µs */
    /* [product_areas] aliases widen each area to the names shown as it;
     * [usage] ignore_events leave usage_by_feature.  NULL: none. */
    const struct pd_hygiene *hygiene;
    /* [requests] file: the request rules (issue 17: each folder's JSON and
     * README list the area's feature requests; reports/requests.h), or
     * NULL: none. */
    const char *requests_file;
};

/* What one folder holds. */
struct pd_handoff_counts {
    size_t tickets, verbatims, features, accounts;
};

/* The folder-name form of an area name into out[n] (n >= 5): ASCII
 * letters and digits lower-cased, every other run of bytes one '-', no '-'
 * at either end, at most 64 characters; "area" when nothing is left.
 * Returns out. */
char *pd_handoff_slug(const char *name, char *out, size_t n);

/* Append the SQL LIKE pattern of an area event to out: '\', '%' and '_'
 * escaped with '\', a trailing '*' made '%'. */
void pd_handoff_like(const char *glob, struct pd_buf *out);

/* Append items as a PostgreSQL array literal ({"a","b\"c"}) to out. */
void pd_handoff_array(const char *const *items, size_t n, struct pd_buf *out);

/* The distinct non-empty product_area values (case-insensitively; the
 * first spelling in sort order) of the tickets created in the period, an
 * alias of hygiene (may be NULL) counted as the name it is shown as:
 * the areas when none are configured.  *names is a heap array of heap
 * strings; free with pd_handoff_names_free(). */
int pd_handoff_ticket_areas(PGconn *conn, const struct pd_period *p,
                            const struct pd_hygiene *hygiene, char ***names,
                            size_t *n, struct pd_err *err);
void pd_handoff_names_free(char **names, size_t n);

struct pd_handoff;

/* Read (or make) the workspace secret, compile the redactor, then begin
 * the snapshot (the connection must be idle, outside a transaction). */
struct pd_handoff *pd_handoff_new(PGconn *conn,
                                  const struct pd_handoff_opts *opts,
                                  struct pd_err *err);
void pd_handoff_free(struct pd_handoff *h);

/* Write the area's folder; its path goes to dir[n], its row counts to *c. */
int pd_handoff_write(struct pd_handoff *h, const struct pd_handoff_area *a,
                     char *dir, size_t n, struct pd_handoff_counts *c,
                     struct pd_err *err);

#endif
