#include "utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/*
 * Every converter below writes through emit_*() helpers that accept a NULL
 * destination and then only count.  The count-only pass is used when the
 * worst-case size would not fit under the buffer's cap, so that a
 * conversion that does fit is never refused (and one that does not leaves
 * the buffer unchanged, as pd_buf promises).
 */

/* Windows-1252 0x80..0x9F.  The five bytes it leaves undefined (0x81 0x8D
 * 0x8F 0x90 0x9D) are read as DOS code page 850 (ü ì Å É Ø): files that
 * mix the two exist (an R export on French Windows writes "\x90" for É,
 * corpus nps/SB427__nps.csv), and a C1 control in a comment helps nobody. */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0x00FC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x00EC, 0x017D, 0x00C5,
    0x00C9, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x00D8, 0x017E, 0x0178};

#define REPLACEMENT 0xFFFDu

enum pd_bom
pd_utf8_detect_bom(const char *s, size_t n, size_t *bom_len)
{
    const unsigned char *p = (const unsigned char *)s;
    enum pd_bom bom = PD_BOM_NONE;
    size_t len = 0;

    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        bom = PD_BOM_UTF8;
        len = 3;
    } else if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        bom = PD_BOM_UTF16LE;
        len = 2;
    } else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        bom = PD_BOM_UTF16BE;
        len = 2;
    }
    if (bom_len)
        *bom_len = len;
    return bom;
}

/* Index of the first byte at or after i that is not ASCII (or n).  32
 * then 8 bytes at a time: exports are mostly ASCII, and this loop is what
 * makes validating every byte of a file cost little next to parsing it
 * (issue 15: 32 at a time halved its instructions over Amplitude JSON). */
static size_t
skip_ascii(const unsigned char *p, size_t i, size_t n)
{
    uint64_t w, a, b, c, d;

    while (i + 32 <= n) {
        memcpy(&a, p + i, 8);
        memcpy(&b, p + i + 8, 8);
        memcpy(&c, p + i + 16, 8);
        memcpy(&d, p + i + 24, 8);
        if ((a | b | c | d) & UINT64_C(0x8080808080808080))
            break;
        i += 32;
    }
    while (i + 8 <= n) {
        memcpy(&w, p + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            break;
        i += 8;
    }
    while (i < n && p[i] < 0x80)
        i++;
    return i;
}

/*
 * Check the multi-byte sequence at p (p[0] >= 0x80, avail >= 1 bytes) against
 * Unicode Table 3-7 (no overlongs, no surrogates, nothing past U+10FFFF).
 * Returns its length when valid, 0 when invalid, and -k when the k bytes
 * available are a valid but incomplete start of a sequence.
 */
static int
seq_check(const unsigned char *p, size_t avail)
{
    unsigned c = p[0], lo = 0x80, hi = 0xBF;
    int need;

    if (c < 0xC2 || c > 0xF4)
        return 0;
    if (c < 0xE0) {
        need = 2;
    } else if (c < 0xF0) {
        need = 3;
        lo = c == 0xE0 ? 0xA0 : lo;
        hi = c == 0xED ? 0x9F : hi;
    } else {
        need = 4;
        lo = c == 0xF0 ? 0x90 : lo;
        hi = c == 0xF4 ? 0x8F : hi;
    }
    for (int k = 1; k < need; k++) {
        unsigned b;

        if ((size_t)k >= avail)
            return -k;
        b = p[k];
        if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
            return 0;
    }
    return need;
}

size_t
pd_utf8_valid_prefix(const char *s, size_t n, bool allow_partial)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    for (;;) {
        int k;

        i = skip_ascii(p, i, n);
        if (i == n)
            return n;
        k = seq_check(p + i, n - i);
        if (k > 0)
            i += (size_t)k;
        else if (k < 0 && allow_partial)
            return n;
        else
            return i;
    }
}

size_t
pd_utf8_census(const char *s, size_t n, size_t *invalid)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, valid = 0;

    *invalid = 0;
    for (;;) {
        int k;

        i = skip_ascii(p, i, n);
        if (i == n)
            return valid;
        k = seq_check(p + i, n - i);
        if (k < 0) /* cut off at the end: no evidence either way */
            return valid;
        if (k > 0) {
            valid++;
            i += (size_t)k;
        } else {
            (*invalid)++;
            i++;
        }
    }
}

bool
pd_utf8_valid(const char *s, size_t n)
{
    return pd_utf8_valid_prefix(s, n, false) == n;
}

