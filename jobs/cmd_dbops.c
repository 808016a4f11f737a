/* prodops db backup | restore | prune | size: operating the warehouse
 * (issue 18).  The work is in load/backup.h, load/retention.h and
 * load/table_size.h; this file parses, calls and prints. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/warehouse.h"
#include "load/backup.h"
#include "load/db.h"
#include "load/migrate.h"
#include "load/retention.h"
#include "load/table_size.h"

static int
fail(const struct pd_err *err)
{
    pd_log_err(err);
    return pd_exit_for(err->code);
}

static void
backup_help(void)
{
    printf("prodops db backup writes the warehouse (schema prodops) to FILE "
           "with pg_dump,\nin PostgreSQL's custom format.  It reads one "
           "snapshot: a backup taken while a\njob loads holds each file "
           "wholly or not at all.\n\n"
           "Usage:\n"
           "  prodops db backup FILE\n"
           "  prodops db restore [--force] FILE\n\n"
           "restore loads a backup into an empty warehouse (a new "
           "PRODOPS_HOME or\ndatabase, or one that holds no file and no "
           "run) and brings it to this\nversion's schema.\n\n"
           "Options:\n"
           "      --force     restore replaces a warehouse that holds "
           "data (kept aside\n"
           "                  until the restore succeeded)\n"
           "  -h, --help      show this help and exit\n\n"
           "The pg_dump and pg_restore of the server's major version are "
           "used\n(/usr/lib/postgresql/N/bin, else PRODOPS_PG_BINDIR, "
           "else PATH).\n\n"
           "Exit status: 0 done, 2 usage or a warehouse not empty, 3 "
           "database or tool\nfailure, 4 the file.\n");
}

/* [--force] FILE; 0, -1 after --help, or an exit code. */
static int
backup_args(int argc, char **argv, const char *cmd, bool *force,
            const char **file)
{
    enum { O_FORCE = 256 };
    static const struct option opts[] = {{"force", no_argument, NULL, O_FORCE},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int c;

    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            backup_help();
            return -1;
        }
        if (c != O_FORCE || !force)
            return pd_cli_usage_error("db", "bad option for 'db %s'", cmd);
        *force = true;
    }
    if (optind != argc - 1)
        return pd_cli_usage_error("db", "'db %s' takes one FILE", cmd);
    *file = argv[optind];
    return 0;
}

int
pd_cmd_db_backup(int argc, char **argv, struct pd_globals *g)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_backup_info info;
    const char *file = NULL;
    char size[32];
    PGconn *conn;
    int rc = backup_args(argc, argv, "backup", NULL, &file);

    if (rc != 0)
        return rc < 0 ? PD_EXIT_OK : rc;
    conn = pd_warehouse_open(g, &err);
    if (!conn)
        return fail(&err);
    rc = pd_backup_dump(conn, file, &info, &err);
    pd_db_close(conn);
    if (rc < 0)
        return fail(&err);
    pd_table_size_pretty(info.bytes, size, sizeof(size));
    printf("backed up the warehouse to %s (%s, PostgreSQL %s, schema "
           "version %d)\n",
           file, size, info.server, pd_migrate_latest());
    return PD_EXIT_OK;
}

int
pd_cmd_db_restore(int argc, char **argv, struct pd_globals *g)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_backup_info info;
    const char *file = NULL, *conninfo;
    bool force = false;
    PGconn *conn;
    int rc = backup_args(argc, argv, "restore", &force, &file);

    if (rc != 0)
        return rc < 0 ? PD_EXIT_OK : rc;
    /* Not pd_warehouse_open(): it would make an empty schema to restore
     * over. */
    conninfo = pd_cli_conninfo(g, &err);
    conn = conninfo ? pd_db_connect(conninfo, &err) : NULL;
    if (!conn)
        return fail(&err);
    rc = pd_backup_restore(conn, file, force, &info, &err);
    if (rc == 0)
        rc = pd_migrate(conn, &err);
    pd_db_close(conn);
    if (rc < 0)
        return fail(&err);
    printf("restored %s into the warehouse (PostgreSQL %s, schema version "
           "%d)\n",
           file, info.server, pd_migrate_latest());
    if (info.files || info.runs)
        printf("replaced a warehouse of %" PRId64 " file%s and %" PRId64
               " run%s\n",
               info.files, info.files == 1 ? "" : "s", info.runs,
               info.runs == 1 ? "" : "s");
    return PD_EXIT_OK;
}

