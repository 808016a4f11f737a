#include "xlsx.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

#include "common/buf.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "reports/attention.h"
#include "reports/doc.h"
#include "reports/kpi.h"
#include "reports/period.h"
#include "reports/summary.h"

/* Formats by enum pd_kpi_format, from the catalogue's Excel formats: a
 * value, and a change in its neutral, good and bad colours. */
enum { NFORMATS = PD_FMT_DAYS + 1 };

struct book {
    lxw_workbook *wb;
    lxw_format *head, *count, *dec, *pct, *good, *bad, *plain, *share, *week;
    lxw_format *val[NFORMATS], *chg[NFORMATS][3];
};

/* A string at path, "" when absent (xlsxwriter wants no NULL text). */
static const char *
text(yajl_val v, const char *path)
{
    const char *s = pd_doc_str(v, path);

    return s ? s : "";
}

static lxw_format *
number_format(struct book *b, const char *num)
{
    lxw_format *f = workbook_add_format(b->wb);

    format_set_num_format(f, num);
    return f;
}

/* A week of the document ("2026-W46") as the date of its Monday: the
 * column sorts, filters and charts as dates (the header says "Week of").
 * What is no ISO week stays text rather than being lost. */
static void
week_cell(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
          const char *label)
{
    struct pd_tm tm;
    lxw_datetime dt;
    int year, week;

    if (pd_period_parse_week(label, &year, &week) < 0) {
        worksheet_write_string(ws, r, c, label, NULL);
        return;
    }
    pd_time_split(pd_iso_week_start(year, week), &tm);
    dt = (lxw_datetime){(int)tm.year, (int)tm.month, (int)tm.day, 0, 0, 0};
    worksheet_write_datetime(ws, r, c, &dt, b->week);
}

static void
formats(struct book *b)
{
    b->head = workbook_add_format(b->wb);
    format_set_bold(b->head);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    b->count = number_format(b, "#,##0");
    b->dec = number_format(b, "#,##0.0");
    b->pct = number_format(b, "0.0");
    b->share = number_format(b, "0.0%");
    b->week = number_format(b, "yyyy-mm-dd");
    b->good = workbook_add_format(b->wb);
    format_set_font_color(b->good, 0x2E7D32);
    b->bad = workbook_add_format(b->wb);
    format_set_font_color(b->bad, 0xC62828);
    b->plain = NULL;
    for (int f = 0; f < NFORMATS; f++) {
        const struct pd_kpi_style *y = pd_kpi_style_of((enum pd_kpi_format)f);
        b->val[f] = number_format(b, y->xlsx_num);
        for (int c = 0; c < 3; c++)
            b->chg[f][c] = number_format(b, y->xlsx_change);
        format_set_font_color(b->chg[f][1], 0x2E7D32);
        format_set_font_color(b->chg[f][2], 0xC62828);
    }
}

/* Every sheet prints landscape, one page wide, its header rows repeated
 * on each page (rows first..last). */
static lxw_worksheet *
add_sheet(struct book *b, const char *name, lxw_row_t first, lxw_row_t last)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);

    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, first, last);
    return ws;
}

static void
header_row(struct book *b, lxw_worksheet *ws, lxw_row_t row,
           const char *const *names, const double *widths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        worksheet_write_string(ws, row, (lxw_col_t)i, names[i], b->head);
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL);
    }
}

/* A number cell, or an empty one for a null (SPEC §7: null, never 0). */
static void
num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, yajl_val v, const char *path,
    lxw_format *f)
{
    double d;

    if (pd_doc_num(v, path, &d))
        worksheet_write_number(ws, r, c, d, f);
}

static lxw_format *
kpi_format(struct book *b, enum pd_kpi_format f)
{
    return b->val[f];
}

/* The headline KPIs of two periods with the change: the weekly Summary
 * and the OKR review's quarter-over-quarter sheet. */
static void
headline_sheet(struct book *b, yajl_val root, const char *name,
               const char *title, const char *cur, const char *prev)
{
    const char *const cols[] = {
        "Metric", cur, prev, "Change", "Change (text)", "Margin (\u00b1)"};
    static const double widths[] = {30, 14, 20, 12, 22, 12};
    lxw_worksheet *ws = add_sheet(b, name, 2, 2);
    lxw_row_t r = 3;

    worksheet_write_string(ws, 0, 0, title, b->head);
    header_row(b, ws, 2, cols, widths, 6);
    for (size_t i = 0; i < pd_weekly_nkpis; i++) {
        const struct pd_kpi *k = &pd_weekly_kpis[i];
        struct pd_kpi_value v;
        lxw_format *f = kpi_format(b, k->format);
        char chg[48];
        double d;
        int sense;

        pd_kpi_read(k, &(const struct pd_doc){root}, &v);
        if (!pd_kpi_shown(k, &v))
            continue;
        sense = pd_kpi_change(k, &v, chg, sizeof(chg));
        worksheet_write_string(ws, r, 0, k->label, NULL);
        if (v.has)
            worksheet_write_number(ws, r, 1, v.cur, f);
        if (v.has_prev)
            worksheet_write_number(ws, r, 2, v.prev, f);
        /* The change as the text says it (kpi.h's rule, in shown units):
         * the cell and the summaries never disagree. */
        if (pd_kpi_delta(k, &v, &d))
            worksheet_write_number(ws, r, 3, d,
                                   b->chg[k->format][sense > 0   ? 1
                                                     : sense < 0 ? 2
                                                                 : 0]);
        if (v.has_moe)
            worksheet_write_number(ws, r, 5, v.moe, f);
        worksheet_write_string(ws, r, 4, chg,
                               sense > 0   ? b->good
                               : sense < 0 ? b->bad
                                           : NULL);
        r++;
    }
    worksheet_freeze_panes(ws, 3, 1);
}

static void
summary_sheet(struct book *b, yajl_val root)
{
    const char *label = pd_doc_str(root, "period.label");
    char title[96];

    snprintf(title, sizeof(title), "Weekly report %s (%s)", label ? label : "?",
             text(root, "period.timezone"));
    headline_sheet(b, root, "Summary", title, "This week", "Last week");
}

/* ---- Needs attention (SPEC §10) --------------------------------------- */

/* A number of an attention block in its metric's format: counts as
 * counts, NPS as points, rates as percentages (the catalogue's). */
static void
att_num(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, yajl_val v,
        const char *key, const char *metric)
{
    num(ws, r, c, v, key, kpi_format(b, pd_kpi_format_of(metric)));
}

/* A breakdown cell as a reader knows it: an account by its name with
 * its id ("Redwood, Inc. (ACC-1018)"), any other value as it is. */
static void
att_value(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, yajl_val v)
{
    const char *name = pd_doc_str(v, "name");
    char buf[512];

    if (!name) {
        worksheet_write_string(ws, r, c, text(v, "value"), NULL);
        return;
    }
    snprintf(buf, sizeof(buf), "%s (%s)", name, text(v, "value"));
    worksheet_write_string(ws, r, c, buf, NULL);
}

/* One table of the sheet: its title row, its header row; returns the
 * first data row. */
static lxw_row_t
att_table(struct book *b, lxw_worksheet *ws, lxw_row_t r, const char *title,
          const char *const *heads, size_t n)
{
    worksheet_write_string(ws, r, 0, title, b->head);
    for (size_t i = 0; i < n; i++)
        worksheet_write_string(ws, r + 1, (lxw_col_t)i, heads[i], b->head);
    return r + 2;
}

/* The items' drivers, accounts and words, each row keyed by the item's
 * number, so a filter on "#" shows one story. */
static lxw_row_t
att_details(struct book *b, lxw_worksheet *ws, lxw_row_t r, yajl_val att)
{
    static const char *const dh[] = {
        "#",      "Driver", "Value", "This week", "13-week normal",
        "Change", "Mix",    "Rate"};
    static const char *const ah[] = {"#", "Account", "Name", "ARR", "Change"};
    static const char *const eh[] = {"#", "In their words (redacted)"};
    size_t n = YAJL_IS_ARRAY(att) ? att->u.array.len : 0;

    r = att_table(b, ws, r, "Drivers: where the change is", dh, 8);
    for (size_t i = 0; i < n; i++) {
        yajl_val a = att->u.array.values[i], d = pd_doc_get(a, "drivers");
        const char *m = text(a, "metric");

        for (size_t k = 0; YAJL_IS_ARRAY(d) && k < d->u.array.len; k++, r++) {
            yajl_val x = d->u.array.values[k];
            worksheet_write_number(ws, r, 0, (double)(i + 1), b->count);
            worksheet_write_string(
                ws, r, 1, pd_attention_dim_label(text(x, "dimension")), NULL);
            att_value(ws, r, 2, x);
            att_num(b, ws, r, 3, x, "this_week", m);
            att_num(b, ws, r, 4, x, "baseline", m);
            att_num(b, ws, r, 5, x, "delta", m);
            att_num(b, ws, r, 6, x, "mix", m);
            att_num(b, ws, r, 7, x, "rate", m);
        }
    }
    r = att_table(b, ws, r + 1, "Accounts most affected", ah, 5);
    for (size_t i = 0; i < n; i++) {
        yajl_val a = att->u.array.values[i], acc = pd_doc_get(a, "accounts");

        for (size_t k = 0; YAJL_IS_ARRAY(acc) && k < acc->u.array.len;
             k++, r++) {
            yajl_val x = acc->u.array.values[k];
            worksheet_write_number(ws, r, 0, (double)(i + 1), b->count);
            worksheet_write_string(ws, r, 1, text(x, "account_id"), NULL);
            worksheet_write_string(ws, r, 2, text(x, "name"), NULL);
            num(ws, r, 3, x, "arr", b->count);
            att_num(b, ws, r, 4, x, "delta", text(a, "metric"));
        }
    }
    r = att_table(b, ws, r + 1, "In their words", eh, 2);
    for (size_t i = 0; i < n; i++) {
        yajl_val ev = pd_doc_get(att->u.array.values[i], "evidence");

        for (size_t k = 0; YAJL_IS_ARRAY(ev) && k < ev->u.array.len; k++) {
            const char *s = YAJL_GET_STRING(ev->u.array.values[k]);
            worksheet_write_number(ws, r, 0, (double)(i + 1), b->count);
            worksheet_write_string(ws, r++, 1, s ? s : "", NULL);
        }
    }
    return r;
}

