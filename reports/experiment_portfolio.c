#include "reports/experiment_portfolio.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/file.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "reports/doc.h"
#include "reports/experiment_report.h"
#include "reports/markdown.h"
#include "reports/period.h"
#include "reports/xlsx.h"

enum { MAX_AREAS = 64, MAX_EXPERIMENTS = 64 };

struct area_count {
    const char *name;
    double experiments, decided, shipped;
};

struct tally {
    double n, decided, shipped, stopped, guardrail_stops, running, srm;
    double days[MAX_EXPERIMENTS];
    size_t ndays;
    struct area_count areas[MAX_AREAS + 1];
    size_t nareas;
};

/* An [areas] event item: exact, or a prefix with one trailing '*'. */
static bool
event_matches(const char *item, const char *event)
{
    size_t n = strlen(item);

    if (n > 0 && item[n - 1] == '*')
        return strncmp(item, event, n - 1) == 0;
    return strcmp(item, event) == 0;
}

static const char *
area_of(const struct pd_report_settings *s, const struct pd_experiment *x)
{
    enum pd_exp_metric_kind k;
    const char *ev;

    if (!pd_exp_metric_parse(x->primary, &k, &ev) || !ev)
        return "unassigned";
    for (size_t i = 0; i < s->nareas; i++)
        for (size_t j = 0; j < s->areas[i].nevents; j++)
            if (event_matches(s->areas[i].events[j], ev))
                return s->areas[i].name;
    return "unassigned";
}

static struct area_count *
area_count(struct tally *t, const char *name)
{
    for (size_t i = 0; i < t->nareas; i++)
        if (!strcmp(t->areas[i].name, name))
            return &t->areas[i];
    if (t->nareas == MAX_AREAS)
        return &t->areas[MAX_AREAS]; /* a sink: never reached by config */
    t->areas[t->nareas].name = name;
    return &t->areas[t->nareas++];
}

static void
num(struct pd_buf *b, double v)
{
    if (isfinite(v))
        pd_buf_addf(b, "%.17g", v);
    else
        pd_buf_addstr(b, "null");
}

/* The metric of the first significantly worse primary or guardrail test
 * of a readout, and whether it is a guardrail. */
static const char *
stopped_by(yajl_val root, bool *guardrail)
{
    yajl_val res = pd_doc_get(root, "results");
    size_t n = YAJL_IS_ARRAY(res) ? res->u.array.len : 0;

    for (size_t i = 0; i < n; i++) {
        yajl_val r = res->u.array.values[i];
        const char *role = pd_doc_str(r, "role");
        double d;
        bool lower = YAJL_IS_TRUE(pd_doc_get(r, "lower_is_better"));
        if (!YAJL_IS_TRUE(pd_doc_get(r, "significant")) || !role ||
            !strcmp(role, "secondary") || !pd_doc_num(r, "diff", &d) ||
            !(lower ? d > 0 : d < 0))
            continue;
        *guardrail = !strcmp(role, "guardrail");
        return pd_doc_str(r, "metric");
    }
    return NULL;
}

/* The readout's primary result of the winner, else of the first
 * treatment. */
static yajl_val
primary_result(yajl_val root)
{
    yajl_val res = pd_doc_get(root, "results");
    const char *winner = pd_doc_str(root, "winner"),
               *primary = pd_doc_str(root, "primary");
    size_t n = YAJL_IS_ARRAY(res) ? res->u.array.len : 0;
    yajl_val first = NULL;

    for (size_t i = 0; i < n; i++) {
        yajl_val r = res->u.array.values[i];
        const char *m = pd_doc_str(r, "metric"), *v = pd_doc_str(r, "variant");
        if (!m || !primary || strcmp(m, primary) != 0)
            continue;
        if (!first)
            first = r;
        if (winner && v && !strcmp(v, winner))
            return r;
    }
    return first;
}

static void
count(struct tally *t, const char *area, const char *decision, double days,
      bool guardrail)
{
    struct area_count *a = area_count(t, area);
    bool decided = !strcmp(decision, "ship") || !strcmp(decision, "stop") ||
                   !strcmp(decision, "no effect");

    t->n++;
    a->experiments++;
    if (decided) {
        t->decided++;
        a->decided++;
        if (t->ndays < MAX_EXPERIMENTS)
            t->days[t->ndays++] = days;
    }
    if (!strcmp(decision, "ship")) {
        t->shipped++;
        a->shipped++;
    }
    if (!strcmp(decision, "stop")) {
        t->stopped++;
        t->guardrail_stops += guardrail;
    }
    t->running += !strcmp(decision, "keep running");
    t->srm += !strcmp(decision, "srm");
}

