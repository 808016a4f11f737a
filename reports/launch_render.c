/* The launch review's Markdown and HTML (reports/launch.h): the verdict
 * first, then the facts, the adoption table (and, in HTML, its chart),
 * time to first use and retention, the mentions, and the requests it
 * answers.  Both styles are
 * written by the same section functions, cell by cell, so their wording
 * never drifts apart; every number is read from the document. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "reports/chart.h"
#include "reports/doc.h"
#include "reports/kpi.h"
#include "reports/launch.h"
#include "reports/markdown.h"

enum style { MD, HTML };

/* Cells are at most this long (a week label, a count, a theme list cut). */
enum { CELL = 256, MAX_COLS = 6 };

static const char *
str(yajl_val v, const char *path)
{
    const char *s = pd_doc_str(v, path);

    return s ? s : "";
}

static size_t
len_of(yajl_val a)
{
    return YAJL_IS_ARRAY(a) ? a->u.array.len : 0;
}

/* A share as "31 %" (half away from zero, as SPEC §6 rounds), an en dash
 * for null. */
static void
share_text(yajl_val v, const char *path, char *buf)
{
    double d;

    if (pd_doc_num(v, path, &d))
        snprintf(buf, CELL, "%.0f %%", round(100 * d));
    else
        snprintf(buf, CELL, "\u2013");
}

static void
count_text(yajl_val v, const char *path, char *buf)
{
    double d = 0;
    bool has = pd_doc_num(v, path, &d);

    /* A count as the metric catalogue shows one: "801,900"; an en dash
     * when the document has none. */
    pd_kpi_show(PD_FMT_COUNT, has, d, buf, CELL);
}

/* Data-derived text, made inert for the style. */
static void
text(struct pd_buf *out, enum style st, const char *s)
{
    if (st == MD)
        pd_md_text(out, s);
    else
        pd_buf_addhtml(out, s);
}

static void
heading(struct pd_buf *out, enum style st, const char *title)
{
    if (st == MD)
        pd_buf_addf(out, "\n## %s\n\n", title);
    else
        pd_buf_addf(out,
                    "<h2 style=\"font-size:17px;margin:20px 0 8px\">"
                    "%s</h2>\n",
                    title);
}

/* Bit i of a table's text mask: column i holds text, aligned left;
 * the others hold numbers, aligned right. */
#define TEXT_COL(i) (1u << (i))

/* A table row; the header row (head) also opens the table, and in
 * Markdown writes the alignment row (the columns of text_cols left;
 * numbers right). */
static void
row(struct pd_buf *out, enum style st, bool head, const char *const *cells,
    size_t n, unsigned text_cols)
{
    if (st == HTML && head)
        pd_buf_addstr(out, "<table style=\"border-collapse:collapse;"
                           "font-size:13px\">\n");
    pd_buf_addstr(out, st == MD ? "|" : "<tr>");
    for (size_t i = 0; i < n; i++) {
        if (st == MD) {
            pd_buf_addch(out, ' ');
            text(out, st, cells[i]);
            pd_buf_addstr(out, " |");
            continue;
        }
        pd_buf_addf(out,
                    "<%s style=\"padding:3px 5px;border-bottom:1px solid "
                    "#ddd;text-align:%s\">",
                    head ? "th" : "td",
                    text_cols & TEXT_COL(i) ? "left" : "right");
        text(out, st, cells[i]);
        pd_buf_addstr(out, head ? "</th>" : "</td>");
    }
    pd_buf_addstr(out, st == MD ? "\n" : "</tr>\n");
    if (st == MD && head) {
        pd_buf_addch(out, '|');
        for (size_t i = 0; i < n; i++)
            pd_buf_addstr(out, text_cols & TEXT_COL(i) ? "---|" : "---:|");
        pd_buf_addch(out, '\n');
    }
}

static void
table_end(struct pd_buf *out, enum style st)
{
    if (st == HTML)
        pd_buf_addstr(out, "</table>\n");
}

/* A "Label: value" line of the facts list. */
static void
fact(struct pd_buf *out, enum style st, const char *label, const char *value)
{
    if (!value[0])
        return;
    pd_buf_addstr(out, st == MD ? "- " : "<li>");
    pd_buf_addf(out, "%s: ", label);
    text(out, st, value);
    pd_buf_addstr(out, st == MD ? "\n" : "</li>\n");
}

