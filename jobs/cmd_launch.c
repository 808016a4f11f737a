/* prodops report launch: the launch review (issue 17). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/timeutil.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/warehouse.h"
#include "load/db.h"
#include "reports/launch.h"

static void
help(void)
{
    printf("prodops report launch reviews launches: how many accounts use "
           "each one, week\nby week since it shipped, and what customers said "
           "about it before and after.\n\n"
           "Usage:\n"
           "  prodops report launch [OPTION]... [NAME]\n\n"
           "Writes DIR/launch-SLUG.json, .md, .html and .xlsx (with a chart of "
           "the adoption\ncurve) for the launch NAME, for each launch released "
           "on or after --since,\nor for the launches of the last 91 days.  "
           "Launches are the rows of the\nreleases source (kind = releases: "
           "a releases.csv or a Jira version export).\n\n"
           "Options:\n"
           "      --since=YYYY-MM-DD  every launch released on or after this "
           "day\n"
           "      --tz=ZONE           report time zone: weeks start Monday "
           "00:00 there\n"
           "                          (default: [report] timezone of "
           "prodops.conf, else UTC)\n"
           "  -o, --out=DIR           output folder (default: output)\n"
           "  -h, --help              show this help and exit\n\n"
           "Environment:\n"
           "  PRODOPS_NOW             the current time (ISO 8601): usage data "
           "counts\n"
           "                          through the day before it\n\n"
           "Exit status: 0 written, 2 usage (also: no such launch), 3 "
           "database, 4 file\nsystem, 5 internal error.\n");
}

static int
parse_args(int argc, char **argv, struct pd_launch_req *r)
{
    enum { O_TZ = 256, O_SINCE };
    static const struct option opts[] = {
        {"since", required_argument, NULL, O_SINCE},
        {"tz", required_argument, NULL, O_TZ},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;

    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case O_SINCE:
            r->since = optarg;
            break;
        case O_TZ:
            r->zone = optarg;
            break;
        case 'o':
            r->out_dir = optarg;
            break;
        case 'h':
            help();
            return -1;
        default:
            return pd_cli_usage_error("report launch", "bad option");
        }
    }
    if (optind < argc)
        r->name = argv[optind++];
    if (optind < argc)
        return pd_cli_usage_error("report launch", "unexpected argument '%s'",
                                  argv[optind]);
    if (r->name && r->since)
        return pd_cli_usage_error("report launch",
                                  "name a launch or give --since, not both");
    return 0;
}

int
pd_cmd_launch(int argc, char **argv, struct pd_globals *g)
{
    struct pd_launch_req r = {.out_dir = "output", .now = pd_now_us()};
    struct pd_report_settings s;
    struct pd_report_outputs out = {NULL, 0, "", ""};
    struct pd_err err = PD_ERR_INIT;
    PGconn *conn;
    int rc;

    if ((rc = parse_args(argc, argv, &r)) != 0)
        return rc == -1 ? PD_EXIT_OK : rc;
    pd_cli_report_settings(g->config, &s);
    if (!r.zone)
        r.zone = s.zone;
    r.rules_file = s.requests_file;
    /* Options are checked before anything connects or writes. */
    if (pd_launch_build(NULL, &r, &out, &err) < 0) {
        pd_cli_report_settings_release(&s);
        pd_log_err(&err);
        return PD_EXIT_USAGE;
    }
    conn = pd_warehouse_open(g, &err);
    rc = conn ? pd_launch_build(conn, &r, &out, &err) : -1;
    pd_db_close(conn);
    pd_cli_report_settings_release(&s);
    if (rc < 0) {
        pd_report_outputs_release(&out);
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    for (size_t i = 0; i < out.n; i++)
        printf("wrote %s\n", out.paths[i]);
    printf("%zu launch review%s (%s)\n", out.n / 4, out.n / 4 == 1 ? "" : "s",
           out.zone);
    pd_report_outputs_release(&out);
    return PD_EXIT_OK;
}
