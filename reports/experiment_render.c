/* The Markdown and HTML readouts of an experiment (experiment_report.h):
 * one list of sections written by two small writers, so both say the same
 * thing.  Every number comes from the JSON document. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "reports/doc.h"
#include "reports/experiment_report.h"
#include "reports/markdown.h"

struct out {
    struct pd_buf *b;
    bool html;
};

/* Data text (names, metrics), made inert in either language. */
static void
text(struct out *o, const char *s)
{
    if (o->html)
        pd_buf_addhtml(o->b, s ? s : "");
    else
        pd_md_text(o->b, s ? s : "");
}

static const char *
str(yajl_val v, const char *key)
{
    const char *s = pd_doc_str(v, key);

    return s ? s : "";
}

/* Display forms of a number (literal formats, checked by the compiler). */
enum form {
    F_COUNT,    /* 5 012 users: "%.0f" */
    F_NUM,      /* a mean: "%.4g" */
    F_DIFF,     /* a difference: "%+.4g" */
    F_PCT,      /* a fraction as "%+.1f %" */
    F_SHARE,    /* a fraction as "%.1f %" */
    F_PER_1000, /* a mean per 1 000: "%.1f" */
    F_P,        /* a p-value: "%.3g" */
};

/* A number at key of v for display: "–" for null or absent. */
static void
fmt(char *buf, size_t n, yajl_val v, const char *key, enum form f)
{
    double d;

    if (!v || !pd_doc_num(v, key, &d)) {
        snprintf(buf, n, "–");
        return;
    }
    switch (f) {
    case F_COUNT:
        snprintf(buf, n, "%.0f", d);
        break;
    case F_NUM:
        snprintf(buf, n, "%.4g", d);
        break;
    case F_DIFF:
        snprintf(buf, n, "%+.4g", d);
        break;
    case F_PCT:
        snprintf(buf, n, "%+.1f %%", 100 * d);
        break;
    case F_SHARE:
        snprintf(buf, n, "%.1f %%", 100 * d);
        break;
    case F_PER_1000:
        snprintf(buf, n, "%.1f", 1000 * d);
        break;
    case F_P:
        snprintf(buf, n, "%.3g", d);
        break;
    }
}

static void
heading(struct out *o, const char *title)
{
    if (o->html)
        pd_buf_addf(o->b, "<h2 style=\"font-size:16px\">%s</h2>\n", title);
    else
        pd_buf_addf(o->b, "\n## %s\n\n", title);
}

static void
row_start(struct out *o)
{
    pd_buf_addstr(o->b, o->html ? "<tr>" : "|");
}

static void
cell(struct out *o, const char *s, bool data)
{
    if (o->html)
        pd_buf_addstr(o->b, "<td style=\"padding:2px 8px;"
                            "border-bottom:1px solid #ddd\">");
    else
        pd_buf_addch(o->b, ' ');
    if (data)
        text(o, s);
    else
        pd_buf_addstr(o->b, s);
    pd_buf_addstr(o->b, o->html ? "</td>" : " |");
}

static void
row_end(struct out *o)
{
    pd_buf_addstr(o->b, o->html ? "</tr>\n" : "\n");
}

static void
table_head(struct out *o, const char *const *cols, size_t n)
{
    if (o->html) {
        pd_buf_addstr(o->b, "<table style=\"border-collapse:collapse\">"
                            "<tr>");
        for (size_t i = 0; i < n; i++)
            pd_buf_addf(o->b,
                        "<th style=\"text-align:left;padding:2px 8px\">%s"
                        "</th>",
                        cols[i]);
        pd_buf_addstr(o->b, "</tr>\n");
        return;
    }
    pd_buf_addch(o->b, '|');
    for (size_t i = 0; i < n; i++)
        pd_buf_addf(o->b, " %s |", cols[i]);
    pd_buf_addstr(o->b, "\n|");
    for (size_t i = 0; i < n; i++)
        pd_buf_addstr(o->b, "---|");
    pd_buf_addch(o->b, '\n');
}

