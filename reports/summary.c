#include "summary.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/doc.h"
#include "reports/kpi.h"
#include "reports/svg.h"

static const char *
or_q(const char *s)
{
    return s ? s : "?";
}

/* Text as HTML: & < > " escaped. */
static void
html_text(struct pd_buf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            pd_buf_addstr(out, "&amp;");
            break;
        case '<':
            pd_buf_addstr(out, "&lt;");
            break;
        case '>':
            pd_buf_addstr(out, "&gt;");
            break;
        case '"':
            pd_buf_addstr(out, "&quot;");
            break;
        default:
            pd_buf_addch(out, *s);
        }
    }
}

static const char good_color[] = "#2e7d32", bad_color[] = "#c62828";

static void
headline_html(const struct pd_kpi *k, const char *cur, const char *prev,
              const char *chg, int sense, struct pd_buf *out)
{
    static const char td[] = "padding:4px 10px;border-bottom:1px solid #ddd";

    pd_buf_addf(out, "<tr><td style=\"%s\">", td);
    html_text(out, k->label);
    pd_buf_addf(out,
                "</td><td style=\"%s;text-align:right\">%s</td>"
                "<td style=\"%s;text-align:right;color:#666\">%s</td>"
                "<td style=\"%s;text-align:right;color:%s\">",
                td, cur, td, prev, td,
                sense > 0   ? good_color
                : sense < 0 ? bad_color
                            : "#666");
    html_text(out, chg);
    pd_buf_addstr(out, "</td></tr>\n");
}

/* Headline table: markdown table, aligned columns, or an HTML table. */
static void
headlines(yajl_val root, enum pd_summary_style st, struct pd_buf *out)
{
    if (st == PD_SUMMARY_MARKDOWN)
        pd_buf_addstr(out, "| metric | this week | last week | change |\n"
                           "|---|---:|---:|---:|\n");
    else if (st == PD_SUMMARY_TEXT)
        pd_buf_addf(out, "%-24s %12s %12s  %s\n", "metric", "this week",
                    "last week", "change");
    else
        pd_buf_addstr(
            out, "<table style=\"border-collapse:collapse;font-size:14px\">"
                 "<tr style=\"text-align:left\"><th>metric</th>"
                 "<th style=\"text-align:right\">this week</th>"
                 "<th style=\"text-align:right\">last week</th>"
                 "<th style=\"text-align:right\">change</th></tr>\n");
    for (size_t i = 0; i < pd_weekly_nkpis; i++) {
        const struct pd_kpi *k = &pd_weekly_kpis[i];
        struct pd_kpi_value v;
        char cur[40], prev[40], chg[48];
        int sense;

        pd_kpi_read(k, root, &v);
        pd_kpi_show(k->format, v.has, v.cur, cur, sizeof(cur));
        pd_kpi_show(k->format, v.has_prev, v.prev, prev, sizeof(prev));
        sense = pd_kpi_change(k, &v, chg, sizeof(chg));
        if (st == PD_SUMMARY_MARKDOWN)
            pd_buf_addf(out, "| %s | %s | %s | %s%s |\n", k->label, cur, prev,
                        chg,
                        sense > 0   ? " \u2714"
                        : sense < 0 ? " \u26a0"
                                    : "");
        else if (st == PD_SUMMARY_TEXT)
            pd_buf_addf(out, "%-24s %12s %12s  %s%s\n", k->label, cur, prev,
                        chg,
                        sense > 0   ? " (better)"
                        : sense < 0 ? " (worse)"
                                    : "");
        else
            headline_html(k, cur, prev, chg, sense, out);
    }
    if (st == PD_SUMMARY_HTML)
        pd_buf_addstr(out, "</table>\n");
}

/* Sections are a heading and a list of items, in each style. */
static void
section(enum pd_summary_style st, const char *title, struct pd_buf *out)
{
    if (st == PD_SUMMARY_MARKDOWN)
        pd_buf_addf(out, "\n## %s\n\n", title);
    else if (st == PD_SUMMARY_TEXT)
        pd_buf_addf(out, "\n%s\n\n", title);
    else
        pd_buf_addf(out,
                    "<h2 style=\"font-size:17px;margin:20px 0 6px\">%s</h2>"
                    "<ul style=\"margin:0;padding-left:20px\">\n",
                    title);
}

static void
section_end(enum pd_summary_style st, struct pd_buf *out)
{
    if (st == PD_SUMMARY_HTML)
        pd_buf_addstr(out, "</ul>\n");
}