/* The last day of a readout's data, min(end, as-of), as local days. */
static int64_t
last_day(yajl_val root)
{
    const char *s1 = pd_doc_str(root, "end"), *asof = pd_doc_str(root, "as_of");
    int64_t d1 = 0, da = 0;

    if (asof)
        pd_time_parse_day(asof, strlen(asof), &da);
    if (s1 && pd_time_parse_day(s1, strlen(s1), &d1) == 0 && d1 < da)
        da = d1;
    return da;
}

/* Whole days from the start to the last day of the data; 0 before the
 * start. */
static double
days_running(yajl_val root)
{
    const char *s0 = pd_doc_str(root, "start");
    int64_t d0 = 0, da = last_day(root);

    if (s0)
        pd_time_parse_day(s0, strlen(s0), &d0);
    return da >= d0 ? (double)(da - d0 + 1) : 0;
}

/* Every assigned user of the readout's variants. */
static double
users_of(yajl_val root)
{
    yajl_val vs = pd_doc_get(root, "variants");
    double users = 0;

    for (size_t i = 0; YAJL_IS_ARRAY(vs) && i < vs->u.array.len; i++) {
        double u = 0;
        pd_doc_num(vs->u.array.values[i], "users", &u);
        users += u;
    }
    return users;
}

/* The primary result's lift and its interval and Holm p, as the readout
 * has them (null without a result). */
static void
lift_json(yajl_val r, struct pd_buf *b)
{
    static const char *const keys[] = {"lift_rel", "lift_rel_ci_low",
                                       "lift_rel_ci_high", "p_value_holm"};

    for (size_t k = 0; k < 4; k++) {
        double v = NAN;
        if (r)
            pd_doc_num(r, keys[k], &v);
        pd_buf_addf(b, ", \"%s\": ", keys[k]);
        num(b, v);
    }
}

