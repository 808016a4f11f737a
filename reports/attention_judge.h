/*
 * attention_judge - SPEC §10's verdicts on facts in memory: each cell of
 * a metric family against its baseline of the 13 whole weeks before the
 * report week, flagged changes split into drivers (for a rate into mix and
 * rate), folded into stories and ranked by |change| / spread.
 *
 * The SQL (reports/sql/attention_<family>.sql, read by attention_facts.h)
 * only counts, set-based: one row per week and combination of dimension
 * values.  This module does the statistics on those rows, with no
 * database, so it is unit-tested on hand-made facts.
 *
 * Ownership: a family's facts and strings belong to the caller; items
 * returned by pd_attention_rank() are filled into the caller's array and
 * borrow strings from the family's facts (valid while the facts are).
 * Errors: none; the statistics cannot fail (allocation failure aborts,
 * common/xalloc.h).
 * Limits: the 25 largest cells of a dimension are judged (SPEC §10), and
 * at most PD_ATT_NVALUES distinct values of a dimension are kept for the
 * drivers (the rest are summed into no cell).  A ticket counts once per
 * dimension: its theme is its first one.  The count range is the normal
 * approximation mean ± 1.96 · spread, spread = max(sd, √mean): the
 * Poisson interval when the weeks vary as Poisson counts do, wider when
 * they vary more.  A level (median hours, backlog) is not additive: its
 * facts are one row per cell (see PD_ATT_LEVEL) and its drivers are the
 * cells whose own level moved most, without a split of the change.
 */
#ifndef PD_ATTENTION_JUDGE_H
#define PD_ATTENTION_JUDGE_H

#include <stdbool.h>
#include <stddef.h>

#include "reports/attention_stats.h"

#define PD_ATT_WEEKS      14 /* the report week (0) and the 13 before it */
#define PD_ATT_NDIMS      8  /* dimension columns of a fact */
#define PD_ATT_NVALUES    400
#define PD_ATT_MAXCELL    25 /* SPEC §10: the largest cells of a dimension */
#define PD_ATT_MAXITEM    5
#define PD_ATT_PER_METRIC 2   /* items of one metric among the five */
#define PD_ATT_MAXCAND    400 /* flagged cells split into drivers */
#define PD_ATT_NDRIVER    3
#define PD_ATT_NACCT      3

enum pd_att_kind {
    PD_ATT_COUNT, /* n per week; Poisson range */
    PD_ATT_NPS,   /* 100 (promoters - detractors) / n; margin of error */
    PD_ATT_RATE,  /* 100 promoters / n (CSAT: good of rated, reopen rate:
                     reopened of solved, adoption: users of the event of
                     active users); binomial at this week's n */
    PD_ATT_LEVEL  /* a value per cell and week in promoters, n the tickets
                     behind it; the weeks' spread (pd_attention_level()).
                     One fact per week and cell: the total's facts have
                     every dimension NULL, a cell's only its own set. */
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

/* Facts as a stream makes them (reports/attention_stream.h,
 * attention_users.h): a growable array. */
struct pd_att_facts {
    struct pd_att_fact *f;
    size_t n, cap;
};

/* A new fact of week at the end of fs: every dimension NULL, no account
 * name (""), no ARR (-1), counts 0. */
struct pd_att_fact *pd_att_facts_add(struct pd_att_facts *fs, int week);

struct pd_att_family {
    const char *metric; /* the headline's key: "tickets_created", "nps" */
    enum pd_att_kind kind;
    bool higher_is_good;
    /* Only the cells of dims[0] are judged: its values are separate
     * metrics (adoption per event), which the other dimensions split;
     * neither the total nor their own cells mean anything. */
    bool first_dim_only;
    double min_count; /* SPEC §10: 20 tickets, 30 responses, 50 users */
    const char *dims[PD_ATT_NDIMS]; /* dimension names; NULL: unused column */
    bool covered[PD_ATT_WEEKS];     /* the data covers the week completely */
    const char *week_label[PD_ATT_WEEKS]; /* "2026-W32"; NULL: unknown */
    const struct pd_att_fact *facts;
    size_t nfacts;
    /* Equal values of a dimension share one pointer across the facts
     * (attention_facts.c interns them), so cells compare by address:
     * strcmp() over every fact for every cell judged and split was most
     * of the report's client time (issue 15).  false: by strcmp(). */
    bool interned;
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
    double mix, rate;      /* a rate or NPS: the two parts of delta */
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
    double mix, rate; /* a rate or NPS: summed over the first driver's
                         dimension */
};

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

/* The accounts of family f (its "account" dimension) whose value fell
 * most against their own baselines, by score: fills at most max
 * judgements and their account cells (value, name, ARR borrowed from the
 * facts); returns the number filled.  0 without an account dimension. */
struct pd_att_fall {
    const char *account_id, *name;
    double arr;
    struct pd_att_judgement j;
};
size_t pd_attention_falls(const struct pd_att_family *f,
                          struct pd_att_fall *falls, size_t max);

#endif
