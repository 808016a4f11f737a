#include "reports/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/file.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "reports/doc.h"
#include "reports/email.h"
#include "reports/experiment_portfolio.h"
#include "reports/handoff_run.h"
#include "reports/launch.h"
#include "reports/requests.h"
#include "reports/summary.h"
#include "reports/weekly.h"
#include "reports/xlsx.h"

/* ---- renderers: the document to one file each ---------------------------
 * Thin adapters from the renderers' own signatures to the table's. */

static int
weekly_md(const struct pd_report_ctx *c, struct pd_buf *out, struct pd_err *e)
{
    (void)e;
    pd_summary_weekly(c->doc, PD_SUMMARY_MARKDOWN, out);
    return 0;
}

static int
weekly_txt(const struct pd_report_ctx *c, struct pd_buf *out, struct pd_err *e)
{
    (void)e;
    pd_summary_weekly(c->doc, PD_SUMMARY_TEXT, out);
    return 0;
}

static int
weekly_html(const struct pd_report_ctx *c, struct pd_buf *out, struct pd_err *e)
{
    (void)e;
    pd_summary_weekly_html(c->doc, out);
    return 0;
}

static int
weekly_xlsx(const struct pd_report_ctx *c, const char *path, struct pd_err *e)
{
    return pd_xlsx_weekly(c->doc, path, e);
}

static int
weekly_eml(const struct pd_report_ctx *c, struct pd_buf *out, struct pd_err *e)
{
    const struct pd_email_opts opts = {c->s->email_from, c->s->email_to,
                                       c->s->email_subject};

    return pd_email_weekly(c->doc, &opts, c->now, out, e);
}

static int
weekly_pdf(const struct pd_report_ctx *c, struct pd_buf *out, struct pd_err *e)
{
    return pd_summary_weekly_pdf(c->doc, out, e);
}

static int
okr_md(const struct pd_report_ctx *c, struct pd_buf *out, struct pd_err *e)
{
    (void)e;
    pd_summary_okr(c->doc, PD_SUMMARY_MARKDOWN, out);
    return 0;
}

static int
okr_txt(const struct pd_report_ctx *c, struct pd_buf *out, struct pd_err *e)
{
    (void)e;
    pd_summary_okr(c->doc, PD_SUMMARY_TEXT, out);
    return 0;
}

static int
okr_html(const struct pd_report_ctx *c, struct pd_buf *out, struct pd_err *e)
{
    (void)e;
    pd_summary_okr_html(c->doc, out);
    return 0;
}

static int
okr_xlsx(const struct pd_report_ctx *c, const char *path, struct pd_err *e)
{
    return pd_xlsx_okr(c->doc, path, e);
}

/* The order is the order files appear in (tests and job histories list
 * them): .json first, written by the builder, then these. */
static const struct pd_report_renderer weekly_renderers[] = {
    {".md", weekly_md, NULL},
    {".txt", weekly_txt, NULL},
    {".html", weekly_html, NULL},
    {".xlsx", NULL, weekly_xlsx},
    {".eml", weekly_eml, NULL},
    {".pdf", weekly_pdf, NULL},
    {NULL, NULL, NULL}};

static const struct pd_report_renderer okr_renderers[] = {
    {".md", okr_md, NULL},
    {".txt", okr_txt, NULL},
    {".html", okr_html, NULL},
    {".xlsx", NULL, okr_xlsx},
    {NULL, NULL, NULL}};

static int
requests_md(const struct pd_report_ctx *c, struct pd_buf *out, struct pd_err *e)
{
    (void)e;
    pd_requests_md(c->doc, out);
    return 0;
}

static int
requests_html(const struct pd_report_ctx *c, struct pd_buf *out,
              struct pd_err *e)
{
    (void)e;
    pd_requests_html(c->doc, out);
    return 0;
}

static int
requests_xlsx(const struct pd_report_ctx *c, const char *path, struct pd_err *e)
{
    return pd_requests_xlsx(c->doc, path, e);
}

static const struct pd_report_renderer requests_renderers[] = {
    {".md", requests_md, NULL},
    {".html", requests_html, NULL},
    {".xlsx", NULL, requests_xlsx},
    {NULL, NULL, NULL}};

/* ---- builders ------------------------------------------------------------ */

/* Issue 16: the experiments whose days overlap the week's local days,
 * each as of the week's last day (reports/experiment_portfolio.h).  Built
 * before the weekly report's snapshot: each readout is a transaction of
 * its own. */
