/* prodops report handoff: the PM handoff folders (issue 5, SPEC §7). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/file.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/warehouse.h"
#include "load/db.h"
#include "reports/handoff.h"

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

/* The areas to write: views of the configured ones, or one per product
 * area of the period's tickets (names owned by *names). */
struct area_list {
    struct pd_handoff_area *v;
    size_t n;
    char **names; /* pd_handoff_ticket_areas() */
    size_t nnames;
};

static void
areas_from_config(const struct pd_config *cfg, struct area_list *l)
{
    l->v = pd_xcalloc(cfg->nareas + 1, sizeof(*l->v));
    for (size_t i = 0; i < cfg->nareas; i++) {
        const struct pd_config_area *c = &cfg->areas[i];
        struct pd_handoff_area *a = &l->v[l->n++];
        a->name = c->name;
        a->product_areas = (const char *const *)c->product_areas;
        a->nproduct_areas = c->nproduct_areas;
        a->themes = (const char *const *)c->themes;
        a->nthemes = c->nthemes;
        a->events = (const char *const *)c->events;
        a->nevents = c->nevents;
    }
}

static int
areas_from_tickets(PGconn *conn, const struct pd_handoff_period *p,
                   struct area_list *l, struct pd_err *err)
{
    if (pd_handoff_ticket_areas(conn, p, &l->names, &l->nnames, err) < 0)
        return -1;
    l->v = pd_xcalloc(l->nnames + 1, sizeof(*l->v));
    for (size_t i = 0; i < l->nnames; i++) {
        struct pd_handoff_area *a = &l->v[l->n++];
        a->name = l->names[i];
        a->product_areas = (const char *const *)&l->names[i];
        a->nproduct_areas = 1;
    }
    return 0;
}

static void
area_list_release(struct area_list *l)
{
    free(l->v);
    pd_handoff_names_free(l->names, l->nnames);
}

/* --area NAME (any case) keeps that area alone; an unknown name is a
 * usage error that lists the known ones. */
static int
pick_area(struct area_list *l, const char *name, const char *label)
{
    struct pd_buf known = PD_BUF_INIT;
    int rc;

    for (size_t i = 0; i < l->n; i++) {
        if (strcasecmp(l->v[i].name, name) == 0) {
            l->v[0] = l->v[i];
            l->n = 1;
            return 0;
        }
    }
    for (size_t i = 0; i < l->n; i++)
        pd_buf_addf(&known, "%s'%s'", i ? ", " : "", l->v[i].name);
    rc = pd_cli_usage_error("report", "unknown area '%s' (%s: %s)", name, label,
                            l->n ? known.buf : "none");
    pd_buf_release(&known);
    return rc;
}

/* Two areas must not share a folder. */
static int
check_slugs(const struct area_list *l)
{
    char a[72], b[72];

    for (size_t i = 0; i < l->n; i++)
        for (size_t j = i + 1; j < l->n; j++)
            if (!strcmp(pd_handoff_slug(l->v[i].name, a, sizeof(a)),
                        pd_handoff_slug(l->v[j].name, b, sizeof(b))))
                return pd_cli_usage_error(
                    "report",
                    "areas '%s' and '%s' would share the folder "
                    "name '%s': rename one",
                    l->v[i].name, l->v[j].name, a);
    return 0;
}

static int
write_all(struct pd_handoff *h, const struct area_list *l, struct pd_err *err)
{
    char dir[4096];

    for (size_t i = 0; i < l->n; i++) {
        struct pd_handoff_counts c;
        if (pd_handoff_write(h, &l->v[i], dir, sizeof(dir), &c, err) < 0)
            return -1;
        printf("wrote %s/ (%zu tickets, %zu verbatims, %zu features, %zu "
               "accounts)\n",
               dir, c.tickets, c.verbatims, c.features, c.accounts);
        (void)fflush(stdout);
    }
    return 0;
}

/* The period, the areas, then every folder; an exit code. */
static int
run(struct pd_globals *g, const struct handoff_args *a,
    const struct pd_handoff_period *p)
{
    struct pd_handoff_opts o = {p, a->out, NULL, a->no_redact, pd_now_us()};
    struct area_list l = {NULL, 0, NULL, 0};
    struct pd_err err = PD_ERR_INIT;
    struct pd_handoff *h = NULL;
    char source[600];
    PGconn *conn;
    int rc = 0;

    conn = pd_warehouse_open(g, &err);
    if (!conn) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    /* First: the writer holds the snapshot every query below reads. */
    h = pd_handoff_new(conn, &o, &err);
    if (!h)
        rc = -1;
    else if (g->config->nareas) {
        snprintf(source, sizeof(source), "[areas] of %s", g->config->path);
        o.area_source = source;
        areas_from_config(g->config, &l);
    } else {
        rc = areas_from_tickets(conn, p, &l, &err);
    }
    if (rc == 0 && a->area)
        rc = pick_area(&l, a->area,
                       o.area_source ? "[areas] has"
                                     : "tickets of the period have");
    if (rc == 0)
        rc = check_slugs(&l);
    if (rc == 0 && l.n == 0)
        printf("no areas in %s: no [areas] section, and no ticket of the "
               "period has a product area\n",
               p->label);
    if (rc == 0 && l.n > 0 && pd_file_mkdirs(a->out, &err) < 0)
        rc = -1;
    if (rc == 0 && l.n > 0 && write_all(h, &l, &err) < 0)
        rc = -1;
    pd_handoff_free(h);
    pd_db_close(conn);
    area_list_release(&l);
    if (rc < 0) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    return rc;
}

int
pd_cmd_handoff(int argc, char **argv, struct pd_globals *g)
{
    struct handoff_args a;
    struct pd_handoff_period p;
    struct pd_err err = PD_ERR_INIT;
    int rc;

    memset(&a, 0, sizeof(a));
    /* -1: help shown; else 0 or the usage exit status. */
    if ((rc = parse_args(argc, argv, &a)) != 0)
        return rc == -1 ? PD_EXIT_OK : rc;
    if (!a.zone)
        a.zone =
            g->config->report_timezone ? g->config->report_timezone : "UTC";
    rc = a.from ? pd_handoff_period_days(a.from, a.to, a.zone, &p, &err)
                : pd_handoff_period_week(a.week, a.zone, pd_now_us(), &p, &err);
    if (rc < 0) {
        pd_log_err(&err);
        return PD_EXIT_USAGE;
    }
    return run(g, &a, &p);
}
