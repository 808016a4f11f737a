/* prodops ingest: load export files, one transaction per file. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "extract/walk.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/inbox.h"
#include "jobs/ingest.h"
#include "jobs/warehouse.h"
#include "load/db.h"

static void
help(void)
{
    printf(
        "prodops ingest loads support, NPS, usage and CRM exports into "
        "the warehouse.\n\n"
        "Usage:\n"
        "  prodops ingest [OPTION]... PATH...\n\n"
        "PATH is a file (.csv, .json, .jsonl, gzipped, or a .zip of them) or a folder, read "
        "recursively.\nEach file loads in its own transaction; a file "
        "loaded before is skipped.\n\n"
        "Options:\n"
        "  -k, --kind=KIND          tickets, nps, usage, requests, accounts "
        "or releases\n"
        "                           (default: detect tickets, nps, usage or "
        "requests\n"
        "                           from the header)\n"
        "  -s, --source=NAME        source name of the rows (default: "
        "the vendor profile);\n"
        "                           also selects [source \"NAME\"] of "
        "the config\n"
        "  -p, --profile=NAME       vendor profile: zendesk, freshdesk, "
        "jira, hubspot, crm,\n"
        "                           or a [profile \"NAME\"] mapping\n"
        "      --tz=ZONE            time zone of naive timestamps "
        "(default: UTC)\n"
        "      --day-first          read 03/04/2026 as 3 April when a "
        "file does not settle it\n"
        "      --month-first        read 03/04/2026 as March 4 (the "
        "default)\n"
        "      --max-reject-ratio=R reject a file when more than R of "
        "its rows are bad\n"
        "                           (default 0.05)\n"
        "      --as-of=DATE         response time for NPS exports "
        "that have none\n"
        "                           (YYYY-MM-DD, UTC: the day of the "
        "export)\n"
        "      --reprocess          read files loaded before again, with "
        "today's mapping and\n"
        "                           options; their rows are replaced "
        "(not usage files)\n"
        "      --json               print the results as JSON\n"
        "      --no-progress        no progress line on a terminal\n"
        "  -h, --help               show this help and exit\n\n"
        "Exit status: 0 all loaded, 1 rows or files rejected, 2 usage, 3 "
        "database,\n4 file system, 5 internal error.\n");
}

struct ingest_args {
    struct pd_ingest_opts o;
    bool json;
};

static int
parse_args(int argc, char **argv, struct ingest_args *a)
{
    enum {
        O_TZ = 256,
        O_DAY,
        O_MONTH,
        O_RATIO,
        O_JSON,
        O_NOPROG,
        O_ASOF,
        O_REPROCESS
    };
    static const struct option opts[] = {
        {"kind", required_argument, NULL, 'k'},
        {"source", required_argument, NULL, 's'},
        {"profile", required_argument, NULL, 'p'},
        {"tz", required_argument, NULL, O_TZ},
        {"day-first", no_argument, NULL, O_DAY},
        {"month-first", no_argument, NULL, O_MONTH},
        {"max-reject-ratio", required_argument, NULL, O_RATIO},
        {"as-of", required_argument, NULL, O_ASOF},
        {"json", no_argument, NULL, O_JSON},
        {"reprocess", no_argument, NULL, O_REPROCESS},
        {"no-progress", no_argument, NULL, O_NOPROG},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;

    a->o.day_first = -1;
    a->o.max_reject_ratio = -1;
    a->o.progress = pd_log_stderr_is_tty();
    while ((c = getopt_long(argc, argv, "k:s:p:h", opts, NULL)) != -1) {
        switch (c) {
        case 'k':
            a->o.kind = pd_kind_parse(optarg);
            if (a->o.kind == PD_KIND_NONE)
                return pd_cli_usage_error(
                    "ingest",
                    "unknown kind '%s' "
                    "(tickets, nps, usage, requests, accounts, releases)",
                    optarg);
            break;
        case 's':
            if (!optarg[0])
                return pd_cli_usage_error("ingest", "--source takes a name");
            a->o.source = optarg;
            break;
        case 'p':
            if (!optarg[0])
                return pd_cli_usage_error("ingest", "--profile takes a name");
            a->o.profile = optarg;
            break;
        case O_TZ:
            /* An empty zone would silently be UTC (pd_tz_open). */
            if (!optarg[0])
                return pd_cli_usage_error("ingest", "--tz takes a zone name");
            a->o.timezone = optarg;
            break;
        case O_DAY:
        case O_MONTH:
            a->o.day_first = c == O_DAY;
            break;
        case O_RATIO:
            if (!pd_config_parse_ratio(optarg, &a->o.max_reject_ratio))
                return pd_cli_usage_error("ingest", "--max-reject-ratio "
                                                    "must be between 0 and 1");
            break;
        case O_ASOF:
            if (pd_cli_parse_day(optarg, &a->o.as_of) < 0)
                return pd_cli_usage_error("ingest",
                                          "--as-of takes a date as "
                                          "YYYY-MM-DD, not \"%s\"",
                                          optarg);
            a->o.has_as_of = true;
            break;
        case O_JSON:
            a->json = true;
            break;
        case O_REPROCESS:
            a->o.reprocess = true;
            break;
        case O_NOPROG:
            a->o.progress = false;
            break;
        case 'h':
            help();
            return -1;
        default:
            return pd_cli_usage_error("ingest", "bad option");
        }
    }
    if (optind >= argc)
        return pd_cli_usage_error("ingest", "no file or folder given");
    return 0;
}

