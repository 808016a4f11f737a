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
 * Ownership: the caller owns conn, p, h and out, and the struct
 * pd_attention pd_attention_read() makes, until pd_attention_free().
 * Errors: pd_attention_read() and pd_attention_write() return -1 with
 * *err (PD_E_DB) when a query fails (out then holds a partial document
 * the caller discards).
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
#include "reports/snapshot.h"

/* How a dimension is named in a sentence ("product_area" -> "product
 * area"); an unknown name is returned as is. */
const char *pd_attention_dim_label(const char *dim);

/* SPEC §6 "As of": each family's data_through and the first day of its
 * data, tickets, NPS and usage, as day numbers (days since 1970-01-01;
 * -1: no data), as reports/sql/data_through.sql has them (the weekly
 * report reads them with its quality line, weekly_quality.sql). */
struct pd_att_dates {
    int64_t through[3], first[3];
};

/* The weekly document's attention in two steps, so that the caller can
 * start other work between them (the server is done after the first,
 * but for the evidence): pd_attention_read() appends
 * ",\n  \"data_through\": {...}" to out and reads, judges and ranks every
 * family's facts for the week of p (h: the [usage] ignore_events left
 * out of adoption and event breakdowns, NULL: none; dates: each family's
 * data_through and first day, read in the same snapshot, which is the
 * caller's still), *att the caller's to free;
 * pd_attention_write() then appends ",\n  \"attention\": [...]" (best
 * first, evidence redacted, read on conn), ",\n  \"inside_noise\": [...]",
 * ",\n  \"left_out\": {...}" (the baseline weeks the data does not cover,
 * per family) and ",\n  \"usage_falls\": [...]" (the accounts whose
 * active users fell most against their own baselines).  Both return 0,
 * or -1 with *err (read leaves *att NULL). */
struct pd_attention;
int pd_attention_read(PGconn *conn, const struct pd_period *p,
                      const struct pd_hygiene *h,
                      const struct pd_att_dates *dates, struct pd_buf *out,
                      struct pd_attention **att, struct pd_err *err);
int pd_attention_write(PGconn *conn, const struct pd_period *p,
                       const struct pd_attention *att, struct pd_buf *out,
                       struct pd_err *err);
/* The weekly family's 13-week trend from what the attention's statements
 * counted, appended to out as the family's query would write it (SPEC §6:
 * oldest week first): family "tickets" the tickets created and solved per
 * week, "usage" the active users.  -1 (out untouched) for another family
 * or an attention read without those statements. */
int pd_attention_trend_json(const struct pd_attention *att, const char *family,
                            struct pd_buf *out);

/* NULL is fine. */
void pd_attention_free(struct pd_attention *att);

#endif