/* Usage that fell most by account, and the headline metrics that moved
 * inside their noise (named as noise, SPEC §10). */
static void
att_context(struct book *b, lxw_worksheet *ws, lxw_row_t r, yajl_val root)
{
    static const char *const uh[] = {
        "Account",         "Name",           "ARR",
        "Active users",    "13-week normal", "Change",
        "Inside the noise"};
    static const char *const nh[] = {"Metric", "This week", "13-week normal",
                                     "Change"};
    yajl_val f = pd_doc_get(root, "usage_falls");
    yajl_val q = pd_doc_get(root, "inside_noise");

    r = att_table(b, ws, r + 1, "Usage fell most", uh, 7);
    for (size_t i = 0; YAJL_IS_ARRAY(f) && i < f->u.array.len; i++, r++) {
        yajl_val x = f->u.array.values[i], in = pd_doc_get(x, "inside_noise");
        worksheet_write_string(ws, r, 0, text(x, "account_id"), NULL);
        worksheet_write_string(ws, r, 1, text(x, "name"), NULL);
        num(ws, r, 2, x, "arr", b->count);
        num(ws, r, 3, x, "this_week", b->count);
        num(ws, r, 4, x, "baseline", b->dec);
        num(ws, r, 5, x, "change", b->dec);
        worksheet_write_boolean(ws, r, 6, YAJL_IS_TRUE(in), NULL);
    }
    r = att_table(b, ws, r + 1, "Inside the noise this week", nh, 4);
    for (size_t i = 0; YAJL_IS_ARRAY(q) && i < q->u.array.len; i++, r++) {
        yajl_val x = q->u.array.values[i];
        char label[80];

        pd_kpi_label(text(x, "metric"), label, sizeof(label));
        worksheet_write_string(ws, r, 0, label, NULL);
        att_num(b, ws, r, 1, x, "this_week", text(x, "metric"));
        att_num(b, ws, r, 2, x, "baseline", text(x, "metric"));
        att_num(b, ws, r, 3, x, "change", text(x, "metric"));
    }
}

/* "Needs attention" is the first sheet as it is the first section of
 * every summary (issue 14): the ranked items with their numbers as
 * numbers, then the drivers, accounts and words behind each, then usage
 * falls and what stayed inside the noise.  Every cell comes from the
 * document's attention blocks, as the summaries' sentences do. */
static void
attention_sheet(struct book *b, yajl_val root)
{
    static const char *const cols[] = {"#",
                                       "Needs attention",
                                       "Metric",
                                       "Breakdown",
                                       "Value",
                                       "This week",
                                       "13-week normal",
                                       "Change",
                                       "Normal range, low",
                                       "Normal range, high",
                                       "Direction"};
    static const double widths[] = {5, 70, 18, 14, 22, 11, 14, 10, 12, 12, 10};
    lxw_worksheet *ws = add_sheet(b, "Needs attention", 2, 2);
    yajl_val att = pd_doc_get(root, "attention");
    size_t n = YAJL_IS_ARRAY(att) ? att->u.array.len : 0;
    char title[160];
    lxw_row_t r = 3;

    snprintf(title, sizeof(title), "Needs attention, %s (%s; data through %s)",
             text(root, "period.label"), text(root, "period.timezone"),
             text(root, "data_through.tickets"));
    worksheet_write_string(ws, 0, 0, title, b->head);
    header_row(b, ws, 2, cols, widths, 11);
    if (n == 0)
        worksheet_write_string(
            ws, r++, 1, "Nothing outside the normal range this week.", NULL);
    for (size_t i = 0; i < n; i++, r++) {
        yajl_val a = att->u.array.values[i], rg = pd_doc_get(a, "range");
        const char *m = text(a, "metric"), *dir = text(a, "direction");
        char label[80];

        pd_kpi_label(m, label, sizeof(label));
        worksheet_write_number(ws, r, 0, (double)(i + 1), b->count);
        worksheet_write_string(ws, r, 1, text(a, "headline"), NULL);
        worksheet_write_string(ws, r, 2, label, NULL);
        worksheet_write_string(
            ws, r, 3, pd_attention_dim_label(text(a, "dimension")), NULL);
        att_value(ws, r, 4, a);
        att_num(b, ws, r, 5, a, "this_week", m);
        att_num(b, ws, r, 6, a, "baseline", m);
        att_num(b, ws, r, 7, a, "change", m);
        for (size_t k = 0; YAJL_IS_ARRAY(rg) && k < 2 && k < rg->u.array.len;
             k++)
            att_num(b, ws, r, (lxw_col_t)(8 + k), rg->u.array.values[k], "", m);
        worksheet_write_string(ws, r, 10, dir,
                               strcmp(dir, "good") == 0  ? b->good
                               : strcmp(dir, "bad") == 0 ? b->bad
                                                         : NULL);
    }
    att_context(b, ws, att_details(b, ws, r + 1, att), root);
    worksheet_freeze_panes(ws, 3, 2);
}

/* A 13-week trend from the JSON: a named Excel table (week + one column
 * per key) at column col of row 0, and a native line chart beside it. */
struct trend {
    const char *sheet, *path, *table, *title;
    const char *keys[2], *heads[2];
    size_t nkeys;
    /* Each key in a chart of its own: NPS (-100..100) beside a response
     * count needs its own axis, and libxlsxwriter 1.1.4 (Debian 12) has
     * no secondary axis. */
    bool split;
};

/* A line chart of the trend's keys [k0, k1) at row, col. */
static void
trend_chart(struct book *b, lxw_worksheet *ws, const struct trend *t,
            lxw_col_t col, size_t n, size_t k0, size_t k1, lxw_row_t row,
            lxw_col_t at)
{
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_LINE);

    for (size_t k = k0; k < k1; k++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        lxw_col_t c = (lxw_col_t)(col + 1 + k);
        chart_series_set_categories(s, t->sheet, 1, col, (lxw_row_t)n, col);
        chart_series_set_values(s, t->sheet, 1, c, (lxw_row_t)n, c);
        chart_series_set_name(s, t->heads[k]);
    }
    chart_title_set_name(chart, t->split ? t->heads[k0] : t->title);
    chart_legend_set_position(chart, k1 - k0 > 1 ? LXW_CHART_LEGEND_BOTTOM
                                                 : LXW_CHART_LEGEND_NONE);
    worksheet_insert_chart(ws, row, at, chart);
}

static void
trend_block(struct book *b, lxw_worksheet *ws, lxw_col_t col,
            const struct trend *t, yajl_val root)
{
    yajl_val trend = pd_doc_get(root, t->path);
    size_t n = YAJL_IS_ARRAY(trend) ? trend->u.array.len : 0;
    lxw_table_column cols[3], *tc[4];
    lxw_table_options opt;

    worksheet_set_column(ws, col, col, 11, NULL);
    worksheet_set_column(ws, (lxw_col_t)(col + 1), (lxw_col_t)(col + t->nkeys),
                         15, NULL);
    for (size_t i = 0; i < n; i++) {
        yajl_val w = trend->u.array.values[i];
        lxw_row_t r = (lxw_row_t)(1 + i);
        week_cell(b, ws, r, col, text(w, "week"));
        for (size_t k = 0; k < t->nkeys; k++)
            num(ws, r, (lxw_col_t)(col + 1 + k), w, t->keys[k],
                kpi_format(b, pd_kpi_format_of(t->keys[k])));
    }
    if (n == 0)
        return;
    /* The table writes its own header row from these names. */
    memset(cols, 0, sizeof(cols));
    memset(&opt, 0, sizeof(opt));
    cols[0].header = (char *)(uintptr_t) "Week of";
    tc[0] = &cols[0];
    for (size_t k = 0; k < t->nkeys; k++) {
        cols[k + 1].header = (char *)(uintptr_t)t->heads[k];
        tc[k + 1] = &cols[k + 1];
    }
    tc[t->nkeys + 1] = NULL;
    opt.name = (char *)(uintptr_t)t->table;
    opt.columns = tc;
    worksheet_add_table(ws, 0, col, (lxw_row_t)n, (lxw_col_t)(col + t->nkeys),
                        &opt);
    if (!t->split) {
        trend_chart(b, ws, t, col, n, 0, t->nkeys, (lxw_row_t)n + 3, col);
        return;
    }
    /* Side by side, each 8 columns wide (libxlsxwriter's default). */
    for (size_t k = 0; k < t->nkeys; k++)
        trend_chart(b, ws, t, col, n, k, k + 1, (lxw_row_t)n + 3,
                    (lxw_col_t)(col + 8 * k));
}

