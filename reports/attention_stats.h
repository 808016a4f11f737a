/*
 * attention_stats - the arithmetic of SPEC §10's noise control: sample
 * spread, the Poisson, binomial and weeks'-spread ranges, the NPS margin
 * of error and the mix/rate split of a rate's change.
 *
 * Pure functions of their arguments, no state, no allocation.
 *
 * Ownership: the caller owns every array passed in and out.
 * Errors: none; a degenerate input (n = 0, an empty baseline) gives 0 or a
 * zero-width range, never NaN, where noted below.
 * Limits: 95 % two-sided intervals (z = 1.96) by the normal
 * approximation; no continuity correction.
 */
#ifndef PD_ATTENTION_STATS_H
#define PD_ATTENTION_STATS_H

#include <stddef.h>

#define PD_ATT_Z95 1.96
/* The weeks'-spread range of a level (a median time, the backlog) is at
 * least this share of the baseline wide as one spread: see
 * pd_attention_level(). */
#define PD_ATT_LEVEL_FLOOR 0.05

/* Sample standard deviation of x[0..n) (n - 1 in the denominator); 0 for
 * fewer than two values. */
double pd_attention_sd(const double *x, size_t n);

/* The count range around a baseline mean with the weeks' sample sd:
 * spread = max(sd, √mean), mean ± 1.96 spread.  Returns the spread. */
double pd_attention_poisson(double mean, double sd, double *lo, double *hi);

/* The binomial range of a share p0 (0-1) at n trials: p0 ± 1.96
 * √(p0 (1 - p0) / n), clamped to [0, 1].  n > 0. */
void pd_attention_binomial(double p0, double n, double *lo, double *hi);

/* The range of a level (a median of hours, the week-end backlog) that no
 * sampling model fits: a median's error depends on the shape of the
 * distribution, and the backlog is a stock, each week the last plus the
 * flow, not an independent draw.  The baseline weeks' own variation is
 * the measure of normal: spread = max(sd, PD_ATT_LEVEL_FLOOR |mean|),
 * mean ± 1.96 spread.  The floor keeps a baseline of identical weeks
 * (a steady queue, a synthetic fixture) from making any move news: the
 * smallest change that can be news is ~10 % of the baseline.  Returns the
 * spread. */
double pd_attention_level(double mean, double sd, double *lo, double *hi);

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

#endif
