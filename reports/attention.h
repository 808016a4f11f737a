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
 * pd_attention pd_attention_begin() makes, until pd_attention_free().
 * Errors: the statements' are their run's (reports/snapshot.h);
 * pd_attention_write() returns -1 with *err (PD_E_DB) when its query
 * fails (out then holds a partial document the caller discards).
 * Limits: evidence is redacted as the PM handoff redacts it; a text that
 * cannot be redacted is left out (fail closed).
 */
#ifndef PD_ATTENTION_H
#define PD_ATTENTION_H

#include <libpq-fe.h>

#include "common/buf.h"
#include "common/err.h"
#include "reports/attention_facts.h"
#include "reports/attention_judge.h"
#include "reports/hygiene.h"
#include "reports/period.h"
#include "reports/snapshot.h"

/* How a dimension is named in a sentence ("product_area" -> "product
 * area"); an unknown name is returned as is. */
const char *pd_attention_dim_label(const char *dim);

/* The weekly document's attention in three steps, so that its statements
 * run among the caller's (issue 15):
 * - pd_attention_begin() writes the families' statements for the week of
 *   p to st (at most PD_ATT_MAXSTMT; *nst their count), each sent once
 *   the caller's statement `after` has ended, with the dates dates_of()
 *   reads from its result (pd_attention_facts_begin(): after is 1 + its
 *   index in the caller's array; h the [usage] ignore_events left out of
 *   adoption and event breakdowns, NULL: none); the caller runs them with
 *   its own (pd_report_snapshot_run()) and owns *att until
 *   pd_attention_free();
 * - pd_attention_end() takes their results (res, in st's order; NULL
 *   when the run failed, and then does nothing more), appends
 *   ",\n  \"data_through\": {...}" to out (the dates the statements ran
 *   with), and judges and ranks every family's facts;
 * - pd_attention_write() then appends ",\n  \"attention\": [...]" (best
 *   first, evidence redacted, read on conn, which must still be in the
 *   snapshot), ",\n  \"inside_noise\": [...]", ",\n  \"left_out\": {...}"
 *   (the baseline weeks the data does not cover, per family) and
 *   ",\n  \"usage_falls\": [...]" (the accounts whose active users fell
 *   most against their own baselines): 0, or -1 with *err. */
struct pd_attention;
struct pd_attention *pd_attention_begin(const struct pd_period *p,
                                        const struct pd_hygiene *h,
                                        size_t after, pd_att_dates_fn *dates_of,
                                        struct pd_report_stmt *st, size_t *nst);
void pd_attention_end(struct pd_attention *att, PGresult **res,
                      struct pd_buf *out);
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
