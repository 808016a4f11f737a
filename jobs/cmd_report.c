/* prodops report weekly: the weekly leadership report (issue 4). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/file.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/warehouse.h"
#include "load/db.h"
#include "reports/doc.h"
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
        "  prodops report handoff [OPTION]...  (the PM handoff: see its "
        "--help)\n\n"
        "Writes DIR/weekly-YYYY-Www.xlsx, .md, .html, .txt and .json for one ISO "
        "week\n(each file appears whole: written aside, then renamed).\n\n"
        "Options:\n"
        "  -w, --week=YYYY-Www   the week (default: the last complete "
        "week in ZONE)\n"
        "      --tz=ZONE         report time zone: weeks and days start "
        "at midnight\n"
        "                        there (default: [report] timezone of "
        "prodops.conf,\n"
        "                        else UTC)\n"
        "  -o, --out=DIR         output folder (default: output)\n"
        "  -h, --help            show this help and exit\n\n"
        "Environment:\n"
        "  PRODOPS_NOW           the current time (ISO 8601), for the "
        "default week\n\n"
        "Exit status: 0 written, 2 usage, 3 database, 4 file system, 5 "
        "internal error.\n");
}

struct report_args {
    const char *week, *zone, *out;
};

static int
parse_args(int argc, char **argv, struct report_args *a)
{
    enum { O_TZ = 256 };
    static const struct option opts[] = {{"week", required_argument, NULL, 'w'},
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
        return pd_cli_usage_error("report", "name a report: weekly, handoff");
    }
    if (strcmp(argv[1], "weekly") != 0)
        return pd_cli_usage_error(
            "report", "unknown report '%s' (weekly, handoff)", argv[1]);
    optind = 2;
    while ((c = getopt_long(argc, argv, "w:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'w':
            a->week = optarg;
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

/* Every output of the week, from the one JSON document. */
static int
write_outputs(const char *json, const char *base, struct pd_err *err)
{
    struct pd_doc doc;
    struct pd_buf text = PD_BUF_INIT;
    char path[4096], tmp[4200];
    int rc;

    if (out_path(path, sizeof(path), base, ".json", err) < 0 ||
        pd_file_write_atomic(path, json, strlen(json), err) < 0)
        return -1;
    if (pd_doc_parse(&doc, json, err) < 0)
        return -1;
    pd_summary_weekly(doc.root, PD_SUMMARY_MARKDOWN, &text);
    rc = out_path(path, sizeof(path), base, ".md", err);
    if (rc == 0)
        rc = pd_file_write_atomic(path, text.buf, text.len, err);
    pd_buf_reset(&text);
    if (rc == 0) {
        pd_summary_weekly(doc.root, PD_SUMMARY_TEXT, &text);
        rc = out_path(path, sizeof(path), base, ".txt", err);
        if (rc == 0)
            rc = pd_file_write_atomic(path, text.buf, text.len, err);
    }
    if (rc == 0) {
        pd_buf_reset(&text);
        pd_summary_weekly_html(doc.root, &text);
        rc = out_path(path, sizeof(path), base, ".html", err);
        if (rc == 0)
            rc = pd_file_write_atomic(path, text.buf, text.len, err);
    }
    if (rc == 0)
        rc = out_path(path, sizeof(path), base, ".xlsx", err);
    if (rc == 0) {
        pd_file_tmp_name(path, tmp, sizeof(tmp));
        rc = pd_xlsx_weekly(doc.root, tmp, err);
        if (rc == 0)
            rc = pd_file_commit(tmp, path, err);
        else
            (void)remove(tmp);
    }
    pd_buf_release(&text);
    pd_doc_free(&doc);
    return rc;
}

int
pd_cmd_report(int argc, char **argv, struct pd_globals *g)
{
    struct report_args a = {NULL, NULL, NULL};
    struct pd_period p;
    struct pd_err err = PD_ERR_INIT;
    struct pd_buf json = PD_BUF_INIT;
    int64_t now = pd_now_us();
    char base[3900];
    PGconn *conn;
    int rc;

    if (argc >= 2 && strcmp(argv[1], "handoff") == 0)
        return pd_cmd_handoff(argc - 1, argv + 1, g);
    /* -1: help shown; else 0 or the usage exit status. */
    if ((rc = parse_args(argc, argv, &a)) != 0)
        return rc == -1 ? PD_EXIT_OK : rc;
    if (!a.zone)
        a.zone =
            g->config->report_timezone ? g->config->report_timezone : "UTC";
    if (pd_period_week(a.week, a.zone, now, &p, &err) < 0) {
        pd_log_err(&err);
        return PD_EXIT_USAGE;
    }
    if (pd_file_mkdirs(a.out, &err) < 0) {
        pd_log_err(&err);
        return PD_EXIT_IO;
    }
    conn = pd_warehouse_open(g, &err);
    if (!conn) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    rc = pd_weekly_json(conn, &p, now, &json, &err);
    pd_db_close(conn);
    if (rc == 0)
        rc = out_path(base, sizeof(base), a.out, "/weekly-", &err);
    if (rc == 0)
        rc = out_path(base + strlen(base), sizeof(base) - strlen(base), p.label,
                      "", &err);
    if (rc == 0)
        rc = write_outputs(json.buf, base, &err);
    pd_buf_release(&json);
    if (rc < 0) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    printf("wrote %s.xlsx, .md, .html, .txt and .json (%s, %s)\n", base,
           p.label, p.zone);
    return PD_EXIT_OK;
}
