#include "summary.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/printable.h"
#include "common/timeutil.h"
#include "reports/attention.h"
#include "reports/chart.h"
#include "reports/doc.h"
#include "reports/kpi.h"
#include "reports/markdown.h"
#include "reports/period.h"
#include "reports/trends.h"

static const char *
or_q(const char *s)
{
    return s ? s : "?";
}

/* Data-derived text (a tag, an account or survey name, a key result's
 * name) into an item or a cell: escaped for Markdown by pd_md_text(), as
 * is in plain text.  HTML escapes a whole item when it is emitted, and
 * table cells with pd_buf_addhtml(). */
static void put(enum pd_summary_style st, struct pd_buf *out, const char *s);

/* Text as HTML with its spaces non-breaking: "+16.0 %" must not wrap
 * before the "%" on a 400 px screen. */
static void
html_nbsp(struct pd_buf *out, const char *s)
{
    for (const char *sp; (sp = strchr(s, ' ')) != NULL; s = sp + 1) {
        struct pd_buf part = PD_BUF_INIT;
        pd_buf_add(&part, s, (size_t)(sp - s));
        pd_buf_addhtml(out, part.buf);
        pd_buf_addstr(out, "&nbsp;");
        pd_buf_release(&part);
    }
    pd_buf_addhtml(out, s);
}

static const char good_color[] = "#2e7d32", bad_color[] = "#c62828";

static void
headline_html(const struct pd_kpi *k, const char *cur, const char *prev,
              const char *chg, int sense, struct pd_buf *out)
{
    static const char td[] = "padding:4px 6px;border-bottom:1px solid #ddd";

    pd_buf_addf(out, "<tr><td style=\"%s\">", td);
    pd_buf_addhtml(out, k->label);
    pd_buf_addf(
        out,
        "</td><td style=\"%s;text-align:right;white-space:nowrap\">"
        "%s</td><td style=\"%s;text-align:right;color:#666;"
        "white-space:nowrap\">%s</td>"
        "<td style=\"%s;text-align:right;white-space:nowrap;color:%s\">",
        td, cur, td, prev, td,
        sense > 0   ? good_color
        : sense < 0 ? bad_color
                    : "#666");
    html_nbsp(out, chg);
    pd_buf_addstr(out, "</td></tr>\n");
}

static void
headline_head_html(const char *cur_name, const char *prev_name,
                   struct pd_buf *out)
{
    static const char th[] = "<th style=\"padding:4px 6px;text-align:right\">";

    pd_buf_addstr(out, "<table width=\"100%\" cellpadding=\"0\" "
                       "cellspacing=\"0\" border=\"0\" "
                       "style=\"border-collapse:collapse;font-size:14px;"
                       "width:100%\">"
                       "<tr style=\"text-align:left\"><th style=\"padding:4px "
                       "6px\">metric</th>");
    pd_buf_addstr(out, th);
    pd_buf_addhtml(out, cur_name);
    pd_buf_addf(out, "</th>%s", th);
    pd_buf_addhtml(out, prev_name);
    pd_buf_addf(out, "</th>%schange</th></tr>\n", th);
}

/* ---- one writer per style ----------------------------------------------
 * The building blocks every section is made of, once per style: the
 * sections below say what to write, a writer says how. */

struct writer {
    /* Data-derived text into an item or a cell. */
    void (*put)(struct pd_buf *out, const char *s);
    /* The document's title (it holds the period and its zone). */
    void (*heading)(const char *title, struct pd_buf *out);
    /* A section: a heading, then list items, then its end. */
    void (*section)(const char *title, struct pd_buf *out);
    const char *section_end;
    void (*item)(const char *text, struct pd_buf *out);
    /* The headline table: its head, one row per KPI, its end. */
    void (*table_head)(const struct writer *w, const char *cur_name,
                       const char *prev_name, struct pd_buf *out);
    void (*table_row)(const struct pd_kpi *k, const char *cur, const char *prev,
                      const char *chg, int sense, struct pd_buf *out);
    const char *table_end;
    /* A list item that opens with a headline in bold: the headline is
     * data (escaped here), rest is an item's text as put() made it. */
    void (*item_strong)(const char *headline, const char *rest,
                        struct pd_buf *out);
    /* What ends a block before a table. */
    const char *block_end;
    /* The weekly 13-week charts and the OKR trajectories; NULL where a
     * style has no charts. */
    void (*weekly_charts)(const struct pd_doc *doc, struct pd_buf *out);
    void (*okr_charts)(const struct pd_doc *doc, struct pd_buf *out);
};

/* Data-derived text (a tag, an account or survey name, a key result's
 * name) into an item or a cell: escaped for Markdown by pd_md_text(), as
 * is in plain text.  HTML escapes a whole item when it is emitted, and
 * table cells with pd_buf_addhtml(). */
static void
put_plain(struct pd_buf *out, const char *s)
{
    pd_buf_addstr(out, s);
}

static void
md_heading(const char *title, struct pd_buf *out)
{
    pd_buf_addstr(out, "# ");
    pd_md_text(out, title);
    pd_buf_addstr(out, "\n\n");
}

static void
txt_heading(const char *title, struct pd_buf *out)
{
    pd_buf_addstr(out, title);
    pd_buf_addstr(out, "\n\n");
}

static void
html_heading(const char *title, struct pd_buf *out)
{
    pd_buf_addstr(out, "<h1 style=\"font-size:21px;margin:0 0 12px\">");
    pd_buf_addhtml(out, title);
    pd_buf_addstr(out, "</h1>\n");
}

static void
md_section(const char *title, struct pd_buf *out)
{
    pd_buf_addf(out, "\n## %s\n\n", title);
}

static void
txt_section(const char *title, struct pd_buf *out)
{
    pd_buf_addf(out, "\n%s\n\n", title);
}

static void
html_section(const char *title, struct pd_buf *out)
{
    pd_buf_addf(out,
                "<h2 style=\"font-size:17px;margin:20px 0 6px\">%s</h2>"
                "<ul style=\"margin:0;padding-left:20px\">\n",
                title);
}

static void
dash_item(const char *text, struct pd_buf *out)
{
    pd_buf_addf(out, "- %s\n", text);
}

static void
html_item(const char *text, struct pd_buf *out)
{
    pd_buf_addstr(out, "<li style=\"margin:3px 0\">");
    pd_buf_addhtml(out, text);
    pd_buf_addstr(out, "</li>\n");
}

/* ---- the email's HTML: tables and inline styles only ---------------------
 * SPEC §7: Outlook draws HTML mail with Word's engine, which ignores
 * <style> blocks, classes, flex and grid and lays out lists its own way;
 * it honours tables, their width attributes and inline styles.  So a
 * section is a table with one row per item (a bullet cell and a text
 * cell), and the charts are <img src="cid:..."> of PNG parts. */

static const char email_cell[] =
    "padding:3px 0;font-family:Arial,Helvetica,sans-serif;font-size:14px;"
    "line-height:20px;color:#222";

static void
email_section(const char *title, struct pd_buf *out)
{
    pd_buf_addf(out,
                "<h2 style=\"font-size:17px;margin:20px 0 6px\">%s</h2>\n"
                "<table role=\"presentation\" width=\"100%%\" "
                "cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                "style=\"border-collapse:collapse\">\n",
                title);
}

/* One row: the bullet, then the text cell's opening. */
static void
email_row_open(struct pd_buf *out)
{
    pd_buf_addf(out,
                "<tr><td width=\"16\" valign=\"top\" style=\"%s\">"
                "&#8226;</td><td valign=\"top\" style=\"%s\">",
                email_cell, email_cell);
}

static void
email_item(const char *text, struct pd_buf *out)
{
    email_row_open(out);
    pd_buf_addhtml(out, text);
    pd_buf_addstr(out, "</td></tr>\n");
}

static void
email_item_strong(const char *headline, const char *rest, struct pd_buf *out)
{
    email_row_open(out);
    pd_buf_addstr(out, "<strong>");
    pd_buf_addhtml(out, headline);
    pd_buf_addstr(out, "</strong>");
    pd_buf_addhtml(out, rest);
    pd_buf_addstr(out, "</td></tr>\n");
}

