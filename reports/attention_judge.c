#include "attention_judge.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/parallel.h"
#include "common/xalloc.h"

struct pd_att_fact *
pd_att_facts_add(struct pd_att_facts *fs, int week)
{
    struct pd_att_fact *f;

    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? fs->cap * 2 : 256;
        fs->f = pd_xrealloc(fs->f, fs->cap * sizeof(*fs->f));
    }
    f = &fs->f[fs->n++];
    memset(f, 0, sizeof(*f));
    f->week = week;
    f->account_name = "";
    f->arr = -1;
    return f;
}

/* Per-week sums of one cell: n, and for NPS 100 (promoters - detractors). */
struct series {
    double n[PD_ATT_WEEKS], net[PD_ATT_WEEKS], p[PD_ATT_WEEKS], d[PD_ATT_WEEKS];
};

/* Whether a fact's value a is value b: the same pointer when the
 * family's values are interned (b then one of the facts' own). */
static bool
same_value(const struct pd_att_family *f, const char *a, const char *b)
{
    return a == b || (!f->interned && a && strcmp(a, b) == 0);
}

static bool
in_cell(const struct pd_att_family *f, const struct pd_att_fact *x, int dim,
        const char *value)
{
    return dim < 0 || same_value(f, x->dim[dim], value);
}

