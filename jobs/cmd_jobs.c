/* prodops jobs list|next|history: the configured jobs, their next runs and
 * what they did (issue 6). */
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
#include "jobs/schedule.h"
#include "jobs/warehouse.h"
#include "load/db.h"
#include "load/ledger.h"
#include "load/lock.h"
#include "reports/doc.h"

static void
help(void)
{
    printf("prodops jobs shows the jobs of prodops.conf.\n\n"
           "Usage:\n"
           "  prodops jobs list [--json]\n"
           "  prodops jobs next [JOB] [--count N] [--from TIME] [--json]\n"
           "  prodops jobs history [JOB] [--limit N] [--json]\n\n"
           "list: each job's schedule, next run and last status.  next: "
           "the next run times\nafter now (or after TIME: ISO 8601, "
           "without an offset in the job's zone), in\nthe job's zone and "
           "in UTC.  history: the runs, newest first (start, duration,\n"
           "status, files, rows, rejects, outputs, error).\n\n"
           "Options:\n"
           "  -n, --count=N    next: how many runs (default 5 for one job, "
           "1 each for all)\n"
           "      --from=TIME  next: start after TIME instead of now\n"
           "  -l, --limit=N    history: how many runs (default 20)\n"
           "      --json       print JSON\n"
           "  -h, --help       show this help and exit\n\n"
           "Environment:\n"
           "  PRODOPS_NOW      the current time (ISO 8601), for tests\n\n"
           "Exit status: 0 ok, 2 usage, 3 database.\n");
}

struct jobs_args {
    const char *sub, *job, *from;
    long count, limit;
    bool json;
};

