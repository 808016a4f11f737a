/*
 * test_exp_stats - SPEC §9's statistics against values computed by hand
 * (the arithmetic is in the comments) and published ones: chi-square
 * table values, the SRM p-values the issue quotes.
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

#include "reports/exp_stats.h"

/* cmocka 1.1's assert_float_equal works in float: doubles need these. */
#define NEAR(got, want, abs_tol) assert_true(fabs((got) - (want)) <= (abs_tol))
#define CLOSE(got, want, rel) \
    assert_true(fabs((got) - (want)) <= (rel)*fabs(want))

static void
test_two_proportions(void **state)
{
    struct pd_xs_sample t = pd_xs_proportion(1000, 130);
    struct pd_xs_sample c = pd_xs_proportion(1000, 100);
    struct pd_xs_result r;

    (void)state;
    NEAR(t.variance, 0.13 * 0.87, 1e-15); /* p(1-p) */
    pd_xs_compare(&t, &c, &r);
    NEAR(r.diff, 0.03, 1e-15);
    /* se = sqrt(.13 x .87 / 1000 + .1 x .9 / 1000) = sqrt(0.0002031) */
    CLOSE(r.se, 0.014251315728731857, 1e-12);
    CLOSE(r.z, 2.1050687930179994, 1e-12);
    CLOSE(r.p, 0.0352853202504928, 1e-9);
    CLOSE(r.ci_low, 0.03 - 1.959963984540054 * 0.014251315728731857, 1e-12);
    /* Relative lift 0.3 with the delta-method se
     * sqrt(var_t / .1² + .13² var_c / .1⁴), var = p(1-p)/n. */
    CLOSE(r.lift, 0.3, 1e-12);
    CLOSE(r.lift_se, 0.16284962388657825, 1e-12);
    CLOSE(r.lift_ci_high, 0.3 + 1.959963984540054 * 0.16284962388657825, 1e-12);
}

static void
test_count_metric(void **state)
{
    /* treatment 3 5 2 4 6 (mean 4, s² 2.5); control 1 2 2 3 2 (2, 0.5) */
    struct pd_xs_sample t = pd_xs_counts(5, 20, 9 + 25 + 4 + 16 + 36);
    struct pd_xs_sample c = pd_xs_counts(5, 10, 1 + 4 + 4 + 9 + 4);
    struct pd_xs_result r;

    (void)state;
    NEAR(t.mean, 4, 1e-15);
    NEAR(t.variance, 2.5, 1e-12);
    NEAR(c.variance, 0.5, 1e-12);
    pd_xs_compare(&t, &c, &r);
    /* unpooled z = 2 / sqrt(2.5/5 + 0.5/5) = 2 / sqrt(0.6) */
    CLOSE(r.se, sqrt(0.6), 1e-12);
    CLOSE(r.z, 2.581988897471611, 1e-12);
    CLOSE(r.p, 0.009823274507519297, 1e-9);
}

static void
test_undefined_is_nan(void **state)
{
    struct pd_xs_sample t = pd_xs_proportion(10, 1),
                        c = pd_xs_proportion(10, 0);
    struct pd_xs_result r;

    (void)state;
    pd_xs_compare(&t, &c, &r);
    assert_true(isnan(r.lift) && isnan(r.lift_ci_low)); /* control mean 0 */
    assert_true(isnan(pd_xs_proportion(0, 0).mean));
    assert_true(isnan(pd_xs_counts(1, 3, 9).variance)); /* one user */
}

static void
test_holm(void **state)
{
    /* sorted: .005 x 4 = .02, .01 x 3 = .03, .03 x 2 = .06, .04 x 1 = .04
     * -> running max .02 .03 .06 .06, back in input order. */
    double p[4] = {0.01, 0.04, 0.03, 0.005}, adj[4];
    double big[3] = {0.5, 0.6, NAN};

    (void)state;
    pd_xs_holm(p, 4, adj);
    NEAR(adj[0], 0.03, 1e-15);
    NEAR(adj[1], 0.06, 1e-15);
    NEAR(adj[2], 0.06, 1e-15);
    NEAR(adj[3], 0.02, 1e-15);
    pd_xs_holm(big, 3, big); /* in place, capped at 1, NaN stays */
    NEAR(big[0], 1, 0);
    NEAR(big[1], 1, 0);
    assert_true(isnan(big[2]));
}

