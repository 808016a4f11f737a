#include "attention.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "load/db.h"
#include "reports/kpi.h"
#include "transform/redact.h"

double
pd_attention_sd(const double *x, size_t n)
{
    double mean = 0, ss = 0;

    if (n < 2)
        return 0;
    for (size_t i = 0; i < n; i++)
        mean += x[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    return sqrt(ss / (double)(n - 1));
}

double
pd_attention_poisson(double mean, double sd, double *lo, double *hi)
{
    /* SPEC §10: a Poisson count varies by √mean; weeks that vary more
     * than that (seasonality, a launch) widen the range, never narrow it. */
    double spread = fmax(sd, sqrt(fmax(mean, 0)));

    *lo = mean - PD_ATT_Z95 * spread;
    *hi = mean + PD_ATT_Z95 * spread;
    return spread;
}

void
pd_attention_binomial(double p0, double n, double *lo, double *hi)
{
    double h = PD_ATT_Z95 * sqrt(p0 * (1 - p0) / n);

    *lo = fmax(0, p0 - h);
    *hi = fmin(1, p0 + h);
}

double
pd_attention_nps_moe(double p, double d, double n)
{
    double ps = p / n, ds = d / n;

    /* SPEC §6 nps_moe95. */
    return PD_ATT_Z95 * 100 * sqrt((ps + ds - (ps - ds) * (ps - ds)) / n);
}

void
pd_attention_mix_rate(size_t k, const double *den0, const double *num0,
                      const double *den1, const double *num1, double *mix,
                      double *rate)
{
    double t0 = 0, t1 = 0, all0 = 0;

    for (size_t i = 0; i < k; i++) {
        t0 += den0[i];
        t1 += den1[i];
        all0 += num0[i];
    }
    all0 = t0 > 0 ? all0 / t0 : 0;
    for (size_t i = 0; i < k; i++) {
        double s0 = t0 > 0 ? den0[i] / t0 : 0, s1 = t1 > 0 ? den1[i] / t1 : 0;
        double r0 = den0[i] > 0 ? num0[i] / den0[i] : all0;
        double r1 = den1[i] > 0 ? num1[i] / den1[i] : r0;

        mix[i] = (s1 - s0) * r0;
        rate[i] = s1 * (r1 - r0);
    }
}

/* Per-week sums of one cell: n, and for NPS 100 (promoters - detractors). */
struct series {
    double n[PD_ATT_WEEKS], net[PD_ATT_WEEKS], p[PD_ATT_WEEKS], d[PD_ATT_WEEKS];
};

static bool
in_cell(const struct pd_att_fact *x, int dim, const char *value)
{
    return dim < 0 || (x->dim[dim] && strcmp(x->dim[dim], value) == 0);
}

static void
add_fact(struct series *s, const struct pd_att_fact *x)
{
    if (x->week < 0 || x->week >= PD_ATT_WEEKS)
        return;
    s->n[x->week] += x->n;
    s->p[x->week] += x->promoters;
    s->d[x->week] += x->detractors;
    s->net[x->week] += 100 * (x->promoters - x->detractors);
}

/* A week counts in the baseline when the data covers it and, for a
 * rate, it has a denominator. */
static bool
usable_week(const struct pd_att_family *f, const struct series *s, int w)
{
    return f->covered[w] && (f->kind == PD_ATT_COUNT || s->n[w] > 0);
}

static double
week_value(const struct pd_att_family *f, const struct series *s, int w)
{
    return f->kind == PD_ATT_COUNT ? s->n[w] : s->net[w] / s->n[w];
}

static void
judge_series(const struct pd_att_family *f, const struct series *s,
             struct pd_att_judgement *j)
{
    double x[PD_ATT_WEEKS], sum = 0, nsum = 0, moe;
    size_t k = 0;

    memset(j, 0, sizeof(*j));
    for (int w = 1; w < PD_ATT_WEEKS; w++)
        if (usable_week(f, s, w)) {
            x[k++] = week_value(f, s, w);
            sum += x[k - 1];
            nsum += s->n[w];
        }
    j->weeks = k;
    /* SPEC §10: fewer than 4 usable weeks is no baseline; a report week
     * the data does not cover is not judged at all. */
    if (k < 4 || !usable_week(f, s, 0))
        return;
    j->usable = true;
    j->this_week = week_value(f, s, 0);
    j->baseline = sum / (double)k;
    j->change = j->this_week - j->baseline;
    j->count = s->n[0];
    j->base_count = nsum / (double)k;
    j->enough = fmax(j->count, j->base_count) >= f->min_count;
    if (f->kind == PD_ATT_COUNT) {
        j->spread = pd_attention_poisson(j->baseline, pd_attention_sd(x, k),
                                         &j->lo, &j->hi);
        j->outside = j->this_week < j->lo || j->this_week > j->hi;
        j->score = fabs(j->change) / fmax(j->spread, 1);
        return;
    }
    j->spread = pd_attention_sd(x, k);
    if (f->kind == PD_ATT_RATE) {
        /* SPEC §10: a rate against the binomial range of its baseline at
         * this week's denominator (percentages). */
        pd_attention_binomial(fmin(fmax(j->baseline / 100, 0), 1), s->n[0],
                              &j->lo, &j->hi);
        j->lo *= 100;
        j->hi *= 100;
        moe = j->this_week < j->baseline ? j->baseline - j->lo
                                         : j->hi - j->baseline;
    } else {
        moe = pd_attention_nps_moe(s->p[0], s->d[0], s->n[0]);
        j->lo = j->baseline - moe;
        j->hi = j->baseline + moe;
    }
    j->outside = fabs(j->change) > moe;
    /* Ranked against the larger of the weeks' spread and this week's own
     * sampling error, so a steady baseline does not make every point news. */
    j->score = fabs(j->change) / fmax(fmax(j->spread, moe / PD_ATT_Z95), 1e-9);
}

void
pd_attention_judge(const struct pd_att_family *f, int dim, const char *value,
                   struct pd_att_judgement *j)
{
    struct series s;

    memset(&s, 0, sizeof(s));
    for (size_t i = 0; i < f->nfacts; i++)
        if (in_cell(&f->facts[i], dim, value))
            add_fact(&s, &f->facts[i]);
    judge_series(f, &s, j);
}

/* The distinct values of a dimension within a cell, with their per-week
 * series; values beyond PD_ATT_NVALUES are left out. */
struct split {
    size_t n;
    const char *value[PD_ATT_NVALUES];
    const struct pd_att_fact *any[PD_ATT_NVALUES]; /* a fact of the value */
    struct series s[PD_ATT_NVALUES];
};

static void
split_cell(const struct pd_att_family *f, int dim, const char *value, int by,
           struct split *sp)
{
    sp->n = 0;
    for (size_t i = 0; i < f->nfacts; i++) {
        const struct pd_att_fact *x = &f->facts[i];
        size_t k;

        if (!in_cell(x, dim, value) || !x->dim[by] || x->n <= 0)
            continue;
        for (k = 0; k < sp->n; k++)
            if (strcmp(sp->value[k], x->dim[by]) == 0)
                break;
        if (k == sp->n) {
            if (sp->n == PD_ATT_NVALUES)
                continue;
            sp->value[k] = x->dim[by];
            sp->any[k] = x;
            memset(&sp->s[k], 0, sizeof(sp->s[k]));
            sp->n++;
        }
        add_fact(&sp->s[k], x);
    }
}

/* Each value's part of the change (the item's usable weeks): for a count
 * this week minus the baseline mean, for NPS its mix + rate part. */
static void
split_deltas(const struct pd_att_family *f, const struct series *cell,
             const struct split *sp, struct pd_att_driver *d)
{
    size_t k = 0;
    double *den0 = pd_xcalloc(sp->n * 6 + 1, sizeof(double));
    double *num0 = den0 + sp->n, *den1 = num0 + sp->n, *num1 = den1 + sp->n;
    double *mix = num1 + sp->n, *rate = mix + sp->n;

    double t0 = 0;

    for (int w = 1; w < PD_ATT_WEEKS; w++)
        k += usable_week(f, cell, w);
    for (size_t i = 0; i < sp->n; i++) {
        for (int w = 1; w < PD_ATT_WEEKS; w++)
            if (usable_week(f, cell, w)) {
                den0[i] += sp->s[i].n[w];
                num0[i] += sp->s[i].net[w];
            }
        den1[i] = sp->s[i].n[0];
        num1[i] = sp->s[i].net[0];
        d[i].value = sp->value[i];
        d[i].this_week = f->kind == PD_ATT_COUNT ? den1[i]
                         : den1[i] > 0           ? num1[i] / den1[i]
                                                 : NAN;
        d[i].baseline = f->kind == PD_ATT_COUNT ? den0[i] / (double)k
                        : den0[i] > 0           ? num0[i] / den0[i]
                                                : NAN;
        d[i].delta = d[i].this_week - d[i].baseline;
        t0 += den0[i];
    }
    for (size_t i = 0; i < sp->n; i++) {
        d[i].share0 = t0 > 0 ? den0[i] / t0 : 0;
        d[i].share1 = cell->n[0] > 0 ? den1[i] / cell->n[0] : 0;
    }
    if (f->kind != PD_ATT_COUNT) {
        pd_attention_mix_rate(sp->n, den0, num0, den1, num1, mix, rate);
        for (size_t i = 0; i < sp->n; i++) {
            d[i].mix = mix[i];
            d[i].rate = rate[i];
            d[i].delta = mix[i] + rate[i];
        }
    }
    free(den0);
}

static void
top_accounts(const struct split *sp, const struct pd_att_driver *d, double sign,
             struct pd_att_item *it)
{
    bool taken[PD_ATT_NVALUES] = {false};

    for (it->naccounts = 0; it->naccounts < PD_ATT_NACCT;) {
        size_t best = sp->n;
        for (size_t i = 0; i < sp->n; i++)
            if (!taken[i] && sign * d[i].delta > 0 &&
                (best == sp->n || sign * d[i].delta > sign * d[best].delta))
                best = i;
        if (best == sp->n)
            return;
        taken[best] = true;
        it->accounts[it->naccounts++] = (struct pd_att_account){
            sp->value[best], sp->any[best]->account_name, sp->any[best]->arr,
            d[best].delta};
    }
}

/* A cell holding nearly all of the item in both periods (the only
 * channel, theme "none") carries the whole change and explains none. */
static bool
uninformative(const struct pd_att_driver *d)
{
    return d->share0 >= 0.9 && d->share1 >= 0.9;
}

/* An account's plan, segment and region split its own change 100 % into
 * one cell: no news, so an account item is not split over them. */
static bool
account_attribute(const struct pd_att_family *f, int dim, int by)
{
    static const char *const attrs[] = {"plan", "segment", "region"};

    if (dim < 0 || strcmp(f->dims[dim], "account") != 0)
        return false;
    for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
        if (strcmp(f->dims[by], attrs[i]) == 0)
            return true;
    return false;
}

/* SPEC §10 drivers: the change split over the cells of each other
 * dimension; each dimension's top cell, the one explaining most first.
 * Every top cell is also kept as a carrier, for folding. */
static void
drivers(const struct pd_att_family *f, int dim, struct pd_att_item *it)
{
    struct split *sp = pd_xmalloc(sizeof(*sp));
    struct pd_att_driver *d = pd_xcalloc(PD_ATT_NVALUES, sizeof(*d));
    struct pd_att_driver top[PD_ATT_NDIMS];
    double mix[PD_ATT_NDIMS], rate[PD_ATT_NDIMS];
    size_t ntop = 0;
    struct series cell;
    double sign = it->j.change < 0 ? -1 : 1;

    memset(&cell, 0, sizeof(cell));
    for (size_t i = 0; i < f->nfacts; i++)
        if (in_cell(&f->facts[i], dim, it->value))
            add_fact(&cell, &f->facts[i]);
    for (int by = 0; by < PD_ATT_NDIMS; by++) {
        size_t best = 0;

        if (!f->dims[by] || by == dim || account_attribute(f, dim, by))
            continue;
        split_cell(f, dim, it->value, by, sp);
        if (sp->n == 0)
            continue;
        split_deltas(f, &cell, sp, d);
        if (strcmp(f->dims[by], "account") == 0)
            top_accounts(sp, d, sign, it);
        mix[ntop] = rate[ntop] = 0;
        for (size_t i = 0; i < sp->n; i++) {
            if (sign * d[i].delta > sign * d[best].delta)
                best = i;
            mix[ntop] += d[i].mix;
            rate[ntop] += d[i].rate;
        }
        if (sign * d[best].delta <= 0)
            continue;
        d[best].dimension = f->dims[by];
        d[best].name = strcmp(f->dims[by], "account") == 0
                           ? sp->any[best]->account_name
                           : NULL;
        it->carriers[it->ncarriers++] = d[best];
        if (!uninformative(&d[best]))
            top[ntop++] = d[best];
    }
    /* The dimension whose top cell explains most comes first; its mix and
     * rate parts are the item's. */
    for (it->ndrivers = 0; it->ndrivers < PD_ATT_NDRIVER && ntop > 0;) {
        size_t best = 0;
        for (size_t i = 1; i < ntop; i++)
            if (sign * top[i].delta > sign * top[best].delta)
                best = i;
        if (it->ndrivers == 0) {
            it->mix = mix[best];
            it->rate = rate[best];
        }
        it->drivers[it->ndrivers++] = top[best];
        /* Kept in dimension order: a tie goes to the earlier dimension. */
        ntop--;
        memmove(&top[best], &top[best + 1], (ntop - best) * sizeof(top[0]));
        memmove(&mix[best], &mix[best + 1], (ntop - best) * sizeof(mix[0]));
        memmove(&rate[best], &rate[best + 1], (ntop - best) * sizeof(rate[0]));
    }
    free(d);
    free(sp);
}

struct cand {
    struct pd_att_item it;
    int dim;
    double arr; /* of the accounts involved: the tie-break */
};

static void
add_cand(struct cand **c, size_t *n, size_t *cap, const struct pd_att_family *f,
         int dim, const char *value, const struct pd_att_judgement *j)
{
    if (!j->usable || !j->enough || !j->outside)
        return;
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        *c = pd_xrealloc(*c, *cap * sizeof(**c));
    }
    memset(&(*c)[*n], 0, sizeof(**c));
    (*c)[*n].it.family = f;
    (*c)[*n].it.dimension = dim < 0 ? "total" : f->dims[dim];
    (*c)[*n].it.value = value;
    (*c)[*n].it.j = *j;
    (*c)[(*n)++].dim = dim;
}

