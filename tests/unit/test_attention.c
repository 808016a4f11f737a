/*
 * test_attention - SPEC §10's statistics on hand-made facts, without a
 * database: the count and binomial ranges, the NPS margin, the mix/rate
 * split, a binomial rate, the 4-week and minimum-count rules, a planted surge
 * ranked and folded with its driver named, a quiet week, and an NPS change
 * inside its margin, a reopen rate's mix and rate parts, a level (median
 * hours) against its weeks' spread, an event's adoption drop, tied items
 * ranked alike whatever the order of a week's rows.  Expected
 * values are worked out in the comments.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "reports/attention.h"
#include "reports/attention_facts.h"

/* cmocka's assert_float_equal() works in float; these need doubles. */
#define near(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

static void
test_ranges(void **state)
{
    double lo, hi;
    const double x[4] = {2, 4, 4, 6}; /* mean 4, squares 4+0+0+4 = 8 */

    (void)state;
    near(pd_attention_sd(x, 4), sqrt(8.0 / 3), 1e-12);
    near(pd_attention_sd(x, 1), 0, 0);
    /* sd 5 is below √100 = 10: the Poisson floor wins; 100 ± 19.6. */
    near(pd_attention_poisson(100, 5, &lo, &hi), 10, 1e-12);
    near(lo, 80.4, 1e-9);
    near(hi, 119.6, 1e-9);
    /* Weeks that vary more widen it: 100 ± 1.96 x 15 = 100 ± 29.4. */
    near(pd_attention_poisson(100, 15, &lo, &hi), 15, 1e-12);
    near(lo, 70.6, 1e-9);
    /* Binomial at 80 % over 100: 1.96 x √(0.8 x 0.2 / 100) = 0.0784. */
    pd_attention_binomial(0.8, 100, &lo, &hi);
    near(lo, 0.7216, 1e-12);
    near(hi, 0.8784, 1e-12);
    /* NPS margin, SPEC §6: 16 promoters, 12 detractors of 40: shares
     * 0.4 and 0.3, (0.7 - 0.01) / 40 = 0.01725, 196 x √0.01725. */
    near(pd_attention_nps_moe(16, 12, 40), 196 * sqrt(0.01725), 1e-9);
}

static void
test_mix_rate(void **state)
{
    /* Baseline: A 50 at 80, B 50 at 20 (overall 50).  This week: A 20 at
     * 80, B 80 at 10 (overall 24): -26 = mix (0.2 - 0.5) 80 = -24 and
     * (0.8 - 0.5) 20 = +6, rate 0.2 x 0 = 0 and 0.8 x (10 - 20) = -8. */
    const double den0[2] = {50, 50}, num0[2] = {4000, 1000};
    const double den1[2] = {20, 80}, num1[2] = {1600, 800};
    double mix[2], rate[2];

    (void)state;
    pd_attention_mix_rate(2, den0, num0, den1, num1, mix, rate);
    near(mix[0], -24, 1e-9);
    near(mix[1], 6, 1e-9);
    near(rate[0], 0, 1e-9);
    near(rate[1], -8, 1e-9);
    near(mix[0] + mix[1] + rate[0] + rate[1], 24 - 50, 1e-9);
}

/* A tickets family over area x plan: (Billing, Pro), (Login, Pro),
 * (Billing, Enterprise), (Login, Enterprise) with the given counts every
 * baseline week and this week. */
static struct pd_att_fact facts[PD_ATT_WEEKS * 4];

static void
grid(struct pd_att_family *f, const double base[4], const double now[4],
     int covered_weeks)
{
    static const char *const area[4] = {"Billing", "Login", "Billing", "Login"};
    static const char *const plan[4] = {"Pro", "Pro", "Enterprise",
                                        "Enterprise"};
    size_t n = 0;

    memset(f, 0, sizeof(*f));
    f->metric = "tickets_created";
    f->kind = PD_ATT_COUNT;
    f->min_count = 20;
    f->dims[0] = "product_area";
    f->dims[1] = "plan";
    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        f->covered[w] = w < covered_weeks + 1;
        for (int c = 0; c < 4; c++) {
            struct pd_att_fact *x = &facts[n++];
            memset(x, 0, sizeof(*x));
            x->week = w;
            x->dim[0] = area[c];
            x->dim[1] = plan[c];
            x->arr = -1;
            x->n = w == 0 ? now[c] : base[c];
        }
    }
    f->facts = facts;
    f->nfacts = n;
}