static void
test_chi2_and_srm(void **state)
{
    double w[3] = {50, 50, 0}, eq[3] = {1, 1, 1};
    double a[2] = {5100, 4900}, b[2] = {5200, 4800}, three[3] = {360, 320, 320};

    (void)state;
    /* Table values: χ²(1) 3.841459 and χ²(10) 18.307038 at p = 0.05. */
    CLOSE(pd_xs_chi2_sf(3.841458820694124, 1), 0.05, 1e-9);
    CLOSE(pd_xs_chi2_sf(18.307038053275146, 10), 0.05, 1e-8);
    /* 4 df: the tail is exp(-x/2)(1 + x/2), one point per branch. */
    CLOSE(pd_xs_chi2_sf(2, 4), exp(-1) * 2, 1e-12);  /* series */
    CLOSE(pd_xs_chi2_sf(10, 4), exp(-5) * 6, 1e-12); /* continued fraction */
    NEAR(pd_xs_chi2_sf(0, 3), 1, 0);
    /* The SRM cases: 5 100 / 4 900 is χ² 4, p = erfc(√2) ≈ 0.046;
     * 5 200 / 4 800 is χ² 16, p ≈ 6.3e-5. */
    CLOSE(pd_xs_srm_p(a, w, 2), 0.045500263896358396, 1e-9);
    CLOSE(pd_xs_srm_p(b, w, 2), 6.334248366623977e-05, 1e-8);
    /* three variants: χ² 3.2 on 2 df, whose tail is exp(-x/2) exactly */
    CLOSE(pd_xs_srm_p(three, eq, 3), exp(-1.6), 1e-10);
    assert_true(isnan(pd_xs_srm_p(a, w, 1)));
}

static void
test_sample_size(void **state)
{
    (void)state;
    /* 10 % baseline, 10 % relative effect: 2 (1.96 + 0.8416)² 0.09 / 0.01²
     * = 14 127.9 -> 14 128 users per variant. */
    NEAR(pd_xs_sample_size(0.1, 0.09, 0.1), 14128, 0);
    assert_true(isnan(pd_xs_sample_size(0, 0.09, 0.1)));
}

static void
test_cuped(void **state)
{
    /* treatment X 1..6, Y 2 3 5 4 7 8; control X 2 1 4 3 6 5, Y 2 1 3 3 5 5.
     * Pooled θ = cov(X, Y) / var(X) = 1; adjusted means 4.8333 and 3.1667
     * (X̄ is 3.5 in both, so the means do not move), variances 0.6667 and
     * 0.2667 against 5.3667 and 2.5667 unadjusted. */
    struct pd_xs_sums t = {6,  29, 4 + 9 + 25 + 16 + 49 + 64,
                           21, 91, 2 + 6 + 15 + 16 + 35 + 48};
    struct pd_xs_sums c = {6,  19, 4 + 1 + 9 + 9 + 25 + 25,
                           21, 91, 4 + 1 + 12 + 9 + 30 + 25};
    struct pd_xs_sample ta, ca;
    double theta;

    (void)state;
    pd_xs_cuped(&t, &c, &ta, &ca, &theta);
    CLOSE(theta, 1.0, 1e-12);
    CLOSE(ta.mean, 4.833333333333333, 1e-12);
    CLOSE(ca.mean, 3.1666666666666665, 1e-12);
    CLOSE(ta.variance, 0.6666666666666666, 1e-12);
    CLOSE(ca.variance, 0.26666666666666666, 1e-12);
}

static void
test_msprt(void **state)
{
    double p;

    (void)state;
    /* d 0.03, v = se² 0.0002031, τ² 1e-4:
     * Λ = sqrt(v / (v + τ²)) exp(τ² d² / (2 v (v + τ²))) = 1.70032. */
    p = pd_xs_msprt_p(0.03, 0.0002031, 1e-4, 1);
    CLOSE(p, 0.588124496124422, 1e-10);
    /* Always valid: a later, weaker look never raises it. */
    NEAR(pd_xs_msprt_p(0.0, 0.0001, 1e-4, p), p, 0);
    /* No variance yet: the previous p stands. */
    NEAR(pd_xs_msprt_p(0.03, 0, 1e-4, 1), 1, 0);
    /* The same data at the fixed horizon is significant (p 0.035): the
     * mixture SPRT pays for peeking with a larger p. */
    assert_true(p > 0.0352853202504928);
}

static void
test_msprt_halfwidth(void **state)
{
    double h, d = 0.03, v = 0.0002031, tau2 = 1e-4;

    (void)state;
    /* By hand: 2 v (v + τ²) / τ² = 2 · 0.0002031 · 0.0003031 / 1e-4 =
     * 0.00123119; ln(1/0.05) = 2.995732; ln(sqrt(3.031/2.031)) = 0.200213;
     * h = sqrt(0.00123119 · 3.195945) = 0.062728. */
    h = pd_xs_msprt_halfwidth(v, tau2, 0.05);
    CLOSE(h, 0.0627283, 1e-5);
    /* At the edge of the sequence the p-value is alpha: Λ(h) = 1/alpha. */
    CLOSE(pd_xs_msprt_p(h, v, tau2, 1), 0.05, 1e-9);
    /* d = 0.03 lies inside (p 0.59): the interval covers 0. */
    assert_true(d - h < 0 && d + h > 0);
    assert_true(isnan(pd_xs_msprt_halfwidth(0, tau2, 0.05)));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_proportions),
        cmocka_unit_test(test_count_metric),
        cmocka_unit_test(test_undefined_is_nan),
        cmocka_unit_test(test_holm),
        cmocka_unit_test(test_chi2_and_srm),
        cmocka_unit_test(test_sample_size),
        cmocka_unit_test(test_cuped),
        cmocka_unit_test(test_msprt),
        cmocka_unit_test(test_msprt_halfwidth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