static int
by_size(const void *a, const void *b)
{
    const struct pd_att_driver *x = a, *y = b;

    return (x->delta < y->delta) - (x->delta > y->delta);
}

/* SPEC §10: the 25 largest cells of a dimension (by their rows over the
 * 14 weeks), each judged. */
static void
judge_dimension(const struct pd_att_family *f, int dim, struct cand **c,
                size_t *n, size_t *cap)
{
    struct split *sp = pd_xmalloc(sizeof(*sp));
    struct pd_att_driver size[PD_ATT_NVALUES];

    memset(size, 0, sizeof(size));
    split_cell(f, -1, NULL, dim, sp);
    for (size_t i = 0; i < sp->n; i++) {
        size[i].value = sp->value[i];
        size[i].delta = 0;
        for (int w = 0; w < PD_ATT_WEEKS; w++)
            size[i].delta += sp->s[i].n[w];
    }
    qsort(size, sp->n, sizeof(size[0]), by_size);
    for (size_t i = 0; i < sp->n && i < PD_ATT_MAXCELL; i++) {
        struct pd_att_judgement j;
        pd_attention_judge(f, dim, size[i].value, &j);
        add_cand(c, n, cap, f, dim, size[i].value, &j);
    }
    free(sp);
}

static int
by_score(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;

    if (x->it.j.score != y->it.j.score)
        return (x->it.j.score < y->it.j.score) -
               (x->it.j.score > y->it.j.score);
    return (x->arr < y->arr) - (x->arr > y->arr);
}

