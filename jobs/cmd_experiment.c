/* prodops report experiment: an experiment's readout (issue 16, SPEC §9),
 * dispatched by pd_cmd_report. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/timeutil.h"
#include "jobs/cli.h"
#include "jobs/config.h"
#include "jobs/exit.h"
#include "jobs/warehouse.h"
#include "load/db.h"
#include "reports/experiment_portfolio.h"
#include "reports/experiment_report.h"

static void
help(void)
{
    printf("prodops report experiment writes an experiment's readout.\n\n"
           "Usage:\n"
           "  prodops report experiment NAME [OPTION]...\n"
           "  prodops report experiment --all [OPTION]...\n\n"
           "Writes DIR/experiment-<slug>.json, .md, .html and .xlsx for the\n"
           "[experiment \"NAME\"] section of prodops.conf (--all: for each): "
           "the\ndecision first, then the primary metric, guardrails (tickets "
           "per 1 000\nusers, detractor share), secondary metrics and caveats "
           "(SPEC §9).\n\n"
           "Options:\n"
           "  -a, --all             every configured experiment\n"
           "      --as-of=DATE      the last day of data to read (default: "
           "min(today,\n"
           "                        the usage data_through))\n"
           "      --tz=ZONE         report time zone: days start at midnight "
           "there\n"
           "                        (default: [report] timezone, else UTC)\n"
           "  -o, --out=DIR         output folder (default: output)\n"
           "  -h, --help            show this help and exit\n\n"
           "Exit status: 0 written, 2 usage, 3 database, 4 file system, 5 "
           "internal error.\n");
}

struct exp_args {
    const char *name, *as_of, *zone, *out;
    bool all;
};

static int
parse_args(int argc, char **argv, struct exp_args *a)
{
    enum { O_AS_OF = 256, O_TZ };
    static const struct option opts[] = {
        {"all", no_argument, NULL, 'a'},
        {"as-of", required_argument, NULL, O_AS_OF},
        {"tz", required_argument, NULL, O_TZ},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;

    optind = 1;
    while (optind < argc) {
        /* The name may come before the options (getopt here stops at the
         * first operand). */
        if ((c = getopt_long(argc, argv, "ao:h", opts, NULL)) == -1) {
            if (a->name)
                return pd_cli_usage_error("report", "unexpected argument '%s'",
                                          argv[optind]);
            a->name = argv[optind++];
            continue;
        }
        switch (c) {
        case 'a':
            a->all = true;
            break;
        case O_AS_OF:
            a->as_of = optarg;
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
    if (!a->name == !a->all)
        return pd_cli_usage_error("report",
                                  "name one experiment or give --all");
    return 0;
}

/* The experiments to write: the one named, or all. */
static int
pick(const struct pd_config *cfg, const struct exp_args *a, size_t *first,
     size_t *n)
{
    *first = 0;
    *n = cfg->nexperiments;
    if (a->all) {
        if (*n == 0)
            return pd_cli_usage_error("report",
                                      "no [experiment \"NAME\"] section in the "
                                      "configuration");
        return 0;
    }
    for (size_t i = 0; i < cfg->nexperiments; i++)
        if (!strcmp(cfg->experiments[i].name, a->name)) {
            *first = i;
            *n = 1;
            return 0;
        }
    return pd_cli_usage_error("report",
                              "unknown experiment '%s' (add [experiment "
                              "\"%s\"] to prodops.conf)",
                              a->name, a->name);
}

static int
write_all(PGconn *conn, const struct pd_config *cfg, const struct exp_args *a,
          size_t first, size_t n, int64_t as_of)
{
    struct pd_report_settings s;
    struct pd_err err = PD_ERR_INIT;
    const char *zone = a->zone                ? a->zone
                       : cfg->report_timezone ? cfg->report_timezone
                                              : "UTC";
    int rc = PD_EXIT_OK;

    pd_cli_report_settings(cfg, &s);
    for (size_t i = first; i < first + n && rc == PD_EXIT_OK; i++) {
        const struct pd_experiment *x = &cfg->experiments[i];
        struct pd_report_outputs out = {NULL, 0, "", ""};
        char slug[256];
        if (pd_experiment_report(conn, x, &s, zone, as_of, a->out, pd_now_us(),
                                 &out, &err) < 0) {
            pd_log_err(&err);
            rc = pd_exit_for(err.code);
        } else {
            pd_experiment_slug(x->name, slug, sizeof(slug));
            printf("wrote %s/experiment-%s.json, .md, .html and .xlsx\n",
                   a->out, slug);
        }
        pd_report_outputs_release(&out);
    }
    pd_cli_report_settings_release(&s);
    return rc;
}