static int
weekly_experiments(PGconn *conn, const struct pd_period *p,
                   const struct pd_report_settings *s, int64_t now,
                   struct pd_buf *out, struct pd_err *err)
{
    struct pd_tz *tz = pd_tz_open(p->zone, err);
    int64_t d0, d1;

    if (!tz)
        return -1;
    d0 = pd_tz_to_local(tz, p->start) / PD_US_PER_DAY;
    d1 = pd_tz_to_local(tz, p->end - 1) / PD_US_PER_DAY;
    pd_tz_free(tz);
    return pd_experiment_week_json(conn, s->experiments, s->nexperiments,
                                   p->zone, d0, d1, now, out, err);
}

static int
weekly_json(PGconn *conn, const struct pd_report_period *p,
            const struct pd_report_settings *s, const struct pd_report_req *req,
            struct pd_buf *out, struct pd_err *err)
{
    struct pd_buf xs = PD_BUF_INIT;
    int rc = 0;

    if (s->nexperiments)
        rc = weekly_experiments(conn, &p->week, s, req->now, &xs, err);
    if (rc == 0)
        rc =
            pd_weekly_json(conn, &p->week, s->support, s->requests_file,
                           s->nexperiments ? xs.buf : NULL, req->now, out, err);
    pd_buf_release(&xs);
    return rc;
}

static int
okr_json(PGconn *conn, const struct pd_report_period *p,
         const struct pd_report_settings *s, const struct pd_report_req *req,
         struct pd_buf *out, struct pd_err *err)
{
    struct pd_buf xs = PD_BUF_INIT;
    int rc = 0;

    /* Issue 16: the quarter's decisions, outside the review's snapshot. */
    if (s->nexperiments)
        rc = pd_experiment_decisions_json(conn, s->experiments, s->nexperiments,
                                          s, &p->quarter, req->now, &xs, err);
    if (rc == 0)
        rc = pd_okr_json(conn, &p->quarter, s->okrs, s->nokrs, s->support,
                         s->requests_file, s->nexperiments ? xs.buf : NULL,
                         req->now, out, err);
    pd_buf_release(&xs);
    return rc;
}

/* --area NAME: the configured area of that name (any case); without
 * [areas], the ticket product area NAME.  NULL with *err when [areas]
 * has no such area. */
static const struct pd_handoff_area *
find_area(const struct pd_report_settings *s, const char *name,
          struct pd_handoff_area *own, struct pd_err *err)
{
    for (size_t i = 0; i < s->nareas; i++)
        if (strcasecmp(s->areas[i].name, name) == 0)
            return &s->areas[i];
    if (s->nareas) {
        pd_err_set(err, PD_E_USAGE, "no area '%s' in [areas]", name);
        return NULL;
    }
    own->name = name;
    own->product_areas = &own->name;
    own->nproduct_areas = 1;
    return own;
}

static int
requests_json(PGconn *conn, const struct pd_report_period *p,
              const struct pd_report_settings *s,
              const struct pd_report_req *req, struct pd_buf *out,
              struct pd_err *err)
{
    struct pd_handoff_area own = {0};
    bool q = p->kind == PD_REPORT_QUARTER;
    struct pd_requests_opts o = {.label = q ? p->quarter.label : p->week.label,
                                 .zone = q ? p->quarter.zone : p->week.zone,
                                 .start = q ? p->quarter.start : p->week.start,
                                 .end = q ? p->quarter.to_date : p->week.end,
                                 .rules_file = s->requests_file,
                                 .area = NULL,
                                 .now = req->now};

    if (req->area && !(o.area = find_area(s, req->area, &own, err)))
        return -1;
    return pd_requests_json(conn, &o, out, err);
}

static void
add_output(struct pd_report_outputs *out, const char *path)
{
    out->paths = pd_xrealloc(out->paths, (out->n + 1) * sizeof(char *));
    out->paths[out->n++] = pd_xstrdup(path);
}

static void
handoff_wrote(void *arg, const char *dir, const struct pd_handoff_counts *c)
{
    (void)c;
    add_output(arg, dir);
}

/* --tz, else [report] timezone, else UTC. */
static const char *
report_zone(const struct pd_report_req *req, const struct pd_report_settings *s)
{
    if (req->zone)
        return req->zone;
    return s->zone ? s->zone : "UTC";
}

