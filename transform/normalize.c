#include "normalize.h"

#include <stdlib.h>
#include <string.h>

static bool
is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool
is_nbsp(const char *p, const char *e)
{
    return e - p >= 2 && (unsigned char)p[0] == 0xC2 &&
           (unsigned char)p[1] == 0xA0;
}

static char
lower(char c)
{
    if (c >= 'A' && c <= 'Z')
        c = (char)(c | 0x20);
    return c;
}

void
pd_trim(const char **s, size_t *n)
{
    const char *p = *s, *e = *s + *n;

    for (;;) {
        if (p < e && is_space((unsigned char)*p))
            p++;
        else if (is_nbsp(p, e))
            p += 2;
        else
            break;
    }
    for (;;) {
        if (e > p && is_space((unsigned char)e[-1]))
            e--;
        else if (e - p >= 2 && is_nbsp(e - 2, e))
            e -= 2;
        else
            break;
    }
    *s = p;
    *n = (size_t)(e - p);
}

static bool
starts_ci(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);

    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (lower(s[i]) != prefix[i])
            return false;
    return true;
}

/* "Jane Doe <Jane@Acme.com>" -> "Jane@Acme.com"; "mailto:a@b.c?subject=x"
 * -> "a@b.c".  Quotes around the whole value are dropped too. */
static void
unwrap_email(const char **s, size_t *n)
{
    const char *lt = memchr(*s, '<', *n);

    if (lt != NULL) {
        const char *gt = memchr(lt, '>', *n - (size_t)(lt - *s));
        if (gt != NULL) {
            *n = (size_t)(gt - lt - 1);
            *s = lt + 1;
        }
    }
    pd_trim(s, n);
    if (*n >= 2 && (*s)[0] == '"' && (*s)[*n - 1] == '"')
        (*s)++, *n -= 2;
    if (starts_ci(*s, *n, "mailto:")) {
        const char *q;
        *s += 7, *n -= 7;
        q = memchr(*s, '?', *n);
        if (q != NULL)
            *n = (size_t)(q - *s);
    }
    pd_trim(s, n);
}

/* A domain: labels of letters, digits, '-' and UTF-8 (IDN), separated by
 * single dots, at least two labels. */
static bool
valid_domain(const char *d, size_t n)
{
    bool dot = false;

    if (n == 0 || d[0] == '.' || d[n - 1] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];
        if (c == '.') {
            if (d[i + 1] == '.')
                return false;
            dot = true;
        } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                     c >= 0x80)) {
            return false;
        }
    }
    return dot;
}

/* The local part may hold anything printable except the characters that
 * separate addresses in a list; quoted local parts are not supported. */
static bool
valid_local(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' ||
            c == '"' || c == '(' || c == ')' || c == '[' || c == ']' ||
            c == ':' || c == '\\' || c == 0x7F)
            return false;
    }
    return true;
}

char *
pd_norm_email(struct pd_arena *a, const char *s, size_t n, const char **domain)
{
    const char *at;
    size_t local;
    char *out;

    pd_trim(&s, &n);
    unwrap_email(&s, &n);
    at = memchr(s, '@', n);
    if (at == NULL)
        return NULL;
    local = (size_t)(at - s);
    if (memchr(at + 1, '@', n - local - 1) != NULL || !valid_local(s, local) ||
        !valid_domain(at + 1, n - local - 1))
        return NULL;
    out = pd_arena_strndup(a, s, n);
    for (size_t i = 0; i < n; i++)
        out[i] = lower(out[i]);
    if (domain != NULL)
        *domain = out + local + 1;
    return out;
}

/* Cut [s, s+n) at the first of the characters in stop. */
static void
cut_at(const char *s, size_t *n, const char *stop)
{
    for (size_t i = 0; i < *n; i++) {
        if (strchr(stop, s[i]) != NULL) {
            *n = i;
            return;
        }
    }
}

char *
pd_norm_domain(struct pd_arena *a, const char *s, size_t n)
{
    const char *p;
    char *out;

    pd_trim(&s, &n);
    p = memchr(s, ':', n);
    if (p != NULL && n - (size_t)(p - s) >= 3 && p[1] == '/' && p[2] == '/') {
        n -= (size_t)(p + 3 - s);
        s = p + 3;
    } else if (n >= 2 && s[0] == '/' && s[1] == '/') {
        s += 2, n -= 2;
    }
    cut_at(s, &n, "/?#");
    /* user@host or an email address given as a "domain" */
    while ((p = memchr(s, '@', n)) != NULL) {
        n -= (size_t)(p + 1 - s);
        s = p + 1;
    }
    cut_at(s, &n, ":");
    while (n > 0 && s[n - 1] == '.')
        n--;
    if (starts_ci(s, n, "www."))
        s += 4, n -= 4;
    if (!valid_domain(s, n))
        return NULL;
    out = pd_arena_strndup(a, s, n);
    for (size_t i = 0; i < n; i++)
        out[i] = lower(out[i]);
    return out;
}

/*
 * Free-mail providers (SPEC §3): addresses there say nothing about the
 * customer's company.  Exact names, sorted for bsearch(), plus provider
 * families whose country domains are too many to list ("yahoo.fr",
 * "hotmail.es", "outlook.com.br").
 */