static void
test_surge(void **state)
{
    /* Baseline: Billing 10 + 10 = 20, Enterprise 10 + 20 = 30, total 50.
     * This week Billing x Enterprise 40: Billing 50 (+30, spread √20, score
     * 30/√20 = 6.71), Enterprise 60 (+30, √30, 5.48), total 80 (+30, √50,
     * 4.24).  Billing ranks first; its plan split puts Enterprise +30
     * (40 against 10), Pro 0; Enterprise and the total name Billing (or
     * Enterprise) as their top driver and fold into it. */
    const double base[4] = {10, 10, 10, 20}, now[4] = {10, 10, 40, 20};
    struct pd_att_family f;
    struct pd_att_item it[PD_ATT_MAXITEM];
    size_t n;

    (void)state;
    grid(&f, base, now, 13);
    n = pd_attention_rank(&f, 1, it, PD_ATT_MAXITEM);
    assert_int_equal(n, 1);
    assert_string_equal(it[0].dimension, "product_area");
    assert_string_equal(it[0].value, "Billing");
    near(it[0].j.this_week, 50, 0);
    near(it[0].j.baseline, 20, 1e-12);
    near(it[0].j.change, 30, 1e-12);
    near(it[0].j.spread, sqrt(20), 1e-12);
    near(it[0].j.score, 30 / sqrt(20), 1e-12);
    assert_int_equal(it[0].ndrivers, 1);
    assert_string_equal(it[0].drivers[0].dimension, "plan");
    assert_string_equal(it[0].drivers[0].value, "Enterprise");
    near(it[0].drivers[0].this_week, 40, 0);
    near(it[0].drivers[0].baseline, 10, 1e-12);
    near(it[0].drivers[0].delta, 30, 1e-12);
}

static void
test_quiet_and_rules(void **state)
{
    const double base[4] = {10, 10, 10, 20}, same[4] = {10, 10, 10, 20};
    const double surge[4] = {10, 10, 40, 20};
    const double small[4] = {1, 1, 1, 2}, small_now[4] = {1, 1, 10, 2};
    struct pd_att_family f;
    struct pd_att_item it[PD_ATT_MAXITEM];
    struct pd_att_judgement j;

    (void)state;
    grid(&f, base, same, 13);
    assert_int_equal(pd_attention_rank(&f, 1, it, PD_ATT_MAXITEM), 0);
    /* Three whole baseline weeks are not a baseline (SPEC §10). */
    grid(&f, base, surge, 3);
    pd_attention_judge(&f, -1, NULL, &j);
    assert_false(j.usable);
    assert_int_equal(j.weeks, 3);
    assert_int_equal(pd_attention_rank(&f, 1, it, PD_ATT_MAXITEM), 0);
    grid(&f, base, surge, 4);
    pd_attention_judge(&f, -1, NULL, &j);
    assert_true(j.usable);
    assert_int_equal(j.weeks, 4);
    /* Total 5 a week, this week 14: outside 5 ± 1.96 √5 = [0.62, 9.38],
     * but max(14, 5) < 20 tickets: never news. */
    grid(&f, small, small_now, 13);
    pd_attention_judge(&f, -1, NULL, &j);
    assert_true(j.outside);
    assert_false(j.enough);
    assert_int_equal(pd_attention_rank(&f, 1, it, PD_ATT_MAXITEM), 0);
}

/* NPS: 40 responses a week, 20 promoters and 10 detractors (NPS 25). */
static struct pd_att_fact nps_facts[PD_ATT_WEEKS];

static void
nps(struct pd_att_family *f, double p, double d)
{
    memset(f, 0, sizeof(*f));
    f->metric = "nps";
    f->kind = PD_ATT_NPS;
    f->higher_is_good = true;
    f->min_count = 30;
    f->dims[4] = "plan";
    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        f->covered[w] = true;
        nps_facts[w] = (struct pd_att_fact){
            w,         {NULL, NULL, NULL, NULL, "Enterprise"},
            NULL,      -1,
            40,        w ? 20 : p,
            w ? 10 : d};
    }
    f->facts = nps_facts;
    f->nfacts = PD_ATT_WEEKS;
}

