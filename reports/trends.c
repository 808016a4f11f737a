#include "trends.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "reports/doc.h"

/* What each trend shows: the JSON family, the key of its value, and how
 * its axis is drawn.  Counts start at zero; NPS runs from -100 to 100, so
 * its axis spans at least 20 points and a 3-point wobble stays small. */
static const struct {
    const char *path, *key, *title, *color;
    bool zero_based;
    double min_span;
    int decimals;
} specs[PD_TRENDS_N] = {
    {"tickets.trend", "tickets_created", "Tickets created", "#1565c0", true, 0,
     0},
    {"nps.trend", "nps", "NPS", "#6a1b9a", false, 20, 1},
    {"usage.trend", "active_users", "Active users", "#2e7d32", true, 0, 0},
};

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The band: the 25th and 75th percentiles of the weeks before the last,
 * when at least four of them have data. */
static void
band(struct pd_chart *c)
{
    double v[PD_CHART_MAX_POINTS];
    size_t n = 0;

    for (size_t i = 0; i + 1 < c->n; i++)
        if (c->has[i])
            v[n++] = c->v[i];
    if (n < 4)
        return;
    qsort(v, n, sizeof(v[0]), cmp_double);
    c->band = true;
    c->band_lo = v[(n - 1) / 4];
    c->band_hi = v[(3 * (n - 1) + 3) / 4];
    c->band_label = "usual range";
}

void
pd_trends_weekly(const struct pd_doc *doc, struct pd_chart charts[PD_TRENDS_N])
{
    yajl_val root = doc->root;
    for (size_t k = 0; k < PD_TRENDS_N; k++) {
        struct pd_chart *c = &charts[k];
        yajl_val t = pd_doc_get(root, specs[k].path);
        size_t n = YAJL_IS_ARRAY(t) ? t->u.array.len : 0;

        memset(c, 0, sizeof(*c));
        c->title = specs[k].title;
        c->unit = "";
        c->color = specs[k].color;
        c->zero_based = specs[k].zero_based;
        c->min_span = specs[k].min_span;
        c->decimals = specs[k].decimals;
        c->n = n > PD_CHART_MAX_POINTS ? PD_CHART_MAX_POINTS : n;
        for (size_t i = 0; i < c->n; i++) {
            yajl_val w = t->u.array.values[i];
            c->x[i] = pd_doc_str(w, "week");
            c->has[i] = pd_doc_num(w, specs[k].key, &c->v[i]);
        }
        band(c);
    }
}

void
pd_trends_html(const struct pd_doc *doc, struct pd_buf *out)
{
    struct pd_chart charts[PD_TRENDS_N];

    pd_trends_weekly(doc, charts);
    pd_buf_addstr(out, "<h2 style=\"font-size:17px;margin:20px 0 6px\">"
                       "Last 13 weeks</h2>\n<table role=\"presentation\" "
                       "style=\"border-collapse:collapse;width:100%;"
                       "max-width:400px\">\n");
    for (size_t k = 0; k < PD_TRENDS_N; k++) {
        struct pd_err err = PD_ERR_INIT;
        char prefix[16];

        /* The SVG's own width and height would overflow a phone; the
         * wrapper scales it down and keeps the aspect (viewBox). */
        pd_buf_addstr(out, "<tr><td style=\"padding:0 0 8px 0\">"
                           "<div style=\"width:100%;max-width:400px\">");
        snprintf(prefix, sizeof(prefix), "c%zu-", k);
        if (pd_chart_svg(&charts[k], prefix, out, &err) < 0)
            pd_buf_addf(out, "<p>%s: chart unavailable (%s)</p>",
                        charts[k].title, err.msg);
        pd_buf_addstr(out, "</div></td></tr>\n");
    }
    pd_buf_addstr(out, "</table>\n");
}