static void
html_item_strong(const char *headline, const char *rest, struct pd_buf *out)
{
    pd_buf_addstr(out, "<li style=\"margin:6px 0\"><strong>");
    pd_buf_addhtml(out, headline);
    pd_buf_addstr(out, "</strong>");
    pd_buf_addhtml(out, rest);
    pd_buf_addstr(out, "</li>\n");
}

static void
md_item_strong(const char *headline, const char *rest, struct pd_buf *out)
{
    pd_buf_addstr(out, "- **");
    pd_md_text(out, headline);
    pd_buf_addf(out, "**%s\n", rest);
}

static void
txt_item_strong(const char *headline, const char *rest, struct pd_buf *out)
{
    pd_buf_addf(out, "- %s%s\n", headline, rest);
}

static void
md_table_head(const struct writer *w, const char *cur_name,
              const char *prev_name, struct pd_buf *out)
{
    pd_buf_addstr(out, "| metric | ");
    w->put(out, cur_name);
    pd_buf_addstr(out, " | ");
    w->put(out, prev_name);
    pd_buf_addstr(out, " | change |\n|---|---:|---:|---:|\n");
}

static void
txt_table_head(const struct writer *w, const char *cur_name,
               const char *prev_name, struct pd_buf *out)
{
    (void)w;
    pd_buf_addf(out, "%-24s %12s %12s  %s\n", "metric", cur_name, prev_name,
                "change");
}

static void
html_table_head(const struct writer *w, const char *cur_name,
                const char *prev_name, struct pd_buf *out)
{
    (void)w;
    headline_head_html(cur_name, prev_name, out);
}

static void
md_table_row(const struct pd_kpi *k, const char *cur, const char *prev,
             const char *chg, int sense, struct pd_buf *out)
{
    pd_buf_addf(out, "| %s | %s | %s | %s%s |\n", k->label, cur, prev, chg,
                sense > 0   ? " \u2714"
                : sense < 0 ? " \u26a0"
                            : "");
}

static void
txt_table_row(const struct pd_kpi *k, const char *cur, const char *prev,
              const char *chg, int sense, struct pd_buf *out)
{
    pd_buf_addf(out, "%-24s %12s %12s  %s%s\n", k->label, cur, prev, chg,
                sense > 0   ? " (better)"
                : sense < 0 ? " (worse)"
                            : "");
}

/* Indexed by enum pd_summary_style.  The browser page and the email
 * share the heading and the headline table (a table with inline styles
 * suits both); they differ in lists and in how a chart is embedded. */
static const struct writer writers[] = {
    [PD_SUMMARY_MARKDOWN] = {pd_md_text, md_heading, md_section, "", dash_item,
                             md_table_head, md_table_row, "", md_item_strong,
                             "\n", NULL, NULL},
    [PD_SUMMARY_TEXT] = {put_plain, txt_heading, txt_section, "", dash_item,
                         txt_table_head, txt_table_row, "", txt_item_strong,
                         "\n", NULL, NULL},
    [PD_SUMMARY_HTML] = {put_plain, html_heading, html_section, "</ul>\n",
                         html_item, html_table_head, headline_html,
                         "</table>\n", html_item_strong, "", pd_trends_html,
                         pd_trends_okr_html},
    [PD_SUMMARY_EMAIL] = {put_plain, html_heading, email_section, "</table>\n",
                          email_item, html_table_head, headline_html,
                          "</table>\n", email_item_strong, "", pd_trends_email,
                          NULL},
};

static void
put(enum pd_summary_style st, struct pd_buf *out, const char *s)
{
    writers[st].put(out, s);
}

/* Headline table; cur and prev name the two periods ("this week", "last
 * week"). */
static void
headlines(yajl_val root, enum pd_summary_style st, const char *cur_name,
          const char *prev_name, struct pd_buf *out)
{
    const struct writer *w = &writers[st];

    w->table_head(w, cur_name, prev_name, out);
    for (size_t i = 0; i < pd_weekly_nkpis; i++) {
        const struct pd_kpi *k = &pd_weekly_kpis[i];
        struct pd_kpi_value v;
        char cur[40], prev[40], chg[48];
        int sense;

        pd_kpi_read(k, &(const struct pd_doc){root}, &v);
        if (!pd_kpi_shown(k, &v))
            continue;
        pd_kpi_show_value(k, &v, false, cur, sizeof(cur));
        pd_kpi_show_value(k, &v, true, prev, sizeof(prev));
        sense = pd_kpi_change(k, &v, chg, sizeof(chg));
        w->table_row(k, cur, prev, chg, sense, out);
    }
    pd_buf_addstr(out, w->table_end);
}

static void
heading(enum pd_summary_style st, const char *title, struct pd_buf *out)
{
    writers[st].heading(title, out);
}

static void
section(enum pd_summary_style st, const char *title, struct pd_buf *out)
{
    writers[st].section(title, out);
}

static void
section_end(enum pd_summary_style st, struct pd_buf *out)
{
    pd_buf_addstr(out, writers[st].section_end);
}

/* One list item from the text in item (then emptied). */
static void
emit(enum pd_summary_style st, struct pd_buf *item, struct pd_buf *out)
{
    writers[st].item(item->buf, out);
    pd_buf_reset(item);
}

/* The channel whose ticket count changed most, with the change; false
 * when there are no channels. */
static bool
channel_shift(yajl_val root, enum pd_summary_style st, struct pd_buf *item)
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
    pd_buf_addstr(item, "Largest channel shift: ");
    put(st, item, name);
    pd_buf_addf(item, " %+.0f tickets (%.0f, last week %.0f).", best, now_n,
                then_n);
    return true;
}

/* "billing (12), login (9)" from a list of {name: count} objects. */
static void
top_list(yajl_val list, const char *key, enum pd_summary_style st,
         struct pd_buf *item)
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
        pd_buf_addstr(item, i ? ", " : "");
        put(st, item, or_q(name));
        pd_buf_addf(item, " (%.0f)", c);
    }
}

/* Issue 17: the feature requests of a short list (requests_gained,
 * requests_top), one item each: "dark mode: 2 asks this week; 3 accounts,
 * 174,000 ARR at stake, 23 votes; open."  Nothing when the document has
 * no such list. */
static void
request_items(yajl_val list, const char *when, const char *none,
              enum pd_summary_style st, struct pd_buf *item, struct pd_buf *out)
{
    size_t n = YAJL_IS_ARRAY(list) ? list->u.array.len : 0;

    for (size_t i = 0; i < n; i++) {
        yajl_val r = list->u.array.values[i];
        yajl_val acc = pd_doc_get(r, "accounts");
        double g = 0, arr = 0, votes = 0;
        char shown[48];
        pd_doc_num(r, "period.mentions", &g);
        pd_doc_num(r, "arr", &arr);
        pd_doc_num(r, "mentions.votes", &votes);
        put(st, item, or_q(pd_doc_str(r, "name")));
        if (when)
            pd_buf_addf(item, ": %.0f ask%s %s;", g, g == 1 ? "" : "s", when);
        else
            pd_buf_addstr(item, ":");
        pd_buf_addf(item, " %zu account%s, ",
                    YAJL_IS_ARRAY(acc) ? acc->u.array.len : 0,
                    YAJL_IS_ARRAY(acc) && acc->u.array.len == 1 ? "" : "s");
        pd_kpi_show(PD_FMT_COUNT, true, arr, shown, sizeof(shown));
        pd_buf_addf(item, "%s ARR at stake, %.0f vote%s", shown, votes,
                    votes == 1 ? "" : "s");
        if (pd_doc_str(r, "status"))
            pd_buf_addf(item, "; %s", pd_doc_str(r, "status"));
        pd_buf_addstr(item, ".");
        emit(st, item, out);
    }
    if (n == 0 && list) {
        pd_buf_addstr(item, none);
        emit(st, item, out);
    }
}

/* ---- issue 16: experiments -------------------------------------------- */

/* A metric as a reader says it: "conversion:Report Created" -> "Report
 * Created", "count:Purchase" -> "Purchase (count)", else the name. */
static void
exp_metric(enum pd_summary_style st, const char *m, struct pd_buf *item)
{
    if (!strncmp(m, "conversion:", 11)) {
        put(st, item, m + 11);
    } else if (!strncmp(m, "count:", 6)) {
        put(st, item, m + 6);
        pd_buf_addstr(item, " (count)");
    } else {
        put(st, item, m);
    }
}