static void
test_nps_margin(void **state)
{
    struct pd_att_family f;
    struct pd_att_judgement j;
    struct pd_att_item it[PD_ATT_MAXITEM];

    (void)state;
    /* 16 and 12 of 40: NPS 10, -15 against ±196 √0.01725 = ±25.7: inside. */
    nps(&f, 16, 12);
    pd_attention_judge(&f, -1, NULL, &j);
    near(j.this_week, 10, 1e-12);
    near(j.change, -15, 1e-12);
    near(j.hi - j.baseline, 196 * sqrt(0.01725), 1e-9);
    assert_false(j.outside);
    assert_int_equal(pd_attention_rank(&f, 1, it, PD_ATT_MAXITEM), 0);
    /* 8 and 20 of 40: NPS -30, -55 against ±196 √((0.7 - 0.09) / 40) =
     * ±24.2: flagged. */
    nps(&f, 8, 20);
    pd_attention_judge(&f, -1, NULL, &j);
    near(j.change, -55, 1e-12);
    near(j.hi - j.baseline, 196 * sqrt(0.61 / 40), 1e-9);
    assert_true(j.outside);
    assert_int_equal(pd_attention_rank(&f, 1, it, PD_ATT_MAXITEM), 1);
}

static void
test_binomial_rate(void **state)
{
    struct pd_att_family f;
    struct pd_att_judgement j;

    (void)state;
    /* CSAT: 100 rated a week, 80 good (80 %); this week 70 of 100: -10
     * points, outside 80 ± 100 x 1.96 √(0.8 x 0.2 / 100) = [72.16, 87.84];
     * 75 of 100 is inside. */
    nps(&f, 70, 0);
    f.kind = PD_ATT_RATE;
    f.metric = "csat_pct";
    f.min_count = 20;
    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        nps_facts[w].n = 100;
        nps_facts[w].promoters = w ? 80 : 70;
        nps_facts[w].detractors = 0;
    }
    pd_attention_judge(&f, -1, NULL, &j);
    near(j.baseline, 80, 1e-12);
    near(j.change, -10, 1e-12);
    near(j.lo, 72.16, 1e-9);
    near(j.hi, 87.84, 1e-9);
    assert_true(j.outside);
    nps_facts[0].promoters = 75;
    pd_attention_judge(&f, -1, NULL, &j);
    assert_false(j.outside);
}

/* Interned values (pd_att_family.interned) compare by address: the
 * rate family of test_reopen_mix_and_rate judged the same either way, and
 * a caller's own copy of a value still finds its cell. */
static void reopen(struct pd_att_family *f, const double n0[2],
                   const double k0[2], const double n1[2], const double k1[2]);

static void
test_interned_values(void **state)
{
    struct pd_att_family f;
    struct pd_att_item it[PD_ATT_MAXITEM];
    struct pd_att_judgement a, b;
    char copy[2] = "B";

    (void)state;
    reopen(&f, (double[2]){20, 80}, (double[2]){8, 8}, (double[2]){20, 80},
           (double[2]){8, 24});
    pd_attention_judge(&f, 0, "B", &a);
    f.interned = true;
    pd_attention_judge(&f, 0, copy, &b);
    assert_true(b.usable);
    near(b.change, a.change, 0);
    near(b.count, 80, 0);
    assert_int_equal(pd_attention_rank(&f, 1, it, PD_ATT_MAXITEM), 1);
    assert_string_equal(it[0].value, "B");
    near(it[0].j.change, 20, 1e-12);
    /* A value no fact has is an empty cell, not a match of NULLs. */
    pd_attention_judge(&f, 0, "C", &b);
    assert_false(b.usable);
    near(b.count, 0, 0);
}

/* A rate family over product_area (A, B): every baseline week and this
 * week, n solved and k reopened per area. */
static struct pd_att_fact rate_facts[PD_ATT_WEEKS * 2];

static void
reopen(struct pd_att_family *f, const double n0[2], const double k0[2],
       const double n1[2], const double k1[2])
{
    static const char *const area[2] = {"A", "B"};
    size_t m = 0;

    memset(f, 0, sizeof(*f));
    f->metric = "reopen_rate_pct";
    f->kind = PD_ATT_RATE;
    f->min_count = 20;
    f->dims[0] = "product_area";
    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        f->covered[w] = true;
        for (int c = 0; c < 2; c++) {
            struct pd_att_fact *x = &rate_facts[m++];
            memset(x, 0, sizeof(*x));
            x->week = w;
            x->dim[0] = area[c];
            x->arr = -1;
            x->n = w ? n0[c] : n1[c];
            x->promoters = w ? k0[c] : k1[c];
        }
    }
    f->facts = rate_facts;
    f->nfacts = m;
}

