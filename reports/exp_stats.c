#include "exp_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double
pd_xs_norm_cdf(double z)
{
    return 0.5 * erfc(-z / M_SQRT2);
}

/* The regularized lower incomplete gamma P(a, x) by its series (x < a + 1,
 * where it converges fast) and the upper one Q(a, x) by Lentz's continued
 * fraction otherwise (Numerical Recipes §6.2): each is accurate where the
 * other is slow. */
static double
gamma_p_series(double a, double x)
{
    double sum = 1 / a, term = sum;

    for (int n = 1; n < 1000; n++) {
        term *= x / (a + n);
        sum += term;
        if (fabs(term) < fabs(sum) * 1e-15)
            break;
    }
    return sum * exp(-x + a * log(x) - lgamma(a));
}

static double
gamma_q_fraction(double a, double x)
{
    const double tiny = 1e-300;
    double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;

    for (int i = 1; i < 1000; i++) {
        double an = -i * (i - a), delta;

        b += 2;
        d = an * d + b;
        if (fabs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1 / d;
        delta = d * c;
        h *= delta;
        if (fabs(delta - 1) < 1e-15)
            break;
    }
    return exp(-x + a * log(x) - lgamma(a)) * h;
}

double
pd_xs_chi2_sf(double x, double df)
{
    double a = df / 2, h = x / 2;

    if (!(x > 0))
        return 1;
    return h < a + 1 ? 1 - gamma_p_series(a, h) : gamma_q_fraction(a, h);
}

struct pd_xs_sample
pd_xs_proportion(double n, double k)
{
    double p = n > 0 ? k / n : NAN;

    return (struct pd_xs_sample){n, p, p * (1 - p)};
}

struct pd_xs_sample
pd_xs_counts(double n, double sum, double sumsq)
{
    double mean = n > 0 ? sum / n : NAN;
    /* Σ(x - x̄)² = Σx² - n x̄², clamped: rounding must not make it < 0. */
    double ss = n > 0 ? fmax(sumsq - n * mean * mean, 0) : NAN;

    return (struct pd_xs_sample){n, mean, n > 1 ? ss / (n - 1) : NAN};
}

void
pd_xs_compare(const struct pd_xs_sample *t, const struct pd_xs_sample *c,
              struct pd_xs_result *out)
{
    double vt = t->variance / t->n, vc = c->variance / c->n;
    double mc = c->mean;

    out->diff = t->mean - c->mean;
    out->se = sqrt(vt + vc);
    out->ci_low = out->diff - PD_XS_Z975 * out->se;
    out->ci_high = out->diff + PD_XS_Z975 * out->se;
    out->z = out->se > 0 ? out->diff / out->se : NAN;
    out->p = isnan(out->z) ? NAN : 2 * (1 - pd_xs_norm_cdf(fabs(out->z)));
    if (mc == 0 || isnan(mc)) {
        out->lift = out->lift_se = out->lift_ci_low = out->lift_ci_high = NAN;
        return;
    }
    out->lift = out->diff / mc;
    out->lift_se =
        sqrt(vt / (mc * mc) + t->mean * t->mean * vc / (mc * mc * mc * mc));
    out->lift_ci_low = out->lift - PD_XS_Z975 * out->lift_se;
    out->lift_ci_high = out->lift + PD_XS_Z975 * out->lift_se;
}

struct ranked {
    double p;
    size_t at;
    bool missing; /* NaN in: NaN out (adj may alias p) */
};

static int
by_p(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;

    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

void
pd_xs_holm(const double *p, size_t n, double *adj)
{
    struct ranked r[256];
    double run = 0;

    if (n == 0)
        return;
    if (n > 256)
        n = 256;
    for (size_t i = 0; i < n; i++)
        r[i] = (struct ranked){isnan(p[i]) ? 1 : p[i], i, isnan(p[i])};
    qsort(r, n, sizeof(r[0]), by_p);
    for (size_t j = 0; j < n; j++) {
        run = fmax(run, fmin(1, (double)(n - j) * r[j].p));
        /* A test that could not run has no adjusted p, but it still
         * counts in n: it was planned. */
        adj[r[j].at] = r[j].missing ? NAN : run;
    }
}

double
pd_xs_srm_p(const double *users, const double *weights, size_t k)
{
    double total = 0, wsum = 0, chi2 = 0;

    for (size_t i = 0; i < k; i++) {
        total += users[i];
        wsum += weights[i];
    }
    if (k < 2 || total <= 0 || wsum <= 0)
        return NAN;
    for (size_t i = 0; i < k; i++) {
        double e = total * weights[i] / wsum;
        chi2 += (users[i] - e) * (users[i] - e) / e;
    }
    return pd_xs_chi2_sf(chi2, (double)(k - 1));
}

double
pd_xs_sample_size(double mean, double variance, double mde)
{
    double delta = mde * mean, z = PD_XS_Z975 + PD_XS_Z80;

    if (delta == 0 || isnan(delta) || isnan(variance))
        return NAN;
    return ceil(2 * z * z * variance / (delta * delta));
}

/* Within-sample moments of one variant's sums. */
static void
moments(const struct pd_xs_sums *s, double *vy, double *vx, double *cxy)
{
    double n = s->n;

    *vy = (s->yy - s->y * s->y / n) / (n - 1);
    *vx = (s->xx - s->x * s->x / n) / (n - 1);
    *cxy = (s->xy - s->x * s->y / n) / (n - 1);
}

void
pd_xs_cuped(const struct pd_xs_sums *t, const struct pd_xs_sums *c,
            struct pd_xs_sample *t_out, struct pd_xs_sample *c_out,
            double *theta)
{
    struct pd_xs_sums all = {t->n + c->n, t->y + c->y,   t->yy + c->yy,
                             t->x + c->x, t->xx + c->xx, t->xy + c->xy};
    const struct pd_xs_sums *v[2] = {t, c};
    struct pd_xs_sample *out[2] = {t_out, c_out};
    double vy, vx, cxy, xbar = all.x / all.n;

    moments(&all, &vy, &vx, &cxy);
    *theta = vx > 0 ? cxy / vx : 0;
    for (int i = 0; i < 2; i++) {
        moments(v[i], &vy, &vx, &cxy);
        out[i]->n = v[i]->n;
        out[i]->mean = v[i]->y / v[i]->n - *theta * (v[i]->x / v[i]->n - xbar);
        out[i]->variance =
            fmax(vy - 2 * *theta * cxy + *theta * *theta * vx, 0);
    }
}

double
pd_xs_msprt_p(double d, double v, double tau2, double p_prev)
{
    double lambda;

    if (!(v > 0) || !(tau2 > 0) || isnan(d))
        return p_prev;
    lambda = sqrt(v / (v + tau2)) * exp(tau2 * d * d / (2 * v * (v + tau2)));
    return fmin(p_prev, fmin(1, 1 / lambda));
}

double
pd_xs_msprt_halfwidth(double v, double tau2, double alpha)
{
    if (!(v > 0) || !(tau2 > 0) || !(alpha > 0))
        return NAN;
    return sqrt(2 * v * (v + tau2) / tau2 *
                (log(1 / alpha) + 0.5 * log((v + tau2) / v)));
}
