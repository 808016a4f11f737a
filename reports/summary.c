#include "summary.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/doc.h"
#include "reports/kpi.h"

static const char *
or_q(const char *s)
{
    return s ? s : "?";
}

/* Headline table: markdown table or aligned columns. */
static void
headlines(yajl_val root, bool md, struct pd_buf *out)
{
    if (md)
        pd_buf_addstr(out, "| metric | this week | last week | change |\n"
                           "|---|---:|---:|---:|\n");
    else
        pd_buf_addf(out, "%-24s %12s %12s  %s\n", "metric", "this week",
                    "last week", "change");
    for (size_t i = 0; i < pd_weekly_nkpis; i++) {
        const struct pd_kpi *k = &pd_weekly_kpis[i];
        struct pd_kpi_value v;
        char cur[40], prev[40], chg[48];
        int sense;

        pd_kpi_read(k, root, &v);
        pd_kpi_show(k->format, v.has, v.cur, cur, sizeof(cur));
        pd_kpi_show(k->format, v.has_prev, v.prev, prev, sizeof(prev));
        sense = pd_kpi_change(k, &v, chg, sizeof(chg));
        if (md)
            pd_buf_addf(out, "| %s | %s | %s | %s%s |\n", k->label, cur, prev,
                        chg,
                        sense > 0   ? " \u2714"
                        : sense < 0 ? " \u26a0"
                                    : "");
        else
            pd_buf_addf(out, "%-24s %12s %12s  %s%s\n", k->label, cur, prev,
                        chg,
                        sense > 0   ? " (better)"
                        : sense < 0 ? " (worse)"
                                    : "");
    }
}

/* The headline whose relative change is largest, as a sentence. */
static void
biggest_move(yajl_val root, struct pd_buf *out)
{
    const struct pd_kpi *best = NULL;
    struct pd_kpi_value bv = {false, false, 0, 0};
    double best_rel = 0;

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
        pd_buf_addstr(out, "- No headline can be compared with last week.\n");
        return;
    }
    {
        char cur[40], prev[40];
        pd_kpi_show(best->format, true, bv.cur, cur, sizeof(cur));
        pd_kpi_show(best->format, true, bv.prev, prev, sizeof(prev));
        pd_buf_addf(out, "- Biggest move: %s %s %.0f %% (%s, last week %s).\n",
                    best->label, bv.cur > bv.prev ? "up" : "down",
                    100 * best_rel, cur, prev);
    }
}

/* The channel whose ticket count changed most, with the change. */
static void
channel_shift(yajl_val root, struct pd_buf *out)
{
    yajl_val cur = pd_doc_get(root, "tickets.by_channel");
    const char *name = NULL;
    double best = 0, now_n = 0, then_n = 0;

    if (!YAJL_IS_OBJECT(cur))
        return;
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
    if (name)
        pd_buf_addf(out,
                    "- Largest channel shift: %s %+.0f tickets (%.0f, last "
                    "week %.0f).\n",
                    name, best, now_n, then_n);
}

/* "billing (12), login (9)" from a list of {name: count} objects. */
static void
top_list(yajl_val list, const char *key, struct pd_buf *out)
{
    size_t n = YAJL_IS_ARRAY(list) ? list->u.array.len : 0;

    if (n == 0) {
        pd_buf_addstr(out, "none");
        return;
    }
    for (size_t i = 0; i < n && i < 5; i++) {
        double c = 0;
        const char *name = pd_doc_str(list->u.array.values[i], key);
        pd_doc_num(list->u.array.values[i], "count", &c);
        pd_buf_addf(out, "%s%s (%.0f)", i ? ", " : "", name ? name : "?", c);
    }
}

static void
at_risk(yajl_val root, bool md, struct pd_buf *out)
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
        pd_buf_addf(out,
                    "- %s%s%s (%s): health %.0f; usage %.0f, NPS %.0f, "
                    "support %.0f\n",
                    md ? "**" : "", or_q(pd_doc_str(a, "name")), md ? "**" : "",
                    or_q(pd_doc_str(a, "account_id")), h, u, n, s);
        shown++;
    }
    if (red == 0)
        pd_buf_addstr(out, "- No account is red (health below 40).\n");
    else if (red > shown)
        pd_buf_addf(out, "- and %zu more red accounts (see the workbook).\n",
                    red - shown);
}

static void
data_quality(yajl_val root, struct pd_buf *out)
{
    double loaded = 0, rejected_files = 0, rejected_rows = 0;
    yajl_val stale = pd_doc_get(root, "data_quality.stale_sources");
    size_t nstale = YAJL_IS_ARRAY(stale) ? stale->u.array.len : 0;

    pd_doc_num(root, "data_quality.files_loaded", &loaded);
    pd_doc_num(root, "data_quality.files_rejected", &rejected_files);
    pd_doc_num(root, "data_quality.rows_rejected", &rejected_rows);
    pd_buf_addf(out,
                "- Data: %.0f files loaded, %.0f rejected; %.0f rows "
                "rejected",
                loaded, rejected_files, rejected_rows);
    if (nstale == 0)
        pd_buf_addstr(out, "; every source is current.\n");
    for (size_t i = 0; i < nstale; i++)
        pd_buf_addf(out, "%s%s (%s) stale since %.10s", i ? ", " : "; ",
                    or_q(pd_doc_str(stale->u.array.values[i], "source")),
                    or_q(pd_doc_str(stale->u.array.values[i], "kind")),
                    or_q(pd_doc_str(stale->u.array.values[i], "newest")));
    if (nstale)
        pd_buf_addstr(out, ".\n");
}

void
pd_summary_weekly(yajl_val root, bool md, struct pd_buf *out)
{
    const char *label = pd_doc_str(root, "period.label");
    const char *zone = pd_doc_str(root, "period.timezone");
    const char *start = pd_doc_str(root, "period.start");
    const char *end = pd_doc_str(root, "period.end");

    pd_buf_addf(out, "%sWeekly report %s (%s to %s, %s)\n\n", md ? "# " : "",
                label ? label : "?", start ? start : "?", end ? end : "?",
                zone ? zone : "UTC");
    headlines(root, md, out);
    pd_buf_addf(out, "\n%sWhat moved\n\n", md ? "## " : "");
    biggest_move(root, out);
    channel_shift(root, out);
    pd_buf_addstr(out, "- Top tags: ");
    top_list(pd_doc_get(root, "tickets.top_tags"), "tag", out);
    pd_buf_addstr(out, "\n- Top themes: ");
    top_list(pd_doc_get(root, "tickets.top_themes"), "theme", out);
    pd_buf_addf(out, "\n\n%sAt-risk accounts\n\n", md ? "## " : "");
    at_risk(root, md, out);
    pd_buf_addf(out, "\n%sData quality\n\n", md ? "## " : "");
    data_quality(root, out);
}