/* ", +24.5 % Report Created (95 % CI +10.1 to +38.8 %)"; nothing without
 * a lift. */
static void
exp_lift(yajl_val x, enum pd_summary_style st, struct pd_buf *item)
{
    double l, lo, hi;

    if (!pd_doc_num(x, "lift_rel", &l))
        return;
    pd_buf_addf(item, ", %+.1f %% ", 100 * l);
    exp_metric(st, or_q(pd_doc_str(x, "primary")), item);
    if (pd_doc_num(x, "lift_rel_ci_low", &lo) &&
        pd_doc_num(x, "lift_rel_ci_high", &hi))
        pd_buf_addf(item, " (95 %% CI %+.1f to %+.1f %%)", 100 * lo, 100 * hi);
}

/* "running, 9 days left at the current exposure rate" (with mde: the
 * planned sample), "running, 3 days left to its end (2026-11-30)", or
 * "running, no sample plan yet". */
static void
exp_running(yajl_val x, struct pd_buf *item)
{
    double left, mde;
    bool has_mde = pd_doc_num(x, "mde", &mde);

    pd_buf_addstr(item, "running");
    if (!pd_doc_num(x, "days_left", &left))
        pd_buf_addstr(item, ", no sample plan yet");
    else if (has_mde)
        pd_buf_addf(item, ", %.0f day%s left at the current exposure rate",
                    left, left == 1 ? "" : "s");
    else
        pd_buf_addf(item, ", %.0f day%s left to its end (%s)", left,
                    left == 1 ? "" : "s", or_q(pd_doc_str(x, "end")));
}

/* One line per experiment of the weekly block: its status, then what the
 * readout says. */
static void
exp_line(yajl_val x, enum pd_summary_style st, struct pd_buf *item)
{
    const char *status = or_q(pd_doc_str(x, "status"));
    const char *by = pd_doc_str(x, "stopped_by");
    double users = 0, p;
    char shown[48];

    put(st, item, or_q(pd_doc_str(x, "name")));
    pd_buf_addstr(item, ": ");
    if (!strcmp(status, "ready to call")) {
        pd_buf_addf(item, "ready to call \u2014 %s",
                    or_q(pd_doc_str(x, "decision")));
        exp_lift(x, st, item);
    } else if (!strcmp(status, "stopped") && by &&
               YAJL_IS_TRUE(pd_doc_get(x, "stopped_by_guardrail"))) {
        pd_buf_addstr(item, "stopped by the ");
        exp_metric(st, by, item);
        pd_buf_addstr(item, " guardrail");
    } else if (!strcmp(status, "stopped")) {
        pd_buf_addstr(item, "stopped \u2014 the primary metric is "
                            "significantly worse");
        exp_lift(x, st, item);
    } else if (!strcmp(status, "srm")) {
        pd_buf_addstr(item, "sample ratio mismatch");
        if (pd_doc_num(x, "srm_p", &p))
            pd_buf_addf(item, " (SRM p = %.2g)", p);
        pd_buf_addstr(item, " \u2014 results not trusted, no decision");
    } else {
        exp_running(x, item);
    }
    pd_doc_num(x, "users", &users);
    pd_kpi_show(PD_FMT_COUNT, true, users, shown, sizeof(shown));
    pd_buf_addf(item, ", %s user%s.", shown, users == 1 ? "" : "s");
}

/* The weekly block, one item per experiment whose days overlap the week;
 * nothing for a document without the key (no [experiment] configured). */
static void
experiments(yajl_val root, enum pd_summary_style st, struct pd_buf *item,
            struct pd_buf *out)
{
    yajl_val l = pd_doc_get(root, "experiments");
    size_t n = YAJL_IS_ARRAY(l) ? l->u.array.len : 0;

    if (!YAJL_IS_ARRAY(l))
        return;
    section(st, "Experiments", out);
    for (size_t i = 0; i < n; i++) {
        exp_line(l->u.array.values[i], st, item);
        emit(st, item, out);
    }
    if (n == 0) {
        pd_buf_addstr(item, "No configured experiment ran this week.");
        emit(st, item, out);
    }
    section_end(st, out);
}

/* The OKR review's decisions: "New onboarding: ship (2026-11-08), +24.5 %
 * Report Created (95 % CI ...)."; nothing without the key. */
static void
exp_decisions(yajl_val root, enum pd_summary_style st, struct pd_buf *item,
              struct pd_buf *out)
{
    yajl_val l = pd_doc_get(root, "experiment_decisions");
    size_t n = YAJL_IS_ARRAY(l) ? l->u.array.len : 0;

    if (!YAJL_IS_ARRAY(l))
        return;
    section(st, "Experiment decisions", out);
    for (size_t i = 0; i < n; i++) {
        yajl_val x = l->u.array.values[i];
        const char *on = pd_doc_str(x, "decided_on"),
                   *by = pd_doc_str(x, "stopped_by");
        put(st, item, or_q(pd_doc_str(x, "name")));
        pd_buf_addf(item, ": %s", or_q(pd_doc_str(x, "decision")));
        if (on)
            pd_buf_addf(item, " (%s)", on);
        else
            pd_buf_addstr(item, " (not decided yet)");
        if (by) {
            pd_buf_addstr(item, ", stopped by ");
            exp_metric(st, by, item);
        }
        exp_lift(x, st, item);
        pd_buf_addstr(item, ".");
        emit(st, item, out);
    }
    if (n == 0) {
        pd_buf_addstr(item, "No configured experiment ran this quarter.");
        emit(st, item, out);
    }
    section_end(st, out);
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
        put(st, item, or_q(pd_doc_str(a, "name")));
        pd_buf_addstr(item, " (");
        put(st, item, or_q(pd_doc_str(a, "account_id")));
        /* SPEC §6: the account's nps is a 0-100 score, "NPS score", never
         * "NPS" (which runs from -100 to 100). */
        pd_buf_addf(item,
                    "): health %.0f; usage %.0f, NPS score %.0f, support %.0f",
                    pd_kpi_round(h, 0), pd_kpi_round(u, 0), pd_kpi_round(n, 0),
                    pd_kpi_round(s, 0));
        emit(st, item, out);
        shown++;
    }
    if (red == 0)
        pd_buf_addstr(item, "No account is red (health below 40).");
    else if (red > shown) {
        /* SPEC §7: a cut list says so, as a cut table does. */
        char notice[80];
        pd_kpi_cut_notice(shown, red, notice, sizeof(notice));
        pd_buf_addf(item,
                    "Red accounts: %s shown; the workbook's Accounts sheet "
                    "lists them all.",
                    notice);
    }
    if (item->len)
        emit(st, item, out);
}

/* Issue 13: " zendesk: 405 channel values mapped to other: 'Phone call
 * (incoming)' 405, 'Pigeon' 3 and 2 more." per source and column; the
 * values are data from outside (printable, escaped for Markdown). */
static void
unmapped_values(yajl_val root, enum pd_summary_style st, struct pd_buf *item)
{
    yajl_val cols = pd_doc_get(root, "data_quality.unmapped");

    for (size_t i = 0; YAJL_IS_ARRAY(cols) && i < cols->u.array.len; i++) {
        yajl_val c = cols->u.array.values[i];
        yajl_val vals = pd_doc_get(c, "values");
        double n = 0, rest = 0;
        size_t shown = 0;
        char text[256];

        pd_doc_num(c, "count", &n);
        pd_buf_addch(item, ' ');
        put(st, item,
            pd_printable(or_q(pd_doc_str(c, "source")), text, sizeof(text)));
        pd_buf_addf(item, ": %.0f %s values mapped to %s:", n,
                    or_q(pd_doc_str(c, "column")),
                    or_q(pd_doc_str(c, "mapped_to")));
        for (size_t j = 0; YAJL_IS_ARRAY(vals) && j < vals->u.array.len; j++) {
            yajl_val v = vals->u.array.values[j];
            const char *value = pd_doc_str(v, "value");
            double k = 0;
            pd_doc_num(v, "count", &k);
            if (!value || shown == 3) {
                rest += k;
                continue;
            }
            pd_buf_addstr(item, shown++ ? ", '" : " '");
            put(st, item, pd_printable(value, text, sizeof(text)));
            pd_buf_addf(item, "' %.0f", k);
        }
        if (rest > 0)
            pd_buf_addf(item, " and %.0f more", rest);
        pd_buf_addch(item, '.');
    }
}

