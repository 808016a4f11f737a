#include "reports/experiment.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "common/xalloc.h"

enum { MAX_NAME = 200 };

static int fail(char *msg, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(char *msg, size_t n, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, n, fmt, ap);
    va_end(ap);
    return -1;
}

/* The next comma-separated item of *p, trimmed, into item: false at the
 * end.  An empty item comes back as "". */
static bool
next_item(const char **p, char *item, size_t n)
{
    const char *a = *p, *b;
    size_t len;

    if (!**p)
        return false;
    len = strcspn(a, ",");
    b = a + len;
    *p = *b ? b + 1 : b;
    while (a < b && isspace((unsigned char)*a))
        a++;
    while (b > a && isspace((unsigned char)b[-1]))
        b--;
    snprintf(item, n, "%.*s", (int)(b - a), a);
    return true;
}

bool
pd_exp_metric_parse(const char *m, enum pd_exp_metric_kind *kind,
                    const char **event)
{
    *event = NULL;
    if (!strcmp(m, "tickets")) {
        *kind = PD_EXP_TICKETS;
        return true;
    }
    if (!strcmp(m, "detractor")) {
        *kind = PD_EXP_DETRACTOR;
        return true;
    }
    if (!strncmp(m, "conversion:", 11) && m[11]) {
        *kind = PD_EXP_CONVERSION;
        *event = m + 11;
        return true;
    }
    if (!strncmp(m, "count:", 6) && m[6]) {
        *kind = PD_EXP_COUNT;
        *event = m + 6;
        return true;
    }
    return false;
}

bool
pd_exp_metric_lower_better(const char *m)
{
    return !strcmp(m, "tickets") || !strcmp(m, "detractor");
}

static int
metric_list(const char *key, const char *v, char **list, size_t *n, char *msg,
            size_t mn)
{
    char item[MAX_NAME + 1];
    enum pd_exp_metric_kind k;
    const char *ev;

    for (size_t i = 0; i < *n; i++)
        free(list[i]);
    *n = 0;
    while (next_item(&v, item, sizeof(item))) {
        if (!pd_exp_metric_parse(item, &k, &ev))
            return fail(msg, mn,
                        "%s: unknown metric '%s' (conversion:<event>, "
                        "count:<event>, tickets, detractor)",
                        key, item);
        if (*n == PD_EXP_MAX_METRICS)
            return fail(msg, mn, "%s: more than 16 metrics", key);
        list[(*n)++] = pd_xstrdup(item);
    }
    if (*n == 0)
        return fail(msg, mn, "%s: no metric", key);
    return 0;
}

/* "control:50, treatment:50": each variant once, a positive share. */
static int
weights(struct pd_experiment *x, const char *v, char *msg, size_t n)
{
    char item[MAX_NAME + 1];
    const char *all = v;

    for (size_t i = 0; i < x->nvariants; i++)
        free(x->variants[i]);
    x->nvariants = 0;
    while (next_item(&v, item, sizeof(item))) {
        char *colon = strrchr(item, ':'), *end;
        double w;
        if (!colon || colon == item)
            return fail(msg, n,
                        "weights: '%s' is not variant:share (weights = "
                        "control:50, treatment:50)",
                        item);
        *colon = '\0';
        /* "treatment : 50": the name without the spaces around ':'. */
        for (char *e = colon; e > item && isspace((unsigned char)e[-1]);)
            *--e = '\0';
        errno = 0;
        w = strtod(colon + 1, &end);
        if (end == colon + 1 || *end || errno || !(w > 0) || !isfinite(w))
            return fail(msg, n,
                        "weights: the share '%s' of '%s' is not a positive "
                        "number",
                        colon + 1, item);
        for (size_t i = 0; i < x->nvariants; i++)
            if (!strcmp(x->variants[i], item))
                return fail(msg, n, "weights: variant '%s' named twice", item);
        if (x->nvariants == PD_EXP_MAX_VARIANTS)
            return fail(msg, n, "weights: more than 16 variants");
        x->weights[x->nvariants] = w;
        x->variants[x->nvariants++] = pd_xstrdup(item);
    }
    if (x->nvariants < 2)
        return fail(msg, n, "weights: '%s' names fewer than two variants", all);
    return 0;
}

static int
day(const char *key, const char *v, int64_t *out, bool *has, char *msg,
    size_t n)
{
    if (pd_time_parse_day(v, strlen(v), out) < 0)
        return fail(msg, n, "%s: '%s' is not a day (YYYY-MM-DD)", key, v);
    *has = true;
    return 0;
}

static int
boolean(const char *key, const char *v, bool *out, char *msg, size_t n)
{
    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on") ||
        !strcmp(v, "1"))
        *out = true;
    else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off") ||
             !strcmp(v, "0"))
        *out = false;
    else
        return fail(msg, n, "%s: '%s' is not true or false", key, v);
    return 0;
}

/* mde = 0.05 or 5%: a relative effect above 0. */
static int
mde(struct pd_experiment *x, const char *v, char *msg, size_t n)
{
    char *end;
    double d;

    errno = 0;
    d = strtod(v, &end);
    if (end != v && *end == '%' && !end[1]) {
        d /= 100;
        end++;
    }
    if (end == v || *end || errno || !(d > 0) || !(d < 100))
        return fail(msg, n,
                    "mde: '%s' is not a relative effect above 0 (0.05 or "
                    "5%%)",
                    v);
    x->mde = d;
    return 0;
}