size_t
pd_utf8_encode(unsigned int cp, char *dst)
{
    unsigned char *d = (unsigned char *)dst;

    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = REPLACEMENT;
    if (cp < 0x80) {
        d[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (unsigned char)(0xC0 | (cp >> 6));
        d[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (unsigned char)(0xE0 | (cp >> 12));
        d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (unsigned char)(0xF0 | (cp >> 18));
    d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Output cursor: dst NULL means "count only". */
struct sink {
    char *dst;
    size_t len;
};

static void
emit_bytes(struct sink *k, const unsigned char *p, size_t n)
{
    if (k->dst && n)
        memcpy(k->dst + k->len, p, n);
    k->len += n;
}

static void
emit_cp(struct sink *k, unsigned int cp)
{
    char tmp[4];

    if (k->dst)
        k->len += pd_utf8_encode(cp, k->dst + k->len);
    else
        k->len += pd_utf8_encode(cp, tmp);
}

static unsigned int
cp1252_to_cp(unsigned char b)
{
    return b >= 0x80 && b < 0xA0 ? cp1252_c1[b - 0x80] : b;
}

static bool
latin_letter(unsigned char b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
           (b >= 0xC0 && b != 0xD7 && b != 0xF7);
}

/* 0x82 is "‚" (a low quote) in Windows-1252 and "é" in code page 850;
 * after a letter ("r\x82gulière", "passionn\x82 ") it is the letter. */
static unsigned int
cp1252_in_context(const unsigned char *p, size_t j)
{
    if (p[j] == 0x82 && j > 0 && latin_letter(p[j - 1]))
        return 0x00E9;
    return cp1252_to_cp(p[j]);
}

static void
conv_cp1252(struct sink *k, const unsigned char *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t j = skip_ascii(p, i, n);

        emit_bytes(k, p + i, j - i);
        if (j == n)
            break;
        emit_cp(k, cp1252_in_context(p, j));
        i = j + 1;
    }
}

static void
conv_repair(struct sink *k, const unsigned char *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t j = skip_ascii(p, i, n);
        int len;

        emit_bytes(k, p + i, j - i);
        if (j == n)
            break;
        len = seq_check(p + j, n - j);
        if (len > 0) {
            emit_bytes(k, p + j, (size_t)len);
            i = j + (size_t)len;
        } else {
            /* A truncated sequence at the end is as invalid as any other:
             * each of its bytes is read as Windows-1252 (in context, as a
             * Windows-1252 file is: 0x82 after a letter is CP850's é). */
            emit_cp(k, cp1252_in_context(p, j));
            i = j + 1;
        }
    }
}

typedef void conv_fn(struct sink *k, const unsigned char *p, size_t n);

/* Run conv into out: reserve the worst case when it fits under the cap,
 * otherwise count first and reserve exactly. */
static int
convert(struct pd_buf *out, conv_fn *conv, const char *s, size_t n,
        size_t worst)
{
    const unsigned char *p = (const unsigned char *)s;
    struct sink k = {NULL, 0};

    if (worst == SIZE_MAX || pd_buf_grow(out, worst) < 0) {
        conv(&k, p, n);
        if (pd_buf_grow(out, k.len) < 0)
            return -1;
        k.len = 0;
    }
    k.dst = out->buf + out->len;
    conv(&k, p, n);
    out->len += k.len;
    out->buf[out->len] = '\0';
    return 0;
}

/* 3 * n, or SIZE_MAX (take the counting path) where that would overflow
 * pd_buf_grow's arithmetic. */
static size_t
worst3(size_t n)
{
    return n <= SIZE_MAX / 3 - 8 ? 3 * n : SIZE_MAX;
}

int
pd_utf8_from_cp1252(struct pd_buf *out, const char *s, size_t n)
{
    return convert(out, conv_cp1252, s, n, worst3(n));
}

int
pd_utf8_repair(struct pd_buf *out, const char *s, size_t n)
{
    return convert(out, conv_repair, s, n, worst3(n));
}

void
pd_utf16_init(struct pd_utf16 *st, bool big_endian)
{
    memset(st, 0, sizeof(*st));
    st->big_endian = big_endian;
}

/* Feed one UTF-16 code unit through the surrogate state. */
static void
utf16_unit(struct pd_utf16 *st, struct sink *k, unsigned int u)
{
    if (st->high) {
        if (u >= 0xDC00 && u <= 0xDFFF) {
            emit_cp(k, 0x10000 + ((st->high - 0xD800) << 10) + (u - 0xDC00));
            st->high = 0;
            return;
        }
        emit_cp(k, REPLACEMENT); /* high surrogate not followed by a low */
        st->high = 0;
    }
    if (u >= 0xD800 && u <= 0xDBFF)
        st->high = u;
    else
        emit_cp(k, u); /* a lone low surrogate encodes as U+FFFD */
}

static unsigned int
utf16_join(const struct pd_utf16 *st, unsigned char a, unsigned char b)
{
    return st->big_endian ? (unsigned)a << 8 | b : (unsigned)b << 8 | a;
}

static void
utf16_run(struct pd_utf16 *st, struct sink *k, const unsigned char *p, size_t n)
{
    size_t i = 0;

    if (st->npending && n) {
        utf16_unit(st, k, utf16_join(st, st->pending[0], p[0]));
        st->npending = 0;
        i = 1;
    }
    for (; i + 1 < n; i += 2)
        utf16_unit(st, k, utf16_join(st, p[i], p[i + 1]));
    if (i < n) {
        st->pending[0] = p[i];
        st->npending = 1;
    }
}

int
pd_utf16_decode(struct pd_utf16 *st, struct pd_buf *out, const char *s,
                size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    struct pd_utf16 saved = *st;
    struct sink k = {NULL, 0};
    /* Each code unit yields at most 3 bytes; a pending high surrogate that
     * turns out unpaired adds one U+FFFD. */
    size_t worst = n / 2 + 2 <= SIZE_MAX / 3 ? (n / 2 + 2) * 3 : SIZE_MAX;

    if (worst == SIZE_MAX || pd_buf_grow(out, worst) < 0) {
        utf16_run(st, &k, p, n);
        *st = saved;
        if (pd_buf_grow(out, k.len) < 0)
            return -1;
        k.len = 0;
    }
    k.dst = out->buf + out->len;
    utf16_run(st, &k, p, n);
    out->len += k.len;
    out->buf[out->len] = '\0';
    return 0;
}