/* A level's total is its rows without a cell (attention_judge.h). */
static bool
fact_in(const struct pd_att_family *f, const struct pd_att_fact *x, int dim,
        const char *value)
{
    if (f->kind == PD_ATT_LEVEL && dim < 0) {
        for (int d = 0; d < PD_ATT_NDIMS; d++)
            if (x->dim[d])
                return false;
        return true;
    }
    return in_cell(f, x, dim, value);
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
    if (f->kind == PD_ATT_LEVEL)
        return s->p[w]; /* one fact per week and cell */
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
    if (f->kind == PD_ATT_LEVEL) {
        j->spread = pd_attention_level(j->baseline, pd_attention_sd(x, k),
                                       &j->lo, &j->hi);
        j->outside = j->this_week < j->lo || j->this_week > j->hi;
        j->score = fabs(j->change) / fmax(j->spread, 1e-9);
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

/* pd_attention_judge() for a value that is one of the facts' own. */
static void
judge_cell(const struct pd_att_family *f, int dim, const char *value,
           struct pd_att_judgement *j)
{
    struct series s;

    memset(&s, 0, sizeof(s));
    for (size_t i = 0; i < f->nfacts; i++)
        if (fact_in(f, &f->facts[i], dim, value))
            add_fact(&s, &f->facts[i]);
    judge_series(f, &s, j);
}

void
pd_attention_judge(const struct pd_att_family *f, int dim, const char *value,
                   struct pd_att_judgement *j)
{
    /* The caller's string stands for the facts' pointer to it (none: no
     * fact is in the cell, and the caller's pointer matches none). */
    for (size_t i = 0; dim >= 0 && f->interned && i < f->nfacts; i++)
        if (f->facts[i].dim[dim] && strcmp(f->facts[i].dim[dim], value) == 0) {
            value = f->facts[i].dim[dim];
            break;
        }
    judge_cell(f, dim, value, j);
}

/* The distinct values of a dimension within a cell, with their per-week
 * series; values beyond PD_ATT_NVALUES are left out. */
struct split {
    size_t n;
    const char *value[PD_ATT_NVALUES];
    const struct pd_att_fact *any[PD_ATT_NVALUES]; /* a fact of the value */
    struct series s[PD_ATT_NVALUES];
};

/* The facts in the cell (dim, value) in the family's order (dim < 0:
 * every fact), a new array of *n pointers: a candidate's drivers split
 * its cell by each dimension in turn, and scanning every fact of the
 * family for each was a tenth of the report's own CPU (issue 15). */
static const struct pd_att_fact **
cell_facts(const struct pd_att_family *f, int dim, const char *value, size_t *n)
{
    const struct pd_att_fact **in =
        pd_xmalloc((f->nfacts ? f->nfacts : 1) * sizeof(*in));

    *n = 0;
    for (size_t i = 0; i < f->nfacts; i++)
        if (in_cell(f, &f->facts[i], dim, value))
            in[(*n)++] = &f->facts[i];
    return in;
}

/* The facts in[0..n) split by the values of dimension by. */
static void
split_cell(const struct pd_att_family *f, const struct pd_att_fact *const *in,
           size_t n, int by, struct split *sp)
{
    sp->n = 0;
    for (size_t i = 0; i < n; i++) {
        const struct pd_att_fact *x = in[i];
        size_t k;

        if (!x->dim[by] || x->n <= 0)
            continue;
        for (k = 0; k < sp->n; k++)
            if (same_value(f, sp->value[k], x->dim[by]))
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

/* Every fact of the family split by the values of dimension by. */
static void
split_all(const struct pd_att_family *f, int by, struct split *sp)
{
    size_t n;
    const struct pd_att_fact **in = cell_facts(f, -1, NULL, &n);

    split_cell(f, in, n, by, sp);
    free(in);
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

/* A level is not additive: each value's part is its own change against
 * its own baseline (attention_judge.h), kept only where the value has
 * enough data to be judged itself; a cell too small to be news is too
 * small to be a reason.  Shares are of the tickets behind the level. */
static void
level_deltas(const struct pd_att_family *f, const struct series *cell,
             const struct split *sp, struct pd_att_driver *d)
{
    double t0 = 0;

    for (int w = 1; w < PD_ATT_WEEKS; w++)
        t0 += usable_week(f, cell, w) ? cell->n[w] : 0;
    for (size_t i = 0; i < sp->n; i++) {
        struct pd_att_judgement j;
        double n0 = 0;

        judge_series(f, &sp->s[i], &j);
        for (int w = 1; w < PD_ATT_WEEKS; w++)
            n0 += usable_week(f, cell, w) ? sp->s[i].n[w] : 0;
        memset(&d[i], 0, sizeof(d[i]));
        d[i].value = sp->value[i];
        d[i].this_week = j.usable ? j.this_week : NAN;
        d[i].baseline = j.usable ? j.baseline : NAN;
        d[i].delta = j.usable && j.enough ? j.change : 0;
        d[i].share0 = t0 > 0 ? n0 / t0 : 0;
        d[i].share1 = cell->n[0] > 0 ? sp->s[i].n[0] / cell->n[0] : 0;
    }
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
    size_t nin;
    const struct pd_att_fact **in = cell_facts(f, dim, it->value, &nin);

    /* The cell's series from its facts: fact_in() keeps a subset of what
     * in_cell() keeps (a level's total only its facts without a cell), in
     * the same order. */
    memset(&cell, 0, sizeof(cell));
    for (size_t i = 0; i < nin; i++)
        if (fact_in(f, in[i], dim, it->value))
            add_fact(&cell, in[i]);
    for (int by = 0; by < PD_ATT_NDIMS; by++) {
        size_t best = 0;

        if (!f->dims[by] || by == dim || account_attribute(f, dim, by))
            continue;
        split_cell(f, in, nin, by, sp);
        if (sp->n == 0)
            continue;
        if (f->kind == PD_ATT_LEVEL)
            level_deltas(f, &cell, sp, d);
        else
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
    free(in);
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
    /* A level's cells have no cross-splits to fold them by: a cell with
     * the very same numbers as one already in (plan Enterprise and
     * segment Enterprise when only Enterprise accounts have that plan)
     * holds the same tickets under another name, and is left out. */
    for (size_t i = 0; f->kind == PD_ATT_LEVEL && i < *n; i++)
        if ((*c)[i].it.family == f && (*c)[i].it.j.this_week == j->this_week &&
            (*c)[i].it.j.baseline == j->baseline &&
            (*c)[i].it.j.count == j->count &&
            (*c)[i].it.j.base_count == j->base_count)
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
    split_all(f, dim, sp);
    for (size_t i = 0; i < sp->n; i++) {
        size[i].value = sp->value[i];
        size[i].delta = 0;
        for (int w = 0; w < PD_ATT_WEEKS; w++)
            size[i].delta += sp->s[i].n[w];
    }
    qsort(size, sp->n, sizeof(size[0]), by_size);
    for (size_t i = 0; i < sp->n && i < PD_ATT_MAXCELL; i++) {
        struct pd_att_judgement j;
        judge_cell(f, dim, size[i].value, &j);
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

/* Is level item c a consequence of count item k: the same cell, or k's
 * cell carrying at least half of c's change?  A backlog that grows where
 * tickets surge is the surge's story, told once by the surge. */
static bool
consequence(const struct pd_att_item *c, const struct pd_att_item *k)
{
    if (c->family->kind != PD_ATT_LEVEL || k->family->kind != PD_ATT_COUNT)
        return false;
    if (same_cell(k, c->dimension, c->value))
        return true;
    for (size_t i = 0; i < c->ncarriers; i++)
        if (same_cell(k, c->carriers[i].dimension, c->carriers[i].value) &&
            fabs(c->carriers[i].delta) >= fabs(c->j.change) / 2)
            return true;
    return false;
}

/* The best max items of the ranked, folded stories: none that is another
 * kept item's consequence, and at first at most PD_ATT_PER_METRIC of one
 * metric (five cells of one metric tell one week five times and push out
 * the NPS drop of a segment, which is news of another kind); places left
 * over go to the next best regardless of metric.  Best first.  Returns
 * how many. */
static size_t
pick(const struct pd_att_item *ranked, size_t n, struct pd_att_item *items,
     size_t max)
{
    bool *taken = pd_xcalloc(n + 1, sizeof(*taken));
    size_t out = 0;

    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n && !taken[i]; k++)
            taken[i] = k != i && consequence(&ranked[i], &ranked[k]);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n && out < max; i++) {
            size_t same_metric = 0;

            for (size_t k = 0; k < out; k++)
                same_metric += items[k].family == ranked[i].family;
            if (!taken[i] && (pass == 1 || same_metric < PD_ATT_PER_METRIC)) {
                items[out++] = ranked[i];
                taken[i] = true;
            }
        }
    free(taken);
    qsort(items, out, sizeof(*items), by_item_score);
    return out;
}

static const char *
account_name(const struct pd_att_family *f, int dim, const char *value)
{
    for (size_t i = 0; i < f->nfacts; i++)
        if (in_cell(f, &f->facts[i], dim, value))
            return f->facts[i].account_name;
    return NULL;
}

/* One family's candidates (pd_attention_rank()). */
struct family_cands {
    struct cand *c;
    size_t n, cap;
};

/* What pd_attention_rank()'s pieces of work share; each writes only its
 * own family's candidates, or its own candidate. */
struct rank_job {
    const struct pd_att_family *fams;
    struct family_cands *fc;
    struct cand *c;
};

/* Family i's cells judged, those outside the noise its candidates (a
 * pd_parallel_for() piece). */
static void
family_cands(void *arg, size_t i)
{
    const struct rank_job *job = arg;
    const struct pd_att_family *f = &job->fams[i];
    struct family_cands *fc = &job->fc[i];
    struct pd_att_judgement j;

    if (!f->first_dim_only) {
        pd_attention_judge(f, -1, NULL, &j);
        add_cand(&fc->c, &fc->n, &fc->cap, f, -1, "all", &j);
    }
    for (int d = 0; d < (f->first_dim_only ? 1 : PD_ATT_NDIMS); d++)
        if (f->dims[d])
            judge_dimension(f, d, &fc->c, &fc->n, &fc->cap);
}

/* Candidate i's drivers, its name when it is an account, and the ARR of
 * the accounts involved (a pd_parallel_for() piece). */
static void
cand_drivers(void *arg, size_t i)
{
    struct cand *c = &((const struct rank_job *)arg)->c[i];

    drivers(c->it.family, c->dim, &c->it);
    if (c->dim >= 0 && strcmp(c->it.dimension, "account") == 0) {
        c->it.naccounts = 0; /* the item is the account itself */
        c->it.name = account_name(c->it.family, c->dim, c->it.value);
    }
    for (size_t k = 0; k < c->it.naccounts; k++)
        c->arr += fmax(c->it.accounts[k].arr, 0);
}

size_t
pd_attention_rank(const struct pd_att_family *fams, size_t nfams,
                  struct pd_att_item *items, size_t max)
{
    struct family_cands *fc = pd_xcalloc(nfams + 1, sizeof(*fc));
    struct rank_job job = {fams, fc, NULL};
    struct cand *c = NULL;
    struct pd_att_item *kept;
    size_t n = 0, nkept = 0, ndone;

    /* Each family's candidates on both cores, then in the families'
     * order, as one after another gave them. */
    pd_parallel_for(nfams, family_cands, &job);
    for (size_t i = 0; i < nfams; i++)
        n += fc[i].n;
    if (n > 0)
        c = pd_xmalloc(n * sizeof(*c));
    n = 0;
    for (size_t i = 0; i < nfams; i++) {
        if (fc[i].n)
            memcpy(&c[n], fc[i].c, fc[i].n * sizeof(*c));
        n += fc[i].n;
        free(fc[i].c);
    }
    free(fc);
    if (!c)
        return 0; /* nothing outside the noise */
    qsort(c, n, sizeof(*c), by_score);
    /* Each candidate's drivers cost a pass over the facts per dimension
     * (the demo week: ~60 candidates, well under a second); folding needs
     * them all, as a story told by many cells frees the places below it. */
    ndone = n < PD_ATT_MAXCAND ? n : PD_ATT_MAXCAND;
    job.c = c;
    pd_parallel_for(ndone, cand_drivers, &job);
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
    nkept = pick(kept, nkept, items, max);
    free(kept);
    free(c);
    return nkept;
}

size_t
pd_attention_falls(const struct pd_att_family *f, struct pd_att_fall *falls,
                   size_t max)
{
    struct split *sp;
    struct pd_att_judgement *j;
    bool *taken;
    int acc = -1;
    size_t k = 0;

    for (int d = 0; d < PD_ATT_NDIMS; d++)
        if (f->dims[d] && strcmp(f->dims[d], "account") == 0)
            acc = d;
    if (acc < 0)
        return 0;
    sp = pd_xmalloc(sizeof(*sp));
    split_all(f, acc, sp);
    j = pd_xcalloc(sp->n + 1, sizeof(*j));
    taken = pd_xcalloc(sp->n + 1, sizeof(*taken));
    for (size_t i = 0; i < sp->n; i++)
        judge_series(f, &sp->s[i], &j[i]);
    for (; k < max; k++) {
        size_t best = sp->n;
        for (size_t i = 0; i < sp->n; i++)
            if (!taken[i] && j[i].usable && j[i].change < 0 &&
                (best == sp->n || j[i].score > j[best].score))
                best = i;
        if (best == sp->n)
            break;
        taken[best] = true;
        falls[k] =
            (struct pd_att_fall){sp->value[best], sp->any[best]->account_name,
                                 sp->any[best]->arr, j[best]};
    }
    free(taken);
    free(j);
    free(sp);
    return k;
}