/* A two-column table of an object's members: {"email": 34, ...}. */
static lxw_row_t
object_table(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
             const char *title, yajl_val obj)
{
    size_t n = YAJL_IS_OBJECT(obj) ? obj->u.object.len : 0;

    worksheet_write_string(ws, row, col, title, b->head);
    worksheet_write_string(ws, row, col + 1, "Tickets", b->head);
    for (size_t i = 0; i < n; i++) {
        worksheet_write_string(ws, row + 1 + (lxw_row_t)i, col,
                               obj->u.object.keys[i], NULL);
        if (YAJL_IS_NUMBER(obj->u.object.values[i]))
            worksheet_write_number(ws, row + 1 + (lxw_row_t)i, col + 1,
                                   YAJL_GET_DOUBLE(obj->u.object.values[i]),
                                   b->count);
    }
    return row + (lxw_row_t)n + 2;
}

/* Every ticket metric of the catalogue, this week and last, below the
 * top tags: SPEC §6's support operations beside the calendar times. */
static void
ticket_metrics(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
               yajl_val root)
{
    worksheet_write_string(ws, row, col, "Ticket metric", b->head);
    worksheet_write_string(ws, row, col + 1, "This week", b->head);
    worksheet_write_string(ws, row, col + 2, "Last week", b->head);
    for (size_t i = 0; i < pd_weekly_nkpis; i++) {
        const struct pd_kpi *k = &pd_weekly_kpis[i];
        struct pd_kpi_value v;

        if (strcmp(k->family, "tickets") != 0)
            continue;
        pd_kpi_read(k, &(const struct pd_doc){root}, &v);
        if (!pd_kpi_shown(k, &v))
            continue;
        row++;
        worksheet_write_string(ws, row, col, k->label, NULL);
        if (v.has)
            worksheet_write_number(ws, row, col + 1, v.cur,
                                   kpi_format(b, k->format));
        if (v.has_prev)
            worksheet_write_number(ws, row, col + 2, v.prev,
                                   kpi_format(b, k->format));
    }
}

static void
tickets_sheet(struct book *b, yajl_val root)
{
    static const struct trend t = {"Tickets",
                                   "tickets.trend",
                                   "TicketTrend",
                                   "Tickets, last 13 weeks",
                                   {"tickets_created", "tickets_solved"},
                                   {"Created", "Solved"},
                                   2,
                                   false};
    lxw_worksheet *ws = add_sheet(b, "Tickets", 0, 0);
    yajl_val tags = pd_doc_get(root, "tickets.top_tags");
    size_t ntags = YAJL_IS_ARRAY(tags) ? tags->u.array.len : 0;
    lxw_row_t r = 0;

    worksheet_set_column(ws, 0, 0, 24, NULL);
    worksheet_set_column(ws, 1, 1, 10, NULL);
    worksheet_set_column(ws, 3, 3, 30, NULL);
    worksheet_set_column(ws, 4, 5, 10, NULL);
    r = object_table(b, ws, r, 0, "Channel",
                     pd_doc_get(root, "tickets.by_channel"));
    r = object_table(b, ws, r, 0, "Priority",
                     pd_doc_get(root, "tickets.by_priority"));
    object_table(b, ws, r, 0, "Product area",
                 pd_doc_get(root, "tickets.by_product_area"));
    trend_block(b, ws, 6, &t, root);
    worksheet_write_string(ws, 0, 3, "Top tag", b->head);
    worksheet_write_string(ws, 0, 4, "Tickets", b->head);
    for (size_t i = 0; i < ntags; i++) {
        yajl_val tag = tags->u.array.values[i];
        worksheet_write_string(ws, (lxw_row_t)(1 + i), 3, text(tag, "tag"),
                               NULL);
        num(ws, (lxw_row_t)(1 + i), 4, tag, "count", b->count);
    }
    ticket_metrics(b, ws, (lxw_row_t)(ntags + 2), 3, root);
    worksheet_freeze_panes(ws, 1, 0);
}

static void
nps_sheet(struct book *b, yajl_val root)
{
    static const struct trend t = {"NPS",
                                   "nps.trend",
                                   "NpsTrend",
                                   "NPS, last 13 weeks",
                                   {"responses", "nps"},
                                   {"Responses", "NPS"},
                                   2,
                                   true};
    lxw_worksheet *ws = add_sheet(b, "NPS", 0, 0);

    trend_block(b, ws, 0, &t, root);
    worksheet_freeze_panes(ws, 1, 0);
}

/* The name of account id from the document's account list ("" when the
 * list lacks it): a sheet of ids is unreadable to its audience. */
static const char *
account_name(yajl_val root, const char *id)
{
    yajl_val acc = pd_doc_get(root, "accounts");
    size_t n = YAJL_IS_ARRAY(acc) ? acc->u.array.len : 0;

    for (size_t i = 0; i < n; i++)
        if (strcmp(text(acc->u.array.values[i], "account_id"), id) == 0)
            return text(acc->u.array.values[i], "name");
    return "";
}

/* SPEC §6 adoption(e), one row per event as the JSON orders them (most
 * adopted first). */
static void
adoption_sheet(struct book *b, yajl_val root)
{
    static const char *const cols[] = {"Feature (event)", "Adoption"};
    static const double widths[] = {36, 12};
    lxw_worksheet *ws = add_sheet(b, "Feature adoption", 0, 0);
    yajl_val ad = pd_doc_get(root, "usage.adoption");
    size_t n = YAJL_IS_OBJECT(ad) ? ad->u.object.len : 0;
    double active = 0;
    char note[96];

    header_row(b, ws, 0, cols, widths, 2);
    for (size_t i = 0; i < n; i++) {
        lxw_row_t r = (lxw_row_t)(1 + i);
        worksheet_write_string(ws, r, 0, ad->u.object.keys[i], NULL);
        if (YAJL_IS_NUMBER(ad->u.object.values[i]))
            worksheet_write_number(
                ws, r, 1, YAJL_GET_DOUBLE(ad->u.object.values[i]), b->share);
    }
    pd_doc_num(root, "usage.active_users", &active);
    snprintf(note, sizeof(note),
             "Share of the week's %.0f active users who used the feature.",
             active);
    worksheet_write_string(ws, (lxw_row_t)n + 2, 0, note, NULL);
    if (n)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, 1);
    worksheet_freeze_panes(ws, 1, 0);
}

static void
usage_sheet(struct book *b, yajl_val root)
{
    static const struct trend t = {"Usage",
                                   "usage.trend",
                                   "ActiveUserTrend",
                                   "Active users, last 13 weeks",
                                   {"active_users", NULL},
                                   {"Active users", NULL},
                                   1,
                                   false};
    static const char *const cols[] = {"Account",
                                       "Name",
                                       "Active users",
                                       "Events",
                                       "Active users, previous",
                                       "Events, previous",
                                       "Change in users"};
    static const double widths[] = {14, 28, 14, 12, 22, 18, 16};
    lxw_worksheet *ws = add_sheet(b, "Usage", 0, 0);
    yajl_val acc = pd_doc_get(root, "usage.by_account");
    size_t n = YAJL_IS_ARRAY(acc) ? acc->u.array.len : 0;

    header_row(b, ws, 0, cols, widths, 7);
    for (size_t i = 0; i < n; i++) {
        yajl_val a = acc->u.array.values[i];
        lxw_row_t r = (lxw_row_t)(1 + i);
        worksheet_write_string(ws, r, 0, text(a, "account_id"), NULL);
        worksheet_write_string(ws, r, 1,
                               account_name(root, text(a, "account_id")), NULL);
        num(ws, r, 2, a, "active_users", b->count);
        num(ws, r, 3, a, "events", b->count);
        num(ws, r, 4, a, "active_users_previous", b->count);
        num(ws, r, 5, a, "events_previous", b->count);
        num(ws, r, 6, a, "active_users_change", b->chg[PD_FMT_COUNT][0]);
    }
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, 6);
    trend_block(b, ws, 8, &t, root);
    worksheet_freeze_panes(ws, 1, 0);
}

static void
accounts_sheet(struct book *b, yajl_val root)
{
    static const char *const cols[] = {
        "Account", "Name", "Plan",  "Segment",   "Region", "ARR",
        "Health",  "RAG",  "Usage", "NPS score", "Support"};
    static const double widths[] = {12, 28, 12, 14, 10, 12, 9, 8, 9, 11, 9};
    static const char *const texts[] = {"account_id", "name", "plan", "segment",
                                        "region"};
    lxw_worksheet *ws = add_sheet(b, "Accounts", 0, 0);
    yajl_val acc = pd_doc_get(root, "accounts");
    size_t n = YAJL_IS_ARRAY(acc) ? acc->u.array.len : 0;

    header_row(b, ws, 0, cols, widths, 11);
    for (size_t i = 0; i < n; i++) {
        yajl_val a = acc->u.array.values[i];
        lxw_row_t r = (lxw_row_t)(1 + i);
        const char *rag = pd_doc_str(a, "rag");
        for (lxw_col_t c = 0; c < 5; c++)
            worksheet_write_string(ws, r, c, text(a, texts[c]), NULL);
        num(ws, r, 5, a, "arr", b->count);
        num(ws, r, 6, a, "health", b->count);
        worksheet_write_string(ws, r, 7, rag ? rag : "",
                               rag && strcmp(rag, "red") == 0     ? b->bad
                               : rag && strcmp(rag, "green") == 0 ? b->good
                                                                  : NULL);
        num(ws, r, 8, a, "usage", b->dec);
        num(ws, r, 9, a, "nps", b->dec);
        num(ws, r, 10, a, "support", b->dec);
    }
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, 10);
    worksheet_freeze_panes(ws, 1, 2);
}