static bool
same_cell(const struct pd_att_item *a, const char *dim, const char *value)
{
    return dim && strcmp(a->dimension, dim) == 0 &&
           strcmp(a->value, value) == 0;
}

/* The kept item whose cell carries at least half of c's change (it is
 * the top cell of its dimension within c), or -1. */
static int
overlap(const struct pd_att_item *c, const struct pd_att_item *kept,
        size_t nkept)
{
    for (size_t i = 0; i < nkept; i++)
        for (size_t k = 0; k < c->ncarriers; k++)
            if (kept[i].family == c->family &&
                same_cell(&kept[i], c->carriers[k].dimension,
                          c->carriers[k].value) &&
                fabs(c->carriers[k].delta) >= fabs(c->j.change) / 2)
                return (int)i;
    return -1;
}

/* How concentrated a change is: a count's multiple of its baseline (50
 * tickets in a cell of 20 beats 364 in one of 283), NPS's score. */
static double
concentration(const struct pd_att_item *it)
{
    if (it->family->kind != PD_ATT_COUNT)
        return it->j.score;
    if (it->j.baseline <= 0)
        return HUGE_VAL;
    return it->j.change < 0 ? it->j.baseline / fmax(it->j.this_week, 0.5)
                            : it->j.this_week / it->j.baseline;
}