static int
text_key(char **dst, const char *key, const char *v, char *msg, size_t n)
{
    if (!*v || strlen(v) > MAX_NAME)
        return fail(msg, n, "%s: '%s' must be 1-200 bytes", key, v);
    free(*dst);
    *dst = pd_xstrdup(v);
    return 0;
}

static int
window(struct pd_experiment *x, const char *v, char *msg, size_t n)
{
    char *end;
    long d;

    errno = 0;
    d = strtol(v, &end, 10);
    if (end == v || *end || errno || d < 1 || d > 365)
        return fail(msg, n,
                    "window_days: '%s' is not a whole number of days "
                    "from 1 to 365",
                    v);
    x->window_days = (int)d;
    return 0;
}

int
pd_experiment_set(struct pd_experiment *x, const char *key, const char *v,
                  char *msg, size_t n)
{
    enum pd_exp_metric_kind k;
    const char *ev;

    if (!strcmp(key, "flag"))
        return text_key(&x->flag, key, v, msg, n);
    if (!strcmp(key, "control"))
        return text_key(&x->control, key, v, msg, n);
    if (!strcmp(key, "weights"))
        return weights(x, v, msg, n);
    if (!strcmp(key, "start"))
        return day(key, v, &x->start_day, &x->has_start, msg, n);
    if (!strcmp(key, "end"))
        return day(key, v, &x->end_day, &x->has_end, msg, n);
    if (!strcmp(key, "window_days"))
        return window(x, v, msg, n);
    if (!strcmp(key, "primary")) {
        if (!pd_exp_metric_parse(v, &k, &ev))
            return fail(msg, n,
                        "primary: unknown metric '%s' (one of "
                        "conversion:<event>, count:<event>, tickets, "
                        "detractor)",
                        v);
        return text_key(&x->primary, key, v, msg, n);
    }
    if (!strcmp(key, "secondary"))
        return metric_list(key, v, x->secondary, &x->nsecondary, msg, n);
    if (!strcmp(key, "guardrails"))
        return metric_list(key, v, x->guardrails, &x->nguardrails, msg, n);
    if (!strcmp(key, "mde"))
        return mde(x, v, msg, n);
    if (!strcmp(key, "sequential"))
        return boolean(key, v, &x->sequential, msg, n);
    if (!strcmp(key, "cuped"))
        return boolean(key, v, &x->cuped, msg, n);
    return fail(msg, n,
                "unknown key '%s' (flag, control, weights, start, end, "
                "window_days, primary, secondary, guardrails, mde, "
                "sequential, cuped)",
                key);
}

int
pd_experiment_check(struct pd_experiment *x, char *msg, size_t n)
{
    bool named = false;

    if (!x->flag)
        x->flag = pd_xstrdup(x->name);
    if (!x->control)
        x->control = pd_xstrdup("control");
    if (!x->window_days)
        x->window_days = 14;
    if (!x->has_start)
        return fail(msg, n,
                    "start: missing (every experiment needs start and "
                    "primary)");
    if (!x->primary)
        return fail(msg, n,
                    "primary: missing (every experiment needs start "
                    "and primary)");
    if (x->has_end && x->end_day < x->start_day)
        return fail(msg, n, "end: before start");
    for (size_t i = 0; i < x->nvariants; i++)
        named = named || !strcmp(x->variants[i], x->control);
    if (x->nvariants && !named)
        return fail(msg, n, "weights: no share for the control '%s'",
                    x->control);
    return 0;
}

void
pd_experiment_release(struct pd_experiment *x)
{
    free(x->name);
    free(x->flag);
    free(x->control);
    free(x->primary);
    for (size_t i = 0; i < x->nvariants; i++)
        free(x->variants[i]);
    for (size_t i = 0; i < x->nsecondary; i++)
        free(x->secondary[i]);
    for (size_t i = 0; i < x->nguardrails; i++)
        free(x->guardrails[i]);
    memset(x, 0, sizeof(*x));
}

void
pd_experiment_slug(const char *name, char *out, size_t n)
{
    size_t len = 0;
    bool dash = false;

    if (n == 0)
        return;
    for (const char *p = name; *p && len + 2 < n; p++) {
        int c = tolower((unsigned char)*p);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && len > 0)
                out[len++] = '-';
            out[len++] = (char)c;
            dash = false;
        } else {
            dash = true;
        }
    }
    out[len] = '\0';
    if (len == 0)
        snprintf(out, n, "experiment");
}

const char *
pd_exp_decide(bool srm, const struct pd_exp_test *tests, size_t n,
              bool planned_reached)
{
    bool ship = false;

    if (srm)
        return "srm";
    for (size_t i = 0; i < n; i++) {
        const struct pd_exp_test *t = &tests[i];
        bool worse = t->lower_better ? t->diff > 0 : t->diff < 0;
        if ((t->primary || t->guardrail) && t->significant && worse)
            return "stop";
        if (t->primary && t->significant && !worse && t->diff != 0)
            ship = true;
    }
    if (!planned_reached)
        return "keep running";
    return ship ? "ship" : "no effect";
}