/* The count of theme name in a top list ([{"theme", "count"}]), if listed. */
static bool
theme_count(yajl_val list, const char *name, double *out)
{
    size_t n = YAJL_IS_ARRAY(list) ? list->u.array.len : 0;

    for (size_t i = 0; i < n; i++) {
        yajl_val t = list->u.array.values[i];
        const char *s = pd_doc_str(t, "theme");
        if (s && strcmp(s, name) == 0)
            return pd_doc_num(t, "count", out);
    }
    return false;
}

/* Every theme of the four top-10 lists, one row each, with its count in
 * each list (empty where a list does not name it). */
static void
themes_sheet(struct book *b, yajl_val root, const char *prev)
{
    static const char *const paths[] = {
        "tickets.top_themes", "tickets_previous.top_themes", "nps.top_themes",
        "nps.detractor_themes"};
    const char *const cols[] = {"Theme", "Tickets", prev, "NPS comments",
                                "Detractor comments"};
    static const double widths[] = {22, 10, 18, 14, 20};
    enum { NLISTS = 4, MAX_THEMES = 4 * 10 };
    lxw_worksheet *ws = add_sheet(b, "Themes", 0, 0);
    const char *names[MAX_THEMES];
    yajl_val lists[NLISTS];
    size_t n = 0;

    for (size_t l = 0; l < NLISTS; l++) {
        yajl_val list = lists[l] = pd_doc_get(root, paths[l]);
        size_t len = YAJL_IS_ARRAY(list) ? list->u.array.len : 0;
        for (size_t i = 0; i < len && n < MAX_THEMES; i++) {
            const char *s = pd_doc_str(list->u.array.values[i], "theme");
            size_t j = 0;
            while (s && j < n && strcmp(names[j], s) != 0)
                j++;
            if (s && j == n)
                names[n++] = s;
        }
    }
    header_row(b, ws, 0, cols, widths, 5);
    for (size_t i = 0; i < n; i++) {
        lxw_row_t r = (lxw_row_t)(1 + i);
        worksheet_write_string(ws, r, 0, names[i], NULL);
        for (size_t l = 0; l < NLISTS; l++) {
            double c;
            if (theme_count(lists[l], names[i], &c))
                worksheet_write_number(ws, r, (lxw_col_t)(1 + l), c, b->count);
        }
    }
    worksheet_write_string(ws, (lxw_row_t)n + 2, 0,
                           "Each column counts the top 10 themes of its list; "
                           "an empty cell is a theme outside that top 10.",
                           NULL);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, 4);
    worksheet_freeze_panes(ws, 1, 0);
}

/* Issue 16: a list of experiments (the weekly block or the OKR review's
 * decisions), one row each: texts, then numbers with their formats.  No
 * sheet for a document without the list (no [experiment] configured). */
struct exp_col {
    const char *head, *key;
    double width;
    int kind; /* 0 text, 1 count, 2 share, 3 decimal */
};

static void
exp_sheet(struct book *b, yajl_val root, const char *list, const char *name,
          const struct exp_col *cols, size_t ncols, const char *none)
{
    yajl_val l = pd_doc_get(root, list);
    size_t n = YAJL_IS_ARRAY(l) ? l->u.array.len : 0;
    lxw_worksheet *ws;
    lxw_format *f[4] = {NULL, b->count, b->share, NULL};

    if (!YAJL_IS_ARRAY(l))
        return;
    ws = add_sheet(b, name, 0, 0);
    for (size_t c = 0; c < ncols; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c].head, b->head);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width,
                             NULL);
    }
    for (size_t i = 0; i < n; i++) {
        yajl_val x = l->u.array.values[i];
        lxw_row_t r = (lxw_row_t)(1 + i);
        for (size_t c = 0; c < ncols; c++) {
            if (cols[c].kind == 0)
                worksheet_write_string(ws, r, (lxw_col_t)c,
                                       text(x, cols[c].key), NULL);
            else
                num(ws, r, (lxw_col_t)c, x, cols[c].key, f[cols[c].kind]);
        }
    }
    if (n == 0)
        worksheet_write_string(ws, 1, 0, none, NULL);
    else
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(ncols - 1));
    worksheet_freeze_panes(ws, 1, 1);
}

static void
experiments_sheet(struct book *b, yajl_val root)
{
    static const struct exp_col cols[] = {
        {"Experiment", "name", 24, 0},
        {"Status", "status", 14, 0},
        {"Decision", "decision", 12, 0},
        {"Stopped by", "stopped_by", 12, 0},
        {"Primary", "primary", 26, 0},
        {"Lift", "lift_rel", 9, 2},
        {"Lift CI low", "lift_rel_ci_low", 11, 2},
        {"Lift CI high", "lift_rel_ci_high", 11, 2},
        {"p (Holm)", "p_value_holm", 10, 3},
        {"Users", "users", 10, 1},
        {"Days running", "days_running", 9, 1},
        {"Days left", "days_left", 9, 1},
        {"As of", "as_of", 11, 0}};

    exp_sheet(b, root, "experiments", "Experiments", cols,
              sizeof(cols) / sizeof(cols[0]),
              "No configured experiment ran this week.");
}

/* A report's workbook: created with the house formats (book_open), then
 * written and freed (book_close: libxlsxwriter writes the file only
 * then, and frees the workbook even when writing fails).  -1 with *err. */
static int
book_open(struct book *b, const char *path, struct pd_err *err)
{
    memset(b, 0, sizeof(*b));
    b->wb = workbook_new(path);
    if (!b->wb)
        return pd_err_set(err, PD_E_IO, "cannot create workbook '%s'", path);
    formats(b);
    return 0;
}

static int
book_close(struct book *b, const char *path, struct pd_err *err)
{
    lxw_error rc = workbook_close(b->wb);

    if (rc != LXW_NO_ERROR)
        return pd_err_set(err, PD_E_IO, "cannot write workbook '%s': %s", path,
                          lxw_strerror(rc));
    return 0;
}

int
pd_xlsx_weekly(const struct pd_doc *doc, const char *path, struct pd_err *err)
{
    yajl_val root = doc->root;
    struct book b;

    if (book_open(&b, path, err) < 0)
        return -1;
    attention_sheet(&b, root);
    summary_sheet(&b, root);
    tickets_sheet(&b, root);
    nps_sheet(&b, root);
    usage_sheet(&b, root);
    adoption_sheet(&b, root);
    accounts_sheet(&b, root);
    themes_sheet(&b, root, "Tickets, last week");
    experiments_sheet(&b, root);
    return book_close(&b, path, err);
}

/* The key results: one row each, status coloured. */
static void
kr_sheet(struct book *b, yajl_val root)
{
    static const char *const cols[] = {"Key result", "Metric",     "Owner",
                                       "Direction",  "Target",     "Baseline",
                                       "Actual",     "Progress %", "Status"};
    static const double widths[] = {34, 24, 16, 10, 10, 10, 12, 11, 11};
    static const char *const texts[] = {"name", "metric", "owner", "direction"};
    lxw_worksheet *ws = add_sheet(b, "Key results", 2, 2);
    yajl_val krs = pd_doc_get(root, "key_results");
    size_t n = YAJL_IS_ARRAY(krs) ? krs->u.array.len : 0;
    char title[320], through[128];

    pd_summary_data_through(&(const struct pd_doc){root}, through,
                            sizeof(through));
    snprintf(title, sizeof(title), "OKR review %s (%s to %s, %s, %s)",
             text(root, "period.label"), text(root, "period.first_day"),
             text(root, "period.last_day"), through,
             text(root, "period.timezone"));
    worksheet_write_string(ws, 0, 0, title, b->head);
    header_row(b, ws, 2, cols, widths, 9);
    for (size_t i = 0; i < n; i++) {
        yajl_val kr = krs->u.array.values[i];
        lxw_row_t r = (lxw_row_t)(3 + i);
        const char *status = text(kr, "status");
        lxw_format *f = kpi_format(b, pd_kpi_format_of(text(kr, "metric")));
        char label[80];
        pd_kpi_label(text(kr, "metric"), label, sizeof(label));
        for (lxw_col_t c = 0; c < 4; c++)
            worksheet_write_string(ws, r, c,
                                   c == 1 ? label : text(kr, texts[c]), NULL);
        num(ws, r, 4, kr, "target", f);
        num(ws, r, 5, kr, "baseline", f);
        num(ws, r, 6, kr, "actual", f);
        num(ws, r, 7, kr, "progress_pct", b->val[PD_FMT_NPS]);
        worksheet_write_string(ws, r, 8, status,
                               strcmp(status, "met") == 0         ? b->good
                               : strcmp(status, "off track") == 0 ? b->bad
                                                                  : NULL);
    }
    if (n == 0)
        worksheet_write_string(ws, 3, 0,
                               "No key results for this quarter: add [okr] "
                               "sections to prodops.conf.",
                               NULL);
    else
        worksheet_autofilter(ws, 2, 0, (lxw_row_t)(2 + n), 8);
    worksheet_freeze_panes(ws, 3, 1);
}