/* Cells before totals: a total is the sum of its cells, so a flagged
 * total whose change one flagged cell carries is told by that cell. */
static int
by_cell_then_score(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;

    if ((x->dim < 0) != (y->dim < 0))
        return x->dim < 0 ? 1 : -1;
    return by_score(a, b);
}

static int
by_item_score(const void *a, const void *b)
{
    const struct pd_att_item *x = a, *y = b;

    return (x->j.score < y->j.score) - (x->j.score > y->j.score);
}

static const char *
account_name(const struct pd_att_family *f, int dim, const char *value)
{
    for (size_t i = 0; i < f->nfacts; i++)
        if (in_cell(&f->facts[i], dim, value))
            return f->facts[i].account_name;
    return NULL;
}

size_t
pd_attention_rank(const struct pd_att_family *fams, size_t nfams,
                  struct pd_att_item *items, size_t max)
{
    struct cand *c = NULL;
    struct pd_att_item *kept;
    size_t n = 0, cap = 0, nkept = 0, ndone;

    for (size_t i = 0; i < nfams; i++) {
        struct pd_att_judgement j;
        pd_attention_judge(&fams[i], -1, NULL, &j);
        add_cand(&c, &n, &cap, &fams[i], -1, "all", &j);
        for (int d = 0; d < PD_ATT_NDIMS; d++)
            if (fams[i].dims[d])
                judge_dimension(&fams[i], d, &c, &n, &cap);
    }
    if (!c)
        return 0; /* nothing outside the noise */
    qsort(c, n, sizeof(*c), by_score);
    /* Each candidate's drivers cost a pass over the facts per dimension
     * (the demo week: ~60 candidates, well under a second); folding needs
     * them all, as a story told by many cells frees the places below it. */
    ndone = n < PD_ATT_MAXCAND ? n : PD_ATT_MAXCAND;
    for (size_t i = 0; i < ndone; i++) {
        drivers(c[i].it.family, c[i].dim, &c[i].it);
        if (c[i].dim >= 0 && strcmp(c[i].it.dimension, "account") == 0) {
            c[i].it.naccounts = 0; /* the item is the account itself */
            c[i].it.name =
                account_name(c[i].it.family, c[i].dim, c[i].it.value);
        }
        for (size_t k = 0; k < c[i].it.naccounts; k++)
            c[i].arr += fmax(c[i].it.accounts[k].arr, 0);
    }
    qsort(c, ndone, sizeof(*c), by_cell_then_score);
    /* Fold every candidate first, then take the best stories: a cell that
     * took its story's place may rank lower than the one it replaced. */
    kept = pd_xcalloc(ndone + 1, sizeof(*kept));
    for (size_t i = 0; i < ndone; i++) {
        int k = overlap(&c[i].it, kept, nkept);
        if (k < 0)
            kept[nkept++] = c[i].it;
        else if (concentration(&c[i].it) > concentration(&kept[k]))
            kept[k] = c[i].it;
    }
    qsort(kept, nkept, sizeof(*kept), by_item_score);
    nkept = nkept < max ? nkept : max;
    memcpy(items, kept, nkept * sizeof(*items));
    free(kept);
    free(c);
    return nkept;
}

/* The columns of reports/sql/attention_<family>.sql. */
enum {
    C_WEEK,
    C_COVERED,
    C_DIM0,
    C_NAME = C_DIM0 + PD_ATT_NDIMS,
    C_ARR,
    C_N,
    C_PROMOTERS,
    C_DETRACTORS,
    C_LABEL /* the week's ISO label */
};