static void
data_quality(yajl_val root, enum pd_summary_style st, struct pd_buf *item)
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
        char source[256]; /* a name from outside: no ESC to the reader */

        pd_buf_addstr(item, i ? ", " : "; ");
        put(st, item,
            pd_printable(or_q(pd_doc_str(v, "source")), source,
                         sizeof(source)));
        pd_buf_addf(item, " (%s) stale since %s", or_q(pd_doc_str(v, "kind")),
                    or_q(pd_doc_str(v, "data_through")));
    }
    if (nstale)
        pd_buf_addstr(item, ".");
    unmapped_values(root, st, item);
}

/* Issue 14 §1 "Needs attention" (SPEC §10), rendered only from the
 * document's attention, inside_noise and data_through.  A number as the
 * metric shows it: a count or an NPS point as an integer, else one
 * decimal. */
static void
att_num(struct pd_buf *item, const char *metric, yajl_val v, const char *key,
        bool sign)
{
    double x;

    if (!pd_doc_num(v, key, &x)) {
        pd_buf_addstr(item, "\u2013");
        return;
    }
    if (strcmp(metric, "nps") == 0 || !sign)
        pd_buf_addf(item, sign ? "%+.0f" : "%.0f", pd_kpi_round(x, 0));
    else
        pd_buf_addf(item, "%+.1f", pd_kpi_round(x, 1));
}

/* "Driver: plan Enterprise, 40 against 10.0 (+30.0); ..." */
static void
att_drivers(yajl_val a, const char *metric, enum pd_summary_style st,
            struct pd_buf *item)
{
    yajl_val d = pd_doc_get(a, "drivers");
    double base;

    for (size_t i = 0; YAJL_IS_ARRAY(d) && i < d->u.array.len; i++) {
        yajl_val x = d->u.array.values[i];
        pd_buf_addstr(item, i ? "; " : " Drivers: ");
        put(st, item, pd_attention_dim_label(or_q(pd_doc_str(x, "dimension"))));
        pd_buf_addch(item, ' ');
        put(st, item,
            or_q(pd_doc_str(x, pd_doc_get(x, "name") ? "name" : "value")));
        pd_buf_addstr(item, ", ");
        att_num(item, metric, x, "this_week", strcmp(metric, "nps") == 0);
        pd_buf_addstr(item, " against ");
        if (strcmp(metric, "nps") == 0 || !pd_doc_num(x, "baseline", &base))
            att_num(item, metric, x, "baseline", strcmp(metric, "nps") == 0);
        else
            pd_buf_addf(item, "%.1f", pd_kpi_round(base, 1));
        pd_buf_addstr(item, " (");
        att_num(item, metric, x, "delta", true);
        if (pd_doc_get(x, "mix")) {
            pd_buf_addstr(item, " points: mix ");
            att_num(item, "", x, "mix", true);
            pd_buf_addstr(item, ", rate ");
            att_num(item, "", x, "rate", true);
        }
        pd_buf_addstr(item, ")");
    }
    if (YAJL_IS_ARRAY(d) && d->u.array.len)
        pd_buf_addstr(item, ".");
}

/* " Accounts: Thistle Media ($189k ARR, +22); ..." and the evidence. */
static void
att_accounts(yajl_val a, const char *metric, enum pd_summary_style st,
             struct pd_buf *item)
{
    yajl_val acc = pd_doc_get(a, "accounts"), ev = pd_doc_get(a, "evidence");
    double arr;

    for (size_t i = 0; YAJL_IS_ARRAY(acc) && i < acc->u.array.len; i++) {
        yajl_val x = acc->u.array.values[i];
        pd_buf_addstr(item, i ? "; " : " Accounts most affected: ");
        put(st, item, or_q(pd_doc_str(x, "name")));
        pd_buf_addstr(item, " (");
        if (pd_doc_num(x, "arr", &arr))
            pd_buf_addf(item, "$%.0fk ARR, ", pd_kpi_round(arr / 1000, 0));
        att_num(item, metric, x, "delta", true);
        pd_buf_addstr(item, ")");
    }
    if (YAJL_IS_ARRAY(acc) && acc->u.array.len)
        pd_buf_addstr(item, ".");
    for (size_t i = 0; YAJL_IS_ARRAY(ev) && i < ev->u.array.len; i++) {
        const char *t = YAJL_GET_STRING(ev->u.array.values[i]);
        pd_buf_addstr(item, i ? " \u00b7 \u201c" : " In their words: \u201c");
        put(st, item, t ? t : "");
        pd_buf_addstr(item, "\u201d");
    }
}

/* A value of an attention block as the catalogue shows the metric
 * ("1.3 h", "82.8 %", "17"): the same number as the headline table's. */
static void
att_shown(struct pd_buf *item, const char *metric, yajl_val x, const char *key)
{
    char buf[64];
    double v = 0;
    bool has = pd_doc_num(x, key, &v);

    pd_kpi_show(pd_kpi_format_of(metric), has, v, buf, sizeof(buf));
    pd_buf_addstr(item, buf);
}

/* "Inside the noise: NPS (17 against 15), ..." with the catalogue's
 * labels and formats. */
static void
att_noise(yajl_val root, enum pd_summary_style st, struct pd_buf *item,
          struct pd_buf *out)
{
    yajl_val n = pd_doc_get(root, "inside_noise");

    for (size_t i = 0; YAJL_IS_ARRAY(n) && i < n->u.array.len; i++) {
        yajl_val x = n->u.array.values[i];
        const char *m = or_q(pd_doc_str(x, "metric"));
        char label[80];

        pd_kpi_label(m, label, sizeof(label));
        pd_buf_addstr(item, i ? ", " : "Inside the noise this week: ");
        pd_buf_addstr(item, label);
        pd_buf_addstr(item, " (");
        att_shown(item, m, x, "this_week");
        pd_buf_addstr(item, " against a normal ");
        att_shown(item, m, x, "baseline");
        pd_buf_addstr(item, ")");
    }
    if (item->len) {
        pd_buf_addstr(item, ".");
        emit(st, item, out);
    }
}

/* SPEC §10: "Left out of the baselines (the data does not cover them
 * completely): Tickets created 2026-W32; NPS 2026-W32." */
static void
att_left_out(yajl_val root, enum pd_summary_style st, struct pd_buf *item,
             struct pd_buf *out)
{
    yajl_val lo = pd_doc_get(root, "left_out");
    size_t n = 0;

    for (size_t i = 0; YAJL_IS_OBJECT(lo) && i < lo->u.object.len; i++) {
        yajl_val weeks = lo->u.object.values[i];
        const char *m = lo->u.object.keys[i];
        if (!YAJL_IS_ARRAY(weeks) || weeks->u.array.len == 0)
            continue;
        pd_buf_addstr(item, n++ ? "; "
                                : "Left out of the baselines (the "
                                  "data does not cover them "
                                  "completely): ");
        char label[80];

        pd_kpi_label(m, label, sizeof(label));
        pd_buf_addstr(item, label);
        for (size_t w = 0; w < weeks->u.array.len; w++) {
            const char *l = YAJL_GET_STRING(weeks->u.array.values[w]);
            pd_buf_addstr(item, w ? ", " : " ");
            put(st, item, l ? l : "?");
        }
    }
    if (n) {
        pd_buf_addstr(item, ".");
        emit(st, item, out);
    }
}

/* The health of an account of the document's accounts[], or false. */
static bool
att_health(yajl_val root, const char *id, double *h)
{
    yajl_val acc = pd_doc_get(root, "accounts");

    for (size_t i = 0; id && YAJL_IS_ARRAY(acc) && i < acc->u.array.len; i++) {
        const char *x = pd_doc_str(acc->u.array.values[i], "account_id");
        if (x && strcmp(x, id) == 0)
            return pd_doc_num(acc->u.array.values[i], "health", h);
    }
    return false;
}

/* "Usage fell most at Everfield Logistics ($75k ARR, health 63): 8
 * active users against 16.7 a week (-8.7); ..." (three at most). */