static void
print_warnings(const struct pd_file_result *r)
{
    const struct pd_row_stats *s = &r->stats;

    for (int c = 0; c < PD_UNMAPPED__COUNT; c++) {
        const struct pd_unmapped_list *l = &s->unmapped.col[c];
        struct pd_buf b = PD_BUF_INIT;
        if (!l->n)
            continue;
        pd_unmapped_describe(l, 5, &b);
        pd_log_warning("%s: %zu %s values stored as %s: %s", r->name,
                       pd_unmapped_total(l),
                       pd_unmapped_column_name((enum pd_unmapped_column)c),
                       pd_unmapped_target((enum pd_unmapped_column)c), b.buf);
        pd_buf_release(&b);
    }
    if (s->text_repaired)
        pd_log_warning("%s: %zu values were not UTF-8 and were read as "
                       "Windows-1252",
                       r->name, s->text_repaired);
    pd_ingest_warn_doubts(r);
    if (r->n.rejected && r->outcome == PD_FILE_LOADED)
        pd_log_warning("%s: %" PRId64 " rows rejected; see 'prodops rejects "
                       "--file %" PRId64 "'",
                       r->name, r->n.rejected, r->file_id);
}

static void
print_text(const struct pd_file_result *r)
{
    char enc[128];

    switch (r->outcome) {
    case PD_FILE_LOADED:
        printf("loaded %s as file %" PRId64 " (%s %s, %s): %" PRId64
               " read, %" PRId64 " new, %" PRId64 " updated, %" PRId64
               " duplicate, %" PRId64 " rejected in %.2f s\n",
               r->name, r->file_id, r->source, r->kind,
               pd_ingest_encoding_label(r, enc, sizeof(enc)), r->n.read,
               r->n.loaded, r->n.updated, r->n.duplicate, r->n.rejected,
               r->seconds);
        if (r->reprocess_of)
            printf("  replaces file %" PRId64 ": %" PRId64
                   " of its rows withdrawn (no longer in the file as read "
                   "now)\n",
                   r->reprocess_of, r->n.withdrawn);
        break;
    case PD_FILE_SKIPPED:
        printf("skipped %s: %s\n", r->name, r->reason);
        break;
    case PD_FILE_REJECTED:
        pd_log_error("%s: file rejected: %s", r->shown, r->reason);
        if (r->hint[0])
            fprintf(stderr, "prodops: hint: %s\n", r->hint);
        break;
    case PD_FILE_UNREADABLE:
        pd_log_error("%s", r->reason);
        break;
    }
    print_warnings(r);
}

static void
json_file(struct pd_buf *b, const struct pd_file_result *r, bool first)
{
    pd_buf_addstr(b, first ? "\n  {" : ",\n  {");
    pd_buf_addstr(b, "\"path\": ");
    pd_json_str(b, r->shown);
    pd_buf_addf(b, ", \"outcome\": \"%s\", \"file_id\": ",
                pd_file_outcome_name(r->outcome));
    if (r->file_id)
        pd_buf_addf(b, "%" PRId64, r->file_id);
    else
        pd_buf_addstr(b, "null");
    pd_buf_addstr(b, ", \"source\": ");
    pd_json_str(b, r->source[0] ? r->source : NULL);
    pd_buf_addstr(b, ", \"kind\": ");
    pd_json_str(b, r->kind[0] ? r->kind : NULL);
    pd_buf_addstr(b, ", \"profile\": ");
    pd_json_str(b, r->profile[0] ? r->profile : NULL);
    pd_buf_addf(b,
                ", \"rows_read\": %" PRId64 ", \"rows_new\": %" PRId64
                ", \"rows_updated\": %" PRId64 ", \"rows_duplicate\": %" PRId64
                ", \"rows_rejected\": %" PRId64 ", \"seconds\": %.3f",
                r->n.read, r->n.loaded, r->n.updated, r->n.duplicate,
                r->n.rejected, r->seconds);
    if (r->reprocess_of)
        pd_buf_addf(
            b, ", \"reprocess_of\": %" PRId64 ", \"rows_withdrawn\": %" PRId64,
            r->reprocess_of, r->n.withdrawn);
    pd_buf_addstr(b, ", \"reason\": ");
    pd_json_str(b, r->reason[0] ? r->reason : NULL);
    pd_buf_addch(b, '}');
}

/* The files in order; the error that stops the run is left in *err. */
static int
run_files(PGconn *conn, struct pd_globals *g, const struct ingest_args *a,
          char **paths, long n, int64_t run_id, struct pd_buf *json,
          struct pd_err *err)
{
    struct pd_file_result r;
    int rc = PD_EXIT_OK;