static const char *const freemail[] = {
    "126.com",        "163.com",     "aol.com",        "fastmail.com",
    "gmail.com",      "gmx.com",     "gmx.de",         "gmx.net",
    "googlemail.com", "hey.com",     "hotmail.co.uk",  "hotmail.com",
    "icloud.com",     "live.com",    "mac.com",        "mail.com",
    "me.com",         "msn.com",     "outlook.com",    "proton.me",
    "protonmail.com", "qq.com",      "rediffmail.com", "tutanota.com",
    "web.de",         "yahoo.co.in", "yahoo.co.uk",    "yahoo.com",
    "yandex.com",     "yandex.ru",   "ymail.com",      "zoho.com",
};

static const char *const freemail_families[] = {
    "aol", "gmx", "hotmail", "live", "outlook", "yahoo", "yandex",
};

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "co.uk", "com.br", "fr": one or two short labels after the family. */
static bool
country_suffix(const char *s)
{
    size_t label = 0, labels = 1;

    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++) {
        if (*s == '.') {
            if (label == 0 || ++labels > 2)
                return false;
            label = 0;
        } else if (*s < 'a' || *s > 'z' || ++label > 3) {
            return false;
        }
    }
    return label > 0;
}

static bool
in_family(const char *d)
{
    for (size_t i = 0; i < sizeof(freemail_families) / sizeof(char *); i++) {
        size_t k = strlen(freemail_families[i]);
        if (strncmp(d, freemail_families[i], k) == 0 && d[k] == '.' &&
            country_suffix(d + k + 1))
            return true;
    }
    return false;
}

bool
pd_is_freemail(const char *domain)
{
    char d[64];
    const char *key = d;
    size_t n;

    if (domain == NULL)
        return false;
    n = strlen(domain);
    if (n == 0 || n >= sizeof(d))
        return false;
    for (size_t i = 0; i <= n; i++)
        d[i] = lower(domain[i]);
    if (bsearch(&key, freemail, sizeof(freemail) / sizeof(freemail[0]),
                sizeof(freemail[0]), cmp_str) != NULL)
        return true;
    return in_family(d);
}

/* ---- tags ------------------------------------------------------------ */

static int
cmp_tag(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
sort_few(const char **list, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        const char *t = list[i];
        size_t j = i;

        for (; j > 0 && strcmp(list[j - 1], t) > 0; j--)
            list[j] = list[j - 1];
        list[j] = t;
    }
}

/* Lower-case copy with every separator (space, comma, semicolon, U+00A0)
 * turned into NUL, so tags can be pointed at in place. */
static char *
split_copy(struct pd_arena *a, const char *s, size_t n)
{
    char *buf = pd_arena_strndup(a, s, n);

    for (size_t i = 0; i < n; i++) {
        /* The lead byte first: these loops run per byte of every tag list
         * and subject. */
        if ((unsigned char)buf[i] == 0xC2 && is_nbsp(buf + i, buf + n)) {
            buf[i] = buf[i + 1] = '\0';
            i++;
        } else if (is_space((unsigned char)buf[i]) || buf[i] == ',' ||
                   buf[i] == ';') {
            buf[i] = '\0';
        } else {
            buf[i] = lower(buf[i]);
        }
    }
    return buf;
}

size_t
pd_norm_tags(struct pd_arena *a, const char *s, size_t n, const char ***tags,
             bool *truncated)
{
    char *buf;
    const char **list;
    size_t count = 0, kept = 0;

    *tags = NULL;
    *truncated = false;
    if (n == 0)
        return 0;
    buf = split_copy(a, s, n);
    list = pd_arena_alloc(a, (n / 2 + 1) * sizeof(*list));
    for (size_t i = 0; i < n; i++) {
        if (buf[i] != '\0' && (i == 0 || buf[i - 1] == '\0'))
            list[count++] = buf + i;
    }
    if (count == 0)
        return 0;
    /* Sorting first makes duplicates adjacent and the kept set the
     * bytewise-smallest PD_MAX_TAGS, independent of input order.  A
     * ticket has a few tags: an insertion sort then costs a fraction of
     * qsort()'s setup; equal tags are equal strings, so the order among
     * them cannot show. */
    if (count <= 16)
        sort_few(list, count);
    else
        qsort(list, count, sizeof(*list), cmp_tag);
    for (size_t i = 0; i < count; i++) {
        if (kept > 0 && strcmp(list[kept - 1], list[i]) == 0)
            continue;
        if (kept == PD_MAX_TAGS) {
            *truncated = true;
            break;
        }
        list[kept++] = list[i];
    }
    *tags = list;
    return kept;
}

char *
pd_norm_text(struct pd_arena *a, const char *s, size_t n)
{
    char *out;
    size_t k = 0;
    bool gap = false;

    pd_trim(&s, &n);
    if (n == 0)
        return NULL;
    out = pd_arena_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xC2 && is_nbsp(s + i, s + n)) {
            gap = true;
            i++;
        } else if (is_space(c) || c < 0x20 || c == 0x7F) {
            gap = true;
        } else {
            if (gap && k > 0)
                out[k++] = ' ';
            gap = false;
            out[k++] = (char)c;
        }
    }
    out[k] = '\0';
    return k > 0 ? out : NULL;
}
