/* prodops retheme: apply changed theme rules to loaded rows (SPEC §8). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/warehouse.h"
#include "load/db.h"
#include "load/retheme.h"

static void
help(void)
{
    printf("prodops retheme recomputes the themes of every loaded ticket and "
           "NPS\nresponse with the current rules ([themes] file in "
           "prodops.conf, else the\nbuilt-in rules), in one transaction.\n\n"
           "Usage:\n"
           "  prodops retheme\n\n"
           "Exit status: 0 done, 2 usage or bad rules, 3 database.\n");
}

int
pd_cmd_retheme(int argc, char **argv, struct pd_globals *g)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_retheme_counts n;
    struct pd_themes *rules;
    PGconn *conn;
    int rc;

    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        help();
        return PD_EXIT_OK;
    }
    if (argc > 1)
        return pd_cli_usage_error("retheme", "unexpected argument '%s'",
                                  argv[1]);
    rules = pd_cli_themes(g->config, &err);
    if (!rules) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    conn = pd_warehouse_open(g, &err);
    rc = conn ? pd_retheme(conn, rules, &n, &err) : -1;
    pd_db_close(conn);
    pd_themes_free(rules);
    if (rc < 0) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    printf("rethemed %" PRId64 " tickets (%" PRId64 " changed) and %" PRId64
           " NPS responses (%" PRId64 " changed)\n",
           n.tickets_read, n.tickets_changed, n.nps_read, n.nps_changed);
    return PD_EXIT_OK;
}