static void
test_reopen_mix_and_rate(void **state)
{
    struct pd_att_family f;
    struct pd_att_item it[PD_ATT_MAXITEM];
    struct pd_att_judgement j;

    (void)state;
    /* Mix: A reopens 40 %, B 10 %, every week.  Baseline A 20 solved (8
     * reopened), B 80 (8): 16 %.  This week A 80 (32), B 20 (2): 34 %,
     * +18 against 16 ± 100 x 1.96 √(0.16 x 0.84 / 100) = [8.81, 23.19].
     * Neither area's own rate moved (A 40, B 10: not flagged), so the item
     * is the total; its split over areas: mix A (0.8 - 0.2) 40 = +24,
     * B (0.2 - 0.8) 10 = -6, rate 0 and 0: the mix moved, all of it. */
    reopen(&f, (double[2]){20, 80}, (double[2]){8, 8}, (double[2]){80, 20},
           (double[2]){32, 2});
    pd_attention_judge(&f, -1, NULL, &j);
    near(j.this_week, 34, 1e-12);
    near(j.baseline, 16, 1e-12);
    near(j.lo, 16 - 196 * sqrt(0.16 * 0.84 / 100), 1e-9);
    assert_true(j.outside);
    pd_attention_judge(&f, 0, "A", &j);
    assert_false(j.outside);
    assert_int_equal(pd_attention_rank(&f, 1, it, PD_ATT_MAXITEM), 1);
    assert_string_equal(it[0].dimension, "total");
    near(it[0].j.change, 18, 1e-12);
    assert_int_equal(it[0].ndrivers, 1);
    assert_string_equal(it[0].drivers[0].value, "A");
    near(it[0].drivers[0].mix, 24, 1e-9);
    near(it[0].drivers[0].rate, 0, 1e-9);
    near(it[0].drivers[0].delta, 24, 1e-9);
    near(it[0].mix, 24 - 6, 1e-9);
    near(it[0].rate, 0, 1e-9);

    /* Rate: same shares (A 20, B 80 both periods); B reopens 24 of 80
     * (30 %) against 8 of 80 (10 %): overall 32 % against 16 %, +16 =
     * rate 0.8 x (30 - 10), mix 0.  B's own rate is outside 10 ± 100 x
     * 1.96 √(0.09 / 80) = ±6.57 (score 20 / 3.354 = 5.96 against the
     * total's 16 / 3.666 = 4.36) and carries all of the total's change:
     * one story, told by B. */
    reopen(&f, (double[2]){20, 80}, (double[2]){8, 8}, (double[2]){20, 80},
           (double[2]){8, 24});
    pd_attention_judge(&f, -1, NULL, &j);
    near(j.change, 16, 1e-12);
    assert_int_equal(pd_attention_rank(&f, 1, it, PD_ATT_MAXITEM), 1);
    assert_string_equal(it[0].dimension, "product_area");
    assert_string_equal(it[0].value, "B");
    near(it[0].j.change, 20, 1e-12);
    near(it[0].j.hi - it[0].j.baseline, 196 * sqrt(0.09 / 80), 1e-9);
    near(it[0].j.score, 20 / (196 * sqrt(0.09 / 80) / 1.96), 1e-9);
}

/* A level (first reply median): a total row and one row per area each
 * week, the total's value tot[w], Billing's bil[w], Login's 3.0. */
static struct pd_att_fact level_facts[PD_ATT_WEEKS * 3];

static void
level(struct pd_att_family *f, const double tot[PD_ATT_WEEKS],
      const double bil[PD_ATT_WEEKS])
{
    size_t m = 0;

    memset(f, 0, sizeof(*f));
    f->metric = "first_reply_hours_median";
    f->kind = PD_ATT_LEVEL;
    f->min_count = 20;
    f->dims[0] = "product_area";
    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        f->covered[w] = true;
        level_facts[m++] =
            (struct pd_att_fact){w, {NULL}, NULL, -1, 40, tot[w], 0};
        level_facts[m++] =
            (struct pd_att_fact){w, {"Billing"}, NULL, -1, 20, bil[w], 0};
        level_facts[m++] =
            (struct pd_att_fact){w, {"Login"}, NULL, -1, 20, 3, 0};
    }
    f->facts = level_facts;
    f->nfacts = m;
}