/* One list item from the text in item (then emptied). */
static void
emit(enum pd_summary_style st, struct pd_buf *item, struct pd_buf *out)
{
    if (st == PD_SUMMARY_HTML) {
        pd_buf_addstr(out, "<li style=\"margin:3px 0\">");
        html_text(out, item->buf);
        pd_buf_addstr(out, "</li>\n");
    } else {
        pd_buf_addf(out, "- %s\n", item->buf);
    }
    pd_buf_reset(item);
}

/* The headline whose relative change is largest, as a sentence. */
static void
biggest_move(yajl_val root, struct pd_buf *item)
{
    const struct pd_kpi *best = NULL;
    struct pd_kpi_value bv = {false, false, 0, 0};
    double best_rel = 0;
    char cur[40], prev[40];

    for (size_t i = 0; i < pd_weekly_nkpis; i++) {
        const struct pd_kpi *k = &pd_weekly_kpis[i];
        struct pd_kpi_value v;
        double rel;
        pd_kpi_read(k, root, &v);
        if (!v.has || !v.has_prev || v.prev == 0 ||
            k->better == PD_BETTER_NEITHER)
            continue;
        rel = fabs((v.cur - v.prev) / v.prev);
        if (rel > best_rel) {
            best = k;
            bv = v;
            best_rel = rel;
        }
    }
    if (!best) {
        pd_buf_addstr(item, "No headline can be compared with last week.");
        return;
    }
    pd_kpi_show(best->format, true, bv.cur, cur, sizeof(cur));
    pd_kpi_show(best->format, true, bv.prev, prev, sizeof(prev));
    pd_buf_addf(item, "Biggest move: %s %s %.0f %% (%s, last week %s).",
                best->label, bv.cur > bv.prev ? "up" : "down", 100 * best_rel,
                cur, prev);
}

/* The channel whose ticket count changed most, with the change; false
 * when there are no channels. */
static bool
channel_shift(yajl_val root, struct pd_buf *item)
{
    yajl_val cur = pd_doc_get(root, "tickets.by_channel");
    const char *name = NULL;
    double best = 0, now_n = 0, then_n = 0;

    if (!YAJL_IS_OBJECT(cur))
        return false;
    for (size_t i = 0; i < cur->u.object.len; i++) {
        char path[128];
        double c = YAJL_GET_DOUBLE(cur->u.object.values[i]), p = 0;
        snprintf(path, sizeof(path), "tickets_previous.by_channel.%s",
                 cur->u.object.keys[i]);
        pd_doc_num(root, path, &p);
        if (fabs(c - p) > fabs(best)) {
            best = c - p;
            name = cur->u.object.keys[i];
            now_n = c;
            then_n = p;
        }
    }
    if (!name)
        return false;
    pd_buf_addf(item,
                "Largest channel shift: %s %+.0f tickets (%.0f, last week "
                "%.0f).",
                name, best, now_n, then_n);
    return true;
}

/* "billing (12), login (9)" from a list of {name: count} objects. */
static void
top_list(yajl_val list, const char *key, struct pd_buf *item)
{
    size_t n = YAJL_IS_ARRAY(list) ? list->u.array.len : 0;

    if (n == 0) {
        pd_buf_addstr(item, "none");
        return;
    }
    for (size_t i = 0; i < n && i < 5; i++) {
        double c = 0;
        const char *name = pd_doc_str(list->u.array.values[i], key);
        pd_doc_num(list->u.array.values[i], "count", &c);
        pd_buf_addf(item, "%s%s (%.0f)", i ? ", " : "", or_q(name), c);
    }
}

static void
at_risk(yajl_val root, enum pd_summary_style st, struct pd_buf *item,
        struct pd_buf *out)
{
    yajl_val acc = pd_doc_get(root, "accounts");
    size_t shown = 0, red = 0;

