/*
 * prodops - support, NPS and usage exports into PostgreSQL, and the reports
 * product operations owes every week and quarter.
 *
 * main() handles the global options and dispatches through pd_commands[]
 * (git's git.c).  Only jobs/ prints or exits (STYLE rule 7).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "reports/chart.h"

static void
usage(FILE *out)
{
    fprintf(out,
            "prodops turns support, NPS and usage exports into a warehouse "
            "and reports.\n\n"
            "Usage:\n"
            "  prodops [OPTION]... COMMAND [ARG]...\n\n"
            "Commands:\n");
    for (const struct pd_command *c = pd_commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out,
            "\nOptions:\n"
            "  -c, --config=FILE  configuration file (default: "
            "$PRODOPS_CONFIG, ./prodops.conf)\n"
            "  -v, --verbose      print debug traces\n"
            "  -q, --quiet        print errors only\n"
            "  -V, --version      print the version and exit\n"
            "  -h, --help         show this help and exit\n\n"
            "Environment:\n"
            "  PRODOPS_DSN        libpq connection string of the warehouse\n"
            "  PRODOPS_HOME       folder of the embedded database "
            "(default ./.prodops)\n"
            "  PGHOST, PGDATABASE, ...  libpq variables: use that server\n\n"
            "Run 'prodops COMMAND --help' for a command's options.\n");
}

int
main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"verbose", no_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},
        {"version", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *config_path = NULL;
    struct pd_globals g = {"prodops", NULL};
    struct pd_err err = PD_ERR_INIT;
    int c, rc;

    pd_log_init("prodops");
    /* "+": stop at the command name; the rest belongs to the command. */
    while ((c = getopt_long(argc, argv, "+c:vqVh", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            config_path = optarg;
            break;
        case 'v':
            pd_log_set_level(PD_LOG_DEBUG);
            break;
        case 'q':
            pd_log_set_level(PD_LOG_ERROR);
            break;
        case 'V':
            printf("prodops 0.1.0\n");
            return PD_EXIT_OK;
        case 'h':
            usage(stdout);
            return PD_EXIT_OK;
        default:
            fprintf(stderr, "Try 'prodops --help' for more information.\n");
            return PD_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return PD_EXIT_USAGE;
    }
    for (const struct pd_command *cmd = pd_commands; cmd->name; cmd++) {
        if (strcmp(cmd->name, argv[optind]) != 0)
            continue;
        g.config = pd_config_load(config_path, &err);
        if (!g.config) {
            pd_log_err(&err);
            return pd_exit_for(err.code);
        }
        argv += optind;
        argc -= optind;
        optind = 0; /* reset getopt for the command's own parsing */
        rc = cmd->fn(argc, argv, &g);
        pd_config_free(g.config);
        pd_chart_cleanup();
        return rc;
    }
    pd_log_error("'%s' is not a prodops command", argv[optind]);
    fprintf(stderr, "Try 'prodops --help' for more information.\n");
    return PD_EXIT_USAGE;
}