/* "Export Started, Export Downloaded", or the flag's exposures. */
static void
measured_by(yajl_val root, struct pd_buf *b)
{
    yajl_val ev = pd_doc_get(root, "events");
    size_t n = len_of(ev);

    for (size_t i = 0; i < n; i++) {
        const char *s = YAJL_GET_STRING(ev->u.array.values[i]);
        pd_buf_addf(b, "%s%s", i ? ", " : "", s ? s : "");
    }
    if (n == 0 && pd_doc_str(root, "flag"))
        pd_buf_addf(b, "exposures to the flag %s", str(root, "flag"));
    else if (n == 0)
        pd_buf_addstr(b, "no events listed: add them to its releases row");
}

static void
facts(yajl_val root, enum style st, struct pd_buf *out)
{
    struct pd_buf b = PD_BUF_INIT;

    pd_buf_addstr(out, st == MD ? "" : "<ul style=\"padding-left:20px\">\n");
    fact(out, st, "Released", str(root, "released_on"));
    fact(out, st, "Product area", str(root, "product_area"));
    measured_by(root, &b);
    fact(out, st, "Use means", b.buf);
    fact(out, st, "Link", str(root, "link"));
    pd_buf_reset(&b);
    pd_buf_addf(&b, "Monday to Sunday in %s; usage data through %s",
                str(root, "timezone"),
                pd_doc_str(root, "data_through.usage")
                    ? str(root, "data_through.usage")
                    : "(none)");
    fact(out, st, "Weeks", b.buf);
    pd_buf_addstr(out, st == MD ? "" : "</ul>\n");
    pd_buf_release(&b);
}

static void
adoption(yajl_val root, enum style st, struct pd_buf *out)
{
    static const char *const heads[] = {
        "Week",     "Weeks since launch", "Users",
        "Accounts", "Active accounts",    "Share of active accounts"};
    static const char *const keys[] = {"weeks_since_launch", "users",
                                       "accounts", "active_accounts"};
    yajl_val a = pd_doc_get(root, "adoption");
    char cell[MAX_COLS][CELL];
    const char *cells[MAX_COLS];

    heading(out, st, "Adoption by week");
    if (len_of(a) == 0) {
        pd_buf_addstr(out, st == MD
                               ? "No usage data since the launch.\n"
                               : "<p>No usage data since the launch.</p>\n");
        return;
    }
    row(out, st, true, heads, MAX_COLS, TEXT_COL(0));
    for (size_t i = 0; i < len_of(a); i++) {
        yajl_val w = a->u.array.values[i];
        snprintf(cell[0], CELL, "%s%s", str(w, "week"),
                 YAJL_IS_FALSE(pd_doc_get(w, "complete")) ? " (so far)" : "");
        for (size_t k = 0; k < 4; k++)
            count_text(w, keys[k], cell[1 + k]);
        share_text(w, "share_of_active_accounts", cell[5]);
        for (size_t k = 0; k < MAX_COLS; k++)
            cells[k] = cell[k];
        row(out, st, false, cells, MAX_COLS, TEXT_COL(0));
    }
    table_end(out, st);
}

static void
retention(yajl_val root, enum style st, struct pd_buf *out)
{
    static const char *const heads[] = {"Week", "Launch-week adopters",
                                        "Using it that week", "Share"};
    yajl_val r = pd_doc_get(root, "retention");
    char cell[4][CELL], line[2 * CELL];
    const char *cells[4] = {cell[0], cell[1], cell[2], cell[3]};
    double d;

    heading(out, st, "Time to first use and retention");
    count_text(root, "adopting_accounts", cell[0]);
    if (pd_doc_num(root, "time_to_first_use_days_median", &d))
        snprintf(line, sizeof(line),
                 "Median time to first use: %.1f days, over %s adopting "
                 "accounts.",
                 d, cell[0]);
    else
        snprintf(line, sizeof(line), "No account has used it yet.");
    pd_buf_addstr(out, st == MD ? "" : "<p>");
    pd_buf_addstr(out, line);
    pd_buf_addstr(out, st == MD ? "\n\n" : "</p>\n");
    row(out, st, true, heads, 4, TEXT_COL(0));
    for (size_t i = 0; i < len_of(r); i++) {
        yajl_val x = r->u.array.values[i];
        count_text(x, "week", cell[0]);
        count_text(x, "cohort_accounts", cell[1]);
        count_text(x, "accounts", cell[2]);
        share_text(x, "share", cell[3]);
        row(out, st, false, cells, 4, TEXT_COL(0));
    }
    table_end(out, st);
}

