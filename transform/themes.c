#include "themes.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/resource.h"
#include "common/xalloc.h"
#include "transform/regex.h"

struct rule {
    char *name;
    struct pd_regex *re;
};

/* A memo of the texts seen last: exports repeat them (tag lists, canned
 * subjects, "Re:" threads), and matching ten UCP patterns on each subject
 * and tag list was 48 % of a Zendesk file's client CPU (perf, 1 M bench
 * tickets).  Direct-mapped by a hash of the text; a slot holds the text
 * itself, so a hit is exact and the memo can only save work, never change
 * a result.  Texts longer than a slot bypass it. */
enum { MEMO_SLOTS = 4096, MEMO_TEXT = 112 };
_Static_assert(PD_THEMES_MAX <= 64, "a rule's match is one bit of a memo mask");

struct memo {
    uint64_t hash;
    uint64_t mask; /* bit i: rule i matches the text */
    uint32_t len;
    bool used;
    char text[MEMO_TEXT];
};

struct pd_themes {
    struct rule rules[PD_THEMES_MAX];
    size_t n;
    struct memo *memo; /* MEMO_SLOTS, allocated on first use */
};

static void
trim(const char **s, const char **e)
{
    while (*s < *e && (**s == ' ' || **s == '\t'))
        (*s)++;
    while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
        (*e)--;
}

static int
parse_line(struct pd_themes *t, const char *line, const char *end,
           const char *origin, const char *noun, int lineno, struct pd_err *err)
{
    const char *eq = memchr(line, '=', (size_t)(end - line));
    const char *ns = line, *ne = eq, *ps, *pe = end;
    char *pattern;
    struct pd_regex *re;

    if (!eq)
        return pd_err_set(err, PD_E_CONFIG, "%s:%d: expected '%s = pattern'",
                          origin, lineno, noun);
    trim(&ns, &ne);
    ps = eq + 1;
    trim(&ps, &pe);
    if (ns == ne || ps == pe)
        return pd_err_set(err, PD_E_CONFIG, "%s:%d: empty %s name or pattern",
                          origin, lineno, noun);
    if (t->n == PD_THEMES_MAX)
        return pd_err_set(err, PD_E_CONFIG, "%s:%d: more than %d %s rules",
                          origin, lineno, PD_THEMES_MAX, noun);
    pattern = pd_xstrndup(ps, (size_t)(pe - ps));
    re = pd_regex_compile(pattern, err);
    free(pattern);
    if (!re) {
        char why[sizeof(err->msg)];
        memcpy(why, err->msg, sizeof(why));
        return pd_err_set(err, PD_E_CONFIG, "%s:%d: %s '%.*s': %s", origin,
                          lineno, noun, (int)(ne - ns), ns, why);
    }
    t->rules[t->n].name = pd_xstrndup(ns, (size_t)(ne - ns));
    t->rules[t->n].re = re;
    t->n++;
    return 0;
}

struct pd_themes *
pd_themes_parse(const char *text, const char *origin, struct pd_err *err)
{
    return pd_themes_parse_as(text, origin, "theme", err);
}

struct pd_themes *
pd_themes_parse_as(const char *text, const char *origin, const char *noun,
                   struct pd_err *err)
{
    struct pd_themes *t = pd_xcalloc(1, sizeof(*t));
    int lineno = 0;

    while (*text) {
        const char *nl = strchr(text, '\n');
        const char *end = nl ? nl : text + strlen(text);
        const char *s = text, *e = end;
        lineno++;
        trim(&s, &e);
        if (s < e && *s != '#' && *s != ';' &&
            parse_line(t, s, e, origin, noun, lineno, err) < 0) {
            pd_themes_free(t);
            return NULL;
        }
        text = nl ? nl + 1 : end;
    }
    return t;
}

struct pd_themes *
pd_themes_default(struct pd_err *err)
{
    const char *text = pd_resource_get("transform/rules/themes.conf", NULL);

    if (!text) {
        pd_err_set(err, PD_E_INTERNAL, "the built-in theme rules are missing");
        return NULL;
    }
    return pd_themes_parse(text, "built-in themes.conf", err);
}

void
pd_themes_free(struct pd_themes *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->rules[i].name);
        pd_regex_free(t->rules[i].re);
    }
    free(t->memo);
    free(t);
}

size_t
pd_themes_count(const struct pd_themes *t)
{
    return t->n;
}

/* FNV-1a: the texts are short, and a hash per text costs a fraction of
 * one pattern. */
static uint64_t
text_hash(const char *text, size_t n)
{
    uint64_t h = 14695981039346656037u;

    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)text[i]) * 1099511628211u;
    return h;
}

/* Bit i set when rule i matches text[0..n): every rule, from the memo when
 * the text is in it. */
static uint64_t
match_mask(struct pd_themes *t, const char *text, size_t n)
{
    struct memo *m = NULL;
    uint64_t h = 0, mask = 0;

    if (n < MEMO_TEXT) {
        if (!t->memo)
            t->memo = pd_xcalloc(MEMO_SLOTS, sizeof(*t->memo));
        h = text_hash(text, n);
        m = &t->memo[h % MEMO_SLOTS];
        if (m->used && m->hash == h && m->len == n &&
            memcmp(m->text, text, n) == 0)
            return m->mask;
    }
    for (size_t i = 0; i < t->n; i++)
        if (pd_regex_match(t->rules[i].re, text, n))
            mask |= UINT64_C(1) << i;
    if (m) {
        m->hash = h;
        m->mask = mask;
        m->len = (uint32_t)n;
        m->used = true;
        memcpy(m->text, text, n);
    }
    return mask;
}

void
pd_themes_of(struct pd_themes *t, const char *text, size_t n,
             const char **names, size_t *count)
{
    uint64_t mask;

    if (t->n == 0 || *count >= PD_THEMES_PER_TEXT)
        return;
    mask = match_mask(t, text, n);
    for (size_t i = 0; i < t->n && *count < PD_THEMES_PER_TEXT; i++) {
        bool seen = false;
        if (!(mask & (UINT64_C(1) << i)))
            continue;
        for (size_t j = 0; j < *count && !seen; j++)
            seen = names[j] == t->rules[i].name;
        if (!seen)
            names[(*count)++] = t->rules[i].name;
    }
}
