#include "jobs/demo/rng.h"

#include <math.h>

/* splitmix64 (Steele, Lea, Flood 2014): one add and three mixes per draw,
 * passes BigCrush, and any seed (even 0) is a good one. */
uint64_t
pd_demo_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

uint64_t
pd_demo_rng_next(struct pd_demo_rng *r)
{
    r->s += UINT64_C(0x9e3779b97f4a7c15);
    return pd_demo_mix64(r->s);
}

/* Uniform in [0, n) by multiply-shift (Lemire), no division. */
uint32_t
pd_demo_rng_below(struct pd_demo_rng *r, uint32_t n)
{
    return (uint32_t)(((pd_demo_rng_next(r) >> 32) * n) >> 32);
}

double
pd_demo_rng_unit(struct pd_demo_rng *r)
{
    return (double)(pd_demo_rng_next(r) >> 11) * 0x1p-53;
}

bool
pd_demo_rng_permille(struct pd_demo_rng *r, uint32_t p)
{
    return pd_demo_rng_below(r, 1000) < p;
}

/* Log-normal with the given median.  The normal is a sum of four uniforms
 * (Irwin-Hall), which keeps the tail bounded at ±3.5 sigma: no week-long
 * first replies from a freak draw. */
double
pd_demo_rng_lognormal(struct pd_demo_rng *r, double median, double sigma)
{
    double z = pd_demo_rng_unit(r) + pd_demo_rng_unit(r) + pd_demo_rng_unit(r) +
               pd_demo_rng_unit(r) - 2.0;
    return median * exp(sigma * z * 1.7320508075688772);
}

unsigned
pd_demo_rng_pick(struct pd_demo_rng *r, const uint16_t *w, unsigned n)
{
    uint32_t total = 0, x;

    for (unsigned i = 0; i < n; i++)
        total += w[i];
    x = pd_demo_rng_below(r, total);
    for (unsigned i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}
