/* prodops report weekly|okr: the weekly leadership report (issue 4) and
 * the quarterly OKR review (issue 5). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/file.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/warehouse.h"
#include "load/db.h"
#include "reports/doc.h"
#include "reports/email.h"
#include "reports/okr.h"
#include "reports/period.h"
#include "reports/summary.h"
#include "reports/weekly.h"
#include "reports/xlsx.h"

static void
help(void)
{
    printf(
        "prodops report writes the stakeholder reports.\n\n"
        "Usage:\n"
        "  prodops report weekly [OPTION]...\n"
        "  prodops report okr [OPTION]...\n"
        "  prodops report handoff [OPTION]...  (the PM handoff: see its "
        "--help)\n\n"
        "weekly writes DIR/weekly-YYYY-Www.xlsx, .md, .html, .txt, .json, .eml "
        "(an\nemail for sendmail -t; [email] from, to, subject) and .pdf (one "
        "page) for\none ISO week; okr writes DIR/okr-YYYYQn.* for the key results of a "
        "quarter\n([okr \"NAME\"] sections of prodops.conf).  Each file appears "
        "whole: written\naside, then renamed.\n\n"
        "Options:\n"
        "  -w, --week=YYYY-Www   weekly: the week (default: the last complete "
        "week in\n                        ZONE)\n"
        "  -q, --quarter=YYYYQn  okr: the quarter (default: the current one, to "
        "date);\n                        [report] fiscal_year_start_month "
        "shifts quarters\n"
        "      --tz=ZONE         report time zone: weeks and days start "
        "at midnight\n"
        "                        there (default: [report] timezone of "
        "prodops.conf,\n"
        "                        else UTC)\n"
        "  -o, --out=DIR         output folder (default: output)\n"
        "  -h, --help            show this help and exit\n\n"
        "Key result metrics ([okr] metric =):\n  %s,\n  adoption:<event "
        "name>\n\n"
        "Environment:\n"
        "  PRODOPS_NOW           the current time (ISO 8601), for the "
        "default week\n\n"
        "Exit status: 0 written, 2 usage, 3 database, 4 file system, 5 "
        "internal error.\n",
        pd_okr_metric_list());
}

struct report_args {
    const char *name; /* weekly, okr */
    const char *week, *quarter, *zone, *out;
};

