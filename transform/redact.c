#include "redact.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "transform/regex.h"

/*
 * Each detector is a pcre2 pattern that finds candidates and, where a
 * pattern cannot say it, a C check that picks the span to replace inside
 * a candidate (Luhn, digit counts, inet_pton).  Patterns are compiled by
 * pd_regex_compile(): caseless, so [a-z] covers A-Z.
 *
 * Detectors run one after the other, each over the previous one's output,
 * rather than in one combined scan: the order rule ("a card is never a
 * phone") then needs no overlap bookkeeping, and a placeholder ("[card]")
 * has no digits for a later pattern to find.  The cost is a copy per
 * detector that finds something: 1.3-2 us for a 120-byte comment at -O2
 * (60-100 MB/s), well below the cost of rendering a handoff.
 *
 * Every pattern opens with a negative lookbehind for the characters it
 * would itself consume, so a candidate can only start at the start of a
 * run: without it a long run that fails near its end would be retried from
 * each of its characters (quadratic, and then pcre2's match limit).
 */

/* Emails: Latin local parts (not any letter: a CJK sentence has no spaces
 * before an address, and "请联系john@x.com" must keep its words), or a
 * quoted local part ("john doe"@x.com, RFC 5321: at most 64 characters,
 * which also bounds the scan from each quote); then a domain of labels in
 * any script ending in an ASCII or punycode TLD (so trailing CJK text is
 * not read as a TLD), else an address literal (user@[10.0.0.1],
 * user@[IPv6:...]), else one ASCII host name without a dot
 * (john@localhost).  A dotless host must start with a letter, so
 * "react@18" stays. */
#define LOCAL_CH     "[\\p{Latin}\\p{M}0-9_.%+-]"
#define LABEL        "[\\p{L}\\p{M}\\p{N}-]+"
#define QUOTED_LOCAL "\"(?:[^\"\\\\\\r\\n]|\\\\[^\\r\\n]){1,64}\""
#define EMAIL_RE                                                          \
    "(?:(?<!" LOCAL_CH ")" LOCAL_CH "+|" QUOTED_LOCAL ")@"                \
    "(?:" LABEL "(?:\\." LABEL ")*\\.(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})" \
    "|\\[(?:ipv6:)?[0-9a-f:.]{2,45}\\]"                                   \
    "|[a-z][a-z0-9-]*)"

/* IBAN candidates (ISO 13616): country, check digits, then the account
 * in groups of four with optional single spaces; length and mod-97 are
 * checked in C. */
#define IBAN_RE                                            \
    "(?<![a-z0-9_])[a-z]{2}[0-9]{2}(?: ?[a-z0-9]{4}){2,7}" \
    "(?: ?[a-z0-9]{1,4})?(?![a-z0-9_])"

/* Card candidates: a maximal chain of digit runs joined by single spaces
 * or dashes (possessive, so a failed chain is not retried shorter), not
 * glued to a word or a decimal point, not after "+". */
#define CARD_RE                                              \
    "(?<![a-z0-9_+.])(?<![0-9][ -])[0-9]++(?:[ -][0-9]++)*+" \
    "(?![a-z0-9_]|\\.[0-9])"

/* IPv6 candidates: 2-7 "hex:" groups and an optional last group or
 * embedded IPv4; inet_pton() decides. */
#define IPV6_RE                                         \
    "(?<![a-z0-9_:.])(?:[0-9a-f]{0,4}:){2,7}+"          \
    "(?:[0-9a-f]{1,4}|(?:[0-9]{1,3}\\.){3}[0-9]{1,3})?" \
    "(?![a-z0-9_:]|\\.[0-9])"

/* Octets of 0-255, zero-padded ones included ("192.168.001.001"): a
 * quad with a padded octet is checked in C (pick_ipv4). */
#define OCTET   "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|0[0-9]{1,2}|[1-9]?[0-9])"
#define IPV4_RE "(?<![a-z0-9_.])(?:" OCTET "\\.){3}" OCTET "(?![0-9]|\\.[0-9])"

/* Phones, in three shapes (see redact.h); digit counts are checked in C.
 * Not after a digit and a dot or dash, so no phone starts inside a date
 * or a version number. */
