/*
 * cli - the command table and what every command receives.
 *
 * main() parses the global options (-c/--config, -v, -q), loads the
 * configuration and dispatches `prodops <command>` through pd_commands[].
 * Each command file (cmd_*.c) parses its own options with getopt_long,
 * prints PostgreSQL-style --help to stdout, and returns an exit code from
 * jobs/exit.h.  Misuse prints one error plus "Try 'prodops CMD --help'."
 * and returns PD_EXIT_USAGE.
 *
 * Ownership: struct pd_globals is owned by main() and valid for the whole
 * command.  Errors: commands return exit codes; they print their own.
 * Limits: none.
 */
#ifndef PD_CLI_H
#define PD_CLI_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "jobs/config.h"
#include "load/retention.h"
#include "reports/report.h"
#include "transform/themes.h"

struct pd_globals {
    const char *progname;
    struct pd_config *config; /* never NULL: defaults when no file */
};

struct pd_command {
    const char *name;
    int (*fn)(int argc, char **argv, struct pd_globals *g);
    const char *summary;
};

extern const struct pd_command pd_commands[];

/* Print "prodops: error: ..." for a usage problem plus the Try line;
 * returns PD_EXIT_USAGE. */
/* The theme rules: the config's [themes] file, else the built-in ones.
 * NULL with *err for an unreadable or bad rule file. */
struct pd_themes *pd_cli_themes(const struct pd_config *cfg,
                                struct pd_err *err);

/* YYYY-MM-DD as midnight UTC in µs: 0, or -1 when it is no such date. */
int pd_cli_parse_day(const char *s, int64_t *out);

/* --log-format=FORMAT of the commands that run as servers (run,
 * schedule): plain, text or json (common/log.h).  0, or the usage error's
 * exit code. */
int pd_cli_log_format(const char *cmd, const char *format);

int pd_cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The libpq connection string to use: the configured DSN (PRODOPS_DSN, the
 * config's [database] dsn, or "" when PGHOST/PGDATABASE are set, letting
 * libpq read its environment), or else the embedded cluster's URI, which is
 * started on demand.  Returns a string valid for the process, or NULL with
 * *err filled. */
const char *pd_cli_conninfo(struct pd_globals *g, struct pd_err *err);

/* True when a database is configured (no embedded cluster). */
bool pd_cli_external_db(const struct pd_globals *g);

int pd_cmd_ingest(int argc, char **argv, struct pd_globals *g);
int pd_cmd_rejects(int argc, char **argv, struct pd_globals *g);
int pd_cmd_db(int argc, char **argv, struct pd_globals *g);
int pd_cmd_demo(int argc, char **argv, struct pd_globals *g);
int pd_cmd_report(int argc, char **argv, struct pd_globals *g);
/* `prodops report handoff`, dispatched by pd_cmd_report (argv[0] is
 * "handoff"). */
int pd_cmd_handoff(int argc, char **argv, struct pd_globals *g);
/* prodops report launch (jobs/cmd_launch.c, issue 17). */
int pd_cmd_launch(int argc, char **argv, struct pd_globals *g);

/* `prodops report experiment`, dispatched by pd_cmd_report (argv[0] is
 * "experiment"). */
int pd_cmd_experiment(int argc, char **argv, struct pd_globals *g);

/* `prodops report experiments` (the quarter's portfolio), dispatched by
 * pd_cmd_report (argv[0] is "experiments"). */
int pd_cmd_experiments(int argc, char **argv, struct pd_globals *g);
int pd_cmd_retheme(int argc, char **argv, struct pd_globals *g);
int pd_cmd_check(int argc, char **argv, struct pd_globals *g);
int pd_cmd_files(int argc, char **argv, struct pd_globals *g);

/* ---- operating the warehouse (issue 18): jobs/cmd_dbops.c, cmd_forget.c
 * `prodops db backup|restore|prune|size`, dispatched by pd_cmd_db with
 * argv[0] the subcommand. */
int pd_cmd_db_backup(int argc, char **argv, struct pd_globals *g);
int pd_cmd_db_restore(int argc, char **argv, struct pd_globals *g);
int pd_cmd_db_prune(int argc, char **argv, struct pd_globals *g);
int pd_cmd_db_size(int argc, char **argv, struct pd_globals *g);
int pd_cmd_forget(int argc, char **argv, struct pd_globals *g);

/* What a prune did, one line for the events (when o->events_months) and
 * one for the rejects (when o->rejects_days), "" otherwise: printed by
 * `prodops db prune`, logged by a job. */
void pd_cli_retention_lines(const struct pd_retention_opts *o,
                            const struct pd_retention_result *r, char *events,
                            char *rejects, size_t n);

/* ---- scheduled jobs (issue 6) ------------------------------------------ */

int pd_cmd_run(int argc, char **argv, struct pd_globals *g);
int pd_cmd_jobs(int argc, char **argv, struct pd_globals *g);
int pd_cmd_schedule(int argc, char **argv, struct pd_globals *g);
int pd_cmd_cron(int argc, char **argv, struct pd_globals *g);
int pd_cmd_init(int argc, char **argv, struct pd_globals *g);

/* The reports' view of the configuration (reports/report.h): borrowed
 * from cfg, but for the area list, which is freed by
 * pd_cli_report_settings_release(). */
void pd_cli_report_settings(const struct pd_config *cfg,
                            struct pd_report_settings *s);
void pd_cli_report_settings_release(struct pd_report_settings *s);

#endif