/* Week-by-week values of every key result beside its target, and a
 * native line chart per key result (actual and target). */
static void
trajectory_sheet(struct book *b, yajl_val root)
{
    static const char sheet[] = "Trajectory";
    lxw_worksheet *ws = add_sheet(b, sheet, 0, 0);
    yajl_val krs = pd_doc_get(root, "key_results");
    size_t n = YAJL_IS_ARRAY(krs) ? krs->u.array.len : 0, weeks = 0;

    worksheet_write_string(ws, 0, 0, "Week of", b->head);
    worksheet_set_column(ws, 0, 0, 11, NULL);
    for (size_t i = 0; i < n; i++) {
        yajl_val tr = pd_doc_get(krs->u.array.values[i], "trajectory");
        if (YAJL_IS_ARRAY(tr) && tr->u.array.len > weeks)
            weeks = tr->u.array.len;
    }
    for (size_t i = 0; i < n; i++) {
        yajl_val kr = krs->u.array.values[i];
        yajl_val tr = pd_doc_get(kr, "trajectory");
        size_t len = YAJL_IS_ARRAY(tr) ? tr->u.array.len : 0;
        lxw_col_t c = (lxw_col_t)(1 + 2 * i);
        char head[200];
        lxw_chart *chart;
        lxw_chart_series *s;
        lxw_format *f = kpi_format(b, pd_kpi_format_of(text(kr, "metric")));
        double target = 0;

        snprintf(head, sizeof(head), "%s: target", text(kr, "name"));
        worksheet_write_string(ws, 0, c, text(kr, "name"), b->head);
        worksheet_write_string(ws, 0, (lxw_col_t)(c + 1), head, b->head);
        worksheet_set_column(ws, c, (lxw_col_t)(c + 1), 18, NULL);
        pd_doc_num(kr, "target", &target);
        for (size_t w = 0; w < len; w++) {
            yajl_val p = tr->u.array.values[w];
            lxw_row_t r = (lxw_row_t)(1 + w);
            week_cell(b, ws, r, 0, text(p, "week"));
            num(ws, r, c, p, "value", f);
            worksheet_write_number(ws, r, (lxw_col_t)(c + 1), target, f);
        }
        if (len == 0)
            continue;
        chart = workbook_add_chart(b->wb, LXW_CHART_LINE);
        s = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(s, sheet, 1, 0, (lxw_row_t)len, 0);
        chart_series_set_values(s, sheet, 1, c, (lxw_row_t)len, c);
        chart_series_set_name(s, "Actual, quarter to date");
        s = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(s, sheet, 1, 0, (lxw_row_t)len, 0);
        chart_series_set_values(s, sheet, 1, (lxw_col_t)(c + 1), (lxw_row_t)len,
                                (lxw_col_t)(c + 1));
        chart_series_set_name(s, "Target");
        chart_title_set_name(chart, text(kr, "name"));
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        /* Two charts a row under the table, each 8 columns x 16 rows. */
        worksheet_insert_chart(ws, (lxw_row_t)(weeks + 3 + 16 * (i / 2)),
                               (lxw_col_t)(8 * (i % 2)), chart);
    }
    worksheet_freeze_panes(ws, 1, 1);
}

/* Issue 17: the quarter's launches with their adoption, as their launch
 * reviews state it. */
static void
launches_sheet(struct book *b, yajl_val root)
{
    static const char *const cols[] = {"Launch", "Released on",
                                       "Weeks since launch",
                                       "Share of active accounts", "Verdict"};
    static const double widths[] = {28, 12, 10, 14, 80};
    lxw_worksheet *ws = add_sheet(b, "Launches", 0, 0);
    yajl_val l = pd_doc_get(root, "launches");
    size_t n = YAJL_IS_ARRAY(l) ? l->u.array.len : 0;

    header_row(b, ws, 0, cols, widths, 5);
    for (size_t i = 0; i < n; i++) {
        yajl_val x = l->u.array.values[i];
        lxw_row_t r = (lxw_row_t)(1 + i);
        worksheet_write_string(ws, r, 0, text(x, "name"), NULL);
        worksheet_write_string(ws, r, 1, text(x, "released_on"), NULL);
        num(ws, r, 2, x, "weeks_since_launch", b->count);
        num(ws, r, 3, x, "share_of_active_accounts", b->share);
        worksheet_write_string(ws, r, 4, text(x, "verdict"), NULL);
    }
    if (n == 0)
        worksheet_write_string(ws, 1, 0,
                               "No launch this quarter (launches are the "
                               "releases source: kind = releases).",
                               NULL);
    worksheet_freeze_panes(ws, 1, 1);
}

/* Issue 16: the quarter's experiment decisions. */
static void
decisions_sheet(struct book *b, yajl_val root)
{
    static const struct exp_col cols[] = {
        {"Experiment", "name", 24, 0},
        {"Area", "area", 14, 0},
        {"Decision", "decision", 12, 0},
        {"Decided on", "decided_on", 11, 0},
        {"Winner", "winner", 12, 0},
        {"Stopped by", "stopped_by", 12, 0},
        {"Primary", "primary", 26, 0},
        {"Lift", "lift_rel", 9, 2},
        {"Lift CI low", "lift_rel_ci_low", 11, 2},
        {"Lift CI high", "lift_rel_ci_high", 11, 2},
        {"Users", "users", 10, 1},
        {"Days", "duration_days", 8, 1}};

    exp_sheet(b, root, "experiment_decisions", "Experiment decisions", cols,
              sizeof(cols) / sizeof(cols[0]),
              "No configured experiment ran this quarter.");
}

int
pd_xlsx_okr(const struct pd_doc *doc, const char *path, struct pd_err *err)
{
    yajl_val root = doc->root;
    struct book b;
    char title[96], prev[64];

    if (book_open(&b, path, err) < 0)
        return -1;
    kr_sheet(&b, root);
    trajectory_sheet(&b, root);
    snprintf(title, sizeof(title), "%s to date against %s, same days",
             text(root, "period.label"), text(root, "period.previous_label"));
    snprintf(prev, sizeof(prev), "%s, same days",
             text(root, "period.previous_label"));
    headline_sheet(&b, root, "Quarter over quarter", title, "To date", prev);
    accounts_sheet(&b, root);
    themes_sheet(&b, root, prev);
    launches_sheet(&b, root);
    decisions_sheet(&b, root);
    return book_close(&b, path, err);
}

/* ---- Launch review (issue 17) ------------------------------------------ */

/* Week of (the Monday, a date), weeks since launch, users, accounts,
 * active accounts, share; a line chart of the share beside the table. */
static void
launch_adoption_sheet(struct book *b, yajl_val root)
{
    static const char sheet[] = "Adoption";
    static const char *const cols[] = {"Week of",
                                       "Week",
                                       "Weeks since launch",
                                       "Users",
                                       "Accounts",
                                       "Active accounts",
                                       "Share of active accounts",
                                       "Whole week"};
    static const double widths[] = {11, 10, 10, 8, 10, 10, 14, 8};
    static const char *const counts[] = {"weeks_since_launch", "users",
                                         "accounts", "active_accounts"};
    lxw_worksheet *ws = add_sheet(b, sheet, 0, 0);
    yajl_val a = pd_doc_get(root, "adoption");
    size_t n = YAJL_IS_ARRAY(a) ? a->u.array.len : 0;
    lxw_chart *chart;
    lxw_chart_series *s;

    header_row(b, ws, 0, cols, widths, 8);
    for (size_t i = 0; i < n; i++) {
        yajl_val w = a->u.array.values[i];
        lxw_row_t r = (lxw_row_t)(1 + i);
        week_cell(b, ws, r, 0, text(w, "week"));
        worksheet_write_string(ws, r, 1, text(w, "week"), NULL);
        for (lxw_col_t c = 0; c < 4; c++)
            num(ws, r, (lxw_col_t)(2 + c), w, counts[c], b->count);
        num(ws, r, 6, w, "share_of_active_accounts", b->share);
        worksheet_write_boolean(ws, r, 7,
                                YAJL_IS_TRUE(pd_doc_get(w, "complete")), NULL);
    }
    worksheet_freeze_panes(ws, 1, 1);
    if (n == 0)
        return;
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, 7);
    chart = workbook_add_chart(b->wb, LXW_CHART_LINE);
    s = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(s, sheet, 1, 1, (lxw_row_t)n, 1);
    chart_series_set_values(s, sheet, 1, 6, (lxw_row_t)n, 6);
    chart_series_set_name(s, "Share of active accounts");
    chart_title_set_name(chart, "Adoption since the launch");
    chart_axis_set_num_format(chart->y_axis, "0%");
    chart_axis_set_min(chart->y_axis, 0);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    worksheet_insert_chart(ws, (lxw_row_t)(n + 3), 0, chart);
}

/* Label / value rows from row r on; returns the next free row. */
static lxw_row_t
launch_fact(lxw_worksheet *ws, lxw_row_t r, const char *label, yajl_val v,
            const char *path, lxw_format *f)
{
    worksheet_write_string(ws, r, 0, label, NULL);
    if (f)
        num(ws, r, 1, v, path, f);
    else
        worksheet_write_string(ws, r, 1, text(v, path), NULL);
    return r + 1;
}