#define PHONE_INTL              \
    "(?:\\+|00)[1-9][0-9]{0,3}" \
    "(?:[ .-]?(?:\\([0-9]{1,4}\\)|[0-9]{1,12})){1,7}+"
#define PHONE_NATIONAL                                         \
    "0[1-9][0-9]{0,4}([ .-])[0-9]{2,8}(?:\\1[0-9]{2,8}){0,4}+" \
    "|\\(0[1-9][0-9]{0,4}\\) ?[0-9]{2,8}(?:[ .-][0-9]{2,8}){0,3}+"
#define PHONE_NANP                                                 \
    "(?:1[ .-]?)?(?:\\([2-9][0-9]{2}\\)[ .-]?|[2-9][0-9]{2}[ .-])" \
    "[0-9]{3}[ .-][0-9]{4}"
#define PHONE_RE                    \
    "(?<![a-z0-9_+])(?<![0-9][.-])" \
    "(?:" PHONE_INTL "|" PHONE_NATIONAL "|" PHONE_NANP ")(?![0-9])"

/* Pick the span to replace in the candidate s[from, end): true and
 * [*a, *b), or false to leave it. */
typedef bool pick_fn(const char *s, size_t from, size_t end, size_t *a,
                     size_t *b);

static pick_fn pick_iban, pick_card, pick_ipv6, pick_ipv4, pick_phone;

static const struct detector {
    const char *name; /* in error messages */
    const char *pattern;
    const char *token;
    pick_fn *pick; /* NULL: the whole candidate */
    bool repeat;   /* a candidate may hold several spans */
} detectors[] = {
    {"email", EMAIL_RE, "[email]", NULL, false},
    {"iban", IBAN_RE, "[iban]", pick_iban, false},
    {"card", CARD_RE, "[card]", pick_card, true},
    {"ipv6", IPV6_RE, "[ip]", pick_ipv6, false},
    {"ipv4", IPV4_RE, "[ip]", pick_ipv4, false},
    {"phone", PHONE_RE, "[phone]", pick_phone, false},
};

#define NDETECTORS (sizeof(detectors) / sizeof(detectors[0]))

struct pd_redact {
    struct pd_regex *re[NDETECTORS];
    struct pd_buf scratch[2];
};

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Luhn (ISO/IEC 7812-1 annex B) over the digits of s[a, b), separators
 * skipped. */
static bool
luhn_ok(const char *s, size_t a, size_t b)
{
    unsigned sum = 0;
    bool dbl = false;

    for (size_t i = b; i > a; i--) {
        unsigned d;

        if (!is_digit(s[i - 1]))
            continue;
        d = (unsigned)(s[i - 1] - '0');
        if (dbl)
            d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
        dbl = !dbl;
    }
    return sum % 10 == 0;
}

/* ISO 13616 check: 15-34 characters without the spaces, at least 10 of
 * them digits (so that prose shaped like "ab12 word word word" is not
 * tested at all), and the number formed by moving the first four to the
 * end, letters as 10-35, is 1 mod 97. */
static bool
pick_iban(const char *s, size_t from, size_t end, size_t *a, size_t *b)
{
    char t[34];
    size_t n = 0, digits = 0;
    unsigned rem = 0;

    for (size_t i = from; i < end; i++) {
        if (s[i] == ' ')
            continue;
        /* Caseless [a-z] also matches U+017F and U+212A: ASCII only. */
        if (n == sizeof(t) || !(is_digit(s[i]) || is_alpha(s[i])))
            return false;
        digits += is_digit(s[i]);
        t[n++] = s[i];
    }
    if (n < 15 || digits < 10)
        return false;
    for (size_t k = 0; k < n; k++) {
        char c = t[(k + 4) % n];
        unsigned v = is_digit(c) ? (unsigned)(c - '0')
                                 : (unsigned)((c | 0x20) - 'a') + 10;

        rem = (v < 10 ? rem * 10 + v : rem * 100 + v) % 97;
    }
    if (rem != 1)
        return false;
    *a = from;
    *b = end;
    return true;
}

