/*
 * sha256 - streaming SHA-256 for file fingerprints (SPEC §4 "same file"),
 * and HMAC-SHA256 (RFC 2104) for keyed pseudonyms in redacted outputs.
 *
 * Ownership: the caller owns the context struct; no allocation.
 * Errors: none.
 * Threads: safe (no shared state but the once-decided choice of code).
 * Limits: messages up to 2^64 bits.  HMAC keys of any length (longer than
 * 64 bytes are hashed first, RFC 2104 §2); no truncated tags here.
 */
#ifndef PD_SHA256_H
#define PD_SHA256_H

#include <stdbool.h>
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
/* Tests: the portable compression (true) or the fastest the processor
 * has (false, the default: the x86 SHA extensions where present). */
void pd_sha256_force_portable(bool portable);
/* Lower-case hex of a digest into hex[65] (NUL-terminated). */
void pd_sha256_hex(const unsigned char digest[32], char hex[65]);

/*
 * HMAC-SHA256 of msg[0..n) under key[0..keylen) into out (32 bytes).
 * The same key and message always give the same tag, so a tag of an
 * email under a per-deployment secret is a stable pseudonym that cannot be
 * reversed or recomputed without the key (a bare SHA-256 of an email can
 * be, by hashing a list of candidate addresses).  Intermediate key
 * material is wiped from the stack before returning.
 */
void pd_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t n,
                    unsigned char out[32]);

#endif