static void
test_level_against_spread(void **state)
{
    /* Baseline weeks 1-12 alternate 2 h and 4 h, week 13 is 3 h: mean
     * 39 / 13 = 3, deviations ±1 twelve times and 0: sd √(12 / 12) = 1,
     * above the floor 0.05 x 3: range 3 ± 1.96 = [1.04, 4.96]. */
    double tot[PD_ATT_WEEKS], bil[PD_ATT_WEEKS];
    struct pd_att_family f;
    struct pd_att_judgement j;
    struct pd_att_item it[PD_ATT_MAXITEM];

    (void)state;
    for (int w = 1; w < PD_ATT_WEEKS; w++) {
        tot[w] = w == 13 ? 3 : w % 2 ? 2 : 4;
        bil[w] = 3;
    }
    tot[0] = 4.5; /* inside: +1.5 */
    bil[0] = 3;
    level(&f, tot, bil);
    pd_attention_judge(&f, -1, NULL, &j);
    near(j.baseline, 3, 1e-12);
    near(j.spread, 1, 1e-12);
    near(j.lo, 3 - 1.96, 1e-12);
    near(j.hi, 3 + 1.96, 1e-12);
    near(j.count, 40, 0);
    assert_false(j.outside);
    assert_int_equal(pd_attention_rank(&f, 1, it, PD_ATT_MAXITEM), 0);
    /* 6 h: +3, outside, score 3 / 1.  Billing went from a flat 3 h to 9
     * h: its weeks have no spread, so the floor 0.05 x 3 = 0.15 is its
     * spread (score 6 / 0.15 = 40); it names itself the total's driver
     * (+6, at least half of +3) and tells the one story. */
    tot[0] = 6;
    bil[0] = 9;
    level(&f, tot, bil);
    pd_attention_judge(&f, -1, NULL, &j);
    assert_true(j.outside);
    near(j.score, 3, 1e-12);
    pd_attention_judge(&f, 0, "Billing", &j);
    near(j.spread, 0.15, 1e-12);
    near(j.score, 40, 1e-9);
    assert_int_equal(pd_attention_rank(&f, 1, it, PD_ATT_MAXITEM), 1);
    assert_string_equal(it[0].dimension, "product_area");
    assert_string_equal(it[0].value, "Billing");
    near(it[0].j.change, 6, 1e-12);
    /* A flat baseline: 10 h every week, spread the floor 0.5: 10.8 is
     * inside [9.02, 10.98], 11.5 outside (score 1.5 / 0.5 = 3). */
    for (int w = 0; w < PD_ATT_WEEKS; w++)
        tot[w] = bil[w] = 10;
    tot[0] = 10.8;
    level(&f, tot, bil);
    pd_attention_judge(&f, -1, NULL, &j);
    near(j.spread, 0.5, 1e-12);
    assert_false(j.outside);
    tot[0] = 11.5;
    level(&f, tot, bil);
    pd_attention_judge(&f, -1, NULL, &j);
    assert_true(j.outside);
    near(j.score, 3, 1e-9);
}

/* Adoption per event: two events x two plans of 100 active users each. */
static struct pd_att_fact adopt_facts[PD_ATT_WEEKS * 4];

