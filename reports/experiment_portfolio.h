/*
 * experiment_portfolio - the quarter's experiments in aggregate (issue 16):
 * every configured experiment that ran in the quarter with its product
 * area, duration, decision and effect, and the win rate, the median time
 * to decision, the experiments per area and those stopped by a guardrail.
 * Each experiment's numbers are its readout's (experiment_report.h) as of
 * the quarter's last day or the default as-of day, whichever is first.
 *
 * Ownership: the experiments and settings are borrowed; written paths
 * join *out (pd_report_outputs_release()).
 * Errors: -1 with *err: PD_E_USAGE for a bad quarter, PD_E_DB, PD_E_IO.
 * Limits: one readout per experiment (64 at most, the configuration's
 * limit); the document holds one row each.
 */
#ifndef PD_EXPERIMENT_PORTFOLIO_H
#define PD_EXPERIMENT_PORTFOLIO_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "reports/experiment.h"
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

#endif