static const struct {
    const char *metric, *sql;
    enum pd_att_kind kind;
    bool higher_is_good;
    double min_count; /* SPEC §10 */
    const char *dims[PD_ATT_NDIMS];
} families[] = {
    {"tickets_created",
     "reports/sql/attention_tickets.sql",
     PD_ATT_COUNT,
     false,
     20,
     {"product_area", "theme", "channel", "priority", "plan", "segment",
      "region", "account"}},
    {"nps",
     "reports/sql/attention_nps.sql",
     PD_ATT_NPS,
     true,
     30,
     {"survey", "theme", NULL, NULL, "plan", "segment", "region", "account"}},
    {"csat_pct",
     "reports/sql/attention_csat.sql",
     PD_ATT_RATE,
     true,
     20,
     {"product_area", "theme", "channel", "priority", "plan", "segment",
      "region", "account"}},
    {"active_users",
     "reports/sql/attention_usage.sql",
     PD_ATT_COUNT,
     true,
     50,
     {NULL, NULL, NULL, NULL, "plan", "segment", "region", "account"}},
};
enum { NFAM = sizeof(families) / sizeof(families[0]) };
/* Each family's data_through (data_through.sql: tickets, NPS, usage). */
static const int through_of[NFAM] = {0, 1, 0, 2};

static const char *const dim_labels[][2] = {
    {"product_area", "product area"},
    {"theme", "theme"},
    {"channel", "channel"},
    {"priority", "priority"},
    {"plan", "plan"},
    {"segment", "segment"},
    {"region", "region"},
    {"account", "account"},
    {"survey", "survey"},
    {"total", "all"},
};

const char *
pd_attention_dim_label(const char *dim)
{
    for (size_t i = 0; i < sizeof(dim_labels) / sizeof(dim_labels[0]); i++)
        if (strcmp(dim_labels[i][0], dim) == 0)
            return dim_labels[i][1];
    return dim;
}

static double
num(const PGresult *r, int row, int col, double none)
{
    return PQgetisnull(r, row, col) ? none
                                    : strtod(PQgetvalue(r, row, col), NULL);
}

/* A family's facts from its query; strings borrowed from res. */
static void
read_facts(const PGresult *res, size_t fi, struct pd_att_family *f,
           struct pd_att_fact *facts)
{
    memset(f, 0, sizeof(*f));
    f->metric = families[fi].metric;
    f->kind = families[fi].kind;
    f->higher_is_good = families[fi].higher_is_good;
    f->min_count = families[fi].min_count;
    memcpy(f->dims, families[fi].dims, sizeof(f->dims));
    for (int i = 0; i < PQntuples(res); i++) {
        struct pd_att_fact *x = &facts[i];
        x->week = (int)strtol(PQgetvalue(res, i, C_WEEK), NULL, 10);
        if (x->week >= 0 && x->week < PD_ATT_WEEKS)
            f->covered[x->week] = PQgetvalue(res, i, C_COVERED)[0] == 't';
        for (int d = 0; d < PD_ATT_NDIMS; d++)
            x->dim[d] = f->dims[d] && !PQgetisnull(res, i, C_DIM0 + d)
                            ? PQgetvalue(res, i, C_DIM0 + d)
                            : NULL;
        x->account_name = PQgetvalue(res, i, C_NAME);
        x->arr = num(res, i, C_ARR, -1);
        x->n = num(res, i, C_N, 0);
        x->promoters = num(res, i, C_PROMOTERS, 0);
        x->detractors = num(res, i, C_DETRACTORS, 0);
        if (x->week >= 0 && x->week < PD_ATT_WEEKS)
            f->week_label[x->week] = PQgetvalue(res, i, C_LABEL);
    }
    f->facts = facts;
    f->nfacts = (size_t)PQntuples(res);
}

static const char *
metric_label(const char *metric)
{
    for (size_t i = 0; i < pd_weekly_nkpis; i++)
        if (strcmp(pd_weekly_kpis[i].key, metric) == 0)
            return pd_weekly_kpis[i].label;
    return metric;
}

/* JSON number, null for NaN. */
static void
jnum(struct pd_buf *out, const char *key, double v)
{
    if (isfinite(v))
        pd_buf_addf(out, "\"%s\": %.17g", key, v);
    else
        pd_buf_addf(out, "\"%s\": null", key);
}

/* "Tickets created, product area Billing: 60 this week against 20.0 a
 * week over the last 13 whole weeks (+40, 3.0x normal)." and the NPS
 * form with its margin. */