static void
test_event_adoption_drop(void **state)
{
    /* Baseline: "Report Created" Pro 60, Free 40 of 100 each: 50 %;
     * "Export" 20 and 20: 20 %.  This week Report Created Free 10: 70 of
     * 200 = 35 %, -15 against 50 ± 100 x 1.96 √(0.25 / 200) = [43.07,
     * 56.93]: a drop (adoption: higher is good).  Shares unchanged, so mix
     * 0; rate Free 0.5 x (10 - 40) = -15, Pro 0.  The plans are not
     * judged themselves (a plan's adoption of every event is no metric),
     * Export did not move: one item. */
    static const char *const ev[2] = {"Report Created", "Export"};
    static const char *const plan[2] = {"Pro", "Free"};
    struct pd_att_family f;
    struct pd_att_item it[PD_ATT_MAXITEM];
    size_t m = 0;

    (void)state;
    memset(&f, 0, sizeof(f));
    f.metric = "adoption_pct";
    f.kind = PD_ATT_RATE;
    f.higher_is_good = true;
    f.first_dim_only = true;
    f.min_count = 50;
    f.dims[0] = "event";
    f.dims[4] = "plan";
    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        f.covered[w] = true;
        for (int e = 0; e < 2; e++)
            for (int p = 0; p < 2; p++) {
                double users = e ? 20 : p ? (w ? 40 : 10) : 60;
                adopt_facts[m++] = (struct pd_att_fact){
                    w, {ev[e], NULL, NULL, NULL, plan[p]}, NULL, -1, 100, users,
                    0};
            }
    }
    f.facts = adopt_facts;
    f.nfacts = m;
    assert_int_equal(pd_attention_rank(&f, 1, it, PD_ATT_MAXITEM), 1);
    assert_string_equal(it[0].dimension, "event");
    assert_string_equal(it[0].value, "Report Created");
    near(it[0].j.this_week, 35, 1e-12);
    near(it[0].j.baseline, 50, 1e-12);
    near(it[0].j.lo, 50 - 196 * sqrt(0.25 / 200), 1e-9);
    near(it[0].j.score, 15 / (100 * sqrt(0.25 / 200)), 1e-9);
    assert_int_equal(it[0].ndrivers, 1);
    assert_string_equal(it[0].drivers[0].dimension, "plan");
    assert_string_equal(it[0].drivers[0].value, "Free");
    near(it[0].drivers[0].mix, 0, 1e-9);
    near(it[0].drivers[0].rate, -15, 1e-9);
    near(it[0].mix, 0, 1e-9);
    near(it[0].rate, -15, 1e-9);
}

static struct pd_att_fact story_facts[3][PD_ATT_WEEKS * 4];

/* A family of one "account" dimension, 4 accounts of 30 a week, this week
 * now[a]: every flagged account its own story (nothing to fold into). */
static void
accounts_family(struct pd_att_family *f, int which, const char *metric,
                enum pd_att_kind kind, const double now[4])
{
    static const char *const acc[4] = {"A1", "A2", "A3", "A4"};
    size_t m = 0;

    memset(f, 0, sizeof(*f));
    f->metric = metric;
    f->kind = kind;
    f->min_count = 20;
    f->dims[0] = "account";
    for (int w = 0; w < PD_ATT_WEEKS; w++) {
        f->covered[w] = true;
        for (int a = 0; a < 4; a++) {
            double v = w == 0 ? now[a] : 30 + (w % 2 ? 3 : -3);
            /* A level's value is in `promoters`, its count in `n`. */
            story_facts[which][m++] =
                kind == PD_ATT_LEVEL
                    ? (struct pd_att_fact){w, {acc[a]}, acc[a], -1, 40, v, 0}
                    : (struct pd_att_fact){w, {acc[a]}, acc[a], -1, v, 0, 0};
        }
    }
    f->facts = story_facts[which];
    f->nfacts = m;
}

static void
test_stories_across_metrics(void **state)
{
    /* Tickets surge at all four accounts (scores 70/5.5 > 60/5.5 > ...),
     * solved tickets at A4 alone, a lower score; a level (backlog) rises
     * at A1, where tickets surge: the surge's consequence. */
    const double surge[4] = {100, 90, 80, 70}, solved[4] = {30, 30, 30, 55};
    const double backlog[4] = {90, 30, 30, 30};
    struct pd_att_family f[3];
    struct pd_att_item it[PD_ATT_MAXITEM];
    size_t n;

    (void)state;
    accounts_family(&f[0], 0, "tickets_created", PD_ATT_COUNT, surge);
    accounts_family(&f[1], 1, "tickets_solved", PD_ATT_COUNT, solved);
    accounts_family(&f[2], 2, "backlog_end", PD_ATT_LEVEL, backlog);
    n = pd_attention_rank(f, 3, it, 3);
    /* Three places: two of the surge (its total, which no one account
     * carries half of, and A1), then the solved story rather than a third
     * surge cell; the backlog at A1 is told by A1's surge. */
    assert_int_equal(n, 3);
    assert_string_equal(it[0].family->metric, "tickets_created");
    assert_string_equal(it[0].value, "all");
    assert_string_equal(it[1].family->metric, "tickets_created");
    assert_string_equal(it[1].value, "A1");
    assert_string_equal(it[2].family->metric, "tickets_solved");
    assert_string_equal(it[2].value, "A4");
    /* Places left over go to the best remaining, whatever the metric. */
    n = pd_attention_rank(f, 3, it, PD_ATT_MAXITEM);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(it[i].family->metric, "backlog_end");
    /* Alone, the backlog at A1 is a story of its own (and the best). */
    n = pd_attention_rank(&f[2], 1, it, PD_ATT_MAXITEM);
    assert_int_equal(n, 1);
    assert_string_equal(it[0].value, "A1");
}

