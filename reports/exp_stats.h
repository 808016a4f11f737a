/*
 * exp_stats - the statistics of an experiment readout (SPEC §9): a
 * treatment against its control (difference, 95 % interval, unpooled z,
 * two-sided p), the relative lift by the delta method, Holm over a family
 * of tests, the sample-ratio-mismatch chi-square, the planned sample for a
 * minimum detectable effect, CUPED's variance reduction (Deng et al.
 * 2013) and the always-valid p-value of the mixture SPRT (Johari et al.
 * 2017).  Pure arithmetic on summaries the SQL computes set-based (counts,
 * sums, sums of squares), so every formula is unit-tested by hand.
 *
 * Ownership: no allocation; results are written into the caller's structs
 * and arrays.
 * Errors: none reported: an undefined quantity (no users, a zero control
 * mean for a relative lift, no variance) comes out as NAN and the caller
 * writes it as JSON null, never as 0.
 * Limits: normal approximations throughout (SPEC §9: count metrics use the
 * same unpooled z, no t-distribution); chi-square tails by the regularized
 * incomplete gamma to about 1e-12 relative.
 */
#ifndef PD_EXP_STATS_H
#define PD_EXP_STATS_H

#include <stdbool.h>
#include <stddef.h>

#define PD_XS_Z975 1.959963984540054 /* two-sided 95 % */
#define PD_XS_Z80  0.841621233572914 /* power 0.8 */

/* One variant's metric: users n, mean, and variance as SPEC §9 defines it
 * (p(1-p) for a 0/1 metric, the sample variance s², divisor n-1, for a
 * count metric). */
struct pd_xs_sample {
    double n, mean, variance;
};

/* Per-user sums of a metric Y and its pre-exposure value X (CUPED). */
struct pd_xs_sums {
    double n, y, yy, x, xx, xy;
};

/* Treatment against control. */
struct pd_xs_result {
    double diff, se, ci_low, ci_high, z, p;
    double lift, lift_se, lift_ci_low, lift_ci_high; /* NAN: control 0 */
};

/* Φ, the standard normal distribution function. */
double pd_xs_norm_cdf(double z);

/* P(X > x) for X chi-square with df degrees of freedom (df > 0). */
double pd_xs_chi2_sf(double x, double df);

/* A 0/1 metric's sample from n users of whom k converted. */
struct pd_xs_sample pd_xs_proportion(double n, double k);

/* A count metric's sample from n users, the sum and the sum of squares. */
struct pd_xs_sample pd_xs_counts(double n, double sum, double sumsq);

/* SPEC §9: d = mean_t - mean_c, se = sqrt(var_t/n_t + var_c/n_c), 95 %
 * interval, z, two-sided p; r = d / mean_c with the delta-method se. */
void pd_xs_compare(const struct pd_xs_sample *t, const struct pd_xs_sample *c,
                   struct pd_xs_result *out);

/* Holm's step-down adjustment of the n p-values p into adj (may alias
 * p): adj_(i) = max over j <= i of min(1, (n - j + 1) p_(j)), in the
 * order of the sorted p-values, written back in the input order.
 * n <= 256. */
void pd_xs_holm(const double *p, size_t n, double *adj);

/* Pearson chi-square of users[k] against the expected shares weights[k]
 * (any positive scale), k - 1 degrees of freedom: the SRM p-value.  NAN
 * with fewer than two variants or no users. */
double pd_xs_srm_p(const double *users, const double *weights, size_t k);

/* Users per variant to detect a relative effect mde on a metric of
 * control mean and variance (two-sided α 0.05, power 0.8, equal
 * variances): 2 (z_α/2 + z_β)² var / (mde · mean)², rounded up.  NAN when
 * the effect is 0. */
double pd_xs_sample_size(double mean, double variance, double mde);

/* CUPED: θ = cov(X, Y) / var(X) over both variants' users together, then
 * each variant's mean Y - θ (X̄_v - X̄) and variance var(Y) - 2θ cov(X, Y)
 * + θ² var(X) within the variant.  *theta 0 (no adjustment) when X does
 * not vary. */
void pd_xs_cuped(const struct pd_xs_sums *t, const struct pd_xs_sums *c,
                 struct pd_xs_sample *t_out, struct pd_xs_sample *c_out,
                 double *theta);

/* The mixture SPRT's likelihood ratio for a difference estimated as d
 * with variance v = se² (normal mixing distribution N(0, tau2) over the
 * true difference): Λ = sqrt(v / (v + τ²)) exp(τ² d² / (2 v (v + τ²))).
 * The always-valid p-value after looks 1..m is min over them of
 * min(1, 1/Λ): pass the previous one as p_prev (1 at the first look). */
double pd_xs_msprt_p(double d, double v, double tau2, double p_prev);

/* The always-valid (1 - alpha) confidence sequence of the same mixture:
 * the differences theta whose Λ(d - theta) stays below 1/alpha, d ± h with
 * h = sqrt(2 v (v + τ²) / τ² · (ln(1/alpha) + ln(sqrt((v + τ²) / v)))).
 * NAN when v or tau2 is not positive. */
double pd_xs_msprt_halfwidth(double v, double tau2, double alpha);

#endif
