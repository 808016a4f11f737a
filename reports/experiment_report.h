/*
 * experiment_report - an experiment's readout (SPEC §9) as a JSON document
 * and its files: experiment-<slug>.json, .md, .html and .xlsx.  The SQL
 * assigns the exposed people and computes every person's metric values
 * set-based (reports/sql/experiment_*.sql); the statistics are
 * reports/exp_stats.h's, the decision reports/experiment.h's.
 *
 * Ownership: the experiment is borrowed; the document is appended to the
 * caller's buffer; written paths join *out (pd_report_outputs_release()).
 * Errors: -1 with *err: PD_E_DB when a query fails, PD_E_IO for a file.
 * Limits: the configured variants (16) and metrics (33); the statistics
 * hold one row of sums per variant and metric, the daily series one row
 * per day from the start to the as-of day (at most a few hundred).  Two
 * temporary tables per session (exp_people, exp_values), remade by each
 * readout.
 */
#ifndef PD_EXPERIMENT_REPORT_H
#define PD_EXPERIMENT_REPORT_H

#include <libpq-fe.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "reports/experiment.h"
#include "reports/report.h"

/* The readout of x as of the local day as_of_day (days since 1970-01-01,
 * in zone; -1: SPEC §9's default, min(today, the usage data_through)).
 * now: the generation time (UTC µs). */
int pd_experiment_json(PGconn *conn, const struct pd_experiment *x,
                       const char *zone, int64_t as_of_day, int64_t now,
                       struct pd_buf *out, struct pd_err *err);

/* SPEC §9's default as-of day: min(today, the usage data_through), local
 * days of zone since 1970-01-01. */
int pd_experiment_default_as_of(PGconn *conn, const char *zone, int64_t now,
                                int64_t *as_of, struct pd_err *err);

/* pd_experiment_json() and its files in out_dir (created when missing):
 * experiment-<slug>.json, .md, .html, .xlsx, each written aside and
 * renamed into place. */
int pd_experiment_report(PGconn *conn, const struct pd_experiment *x,
                         const struct pd_report_settings *s, const char *zone,
                         int64_t as_of_day, const char *out_dir, int64_t now,
                         struct pd_report_outputs *out, struct pd_err *err);

/* The Markdown and HTML readouts of a document of pd_experiment_json():
 * the decision in the first line. */
struct pd_doc;
void pd_experiment_md(const struct pd_doc *doc, struct pd_buf *out);
void pd_experiment_html(const struct pd_doc *doc, struct pd_buf *out);

#endif