/* Field col of row: v, or NULL when v is. */
static void
set_field(PGresult *r, int row, int col, char *v)
{
    assert_true(PQsetvalue(r, row, col, v, v ? (int)strlen(v) : -1));
}

/* A result with the columns of the families read as results (week,
 * covered, the eight cells, account name, ARR, n, promoters, detractors,
 * label), as pd_attention_facts_from_result() reads any family's: for
 * each of the 14 weeks the cells of product areas Alpha and Beta, each 10
 * tickets a week before and 40 in the report week, so that the two areas'
 * items tie exactly (same change, same score, no accounts).  reversed puts
 * a week's rows in the opposite order, as another plan could. */
static PGresult *
tie_result(bool reversed)
{
    /* PQsetvalue() takes char *: the values are copied from writable
     * buffers. */
    static char name[] = "c", yes[] = "t", zero[] = "0";
    PGresAttDesc attrs[16];
    PGresult *r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    int row = 0;

    memset(attrs, 0, sizeof(attrs));
    for (int c = 0; c < 16; c++) {
        attrs[c].name = name;
        attrs[c].typid = 25;
        attrs[c].typlen = -1;
        attrs[c].atttypmod = -1;
    }
    assert_true(r && PQsetResultAttrs(r, 16, attrs));
    for (int w = 0; w < PD_ATT_WEEKS; w++)
        for (int k = 0; k < 2; k++) {
            static const char *const area[2] = {"Alpha", "Beta"};
            int cell = reversed ? 1 - k : k;
            int each = w == 0 ? 40 : 10;
            char week[16], n[16], label[24], value[16];

            snprintf(week, sizeof(week), "%d", w);
            snprintf(n, sizeof(n), "%d", each);
            snprintf(label, sizeof(label), "2026-W%02d", 46 - w);
            snprintf(value, sizeof(value), "%s", area[cell]);
            set_field(r, row, 0, week);
            set_field(r, row, 1, yes);
            for (int d = 0; d < PD_ATT_NDIMS; d++)
                set_field(r, row, 2 + d, d == 0 ? value : NULL);
            set_field(r, row, 10, NULL);
            set_field(r, row, 11, NULL);
            set_field(r, row, 12, n);
            set_field(r, row, 13, zero);
            set_field(r, row, 14, zero);
            set_field(r, row, 15, label);
            row++;
        }
    return r;
}

static void
test_tie_order(void **state)
{
    /* The same facts in two row orders rank the same items in the same
     * order: Alpha and Beta (+30 each against 10, score 30/sqrt(10)) tie,
     * and the judge keeps tied items in the order it met them, so without
     * one order of the facts the reversed rows would put Beta first. */
    struct pd_att_family f[2];
    struct pd_att_item it[2][PD_ATT_MAXITEM];
    size_t n[2];

    (void)state;
    for (int v = 0; v < 2; v++) {
        PGresult *r = tie_result(v == 1);
        struct pd_att_fact *fx = calloc((size_t)PQntuples(r) + 1, sizeof(*fx));

        assert_non_null(fx);
        assert_int_equal(
            pd_attention_facts_from_result(r, "tickets_created", &f[v], fx), 0);
        n[v] = pd_attention_rank(&f[v], 1, it[v], PD_ATT_MAXITEM);
        assert_int_equal(n[v], 2);
        assert_string_equal(it[v][0].value, "Alpha");
        assert_string_equal(it[v][1].value, "Beta");
        near(it[v][0].j.score, it[v][1].j.score, 0);
        near(it[v][0].j.score, 30 / sqrt(10), 1e-12);
        free(fx);
        PQclear(r);
    }
    assert_int_equal(
        pd_attention_facts_from_result(NULL, "no_such_metric", &f[0], NULL),
        -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stories_across_metrics),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_mix_rate),
        cmocka_unit_test(test_surge),
        cmocka_unit_test(test_quiet_and_rules),
        cmocka_unit_test(test_nps_margin),
        cmocka_unit_test(test_binomial_rate),
        cmocka_unit_test(test_reopen_mix_and_rate),
        cmocka_unit_test(test_interned_values),
        cmocka_unit_test(test_level_against_spread),
        cmocka_unit_test(test_event_adoption_drop),
        cmocka_unit_test(test_tie_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