static void
att_usage_falls(yajl_val root, enum pd_summary_style st, struct pd_buf *item,
                struct pd_buf *out)
{
    yajl_val f = pd_doc_get(root, "usage_falls");
    size_t n = YAJL_IS_ARRAY(f) ? f->u.array.len : 0;
    double arr, h, cur = 0, base = 0, chg = 0;

    for (size_t i = 0; i < n && i < 3; i++) {
        yajl_val x = f->u.array.values[i];
        yajl_val in = pd_doc_get(x, "inside_noise");
        pd_buf_addstr(item, i ? "; " : "Usage fell most at ");
        put(st, item, or_q(pd_doc_str(x, "name")));
        pd_buf_addstr(item, " (");
        if (pd_doc_num(x, "arr", &arr))
            pd_buf_addf(item, "$%.0fk ARR, ", pd_kpi_round(arr / 1000, 0));
        if (att_health(root, pd_doc_str(x, "account_id"), &h))
            pd_buf_addf(item, "health %.0f", pd_kpi_round(h, 0));
        else
            pd_buf_addstr(item, "health \u2013");
        pd_doc_num(x, "this_week", &cur);
        pd_doc_num(x, "baseline", &base);
        pd_doc_num(x, "change", &chg);
        pd_buf_addf(item, "): %.0f active users against %.1f a week (%+.1f%s)",
                    cur, pd_kpi_round(base, 1), pd_kpi_round(chg, 1),
                    YAJL_IS_TRUE(in) ? ", inside the noise" : "");
    }
    if (n > 3) {
        char notice[80];
        pd_kpi_cut_notice(3, n, notice, sizeof(notice));
        pd_buf_addf(item, " (%s)", notice);
    }
    if (item->len) {
        pd_buf_addstr(item, ".");
        emit(st, item, out);
    }
}

/* The section every weekly summary opens with. */
static void
attention(yajl_val root, enum pd_summary_style st, struct pd_buf *out)
{
    yajl_val att = pd_doc_get(root, "attention");
    struct pd_buf item = PD_BUF_INIT;

    section(st, "Needs attention", out);
    for (size_t i = 0; YAJL_IS_ARRAY(att) && i < att->u.array.len; i++) {
        yajl_val a = att->u.array.values[i];
        const char *m = or_q(pd_doc_str(a, "metric"));
        /* The headline in bold; the writer escapes it. */
        att_drivers(a, m, st, &item);
        att_accounts(a, m, st, &item);
        writers[st].item_strong(or_q(pd_doc_str(a, "headline")), item.buf, out);
        pd_buf_reset(&item);
    }
    if (!YAJL_IS_ARRAY(att) || att->u.array.len == 0) {
        pd_buf_addstr(&item, "Nothing outside the normal range this week.");
        emit(st, &item, out);
    }
    att_usage_falls(root, st, &item, out);
    att_noise(root, st, &item, out);
    att_left_out(root, st, &item, out);
    section_end(st, out);
    /* The headline table starts a block. */
    pd_buf_addstr(out, writers[st].block_end);
    pd_buf_release(&item);
}

/* The days of ISO week label as a reader says them: "23–29 Nov 2026",
 * "30 Nov – 6 Dec 2026", "29 Dec 2025 – 4 Jan 2026"; the label itself when
 * it is not a week. */
static void
week_days(const char *label, char *out, size_t n)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct pd_tm a, b;
    int y, w;

    if (pd_period_parse_week(label, &y, &w) < 0) {
        snprintf(out, n, "%s", label);
        return;
    }
    pd_time_split(pd_iso_week_start(y, w), &a);
    pd_time_split(pd_iso_week_start(y, w) + 6 * PD_US_PER_DAY, &b);
    if (a.year != b.year)
        snprintf(out, n, "%u %s %lld \u2013 %u %s %lld", a.day,
                 mon[a.month - 1], (long long)a.year, b.day, mon[b.month - 1],
                 (long long)b.year);
    else if (a.month != b.month)
        snprintf(out, n, "%u %s \u2013 %u %s %lld", a.day, mon[a.month - 1],
                 b.day, mon[b.month - 1], (long long)b.year);
    else
        snprintf(out, n, "%u\u2013%u %s %lld", a.day, b.day, mon[b.month - 1],
                 (long long)b.year);
}

void
pd_summary_weekly(const struct pd_doc *doc, enum pd_summary_style st,
                  struct pd_buf *out)
{
    yajl_val root = doc->root;
    struct pd_buf item = PD_BUF_INIT;
    const char *label = or_q(pd_doc_str(root, "period.label"));
    char title[200], days[64];

    /* Issue 14: the reader's dates, not the JSON's instants. */
    week_days(label, days, sizeof(days));
    snprintf(title, sizeof(title), "Weekly report %s: %s (%s)", label, days,
             or_q(pd_doc_str(root, "period.timezone")));
    heading(st, title, out);
    attention(root, st, out);
    headlines(root, st, "this week", "last week", out);
    if (writers[st].weekly_charts)
        writers[st].weekly_charts(doc, out);
    /* Issue 14: no "biggest move" line any more.  It ranked raw relative
     * changes with no noise control ("Reopen rate down 33 %" on 15 against
     * 19 tickets) and contradicted "Needs attention", which now says what
     * moved and whether it is news. */
    section(st, "What moved", out);
    if (channel_shift(root, st, &item))
        emit(st, &item, out);
    pd_buf_addstr(&item, "Top tags: ");
    top_list(pd_doc_get(root, "tickets.top_tags"), "tag", st, &item);
    emit(st, &item, out);
    pd_buf_addstr(&item, "Top themes: ");
    top_list(pd_doc_get(root, "tickets.top_themes"), "theme", st, &item);
    emit(st, &item, out);
    pd_buf_addstr(&item, "Top themes among detractors: ");
    top_list(pd_doc_get(root, "nps.detractor_themes"), "theme", st, &item);
    emit(st, &item, out);
    section_end(st, out);
    experiments(root, st, &item, out);
    if (pd_doc_get(root, "requests_gained")) {
        section(st, "Feature requests gaining", out);
        request_items(pd_doc_get(root, "requests_gained"), "this week",
                      "No feature request was asked this week.", st, &item,
                      out);
        section_end(st, out);
    }
    section(st, "At-risk accounts", out);
    at_risk(root, st, &item, out);
    section_end(st, out);
    section(st, "Data quality", out);
    data_quality(root, st, &item);
    emit(st, &item, out);
    section_end(st, out);
    pd_buf_release(&item);
}

/* A page around a report's HTML summary (st PD_SUMMARY_HTML or
 * PD_SUMMARY_EMAIL): inline styles only.  The email's page is laid out
 * with tables (Outlook ignores a body's styles and max-width on anything
 * but a table: the width attribute holds there, the style elsewhere) and
 * opens with lead, SPEC §7's first line; lead is NULL for a browser
 * page. */
static void
page(const struct pd_doc *doc, const char *name, int width,
     enum pd_summary_style st, const char *lead,
     void (*body)(const struct pd_doc *, enum pd_summary_style,
                  struct pd_buf *),
     struct pd_buf *out)
{
    static const char font[] =
        "font-family:Arial,Helvetica,sans-serif;color:#222";
    yajl_val root = doc->root;

    pd_buf_addf(out,
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                "charset=\"utf-8\"><meta name=\"viewport\" "
                "content=\"width=device-width, initial-scale=1\"><title>%s ",
                name);
    pd_buf_addhtml(out, or_q(pd_doc_str(root, "period.label")));
    pd_buf_addstr(out, "</title></head>\n");
    if (!lead) {
        pd_buf_addf(out,
                    "<body style=\"%s;max-width:%dpx;margin:0 auto;"
                    "padding:16px;background:#fff\">\n",
                    font, width);
        body(doc, st, out);
        pd_buf_addstr(out, "</body></html>\n");
        return;
    }
    pd_buf_addf(out,
                "<body style=\"margin:0;padding:0;background:#ffffff\">\n"
                "<table role=\"presentation\" width=\"100%%\" "
                "cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>"
                "<td align=\"center\" style=\"padding:16px 8px\">\n"
                "<table role=\"presentation\" width=\"%d\" "
                "cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                "style=\"width:100%%;max-width:%dpx\"><tr><td "
                "style=\"%s;font-size:14px\">\n"
                "<p style=\"font-size:13px;color:#555;margin:0 0 8px\">",
                width, width, font);
    pd_buf_addhtml(out, lead);
    pd_buf_addstr(out, "</p>\n");
    body(doc, st, out);
    pd_buf_addstr(out, "</td></tr></table>\n</td></tr></table>\n"
                       "</body></html>\n");
}