static void
headline(const struct pd_att_item *it, struct pd_buf *s)
{
    const struct pd_att_judgement *j = &it->j;

    pd_buf_addstr(s, metric_label(it->family->metric));
    if (it->name)
        pd_buf_addf(s, ", account %s (%s)", it->name, it->value);
    else if (strcmp(it->dimension, "total") != 0)
        pd_buf_addf(s, ", %s %s", pd_attention_dim_label(it->dimension),
                    it->value);
    if (it->family->kind == PD_ATT_COUNT) {
        pd_buf_addf(s,
                    ": %.0f this week against %.1f a week over the last %zu "
                    "whole weeks (%+.0f",
                    j->this_week, j->baseline, j->weeks,
                    pd_kpi_round(j->change, 0));
        if (j->baseline > 0)
            pd_buf_addf(s, ", %.1f\u00d7 normal",
                        pd_kpi_round(j->this_week / j->baseline, 1));
        pd_buf_addstr(s, ").");
        return;
    }
    if (it->family->kind == PD_ATT_RATE) {
        pd_buf_addf(s,
                    ": %.1f %% this week (%.0f rated) against %.1f %% over the "
                    "last %zu whole weeks, %+.1f points against a range of "
                    "%.1f-%.1f %%.",
                    pd_kpi_round(j->this_week, 1), j->count,
                    pd_kpi_round(j->baseline, 1), j->weeks,
                    pd_kpi_round(j->change, 1), pd_kpi_round(j->lo, 1),
                    pd_kpi_round(j->hi, 1));
        return;
    }
    pd_buf_addf(s,
                ": %+.0f this week (%.0f responses) against %+.0f over the "
                "last %zu whole weeks, %+.0f points against a \u00b1%.0f-point "
                "margin.",
                pd_kpi_round(j->this_week, 0), j->count,
                pd_kpi_round(j->baseline, 0), j->weeks,
                pd_kpi_round(j->change, 0),
                pd_kpi_round(j->hi - j->baseline, 0));
}

static void
drivers_json(const struct pd_att_item *it, struct pd_buf *out)
{
    pd_buf_addstr(out, "\"drivers\": [");
    for (size_t i = 0; i < it->ndrivers; i++) {
        const struct pd_att_driver *d = &it->drivers[i];
        pd_buf_addstr(out, i ? ", {\"dimension\": " : "{\"dimension\": ");
        pd_json_str(out, d->dimension);
        pd_buf_addstr(out, ", \"value\": ");
        pd_json_str(out, d->value);
        if (d->name) {
            pd_buf_addstr(out, ", \"name\": ");
            pd_json_str(out, d->name);
        }
        pd_buf_addstr(out, ", ");
        jnum(out, "this_week", d->this_week);
        pd_buf_addstr(out, ", ");
        jnum(out, "baseline", d->baseline);
        pd_buf_addstr(out, ", ");
        jnum(out, "delta", d->delta);
        if (it->family->kind != PD_ATT_COUNT) {
            pd_buf_addstr(out, ", ");
            jnum(out, "mix", d->mix);
            pd_buf_addstr(out, ", ");
            jnum(out, "rate", d->rate);
        }
        pd_buf_addstr(out, "}");
    }
    pd_buf_addstr(out, "], \"accounts\": [");
    for (size_t i = 0; i < it->naccounts; i++) {
        const struct pd_att_account *a = &it->accounts[i];
        pd_buf_addstr(out, i ? ", {\"account_id\": " : "{\"account_id\": ");
        pd_json_str(out, a->account_id);
        pd_buf_addstr(out, ", \"name\": ");
        pd_json_str(out, a->name);
        pd_buf_addstr(out, ", ");
        jnum(out, "arr", a->arr >= 0 ? a->arr : NAN);
        pd_buf_addstr(out, ", ");
        jnum(out, "delta", a->delta);
        pd_buf_addstr(out, "}");
    }
    pd_buf_addstr(out, "]");
}

/* SPEC §10 evidence: the top driver's texts, redacted as the PM handoff
 * redacts them (transform/redact.h). */
static int
evidence_json(PGconn *conn, const struct pd_period *p,
              const struct pd_att_item *it, struct pd_redact *rd,
              struct pd_buf *out, struct pd_err *err)
{
    char a[40], b[40];
    const char *dd = it->ndrivers ? it->drivers[0].dimension : "total";
    const char *dv = it->ndrivers ? it->drivers[0].value : "all";
    const char *params[6] = {a, b, it->dimension, it->value, dd, dv};
    struct pd_buf t = PD_BUF_INIT;
    PGresult *res;

    pd_time_format_iso(p->start, a, sizeof(a));
    pd_time_format_iso(p->end, b, sizeof(b));
    res = pd_db_exec_resource(conn, "reports/sql/attention_evidence.sql", 6,
                              params, err);
    if (!res)
        return -1;
    pd_buf_addstr(out, ", \"evidence\": [");
    for (int i = 0, k = 0; i < PQntuples(res); i++) {
        const char *s = PQgetvalue(res, i, 0);
        struct pd_err ignored;

        pd_buf_reset(&t);
        /* Fail closed: a text we cannot redact is left out. */
        if (pd_redact_text(rd, s, strlen(s), &t, &ignored) < 0)
            continue;
        pd_buf_addstr(out, k++ ? ", " : "");
        pd_json_str(out, t.buf);
    }
    pd_buf_addstr(out, "]");
    pd_buf_release(&t);
    PQclear(res);
    return 0;
}

static int
item_json(PGconn *conn, const struct pd_period *p, const struct pd_att_item *it,
          struct pd_redact *rd, struct pd_buf *out, struct pd_err *err)
{
    const struct pd_att_judgement *j = &it->j;
    bool up = j->change > 0;
    struct pd_buf s = PD_BUF_INIT;

