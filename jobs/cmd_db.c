/* prodops db: the embedded PostgreSQL (or the configured server). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/warehouse.h"
#include "load/cluster.h"
#include "load/db.h"

static void
help(void)
{
    printf(
        "prodops db manages the embedded PostgreSQL that prodops runs "
        "when no database\nis configured (data in $PRODOPS_HOME/pg, "
        "default ./.prodops/pg; unix socket only).\n\n"
        "Usage:\n"
        "  prodops db start          initialize if needed and start; create "
        "the schema\n"
        "  prodops db stop           stop the embedded server\n"
        "  prodops db status         say whether it runs\n"
        "  prodops db url            print the connection URI: psql \"$(prodops "
        "db url)\"\n"
        "  prodops db psql           open psql on the warehouse\n"
        "  prodops db backup FILE    pg_dump of the warehouse (custom "
        "format)\n"
        "  prodops db restore FILE   load a backup into an empty "
        "warehouse\n"
        "  prodops db prune          apply [retention]: old events and "
        "rejected rows\n"
        "  prodops db size           rows and bytes of each table\n\n"
        "'prodops db SUBCOMMAND --help' shows a subcommand's options.\n"
        "With PRODOPS_DSN, a [database] dsn or PGHOST/PGDATABASE set, "
        "that server is used\nand never started or stopped by "
        "prodops.\n");
}

static int
fail(const struct pd_err *err)
{
    pd_log_err(err);
    return pd_exit_for(err->code);
}

static int
db_start(struct pd_globals *g)
{
    struct pd_err err = PD_ERR_INIT;
    PGconn *conn = pd_warehouse_open(g, &err);

    if (!conn)
        return fail(&err);
    pd_db_close(conn);
    printf("database ready: %s\n", pd_cli_conninfo(g, &err));
    return PD_EXIT_OK;
}

static int
db_stop_status(bool stop)
{
    struct pd_cluster c;
    struct pd_err err = PD_ERR_INIT;
    bool init = false, running = false;

    if (pd_cluster_locate(&c, NULL, &err) < 0)
        return fail(&err);
    if (stop) {
        if (pd_cluster_stop(&c, &err) < 0)
            return fail(&err);
        printf("stopped %s\n", c.datadir);
        return PD_EXIT_OK;
    }
    if (pd_cluster_status(&c, &init, &running, &err) < 0)
        return fail(&err);
    printf("%s: %s\n", c.datadir,
           running ? "running"
           : init  ? "stopped"
                   : "not initialized");
    return running ? PD_EXIT_OK : PD_EXIT_DB;
}

/* The warehouse's operations (jobs/cmd_dbops.c). */
static const struct {
    const char *name;
    int (*fn)(int argc, char **argv, struct pd_globals *g);
} ops[] = {{"backup", pd_cmd_db_backup},
           {"restore", pd_cmd_db_restore},
           {"prune", pd_cmd_db_prune},
           {"size", pd_cmd_db_size}};

int
pd_cmd_db(int argc, char **argv, struct pd_globals *g)
{
    struct pd_err err = PD_ERR_INIT;
    const char *sub = argc > 1 ? argv[1] : NULL;
    const char *uri;

    if (!sub)
        return pd_cli_usage_error("db", "missing subcommand (start, stop, "
                                        "status, url, psql, backup, "
                                        "restore, prune, size)");
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
        help();
        return PD_EXIT_OK;
    }
    if (!strcmp(sub, "start"))
        return db_start(g);
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        if (!strcmp(sub, ops[i].name))
            return ops[i].fn(argc - 1, argv + 1, g);
    if ((!strcmp(sub, "stop") || !strcmp(sub, "status")) &&
        pd_cli_external_db(g)) {
        pd_log_error("a database is configured (PRODOPS_DSN, [database] dsn "
                     "or PG* variables): prodops does not manage it");
        return PD_EXIT_USAGE;
    }
    if (!strcmp(sub, "stop") || !strcmp(sub, "status"))
        return db_stop_status(!strcmp(sub, "stop"));
    if (strcmp(sub, "url") && strcmp(sub, "psql"))
        return pd_cli_usage_error("db", "unknown subcommand '%s'", sub);
    uri = pd_cli_conninfo(g, &err);
    if (!uri)
        return fail(&err);
    if (!strcmp(sub, "url")) {
        printf("%s\n", uri);
        return PD_EXIT_OK;
    }
    fflush(stdout);
    execlp("psql", "psql", uri, (char *)NULL);
    pd_log_error("cannot run psql: install postgresql-client");
    return PD_EXIT_IO;
}
