/*
 * rng - the demo's random numbers: splitmix64 streams and the few
 * distributions the generators draw from.
 *
 * Each generator owns a stream seeded from the demo seed and a salt
 * (model.h), so adding or changing one never changes the bytes another
 * stream makes; equal seeds always give equal draws.
 *
 * Ownership: a stream is a plain value of the caller's; nothing allocated.
 * Errors: none.
 * Limits: pd_demo_rng_below() draws below n < 2^32; the weights given to
 * pd_demo_rng_pick() must sum to less than 2^32.
 */
#ifndef PD_DEMO_RNG_H
#define PD_DEMO_RNG_H

#include <stdbool.h>
#include <stdint.h>

/* A stream: any state, even 0, is a good one. */
struct pd_demo_rng {
    uint64_t s;
};

/* splitmix64's finalizer: a well-mixed 64-bit hash of z.  Ids, tokens and
 * per-day seeds derive from it. */
uint64_t pd_demo_mix64(uint64_t z);

/* The next 64 random bits. */
uint64_t pd_demo_rng_next(struct pd_demo_rng *r);

/* Uniform in [0, n). */
uint32_t pd_demo_rng_below(struct pd_demo_rng *r, uint32_t n);

/* Uniform in [0, 1), 53 bits. */
double pd_demo_rng_unit(struct pd_demo_rng *r);

/* True with probability p / 1000. */
bool pd_demo_rng_permille(struct pd_demo_rng *r, uint32_t p);

/* Log-normal with the given median; the tail is cut at 3.5 sigma. */
double pd_demo_rng_lognormal(struct pd_demo_rng *r, double median,
                             double sigma);

/* An index in [0, n) drawn with weights w; n - 1 when all are zero. */
unsigned pd_demo_rng_pick(struct pd_demo_rng *r, const uint16_t *w, unsigned n);

#endif
