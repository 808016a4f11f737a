#include "trends.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/timeutil.h"
#include "reports/doc.h"
#include "reports/kpi.h"
#include "reports/period.h"

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

/* The heading of a block of charts and its table: one chart a row, so a
 * 400 px screen shows each whole. */
static void
charts_open(const char *heading, struct pd_buf *out)
{
    pd_buf_addf(out,
                "<h2 style=\"font-size:17px;margin:20px 0 6px\">%s</h2>\n"
                "<table role=\"presentation\" width=\"%d\" "
                "cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                "style=\"border-collapse:collapse;width:100%%;"
                "max-width:%dpx\">\n",
                heading, PD_CHART_WIDTH, PD_CHART_WIDTH);
}

/* c as a table row of inline SVG; its ids start with "c<k>-". */
static void
svg_row(const struct pd_chart *c, size_t k, struct pd_buf *out)
{
    struct pd_err err = PD_ERR_INIT;
    char prefix[32];

    /* The SVG's own width and height would overflow a phone; the
     * wrapper scales it down and keeps the aspect (viewBox). */
    pd_buf_addstr(out, "<tr><td style=\"padding:0 0 8px 0\">"
                       "<div style=\"width:100%;max-width:400px\">");
    snprintf(prefix, sizeof(prefix), "c%zu-", k);
    /* Not the title: an OKR's holds a key result's name from the
     * configuration, unescaped; the SVG's aria-label has it escaped. */
    if (pd_chart_svg(c, prefix, out, &err) < 0)
        pd_buf_addf(out, "<p>Chart %zu unavailable (%s)</p>", k + 1, err.msg);
    pd_buf_addstr(out, "</div></td></tr>\n");
}

void
pd_trends_html(const struct pd_doc *doc, struct pd_buf *out)
{
    struct pd_chart charts[PD_TRENDS_N];

    pd_trends_weekly(doc, charts);
    charts_open("Last 13 weeks", out);
    for (size_t k = 0; k < PD_TRENDS_N; k++)
        svg_row(&charts[k], k, out);
    pd_buf_addstr(out, "</table>\n");
}

void
pd_trends_cid(size_t k, char *buf, size_t n)
{
    snprintf(buf, n, "trend-%zu@prodops", k + 1);
}

void
pd_trends_email(const struct pd_doc *doc, struct pd_buf *out)
{
    struct pd_chart charts[PD_TRENDS_N];

    pd_trends_weekly(doc, charts);
    charts_open("Last 13 weeks", out);
    for (size_t k = 0; k < PD_TRENDS_N; k++) {
        char cid[32];
        pd_trends_cid(k, cid, sizeof(cid));
        /* width and height attributes: Outlook sizes an image by them
         * and ignores the style's; other clients scale it to the column. */
        pd_buf_addf(out,
                    "<tr><td style=\"padding:0 0 8px 0\"><img src=\"cid:%s\" "
                    "width=\"%d\" height=\"%d\" alt=\"%s, last 13 weeks\" "
                    "style=\"display:block;width:100%%;max-width:%dpx;"
                    "height:auto;border:0\"></td></tr>\n",
                    cid, PD_CHART_WIDTH, PD_CHART_HEIGHT, charts[k].title,
                    PD_CHART_WIDTH);
    }
    pd_buf_addstr(out, "</table>\n");
}

/* ---- the OKR review's trajectories --------------------------------------- */

/* The weeks after c's last one up to the one holding last_day
 * (YYYY-MM-DD), without values: the x axis spans the whole quarter, so
 * the reader sees how much of it is left.  Labels go to weeks. */
static void
rest_of_quarter(struct pd_chart *c, const char *last_day, char (*weeks)[16])
{
    int64_t day, t;
    int y, w;

    if (c->n == 0 || !c->x[c->n - 1] || !last_day ||
        pd_time_parse_day(last_day, strlen(last_day), &day) < 0 ||
        pd_period_parse_week(c->x[c->n - 1], &y, &w) < 0)
        return;
    for (t = pd_iso_week_start(y, w) + 7 * PD_US_PER_DAY;
         t <= day * PD_US_PER_DAY && c->n < PD_CHART_MAX_POINTS;
         t += 7 * PD_US_PER_DAY) {
        pd_iso_week(t, &y, &w);
        snprintf(weeks[c->n], sizeof(weeks[0]), "%04d-W%02d", y, w);
        c->x[c->n] = weeks[c->n];
        c->has[c->n++] = false;
    }
}

/* Key result kr of the OKR document as a chart: its weekly values
 * through the quarter (to last_day), in the catalogue's units (a 0-1
 * share x 100, "%"), with its target as a line.  title and weeks are the
 * chart's storage. */
static void
okr_chart(yajl_val kr, const char *last_day, struct pd_chart *c, char *title,
          size_t n, char (*weeks)[16])
{
    yajl_val tr = pd_doc_get(kr, "trajectory");
    const char *id = pd_doc_str(kr, "metric");
    enum pd_kpi_format f = pd_kpi_format_of(id ? id : "");
    const struct pd_kpi_style *y = pd_kpi_style_of(f);
    const char *name = pd_doc_str(kr, "name");
    char label[96];

    memset(c, 0, sizeof(*c));
    pd_kpi_label(id ? id : "?", label, sizeof(label));
    snprintf(title, n, "%s: %s", name ? name : "?", label);
    c->title = title;
    /* Units without their leading space: tick labels are narrow. */
    c->unit = y->unit[0] == ' ' ? y->unit + 1 : y->unit;
    c->color = "#1565c0";
    c->zero_based = f == PD_FMT_COUNT || f == PD_FMT_PCT || f == PD_FMT_SHARE;
    c->min_span = f == PD_FMT_NPS ? 20 : 0;
    c->decimals = y->decimals;
    c->n = YAJL_IS_ARRAY(tr) ? tr->u.array.len : 0;
    if (c->n > PD_CHART_MAX_POINTS)
        c->n = PD_CHART_MAX_POINTS;
    for (size_t i = 0; i < c->n; i++) {
        yajl_val w = tr->u.array.values[i];
        c->x[i] = pd_doc_str(w, "week");
        c->has[i] = pd_doc_num(w, "value", &c->v[i]);
        c->v[i] *= y->scale;
    }
    rest_of_quarter(c, last_day, weeks);
    c->target_line = pd_doc_num(kr, "target", &c->target);
    c->target *= y->scale;
    c->target_label = "target";
}

void
pd_trends_okr_html(const struct pd_doc *doc, struct pd_buf *out)
{
    yajl_val krs = pd_doc_get(doc->root, "key_results");
    size_t n = YAJL_IS_ARRAY(krs) ? krs->u.array.len : 0;

    if (n == 0)
        return;
    charts_open("Trajectory", out);
    for (size_t k = 0; k < n; k++) {
        struct pd_chart c;
        char title[200], weeks[PD_CHART_MAX_POINTS][16];
        okr_chart(krs->u.array.values[k],
                  pd_doc_str(doc->root, "period.last_day"), &c, title,
                  sizeof(title), weeks);
        svg_row(&c, k, out);
    }
    pd_buf_addstr(out, "</table>\n");
}