static lxw_row_t
launch_mentions(struct book *b, lxw_worksheet *ws, lxw_row_t r, yajl_val root)
{
    static const char *const sides[] = {"before", "after"};
    static const char *const cols[] = {"28 days", "Tickets", "NPS comments",
                                       "Themes"};

    for (lxw_col_t c = 0; c < 4; c++)
        worksheet_write_string(ws, r, c, cols[c], b->head);
    r++;
    for (size_t i = 0; i < 2; i++, r++) {
        char key[64];
        struct pd_buf themes = PD_BUF_INIT;
        yajl_val th;
        snprintf(key, sizeof(key), "mentions.%s", sides[i]);
        yajl_val m = pd_doc_get(root, key);
        worksheet_write_string(ws, r, 0, i ? "After the launch" : "Before",
                               NULL);
        num(ws, r, 1, m, "tickets", b->count);
        num(ws, r, 2, m, "nps", b->count);
        th = pd_doc_get(m, "themes");
        for (size_t k = 0; YAJL_IS_ARRAY(th) && k < th->u.array.len; k++) {
            double c = 0;
            pd_doc_num(th->u.array.values[k], "count", &c);
            pd_buf_addf(&themes, "%s%s (%.0f)", k ? ", " : "",
                        text(th->u.array.values[k], "theme"), c);
        }
        worksheet_write_string(ws, r, 3, themes.len ? themes.buf : "", NULL);
        pd_buf_release(&themes);
    }
    return r;
}

static void
launch_summary_sheet(struct book *b, yajl_val root)
{
    lxw_worksheet *ws = add_sheet(b, "Summary", 0, 0);
    yajl_val ret = pd_doc_get(root, "retention");
    lxw_row_t r = 2;
    char title[320];

    snprintf(title, sizeof(title), "Launch review: %s", text(root, "name"));
    worksheet_write_string(ws, 0, 0, title, b->head);
    worksheet_set_column(ws, 0, 0, 34, NULL);
    worksheet_set_column(ws, 1, 3, 16, NULL);
    worksheet_write_string(ws, 1, 0, text(root, "verdict"), NULL);
    r = launch_fact(ws, r + 1, "Released on", root, "released_on", NULL);
    r = launch_fact(ws, r, "Product area", root, "product_area", NULL);
    r = launch_fact(ws, r, "Link", root, "link", NULL);
    r = launch_fact(ws, r, "Time zone", root, "timezone", NULL);
    r = launch_fact(ws, r, "Usage data through", root, "data_through.usage",
                    NULL);
    r = launch_fact(ws, r, "Adopting accounts", root, "adopting_accounts",
                    b->count);
    r = launch_fact(ws, r, "Median days to first use", root,
                    "time_to_first_use_days_median", b->dec);
    for (size_t i = 0; YAJL_IS_ARRAY(ret) && i < ret->u.array.len; i++) {
        yajl_val x = ret->u.array.values[i];
        double w = 0;
        char label[64];
        pd_doc_num(x, "week", &w);
        snprintf(label, sizeof(label),
                 "Launch-week adopters using it, week %.0f", w);
        r = launch_fact(ws, r, label, x, "share", b->share);
    }
    r = launch_fact(ws, r, "Accounts that asked for it", root,
                    "request_askers.accounts_asking", b->count);
    r = launch_fact(ws, r, "... of them using it", root,
                    "request_askers.accounts_adopted", b->count);
    r = launch_fact(ws, r, "ARR of the accounts that asked", root,
                    "request_askers.arr_asking", b->count);
    r = launch_fact(ws, r, "ARR of those using it", root,
                    "request_askers.arr_adopted", b->count);
    launch_mentions(b, ws, r + 1, root);
}

/* One row of the Requests sheet from row r: an asking account x of
 * request q (x NULL: a request without a known account). */
static void
launch_asker_row(struct book *b, lxw_worksheet *ws, lxw_row_t r, yajl_val q,
                 yajl_val x)
{
    worksheet_write_string(ws, r, 0, text(q, "name"), NULL);
    worksheet_write_string(ws, r, 1, text(q, "status"), NULL);
    if (!x)
        return;
    worksheet_write_string(ws, r, 2, text(x, "account"), NULL);
    num(ws, r, 3, x, "arr", b->count);
    worksheet_write_boolean(ws, r, 4, YAJL_IS_TRUE(pd_doc_get(x, "adopted")),
                            NULL);
    worksheet_write_string(ws, r, 5, text(x, "first_use"), NULL);
}

/* The requests it answers: a row per request and asking account. */
static void
launch_requests_sheet(struct book *b, yajl_val root)
{
    static const char *const cols[] = {"Request", "Status",  "Account",
                                       "ARR",     "Uses it", "First use"};
    static const double widths[] = {34, 11, 14, 12, 8, 11};
    lxw_worksheet *ws = add_sheet(b, "Requests", 0, 0);
    yajl_val reqs = pd_doc_get(root, "requests");
    size_t n = YAJL_IS_ARRAY(reqs) ? reqs->u.array.len : 0;
    lxw_row_t r = 1;

    header_row(b, ws, 0, cols, widths, 6);
    for (size_t i = 0; i < n; i++) {
        yajl_val q = reqs->u.array.values[i], acc = pd_doc_get(q, "accounts");
        size_t na = YAJL_IS_ARRAY(acc) ? acc->u.array.len : 0;
        if (na == 0)
            launch_asker_row(b, ws, r++, q, NULL);
        for (size_t j = 0; j < na; j++)
            launch_asker_row(b, ws, r++, q, acc->u.array.values[j]);
    }
    if (n == 0)
        worksheet_write_string(ws, 1, 0,
                               "No feature request matches this launch.", NULL);
    worksheet_freeze_panes(ws, 1, 1);
}

int
pd_xlsx_launch(const struct pd_doc *doc, const char *path, struct pd_err *err)
{
    struct book b;

    if (book_open(&b, path, err) < 0)
        return -1;
    launch_summary_sheet(&b, doc->root);
    launch_adoption_sheet(&b, doc->root);
    launch_requests_sheet(&b, doc->root);
    return book_close(&b, path, err);
}

/* ---- Experiment readout (reports/experiment_report.h) ------------------ */

/* A variant's metric object in the document, or NULL. */
static yajl_val
variant_metric(yajl_val root, const char *variant, const char *metric)
{
    yajl_val vs = pd_doc_get(root, "variants");
    size_t n = YAJL_IS_ARRAY(vs) ? vs->u.array.len : 0;

    for (size_t i = 0; i < n; i++) {
        yajl_val v = vs->u.array.values[i], ms;
        if (strcmp(text(v, "name"), variant) != 0)
            continue;
        ms = pd_doc_get(v, "metrics");
        for (size_t j = 0; YAJL_IS_OBJECT(ms) && j < ms->u.object.len; j++)
            if (!strcmp(ms->u.object.keys[j], metric))
                return ms->u.object.values[j];
    }
    return NULL;
}

/* One row per (variant, metric) test: the means, the difference and the
 * lift with their intervals, both p-values; the caveats under them. */
static void
exp_results_sheet(struct book *b, yajl_val root)
{
    static const char *const cols[] = {
        "Variant",      "Metric", "Role",     "Control mean", "Variant mean",
        "Difference",   "CI low", "CI high",  "Lift",         "Lift CI low",
        "Lift CI high", "p",      "p (Holm)", "Significant"};
    static const double widths[] = {14, 30, 10, 13, 13, 12, 11,
                                    11, 9,  12, 12, 10, 10, 11};
    static const char *const keys[] = {
        "diff",     "ci_low",          "ci_high",
        "lift_rel", "lift_rel_ci_low", "lift_rel_ci_high",
        "p_value",  "p_value_holm"};
    lxw_worksheet *ws = add_sheet(b, "Results", 3, 3);
    yajl_val res = pd_doc_get(root, "results"),
             cav = pd_doc_get(root, "caveats");
    size_t n = YAJL_IS_ARRAY(res) ? res->u.array.len : 0;
    size_t nc = YAJL_IS_ARRAY(cav) ? cav->u.array.len : 0;
    char title[600];

    snprintf(title, sizeof(title), "Experiment %s: %s (as of %s)",
             text(root, "experiment"), text(root, "decision"),
             text(root, "as_of"));
    worksheet_write_string(ws, 0, 0, title, b->head);
    snprintf(title, sizeof(title),
             "Flag %s, control %s, from %s; %s%s; p-values Holm-adjusted",
             text(root, "flag"), text(root, "control"), text(root, "start"),
             text(root, "method"),
             YAJL_IS_TRUE(pd_doc_get(root, "cuped")) ? " with CUPED" : "");
    worksheet_write_string(ws, 1, 0, title, NULL);
    header_row(b, ws, 3, cols, widths, 14);
    for (size_t i = 0; i < n; i++) {
        yajl_val r = res->u.array.values[i];
        lxw_row_t row = (lxw_row_t)(4 + i);
        const char *metric = text(r, "metric");
        bool sig = YAJL_IS_TRUE(pd_doc_get(r, "significant"));
        worksheet_write_string(ws, row, 0, text(r, "variant"), NULL);
        worksheet_write_string(ws, row, 1, metric, NULL);
        worksheet_write_string(ws, row, 2, text(r, "role"), NULL);
        num(ws, row, 3, variant_metric(root, text(root, "control"), metric),
            "mean", b->dec);
        num(ws, row, 4, variant_metric(root, text(r, "variant"), metric),
            "mean", b->dec);
        for (size_t k = 0; k < 8; k++)
            num(ws, row, (lxw_col_t)(5 + k), r, keys[k],
                k >= 3 && k <= 5 ? b->share : NULL);
        worksheet_write_string(ws, row, 13, sig ? "yes" : "no",
                               sig ? b->good : NULL);
    }
    worksheet_write_string(ws, (lxw_row_t)(5 + n), 0, "Caveats", b->head);
    for (size_t i = 0; i < nc; i++) {
        yajl_val c = cav->u.array.values[i];
        worksheet_write_string(ws, (lxw_row_t)(6 + n + i), 0,
                               YAJL_IS_STRING(c) ? YAJL_GET_STRING(c) : "",
                               NULL);
    }
    if (nc == 0)
        worksheet_write_string(ws, (lxw_row_t)(6 + n), 0, "None", NULL);
    worksheet_freeze_panes(ws, 4, 0);
}