static int
parse_args(int argc, char **argv, struct report_args *a)
{
    enum { O_TZ = 256 };
    static const struct option opts[] = {
        {"week", required_argument, NULL, 'w'},
        {"quarter", required_argument, NULL, 'q'},
        {"tz", required_argument, NULL, O_TZ},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;

    a->zone = NULL; /* --tz, else [report] timezone, else UTC */
    a->out = "output";
    if (argc < 2 || argv[1][0] == '-') {
        if (argc >= 2 &&
            (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
            help();
            return -1;
        }
        return pd_cli_usage_error("report",
                                  "name a report: weekly, okr or handoff");
    }
    if (strcmp(argv[1], "weekly") != 0 && strcmp(argv[1], "okr") != 0)
        return pd_cli_usage_error(
            "report", "unknown report '%s' (weekly, okr, handoff)", argv[1]);
    a->name = argv[1];
    optind = 2;
    while ((c = getopt_long(argc, argv, "w:q:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'w':
            if (strcmp(a->name, "weekly") != 0)
                return pd_cli_usage_error("report",
                                          "--week is for the weekly "
                                          "report; okr takes --quarter");
            a->week = optarg;
            break;
        case 'q':
            if (strcmp(a->name, "okr") != 0)
                return pd_cli_usage_error("report",
                                          "--quarter is for the okr "
                                          "report; weekly takes --week");
            a->quarter = optarg;
            break;
        case O_TZ:
            a->zone = optarg;
            break;
        case 'o':
            a->out = optarg;
            break;
        case 'h':
            help();
            return -1;
        default:
            return pd_cli_usage_error("report", "bad option");
        }
    }
    if (optind < argc)
        return pd_cli_usage_error("report", "unexpected argument '%s'",
                                  argv[optind]);
    return 0;
}

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

/* How one report renders its JSON document. */
struct renderer {
    void (*summary)(yajl_val root, enum pd_summary_style st,
                    struct pd_buf *out);
    void (*html)(yajl_val root, struct pd_buf *out);
    int (*xlsx)(yajl_val root, const char *path, struct pd_err *err);
    /* Issue 14: the .eml and the one-page .pdf, or NULL. */
    int (*eml)(yajl_val root, const struct pd_email_opts *opts, int64_t now,
               struct pd_buf *out, struct pd_err *err);
    int (*pdf)(yajl_val root, struct pd_buf *out, struct pd_err *err);
};

static const struct renderer weekly_renderer = {
    pd_summary_weekly, pd_summary_weekly_html, pd_xlsx_weekly, pd_email_weekly,
    pd_summary_weekly_pdf};
static const struct renderer okr_renderer = {
    pd_summary_okr, pd_summary_okr_html, pd_xlsx_okr, NULL, NULL};

static void
add_output(struct pd_report_outputs *out, const char *path)
{
    out->paths = pd_xrealloc(out->paths, (out->n + 1) * sizeof(char *));
    out->paths[out->n++] = pd_xstrdup(path);
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

/* The .eml and the .pdf of a report that has them ([email] of cfg). */
static int
write_mail_pdf(const struct renderer *r, yajl_val root,
               const struct pd_config *cfg, int64_t now, const char *base,
               struct pd_report_outputs *out, struct pd_err *err)
{
    const struct pd_email_opts opts = {cfg->email_from, cfg->email_to,
                                       cfg->email_subject};
    struct pd_buf b = PD_BUF_INIT;
    int rc = 0;

    if (r->eml && (rc = r->eml(root, &opts, now, &b, err)) == 0)
        rc = write_one(base, ".eml", b.buf, b.len, out, err);
    pd_buf_reset(&b);
    if (rc == 0 && r->pdf && (rc = r->pdf(root, &b, err)) == 0)
        rc = write_one(base, ".pdf", b.buf, b.len, out, err);
    pd_buf_release(&b);
    return rc;
}

/* Every output of the report, from the one JSON document. */
static int
write_outputs(const struct renderer *r, const char *json, const char *base,
              const struct pd_config *cfg, int64_t now,
              struct pd_report_outputs *out, struct pd_err *err)
{
    struct pd_doc doc;
    struct pd_buf text = PD_BUF_INIT;
    char path[4096], tmp[4200];
    int rc;

    if (write_one(base, ".json", json, strlen(json), out, err) < 0)
        return -1;
    if (pd_doc_parse(&doc, json, err) < 0)
        return -1;
    r->summary(doc.root, PD_SUMMARY_MARKDOWN, &text);
    rc = write_one(base, ".md", text.buf, text.len, out, err);
    pd_buf_reset(&text);
    if (rc == 0) {
        r->summary(doc.root, PD_SUMMARY_TEXT, &text);
        rc = write_one(base, ".txt", text.buf, text.len, out, err);
    }
    if (rc == 0) {
        pd_buf_reset(&text);
        r->html(doc.root, &text);
        rc = write_one(base, ".html", text.buf, text.len, out, err);
    }
    if (rc == 0)
        rc = out_path(path, sizeof(path), base, ".xlsx", err);
    if (rc == 0) {
        pd_file_tmp_name(path, tmp, sizeof(tmp));
        rc = r->xlsx(doc.root, tmp, err);
        if (rc == 0)
            rc = pd_file_commit(tmp, path, err);
        else
            (void)remove(tmp);
        if (rc == 0)
            add_output(out, path);
    }
    if (rc == 0)
        rc = write_mail_pdf(r, doc.root, cfg, now, base, out, err);
    pd_buf_release(&text);
    pd_doc_free(&doc);
    return rc;
}

/* --tz, else [report] timezone, else UTC. */
static const char *
report_zone(const struct pd_report_req *req, const struct pd_config *cfg)
{
    if (req->zone)
        return req->zone;
    return cfg->report_timezone ? cfg->report_timezone : "UTC";
}

/* The document of the report req names, its label and zone for the file
 * names and the closing line.  0, or -1 with *err. */
static int
build(const struct pd_report_req *req, const struct pd_config *cfg,
      PGconn *conn, struct pd_buf *json, struct pd_report_outputs *out,
      struct pd_err *err)
{
    const char *zone = report_zone(req, cfg);

    if (strcmp(req->name, "okr") == 0) {
        struct pd_quarter q;
        if (pd_period_quarter(req->period, zone, cfg->fiscal_year_start_month,
                              req->now, &q, err) < 0)
            return -1;
        /* A scheduled run on a quarter's first day (@quarterly): nothing
         * of this quarter is whole yet, so review the one just ended. */
        if (req->scheduled && !req->period && q.to_date <= q.start &&
            pd_period_quarter(q.prev_label, zone, cfg->fiscal_year_start_month,
                              req->now, &q, err) < 0)
            return -1;
        snprintf(out->label, sizeof(out->label), "%s", q.label);
        snprintf(out->zone, sizeof(out->zone), "%s", q.zone);
        return conn ? pd_okr_json(conn, &q, cfg->okrs, cfg->nokrs,
                                  &cfg->support, req->now, json, err)
                    : 0;
    } else if (strcmp(req->name, "weekly") == 0) {
        struct pd_period p;
        if (pd_period_week(req->period, zone, req->now, &p, err) < 0)
            return -1;
        snprintf(out->label, sizeof(out->label), "%s", p.label);
        snprintf(out->zone, sizeof(out->zone), "%s", p.zone);
        return conn ? pd_weekly_json(conn, &p, &cfg->support, req->now, json,
                                     err)
                    : 0;
    }
    return pd_err_set(err, PD_E_USAGE, "unknown report '%s'", req->name);
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

int
pd_report_build(struct pd_globals *g, PGconn *conn,
                const struct pd_report_req *req, struct pd_report_outputs *out,
                struct pd_err *err)
{
    struct pd_buf json = PD_BUF_INIT;
    char base[3900], prefix[16];
    int rc;

    /* The handoff is folders of tables, not one JSON document. */
    if (strcmp(req->name, "handoff") == 0)
        return pd_handoff_build(g, conn, report_zone(req, g->config),
                                req->out_dir, req->now, out, err);
    rc = build(req, g->config, NULL, &json, out, err);
    if (rc < 0 || !conn)
        return rc;
    if (pd_file_mkdirs(req->out_dir, err) < 0)
        return -1;
    rc = build(req, g->config, conn, &json, out, err);
    snprintf(prefix, sizeof(prefix), "/%s-", req->name);
    if (rc == 0)
        rc = out_path(base, sizeof(base), req->out_dir, prefix, err);
    if (rc == 0)
        rc = out_path(base + strlen(base), sizeof(base) - strlen(base),
                      out->label, "", err);
    if (rc == 0)
        rc = write_outputs(strcmp(req->name, "okr") == 0 ? &okr_renderer
                                                         : &weekly_renderer,
                           json.buf, base, g->config, req->now, out, err);
    pd_buf_release(&json);
    return rc;
}

int
pd_cmd_report(int argc, char **argv, struct pd_globals *g)
{
    struct report_args a = {NULL, NULL, NULL, NULL, NULL};
    struct pd_report_req req;
    struct pd_report_outputs out = {NULL, 0, "", ""};
    struct pd_err err = PD_ERR_INIT;
    PGconn *conn;
    int rc;

    if (argc >= 2 && strcmp(argv[1], "handoff") == 0)
        return pd_cmd_handoff(argc - 1, argv + 1, g);
    /* -1: help shown; else 0 or the usage exit status. */
    if ((rc = parse_args(argc, argv, &a)) != 0)
        return rc == -1 ? PD_EXIT_OK : rc;
    req = (struct pd_report_req){
        a.name, a.week ? a.week : a.quarter, a.zone, a.out, pd_now_us(), false};
    /* The period is checked before anything connects or writes. */
    if (pd_report_build(g, NULL, &req, &out, &err) < 0) {
        pd_log_err(&err);
        return PD_EXIT_USAGE;
    }
    conn = pd_warehouse_open(g, &err);
    if (!conn) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    rc = pd_report_build(g, conn, &req, &out, &err);
    pd_db_close(conn);
    pd_report_outputs_release(&out);
    if (rc < 0) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    printf("wrote %s/%s-%s.xlsx, .md, .html, .txt%s and .json (%s, %s)\n",
           a.out, a.name, out.label,
           strcmp(a.name, "weekly") == 0 ? ", .eml, .pdf" : "", out.label,
           out.zone);
    return PD_EXIT_OK;
}