/* Length of the digit run at s[i, end). */
static size_t
digit_run(const char *s, size_t i, size_t end)
{
    size_t j = i;

    while (j < end && is_digit(s[j]))
        j++;
    return j - i;
}

/* The longest card starting with the group at s[g]: its end, or 0.  A
 * single group is a card at 13-19 digits; several groups need a 4-digit
 * first group and 3-6 digits in each of the others. */
static size_t
card_at(const char *s, size_t g, size_t end)
{
    size_t len = digit_run(s, g, end), total = len, best = 0;
    size_t e = g + len;

    if (total >= 13 && total <= 19 && luhn_ok(s, g, e))
        return e;
    if (len != 4)
        return 0;
    while (e + 1 < end && is_digit(s[e + 1])) {
        len = digit_run(s, e + 1, end);
        if (len < 3 || len > 6 || total + len > 19)
            break;
        total += len;
        e += 1 + len;
        if (total >= 13 && luhn_ok(s, g, e))
            best = e;
    }
    return best;
}

/* The leftmost, longest card in a chain of digit groups. */
static bool
pick_card(const char *s, size_t from, size_t end, size_t *a, size_t *b)
{
    size_t g = from;

    while (g < end) {
        size_t e;

        while (g < end && !is_digit(s[g]))
            g++;
        if (g == end)
            break;
        e = card_at(s, g, end);
        if (e) {
            *a = g;
            *b = e;
            return true;
        }
        g += digit_run(s, g, end);
    }
    return false;
}

/* inet_pton() has the last word on IPv6 syntax.  Beyond it, ask for two
 * non-empty groups and a decimal digit: "::1" and "fe80::" identify
 * nobody, and words made of hex letters ("dead::beef", "add::") are more
 * often code than addresses. */
static bool
pick_ipv6(const char *s, size_t from, size_t end, size_t *a, size_t *b)
{
    char text[INET6_ADDRSTRLEN + 1];
    unsigned char bin[16];
    size_t n = end - from, groups = 0;
    bool digit = false;

    if (n >= sizeof(text))
        return false;
    memcpy(text, s + from, n);
    text[n] = '\0';
    for (size_t i = 0; i < n; i++) {
        digit = digit || is_digit(text[i]);
        if (text[i] != ':' && (i == 0 || text[i - 1] == ':'))
            groups++;
    }
    if (!digit || groups < 2 || inet_pton(AF_INET6, text, bin) != 1)
        return false;
    *a = from;
    *b = end;
    return true;
}

/* A dotted quad with zero-padded octets is an address ("192.168.001.001",
 * as some tools print them) unless it ends in ".000": a number grouped
 * by thousands with dots ("1.000.000.000", "2.050.000.000") always does,
 * and an address ending in .000 names a network, not a host. */
static bool
pick_ipv4(const char *s, size_t from, size_t end, size_t *a, size_t *b)
{
    bool padded = false;

    for (size_t i = from; i + 1 < end; i++)
        if (s[i] == '0' && is_digit(s[i + 1]) && (i == from || s[i - 1] == '.'))
            padded = true;
    if (padded && end - from >= 4 && memcmp(s + end - 4, ".000", 4) == 0)
        return false;
    *a = from;
    *b = end;
    return true;
}

/* Digits in s[a, b), not counting a "(0)" trunk prefix ("+44 (0)20"). */
static size_t
phone_digits(const char *s, size_t a, size_t b)
{
    size_t n = 0;

    for (size_t i = a; i < b; i++) {
        if (s[i] == '(' && i + 2 < b && s[i + 1] == '0' && s[i + 2] == ')')
            i += 2;
        else if (is_digit(s[i]))
            n++;
    }
    return n;
}

/* E.164 allows 15 digits after the "+".  The international pattern may
 * run on into a number that follows after a space ("+49 30 1234567
 * 2026-11-23"): drop space-separated words from the end until it fits. */