/* SPEC §9's sample-ratio check: users against the configured shares. */
static void
exp_srm_sheet(struct book *b, yajl_val root)
{
    static const char *const cols[] = {"Variant", "Weight", "Users",
                                       "Expected users"};
    static const double widths[] = {22, 10, 12, 15};
    lxw_worksheet *ws = add_sheet(b, "SRM", 0, 0);
    yajl_val vs = pd_doc_get(root, "variants");
    size_t n = YAJL_IS_ARRAY(vs) ? vs->u.array.len : 0;
    double total = 0, wsum = 0;
    lxw_row_t r;

    header_row(b, ws, 0, cols, widths, 4);
    for (size_t i = 0; i < n; i++) {
        double u = 0, w = 0;
        pd_doc_num(vs->u.array.values[i], "users", &u);
        pd_doc_num(vs->u.array.values[i], "weight", &w);
        total += u;
        wsum += w;
    }
    for (size_t i = 0; i < n; i++) {
        yajl_val v = vs->u.array.values[i];
        double w = 0;
        r = (lxw_row_t)(1 + i);
        worksheet_write_string(ws, r, 0, text(v, "name"), NULL);
        num(ws, r, 1, v, "weight", NULL);
        num(ws, r, 2, v, "users", b->count);
        if (pd_doc_num(v, "weight", &w) && wsum > 0)
            worksheet_write_number(ws, r, 3, total * w / wsum, b->dec);
    }
    r = (lxw_row_t)(n + 2);
    worksheet_write_string(ws, r, 0, "SRM p (chi-square)", b->head);
    num(ws, r, 1, root, "srm_p", NULL);
    worksheet_write_string(ws, r + 1, 0, "Mismatch (p < 0.001)", b->head);
    worksheet_write_string(ws, r + 1, 1,
                           YAJL_IS_TRUE(pd_doc_get(root, "srm")) ? "yes" : "no",
                           NULL);
    worksheet_write_string(ws, r + 2, 0, "Crossover users", b->head);
    num(ws, r + 2, 1, root, "crossover_users", b->count);
    worksheet_write_string(ws, r + 3, 0, "Exposure events rejected", b->head);
    num(ws, r + 3, 1, root, "exposures_rejected", b->count);
}

/* A line chart of columns first..first+nv-1 of the Daily sheet. */
static void
exp_daily_chart(struct book *b, lxw_worksheet *ws, size_t days, size_t nv,
                lxw_col_t first, const char *title, lxw_row_t at)
{
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_LINE);

    for (size_t i = 0; i < nv; i++) {
        lxw_col_t c = (lxw_col_t)(first + i);
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(s, "Daily", 1, 0, (lxw_row_t)days, 0);
        chart_series_set_values(s, "Daily", 1, c, (lxw_row_t)days, c);
        chart_series_set_name_range(s, "Daily", 0, c);
    }
    chart_title_set_name(chart, title);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    worksheet_insert_chart(ws, at, (lxw_col_t)(1 + 2 * nv), chart);
}

/* Per day, each variant's cumulative users and primary mean, charted. */
static void
exp_daily_sheet(struct book *b, yajl_val root)
{
    lxw_worksheet *ws = add_sheet(b, "Daily", 0, 0);
    yajl_val vs = pd_doc_get(root, "variants"),
             daily = pd_doc_get(root, "daily");
    size_t nv = YAJL_IS_ARRAY(vs) ? vs->u.array.len : 0;
    size_t nd = YAJL_IS_ARRAY(daily) ? daily->u.array.len : 0;
    char head[300], title[300];

    worksheet_write_string(ws, 0, 0, "Day", b->head);
    worksheet_set_column(ws, 0, 0, 11, NULL);
    for (size_t i = 0; i < nv; i++) {
        const char *name = text(vs->u.array.values[i], "name");
        snprintf(head, sizeof(head), "Users: %s", name);
        worksheet_write_string(ws, 0, (lxw_col_t)(1 + i), head, b->head);
        snprintf(head, sizeof(head), "%s: %s", text(root, "primary"), name);
        worksheet_write_string(ws, 0, (lxw_col_t)(1 + nv + i), head, b->head);
    }
    worksheet_set_column(ws, 1, (lxw_col_t)(2 * nv), 16, NULL);
    for (size_t d = 0; d < nd; d++) {
        yajl_val day = daily->u.array.values[d];
        yajl_val u = pd_doc_get(day, "users"),
                 m = pd_doc_get(day, "primary_mean");
        lxw_row_t r = (lxw_row_t)(1 + d);
        int64_t days;
        const char *s = text(day, "day");
        if (pd_time_parse_day(s, strlen(s), &days) == 0) {
            struct pd_tm tm;
            lxw_datetime dt;
            pd_time_split(days * PD_US_PER_DAY, &tm);
            dt = (lxw_datetime){
                (int)tm.year, (int)tm.month, (int)tm.day, 0, 0, 0};
            worksheet_write_datetime(ws, r, 0, &dt, b->week);
        }
        for (size_t i = 0; i < nv; i++) {
            if (YAJL_IS_OBJECT(u) && i < u->u.object.len &&
                YAJL_IS_NUMBER(u->u.object.values[i]))
                worksheet_write_number(ws, r, (lxw_col_t)(1 + i),
                                       YAJL_GET_DOUBLE(u->u.object.values[i]),
                                       b->count);
            if (YAJL_IS_OBJECT(m) && i < m->u.object.len &&
                YAJL_IS_NUMBER(m->u.object.values[i]))
                worksheet_write_number(ws, r, (lxw_col_t)(1 + nv + i),
                                       YAJL_GET_DOUBLE(m->u.object.values[i]),
                                       NULL);
        }
    }
    worksheet_freeze_panes(ws, 1, 1);
    if (nd == 0 || nv == 0)
        return;
    exp_daily_chart(b, ws, nd, nv, 1, "Users assigned, cumulative", 1);
    snprintf(title, sizeof(title), "%s, users assigned so far",
             text(root, "primary"));
    exp_daily_chart(b, ws, nd, nv, (lxw_col_t)(1 + nv), title, 17);
}

int
pd_xlsx_experiment(const struct pd_doc *doc, const char *path,
                   struct pd_err *err)
{
    struct book b;

    if (book_open(&b, path, err) < 0)
        return -1;
    exp_results_sheet(&b, doc->root);
    exp_daily_sheet(&b, doc->root);
    exp_srm_sheet(&b, doc->root);
    return book_close(&b, path, err);
}

/* ---- Streaming tables --------------------------------------------------- */

/* Excel keeps at most 32,767 characters in a cell (LXW_STR_MAX inside
 * libxlsxwriter, not in its headers). */
enum { BOOK_MAX_COLS = 256, WIDTH_MIN = 8, WIDTH_MAX = 60, CELL_MAX = 32767 };
enum { BOOK_MAX_SHEETS = 32 };

struct pd_xlsx_book {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *head, *integer, *decimal, *percent, *datetime, *date;
    enum pd_xlsx_col types[BOOK_MAX_COLS];
    double widths[BOOK_MAX_COLS];
    size_t ncols;
    char sheets[BOOK_MAX_SHEETS][LXW_SHEETNAME_MAX + 1]; /* names so far */
    size_t nsheets;
    lxw_row_t row; /* the last row written (0: the header) */
    size_t dropped;
    char path[512];
    struct pd_buf cut; /* a text cut to Excel's limit */
    struct pd_err err; /* the first failure */
};

static int
book_fail(struct pd_xlsx_book *b, enum pd_errcode code, const char *what,
          lxw_error rc)
{
    if (b->err.code == PD_E_OK)
        pd_err_set(&b->err, code, "cannot write workbook '%s': %s", b->path,
                   rc != LXW_NO_ERROR ? lxw_strerror(rc) : what);
    return -1;
}

