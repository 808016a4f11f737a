/* prodops report handoff: the PM handoff folders (issue 5, SPEC §7). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/timeutil.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/warehouse.h"
#include "load/db.h"
#include "reports/handoff.h"
#include "reports/handoff_run.h"

static void
help(void)
{
    printf(
        "prodops report handoff writes what a product manager needs to "
        "answer \"what\nare customers telling us about my area\": one "
        "folder per product area.\n\n"
        "Usage:\n"
        "  prodops report handoff [OPTION]...\n\n"
        "Writes DIR/handoff-AREA-PERIOD/ for each area: tickets.csv,\n"
        "nps_verbatims.csv, usage_by_feature.csv, accounts.csv, the same "
        "tables in\nhandoff-AREA.xlsx, and README.md (the data "
        "dictionary).  A folder appears\nwhole: it is written aside, then "
        "renamed, replacing an older one.\n\n"
        "Options:\n"
        "  -a, --area=NAME       only this area (see [areas] below)\n"
        "      --all             every area (the default)\n"
        "  -w, --week=YYYY-Www   the ISO week (default: the last complete "
        "week in ZONE)\n"
        "      --from=YYYY-MM-DD first day of the period, in ZONE\n"
        "      --to=YYYY-MM-DD   last day of the period (included)\n"
        "      --tz=ZONE         report time zone (default: [report] "
        "timezone of\n"
        "                        prodops.conf, else UTC)\n"
        "  -o, --out=DIR         output folder (default: output)\n"
        "      --no-redact       keep emails, phone numbers and card numbers "
        "in free\n"
        "                        text (the README says so); requesters "
        "stay\n"
        "                        pseudonymous\n"
        "  -h, --help            show this help and exit\n\n"
        "Areas come from the [areas] section of prodops.conf, one line "
        "each:\n"
        "  Billing = Billing, theme:billing, theme:pricing, event:Invoice*\n"
        "(bare items are ticket product areas, theme: a theme, event: an "
        "event name,\na trailing * a prefix).  Without it, each product "
        "area of the period's\ntickets is an area, with tickets only.\n\n"
        "Environment:\n"
        "  PRODOPS_NOW           the current time (ISO 8601), for the "
        "default week\n\n"
        "Exit status: 0 written, 2 usage, 3 database, 4 file system, 5 "
        "internal error.\n");
}

struct handoff_args {
    const char *area, *week, *from, *to, *zone, *out;
    bool no_redact;
    char out_buf[4000];
};

static int
check_args(const struct handoff_args *a)
{
    if (a->week && (a->from || a->to))
        return pd_cli_usage_error("report",
                                  "--week and --from/--to are exclusive");
    if (!a->from != !a->to)
        return pd_cli_usage_error("report", "--from and --to go together");
    return 0;
}

static int
parse_args(int argc, char **argv, struct handoff_args *a)
{
    enum { O_ALL = 256, O_FROM, O_TO, O_TZ, O_NO_REDACT };
    static const struct option opts[] = {
        {"area", required_argument, NULL, 'a'},
        {"all", no_argument, NULL, O_ALL},
        {"week", required_argument, NULL, 'w'},
        {"from", required_argument, NULL, O_FROM},
        {"to", required_argument, NULL, O_TO},
        {"tz", required_argument, NULL, O_TZ},
        {"out", required_argument, NULL, 'o'},
        {"no-redact", no_argument, NULL, O_NO_REDACT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    bool all = false;
    int c;

    a->out = "output";
    optind = 1;
    while ((c = getopt_long(argc, argv, "a:w:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'a':
            a->area = optarg;
            break;
        case O_ALL:
            all = true;
            break;
        case 'w':
            a->week = optarg;
            break;
        case O_FROM:
            a->from = optarg;
            break;
        case O_TO:
            a->to = optarg;
            break;
        case O_TZ:
            a->zone = optarg;
            break;
        case 'o':
            a->out = optarg;
            break;
        case O_NO_REDACT:
            a->no_redact = true;
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
    /* "out/" would print as "out//handoff-...". */
    if (snprintf(a->out_buf, sizeof(a->out_buf), "%s", a->out) >=
        (int)sizeof(a->out_buf))
        return pd_cli_usage_error("report", "output path too long");
    for (size_t n = strlen(a->out_buf); n > 1 && a->out_buf[n - 1] == '/'; n--)
        a->out_buf[n - 1] = '\0';
    a->out = a->out_buf;
    if (all && a->area)
        return pd_cli_usage_error("report", "--area and --all are exclusive");
    return check_args(a);
}

/* Each folder as it lands: its path and row counts. */
static void
wrote(void *arg, const char *dir, const struct pd_handoff_counts *c)
{
    (void)arg;
    printf("wrote %s/ (%zu tickets, %zu verbatims, %zu features, %zu "
           "accounts)\n",
           dir, c->tickets, c->verbatims, c->features, c->accounts);
    (void)fflush(stdout);
}

/* Every folder through the one handoff path; an exit code. */
static int
run(struct pd_globals *g, const struct handoff_args *a,
    const struct pd_period *p)
{
    struct pd_report_settings s;
    struct pd_err err = PD_ERR_INIT;
    size_t n = 0;
    bool bad_areas = false;
    PGconn *conn;
    int rc;

    conn = pd_warehouse_open(g, &err);
    if (!conn) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    pd_cli_report_settings(g->config, &s);
    rc = pd_handoff_run(conn,
                        &(struct pd_handoff_run){
                            .period = p,
                            .out_dir = a->out,
                            .areas = s.areas,
                            .nareas = s.nareas,
                            .area_source = s.area_source,
                            .only_area = a->area,
                            .no_redact = a->no_redact,
                            .now = pd_now_us(),
                            .hygiene = s.support ? &s.support->hygiene : NULL,
                            .requests_file = s.requests_file,
                            .wrote = wrote},
                        &n, &bad_areas, &err);
    pd_db_close(conn);
    pd_cli_report_settings_release(&s);
    if (rc < 0 && bad_areas)
        return pd_cli_usage_error("report", "%s", err.msg);
    if (rc < 0) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    if (n == 0)
        printf("no areas in %s: no [areas] section, and no ticket of the "
               "period has a product area\n",
               p->label);
    return PD_EXIT_OK;
}

int
pd_cmd_handoff(int argc, char **argv, struct pd_globals *g)
{
    struct handoff_args a;
    struct pd_period p;
    struct pd_err err = PD_ERR_INIT;
    int rc;

    memset(&a, 0, sizeof(a));
    /* -1: help shown; else 0 or the usage exit status. */
    if ((rc = parse_args(argc, argv, &a)) != 0)
        return rc == -1 ? PD_EXIT_OK : rc;
    if (!a.zone)
        a.zone =
            g->config->report_timezone ? g->config->report_timezone : "UTC";
    rc = a.from ? pd_period_days(a.from, a.to, a.zone, &p, &err)
                : pd_period_week(a.week, a.zone, pd_now_us(), &p, &err);
    if (rc < 0) {
        pd_log_err(&err);
        return PD_EXIT_USAGE;
    }
    return run(g, &a, &p);
}