/* "data/export (4), feature request (1)", cut to a cell. */
static void
themes_text(yajl_val th, char *buf)
{
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < len_of(th) && len < CELL; i++) {
        yajl_val x = th->u.array.values[i];
        double c = 0;
        int n;
        pd_doc_num(x, "count", &c);
        n = snprintf(buf + len, CELL - len, "%s%s (%.0f)", i ? ", " : "",
                     str(x, "theme"), c);
        if (n < 0)
            break;
        len += (size_t)n;
    }
}

static void
mentions(yajl_val root, enum style st, struct pd_buf *out)
{
    static const char *const heads[] = {"28 days", "Tickets", "NPS comments",
                                        "Themes"};
    static const char *const sides[] = {"before", "after"};
    yajl_val m = pd_doc_get(root, "mentions");
    char cell[4][CELL];
    const char *cells[4] = {cell[0], cell[1], cell[2], cell[3]};

    heading(out, st, "Tickets and NPS comments that mention it");
    pd_buf_addstr(out, st == MD ? "Matched (case-insensitive): "
                                : "<p>Matched (case-insensitive): ");
    text(out, st, str(root, "pattern"));
    pd_buf_addstr(out, st == MD ? "\n\n" : "</p>\n");
    row(out, st, true, heads, 4, TEXT_COL(0) | TEXT_COL(3));
    for (size_t i = 0; i < 2; i++) {
        yajl_val s = pd_doc_get(m, sides[i]);
        snprintf(cell[0], CELL, "%s",
                 i == 0 ? "Before the launch"
                 : YAJL_IS_TRUE(pd_doc_get(m, "after_complete"))
                     ? "After the launch"
                     : "After the launch (so far)");
        count_text(s, "tickets", cell[1]);
        count_text(s, "nps", cell[2]);
        themes_text(pd_doc_get(s, "themes"), cell[3]);
        row(out, st, false, cells, 4, TEXT_COL(0) | TEXT_COL(3));
    }
    table_end(out, st);
}

/* A paragraph of plain words (no data in it needs escaping). */
static void
para(struct pd_buf *out, enum style st, const char *line)
{
    pd_buf_addstr(out, st == MD ? "" : "<p>");
    pd_buf_addstr(out, line);
    pd_buf_addstr(out, st == MD ? "\n\n" : "</p>\n");
}

/* Per request: accounts asking, adopting, and their ARR. */
static void
request_table(yajl_val reqs, enum style st, struct pd_buf *out)
{
    static const char *const heads[] = {"Request",         "Status",
                                        "Accounts asking", "Using it",
                                        "ARR asking",      "ARR using it"};
    static const char *const keys[] = {"accounts_asking", "accounts_adopted",
                                       "arr_asking", "arr_adopted"};
    char cell[MAX_COLS][CELL];
    const char *cells[MAX_COLS];

    row(out, st, true, heads, MAX_COLS, TEXT_COL(0) | TEXT_COL(1));
    for (size_t i = 0; i < len_of(reqs); i++) {
        yajl_val q = reqs->u.array.values[i];
        snprintf(cell[0], CELL, "%s", str(q, "name"));
        snprintf(cell[1], CELL, "%s",
                 pd_doc_str(q, "status") ? str(q, "status") : "\u2013");
        for (size_t k = 0; k < 4; k++)
            count_text(q, keys[k], cell[2 + k]);
        for (size_t k = 0; k < MAX_COLS; k++)
            cells[k] = cell[k];
        row(out, st, false, cells, MAX_COLS, TEXT_COL(0) | TEXT_COL(1));
    }
    table_end(out, st);
}

/* Every asking account of every request: did it adopt, and when. */
static void
asker_table(yajl_val reqs, enum style st, struct pd_buf *out)
{
    static const char *const heads[] = {"Account", "Request", "ARR", "Uses it",
                                        "First use"};
    char cell[5][CELL];
    const char *cells[5] = {cell[0], cell[1], cell[2], cell[3], cell[4]};

    row(out, st, true, heads, 5, TEXT_COL(0) | TEXT_COL(1) | TEXT_COL(3));
    for (size_t i = 0; i < len_of(reqs); i++) {
        yajl_val q = reqs->u.array.values[i], acc = pd_doc_get(q, "accounts");
        for (size_t j = 0; j < len_of(acc); j++) {
            yajl_val x = acc->u.array.values[j];
            snprintf(cell[0], CELL, "%s", str(x, "account"));
            snprintf(cell[1], CELL, "%s", str(q, "name"));
            count_text(x, "arr", cell[2]);
            snprintf(cell[3], CELL, "%s",
                     YAJL_IS_TRUE(pd_doc_get(x, "adopted")) ? "yes" : "no");
            snprintf(cell[4], CELL, "%s",
                     pd_doc_str(x, "first_use") ? str(x, "first_use")
                                                : "\u2013");
            row(out, st, false, cells, 5,
                TEXT_COL(0) | TEXT_COL(1) | TEXT_COL(3));
        }
    }
    table_end(out, st);
}