struct pd_xlsx_book *
pd_xlsx_book_open(const char *path, struct pd_err *err)
{
    lxw_workbook_options opt = {LXW_TRUE, NULL, LXW_FALSE};
    struct pd_xlsx_book *b = pd_xcalloc(1, sizeof(*b));
    FILE *fp;

    snprintf(b->path, sizeof(b->path), "%s", path);
    /* libxlsxwriter opens the file only at close, and then prints its own
     * error: find out now whether it can be created. */
    fp = fopen(path, "wb");
    if (!fp || fclose(fp) != 0) {
        pd_err_set(err, PD_E_IO, "cannot create workbook '%s': %s", path,
                   strerror(errno));
        free(b);
        return NULL;
    }
    b->wb = workbook_new_opt(path, &opt);
    if (!b->wb) {
        pd_err_set(err, PD_E_IO, "cannot create workbook '%s'", path);
        free(b);
        return NULL;
    }
    pd_buf_init(&b->cut, 0);
    b->head = workbook_add_format(b->wb);
    format_set_bold(b->head);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    b->integer = workbook_add_format(b->wb);
    format_set_num_format(b->integer, "#,##0");
    b->decimal = workbook_add_format(b->wb);
    format_set_num_format(b->decimal, "#,##0.00");
    b->percent = workbook_add_format(b->wb);
    format_set_num_format(b->percent, "0.0%");
    b->datetime = workbook_add_format(b->wb);
    format_set_num_format(b->datetime, "yyyy-mm-dd hh:mm:ss");
    b->date = workbook_add_format(b->wb);
    format_set_num_format(b->date, "yyyy-mm-dd");
    return b;
}

/* Display width of UTF-8 text: its characters (continuation bytes are not
 * counted), enough for a column width. */
static double
text_width(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return (double)n;
}

static void
fit(struct pd_xlsx_book *b, size_t c, double w)
{
    if (w > b->widths[c])
        b->widths[c] = w > WIDTH_MAX ? WIDTH_MAX : w;
}

/* Autofilter and widths once the sheet's rows are all in. */
static void
finish_sheet(struct pd_xlsx_book *b)
{
    if (!b->ws)
        return;
    worksheet_autofilter(b->ws, 0, 0, b->row, (lxw_col_t)(b->ncols - 1));
    for (size_t c = 0; c < b->ncols; c++)
        worksheet_set_column(
            b->ws, (lxw_col_t)c, (lxw_col_t)c,
            b->widths[c] < WIDTH_MIN ? WIDTH_MIN : b->widths[c], NULL);
    b->ws = NULL;
}

/* Excel's rules, checked here so that libxlsxwriter's warnings never
 * print: 1-31 characters, none of []:*?/\, unique in any case. */
static bool
sheet_name_ok(const struct pd_xlsx_book *b, const char *name)
{
    size_t n = strlen(name);

    if (n == 0 || n > LXW_SHEETNAME_MAX || strpbrk(name, "[]:*?/\\") ||
        b->nsheets == BOOK_MAX_SHEETS)
        return false;
    for (size_t i = 0; i < b->nsheets; i++)
        if (strcasecmp(b->sheets[i], name) == 0)
            return false;
    return true;
}

int
pd_xlsx_book_sheet(struct pd_xlsx_book *b, const char *name, size_t ncols,
                   const char *const *headers, const enum pd_xlsx_col *types)
{
    if (!b || b->err.code != PD_E_OK)
        return -1;
    finish_sheet(b);
    if (!sheet_name_ok(b, name) || ncols == 0 || ncols > BOOK_MAX_COLS)
        return book_fail(b, PD_E_INTERNAL, "bad sheet name or column count",
                         LXW_NO_ERROR);
    snprintf(b->sheets[b->nsheets++], sizeof(b->sheets[0]), "%s", name);
    b->ws = workbook_add_worksheet(b->wb, name);
    if (!b->ws)
        return book_fail(b, PD_E_INTERNAL, "cannot add the sheet",
                         LXW_NO_ERROR);
    worksheet_set_landscape(b->ws);
    worksheet_fit_to_pages(b->ws, 1, 0);
    worksheet_repeat_rows(b->ws, 0, 0);
    b->ncols = ncols;
    b->row = 0;
    b->dropped = 0;
    for (size_t c = 0; c < ncols; c++) {
        lxw_error rc =
            worksheet_write_string(b->ws, 0, (lxw_col_t)c, headers[c], b->head);
        if (rc != LXW_NO_ERROR)
            return book_fail(b, PD_E_IO, NULL, rc);
        b->types[c] = types[c];
        b->widths[c] = 0;
        /* The filter button takes about two characters. */
        fit(b, c, text_width(headers[c]) + 3);
        if (types[c] == PD_XLSX_DATETIME)
            fit(b, c, 20);
    }
    worksheet_freeze_panes(b->ws, 1, 0);
    return 0;
}

/* "2026-11-09T10:00:00Z", "2026-11-09T10:00:00.25Z": 0, or -1 when s is
 * no such UTC time (it is then written as text). */
static int
parse_datetime(const char *s, lxw_datetime *dt)
{
    int n = 0;

    memset(dt, 0, sizeof(*dt));
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%lf%n", &dt->year, &dt->month, &dt->day,
               &dt->hour, &dt->min, &dt->sec, &n) != 6 ||
        strcmp(s + n, "Z") != 0)
        return -1;
    if (dt->year < 1900 || dt->month < 1 || dt->month > 12 || dt->day < 1 ||
        dt->day > 31 || dt->hour < 0 || dt->hour > 23 || dt->min < 0 ||
        dt->min > 59 || !(dt->sec >= 0 && dt->sec < 61))
        return -1;
    return 0;
}

/* "2026-11-09": 0, or -1 when s is no such day (written as text). */
static int
parse_date(const char *s, lxw_datetime *dt)
{
    int n = 0;

    memset(dt, 0, sizeof(*dt));
    if (sscanf(s, "%4d-%2d-%2d%n", &dt->year, &dt->month, &dt->day, &n) != 3 ||
        s[n] != '\0')
        return -1;
    return dt->year < 1900 || dt->month < 1 || dt->month > 12 || dt->day < 1 ||
                   dt->day > 31
               ? -1
               : 0;
}

/* A plain decimal number (what PostgreSQL writes for numeric, int and
 * float8 that are finite): 0 with *d, else -1. */
static int
parse_number(const char *s, double *d)
{
    char *end;

    if (!*s || !(isdigit((unsigned char)*s) || *s == '-'))
        return -1;
    errno = 0;
    *d = strtod(s, &end);
    return *end || errno == ERANGE || !isfinite(*d) ? -1 : 0;
}

/* Excel keeps 32,767 characters of a cell; cut longer text (by bytes,
 * which never exceed characters) at a character boundary. */
static const char *
cell_text(struct pd_xlsx_book *b, const char *s)
{
    size_t n = strlen(s);

    if (n <= CELL_MAX)
        return s;
    n = CELL_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    pd_buf_reset(&b->cut);
    pd_buf_add(&b->cut, s, n);
    return b->cut.buf;
}

static lxw_error
write_cell(struct pd_xlsx_book *b, lxw_col_t c, const char *s)
{
    lxw_format *f = b->types[c] == PD_XLSX_INTEGER   ? b->integer
                    : b->types[c] == PD_XLSX_DECIMAL ? b->decimal
                    : b->types[c] == PD_XLSX_PERCENT ? b->percent
                                                     : NULL;
    lxw_datetime dt;
    double d;

    if (b->types[c] == PD_XLSX_DATETIME && parse_datetime(s, &dt) == 0)
        return worksheet_write_datetime(b->ws, b->row, c, &dt, b->datetime);
    if (b->types[c] == PD_XLSX_DATE && parse_date(s, &dt) == 0) {
        fit(b, c, 12);
        return worksheet_write_datetime(b->ws, b->row, c, &dt, b->date);
    }
    if (f && parse_number(s, &d) == 0) {
        fit(b, c, text_width(s) + 2);
        return worksheet_write_number(b->ws, b->row, c, d, f);
    }
    s = cell_text(b, s);
    fit(b, c, text_width(s) + 1);
    return worksheet_write_string(b->ws, b->row, c, s, NULL);
}

int
pd_xlsx_book_row(struct pd_xlsx_book *b, const char *const *cells)
{
    if (!b || b->err.code != PD_E_OK)
        return -1;
    if (!b->ws)
        return book_fail(b, PD_E_INTERNAL, "a row before any sheet",
                         LXW_NO_ERROR);
    if (b->row + 1 >= LXW_ROW_MAX) {
        b->dropped++;
        return 1;
    }
    b->row++;
    for (size_t c = 0; c < b->ncols; c++) {
        lxw_error rc;
        if (!cells[c] || !cells[c][0])
            continue;
        rc = write_cell(b, (lxw_col_t)c, cells[c]);
        if (rc != LXW_NO_ERROR)
            return book_fail(b, PD_E_IO, NULL, rc);
    }
    return 0;
}

size_t
pd_xlsx_book_dropped(const struct pd_xlsx_book *b)
{
    return b ? b->dropped : 0;
}

int
pd_xlsx_book_close(struct pd_xlsx_book *b, struct pd_err *err)
{
    lxw_error rc;
    int ret = 0;

    if (!b)
        return 0;
    finish_sheet(b);
    /* workbook_close() frees the workbook even when writing fails. */
    rc = workbook_close(b->wb);
    if (rc != LXW_NO_ERROR)
        book_fail(b, PD_E_IO, NULL, rc);
    if (b->err.code != PD_E_OK) {
        if (err)
            *err = b->err;
        ret = -1;
    }
    pd_buf_release(&b->cut);
    free(b);
    return ret;
}

const char *
pd_xlsx_lib_version(void)
{
    return LXW_VERSION;
}
