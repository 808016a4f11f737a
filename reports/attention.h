/*
 * attention - the weekly report's "Needs attention" (SPEC §10): every
 * headline metric and every breakdown cell of the report week compared
 * with its own baseline of the 13 whole weeks before, noise judged by a
 * Poisson range (counts) or the NPS margin of error, flagged changes split
 * over the other dimensions (for NPS into mix and rate), ranked by
 * |change| / spread, at most five items.
 *
 * The SQL (reports/sql/attention_<family>.sql) only counts, set-based:
 * one row per week and combination of dimension values.  This module does
 * the statistics on those rows in memory, so it is unit-tested without a
 * database; pd_attention_json() runs the queries and writes the JSON.
 *
 * Ownership: a family's facts and strings belong to the caller; items
 * returned by pd_attention_rank() are filled into the caller's array and
 * borrow strings from the family's facts (valid while the facts are).
 * Errors: pd_attention_json() returns -1 with *err (PD_E_DB) when a query
 * fails; the statistics cannot fail.
 * Limits: the 25 largest cells of a dimension are judged (SPEC §10), and
 * at most PD_ATT_NVALUES distinct values of a dimension are kept for the
 * drivers (the rest are summed into no cell).  A ticket counts once per
 * dimension: its theme is its first one.  The count range is the normal
 * approximation mean ± 1.96 · spread, spread = max(sd, √mean): the Poisson
 * interval when the weeks vary as Poisson counts do, wider when they vary
 * more.
 */
#ifndef PD_ATTENTION_H
#define PD_ATTENTION_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"
#include "reports/period.h"

#define PD_ATT_WEEKS   14 /* the report week (0) and the 13 before it */
#define PD_ATT_NDIMS   8  /* dimension columns of a fact */
#define PD_ATT_NVALUES 400
#define PD_ATT_MAXCELL 25 /* SPEC §10: the largest cells of a dimension */
#define PD_ATT_MAXITEM 5
#define PD_ATT_MAXCAND 400 /* flagged cells split into drivers */
#define PD_ATT_NDRIVER 3
#define PD_ATT_NACCT   3
#define PD_ATT_Z95     1.96

enum pd_att_kind {
    PD_ATT_COUNT, /* n per week; Poisson range */
    PD_ATT_NPS,   /* 100 (promoters - detractors) / n; margin of error */
    PD_ATT_RATE   /* 100 promoters / n (CSAT: good of rated); binomial */
};

/* One row of an attention query: the counts of week `week` in one
 * combination of dimension values. */
struct pd_att_fact {
    int week;                      /* 0 = report week, 1-13 before */
    const char *dim[PD_ATT_NDIMS]; /* values; NULL where the family has none */
    const char *account_name;      /* the account of dim "account" */
    double arr;                    /* its ARR, < 0 unknown */
    double n, promoters, detractors;
};

struct pd_att_family {
    const char *metric; /* the headline's key: "tickets_created", "nps" */
    enum pd_att_kind kind;
    bool higher_is_good;
    double min_count; /* SPEC §10: 20 tickets, 30 responses, 50 users */
    const char *dims[PD_ATT_NDIMS]; /* dimension names; NULL: unused column */
    bool covered[PD_ATT_WEEKS];     /* the data covers the week completely */
    const char *week_label[PD_ATT_WEEKS]; /* "2026-W32"; NULL: unknown */
    const struct pd_att_fact *facts;
    size_t nfacts;
};

/* A cell's verdict against its baseline. */
struct pd_att_judgement {
    bool usable;  /* >= 4 usable baseline weeks, this week has a value */
    bool enough;  /* minimum count met by max(this week, baseline) */
    bool outside; /* outside the noise range */
    size_t weeks; /* usable baseline weeks */
    double this_week, baseline, change, spread, lo, hi, score;
    double count, base_count; /* this week's and the baseline's n */
};

