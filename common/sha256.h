/*
 * sha256 - streaming SHA-256 for file fingerprints (SPEC §4 "same file").
 *
 * Ownership: the caller owns the context struct; no allocation.
 * Errors: none.
 * Limits: messages up to 2^64 bits.
 */
#ifndef PD_SHA256_H
#define PD_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct pd_sha256 {
    uint32_t state[8];
    uint64_t bits;
    unsigned char block[64];
    size_t used;
};

void pd_sha256_init(struct pd_sha256 *c);
void pd_sha256_update(struct pd_sha256 *c, const void *data, size_t n);
void pd_sha256_final(struct pd_sha256 *c, unsigned char out[32]);
/* Lower-case hex of a digest into hex[65] (NUL-terminated). */
void pd_sha256_hex(const unsigned char digest[32], char hex[65]);

#endif
