#include "themes.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/resource.h"
#include "common/xalloc.h"
#include "transform/regex.h"

struct rule {
    char *name;
    struct pd_regex *re;
};

struct pd_themes {
    struct rule rules[PD_THEMES_MAX];
    size_t n;
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
    free(t);
}

size_t
pd_themes_count(const struct pd_themes *t)
{
    return t->n;
}

void
pd_themes_of(struct pd_themes *t, const char *text, size_t n,
             const char **names, size_t *count)
{
    for (size_t i = 0; i < t->n && *count < PD_THEMES_PER_TEXT; i++) {
        bool seen = false;
        for (size_t j = 0; j < *count && !seen; j++)
            seen = names[j] == t->rules[i].name;
        if (!seen && pd_regex_match(t->rules[i].re, text, n))
            names[(*count)++] = t->rules[i].name;
    }
}