struct pd_att_driver {
    const char *dimension, *value;
    const char *name; /* an account's name, else NULL */
    double this_week, baseline, delta;
    double mix, rate;      /* NPS: the two parts of delta */
    double share0, share1; /* the cell's share of the item, before and now */
};

struct pd_att_account {
    const char *account_id, *name;
    double arr, delta;
};

struct pd_att_item {
    const struct pd_att_family *family;
    const char *dimension, *value; /* "total", "all" for the headline */
    const char *name;              /* an account's name, else NULL */
    struct pd_att_judgement j;
    struct pd_att_driver drivers[PD_ATT_NDRIVER];
    size_t ndrivers;
    /* The top cell of every other dimension, informative or not: what
     * folding compares. */
    struct pd_att_driver carriers[PD_ATT_NDIMS];
    size_t ncarriers;
    struct pd_att_account accounts[PD_ATT_NACCT];
    size_t naccounts;
    double mix, rate; /* NPS: summed over the first driver's dimension */
};

/* Sample standard deviation of x[0..n) (n - 1 in the denominator); 0 for
 * fewer than two values. */
double pd_attention_sd(const double *x, size_t n);

/* The count range around a baseline mean with the weeks' sample sd:
 * spread = max(sd, √mean), mean ± 1.96 spread.  Returns the spread. */
double pd_attention_poisson(double mean, double sd, double *lo, double *hi);

/* The binomial range of a share p0 (0-1) at n trials: p0 ± 1.96
 * √(p0 (1 - p0) / n), clamped to [0, 1].  n > 0. */
void pd_attention_binomial(double p0, double n, double *lo, double *hi);

/* SPEC §6 nps_moe95 of p promoters and d detractors in n responses. */
double pd_attention_nps_moe(double p, double d, double n);

/* SPEC §10 mix and rate parts of a rate's change over k cells: den0/num0
 * the baseline's denominators and numerators, den1/num1 this week's;
 * mix[i] = (s1 - s0) r0, rate[i] = s1 (r1 - r0), s a share of the
 * denominator and r = num/den (a cell without a baseline takes the
 * baseline's overall rate as r0; the identity holds for any r0).
 * Σ mix + Σ rate = this week's rate - the baseline's. */
void pd_attention_mix_rate(size_t k, const double *den0, const double *num0,
                           const double *den1, const double *num1, double *mix,
                           double *rate);

/* Judge one cell (dim = -1 and value NULL: the total) of a family. */
void pd_attention_judge(const struct pd_att_family *f, int dim,
                        const char *value, struct pd_att_judgement *j);

/* Judge the total and every cell of every family, keep those outside the
 * noise with enough data, split each over the other dimensions, rank by
 * score (ties by ARR of the accounts), and fill at most max items, best
 * first.  Two cells telling one story (a cell of one carries at least
 * half of the other's change) make one item: the one whose change is the
 * larger multiple of its baseline (the more concentrated), which names
 * the other among its drivers; totals come after cells, so a flagged
 * total whose change a flagged cell carries is told by that cell.
 * Returns the number filled. */
size_t pd_attention_rank(const struct pd_att_family *fams, size_t nfams,
                         struct pd_att_item *items, size_t max);

/* How a dimension is named in a sentence ("product_area" -> "product
 * area"); an unknown name is returned as is. */
const char *pd_attention_dim_label(const char *dim);

/* Append the weekly document's ",\n  \"data_through\": {...}",
 * ",\n  \"attention\": [...]" (best first, evidence redacted) and
 * ",\n  \"inside_noise\": [...]", ",\n  \"left_out\": {...}" (the
 * baseline weeks the data does not cover, per family) and
 * ",\n  \"usage_falls\": [...]"
 * (the accounts whose active users fell most against their own
 * baselines) for the week of p. */
int pd_attention_json(PGconn *conn, const struct pd_period *p,
                      struct pd_buf *out, struct pd_err *err);

#endif