void
pd_summary_weekly_html(const struct pd_doc *doc, struct pd_buf *out)
{
    page(doc, "Weekly report", 760, PD_SUMMARY_HTML, NULL, pd_summary_weekly,
         out);
}

void
pd_summary_weekly_email(const struct pd_doc *doc, struct pd_buf *out)
{
    struct pd_buf lead = PD_BUF_INIT;

    pd_summary_weekly_lead(doc, &lead);
    page(doc, "Weekly report", 640, PD_SUMMARY_EMAIL, lead.buf,
         pd_summary_weekly, out);
    pd_buf_release(&lead);
}

/* "93 %", "-200 % below baseline" (SPEC §6: progress is not clamped at
 * 0, and a negative one says so in words), or a dash. */
static void
progress_text(yajl_val kr, bool has, double p, char *buf, size_t n)
{
    yajl_val below = pd_doc_get(kr, "below_baseline");

    if (!has)
        snprintf(buf, n, "\u2013");
    else
        snprintf(buf, n, "%.0f %%%s", pd_kpi_round(p, 0),
                 YAJL_IS_TRUE(below) ? " below baseline" : "");
}

/* One key result's cells, as shown. */
struct kr_cells {
    const char *name, *metric, *actual, *target, *progress, *status, *owner;
};

static const char kr_td[] = "padding:4px 6px;border-bottom:1px solid #ddd";

static void
md_kr_head(struct pd_buf *out)
{
    pd_buf_addstr(out, "| key result | metric | actual | target | "
                       "progress | status | owner |\n"
                       "|---|---|---:|---:|---:|---|---|\n");
}

static void
md_kr_row(const struct kr_cells *c, struct pd_buf *out)
{
    pd_buf_addstr(out, "| ");
    pd_md_text(out, c->name);
    pd_buf_addstr(out, " | ");
    pd_md_text(out, c->metric);
    /* target: our number after a validated ">=" or "<=". */
    pd_buf_addf(out, " | %s | %s | %s | %s | ", c->actual, c->target,
                c->progress, c->status);
    pd_md_text(out, c->owner);
    pd_buf_addstr(out, " |\n");
}

static void
txt_kr_head(struct pd_buf *out)
{
    pd_buf_addf(out, "%-34s %-22s %10s %10s %21s  %-10s %s\n", "key result",
                "metric", "actual", "target", "progress", "status", "owner");
}

static void
txt_kr_row(const struct kr_cells *c, struct pd_buf *out)
{
    pd_buf_addf(out, "%-34s %-22s %10s %10s %21s  %-10s %s\n", c->name,
                c->metric, c->actual, c->target, c->progress, c->status,
                c->owner);
}

/* The HTML key-result table fits a 400 px phone: the metric's label and
 * the owner go under the key result's name instead of columns of their
 * own (seven columns came to 564 px). */
static void
html_kr_head(struct pd_buf *out)
{
    static const char th[] = "padding:4px 6px";

    pd_buf_addf(out,
                "<table width=\"100%%\" cellpadding=\"0\" cellspacing=\"0\" "
                "border=\"0\" style=\"border-collapse:collapse;font-size:14px;"
                "width:100%%\"><tr style=\"text-align:left\">"
                "<th style=\"%s\">key result</th>"
                "<th style=\"%s;text-align:right\">actual</th>"
                "<th style=\"%s;text-align:right\">target</th>"
                "<th style=\"%s;text-align:right\">progress</th>"
                "<th style=\"%s\">status</th></tr>\n",
                th, th, th, th, th);
}

static void
html_kr_row(const struct kr_cells *c, struct pd_buf *out)
{
    const char *color = strcmp(c->status, "met") == 0         ? good_color
                        : strcmp(c->status, "off track") == 0 ? bad_color
                        : strcmp(c->status, "at risk") == 0   ? "#b26a00"
                                                              : "#666";

    pd_buf_addf(out, "<tr><td style=\"%s\">", kr_td);
    pd_buf_addhtml(out, c->name);
    pd_buf_addstr(out, "<br><span style=\"font-size:12px;color:#666\">");
    pd_buf_addhtml(out, c->metric);
    if (strcmp(c->owner, "?") != 0) {
        pd_buf_addstr(out, " \u00b7 owner: ");
        pd_buf_addhtml(out, c->owner);
    }
    pd_buf_addf(out,
                "</span></td><td style=\"%s;text-align:right\">%s</td>"
                "<td style=\"%s;text-align:right\">",
                kr_td, c->actual, kr_td);
    html_nbsp(out, c->target);
    pd_buf_addf(out,
                "</td><td style=\"%s;text-align:right\">%s</td>"
                "<td style=\"%s;color:%s;font-weight:bold\">%s</td></tr>\n",
                kr_td, c->progress, kr_td, color, c->status);
}

/* The key-result table's writer per style, indexed by enum
 * pd_summary_style; its end is the writer's table_end. */
static const struct {
    void (*head)(struct pd_buf *out);
    void (*row)(const struct kr_cells *c, struct pd_buf *out);
} kr_writers[] = {
    [PD_SUMMARY_MARKDOWN] = {md_kr_head, md_kr_row},
    [PD_SUMMARY_TEXT] = {txt_kr_head, txt_kr_row},
    [PD_SUMMARY_HTML] = {html_kr_head, html_kr_row},
    [PD_SUMMARY_EMAIL] = {html_kr_head, html_kr_row},
};

/* The key-result table. */
static void
kr_table(yajl_val krs, enum pd_summary_style st, struct pd_buf *out)
{
    size_t n = YAJL_IS_ARRAY(krs) ? krs->u.array.len : 0;

    kr_writers[st].head(out);
    for (size_t i = 0; i < n; i++) {
        yajl_val kr = krs->u.array.values[i];
        const char *id = or_q(pd_doc_str(kr, "metric"));
        enum pd_kpi_format f = pd_kpi_format_of(id);
        char metric[80];
        double a = 0, t = 0, p = 0;
        bool has_a = pd_doc_num(kr, "actual", &a);
        bool has_p = pd_doc_num(kr, "progress_pct", &p);
        char actual[40], target[48], progress[40];
        struct kr_cells c;

        pd_kpi_label(id, metric, sizeof(metric));
        pd_kpi_show(f, has_a, a, actual, sizeof(actual));
        pd_doc_num(kr, "target", &t);
        pd_kpi_show(f, true, t, target + 3, sizeof(target) - 3);
        memcpy(target, or_q(pd_doc_str(kr, "direction")), 2);
        target[2] = ' ';
        progress_text(kr, has_p, p, progress, sizeof(progress));
        c = (struct kr_cells){or_q(pd_doc_str(kr, "name")),
                              metric,
                              actual,
                              target,
                              progress,
                              or_q(pd_doc_str(kr, "status")),
                              or_q(pd_doc_str(kr, "owner"))};
        kr_writers[st].row(&c, out);
    }
    pd_buf_addstr(out, writers[st].table_end);
}

/* "Customers love the product (NPS): 28 after 2026-W41, 31 after 2026-W47
 * (at risk)": the first and last weeks of a trajectory with values.  1 when
 * the key result moved, 0 without two weeks of data, -1 when the shown
 * values are the same: "what moved" names only key results that moved. */
static int
kr_moved(yajl_val kr, enum pd_summary_style st, struct pd_buf *item)
{
    yajl_val tr = pd_doc_get(kr, "trajectory");
    size_t n = YAJL_IS_ARRAY(tr) ? tr->u.array.len : 0, first = n, last = n;
    const char *id = or_q(pd_doc_str(kr, "metric"));
    enum pd_kpi_format f = pd_kpi_format_of(id);
    char a[40], b[40], label[80];
    double va = 0, vb = 0;

    for (size_t i = 0; i < n; i++) {
        double v;
        if (!pd_doc_num(tr->u.array.values[i], "value", &v))
            continue;
        if (first == n) {
            first = i;
            va = v;
        }
        last = i;
        vb = v;
    }
    if (first == n || first == last)
        return 0;
    pd_kpi_show(f, true, va, a, sizeof(a));
    pd_kpi_show(f, true, vb, b, sizeof(b));
    if (strcmp(a, b) == 0)
        return -1;
    pd_kpi_label(id, label, sizeof(label));
    put(st, item, or_q(pd_doc_str(kr, "name")));
    pd_buf_addstr(item, " (");
    put(st, item, label);
    pd_buf_addf(item, "): %s after %s, %s after %s (%s).", a,
                or_q(pd_doc_str(tr->u.array.values[first], "week")), b,
                or_q(pd_doc_str(tr->u.array.values[last], "week")),
                or_q(pd_doc_str(kr, "status")));
    return 1;
}