    headline(it, &s);
    pd_buf_addstr(out, "{\"metric\": ");
    pd_json_str(out, it->family->metric);
    pd_buf_addstr(out, ", \"dimension\": ");
    pd_json_str(out, it->dimension);
    pd_buf_addstr(out, ", \"value\": ");
    pd_json_str(out, it->value);
    if (it->name) {
        pd_buf_addstr(out, ", \"name\": ");
        pd_json_str(out, it->name);
    }
    pd_buf_addstr(out, ", \"headline\": ");
    pd_json_str(out, s.buf);
    pd_buf_release(&s);
    pd_buf_addstr(out, ",\n     ");
    jnum(out, "this_week", j->this_week);
    pd_buf_addstr(out, ", ");
    jnum(out, "baseline", j->baseline);
    pd_buf_addstr(out, ", ");
    jnum(out, "change", j->change);
    pd_buf_addstr(out, ", ");
    jnum(out, "spread", j->spread);
    pd_buf_addf(out, ", \"range\": [%.17g, %.17g], \"weeks\": %zu, ", j->lo,
                j->hi, j->weeks);
    jnum(out, "count", j->count);
    pd_buf_addstr(out, ", ");
    jnum(out, "score", j->score);
    pd_buf_addf(out, ", \"direction\": \"%s\"",
                up == it->family->higher_is_good ? "good" : "bad");
    if (it->family->kind != PD_ATT_COUNT) {
        pd_buf_addstr(out, ", ");
        jnum(out, "mix", it->mix);
        pd_buf_addstr(out, ", ");
        jnum(out, "rate", it->rate);
    }
    pd_buf_addstr(out, ",\n     ");
    drivers_json(it, out);
    if (evidence_json(conn, p, it, rd, out, err) < 0)
        return -1;
    pd_buf_addstr(out, "}");
    return 0;
}

/* SPEC §6 "As of": "data_through": {"tickets": "2026-11-29", ...} as of
 * the week's end; days[] gets each family's day number (-1: no data). */
static int
data_through(PGconn *conn, const struct pd_period *p, int64_t days[3],
             struct pd_buf *out, struct pd_err *err)
{
    static const char *const names[3] = {"tickets", "nps", "usage"};
    char end[40], today[16];
    const char *params[2] = {end, p->zone};
    PGresult *res;

    pd_time_format_iso(p->end, end, sizeof(end));
    res = pd_db_exec_resource(conn, "reports/sql/attention_today.sql", 2,
                              params, err);
    if (!res)
        return -1;
    snprintf(today, sizeof(today), "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    params[0] = today;
    res = pd_db_exec_resource(conn, "reports/sql/data_through.sql", 2, params,
                              err);
    if (!res)
        return -1;
    pd_buf_addstr(out, ",\n  \"data_through\": {");
    for (int i = 0; i < 3; i++) {
        int64_t y;
        unsigned m, d;

        days[i] = -1;
        pd_buf_addf(out, "%s\"%s\": ", i ? ", " : "", names[i]);
        if (i >= PQntuples(res) || PQgetisnull(res, i, 0)) {
            pd_buf_addstr(out, "null");
            continue;
        }
        days[i] = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        pd_civil_from_days(days[i], &y, &m, &d);
        pd_buf_addf(out, "\"%04lld-%02u-%02u\"", (long long)y, m, d);
    }
    pd_buf_addstr(out, "}");
    PQclear(res);
    return 0;
}

/* Run family fi's query: facts into *f, the result (which owns their
 * strings) returned for the caller to PQclear. */
static PGresult *
load_family(PGconn *conn, const struct pd_period *p, size_t fi, int64_t through,
            struct pd_att_family *f, struct pd_att_fact **facts,
            struct pd_err *err)
{
    char end[40], day[16] = "";
    const char *params[3] = {end, p->zone, day};
    PGresult *res;
    int64_t y;
    unsigned m, d;