static void
requests(yajl_val root, enum style st, struct pd_buf *out)
{
    yajl_val reqs = pd_doc_get(root, "requests");
    struct pd_buf line = PD_BUF_INIT;
    char n[4][CELL];

    heading(out, st, "The requests it answers");
    if (len_of(reqs) == 0) {
        para(out, st,
             "No feature request matches this launch (a request matches "
             "when its name matches the pattern above or is the launch's "
             "name).");
        return;
    }
    count_text(root, "request_askers.accounts_adopted", n[0]);
    count_text(root, "request_askers.accounts_asking", n[1]);
    count_text(root, "request_askers.arr_adopted", n[2]);
    count_text(root, "request_askers.arr_asking", n[3]);
    if (strcmp(n[1], "1") == 0)
        pd_buf_addf(&line,
                    "%s of the 1 account that asked for it uses it (ARR %s "
                    "of %s).",
                    n[0], n[2], n[3]);
    else
        pd_buf_addf(&line,
                    "%s of the %s accounts that asked for it use it (ARR %s "
                    "of %s).",
                    n[0], n[1], n[2], n[3]);
    para(out, st, line.buf);
    pd_buf_release(&line);
    request_table(reqs, st, out);
    if (strcmp(n[1], "0") == 0)
        return;
    pd_buf_addstr(out, st == MD ? "\n" : "");
    asker_table(reqs, st, out);
}

void
pd_launch_markdown(const struct pd_doc *doc, struct pd_buf *out)
{
    yajl_val root = doc->root;

    pd_buf_addstr(out, "# Launch review: ");
    pd_md_text(out, str(root, "name"));
    pd_buf_addstr(out, "\n\n**");
    pd_md_text(out, str(root, "verdict"));
    pd_buf_addstr(out, "**\n\n");
    facts(root, MD, out);
    adoption(root, MD, out);
    retention(root, MD, out);
    mentions(root, MD, out);
    requests(root, MD, out);
}

/* The adoption curve as an inline SVG chart (reports/chart.h). */
static int
chart(yajl_val root, struct pd_buf *out, struct pd_err *err)
{
    yajl_val a = pd_doc_get(root, "adoption");
    struct pd_chart c = {.title = "Share of active accounts using it",
                         .unit = "%",
                         .color = "#1565C0",
                         .zero_based = true,
                         .decimals = 0};

    for (size_t i = 0; i < len_of(a) && c.n < PD_CHART_MAX_POINTS; i++) {
        yajl_val w = a->u.array.values[i];
        double d;
        c.x[c.n] = str(w, "week");
        c.has[c.n] = pd_doc_num(w, "share_of_active_accounts", &d);
        c.v[c.n] = c.has[c.n] ? 100 * d : 0;
        c.n++;
    }
    if (c.n < 2)
        return 0;
    pd_buf_addstr(out, "<div style=\"margin:12px 0\">");
    if (pd_chart_svg(&c, "adoption", out, err) < 0)
        return -1;
    pd_buf_addstr(out, "</div>\n");
    return 0;
}

int
pd_launch_html(const struct pd_doc *doc, struct pd_buf *out, struct pd_err *err)
{
    yajl_val root = doc->root;

    pd_buf_addstr(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                       "charset=\"utf-8\"><meta name=\"viewport\" "
                       "content=\"width=device-width, initial-scale=1\">"
                       "<title>Launch review: ");
    pd_buf_addhtml(out, str(root, "name"));
    pd_buf_addstr(out, "</title></head>\n<body style=\"font-family:Arial,"
                       "Helvetica,sans-serif;color:#222;max-width:760px;"
                       "margin:0 auto;padding:16px;background:#fff;"
                       "overflow-wrap:anywhere\">\n"
                       "<h1 style=\"font-size:21px\">Launch review: ");
    pd_buf_addhtml(out, str(root, "name"));
    pd_buf_addstr(out, "</h1>\n<p style=\"font-size:16px\"><strong>");
    pd_buf_addhtml(out, str(root, "verdict"));
    pd_buf_addstr(out, "</strong></p>\n");
    facts(root, HTML, out);
    if (chart(root, out, err) < 0)
        return -1;
    adoption(root, HTML, out);
    retention(root, HTML, out);
    mentions(root, HTML, out);
    requests(root, HTML, out);
    pd_buf_addstr(out, "</body></html>\n");
    return 0;
}
