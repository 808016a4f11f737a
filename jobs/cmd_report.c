/* prodops report weekly|okr: the weekly leadership report (issue 4) and
 * the quarterly OKR review (issue 5). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/timeutil.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/warehouse.h"
#include "load/db.h"
#include "reports/okr.h"
#include "reports/report.h"

static void
help(void)
{
    printf(
        "prodops report writes the stakeholder reports.\n\n"
        "Usage:\n"
        "  prodops report weekly [OPTION]...\n"
        "  prodops report okr [OPTION]...\n"
        "  prodops report handoff [OPTION]...  (the PM handoff: see its "
        "--help)\n"
        "  prodops report launch [NAME]...     (launch reviews: see its "
        "--help)\n"
        "  prodops report requests [--quarter=YYYYQn | --week=YYYY-Www] "
        "[--area=AREA]\n"
        "  prodops report experiment NAME|--all [OPTION]...  (SPEC §9: see "
        "its --help)\n"
        "  prodops report experiments [--quarter=YYYYQn]...  (the portfolio: "
        "see its --help)\n\n"
        "weekly writes DIR/weekly-YYYY-Www.xlsx, .md, .html, .txt, .json, .eml "
        "(an\nemail for sendmail -t; [email] from, to, subject) and .pdf (one "
        "page) for\none ISO week; okr writes DIR/okr-YYYYQn.* for the key results of a "
        "quarter\n([okr \"NAME\"] sections of prodops.conf); requests writes "
        "DIR/requests-<period>.json,\n.md, .html and .xlsx: the feature "
        "requests asked before the period's end,\nbest first by the ARR "
        "of the accounts asking ([requests] file: the rules).\nEach file "
        "appears whole: written aside, then renamed.\n\n"
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
        "  -a, --area=AREA       requests: only the requests of this area "
        "([areas] name,\n                        else a ticket product "
        "area)\n"
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
    const struct pd_report_kind *kind;
    const char *week, *quarter, *zone, *out, *area;
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
        {"area", required_argument, NULL, 'a'},
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
                                  "name a report: weekly, okr, handoff, "
                                  "requests or experiment");
    }
    a->kind = pd_report_kind_find(argv[1]);
    /* handoff has its own options (cmd_handoff.c). */
    if (!a->kind || a->kind->build_folders)
        return pd_cli_usage_error(
            "report",
            "unknown report '%s' (weekly, okr, handoff, requests, "
            "experiment, experiments)",
            argv[1]);
    a->name = argv[1];
    optind = 2;
    while ((c = getopt_long(argc, argv, "w:q:o:a:h", opts, NULL)) != -1) {
        switch (c) {
        case 'w':
            if (a->kind->period == PD_REPORT_QUARTER)
                return pd_cli_usage_error("report",
                                          "--week is for the weekly "
                                          "report; okr takes --quarter");
            a->week = optarg;
            break;
        case 'q':
            if (a->kind->period == PD_REPORT_WEEK)
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
        case 'a':
            if (a->kind->period != PD_REPORT_EITHER)
                return pd_cli_usage_error("report",
                                          "--area is for the requests report");
            a->area = optarg;
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
    if (a->week && a->quarter)
        return pd_cli_usage_error("report", "--week or --quarter, not both");
    return 0;
}

int
pd_cmd_report(int argc, char **argv, struct pd_globals *g)
{
    struct report_args a = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    struct pd_report_settings s;
    struct pd_report_req req;
    struct pd_report_outputs out = {NULL, 0, "", ""};
    struct pd_err err = PD_ERR_INIT;
    PGconn *conn;
    int rc;

    if (argc >= 2 && strcmp(argv[1], "handoff") == 0)
        return pd_cmd_handoff(argc - 1, argv + 1, g);
    if (argc >= 2 && strcmp(argv[1], "launch") == 0)
        return pd_cmd_launch(argc - 1, argv + 1, g);
    if (argc >= 2 && strcmp(argv[1], "experiment") == 0)
        return pd_cmd_experiment(argc - 1, argv + 1, g);
    if (argc >= 2 && strcmp(argv[1], "experiments") == 0)
        return pd_cmd_experiments(argc - 1, argv + 1, g);
    /* -1: help shown; else 0 or the usage exit status. */
    if ((rc = parse_args(argc, argv, &a)) != 0)
        return rc == -1 ? PD_EXIT_OK : rc;
    req = (struct pd_report_req){
        a.name, a.week ? a.week : a.quarter, a.zone, a.out, pd_now_us(), false,
        a.area};
    pd_cli_report_settings(g->config, &s);
    /* The period is checked before anything connects or writes. */
    if (pd_report_build(NULL, &s, &req, &out, &err) < 0) {
        pd_cli_report_settings_release(&s);
        pd_log_err(&err);
        return PD_EXIT_USAGE;
    }
    conn = pd_warehouse_open(g, &err);
    if (!conn) {
        pd_cli_report_settings_release(&s);
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    rc = pd_report_build(conn, &s, &req, &out, &err);
    pd_db_close(conn);
    pd_report_outputs_release(&out);
    pd_cli_report_settings_release(&s);
    if (rc < 0) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    printf("wrote %s/%s-%s.xlsx, .md, .html%s%s and .json (%s, %s)\n", a.out,
           a.name, out.label,
           pd_report_kind_writes(a.kind, ".txt") ? ", .txt" : "",
           pd_report_kind_writes(a.kind, ".eml") ? ", .eml, .pdf" : "",
           out.label, out.zone);
    return PD_EXIT_OK;
}