static bool
pick_phone(const char *s, size_t from, size_t end, size_t *a, size_t *b)
{
    size_t digits;

    if (s[from] == '+' || (s[from] == '0' && s[from + 1] == '0')) {
        size_t body = from + (s[from] == '+' ? 1 : 2);

        while ((digits = phone_digits(s, body, end)) > 15) {
            while (end > body && s[end - 1] != ' ')
                end--;
            if (end == body)
                return false;
            end--;
        }
        if (digits < 9)
            return false;
    } else if (s[from] == '0' || (s[from] == '(' && s[from + 1] == '0')) {
        digits = phone_digits(s, from, end);
        if (digits < 9 || digits > 12)
            return false;
    }
    /* North American 3-3-4: the pattern fixed its length. */
    *a = from;
    *b = end;
    return true;
}

struct pd_redact *
pd_redact_new(struct pd_err *err)
{
    struct pd_redact *r = pd_xcalloc(1, sizeof(*r));

    for (size_t i = 0; i < NDETECTORS; i++) {
        r->re[i] = pd_regex_compile(detectors[i].pattern, err);
        if (!r->re[i]) {
            pd_err_set(err, PD_E_INTERNAL,
                       "cannot compile the built-in '%s' redaction pattern",
                       detectors[i].name);
            pd_redact_free(r);
            return NULL;
        }
    }
    pd_buf_init(&r->scratch[0], 0);
    pd_buf_init(&r->scratch[1], 0);
    return r;
}

void
pd_redact_free(struct pd_redact *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < NDETECTORS; i++)
        pd_regex_free(r->re[i]);
    pd_buf_release(&r->scratch[0]);
    pd_buf_release(&r->scratch[1]);
    free(r);
}

/* Scratch buffers have no cap: they hold at most the input plus one byte
 * per email ("a@b.co" is 6 bytes, "[email]" 7), and the input is a field
 * already held in memory under its own cap. */
static void
scratch_add(struct pd_buf *b, const char *s, size_t n)
{
    if (pd_buf_add(b, s, n) < 0)
        PD_BUG("uncapped redaction buffer refused %zu bytes", n);
}

/* One detector over src[0..n): the rewritten text into dst (reset first,
 * only when there is something to replace).  Returns the number of
 * replacements, or -1 when pcre2 gave up. */
static long
run_pass(const struct detector *d, struct pd_regex *re, const char *src,
         size_t n, struct pd_buf *dst)
{
    size_t pos = 0, copied = 0, ms, me, a, b;
    long count = 0;
    int rc;

    while ((rc = pd_regex_find(re, src, n, pos, &ms, &me)) == 1) {
        size_t from = ms;

        if (me == ms)
            PD_BUG("redaction pattern '%s' matched empty text", d->name);
        while (from < me) {
            if (!d->pick) {
                a = from;
                b = me;
            } else if (!d->pick(src, from, me, &a, &b)) {
                break;
            }
            if (count++ == 0)
                pd_buf_reset(dst);
            scratch_add(dst, src + copied, a - copied);
            scratch_add(dst, d->token, strlen(d->token));
            copied = from = b;
            if (!d->repeat)
                break;
        }
        pos = me;
    }
    if (rc < 0)
        return -1;
    if (count > 0)
        scratch_add(dst, src + copied, n - copied);
    return count;
}

int
pd_redact_text(struct pd_redact *r, const char *text, size_t n,
               struct pd_buf *out, struct pd_err *err)
{
    const char *cur = text;
    size_t curn = n, next = 0;
    long total = 0;

    for (size_t i = 0; i < NDETECTORS; i++) {
        struct pd_buf *dst = &r->scratch[next];
        long k = run_pass(&detectors[i], r->re[i], cur, curn, dst);

        if (k < 0)
            return pd_err_set(err, PD_E_LIMIT,
                              "cannot redact a text of %zu bytes: the '%s' "
                              "pattern hit a pcre2 matching limit",
                              n, detectors[i].name);
        if (k == 0)
            continue;
        total += k;
        cur = dst->buf;
        curn = dst->len;
        next = 1 - next;
    }
    if (pd_buf_add(out, cur, curn) < 0)
        return pd_err_set(err, PD_E_LIMIT,
                          "redacted text of %zu bytes does not fit the "
                          "%zu-byte output cap",
                          curn, out->max);
    return total > INT_MAX ? INT_MAX : (int)total;
}