int
pd_cmd_experiment(int argc, char **argv, struct pd_globals *g)
{
    struct exp_args a = {NULL, NULL, NULL, "output", false};
    struct pd_err err = PD_ERR_INIT;
    int64_t as_of = -1;
    size_t first, n;
    PGconn *conn;
    int rc;

    if ((rc = parse_args(argc, argv, &a)) != 0)
        return rc == -1 ? PD_EXIT_OK : rc;
    if (a.as_of && pd_time_parse_day(a.as_of, strlen(a.as_of), &as_of) < 0)
        return pd_cli_usage_error("report",
                                  "--as-of: '%s' is not a day "
                                  "(YYYY-MM-DD)",
                                  a.as_of);
    if ((rc = pick(g->config, &a, &first, &n)) != 0)
        return rc;
    conn = pd_warehouse_open(g, &err);
    if (!conn) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    rc = write_all(conn, g->config, &a, first, n, as_of);
    pd_db_close(conn);
    return rc;
}

static void
portfolio_help(void)
{
    printf("prodops report experiments writes the quarter's experiment "
           "portfolio.\n\n"
           "Usage:\n"
           "  prodops report experiments [OPTION]...\n\n"
           "Writes DIR/experiments-YYYYQn.json, .md, .html and .xlsx: every "
           "[experiment]\nthat ran in the quarter with its area (the [areas] "
           "area of its primary\nevent), duration, decision and effect; the "
           "win rate, the median time to\ndecision, experiments per area, "
           "those stopped by a guardrail.\n\n"
           "Options:\n"
           "  -q, --quarter=YYYYQn  the quarter (default: the current one)\n"
           "      --tz=ZONE         report time zone (default: [report] "
           "timezone, else UTC)\n"
           "  -o, --out=DIR         output folder (default: output)\n"
           "  -h, --help            show this help and exit\n\n"
           "Exit status: 0 written, 2 usage, 3 database, 4 file system, 5 "
           "internal error.\n");
}

struct portfolio_args {
    const char *quarter, *zone, *out;
};

static int
parse_portfolio(int argc, char **argv, struct portfolio_args *a)
{
    enum { O_TZ = 256 };
    static const struct option opts[] = {
        {"quarter", required_argument, NULL, 'q'},
        {"tz", required_argument, NULL, O_TZ},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "q:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'q':
            a->quarter = optarg;
            break;
        case O_TZ:
            a->zone = optarg;
            break;
        case 'o':
            a->out = optarg;
            break;
        case 'h':
            portfolio_help();
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

int
pd_cmd_experiments(int argc, char **argv, struct pd_globals *g)
{
    struct portfolio_args a = {NULL, NULL, "output"};
    const struct pd_config *cfg = g->config;
    struct pd_report_settings s;
    struct pd_report_outputs out = {NULL, 0, "", ""};
    struct pd_err err = PD_ERR_INIT;
    const char *zone;
    PGconn *conn = NULL;
    int rc;

    if ((rc = parse_portfolio(argc, argv, &a)) != 0)
        return rc == -1 ? PD_EXIT_OK : rc;
    zone = a.zone                 ? a.zone
           : cfg->report_timezone ? cfg->report_timezone
                                  : "UTC";
    pd_cli_report_settings(cfg, &s);
    /* The quarter is checked before anything connects. */
    rc = pd_experiment_portfolio(NULL, cfg->experiments, cfg->nexperiments, &s,
                                 a.quarter, zone, a.out, pd_now_us(), &out,
                                 &err);
    if (rc == 0 && !(conn = pd_warehouse_open(g, &err)))
        rc = -1;
    if (rc == 0)
        rc = pd_experiment_portfolio(conn, cfg->experiments, cfg->nexperiments,
                                     &s, a.quarter, zone, a.out, pd_now_us(),
                                     &out, &err);
    pd_db_close(conn);
    pd_cli_report_settings_release(&s);
    if (rc < 0) {
        pd_report_outputs_release(&out);
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    printf("wrote %s/experiments-%s.json, .md, .html and .xlsx\n", a.out,
           out.label);
    pd_report_outputs_release(&out);
    return PD_EXIT_OK;
}
