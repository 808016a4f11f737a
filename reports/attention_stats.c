#include "attention_stats.h"

#include <math.h>

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

double
pd_attention_level(double mean, double sd, double *lo, double *hi)
{
    double spread = fmax(sd, PD_ATT_LEVEL_FLOOR * fabs(mean));

    *lo = mean - PD_ATT_Z95 * spread;
    *hi = mean + PD_ATT_Z95 * spread;
    return spread;
}