static void
table_end(struct out *o)
{
    if (o->html)
        pd_buf_addstr(o->b, "</table>\n");
}

/* The result of the primary for the winner, or the first worse one. */
static yajl_val
result_for(yajl_val root, const char *variant, const char *metric)
{
    yajl_val res = pd_doc_get(root, "results");
    size_t n = YAJL_IS_ARRAY(res) ? res->u.array.len : 0;

    for (size_t i = 0; i < n; i++) {
        yajl_val r = res->u.array.values[i];
        if ((!variant || !strcmp(str(r, "variant"), variant)) &&
            (!metric || !strcmp(str(r, "metric"), metric)))
            return r;
    }
    return NULL;
}

static yajl_val
worse_result(yajl_val root)
{
    yajl_val res = pd_doc_get(root, "results");
    size_t n = YAJL_IS_ARRAY(res) ? res->u.array.len : 0;

    for (size_t i = 0; i < n; i++) {
        yajl_val r = res->u.array.values[i];
        yajl_val sig = pd_doc_get(r, "significant"),
                 low = pd_doc_get(r, "lower_is_better");
        double d;
        bool lower = YAJL_IS_TRUE(low);
        if (!YAJL_IS_TRUE(sig) || !pd_doc_num(r, "diff", &d) ||
            !strcmp(str(r, "role"), "secondary"))
            continue;
        if (lower ? d > 0 : d < 0)
            return r;
    }
    return NULL;
}

/* "+14.6 % (95 % CI +7.0 % to +22.0 %, p 0.0006 after Holm)" */
static void
effect(struct out *o, yajl_val r)
{
    char lift[32], lo[32], hi[32], diff[32], p[32];

    fmt(lift, sizeof(lift), r, "lift_rel", F_PCT);
    fmt(lo, sizeof(lo), r, "lift_rel_ci_low", F_PCT);
    fmt(hi, sizeof(hi), r, "lift_rel_ci_high", F_PCT);
    fmt(diff, sizeof(diff), r, "diff", F_DIFF);
    fmt(p, sizeof(p), r, "p_value_holm", F_P);
    pd_buf_addf(o->b,
                "%s relative (difference %s; 95 %% CI %s to %s), p %s "
                "after Holm",
                lift, diff, lo, hi, p);
}

static void
decision_line(struct out *o, yajl_val root)
{
    const char *d = str(root, "decision");
    yajl_val r;

    pd_buf_addstr(o->b, o->html ? "<p style=\"font-size:18px\"><b>Decision: "
                                : "**Decision: ");
    pd_buf_addstr(o->b, d);
    pd_buf_addstr(o->b, o->html ? "</b> &mdash; " : "** — ");
    text(o, str(root, "experiment"));
    pd_buf_addf(o->b, " as of %s: ", str(root, "as_of"));
    if (!strcmp(d, "ship") && (r = result_for(root, pd_doc_str(root, "winner"),
                                              str(root, "primary")))) {
        pd_buf_addstr(o->b, "ship ");
        text(o, str(r, "variant"));
        pd_buf_addstr(o->b, ": ");
        text(o, str(r, "metric"));
        pd_buf_addch(o->b, ' ');
        effect(o, r);
    } else if (!strcmp(d, "stop") && (r = worse_result(root))) {
        text(o, str(r, "variant"));
        pd_buf_addstr(o->b, " is significantly worse on ");
        text(o, str(r, "metric"));
        pd_buf_addstr(o->b, ": ");
        effect(o, r);
    } else if (!strcmp(d, "srm")) {
        pd_buf_addstr(o->b, "no decision: the split of users does not match "
                            "the configured weights (sample ratio mismatch)");
    } else if (!strcmp(d, "keep running")) {
        char days[32];
        fmt(days, sizeof(days), root, "days_left", F_COUNT);
        pd_buf_addf(o->b,
                    "the planned sample is not reached yet (about %s "
                    "days left)",
                    days);
    } else {
        pd_buf_addstr(o->b, "no significant difference on the primary metric ");
        text(o, str(root, "primary"));
    }
    pd_buf_addstr(o->b, o->html ? ".</p>\n" : ".\n");
}

