#include "sha256.h"

#include <string.h>

/*
 * SHA-256 as specified in FIPS 180-4 §6.2.  The compression function is
 * unrolled eight rounds at a time with the working variables rotated by
 * macro arguments instead of shuffled, which lets the compiler keep them
 * in registers: 240-430 MB/s at -O2 on the (noisy) project machine, above
 * the disk rates that fingerprinting an inbox file sees.
 */

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static const uint32_t H0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

#define ROR(x, n)    (((x) >> (n)) | ((x) << (32 - (n))))
#define BSIG0(x)     (ROR(x, 2) ^ ROR(x, 13) ^ ROR(x, 22))
#define BSIG1(x)     (ROR(x, 6) ^ ROR(x, 11) ^ ROR(x, 25))
#define SSIG0(x)     (ROR(x, 7) ^ ROR(x, 18) ^ ((x) >> 3))
#define SSIG1(x)     (ROR(x, 17) ^ ROR(x, 19) ^ ((x) >> 10))
#define CH(x, y, z)  (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))

/* Message schedule word i (i >= 16), computed in place in a 16-word ring. */
#define W(i)      \
    (w[(i)&15] += \
     SSIG1(w[((i)-2) & 15]) + w[((i)-7) & 15] + SSIG0(w[((i)-15) & 15]))

#define ROUND(a, b, c, d, e, f, g, h, i, wi)                       \
    do {                                                           \
        uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + K[i] + (wi); \
        (d) += t1_;                                                \
        (h) = t1_ + BSIG0(a) + MAJ(a, b, c);                       \
    } while (0)

#define ROUNDS8(i, WF)                                       \
    do {                                                     \
        ROUND(a, b, c, d, e, f, g, h, (i) + 0, WF((i) + 0)); \
        ROUND(h, a, b, c, d, e, f, g, (i) + 1, WF((i) + 1)); \
        ROUND(g, h, a, b, c, d, e, f, (i) + 2, WF((i) + 2)); \
        ROUND(f, g, h, a, b, c, d, e, (i) + 3, WF((i) + 3)); \
        ROUND(e, f, g, h, a, b, c, d, (i) + 4, WF((i) + 4)); \
        ROUND(d, e, f, g, h, a, b, c, (i) + 5, WF((i) + 5)); \
        ROUND(c, d, e, f, g, h, a, b, (i) + 6, WF((i) + 6)); \
        ROUND(b, c, d, e, f, g, h, a, (i) + 7, WF((i) + 7)); \
    } while (0)

#define W0(i) (w[i])

static uint32_t
load_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           (uint32_t)p[3];
}

static void
store_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void
compress(uint32_t st[8], const unsigned char *blk)
{
    uint32_t w[16];
    uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
    uint32_t e = st[4], f = st[5], g = st[6], h = st[7];

    for (size_t i = 0; i < 16; i++)
        w[i] = load_be32(blk + 4 * i);
    ROUNDS8(0, W0);
    ROUNDS8(8, W0);
    ROUNDS8(16, W);
    ROUNDS8(24, W);
    ROUNDS8(32, W);
    ROUNDS8(40, W);
    ROUNDS8(48, W);
    ROUNDS8(56, W);
    st[0] += a;
    st[1] += b;
    st[2] += c;
    st[3] += d;
    st[4] += e;
    st[5] += f;
    st[6] += g;
    st[7] += h;
}

/*
 * The same compression with the x86 SHA extensions (SHA-NI: in Intel
 * since Ice Lake and Goldmont, in AMD since Zen), four rounds per pair of
 * sha256rnds2 and the message schedule by sha256msg1/msg2, after Intel's
 * "Intel SHA Extensions" paper (2013).  Measured on the project machine:
 * the 1 M-event Mixpanel load spent 28 % of its client CPU in compress()
 * (the file's fingerprint, 430 MB, and one block per event key,
 * load/events.c).  Chosen at run time (CPUID), so the binary still runs
 * on processors without them; test_sha256 checks both against the FIPS
 * 180-4 vectors and against each other.
 */
#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>

#define HAVE_SHA_NI 1

__attribute__((target("sha,ssse3,sse4.1"))) static void
compress_ni(uint32_t st[8], const unsigned char *blk, size_t nblocks)
{
    const __m128i bswap =
        _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)&st[0]);
    __m128i s1 = _mm_loadu_si128((const __m128i *)&st[4]);
    __m128i s0;

    tmp = _mm_shuffle_epi32(tmp, 0xB1);  /* CDAB */
    s1 = _mm_shuffle_epi32(s1, 0x1B);    /* EFGH */
    s0 = _mm_alignr_epi8(tmp, s1, 8);    /* ABEF */
    s1 = _mm_blend_epi16(s1, tmp, 0xF0); /* CDGH */
    for (; nblocks > 0; nblocks--, blk += 64) {
        __m128i abef = s0, cdgh = s1, m[4];

        for (int i = 0; i < 4; i++)
            m[i] = _mm_shuffle_epi8(
                _mm_loadu_si128((const __m128i *)(blk + 16 * i)), bswap);
        /* Group g is rounds 4g..4g+3; m[g % 4] holds its message words.
         * From group 3 on, it finishes the next group's words (msg2);
         * up to group 12 it starts those of group g + 3 (msg1). */
        for (int g = 0; g < 16; g++) {
            __m128i w = m[g & 3];
            __m128i msg =
                _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)&K[4 * g]));
            s1 = _mm_sha256rnds2_epu32(s1, s0, msg);
            if (g >= 3 && g <= 14) {
                __m128i *next = &m[(g + 1) & 3];
                *next =
                    _mm_add_epi32(*next, _mm_alignr_epi8(w, m[(g + 3) & 3], 4));
                *next = _mm_sha256msg2_epu32(*next, w);
            }
            msg = _mm_shuffle_epi32(msg, 0x0E);
            s0 = _mm_sha256rnds2_epu32(s0, s1, msg);
            if (g >= 1 && g <= 12)
                m[(g + 3) & 3] = _mm_sha256msg1_epu32(m[(g + 3) & 3], w);
        }
        s0 = _mm_add_epi32(s0, abef);
        s1 = _mm_add_epi32(s1, cdgh);
    }
    tmp = _mm_shuffle_epi32(s0, 0x1B);   /* FEBA */
    s1 = _mm_shuffle_epi32(s1, 0xB1);    /* DCHG */
    s0 = _mm_blend_epi16(tmp, s1, 0xF0); /* DCBA */
    s1 = _mm_alignr_epi8(s1, tmp, 8);    /* ABEF */
    _mm_storeu_si128((__m128i *)&st[0], s0);
    _mm_storeu_si128((__m128i *)&st[4], s1);
}