/* One experiment's row from its readout's document. */
static void
row_json(const char *area, yajl_val root, struct tally *t, struct pd_buf *b)
{
    const char *decision = pd_doc_str(root, "decision");
    const char *s0 = pd_doc_str(root, "start"), *s1 = pd_doc_str(root, "end"),
               *asof = pd_doc_str(root, "as_of");
    yajl_val r = primary_result(root);
    bool guardrail = false;
    const char *by = NULL;
    double days = days_running(root), users = users_of(root);

    if (decision && !strcmp(decision, "stop"))
        by = stopped_by(root, &guardrail);
    count(t, area, decision ? decision : "", days, guardrail);
    pd_buf_addstr(b, t->n > 1 ? ",\n  {\"experiment\": "
                              : "\n  {\"experiment\": ");
    pd_json_str(b, pd_doc_str(root, "experiment"));
    pd_buf_addstr(b, ", \"slug\": ");
    pd_json_str(b, pd_doc_str(root, "slug"));
    pd_buf_addstr(b, ", \"area\": ");
    pd_json_str(b, area);
    pd_buf_addf(b, ", \"start\": \"%s\", \"end\": ", s0);
    if (s1)
        pd_json_str(b, s1);
    else
        pd_buf_addstr(b, "null");
    pd_buf_addf(b,
                ", \"as_of\": \"%s\", \"duration_days\": %.0f, \"users\": "
                "%.0f, \"decision\": \"%s\", \"winner\": ",
                asof, days, users, decision ? decision : "");
    if (pd_doc_str(root, "winner"))
        pd_json_str(b, pd_doc_str(root, "winner"));
    else
        pd_buf_addstr(b, "null");
    pd_buf_addstr(b, ", \"stopped_by\": ");
    if (by)
        pd_json_str(b, by);
    else
        pd_buf_addstr(b, "null");
    pd_buf_addstr(b, ", \"primary\": ");
    pd_json_str(b, pd_doc_str(root, "primary"));
    lift_json(r, b);
    pd_buf_addch(b, '}');
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The median of the n values (sorted in place); NAN for none. */
static double
median(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
summary_json(struct tally *t, struct pd_buf *b)
{
    pd_buf_addf(b,
                "],\n \"summary\": {\"experiments\": %.0f, \"decided\": %.0f, "
                "\"shipped\": %.0f, \"stopped\": %.0f, "
                "\"stopped_by_guardrail\": %.0f, \"running\": %.0f, "
                "\"srm\": %.0f, \"win_rate\": ",
                t->n, t->decided, t->shipped, t->stopped, t->guardrail_stops,
                t->running, t->srm);
    num(b, t->decided > 0 ? t->shipped / t->decided : NAN);
    pd_buf_addstr(b, ", \"time_to_decision_days_median\": ");
    num(b, median(t->days, t->ndays));
    pd_buf_addstr(b, ",\n  \"by_area\": {");
    for (size_t i = 0; i < t->nareas; i++) {
        const struct area_count *a = &t->areas[i];
        pd_buf_addstr(b, i ? ", " : "");
        pd_json_str(b, a->name);
        pd_buf_addf(b,
                    ": {\"experiments\": %.0f, \"decided\": %.0f, "
                    "\"shipped\": %.0f}",
                    a->experiments, a->decided, a->shipped);
    }
    pd_buf_addstr(b, "}}}\n");
}

static bool
ran_in(const struct pd_experiment *x, int64_t q0, int64_t q1)
{
    return x->start_day <= q1 && (!x->has_end || x->end_day >= q0);
}

/* Each experiment's readout, folded into the portfolio document. */
static int
build(PGconn *conn, const struct pd_experiment *xs, size_t n,
      const struct pd_report_settings *s, const struct pd_quarter *q,
      int64_t now, struct pd_buf *out, struct pd_err *err)
{
    int64_t q0, q1, as_of;
    struct tally *t = pd_xcalloc(1, sizeof(*t));
    int rc = 0;

    pd_time_parse_day(q->first_day, 10, &q0);
    pd_time_parse_day(q->last_day, 10, &q1);
    if (pd_experiment_default_as_of(conn, q->zone, now, &as_of, err) < 0) {
        free(t);
        return -1;
    }
    if (as_of > q1)
        as_of = q1;
    pd_buf_addf(out,
                "{\"report\": \"experiments\", \"quarter\": \"%s\", "
                "\"first_day\": \"%s\", \"last_day\": \"%s\", \"as_of\": ",
                q->label, q->first_day, q->last_day);
    {
        char day[16];
        int64_t y;
        unsigned m, d;
        pd_civil_from_days(as_of, &y, &m, &d);
        snprintf(day, sizeof(day), "%04" PRId64 "-%02u-%02u", y, m, d);
        pd_json_str(out, day);
    }
    pd_buf_addstr(out, ", \"timezone\": ");
    pd_json_str(out, q->zone);
    pd_buf_addstr(out, ",\n \"experiments\": [");
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct pd_buf one = PD_BUF_INIT;
        struct pd_doc doc;
        if (!ran_in(&xs[i], q0, q1))
            continue;
        rc = pd_experiment_json(conn, &xs[i], q->zone, as_of, now, &one, err);
        if (rc == 0 && (rc = pd_doc_parse(&doc, one.buf, err)) == 0) {
            row_json(area_of(s, &xs[i]), doc.root, t, out);
            pd_doc_free(&doc);
        }
        pd_buf_release(&one);
    }
    if (rc == 0)
        summary_json(t, out);
    free(t);
    return rc;
}

/* ---- the weekly block and the OKR review's decisions ----------------- */

/* SPEC §9's decision as the weekly report says it (issue 16). */
static const char *
status_of(const char *decision)
{
    static const char *const map[][2] = {{"keep running", "running"},
                                         {"ship", "ready to call"},
                                         {"no effect", "ready to call"},
                                         {"stop", "stopped"},
                                         {"srm", "srm"}};

    for (size_t i = 0; decision && i < sizeof(map) / sizeof(map[0]); i++)
        if (!strcmp(map[i][0], decision))
            return map[i][1];
    return "running";
}

static void
copy_num(yajl_val root, const char *key, struct pd_buf *b)
{
    double v = NAN;

    pd_doc_num(root, key, &v);
    pd_buf_addf(b, ", \"%s\": ", key);
    num(b, v);
}

/* One experiment of the weekly block from its readout's document. */
static void
week_row(yajl_val root, bool first, struct pd_buf *b)
{
    const char *decision = pd_doc_str(root, "decision");
    bool guardrail = false;
    const char *by = decision && !strcmp(decision, "stop")
                         ? stopped_by(root, &guardrail)
                         : NULL;

    pd_buf_addstr(b, first ? "\n    {\"name\": " : ",\n    {\"name\": ");
    pd_json_str(b, pd_doc_str(root, "experiment"));
    pd_buf_addstr(b, ", \"slug\": ");
    pd_json_str(b, pd_doc_str(root, "slug"));
    pd_buf_addstr(b, ", \"flag\": ");
    pd_json_str(b, pd_doc_str(root, "flag"));
    pd_buf_addf(b, ", \"status\": \"%s\", \"decision\": ", status_of(decision));
    pd_json_str(b, decision);
    pd_buf_addstr(b, ", \"winner\": ");
    pd_json_str(b, pd_doc_str(root, "winner"));
    pd_buf_addstr(b, ", \"stopped_by\": ");
    pd_json_str(b, by);
    pd_buf_addf(b, ", \"stopped_by_guardrail\": %s, \"primary\": ",
                by && guardrail ? "true" : "false");
    pd_json_str(b, pd_doc_str(root, "primary"));
    lift_json(primary_result(root), b);
    pd_buf_addf(b, ", \"users\": %.0f, \"start\": ", users_of(root));
    pd_json_str(b, pd_doc_str(root, "start"));
    pd_buf_addstr(b, ", \"end\": ");
    pd_json_str(b, pd_doc_str(root, "end"));
    pd_buf_addstr(b, ", \"as_of\": ");
    pd_json_str(b, pd_doc_str(root, "as_of"));
    pd_buf_addf(b, ", \"days_running\": %.0f", days_running(root));
    copy_num(root, "days_left", b);
    copy_num(root, "mde", b);
    pd_buf_addstr(b, ", \"method\": ");
    pd_json_str(b, pd_doc_str(root, "method"));
    copy_num(root, "srm_p", b);
    pd_buf_addch(b, '}');
}

/* Append one experiment's readout as of as_of, parsed, to the block. */
static int
week_one(PGconn *conn, const struct pd_experiment *x, const char *zone,
         int64_t as_of, int64_t now, bool first, struct pd_buf *out,
         struct pd_err *err)
{
    struct pd_buf one = PD_BUF_INIT;
    struct pd_doc doc;
    int rc = pd_experiment_json(conn, x, zone, as_of, now, &one, err);

    if (rc == 0 && (rc = pd_doc_parse(&doc, one.buf, err)) == 0) {
        week_row(doc.root, first, out);
        pd_doc_free(&doc);
    }
    pd_buf_release(&one);
    return rc;
}

int
pd_experiment_week_json(PGconn *conn, const struct pd_experiment *xs, size_t n,
                        const char *zone, int64_t first_day, int64_t last_day,
                        int64_t now, struct pd_buf *out, struct pd_err *err)
{
    int64_t as_of;
    bool first = true;

    if (pd_experiment_default_as_of(conn, zone, now, &as_of, err) < 0)
        return -1;
    /* As of the week's last day, never past the data (SPEC §9). */
    if (as_of > last_day)
        as_of = last_day;
    pd_buf_addch(out, '[');
    for (size_t i = 0; i < n; i++) {
        if (!ran_in(&xs[i], first_day, last_day))
            continue;
        if (week_one(conn, &xs[i], zone, as_of, now, first, out, err) < 0)
            return -1;
        first = false;
    }
    pd_buf_addstr(out, first ? "]" : "\n  ]");
    return 0;
}

static void
copy_str(yajl_val v, const char *key, struct pd_buf *b)
{
    pd_buf_addf(b, ", \"%s\": ", key);
    pd_json_str(b, pd_doc_str(v, key));
}

/* One decision of the OKR review from a portfolio row. */
static void
decision_row(yajl_val x, bool first, struct pd_buf *b)
{
    static const char *const nums[] = {"lift_rel", "lift_rel_ci_low",
                                       "lift_rel_ci_high", "users",
                                       "duration_days"};
    const char *decision = pd_doc_str(x, "decision");
    bool decided =
        decision && (!strcmp(decision, "ship") || !strcmp(decision, "stop") ||
                     !strcmp(decision, "no effect"));
    char day[16];

    pd_buf_addstr(b, first ? "\n    {\"name\": " : ",\n    {\"name\": ");
    pd_json_str(b, pd_doc_str(x, "experiment"));
    copy_str(x, "slug", b);
    copy_str(x, "area", b);
    copy_str(x, "decision", b);
    pd_buf_addstr(b, ", \"decided_on\": ");
    /* The portfolio's time to decision ends on the readout's last day of
     * data; a decision is dated the same. */
    if (decided) {
        pd_period_day_label(last_day(x), day, sizeof(day));
        pd_json_str(b, day);
    } else {
        pd_buf_addstr(b, "null");
    }
    copy_str(x, "winner", b);
    copy_str(x, "stopped_by", b);
    copy_str(x, "primary", b);
    for (size_t k = 0; k < sizeof(nums) / sizeof(nums[0]); k++)
        copy_num(x, nums[k], b);
    pd_buf_addch(b, '}');
}

int
pd_experiment_decisions_json(PGconn *conn, const struct pd_experiment *xs,
                             size_t n, const struct pd_report_settings *s,
                             const struct pd_quarter *q, int64_t now,
                             struct pd_buf *out, struct pd_err *err)
{
    struct pd_buf json = PD_BUF_INIT;
    struct pd_doc doc;
    yajl_val rows;
    size_t len;
    int rc = build(conn, xs, n, s, q, now, &json, err);

    if (rc == 0)
        rc = pd_doc_parse(&doc, json.buf, err);
    pd_buf_release(&json);
    if (rc < 0)
        return -1;
    rows = pd_doc_get(doc.root, "experiments");
    len = YAJL_IS_ARRAY(rows) ? rows->u.array.len : 0;
    pd_buf_addch(out, '[');
    for (size_t i = 0; i < len; i++)
        decision_row(rows->u.array.values[i], i == 0, out);
    pd_buf_addstr(out, len ? "\n  ]" : "]");
    pd_doc_free(&doc);
    return 0;
}

/* ---- files ---------------------------------------------------------- */

static const char *
str(yajl_val v, const char *key)
{
    const char *s = pd_doc_str(v, key);

    return s ? s : "";
}

static void
pct(char *buf, size_t n, yajl_val v, const char *key)
{
    double d;

    if (pd_doc_num(v, key, &d))
        snprintf(buf, n, "%+.1f %%", 100 * d);
    else
        snprintf(buf, n, "–");
}

static void
headline(yajl_val root, char *buf, size_t n)
{
    yajl_val sm = pd_doc_get(root, "summary");
    double e = 0, d = 0, s = 0, g = 0, w, t;
    char wr[32] = "–", ttd[32] = "–";

    pd_doc_num(sm, "experiments", &e);
    pd_doc_num(sm, "decided", &d);
    pd_doc_num(sm, "shipped", &s);
    pd_doc_num(sm, "stopped_by_guardrail", &g);
    if (pd_doc_num(sm, "win_rate", &w))
        snprintf(wr, sizeof(wr), "%.0f %%", 100 * w);
    if (pd_doc_num(sm, "time_to_decision_days_median", &t))
        snprintf(ttd, sizeof(ttd), "%.1f days", t);
    snprintf(buf, n,
             "Experiments %s (as of %s): %.0f ran, %.0f decided, %.0f shipped "
             "(win rate %s), %.0f stopped by a guardrail; median time to "
             "decision %s.",
             str(root, "quarter"), str(root, "as_of"), e, d, s, wr, g, ttd);
}

static int
portfolio_md(const struct pd_report_ctx *c, struct pd_buf *out,
             struct pd_err *e)
{
    yajl_val root = c->doc->root, xs = pd_doc_get(root, "experiments");
    size_t n = YAJL_IS_ARRAY(xs) ? xs->u.array.len : 0;
    char line[512];

    (void)e;
    headline(root, line, sizeof(line));
    pd_buf_addf(out, "**%s**\n\n", line);
    pd_buf_addstr(out, "| Experiment | Area | Days | Decision | Primary "
                       "| Lift | 95 % CI |\n|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        yajl_val x = xs->u.array.values[i];
        char lift[32], lo[32], hi[32];
        double days = 0;
        pct(lift, sizeof(lift), x, "lift_rel");
        pct(lo, sizeof(lo), x, "lift_rel_ci_low");
        pct(hi, sizeof(hi), x, "lift_rel_ci_high");
        pd_doc_num(x, "duration_days", &days);
        pd_buf_addstr(out, "| ");
        pd_md_text(out, str(x, "experiment"));
        pd_buf_addstr(out, " | ");
        pd_md_text(out, str(x, "area"));
        pd_buf_addf(out, " | %.0f | %s | ", days, str(x, "decision"));
        pd_md_text(out, str(x, "primary"));
        pd_buf_addf(out, " | %s | %s to %s |\n", lift, lo, hi);
    }
    return 0;
}

static int
portfolio_html(const struct pd_report_ctx *c, struct pd_buf *out,
               struct pd_err *e)
{
    struct pd_buf md = PD_BUF_INIT;
    char line[512];

    (void)e;
    /* The page is the headline and the Markdown table as preformatted
     * text: every data string is escaped for HTML below. */
    headline(c->doc->root, line, sizeof(line));
    portfolio_md(c, &md, e);
    pd_buf_addstr(out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                       "<title>Experiments</title></head>\n<body style=\""
                       "font-family:Arial,sans-serif\">\n<p><b>");
    pd_buf_addhtml(out, line);
    pd_buf_addstr(out, "</b></p>\n<pre>");
    if (strchr(md.buf, '|'))
        pd_buf_addhtml(out, strchr(md.buf, '|'));
    pd_buf_addstr(out, "</pre>\n</body></html>\n");
    pd_buf_release(&md);
    return 0;
}

static int
portfolio_xlsx(const struct pd_report_ctx *c, const char *path,
               struct pd_err *err)
{
    static const char *const heads[] = {
        "Experiment", "Area",        "Start",        "End",        "Days",
        "Users",      "Decision",    "Winner",       "Stopped by", "Primary",
        "Lift",       "Lift CI low", "Lift CI high", "p (Holm)"};
    static const enum pd_xlsx_col types[] = {
        PD_XLSX_TEXT,    PD_XLSX_TEXT,    PD_XLSX_DATE,    PD_XLSX_DATE,
        PD_XLSX_INTEGER, PD_XLSX_INTEGER, PD_XLSX_TEXT,    PD_XLSX_TEXT,
        PD_XLSX_TEXT,    PD_XLSX_TEXT,    PD_XLSX_PERCENT, PD_XLSX_PERCENT,
        PD_XLSX_PERCENT, PD_XLSX_DECIMAL};
    static const char *const keys[] = {
        "experiment",       "area",        "start",    "end",
        "duration_days",    "users",       "decision", "winner",
        "stopped_by",       "primary",     "lift_rel", "lift_rel_ci_low",
        "lift_rel_ci_high", "p_value_holm"};
    yajl_val xs = pd_doc_get(c->doc->root, "experiments");
    size_t n = YAJL_IS_ARRAY(xs) ? xs->u.array.len : 0;
    struct pd_xlsx_book *b = pd_xlsx_book_open(path, err);

    if (!b)
        return -1;
    pd_xlsx_book_sheet(b, "Experiments", 14, heads, types);
    for (size_t i = 0; i < n; i++) {
        yajl_val x = xs->u.array.values[i];
        char nums[14][40];
        const char *cells[14];
        for (size_t k = 0; k < 14; k++) {
            yajl_val v = pd_doc_get(x, keys[k]);
            cells[k] = NULL;
            if (YAJL_IS_STRING(v))
                cells[k] = YAJL_GET_STRING(v);
            else if (YAJL_IS_NUMBER(v)) {
                snprintf(nums[k], sizeof(nums[k]), "%.17g", YAJL_GET_DOUBLE(v));
                cells[k] = nums[k];
            }
        }
        pd_xlsx_book_row(b, cells);
    }
    return pd_xlsx_book_close(b, err);
}

static const struct pd_report_renderer renderers[] = {
    {".md", portfolio_md, NULL},
    {".html", portfolio_html, NULL},
    {".xlsx", NULL, portfolio_xlsx},
    {NULL, NULL, NULL}};

int
pd_experiment_portfolio(PGconn *conn, const struct pd_experiment *xs, size_t n,
                        const struct pd_report_settings *s, const char *quarter,
                        const char *zone, const char *out_dir, int64_t now,
                        struct pd_report_outputs *out, struct pd_err *err)
{
    struct pd_quarter q;
    struct pd_buf json = PD_BUF_INIT;
    char base[4096];
    int rc;

    if (pd_period_quarter(quarter, zone, s->fy_start, now, &q, err) < 0)
        return -1;
    snprintf(out->label, sizeof(out->label), "%s", q.label);
    snprintf(out->zone, sizeof(out->zone), "%s", q.zone);
    if (!conn)
        return 0;
    if (snprintf(base, sizeof(base), "%s/experiments-%s", out_dir, q.label) >=
        (int)sizeof(base) - 8)
        return pd_err_set(err, PD_E_USAGE, "output path too long: '%s'",
                          out_dir);
    if (pd_file_mkdirs(out_dir, err) < 0)
        return -1;
    rc = build(conn, xs, n, s, &q, now, &json, err);
    if (rc == 0)
        rc = pd_report_write(renderers, json.buf, base, s, now, out, err);
    pd_buf_release(&json);
    return rc;
}