static void
method_line(struct out *o, yajl_val root)
{
    char srm[32], window[32];
    double x = 0;

    fmt(srm, sizeof(srm), root, "srm_p", F_P);
    fmt(window, sizeof(window), root, "window_days", F_COUNT);
    pd_doc_num(root, "crossover_users", &x);
    pd_buf_addstr(o->b, o->html ? "<p>" : "\n");
    pd_buf_addstr(o->b, "Flag ");
    text(o, str(root, "flag"));
    pd_buf_addstr(o->b, ", control ");
    text(o, str(root, "control"));
    pd_buf_addf(o->b,
                ", from %s, a %s-day window per user; %s%s; SRM p %s; "
                "%.0f crossover users excluded; p-values Holm-adjusted "
                "over every variant and metric.",
                str(root, "start"), window, str(root, "method"),
                YAJL_IS_TRUE(pd_doc_get(root, "cuped"))
                    ? " with CUPED (pre-exposure window)"
                    : "",
                srm, x);
    pd_buf_addstr(o->b, o->html ? "</p>\n" : "\n");
}

static void
variants_table(struct out *o, yajl_val root)
{
    static const char *const cols[] = {"Variant", "Users", "Metric", "Mean",
                                       "Users measured"};
    yajl_val vs = pd_doc_get(root, "variants");
    size_t n = YAJL_IS_ARRAY(vs) ? vs->u.array.len : 0;

    heading(o, "Variants");
    table_head(o, cols, 5);
    for (size_t i = 0; i < n; i++) {
        yajl_val v = vs->u.array.values[i], ms = pd_doc_get(v, "metrics");
        size_t k = YAJL_IS_OBJECT(ms) ? ms->u.object.len : 0;
        for (size_t j = 0; j < k; j++) {
            char users[32], mean[32], mn[32];
            yajl_val m = ms->u.object.values[j];
            fmt(users, sizeof(users), v, "users", F_COUNT);
            fmt(mean, sizeof(mean), m, "mean", F_NUM);
            fmt(mn, sizeof(mn), m, "n", F_COUNT);
            row_start(o);
            cell(o, str(v, "name"), true);
            cell(o, users, false);
            cell(o, ms->u.object.keys[j], true);
            cell(o, mean, false);
            cell(o, mn, false);
            row_end(o);
        }
    }
    table_end(o);
}

static void
results_table(struct out *o, yajl_val root, const char *role, const char *title)
{
    static const char *const cols[] = {"Variant", "Metric",   "Difference",
                                       "95 % CI", "Lift",     "Lift 95 % CI",
                                       "p",       "p (Holm)", "Significant"};
    yajl_val res = pd_doc_get(root, "results");
    size_t n = YAJL_IS_ARRAY(res) ? res->u.array.len : 0;
    bool any = false;

    for (size_t i = 0; i < n; i++) {
        yajl_val r = res->u.array.values[i];
        char a[32], b[32], ci[72], lift[32], lci[72], p[32], ph[32];
        if (strcmp(str(r, "role"), role) != 0)
            continue;
        if (!any) {
            heading(o, title);
            table_head(o, cols, 9);
            any = true;
        }
        fmt(a, sizeof(a), r, "ci_low", F_DIFF);
        fmt(b, sizeof(b), r, "ci_high", F_DIFF);
        snprintf(ci, sizeof(ci), "%s to %s", a, b);
        fmt(a, sizeof(a), r, "lift_rel_ci_low", F_PCT);
        fmt(b, sizeof(b), r, "lift_rel_ci_high", F_PCT);
        snprintf(lci, sizeof(lci), "%s to %s", a, b);
        fmt(lift, sizeof(lift), r, "lift_rel", F_PCT);
        fmt(p, sizeof(p), r, "p_value", F_P);
        fmt(ph, sizeof(ph), r, "p_value_holm", F_P);
        fmt(a, sizeof(a), r, "diff", F_DIFF);
        row_start(o);
        cell(o, str(r, "variant"), true);
        cell(o, str(r, "metric"), true);
        cell(o, a, false);
        cell(o, ci, false);
        cell(o, lift, false);
        cell(o, lci, false);
        cell(o, p, false);
        cell(o, ph, false);
        cell(o, YAJL_IS_TRUE(pd_doc_get(r, "significant")) ? "yes" : "no",
             false);
        row_end(o);
    }
    if (any)
        table_end(o);
}

