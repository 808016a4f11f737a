/*
 * experiment_portfolio - the quarter's experiments in aggregate (issue 16):
 * every configured experiment that ran in the quarter with its product
 * area, duration, decision and effect, and the win rate, the median time
 * to decision, the experiments per area and those stopped by a guardrail.
 * Each experiment's numbers are its readout's (experiment_report.h) as of
 * the quarter's last day or the default as-of day, whichever is first.
 *
 * The weekly report's "experiments" block and the OKR review's
 * "experiment_decisions" are built here too, from the same readouts, so
 * the three never disagree.
 *
 * Ownership: the experiments and settings are borrowed; written paths
 * join *out (pd_report_outputs_release()); JSON is appended to the
 * caller's buffer.
 * Errors: -1 with *err: PD_E_USAGE for a bad quarter, PD_E_DB, PD_E_IO.
 * Limits: one readout per experiment (64 at most, the configuration's
 * limit); the document holds one row each.  Each readout is a transaction
 * of its own (it fills two temporary tables), so these functions are
 * called outside a report's read-only snapshot, never inside one.
 */
#ifndef PD_EXPERIMENT_PORTFOLIO_H
#define PD_EXPERIMENT_PORTFOLIO_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "reports/experiment.h"
#include "reports/period.h"
#include "reports/report.h"

/* experiments-YYYYQn.json, .md, .html and .xlsx in out_dir for quarter
 * (YYYYQn; NULL: the current one) in zone.  An experiment's area is the
 * first [areas] area whose event: items match its primary metric's event
 * ("unassigned" when none does). */
int pd_experiment_portfolio(PGconn *conn, const struct pd_experiment *xs,
                            size_t n, const struct pd_report_settings *s,
                            const char *quarter, const char *zone,
                            const char *out_dir, int64_t now,
                            struct pd_report_outputs *out, struct pd_err *err);

/* The weekly report's "experiments" block (issue 16): a JSON array with
 * one object per experiment of xs whose days overlap [first_day,
 * last_day] (local days of zone since 1970-01-01: start <= last_day and
 * no end or end >= first_day), each from its readout as of
 * min(last_day, SPEC §9's default as-of day): name, slug, flag, status
 * ("running" for keep running, "ready to call" for ship and no effect,
 * "stopped" for stop, "srm"), decision, winner, stopped_by and
 * stopped_by_guardrail, primary and the primary result's lift_rel,
 * lift_rel_ci_low, lift_rel_ci_high and p_value_holm (the winner's, else
 * the first treatment's), users (every assigned user), start, end, as_of,
 * days_running (start to min(end, as-of), whole days), days_left, mde,
 * method, srm_p.  "[]" when none overlaps. */
int pd_experiment_week_json(PGconn *conn, const struct pd_experiment *xs,
                            size_t n, const char *zone, int64_t first_day,
                            int64_t last_day, int64_t now, struct pd_buf *out,
                            struct pd_err *err);

/* The OKR review's "experiment_decisions" (issue 16): a JSON array, one
 * object per experiment that ran in quarter q, the portfolio's rows of
 * pd_experiment_portfolio() cut to name, slug, area, decision, decided_on
 * (the last day of the readout's data, min(end, as-of), for ship, stop and
 * no effect; null while undecided), winner, stopped_by, primary, lift_rel
 * and its interval, users and duration_days.  "[]" when none ran. */
int pd_experiment_decisions_json(PGconn *conn, const struct pd_experiment *xs,
                                 size_t n, const struct pd_report_settings *s,
                                 const struct pd_quarter *q, int64_t now,
                                 struct pd_buf *out, struct pd_err *err);

#endif
