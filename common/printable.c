#include "printable.h"

#include <string.h>

#include "common/utf8.h"

/* Length of the valid UTF-8 character at s (n > 0 bytes available), or 0
 * when the byte at s starts no valid character.  ASCII is 1. */
static size_t
char_len(const unsigned char *s, size_t n)
{
    size_t len;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        len = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        len = 4;
    else
        return 0;
    return len <= n && pd_utf8_valid((const char *)s, len) ? len : 0;
}

/* The escape for the character of len bytes at s, or NULL when it prints
 * as itself.  C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F) count: some
 * terminals read U+009B as CSI. */
static const char *
escape_of(const unsigned char *s, size_t len, char hex[5])
{
    static const char digits[] = "0123456789abcdef";

    if (len == 1 && s[0] == '\n')
        return "\\n";
    if (len == 1 && s[0] == '\r')
        return "\\r";
    if (len == 1 && s[0] == '\t')
        return "\\t";
    if (len == 0 || (len == 1 && (s[0] < 0x20 || s[0] == 0x7f)) ||
        (len == 2 && s[0] == 0xC2 && s[1] < 0xA0)) {
        hex[0] = '\\';
        hex[1] = 'x';
        hex[2] = digits[s[0] >> 4];
        hex[3] = digits[s[0] & 15];
        hex[4] = '\0';
        return hex;
    }
    return NULL;
}

/* The printable form of the character at p (n > 0 bytes available) in
 * piece (at most 8 bytes, not terminated): returns its length and sets
 * *used to the input bytes it stands for.  A C1 control shows both of its
 * bytes, as invalid bytes do, so an escape names the bytes really there. */
static size_t
piece_of(const unsigned char *p, size_t n, size_t *used, char piece[9])
{
    size_t len = char_len(p, n);
    char hex[5];
    const char *esc = escape_of(p, len, hex);

    *used = len ? len : 1;
    if (!esc) {
        memcpy(piece, p, len);
        return len;
    }
    memcpy(piece, esc, strlen(esc));
    if (len != 2)
        return strlen(esc);
    (void)escape_of(p + 1, 0, piece + 4);
    return 8;
}

void
pd_printable_add(struct pd_buf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    char piece[9];

    for (size_t i = 0, used; i < n; i += used)
        pd_buf_add(out, piece, piece_of(p + i, n - i, &used, piece));
}

const char *
pd_printable(const char *s, char *out, size_t size)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p), o = 0;
    char piece[9];

    if (size == 0)
        return out;
    for (size_t i = 0, used; i < n; i += used) {
        size_t plen = piece_of(p + i, n - i, &used, piece);
        if (o + plen >= size)
            break;
        memcpy(out + o, piece, plen);
        o += plen;
    }
    out[o] = '\0';
    return out;
}

bool
pd_printable_is_clean(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    char hex[5];

    for (size_t i = 0, len; i < n; i += len) {
        len = char_len(p + i, n - i);
        if (escape_of(p + i, len, hex))
            return false;
    }
    return true;
}