/* SPEC §9's support and NPS view: tickets per 1 000 users and the
 * detractor share, per variant. */
static void
guardrail_view(struct out *o, yajl_val root)
{
    static const char *const cols[] = {"Variant", "Tickets per 1 000 users",
                                       "Detractor share"};
    yajl_val vs = pd_doc_get(root, "variants");
    size_t n = YAJL_IS_ARRAY(vs) ? vs->u.array.len : 0;
    bool any = false;

    for (size_t i = 0; i < n; i++) {
        yajl_val v = vs->u.array.values[i], ms = pd_doc_get(v, "metrics");
        yajl_val t = NULL, d = NULL;
        char a[32], b[32];
        size_t k = YAJL_IS_OBJECT(ms) ? ms->u.object.len : 0;
        for (size_t j = 0; j < k; j++) {
            if (!strcmp(ms->u.object.keys[j], "tickets"))
                t = ms->u.object.values[j];
            if (!strcmp(ms->u.object.keys[j], "detractor"))
                d = ms->u.object.values[j];
        }
        if (!t && !d)
            return;
        if (!any) {
            heading(o, "Support and NPS");
            table_head(o, cols, 3);
            any = true;
        }
        fmt(a, sizeof(a), t, "mean", F_PER_1000);
        fmt(b, sizeof(b), d, "mean", F_SHARE);
        row_start(o);
        cell(o, str(v, "name"), true);
        cell(o, t ? a : "–", false);
        cell(o, d ? b : "–", false);
        row_end(o);
    }
    if (any)
        table_end(o);
}

static void
caveats(struct out *o, yajl_val root)
{
    yajl_val cs = pd_doc_get(root, "caveats");
    size_t n = YAJL_IS_ARRAY(cs) ? cs->u.array.len : 0;

    heading(o, "Caveats");
    if (n == 0) {
        pd_buf_addstr(o->b, o->html ? "<p>None.</p>\n" : "None.\n");
        return;
    }
    pd_buf_addstr(o->b, o->html ? "<ul>\n" : "");
    for (size_t i = 0; i < n; i++) {
        yajl_val c = cs->u.array.values[i];
        pd_buf_addstr(o->b, o->html ? "<li>" : "- ");
        text(o, YAJL_IS_STRING(c) ? YAJL_GET_STRING(c) : "");
        pd_buf_addstr(o->b, o->html ? "</li>\n" : "\n");
    }
    pd_buf_addstr(o->b, o->html ? "</ul>\n" : "");
}

static void
render(struct out *o, const struct pd_doc *doc)
{
    yajl_val root = doc->root;

    decision_line(o, root);
    method_line(o, root);
    results_table(o, root, "primary", "Primary metric");
    results_table(o, root, "guardrail",
                  "Guardrails (lower is better for "
                  "tickets and detractor)");
    guardrail_view(o, root);
    results_table(o, root, "secondary", "Secondary metrics");
    variants_table(o, root);
    caveats(o, root);
}

void
pd_experiment_md(const struct pd_doc *doc, struct pd_buf *out)
{
    struct out o = {out, false};

    render(&o, doc);
}

void
pd_experiment_html(const struct pd_doc *doc, struct pd_buf *out)
{
    struct out o = {out, true};

    pd_buf_addstr(out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                       "<title>Experiment ");
    pd_buf_addhtml(out, str(doc->root, "experiment"));
    pd_buf_addstr(out, "</title></head>\n<body style=\"font-family:Arial,"
                       "sans-serif;font-size:14px\">\n");
    render(&o, doc);
    pd_buf_addstr(out, "</body></html>\n");
}
