#include "hygiene.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void
pd_hygiene_init(struct pd_hygiene *h)
{
    memset(h, 0, sizeof(*h));
}

bool
pd_hygiene_owns(const char *section, const char *key)
{
    return (!strcmp(section, "report") && !strcmp(key, "ignore_tags")) ||
           !strcmp(section, "product_areas") ||
           (!strcmp(section, "usage") && !strcmp(key, "ignore_events"));
}

/* The next comma-separated item of *s, trimmed, into item: 1, 0 at the
 * end, -1 for an empty or too long item. */
static int
next_item(const char **s, char *item)
{
    const char *p = *s, *e;
    size_t len;

    if (!*p)
        return 0;
    e = strchr(p, ',');
    if (!e)
        e = p + strlen(p);
    *s = *e ? e + 1 : e;
    while (p < e && isspace((unsigned char)*p))
        p++;
    while (e > p && isspace((unsigned char)e[-1]))
        e--;
    len = (size_t)(e - p);
    if (len == 0 || len >= PD_HYGIENE_LEN)
        return -1;
    memcpy(item, p, len);
    item[len] = '\0';
    return 1;
}

/* A list key's items into list (replacing what a repeated key said). */
static int
set_list(char (*list)[PD_HYGIENE_LEN], size_t *count, const char *what,
         const char *value, char *msg, size_t n)
{
    char item[PD_HYGIENE_LEN];
    int rc;

    *count = 0;
    while ((rc = next_item(&value, item)) != 0) {
        if (rc < 0)
            return snprintf(msg, n,
                            "%s: an empty item or one longer than %d bytes",
                            what, PD_HYGIENE_LEN - 1),
                   -1;
        if (*count == PD_HYGIENE_MAX)
            return snprintf(msg, n, "%s: more than %d items", what,
                            PD_HYGIENE_MAX),
                   -1;
        memcpy(list[(*count)++], item, sizeof(item));
    }
    return 0;
}

/* [product_areas] NAME = alias, alias: each alias shown as NAME. */
static int
set_aliases(struct pd_hygiene *h, const char *name, const char *value,
            char *msg, size_t n)
{
    char item[PD_HYGIENE_LEN];
    int rc;

    if (strlen(name) >= PD_HYGIENE_LEN)
        return snprintf(msg, n,
                        "[product_areas] '%s': a name longer than %d "
                        "bytes",
                        name, PD_HYGIENE_LEN - 1),
               -1;
    while ((rc = next_item(&value, item)) != 0) {
        size_t i = 0;
        if (rc < 0)
            return snprintf(msg, n,
                            "[product_areas] %s: an empty alias or one longer "
                            "than %d bytes",
                            name, PD_HYGIENE_LEN - 1),
                   -1;
        while (i < h->naliases && strcasecmp(h->alias_from[i], item) != 0)
            i++;
        if (i < h->naliases)
            return snprintf(msg, n,
                            "[product_areas] %s: alias '%s' already names "
                            "'%s'",
                            name, item, h->alias_to[i]),
                   -1;
        if (h->naliases == PD_HYGIENE_MAX)
            return snprintf(msg, n, "[product_areas]: more than %d aliases",
                            PD_HYGIENE_MAX),
                   -1;
        memcpy(h->alias_from[h->naliases], item, sizeof(item));
        snprintf(h->alias_to[h->naliases++], PD_HYGIENE_LEN, "%s", name);
    }
    return 0;
}

int
pd_hygiene_set(struct pd_hygiene *h, const char *section, const char *key,
               const char *value, char *msg, size_t n)
{
    if (!strcmp(section, "product_areas"))
        return set_aliases(h, key, value, msg, n);
    if (!strcmp(section, "report"))
        return set_list(h->ignore_tags, &h->nignore_tags,
                        "[report] ignore_tags", value, msg, n);
    return set_list(h->ignore_events, &h->nignore_events,
                    "[usage] ignore_events", value, msg, n);
}

/* items as a text[] literal: {"a","b"}, each element quoted with " and \
 * escaped (PostgreSQL's array input); like: also a glob to a LIKE
 * pattern. */
static void
array_literal(const char (*items)[PD_HYGIENE_LEN], size_t count, bool like,
              char *out)
{
    size_t o = 0;

    out[o++] = '{';
    for (size_t i = 0; i < count; i++) {
        if (i)
            out[o++] = ',';
        out[o++] = '"';
        for (const char *s = items[i]; *s; s++) {
            char c = *s;
            if (like && (c == '\\' || c == '%' || c == '_')) {
                /* LIKE's escape, itself escaped for the array. */
                out[o++] = '\\';
                out[o++] = '\\';
            } else if (like && (c == '*' || c == '?'))
                c = c == '*' ? '%' : '_';
            if (c == '"' || c == '\\')
                out[o++] = '\\';
            out[o++] = c;
        }
        out[o++] = '"';
    }
    out[o++] = '}';
    out[o] = '\0';
}

void
pd_hygiene_params(const struct pd_hygiene *h, struct pd_hygiene_params *p)
{
    static const struct pd_hygiene none;

    if (!h)
        h = &none;
    array_literal(h->ignore_tags, h->nignore_tags, true, p->tags);
    array_literal(h->alias_from, h->naliases, false, p->from);
    array_literal(h->alias_to, h->naliases, false, p->to);
    array_literal(h->ignore_events, h->nignore_events, false, p->events);
}
