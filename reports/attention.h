/*
 * attention - the weekly report's "Needs attention" (SPEC §10) as JSON:
 * every headline metric and every breakdown cell of the report week
 * compared with its own baseline of the 13 whole weeks before, ranked, at
 * most five items, with drivers, evidence and accounts.
 *
 * The work is three modules under this one: attention_facts.h reads the
 * families' facts from the warehouse, attention_judge.h judges, splits
 * and ranks them in memory (on attention_stats.h's arithmetic), and this
 * file writes the document's keys and the sentences of the headlines.
 *
 * Ownership: the caller owns conn, p, h and out; nothing is kept.
 * Errors: pd_attention_json() returns -1 with *err (PD_E_DB) when a query
 * fails (out then holds a partial document the caller discards).
 * Limits: evidence is redacted as the PM handoff redacts it; a text that
 * cannot be redacted is left out (fail closed).
 */
#ifndef PD_ATTENTION_H
#define PD_ATTENTION_H

#include <libpq-fe.h>

#include "common/buf.h"
#include "common/err.h"
#include "reports/attention_judge.h"
#include "reports/hygiene.h"
#include "reports/period.h"

/* How a dimension is named in a sentence ("product_area" -> "product
 * area"); an unknown name is returned as is. */
const char *pd_attention_dim_label(const char *dim);

/* Append the weekly document's ",\n  \"data_through\": {...}",
 * ",\n  \"attention\": [...]" (best first, evidence redacted) and
 * ",\n  \"inside_noise\": [...]", ",\n  \"left_out\": {...}" (the
 * baseline weeks the data does not cover, per family) and
 * ",\n  \"usage_falls\": [...]" (the accounts whose active users fell
 * most against their own baselines) for the week of p.  h: the [usage]
 * ignore_events left out of adoption and event breakdowns (NULL: none). */
int pd_attention_json(PGconn *conn, const struct pd_period *p,
                      const struct pd_hygiene *h, struct pd_buf *out,
                      struct pd_err *err);

#endif