/* The lowest-NPS member of a breakdown ({"SMB": {"responses", "nps"}})
 * with at least 5 responses, as "SMB (NPS 12, 40 responses)". */
static bool
weakest(yajl_val obj, const char *what, enum pd_summary_style st,
        struct pd_buf *item)
{
    const char *name = NULL;
    double best = 0, best_n = 0;

    for (size_t i = 0; YAJL_IS_OBJECT(obj) && i < obj->u.object.len; i++) {
        double v, n = 0;
        pd_doc_num(obj->u.object.values[i], "responses", &n);
        if (n < 5 || !pd_doc_num(obj->u.object.values[i], "nps", &v))
            continue;
        if (!name || v < best) {
            name = obj->u.object.keys[i];
            best = v;
            best_n = n;
        }
    }
    if (!name)
        return false;
    pd_buf_addf(item, "Lowest NPS by %s: ", what);
    put(st, item, name);
    pd_buf_addf(item, " (%.0f, %.0f responses).", pd_kpi_round(best, 0),
                best_n);
    return true;
}

/* SPEC §6 "As of": the dated families, their names in a list and at the
 * start of a sentence. */
static const char *const dated[][3] = {{"tickets", "tickets", "Ticket"},
                                       {"nps", "NPS", "NPS"},
                                       {"usage", "usage", "Usage"}};
enum { NDATED = sizeof(dated) / sizeof(dated[0]) };

void
pd_summary_data_through(const struct pd_doc *doc, char *buf, size_t n)
{
    yajl_val root = doc->root;
    const char *day[NDATED];
    size_t have = 0, o;

    for (size_t i = 0; i < NDATED; i++) {
        char path[64];
        snprintf(path, sizeof(path), "data_through.%s", dated[i][0]);
        day[i] = pd_doc_str(root, path);
        have += day[i] != NULL;
    }
    if (have == 0) {
        snprintf(buf, n, "no data yet");
        return;
    }
    if (have == NDATED && strcmp(day[0], day[1]) == 0 &&
        strcmp(day[1], day[2]) == 0) {
        snprintf(buf, n, "data through %s", day[0]);
        return;
    }
    o = (size_t)snprintf(buf, n, "data through");
    for (size_t i = 0; i < NDATED && o < n; i++)
        o += (size_t)snprintf(buf + o, n - o, "%s %s %s", i ? "," : "",
                              dated[i][1], day[i] ? day[i] : "none");
}

/* One item per stale family ("Usage data is stale: data through
 * 2026-10-22, more than 7 days before 2026-11-05; ..."). */
static void
stale_families(yajl_val root, enum pd_summary_style st, struct pd_buf *item,
               struct pd_buf *out)
{
    yajl_val stale = pd_doc_get(root, "stale");
    size_t n = YAJL_IS_ARRAY(stale) ? stale->u.array.len : 0;

    if (n == 0)
        return;
    section(st, "Stale data", out);
    for (size_t i = 0; i < n; i++) {
        const char *fam = YAJL_GET_STRING(stale->u.array.values[i]);
        for (size_t k = 0; fam && k < NDATED; k++) {
            char path[64];
            if (strcmp(fam, dated[k][0]) != 0)
                continue;
            snprintf(path, sizeof(path), "data_through.%s", fam);
            pd_buf_addf(item,
                        "%s data is stale: data through %s, more than 7 days "
                        "before %s%s",
                        dated[k][2], or_q(pd_doc_str(root, path)),
                        or_q(pd_doc_str(root, "period.today")),
                        strcmp(fam, "usage") == 0
                            ? "; WAU, MAU and stickiness are not judged."
                            : ".");
            emit(st, item, out);
        }
    }
    section_end(st, out);
}

/* Issue 17: the quarter's launches, each by its launch review's verdict
 * (reports/launch.h); nothing for a document without the list. */
static void
launched(yajl_val root, enum pd_summary_style st, struct pd_buf *item,
         struct pd_buf *out)
{
    yajl_val l = pd_doc_get(root, "launches");
    size_t n = YAJL_IS_ARRAY(l) ? l->u.array.len : 0;

    if (!YAJL_IS_ARRAY(l))
        return;
    section(st, "Launched this quarter", out);
    for (size_t i = 0; i < n; i++) {
        yajl_val x = l->u.array.values[i];
        put(st, item, or_q(pd_doc_str(x, "verdict")));
        pd_buf_addf(item, " (released %s).",
                    or_q(pd_doc_str(x, "released_on")));
        emit(st, item, out);
    }
    if (n == 0) {
        pd_buf_addstr(item, "No launch this quarter (launches are the "
                            "releases source: kind = releases).");
        emit(st, item, out);
    }
    section_end(st, out);
}

void
pd_summary_okr(const struct pd_doc *doc, enum pd_summary_style st,
               struct pd_buf *out)
{
    yajl_val root = doc->root;
    struct pd_buf item = PD_BUF_INIT;
    yajl_val krs = pd_doc_get(root, "key_results");
    size_t n = YAJL_IS_ARRAY(krs) ? krs->u.array.len : 0, flagged = 0,
           unmoved = 0;
    char title[320], prev[80], through[128];
    double fy = 1;

    pd_doc_num(root, "period.fiscal_year_start_month", &fy);
    pd_summary_data_through(doc, through, sizeof(through));
    snprintf(title, sizeof(title), "OKR review %s (%s to %s%s; %s, %s)",
             or_q(pd_doc_str(root, "period.label")),
             or_q(pd_doc_str(root, "period.first_day")),
             or_q(pd_doc_str(root, "period.last_day")),
             fy != 1 ? ", fiscal" : "", through,
             or_q(pd_doc_str(root, "period.timezone")));
    heading(st, title, out);
    stale_families(root, st, &item, out);
    if (n == 0) {
        pd_buf_addf(&item,
                    "No key results are configured for %s: add [okr \"NAME\"] "
                    "sections (quarter, metric, direction, target, baseline, "
                    "owner) to prodops.conf.",
                    or_q(pd_doc_str(root, "period.label")));
        section(st, "Key results", out);
        emit(st, &item, out);
        section_end(st, out);
    } else {
        kr_table(krs, st, out);
        if (writers[st].okr_charts)
            writers[st].okr_charts(doc, out);
        section(st, "What moved", out);
        for (size_t i = 0; i < n; i++) {
            int m = kr_moved(krs->u.array.values[i], st, &item);
            if (m > 0) {
                emit(st, &item, out);
                flagged++;
            } else if (m < 0)
                unmoved++;
        }
        if (!flagged) {
            pd_buf_addstr(&item, unmoved ? "No key result moved."
                                         : "No key result has two weeks of "
                                           "data yet.");
            emit(st, &item, out);
        }
        flagged = 0;
        section_end(st, out);
        section(st, "At risk", out);
        for (size_t i = 0; i < n; i++) {
            yajl_val kr = krs->u.array.values[i];
            const char *status = or_q(pd_doc_str(kr, "status"));
            if (strcmp(status, "met") == 0)
                continue;
            put(st, &item, or_q(pd_doc_str(kr, "name")));
            pd_buf_addf(&item, ": %s", status);
            if (strcmp(status, "stale") == 0)
                pd_buf_addf(&item, " (data through %s), not judged",
                            or_q(pd_doc_str(kr, "data_through")));
            if (YAJL_IS_TRUE(pd_doc_get(kr, "below_baseline")))
                pd_buf_addstr(&item, ", below baseline");
            if (pd_doc_str(kr, "owner")) {
                pd_buf_addstr(&item, " (owner: ");
                put(st, &item, pd_doc_str(kr, "owner"));
                pd_buf_addstr(&item, ")");
            }
            pd_buf_addstr(&item, ".");
            emit(st, &item, out);
            flagged++;
        }
        if (!flagged) {
            pd_buf_addstr(&item, "Every key result is met.");
            emit(st, &item, out);
        }
        section_end(st, out);
    }
    section(st, "What the data says", out);
    pd_buf_addstr(&item, "Top ticket themes this quarter: ");
    top_list(pd_doc_get(root, "tickets.top_themes"), "theme", st, &item);
    pd_buf_addstr(&item, "; the same days of last quarter: ");
    top_list(pd_doc_get(root, "tickets_previous.top_themes"), "theme", st,
             &item);
    pd_buf_addstr(&item, ".");
    emit(st, &item, out);
    pd_buf_addstr(&item, "Top themes among detractors: ");
    top_list(pd_doc_get(root, "nps.detractor_themes"), "theme", st, &item);
    pd_buf_addstr(&item, ".");
    emit(st, &item, out);
    if (weakest(pd_doc_get(root, "nps.by_segment"), "segment", st, &item))
        emit(st, &item, out);
    if (weakest(pd_doc_get(root, "nps.by_plan"), "plan", st, &item))
        emit(st, &item, out);
    section_end(st, out);
    launched(root, st, &item, out);
    exp_decisions(root, st, &item, out);
    if (pd_doc_get(root, "requests_top")) {
        section(st, "Top feature requests by ARR at stake", out);
        request_items(pd_doc_get(root, "requests_top"), "this quarter",
                      "No feature requests.", st, &item, out);
        section_end(st, out);
    }
    section(st, "Quarter over quarter", out);
    section_end(st, out);
    snprintf(prev, sizeof(prev), "%s, same days",
             or_q(pd_doc_str(root, "period.previous_label")));
    headlines(root, st, "to date", prev, out);
    section(st, "At-risk accounts", out);
    at_risk(root, st, &item, out);
    section_end(st, out);
    pd_buf_release(&item);
}

