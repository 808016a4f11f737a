/*
 * okr - the quarterly OKR review's numbers (SPEC §6 "OKRs") as a JSON
 * document: each key result's actual over the quarter to date, progress,
 * status and week-by-week trajectory, and the headline metric families
 * for the quarter to date and the same span of the quarter before.  The
 * numbers come from the weekly report's metric SQL (pd_weekly_family()),
 * run over other periods, never from a second copy of the definitions.
 *
 * Ownership: key results are plain data owned by the caller (the config);
 * the document is appended to the caller's buffer.
 * Errors: -1 with *err (PD_E_DB) when a query fails.
 * Limits: one set of family queries per week of the quarter (at most 14)
 * for the families the key results use, plus one for data_through.
 */
#ifndef PD_OKR_H
#define PD_OKR_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "reports/period.h"
#include "reports/support.h"

struct pd_okr_kr {
    char *name;      /* the section name: [okr "NAME"] */
    char *quarter;   /* "2026Q4" */
    char *metric;    /* a SPEC §6 metric, adoption:<event>, red_accounts */
    char *direction; /* ">=" or "<=" */
    char *owner;     /* may be NULL */
    double target, baseline;
    bool has_target, has_baseline;
};

/* Is metric one a key result may name?  The names are SPEC §6's
 * (tickets_created ... stickiness), adoption:<event name>, red_accounts. */
bool pd_okr_metric_known(const char *metric);

/* SPEC §6's metric names, comma-separated (without adoption:<event>),
 * for --help. */
const char *pd_okr_metric_list(void);

/* SPEC §6: "met", "at risk" (within 10 % of the target), "off track", or
 * "no data" when there is no actual.  (The review itself says "stale"
 * instead for a window metric of a stale family: pd_okr_window_metric().) */
const char *pd_okr_status(const struct pd_okr_kr *kr, bool has_actual,
                          double actual);

/* Progress % = (actual - baseline) / (target - baseline), capped at 100
 * but not at 0 (SPEC §6: a key result that went backwards is negative);
 * false (null) without a baseline or an actual.  A target equal to its
 * baseline is 100 when met, else 0. */
bool pd_okr_progress(const struct pd_okr_kr *kr, bool has_actual, double actual,
                     double *pct);

/* Is the actual on the wrong side of the baseline (below it for >=, above
 * it for <=)?  The review then says "below baseline".  False without a
 * baseline or an actual. */
bool pd_okr_below_baseline(const struct pd_okr_kr *kr, bool has_actual,
                           double actual);

/* Is metric a window metric (wau, mau, stickiness: users in the days
 * ending at the end of the period), which a stale family cannot judge? */
bool pd_okr_window_metric(const char *metric);

/* The review of quarter q for the key results of krs whose quarter is
 * q->label.  now: the generation time, written as generated_at; it also
 * decides SPEC §6's "as of": each family (tickets, NPS, usage) has a
 * data_through day (its newest data, capped at yesterday), its quarter to
 * date ends with that day, its trajectory has the weeks the data covers
 * completely, and a family more than 7 days old whose data stops short of
 * to_date is stale ("stale": its window metrics get status "stale" and a
 * null progress).  red_accounts reads health as of the earliest of the
 * three days.  support: as for pd_weekly_family() (NULL: none).
 * "launches" lists the launches released in the quarter up to today, each
 * with its adoption (reports/launch.h, pd_launch_headlines_json());
 * requests_top (issue 17): the quarter's ten feature requests with the
 * most ARR at stake, by the rules of requests_file (NULL: none;
 * reports/requests.h).  experiment_decisions (issue 16): the JSON array
 * of pd_experiment_decisions_json(), built by the caller outside the
 * review's snapshot, written after "launches"; NULL (no [experiment]
 * configured): no such key. */
int pd_okr_json(PGconn *conn, const struct pd_quarter *q,
                const struct pd_okr_kr *krs, size_t nkrs,
                const struct pd_support *support, const char *requests_file,
                const char *experiment_decisions, int64_t now,
                struct pd_buf *out, struct pd_err *err);

#endif
