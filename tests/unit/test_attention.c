/*
 * test_attention - SPEC §10's statistics on hand-made facts, without a
 * database: the count and binomial ranges, the NPS margin, the mix/rate
 * split, a binomial rate, the 4-week and minimum-count rules, a planted surge
 * ranked and folded with its driver named, a quiet week, and an NPS change
 * inside its margin.  Expected values are worked out in the comments.
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

#include <math.h>

#include "reports/attention.h"

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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_mix_rate),
        cmocka_unit_test(test_surge),
        cmocka_unit_test(test_quiet_and_rules),
        cmocka_unit_test(test_nps_margin),
        cmocka_unit_test(test_binomial_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