    for (long i = 0; i < n; i++) {
        if (pd_ingest_file(conn, g->config, &a->o, run_id, paths[i], &r, err) <
            0) {
            pd_log_err(err);
            return pd_exit_for(err->code);
        }
        if (a->json)
            json_file(json, &r, i == 0);
        else
            print_text(&r);
        if (r.outcome == PD_FILE_UNREADABLE)
            rc = PD_EXIT_IO;
        else if ((r.outcome == PD_FILE_REJECTED || r.n.rejected) &&
                 rc == PD_EXIT_OK)
            rc = PD_EXIT_REJECTS;
    }
    return rc;
}

/* The files under the arguments.  A path that does not exist, or that
 * is not a file or folder (a FIFO would block the read), is a usage error;
 * a folder that cannot be read is the file system's (exit 4).  PD_EXIT_OK,
 * or the exit code, with the error printed. */
static int
list_files(char **args, int nargs, struct pd_walk *w, bool *unreadable)
{
    struct pd_err err = PD_ERR_INIT;

    for (int i = 0; i < nargs; i++) {
        if (pd_walk_add(w, args[i], PD_WALK_ARG, &err) < 0) {
            pd_log_err(&err);
            return w->errnum == 0 || w->errnum == ENOENT || w->errnum == ENOTDIR
                       ? PD_EXIT_USAGE
                       : PD_EXIT_IO;
        }
    }
    *unreadable = pd_inbox_log_notes(w, NULL) > 0;
    return PD_EXIT_OK;
}

/*
 * Finish the run row with its status and its first error.  A load that
 * failed on the database can leave the session in a failed transaction,
 * or dead (the server stopped): the row is then written from a new
 * session, and if that fails too the run's own error stays the one
 * printed -- the row, still 'running', is marked abandoned by the next
 * ingest (pd_ledger_run_abandon).  Returns the connection to close.
 */
static PGconn *
record_run(PGconn *conn, struct pd_globals *g, int64_t run_id, int rc,
           const struct pd_err *failure)
{
    struct pd_err e = PD_ERR_INIT;
    const char *status = rc == PD_EXIT_OK        ? "ok"
                         : rc == PD_EXIT_REJECTS ? "rejects"
                                                 : "failed";
    const char *why = strcmp(status, "failed") == 0 ? failure->msg : NULL;

    if (PQstatus(conn) != CONNECTION_OK) {
        pd_db_close(conn);
        conn = pd_warehouse_open(g, &e);
    } else if (PQtransactionStatus(conn) != PQTRANS_IDLE) {
        PQclear(PQexec(conn, "ROLLBACK"));
    }
    if (conn && pd_ledger_run_finish(conn, run_id, status, NULL, why, &e) == 0)
        return conn;
    if (why)
        pd_log_warning("run %" PRId64 " could not be recorded as %s; the "
                       "next ingest marks it abandoned",
                       run_id, status);
    else
        pd_log_err(&e);
    return conn;
}

int
pd_cmd_ingest(int argc, char **argv, struct pd_globals *g)
{
    struct ingest_args a;
    struct pd_err err = PD_ERR_INIT;
    struct pd_buf json = PD_BUF_INIT;
    struct pd_walk w;
    bool unreadable = false;
    int64_t run_id = 0;
    PGconn *conn;
    int rc;

    memset(&a, 0, sizeof(a));
    if ((rc = parse_args(argc, argv, &a)) != 0)
        return rc < 0 ? PD_EXIT_OK : rc;
    a.o.themes = pd_cli_themes(g->config, &err);
    if (!a.o.themes) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    pd_walk_init(&w);
    rc = list_files(argv + optind, argc - optind, &w, &unreadable);
    if (rc != PD_EXIT_OK) {
        pd_walk_release(&w);
        pd_themes_free(a.o.themes);
        return rc;
    }
    conn = pd_warehouse_open(g, &err);
    if (!conn || pd_ledger_run_begin(conn, "ingest", &run_id, &err) < 0) {
        pd_log_err(&err);
        pd_db_close(conn);
        pd_walk_release(&w);
        pd_themes_free(a.o.themes);
        return pd_exit_for(err.code);
    }
    pd_buf_addstr(&json, "{\"files\": [");
    rc = run_files(conn, g, &a, w.paths, (long)w.n, run_id, &json, &err);
    /* A folder or file below the arguments that could not be read: the
     * rest loaded, but the run is not complete (SPEC §5: environment). */
    if (unreadable && (rc == PD_EXIT_OK || rc == PD_EXIT_REJECTS)) {
        rc = PD_EXIT_IO;
        if (!err.msg[0])
            pd_err_set(&err, PD_E_IO, "a file or folder could not be read");
    }
    if (a.json) {
        pd_buf_addf(&json, "\n], \"run_id\": %" PRId64 ", \"exit\": %d}\n",
                    run_id, rc);
        fputs(json.buf, stdout);
    }
    conn = record_run(conn, g, run_id, rc, &err);
    pd_buf_release(&json);
    pd_db_close(conn);
    pd_walk_release(&w);
    pd_themes_free(a.o.themes);
    return rc;
}
