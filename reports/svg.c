#include "svg.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#include "reports/doc.h"

enum { W = 220, H = 70, PAD = 6, MAX_POINTS = 64 };

static void
chart(yajl_val trend, const char *key, const char *title, const char *color,
      struct pd_buf *out)
{
    size_t n = YAJL_IS_ARRAY(trend) ? trend->u.array.len : 0;
    double v[MAX_POINTS], lo = 0, hi = 0;
    bool has[MAX_POINTS], any = false, open = false;

    if (n > MAX_POINTS)
        n = MAX_POINTS;
    for (size_t i = 0; i < n; i++) {
        has[i] = pd_doc_num(trend->u.array.values[i], key, &v[i]);
        if (!has[i])
            continue;
        lo = any ? fmin(lo, v[i]) : v[i];
        hi = any ? fmax(hi, v[i]) : v[i];
        any = true;
    }
    pd_buf_addf(out,
                "<td style=\"padding:0 8px 0 0;vertical-align:top\">"
                "<div style=\"font-size:12px;color:#555\">%s</div>"
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">"
                "<title>%s</title>"
                "<rect x=\"0.5\" y=\"0.5\" width=\"%d\" height=\"%d\" "
                "fill=\"#fafafa\" stroke=\"#ddd\"/>",
                title, W, H, W, H, title, W - 1, H - 1);
    if (hi == lo)
        hi = lo + 1; /* a flat line sits in the middle */
    for (size_t i = 0; i < n; i++) {
        double x, y;
        if (!has[i]) {
            if (open)
                pd_buf_addstr(out, "\"/>");
            open = false;
            continue;
        }
        x = PAD + (n > 1 ? (double)i * (W - 2 * PAD) / (double)(n - 1) : 0);
        y = H - PAD - (v[i] - lo) * (H - 2 * PAD) / (hi - lo);
        if (!open)
            pd_buf_addf(out,
                        "<polyline fill=\"none\" stroke=\"%s\" "
                        "stroke-width=\"2\" points=\"",
                        color);
        pd_buf_addf(out, "%s%.1f,%.1f", open ? " " : "", x, y);
        open = true;
    }
    if (open)
        pd_buf_addstr(out, "\"/>");
    pd_buf_addstr(out, "</svg></td>\n");
}

void
pd_svg_trends(yajl_val root, struct pd_buf *out)
{
    pd_buf_addstr(out, "<h2 style=\"font-size:17px;margin:20px 0 6px\">"
                       "Last 13 weeks</h2>\n<table style=\"border-collapse:"
                       "collapse\"><tr>\n");
    chart(pd_doc_get(root, "tickets.trend"), "tickets_created",
          "Tickets created", "#1565c0", out);
    chart(pd_doc_get(root, "nps.trend"), "nps", "NPS", "#6a1b9a", out);
    chart(pd_doc_get(root, "usage.trend"), "active_users", "Active users",
          "#2e7d32", out);
    pd_buf_addstr(out, "</tr></table>\n");
}
