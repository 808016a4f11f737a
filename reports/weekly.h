/*
 * weekly - the weekly leadership report's numbers (SPEC §6) as the JSON
 * document of SPEC §7: every metric family computed set-based by its own
 * reports/sql/weekly_<family>.sql, for the week and the week before, plus
 * account health and the data-quality line.  Every other output (XLSX,
 * Markdown, text) is rendered from this document, never recomputed.
 *
 * Ownership: the document is appended to the caller's buffer.
 * Errors: -1 with *err (PD_E_DB) when a query fails.
 * Limits: one query per family and week; the server does the work.
 */
#ifndef PD_WEEKLY_H
#define PD_WEEKLY_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "reports/period.h"
#include "reports/support.h"

/* Append one metric family's JSON object over [start, end) in zone:
 * family is "tickets", "nps" or "usage" (reports/sql/weekly_<family>.sql;
 * trend adds the 13 weeks ending at end), "accounts" (health as of end) or
 * "quality" (the data-quality line: files, rejects, data_through and
 * stale sources as of end).  The OKR review reuses them.
 * support: [business_hours] and [sla] for the tickets' support-operations
 * metrics (NULL: none, those metrics are null); borrowed for the call. */
int pd_weekly_family(PGconn *conn, const char *family, int64_t start,
                     int64_t end, const char *zone, bool trend,
                     const struct pd_support *support, struct pd_buf *out,
                     struct pd_err *err);

/* now: the generation time (UTC µs), written as generated_at; support as
 * for pd_weekly_family().  requests_gained (issue 17): the five feature
 * requests asked most this week by the rules of requests_file (NULL:
 * none; reports/requests.h).  experiments (issue 16): the JSON array of
 * pd_experiment_week_json(), written as the document's last key,
 * "experiments"; NULL (no [experiment] configured): no such key.  It is
 * built by the caller before this call, outside the report's snapshot: a
 * readout fills temporary tables, which a read-only snapshot refuses to
 * create. */
int pd_weekly_json(PGconn *conn, const struct pd_period *p,
                   const struct pd_support *support, const char *requests_file,
                   const char *experiments, int64_t now, struct pd_buf *out,
                   struct pd_err *err);

#endif
