/*
 * experiment - an experiment as prodops.conf configures it (SPEC §9,
 * [experiment "NAME"]) and the pure rules of its readout: the keys and
 * their checks, the metric names, the slug, and the decision.  The
 * readout's numbers are built in reports/experiment_report.h.
 *
 * Ownership: struct pd_experiment owns its strings and lists; release with
 * pd_experiment_release() (a zeroed struct is valid to release).
 * Errors: pd_experiment_set() and pd_experiment_check() return -1 with a
 * one-line message (no file or line: jobs/config.c adds them).
 * Limits: 16 variants in weights, 16 secondary metrics and 16 guardrails;
 * names of at most 200 bytes.
 */
#ifndef PD_EXPERIMENT_H
#define PD_EXPERIMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { PD_EXP_MAX_VARIANTS = 16, PD_EXP_MAX_METRICS = 16 };

/* SPEC §9's metrics, per assigned user over their window. */
enum pd_exp_metric_kind {
    PD_EXP_CONVERSION, /* conversion:<event>: 1 with such an event, else 0 */
    PD_EXP_COUNT,      /* count:<event>: the number of such events */
    PD_EXP_TICKETS,    /* tickets the user's email opened */
    PD_EXP_DETRACTOR,  /* 1 if the user's email answered NPS 0-6 */
};

struct pd_experiment {
    char *name;    /* [experiment "NAME"] */
    char *flag;    /* the vendor's key (default: the name) */
    char *control; /* the control variant (default "control") */
    /* weights = control:50, treatment:50 (none: equal over the variants
     * seen); the variants listed are the experiment's, in this order. */
    char *variants[PD_EXP_MAX_VARIANTS];
    double weights[PD_EXP_MAX_VARIANTS];
    size_t nvariants;
    int64_t start_day, end_day; /* days since 1970-01-01; end inclusive */
    bool has_start, has_end;
    int window_days; /* default 14 */
    char *primary;
    char *secondary[PD_EXP_MAX_METRICS];
    size_t nsecondary;
    char *guardrails[PD_EXP_MAX_METRICS];
    size_t nguardrails;
    double mde; /* relative (0.05 = 5 %); 0: none */
    bool sequential, cuped;
    long line; /* the section's first line, for messages */
};

/* Set key to v.  0, or -1 with msg: an unknown key, a bad value. */
int pd_experiment_set(struct pd_experiment *x, const char *key, const char *v,
                      char *msg, size_t n);

/* After the section: what every experiment needs (start, primary), and
 * that weights name the control.  Fills the defaults.  0 or -1 with msg. */
int pd_experiment_check(struct pd_experiment *x, char *msg, size_t n);

void pd_experiment_release(struct pd_experiment *x);

/* Is m a SPEC §9 metric (conversion:<event>, count:<event>, tickets,
 * detractor)?  Its kind and event name (borrowed from m; NULL for tickets
 * and detractor) when it is. */
bool pd_exp_metric_parse(const char *m, enum pd_exp_metric_kind *kind,
                         const char **event);

/* Lower is better: tickets and detractor (SPEC §9's guardrails). */
bool pd_exp_metric_lower_better(const char *m);

/* SPEC §9: the name lowercased, each run of other characters than a-z
 * and 0-9 one '-', none at either end ("New Onboarding!" ->
 * "new-onboarding"); "experiment" when nothing is left. */
void pd_experiment_slug(const char *name, char *out, size_t n);

/* One (variant, metric) test as the decision reads it. */
struct pd_exp_test {
    bool primary, guardrail;
    bool lower_better;
    double diff;      /* treatment - control */
    bool significant; /* after Holm */
};

/* SPEC §9's decision, in this order: "srm" when srm (a mismatch whose
 * verdict applies), "stop" when the primary or a guardrail is
 * significantly worse, "keep running" when the planned sample is not
 * reached, "ship" when the primary is significantly better, else "no
 * effect".  A static string. */
const char *pd_exp_decide(bool srm, const struct pd_exp_test *tests, size_t n,
                          bool planned_reached);

#endif