    pd_time_format_iso(p->end, end, sizeof(end));
    if (through >= 0) {
        pd_civil_from_days(through, &y, &m, &d);
        snprintf(day, sizeof(day), "%04lld-%02u-%02u", (long long)y, m, d);
    } else
        params[2] = NULL;
    res = pd_db_exec_resource(conn, families[fi].sql, 3, params, err);
    if (!res)
        return NULL;
    *facts = pd_xcalloc((size_t)PQntuples(res) + 1, sizeof(**facts));
    read_facts(res, fi, f, *facts);
    return res;
}

/* "inside_noise": the headlines that moved but stayed inside their range. */
static void
inside_noise(const struct pd_att_family *fams, size_t n, struct pd_buf *out)
{
    size_t k = 0;

    pd_buf_addstr(out, ",\n  \"inside_noise\": [");
    for (size_t i = 0; i < n; i++) {
        struct pd_att_judgement j;
        pd_attention_judge(&fams[i], -1, NULL, &j);
        if (!j.usable || !j.enough || j.outside || j.change == 0)
            continue;
        pd_buf_addstr(out, k++ ? ", {\"metric\": " : "{\"metric\": ");
        pd_json_str(out, fams[i].metric);
        pd_buf_addstr(out, ", ");
        jnum(out, "this_week", j.this_week);
        pd_buf_addstr(out, ", ");
        jnum(out, "baseline", j.baseline);
        pd_buf_addstr(out, ", ");
        jnum(out, "change", j.change);
        pd_buf_addf(out, ", \"range\": [%.17g, %.17g]}", j.lo, j.hi);
    }
    pd_buf_addstr(out, "]");
}

/* Issue 14: "the accounts whose usage fell most, with their health and
 * ARR": every account's active users against its baseline, the largest
 * falls by |change| / spread (the Poisson range of the engine), at most
 * PD_ATT_MAXITEM; health is the document's accounts[] (the summary joins
 * them by account_id). */
static void
usage_falls(const struct pd_att_family *f, struct pd_buf *out)
{
    struct split *sp = pd_xmalloc(sizeof(*sp));
    struct pd_att_judgement *j;
    bool *taken;
    int acc = -1;
    size_t k = 0;

    for (int d = 0; d < PD_ATT_NDIMS; d++)
        if (f->dims[d] && strcmp(f->dims[d], "account") == 0)
            acc = d;
    pd_buf_addstr(out, ",\n  \"usage_falls\": [");
    if (acc < 0) {
        pd_buf_addstr(out, "]");
        free(sp);
        return;
    }
    split_cell(f, -1, NULL, acc, sp);
    j = pd_xcalloc(sp->n + 1, sizeof(*j));
    taken = pd_xcalloc(sp->n + 1, sizeof(*taken));
    for (size_t i = 0; i < sp->n; i++)
        judge_series(f, &sp->s[i], &j[i]);
    for (; k < PD_ATT_MAXITEM; k++) {
        size_t best = sp->n;
        for (size_t i = 0; i < sp->n; i++)
            if (!taken[i] && j[i].usable && j[i].change < 0 &&
                (best == sp->n || j[i].score > j[best].score))
                best = i;
        if (best == sp->n)
            break;
        taken[best] = true;
        pd_buf_addstr(out, k ? ",\n    {\"account_id\": "
                             : "\n    {\"account_id\": ");
        pd_json_str(out, sp->value[best]);
        pd_buf_addstr(out, ", \"name\": ");
        pd_json_str(out, sp->any[best]->account_name);
        pd_buf_addstr(out, ", ");
        jnum(out, "arr", sp->any[best]->arr >= 0 ? sp->any[best]->arr : NAN);
        pd_buf_addstr(out, ", ");
        jnum(out, "this_week", j[best].this_week);
        pd_buf_addstr(out, ", ");
        jnum(out, "baseline", j[best].baseline);
        pd_buf_addstr(out, ", ");
        jnum(out, "change", j[best].change);
        pd_buf_addstr(out, ", ");
        jnum(out, "spread", j[best].spread);
        pd_buf_addf(out, ", \"inside_noise\": %s}",
                    j[best].outside ? "false" : "true");
    }
    pd_buf_addstr(out, "]");
    free(taken);
    free(j);
    free(sp);
}

/* SPEC §10: the baseline weeks left out are named, per family:
 * "left_out": {"tickets_created": ["2026-W32"], ...}. */
static void
left_out(const struct pd_att_family *fams, size_t n, struct pd_buf *out)
{
    pd_buf_addstr(out, ",\n  \"left_out\": {");
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        pd_buf_addf(out, "%s\"%s\": [", i ? ", " : "", fams[i].metric);
        for (int w = 1; w < PD_ATT_WEEKS; w++)
            if (!fams[i].covered[w] && fams[i].week_label[w]) {
                pd_buf_addstr(out, k++ ? ", " : "");
                pd_json_str(out, fams[i].week_label[w]);
            }
        pd_buf_addstr(out, "]");
    }
    pd_buf_addstr(out, "}");
}

int
pd_attention_json(PGconn *conn, const struct pd_period *p, struct pd_buf *out,
                  struct pd_err *err)
{
    struct pd_att_family fams[NFAM];
    struct pd_att_fact *facts[NFAM] = {NULL};
    PGresult *res[NFAM] = {NULL};
    struct pd_att_item items[PD_ATT_MAXITEM];
    struct pd_redact *rd = NULL;
    int64_t days[3];
    size_t n;
    int rc = -1;

    if (data_through(conn, p, days, out, err) < 0)
        return -1;
    /* families[] lists tickets, NPS, CSAT (a tickets family), usage. */
    for (size_t i = 0; i < NFAM; i++)
        if (!(res[i] = load_family(conn, p, i, days[through_of[i]], &fams[i],
                                   &facts[i], err)))
            goto out;
    rd = pd_redact_new(err);
    if (!rd)
        goto out;
    n = pd_attention_rank(fams, NFAM, items, PD_ATT_MAXITEM);
    pd_buf_addstr(out, ",\n  \"attention\": [");
    for (size_t i = 0; i < n; i++) {
        pd_buf_addstr(out, i ? ",\n    " : "\n    ");
        if (item_json(conn, p, &items[i], rd, out, err) < 0)
            goto out;
    }
    pd_buf_addstr(out, "]");
    inside_noise(fams, NFAM, out);
    left_out(fams, NFAM, out);
    usage_falls(&fams[NFAM - 1], out); /* usage is the last family */
    rc = 0;
out:
    pd_redact_free(rd);
    for (size_t i = 0; i < NFAM; i++) {
        PQclear(res[i]);
        free(facts[i]);
    }
    return rc;
}
