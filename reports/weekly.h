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
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "reports/period.h"

/* now: the generation time (UTC µs), written as generated_at. */
int pd_weekly_json(PGconn *conn, const struct pd_period *p, int64_t now,
                   struct pd_buf *out, struct pd_err *err);

#endif
