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
int pd_cmd_retheme(int argc, char **argv, struct pd_globals *g);
int pd_cmd_check(int argc, char **argv, struct pd_globals *g);
int pd_cmd_files(int argc, char **argv, struct pd_globals *g);

/* ---- scheduled jobs (issue 6) ------------------------------------------ */

int pd_cmd_run(int argc, char **argv, struct pd_globals *g);
int pd_cmd_jobs(int argc, char **argv, struct pd_globals *g);
int pd_cmd_schedule(int argc, char **argv, struct pd_globals *g);
int pd_cmd_cron(int argc, char **argv, struct pd_globals *g);
int pd_cmd_init(int argc, char **argv, struct pd_globals *g);

/* A report to build into a folder: what `prodops report` and a job's run
 * share (cmd_report.c). */
struct pd_report_req {
    const char *name;    /* weekly, okr, handoff */
    const char *period;  /* YYYY-Www or YYYYQn; NULL: the default for now */
    const char *zone;    /* NULL: [report] timezone, else UTC */
    const char *out_dir; /* created when missing */
    int64_t now;         /* the report's "now", UTC µs */
    /* A job's run: on the first day of a quarter (no whole day of it yet)
     * the okr review is of the quarter just ended. */
    bool scheduled;
};

/* The files a report wrote; paths are heap strings owned by the struct,
 * freed with pd_report_outputs_release() (zero it first). */
struct pd_report_outputs {
    char **paths;
    size_t n;
    char label[16]; /* the period written: "2026-W46", "2026Q4" */
    char zone[64];
};
void pd_report_outputs_release(struct pd_report_outputs *o);

/* Build report req->name: each file written aside and renamed into place,
 * its path appended to *out.  conn NULL checks the name and period only.
 * 0, or -1 with *err: PD_E_USAGE for a bad period or a report this build
 * does not have, else the database's or file system's error. */
int pd_report_build(struct pd_globals *g, PGconn *conn,
                    const struct pd_report_req *req,
                    struct pd_report_outputs *out, struct pd_err *err);

/* The PM handoff of every area ([areas], else each product area of the
 * tickets) for the last complete week before now in zone, redacted: one
 * folder per area in out_dir, each folder's path appended to *out
 * (cmd_handoff.c; pd_report_build() calls it for "handoff").  conn NULL
 * checks the period only. */
int pd_handoff_build(struct pd_globals *g, PGconn *conn, const char *zone,
                     const char *out_dir, int64_t now,
                     struct pd_report_outputs *out, struct pd_err *err);

#endif