    for (size_t i = 0; YAJL_IS_ARRAY(acc) && i < acc->u.array.len; i++) {
        yajl_val a = acc->u.array.values[i];
        const char *rag = pd_doc_str(a, "rag");
        double h = 0, u = 0, n = 0, s = 0;
        if (!rag || strcmp(rag, "red") != 0)
            continue;
        red++;
        if (shown == 5)
            continue;
        pd_doc_num(a, "health", &h);
        pd_doc_num(a, "usage", &u);
        pd_doc_num(a, "nps", &n);
        pd_doc_num(a, "support", &s);
        pd_buf_addf(item,
                    "%s (%s): health %.0f; usage %.0f, NPS %.0f, support "
                    "%.0f",
                    or_q(pd_doc_str(a, "name")),
                    or_q(pd_doc_str(a, "account_id")), h, u, n, s);
        emit(st, item, out);
        shown++;
    }
    if (red == 0)
        pd_buf_addstr(item, "No account is red (health below 40).");
    else if (red > shown)
        pd_buf_addf(item, "and %zu more red accounts (see the workbook).",
                    red - shown);
    if (item->len)
        emit(st, item, out);
}

static void
data_quality(yajl_val root, struct pd_buf *item)
{
    double loaded = 0, rejected_files = 0, rejected_rows = 0;
    yajl_val stale = pd_doc_get(root, "data_quality.stale_sources");
    size_t nstale = YAJL_IS_ARRAY(stale) ? stale->u.array.len : 0;

    pd_doc_num(root, "data_quality.files_loaded", &loaded);
    pd_doc_num(root, "data_quality.files_rejected", &rejected_files);
    pd_doc_num(root, "data_quality.rows_rejected", &rejected_rows);
    pd_buf_addf(item,
                "Data: %.0f files loaded, %.0f rejected; %.0f rows rejected",
                loaded, rejected_files, rejected_rows);
    if (nstale == 0)
        pd_buf_addstr(item, "; every source is current.");
    for (size_t i = 0; i < nstale; i++) {
        yajl_val v = stale->u.array.values[i];
        pd_buf_addf(item, "%s%s (%s) stale since %.10s", i ? ", " : "; ",
                    or_q(pd_doc_str(v, "source")), or_q(pd_doc_str(v, "kind")),
                    or_q(pd_doc_str(v, "newest")));
    }
    if (nstale)
        pd_buf_addstr(item, ".");
}

void
pd_summary_weekly(yajl_val root, enum pd_summary_style st, struct pd_buf *out)
{
    struct pd_buf item = PD_BUF_INIT;
    char title[160];

    snprintf(title, sizeof(title), "Weekly report %s (%s to %s, %s)",
             or_q(pd_doc_str(root, "period.label")),
             or_q(pd_doc_str(root, "period.start")),
             or_q(pd_doc_str(root, "period.end")),
             or_q(pd_doc_str(root, "period.timezone")));
    if (st == PD_SUMMARY_MARKDOWN)
        pd_buf_addf(out, "# %s\n\n", title);
    else if (st == PD_SUMMARY_TEXT)
        pd_buf_addf(out, "%s\n\n", title);
    else
        pd_buf_addf(out,
                    "<h1 style=\"font-size:21px;margin:0 0 12px\">%s</h1>\n",
                    title);
    headlines(root, st, out);
    if (st == PD_SUMMARY_HTML)
        pd_svg_trends(root, out);
    section(st, "What moved", out);
    biggest_move(root, &item);
    emit(st, &item, out);
    if (channel_shift(root, &item))
        emit(st, &item, out);
    pd_buf_addstr(&item, "Top tags: ");
    top_list(pd_doc_get(root, "tickets.top_tags"), "tag", &item);
    emit(st, &item, out);
    pd_buf_addstr(&item, "Top themes: ");
    top_list(pd_doc_get(root, "tickets.top_themes"), "theme", &item);
    emit(st, &item, out);
    pd_buf_addstr(&item, "Top themes among detractors: ");
    top_list(pd_doc_get(root, "nps.detractor_themes"), "theme", &item);
    emit(st, &item, out);
    section_end(st, out);
    section(st, "At-risk accounts", out);
    at_risk(root, st, &item, out);
    section_end(st, out);
    section(st, "Data quality", out);
    data_quality(root, &item);
    emit(st, &item, out);
    section_end(st, out);
    pd_buf_release(&item);
}

void
pd_summary_weekly_html(yajl_val root, struct pd_buf *out)
{
    pd_buf_addf(out,
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                "charset=\"utf-8\"><title>Weekly report %s</title></head>\n"
                "<body style=\"font-family:Arial,Helvetica,sans-serif;"
                "color:#222;max-width:760px;margin:0 auto;padding:16px;"
                "background:#fff\">\n",
                or_q(pd_doc_str(root, "period.label")));
    pd_summary_weekly(root, PD_SUMMARY_HTML, out);
    pd_buf_addstr(out, "</body></html>\n");
}