void
pd_summary_okr_html(const struct pd_doc *doc, struct pd_buf *out)
{
    page(doc, "OKR review", 860, PD_SUMMARY_HTML, NULL, pd_summary_okr, out);
}

/* ---- issue 14: the email's first line and the one-page PDF -------------- */

void
pd_summary_weekly_lead(const struct pd_doc *doc, struct pd_buf *out)
{
    yajl_val root = doc->root;
    static const char *const fam[][2] = {
        {"tickets", "tickets"}, {"nps", "NPS"}, {"usage", "usage"}};
    const char *label = or_q(pd_doc_str(root, "period.label"));
    const char *day[3];
    int y, w;

    pd_buf_addstr(out, "Week ");
    put(PD_SUMMARY_TEXT, out, label);
    /* The days of the week in the report's zone, from its ISO label. */
    if (pd_period_parse_week(label, &y, &w) == 0) {
        struct pd_tm a, b;
        int64_t mon = pd_iso_week_start(y, w);
        pd_time_split(mon, &a);
        pd_time_split(mon + 6 * PD_US_PER_DAY, &b);
        pd_buf_addf(out, ", %04lld-%02u-%02u to %04lld-%02u-%02u",
                    (long long)a.year, a.month, a.day, (long long)b.year,
                    b.month, b.day);
    }
    pd_buf_addstr(out, ", report time zone ");
    put(PD_SUMMARY_TEXT, out, or_q(pd_doc_str(root, "period.timezone")));
    for (size_t i = 0; i < 3; i++) {
        char path[64];
        snprintf(path, sizeof(path), "data_quality.data_through.%s", fam[i][0]);
        day[i] = pd_doc_str(root, path);
    }
    if (day[0] && day[1] && day[2] && !strcmp(day[0], day[1]) &&
        !strcmp(day[1], day[2])) {
        pd_buf_addf(out, "; data as of %s.", day[0]);
        return;
    }
    pd_buf_addstr(out, "; data as of");
    for (size_t i = 0; i < 3; i++)
        pd_buf_addf(out, "%s %s %s", i ? "," : "", fam[i][1],
                    day[i] ? day[i] : "none");
    pd_buf_addch(out, '.');
}

/* The headline rows of the PDF: label, this week, last week, change. */
static size_t
pdf_rows(yajl_val root, struct pd_chart_row *rows, char (*cells)[3][48],
         size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < pd_weekly_nkpis && n < max; i++) {
        const struct pd_kpi *k = &pd_weekly_kpis[i];
        struct pd_kpi_value v;

        pd_kpi_read(k, &(const struct pd_doc){root}, &v);
        if (!pd_kpi_shown(k, &v))
            continue;
        pd_kpi_show(k->format, v.has, v.cur, cells[n][0], 48);
        pd_kpi_show(k->format, v.has_prev, v.prev, cells[n][1], 48);
        rows[n].sense = pd_kpi_change(k, &v, cells[n][2], 48);
        rows[n].cell[0] = k->label;
        for (size_t c = 0; c < 3; c++)
            rows[n].cell[c + 1] = cells[n][c];
        n++;
    }
    return n;
}

/* The PDF's lead lines after the first: the news first, as in every other
 * format (issue 14): the headline of each of the first max attention items,
 * or one line for a quiet week.  Fills bufs[i] (initialised here) and
 * lines[i]; returns how many. */
static size_t
pdf_attention(yajl_val root, struct pd_buf *bufs, const char **lines,
              size_t max)
{
    yajl_val att = pd_doc_get(root, "attention");
    size_t n = 0;

    for (; YAJL_IS_ARRAY(att) && n < att->u.array.len && n < max; n++) {
        pd_buf_init(&bufs[n], 0);
        pd_buf_addf(&bufs[n], "%s %zu. ", n ? "" : "Needs attention:", n + 1);
        pd_buf_addstr(&bufs[n],
                      or_q(pd_doc_str(att->u.array.values[n], "headline")));
        lines[n] = bufs[n].buf + (n ? 1 : 0);
    }
    if (n == 0) {
        pd_buf_init(&bufs[0], 0);
        pd_buf_addstr(&bufs[0], "Needs attention: nothing outside the normal "
                                "range this week.");
        lines[n++] = bufs[0].buf;
    }
    return n;
}

int
pd_summary_weekly_pdf(const struct pd_doc *doc, struct pd_buf *out,
                      struct pd_err *err)
{
    yajl_val root = doc->root;
    enum { MAX_ROWS = PD_CHART_MAX_ROWS };
    struct pd_chart charts[PD_TRENDS_N];
    struct pd_chart_row rows[MAX_ROWS];
    char cells[MAX_ROWS][3][48];
    struct pd_buf title = PD_BUF_INIT, lead = PD_BUF_INIT, notes[4], att[3];
    struct pd_chart_page p = {
        NULL,   {NULL}, 1,      {"metric", "this week", "last week", "change"},
        rows,   0,      charts, PD_TRENDS_N,
        {NULL}, 0};
    int rc;

    pd_buf_addstr(&title, "Weekly report ");
    pd_buf_addstr(&title, or_q(pd_doc_str(root, "period.label")));
    pd_summary_weekly_lead(doc, &lead);
    p.title = title.buf;
    p.lines[0] = lead.buf;
    p.nlines = 1 + pdf_attention(root, att, p.lines + 1, 3);
    p.nrows = pdf_rows(root, rows, cells, MAX_ROWS);
    pd_trends_weekly(doc, charts);
    for (size_t i = 0; i < 4; i++)
        pd_buf_init(&notes[i], 0);
    if (channel_shift(root, PD_SUMMARY_TEXT, &notes[1]))
        p.notes[p.nnotes++] = notes[1].buf;
    pd_buf_addstr(&notes[2], "Top tags: ");
    top_list(pd_doc_get(root, "tickets.top_tags"), "tag", PD_SUMMARY_TEXT,
             &notes[2]);
    data_quality(root, PD_SUMMARY_TEXT, &notes[3]);
    p.notes[p.nnotes++] = notes[2].buf;
    p.notes[p.nnotes++] = notes[3].buf;
    rc = pd_chart_pdf(&p, out, err);
    for (size_t i = 0; i < 4; i++)
        pd_buf_release(&notes[i]);
    for (size_t i = 0; i + 1 < p.nlines; i++)
        pd_buf_release(&att[i]);
    pd_buf_release(&title);
    pd_buf_release(&lead);
    return rc;
}