/* CPUID leaf 7: EBX bit 29 is SHA; SSSE3 and SSE4.1 (leaf 1, ECX bits 9
 * and 19) come with every processor that has it, checked all the same. */
static bool
have_sha_ni(void)
{
    unsigned a, b, c, d;

    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 9)) ||
        !(c & (1u << 19)))
        return false;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
}
#endif

/* -1 undecided, 0 portable, 1 the SHA extensions. */
static _Atomic int use_ni = -1;

void
pd_sha256_force_portable(bool portable)
{
#ifdef HAVE_SHA_NI
    use_ni = portable ? 0 : have_sha_ni();
#else
    (void)portable;
#endif
}

/* nblocks whole blocks, with the SHA extensions when the processor has
 * them (decided once: a process's processor does not change). */
static void
compress_blocks(uint32_t st[8], const unsigned char *blk, size_t nblocks)
{
#ifdef HAVE_SHA_NI
    int ni = use_ni;

    if (ni < 0)
        use_ni = ni = have_sha_ni();
    if (ni) {
        compress_ni(st, blk, nblocks);
        return;
    }
#endif
    for (; nblocks > 0; nblocks--, blk += 64)
        compress(st, blk);
}

void
pd_sha256_init(struct pd_sha256 *c)
{
    memcpy(c->state, H0, sizeof(H0));
    c->bits = 0;
    c->used = 0;
}

void
pd_sha256_update(struct pd_sha256 *c, const void *data, size_t n)
{
    const unsigned char *p = data;

    c->bits += (uint64_t)n << 3;
    if (c->used > 0) {
        size_t take = 64 - c->used;
        if (take > n)
            take = n;
        memcpy(c->block + c->used, p, take);
        c->used += take;
        p += take;
        n -= take;
        if (c->used < 64)
            return;
        compress_blocks(c->state, c->block, 1);
        c->used = 0;
    }
    /* Whole blocks straight from the caller's memory: no copy. */
    compress_blocks(c->state, p, n / 64);
    p += n / 64 * 64;
    n %= 64;
    memcpy(c->block, p, n);
    c->used = n;
}

void
pd_sha256_final(struct pd_sha256 *c, unsigned char out[32])
{
    uint64_t bits = c->bits;

    /* FIPS 180-4 §5.1.1: a 1 bit, zeros to 56 mod 64, the 64-bit length. */
    c->block[c->used++] = 0x80;
    if (c->used > 56) {
        memset(c->block + c->used, 0, 64 - c->used);
        compress_blocks(c->state, c->block, 1);
        c->used = 0;
    }
    memset(c->block + c->used, 0, 56 - c->used);
    store_be32(c->block + 56, (uint32_t)(bits >> 32));
    store_be32(c->block + 60, (uint32_t)bits);
    compress_blocks(c->state, c->block, 1);
    for (size_t i = 0; i < 8; i++)
        store_be32(out + 4 * i, c->state[i]);
    /* The context is spent; wipe it so a reuse without init is obvious. */
    memset(c, 0, sizeof(*c));
}

void
pd_sha256_hex(const unsigned char digest[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < 32; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

/* Zero memory the optimizer may not elide: the pads hold the key. */
static void
wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;

    while (n--)
        *v++ = 0;
}

/* RFC 2104 §2: H((K ^ opad) || H((K ^ ipad) || text)), K padded to the
 * 64-byte block after hashing it if it is longer. */
void
pd_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t n,
               unsigned char out[32])
{
    unsigned char k[64], pad[64], inner[32];
    struct pd_sha256 c;

    memset(k, 0, sizeof(k));
    if (keylen > sizeof(k)) {
        pd_sha256_init(&c);
        pd_sha256_update(&c, key, keylen);
        pd_sha256_final(&c, k);
    } else if (keylen > 0) {
        memcpy(k, key, keylen);
    }
    for (size_t i = 0; i < sizeof(k); i++)
        pad[i] = (unsigned char)(k[i] ^ 0x36);
    pd_sha256_init(&c);
    pd_sha256_update(&c, pad, sizeof(pad));
    pd_sha256_update(&c, msg, n);
    pd_sha256_final(&c, inner);
    for (size_t i = 0; i < sizeof(k); i++)
        pad[i] = (unsigned char)(k[i] ^ 0x5c);
    pd_sha256_init(&c);
    pd_sha256_update(&c, pad, sizeof(pad));
    pd_sha256_update(&c, inner, sizeof(inner));
    pd_sha256_final(&c, out);
    wipe(k, sizeof(k));
    wipe(pad, sizeof(pad));
    wipe(inner, sizeof(inner));
}