static int
handoff_folders(PGconn *conn, const struct pd_report_period *p,
                const struct pd_report_settings *s,
                const struct pd_report_req *req, struct pd_report_outputs *out,
                struct pd_err *err)
{
    struct pd_handoff_run r = {.period = &p->week,
                               .out_dir = req->out_dir,
                               .areas = s->areas,
                               .nareas = s->nareas,
                               .area_source = s->area_source,
                               .now = req->now,
                               .hygiene =
                                   s->support ? &s->support->hygiene : NULL,
                               .requests_file = s->requests_file,
                               .wrote = handoff_wrote,
                               .arg = out};
    size_t n;
    bool bad_areas;

    /* The zone as given, as the handoff always named it. */
    snprintf(out->zone, sizeof(out->zone), "%s", report_zone(req, s));
    return pd_handoff_run(conn, &r, &n, &bad_areas, err);
}

/* Issue 17: the launch reviews of the last PD_LAUNCH_DEFAULT_DAYS (a
 * job's "reports = launch"; `prodops report launch` has its own command,
 * jobs/cmd_launch.c, for a name or --since).  A scheduled run with no
 * launch in those days writes nothing and is no error. */
static int
launch_reviews(PGconn *conn, const struct pd_report_period *p,
               const struct pd_report_settings *s,
               const struct pd_report_req *req, struct pd_report_outputs *out,
               struct pd_err *err)
{
    const struct pd_launch_req r = {.zone = report_zone(req, s),
                                    .out_dir = req->out_dir,
                                    .now = req->now,
                                    .rules_file = s->requests_file,
                                    .none_ok = req->scheduled};

    (void)p;
    return pd_launch_build(conn, &r, out, err);
}

static const struct pd_report_kind kinds[] = {
    {"weekly", PD_REPORT_WEEK, weekly_json, weekly_renderers, NULL},
    {"okr", PD_REPORT_QUARTER, okr_json, okr_renderers, NULL},
    /* The handoff is folders of tables, not one JSON document. */
    {"handoff", PD_REPORT_WEEK, NULL, NULL, handoff_folders},
    /* Issue 17: the feature-request roll-up, for a week or a quarter. */
    {"requests", PD_REPORT_EITHER, requests_json, requests_renderers, NULL},
    /* Issue 17: one folder of files per launch, not one document; the
     * week is only the label of a run that finds none. */
    {"launch", PD_REPORT_WEEK, NULL, NULL, launch_reviews},
};

const struct pd_report_kind *
pd_report_kind_find(const char *name)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    return NULL;
}

bool
pd_report_kind_writes(const struct pd_report_kind *kind, const char *ext)
{
    for (const struct pd_report_renderer *r = kind->renderers; r && r->ext; r++)
        if (strcmp(r->ext, ext) == 0)
            return true;
    return false;
}

void
pd_report_outputs_release(struct pd_report_outputs *o)
{
    for (size_t i = 0; i < o->n; i++)
        free(o->paths[i]);
    free(o->paths);
    o->paths = NULL;
    o->n = 0;
}

/* ---- writing --------------------------------------------------------------
 */

/* base + ext into path: 0, or -1 when it does not fit. */
static int
out_path(char *path, size_t n, const char *base, const char *ext,
         struct pd_err *err)
{
    int len = snprintf(path, n, "%s%s", base, ext);

    if (len < 0 || (size_t)len >= n)
        return pd_err_set(err, PD_E_USAGE, "output path too long: '%s%s'", base,
                          ext);
    return 0;
}

/* base + ext written with text: 0 or -1; its path joins out. */
static int
write_one(const char *base, const char *ext, const char *text, size_t n,
          struct pd_report_outputs *out, struct pd_err *err)
{
    char path[4096];

    if (out_path(path, sizeof(path), base, ext, err) < 0 ||
        pd_file_write_atomic(path, text, n, err) < 0)
        return -1;
    add_output(out, path);
    return 0;
}

/* A renderer that writes a file itself: aside, then renamed. */
static int
write_file(const struct pd_report_renderer *r, const struct pd_report_ctx *c,
           const char *base, struct pd_report_outputs *out, struct pd_err *err)
{
    char path[4096], tmp[4200];

    if (out_path(path, sizeof(path), base, r->ext, err) < 0)
        return -1;
    pd_file_tmp_name(path, tmp, sizeof(tmp));
    if (r->file(c, tmp, err) < 0) {
        (void)remove(tmp);
        return -1;
    }
    if (pd_file_commit(tmp, path, err) < 0)
        return -1;
    add_output(out, path);
    return 0;
}