/* ---- prune ------------------------------------------------------------- */

static void
prune_help(void)
{
    printf("prodops db prune applies the [retention] settings now (jobs "
           "apply them after\ntheir reports): it drops the usage events of "
           "months older than\nevents_months, a month at a time, and "
           "deletes the rejected rows of files\nloaded more than "
           "rejects_days ago.  The rollups the reports read are kept.\n\n"
           "Usage:\n"
           "  prodops db prune [OPTION]...\n\n"
           "Options:\n"
           "      --events-months=N  this instead of [retention] "
           "events_months\n"
           "      --rejects-days=N   this instead of [retention] "
           "rejects_days\n"
           "  -h, --help             show this help and exit\n\n"
           "Environment:\n"
           "  PRODOPS_NOW            a fixed current time (ISO 8601), for "
           "tests\n");
}

static int
prune_number(const char *v, const char *opt, int *out)
{
    char *end;
    long n = strtol(v, &end, 10);

    if (end == v || *end || n < 1 || n > 100000)
        return pd_cli_usage_error("db", "%s takes a whole number >= 1", opt);
    *out = (int)n;
    return 0;
}

static int
prune_args(int argc, char **argv, struct pd_retention_opts *o)
{
    enum { O_MONTHS = 256, O_DAYS };
    static const struct option opts[] = {
        {"events-months", required_argument, NULL, O_MONTHS},
        {"rejects-days", required_argument, NULL, O_DAYS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c, rc = 0;

    while (rc == 0 && (c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            prune_help();
            return -1;
        }
        if (c == O_MONTHS)
            rc = prune_number(optarg, "--events-months", &o->events_months);
        else if (c == O_DAYS)
            rc = prune_number(optarg, "--rejects-days", &o->rejects_days);
        else
            rc = pd_cli_usage_error("db", "bad option for 'db prune'");
    }
    if (rc == 0 && optind < argc)
        rc = pd_cli_usage_error("db", "'db prune' takes no arguments");
    if (rc == 0 && !o->events_months && !o->rejects_days)
        rc = pd_cli_usage_error("db", "nothing to prune: set [retention] "
                                      "events_months or rejects_days, or give "
                                      "--events-months or --rejects-days");
    return rc;
}

void
pd_cli_retention_lines(const struct pd_retention_opts *o,
                       const struct pd_retention_result *r, char *events,
                       char *rejects, size_t n)
{
    char when[40], size[32];

    events[0] = rejects[0] = '\0';
    if (o->events_months) {
        pd_time_format_iso(pd_retention_events_cutoff(o->now, o->events_months),
                           when, sizeof(when));
        pd_table_size_pretty(r->event_bytes, size, sizeof(size));
        if (r->months)
            snprintf(events, n,
                     "dropped %d month%s of events (%s to %s): %" PRId64
                     " events, %s",
                     r->months, r->months == 1 ? "" : "s", r->first, r->last,
                     r->events, size);
        else
            snprintf(events, n,
                     "no month of events ends before %s (events_months "
                     "= %d)",
                     when, o->events_months);
    }
    if (o->rejects_days)
        snprintf(rejects, n,
                 "deleted %" PRId64 " rejected row%s of %" PRId64
                 " file%s loaded more than %d days ago",
                 r->rejects, r->rejects == 1 ? "" : "s", r->reject_files,
                 r->reject_files == 1 ? "" : "s", o->rejects_days);
}

int
pd_cmd_db_prune(int argc, char **argv, struct pd_globals *g)
{
    struct pd_retention_opts o = {g->config->retention_events_months,
                                  g->config->retention_rejects_days,
                                  pd_now_us()};
    struct pd_retention_result r;
    struct pd_err err = PD_ERR_INIT;
    char events[300], rejects[300];
    PGconn *conn;
    int rc = prune_args(argc, argv, &o);

    if (rc != 0)
        return rc < 0 ? PD_EXIT_OK : rc;
    conn = pd_warehouse_open(g, &err);
    if (!conn)
        return fail(&err);
    rc = pd_retention_prune(conn, &o, &r, &err);
    pd_db_close(conn);
    if (rc < 0)
        return fail(&err);
    pd_cli_retention_lines(&o, &r, events, rejects, sizeof(events));
    if (events[0])
        printf("%s\n", events);
    if (rejects[0])
        printf("%s\n", rejects);
    return PD_EXIT_OK;
}

/* ---- size -------------------------------------------------------------- */

static void
size_json(const struct pd_table_sizes *s)
{
    struct pd_buf b = PD_BUF_INIT;

    pd_buf_addstr(&b, "{\"tables\": [");
    for (size_t i = 0; i < s->n; i++) {
        const struct pd_table_size *t = &s->t[i];
        pd_buf_addstr(&b, i ? ", {\"name\": " : "{\"name\": ");
        pd_json_str(&b, t->name);
        pd_buf_addf(&b,
                    ", \"rows\": %" PRId64 ", \"bytes\": %" PRId64
                    ", \"partitions\": %d}",
                    t->rows, t->bytes, t->partitions);
    }
    pd_buf_addf(&b, "], \"bytes\": %" PRId64 "}", s->bytes);
    printf("%s\n", b.buf);
    pd_buf_release(&b);
}

static void
size_table(const struct pd_table_sizes *s)
{
    char size[32];

    printf("%-20s %12s %10s\n", "table", "rows", "size");
    for (size_t i = 0; i < s->n; i++) {
        const struct pd_table_size *t = &s->t[i];
        pd_table_size_pretty(t->bytes, size, sizeof(size));
        printf("%-20s %12" PRId64 " %10s", t->name, t->rows, size);
        if (t->partitions)
            printf("  %d monthly partition%s", t->partitions,
                   t->partitions == 1 ? "" : "s");
        if (t->span[0])
            printf(", %s", t->span);
        printf("\n");
    }
    pd_table_size_pretty(s->bytes, size, sizeof(size));
    printf("%-20s %12s %10s\n", "total", "", size);
}

int
pd_cmd_db_size(int argc, char **argv, struct pd_globals *g)
{
    enum { O_JSON = 256 };
    static const struct option opts[] = {{"json", no_argument, NULL, O_JSON},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    struct pd_err err = PD_ERR_INIT;
    struct pd_table_sizes s;
    bool json = false;
    PGconn *conn;
    int c, rc;

    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            printf("prodops db size shows what each table of the warehouse "
                   "holds: rows,\nbytes with indexes (a partitioned table "
                   "summed over its partitions),\nlargest first, and the "
                   "total.\n\nUsage:\n  prodops db size [--json]\n\n"
                   "Options:\n      --json      one JSON object\n"
                   "  -h, --help      show this help and exit\n");
            return PD_EXIT_OK;
        }
        if (c != O_JSON)
            return pd_cli_usage_error("db", "bad option for 'db size'");
        json = true;
    }
    conn = pd_warehouse_open(g, &err);
    if (!conn)
        return fail(&err);
    rc = pd_table_sizes(conn, &s, &err);
    pd_db_close(conn);
    if (rc < 0)
        return fail(&err);
    if (json)
        size_json(&s);
    else
        size_table(&s);
    pd_table_sizes_release(&s);
    return PD_EXIT_OK;
}