static int
parse_args(int argc, char **argv, struct jobs_args *a)
{
    enum { O_FROM = 256, O_JSON };
    static const struct option opts[] = {
        {"count", required_argument, NULL, 'n'},
        {"from", required_argument, NULL, O_FROM},
        {"limit", required_argument, NULL, 'l'},
        {"json", no_argument, NULL, O_JSON},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    char *end;
    int c;

    while ((c = getopt_long(argc, argv, "n:l:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
        case 'l':
            *(c == 'n' ? &a->count : &a->limit) = strtol(optarg, &end, 10);
            if (*end || end == optarg || (c == 'n' ? a->count : a->limit) < 1)
                return pd_cli_usage_error("jobs", "--%s takes a number >= 1",
                                          c == 'n' ? "count" : "limit");
            break;
        case O_FROM:
            a->from = optarg;
            break;
        case O_JSON:
            a->json = true;
            break;
        case 'h':
            help();
            return -1;
        default:
            return pd_cli_usage_error("jobs", "bad option");
        }
    }
    a->sub = optind < argc ? argv[optind++] : "list";
    a->job = optind < argc ? argv[optind++] : NULL;
    if (optind < argc)
        return pd_cli_usage_error("jobs", "unexpected argument '%s'",
                                  argv[optind]);
    if (strcmp(a->sub, "list") && strcmp(a->sub, "next") &&
        strcmp(a->sub, "history"))
        return pd_cli_usage_error("jobs",
                                  "unknown subcommand '%s' (list, "
                                  "next, history)",
                                  a->sub);
    return 0;
}

/* The jobs a command is about: all, or the one named. */
static int
pick(const struct pd_config *cfg, const char *name,
     const struct pd_config_job **first, size_t *n)
{
    if (!name) {
        *first = cfg->jobs;
        *n = cfg->njobs;
        return 0;
    }
    *first = pd_config_job(cfg, name);
    *n = 1;
    if (!*first)
        return pd_cli_usage_error("jobs", "no job '%s' in %s", name,
                                  cfg->path ? cfg->path : "the configuration");
    return 0;
}

/* ---- next -------------------------------------------------------------- */

static int
next_one(const struct pd_config_job *j, const struct jobs_args *a, int64_t now,
         struct pd_buf *out)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_tz *tz = pd_tz_open(j->timezone, &err);
    int64_t t = now;
    long count = a->count ? a->count : a->job ? 5 : 1;

    if (!tz || (a->from &&
                pd_schedule_parse_time(a->from, j->timezone, &t, &err) < 0)) {
        pd_tz_free(tz);
        return pd_cli_usage_error("jobs", "%s", err.msg);
    }
    for (long i = 0; i < count && (t = pd_cron_next(j->cron, tz, t)) >= 0;
         i++) {
        char local[48], utc[40];
        struct pd_tm tm;
        static const char *const days[] = {"",    "Mon", "Tue", "Wed",
                                           "Thu", "Fri", "Sat", "Sun"};
        pd_schedule_format_local(t, tz, local, sizeof(local));
        pd_time_format_iso(t, utc, sizeof(utc));
        pd_time_split(pd_tz_to_local(tz, t), &tm);
        if (!a->json) {
            pd_buf_addf(out, "%-16s %s %-26s %-20s %s\n", j->name,
                        days[tm.weekday], local, utc, j->timezone);
            continue;
        }
        pd_buf_addstr(out, out->len > 1 ? ",\n {\"job\": " : "\n {\"job\": ");
        pd_json_str(out, j->name);
        pd_buf_addf(out, ", \"local\": \"%s\", \"utc\": \"%s\"}", local, utc);
    }
    pd_tz_free(tz);
    return 0;
}

static int
cmd_next(struct pd_globals *g, const struct jobs_args *a)
{
    const struct pd_config_job *jobs;
    struct pd_buf out = PD_BUF_INIT;
    size_t n;
    int64_t now = pd_now_us();
    int rc;

    if ((rc = pick(g->config, a->job, &jobs, &n)) != 0)
        return rc;
    if (a->json)
        pd_buf_addch(&out, '[');
    else
        pd_buf_addf(&out, "%-16s %-30s %-20s %s\n", "JOB", "LOCAL", "UTC",
                    "ZONE");
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = next_one(&jobs[i], a, now, &out);
    if (a->json)
        pd_buf_addstr(&out, out.len > 1 ? "\n]\n" : "]\n");
    if (rc == 0)
        fputs(out.buf, stdout);
    pd_buf_release(&out);
    return rc;
}

/* ---- list -------------------------------------------------------------- */

/* The job's state: its last run, or who runs it now. */
static void
state_text(PGconn *conn, const char *job, yajl_val last, char *out, size_t n)
{
    struct pd_lock_holder h;
    struct pd_err err = PD_ERR_INIT;
    const char *status = pd_doc_str(last, "status");

    if (pd_lock_holder(conn, job, &h, &err) == 1)
        snprintf(out, n, "running on %s (pid %ld) since %s",
                 h.host[0] ? h.host : h.application, h.pid, h.since);
    else if (!status)
        snprintf(out, n, "never run");
    else if (!strcmp(status, "running"))
        snprintf(out, n, "%s (abandoned: nobody holds the lock)",
                 pd_doc_str(last, "started_at"));
    else
        snprintf(out, n, "%s %s", pd_doc_str(last, "started_at"), status);
}

static void
list_one(PGconn *conn, const struct pd_config_job *j, yajl_val latest,
         bool json, int64_t now, struct pd_buf *out)
{
    yajl_val last = pd_doc_get(latest, j->name);
    struct pd_err err = PD_ERR_INIT;
    struct pd_tz *tz = pd_tz_open(j->timezone, &err);
    int64_t next = tz ? pd_cron_next(j->cron, tz, now) : -1;
    char local[48] = "never", state[300];

    if (next >= 0)
        pd_schedule_format_local(next, tz, local, sizeof(local));
    pd_tz_free(tz);
    state_text(conn, j->name, last, state, sizeof(state));
    if (!json) {
        pd_buf_addf(out, "%-16s %-20s %-20s %-26s %s\n", j->name, j->schedule,
                    j->timezone, local, state);
        return;
    }
    pd_buf_addstr(out, out->len > 1 ? ",\n {\"job\": " : "\n {\"job\": ");
    pd_json_str(out, j->name);
    pd_buf_addstr(out, ", \"schedule\": ");
    pd_json_str(out, j->schedule);
    pd_buf_addstr(out, ", \"timezone\": ");
    pd_json_str(out, j->timezone);
    pd_buf_addstr(out, ", \"next\": ");
    pd_json_str(out, next >= 0 ? local : NULL);
    pd_buf_addstr(out, ", \"last_status\": ");
    pd_json_str(out, pd_doc_str(last, "status"));
    pd_buf_addstr(out, ", \"last_started_at\": ");
    pd_json_str(out, pd_doc_str(last, "started_at"));
    pd_buf_addstr(out, ", \"last_error\": ");
    pd_json_str(out, pd_doc_str(last, "error"));
    pd_buf_addstr(out, ", \"state\": ");
    pd_json_str(out, state);
    pd_buf_addch(out, '}');
}

static int
cmd_list(struct pd_globals *g, PGconn *conn, const struct jobs_args *a)
{
    struct pd_buf latest = PD_BUF_INIT, out = PD_BUF_INIT;
    struct pd_err err = PD_ERR_INIT;
    struct pd_doc doc = {NULL};
    int64_t now = pd_now_us();

    if (pd_ledger_job_latest(conn, &latest, &err) < 0 ||
        pd_doc_parse(&doc, latest.buf, &err) < 0) {
        pd_log_err(&err);
        pd_buf_release(&latest);
        return (int)pd_exit_for(err.code);
    }
    if (a->json)
        pd_buf_addch(&out, '[');
    else
        pd_buf_addf(&out, "%-16s %-20s %-20s %-26s %s\n", "JOB", "SCHEDULE",
                    "ZONE", "NEXT RUN", "LAST RUN");
    for (size_t i = 0; i < g->config->njobs; i++)
        list_one(conn, &g->config->jobs[i], doc.root, a->json, now, &out);
    if (a->json)
        pd_buf_addstr(&out, out.len > 1 ? "\n]\n" : "]\n");
    fputs(out.buf, stdout);
    pd_doc_free(&doc);
    pd_buf_release(&latest);
    pd_buf_release(&out);
    return PD_EXIT_OK;
}

/* ---- history ----------------------------------------------------------- */

static double
num(yajl_val v, const char *path)
{
    double d = 0;

    pd_doc_num(v, path, &d);
    return d;
}

static void
history_outputs(yajl_val run, struct pd_buf *out)
{
    yajl_val o = pd_doc_get(run, "outputs");
    size_t n = YAJL_IS_ARRAY(o) ? o->u.array.len : 0;
    const char *first = n ? YAJL_GET_STRING(o->u.array.values[0]) : NULL;
    const char *slash = first ? strrchr(first, '/') : NULL;
    yajl_val removed = pd_doc_get(run, "outputs_removed");

    if (!n)
        return;
    pd_buf_addf(out,
                "       outputs in %.*s%s:", slash ? (int)(slash - first) : 0,
                first ? first : "",
                YAJL_IS_TRUE(removed) ? " (removed by retention)" : "");
    for (size_t i = 0; i < n; i++) {
        const char *p = YAJL_GET_STRING(o->u.array.values[i]);
        const char *b = p ? strrchr(p, '/') : NULL;
        pd_buf_addf(out, " %s", b ? b + 1 : p ? p : "?");
    }
    pd_buf_addch(out, '\n');
}

#define HISTORY_HEAD "%6s %-12s %-20s %8s %-11s %3s  %-13s  %s\n"

static void
history_one(yajl_val run, struct pd_buf *out)
{
    const char *error = pd_doc_str(run, "error");
    char took[32] = "-", files[64], rows[128];

    if (pd_doc_str(run, "finished_at"))
        snprintf(took, sizeof(took), "%.1f s", num(run, "seconds"));
    snprintf(files, sizeof(files), "%.0f/%.0f/%.0f/%.0f",
             num(run, "files.loaded"), num(run, "files.skipped"),
             num(run, "files.rejected"), num(run, "files.held"));
    snprintf(rows, sizeof(rows), "%.0f/%.0f/%.0f/%.0f/%.0f",
             num(run, "rows.read"), num(run, "rows.new"),
             num(run, "rows.updated"), num(run, "rows.duplicate"),
             num(run, "rows.rejected"));
    pd_buf_addf(out, "%6.0f %-12s %-20s %8s %-11s %3.0f  %-13s  %s\n",
                num(run, "run_id"), pd_doc_str(run, "job"),
                pd_doc_str(run, "started_at"), took, pd_doc_str(run, "status"),
                num(run, "attempt"), files, rows);
    pd_buf_addf(out, "       for %s (%s, on %s pid %.0f)\n",
                pd_doc_str(run, "scheduled_for"), pd_doc_str(run, "trigger"),
                pd_doc_str(run, "host"), num(run, "pid"));
    if (error)
        pd_buf_addf(out, "       error: %s\n", error);
    history_outputs(run, out);
}

static int
cmd_history(PGconn *conn, const struct jobs_args *a)
{
    struct pd_buf json = PD_BUF_INIT, out = PD_BUF_INIT;
    struct pd_err err = PD_ERR_INIT;
    struct pd_doc doc = {NULL};
    size_t n;

    if (pd_ledger_job_history(conn, a->job, a->limit ? a->limit : 20, &json,
                              &err) < 0 ||
        (!a->json && pd_doc_parse(&doc, json.buf, &err) < 0)) {
        pd_log_err(&err);
        pd_buf_release(&json);
        return (int)pd_exit_for(err.code);
    }
    if (a->json) {
        printf("%s\n", json.buf);
        pd_buf_release(&json);
        return PD_EXIT_OK;
    }
    pd_buf_addf(&out, HISTORY_HEAD, "RUN", "JOB", "STARTED (UTC)", "TOOK",
                "STATUS", "TRY", "FILES L/S/R/H", "ROWS READ/NEW/UPD/DUP/REJ");
    n = YAJL_IS_ARRAY(doc.root) ? doc.root->u.array.len : 0;
    for (size_t i = 0; i < n; i++)
        history_one(doc.root->u.array.values[i], &out);
    fputs(out.buf, stdout);
    pd_doc_free(&doc);
    pd_buf_release(&json);
    pd_buf_release(&out);
    return PD_EXIT_OK;
}

int
pd_cmd_jobs(int argc, char **argv, struct pd_globals *g)
{
    struct jobs_args a = {NULL, NULL, NULL, 0, 0, false};
    struct pd_err err = PD_ERR_INIT;
    const struct pd_config_job *jobs;
    size_t n;
    PGconn *conn;
    int rc;

    if ((rc = parse_args(argc, argv, &a)) != 0)
        return rc < 0 ? PD_EXIT_OK : rc;
    if (!strcmp(a.sub, "next"))
        return cmd_next(g, &a);
    if (a.job && !strcmp(a.sub, "list"))
        return pd_cli_usage_error("jobs", "list takes no job name");
    if (a.job && (rc = pick(g->config, a.job, &jobs, &n)) != 0)
        return rc;
    conn = pd_warehouse_open(g, &err);
    if (!conn) {
        pd_log_err(&err);
        return (int)pd_exit_for(err.code);
    }
    rc = !strcmp(a.sub, "list") ? cmd_list(g, conn, &a) : cmd_history(conn, &a);
    pd_db_close(conn);
    return fflush(stdout) == 0 ? rc : PD_EXIT_IO;
}