/* Every output of the report, from the one JSON document. */
int
pd_report_write(const struct pd_report_renderer *renderers, const char *json,
                const char *base, const struct pd_report_settings *s,
                int64_t now, struct pd_report_outputs *out, struct pd_err *err)
{
    struct pd_doc doc;
    struct pd_report_ctx c = {&doc, s, now};
    struct pd_buf text = PD_BUF_INIT;
    int rc = 0;

    if (write_one(base, ".json", json, strlen(json), out, err) < 0)
        return -1;
    if (pd_doc_parse(&doc, json, err) < 0)
        return -1;
    for (const struct pd_report_renderer *r = renderers; r->ext && rc == 0;
         r++) {
        if (r->file) {
            rc = write_file(r, &c, base, out, err);
            continue;
        }
        pd_buf_reset(&text);
        rc = r->text(&c, &text, err);
        if (rc == 0)
            rc = write_one(base, r->ext, text.buf, text.len, out, err);
    }
    pd_buf_release(&text);
    pd_doc_free(&doc);
    return rc;
}

/* The period of the report req names, its label and zone for the file
 * names and the closing line.  0, or -1 with *err. */
static int
resolve(const struct pd_report_kind *k, const struct pd_report_settings *s,
        const struct pd_report_req *req, struct pd_report_period *p,
        struct pd_report_outputs *out, struct pd_err *err)
{
    const char *zone = report_zone(req, s);

    p->kind = k->period;
    if (k->period == PD_REPORT_EITHER)
        p->kind = req->period && !pd_period_quarter_label_ok(req->period)
                      ? PD_REPORT_WEEK
                      : PD_REPORT_QUARTER;
    if (p->kind == PD_REPORT_WEEK) {
        if (pd_period_week(req->period, zone, req->now, &p->week, err) < 0)
            return -1;
        snprintf(out->label, sizeof(out->label), "%.15s", p->week.label);
        snprintf(out->zone, sizeof(out->zone), "%s", p->week.zone);
        return 0;
    }
    if (pd_period_quarter(req->period, zone, s->fy_start, req->now, &p->quarter,
                          err) < 0)
        return -1;
    /* A scheduled run on a quarter's first day (@quarterly): nothing of
     * this quarter is whole yet, so review the one just ended. */
    if (req->scheduled && !req->period &&
        p->quarter.to_date <= p->quarter.start &&
        pd_period_quarter(p->quarter.prev_label, zone, s->fy_start, req->now,
                          &p->quarter, err) < 0)
        return -1;
    snprintf(out->label, sizeof(out->label), "%s", p->quarter.label);
    snprintf(out->zone, sizeof(out->zone), "%s", p->quarter.zone);
    return 0;
}

/* The document and its files. */
static int
build_document(const struct pd_report_kind *k, PGconn *conn,
               const struct pd_report_period *p,
               const struct pd_report_settings *s,
               const struct pd_report_req *req, struct pd_report_outputs *out,
               struct pd_err *err)
{
    struct pd_buf json = PD_BUF_INIT;
    char base[3900], prefix[24];
    int rc;

    if (pd_file_mkdirs(req->out_dir, err) < 0)
        return -1;
    rc = k->build_json(conn, p, s, req, &json, err);
    snprintf(prefix, sizeof(prefix), "/%s-", k->name);
    if (rc == 0)
        rc = out_path(base, sizeof(base), req->out_dir, prefix, err);
    if (rc == 0)
        rc = out_path(base + strlen(base), sizeof(base) - strlen(base),
                      out->label, "", err);
    if (rc == 0)
        rc = pd_report_write(k->renderers, json.buf, base, s, req->now, out,
                             err);
    pd_buf_release(&json);
    return rc;
}

int
pd_report_build(PGconn *conn, const struct pd_report_settings *s,
                const struct pd_report_req *req, struct pd_report_outputs *out,
                struct pd_err *err)
{
    const struct pd_report_kind *k = pd_report_kind_find(req->name);
    struct pd_report_period p;

    if (!k)
        return pd_err_set(err, PD_E_USAGE, "unknown report '%s'", req->name);
    if (resolve(k, s, req, &p, out, err) < 0)
        return -1;
    if (!conn) /* the name and period only */
        return 0;
    if (k->build_folders)
        return k->build_folders(conn, &p, s, req, out, err);
    return build_document(k, conn, &p, s, req, out, err);
}
