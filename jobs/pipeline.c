#include "pipeline.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "jobs/inbox.h"
#include "jobs/ingest.h"
#include "jobs/schedule.h"
#include "jobs/signals.h"
#include "jobs/warehouse.h"
#include "load/db.h"
#include "load/ledger.h"
#include "load/lock.h"
#include "load/retention.h"
#include "reports/experiment_portfolio.h"
#include "reports/experiment_report.h"

/* How often a run waiting for the lock (--wait) asks again. */
#define LOCK_POLL_SECONDS 0.25

struct run {
    struct pd_globals *g;
    const struct pd_config_job *job;
    const struct pd_run_opts *o;
    struct pd_run_result *r;
    PGconn *conn;      /* the work: ingest, reports, ledger */
    PGconn *lock_conn; /* holds the job's lock, nothing else */
    bool locked;
    struct pd_themes *themes;
    char host[64];
    long pid;
    struct timespec t0;
};

static const char *const trigger_names[] = {"manual", "schedule", "catchup"};

const char *
pd_run_outcome_name(enum pd_run_outcome o)
{
    static const char *const names[] = {"ok", "rejects", "failed",
                                        "interrupted", "skipped"};

    return (unsigned)o < sizeof(names) / sizeof(names[0]) ? names[o] : "?";
}

void
pd_run_result_release(struct pd_run_result *r)
{
    pd_report_outputs_release(&r->outputs);
}

static double
since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) +
           (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- the lock ---------------------------------------------------------- */

static int
locked_error(struct run *run, struct pd_err *err)
{
    struct pd_lock_holder h;
    int rc = pd_lock_holder(run->lock_conn, run->job->name, &h, err);

    if (rc < 0)
        return -1;
    if (rc == 0)
        pd_err_set(err, PD_E_LOCKED,
                   "job '%s' is running elsewhere (it has just finished)",
                   run->job->name);
    else if (h.pid)
        pd_err_set(err, PD_E_LOCKED,
                   "job '%s' is running on host %s (pid %ld) since %s",
                   run->job->name, h.host, h.pid, h.since);
    else
        pd_err_set(err, PD_E_LOCKED,
                   "job '%s' is running in session '%s' since %s",
                   run->job->name, h.application, h.since);
    return pd_err_hint(err, "wait for it, or use --wait to run after it");
}

/* Connect the lock's session, name it, take the lock (or wait for it). */
static int
take_lock(struct run *run, const char *conninfo, struct pd_err *err)
{
    char name[200];
    int rc;

    pd_db_close(run->lock_conn);
    run->locked = false;
    run->lock_conn = pd_db_connect(conninfo, err);
    if (!run->lock_conn)
        return -1;
    snprintf(name, sizeof(name), "prodops %s %s (%s:%ld)", run->o->who,
             run->job->name, run->host, run->pid);
    if (pd_lock_set_name(run->lock_conn, name, err) < 0)
        return -1;
    while ((rc = pd_lock_try(run->lock_conn, run->job->name, err)) == 0) {
        if (!run->o->wait)
            return locked_error(run, err);
        if (!pd_signals_sleep(LOCK_POLL_SECONDS, false) && pd_signals_stop())
            return pd_err_set(err, PD_E_LOCKED,
                              "stopped while waiting for job '%s'",
                              run->job->name);
    }
    run->locked = rc == 1;
    return rc < 0 ? -1 : 0;
}

/* Both sessions up, the lock held: connect what is missing (a database
 * restarted between attempts drops both, and the lock with them). */
static int
connect_locked(struct run *run, struct pd_err *err)
{
    const char *conninfo;

    if (run->conn && PQstatus(run->conn) == CONNECTION_OK && run->lock_conn &&
        PQstatus(run->lock_conn) == CONNECTION_OK)
        return 0;
    pd_db_close(run->conn);
    run->conn = pd_warehouse_open(run->g, err);
    if (!run->conn)
        return -1;
    conninfo = pd_cli_conninfo(run->g, err);
    if (!conninfo)
        return -1;
    return take_lock(run, conninfo, err);
}

/* ---- what to run ------------------------------------------------------- */

static void skip(struct run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
skip(struct run *run, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(run->r->skip_reason, sizeof(run->r->skip_reason), fmt, ap);
    va_end(ap);
    run->r->outcome = PD_RUN_SKIPPED;
}

/* Under the lock: the instant to run for, or a skip.  0 / -1. */
static int
decide(struct run *run, struct pd_err *err)
{
    const struct pd_run_opts *o = run->o;
    int64_t last = 0, at;
    char when[40];
    struct pd_tz *tz;
    int rc;

    run->r->scheduled_for = o->scheduled_for;
    if (o->trigger == PD_RUN_MANUAL)
        return 0;
    rc = pd_ledger_job_last(run->conn, run->job->name, &last, err);
    if (rc < 0)
        return -1;
    if (o->trigger == PD_RUN_SCHEDULE) {
        pd_time_format_iso(o->scheduled_for, when, sizeof(when));
        if (rc && last >= o->scheduled_for)
            skip(run, "it already ran for %s", when);
        return 0;
    }
    /* Catch-up: like a systemd timer with Persistent=true, a job that
     * never finished a run has nothing to catch up. */
    if (rc == 0) {
        skip(run, "no earlier run to catch up from");
        return 0;
    }
    tz = pd_tz_open(run->job->timezone, err);
    if (!tz)
        return -1;
    at = pd_schedule_latest(run->job->cron, tz, last, o->now);
    pd_tz_free(tz);
    pd_time_format_iso(last, when, sizeof(when));
    if (at < 0)
        skip(run, "nothing missed since the run for %s", when);
    run->r->scheduled_for = at;
    return 0;
}

/* ---- ingest ------------------------------------------------------------ */

static void
log_file(const struct pd_file_result *f)
{
    char enc[128];

    /* The job and run are the log's context (pd_log_set_context). */
    if (f->outcome == PD_FILE_LOADED) {
        pd_log_info("loaded %s as file %" PRId64 " (%s %s, %s): %" PRId64
                    " read, %" PRId64 " new, %" PRId64 " updated, %" PRId64
                    " duplicate, %" PRId64 " rejected",
                    f->name, f->file_id, f->source, f->kind,
                    pd_ingest_encoding_label(f, enc, sizeof(enc)), f->n.read,
                    f->n.loaded, f->n.updated, f->n.duplicate, f->n.rejected);
        pd_ingest_warn_doubts(f);
    } else if (f->outcome == PD_FILE_SKIPPED)
        pd_log_debug("skipped %s: %s", f->name, f->reason);
    else if (f->outcome == PD_FILE_UNREADABLE)
        pd_log_error("%s", f->reason);
    else
        pd_log_error("%s: file rejected: %s", f->shown, f->reason);
}

static void
count_file(struct pd_run_counts *n, const struct pd_file_result *f)
{
    if (f->outcome == PD_FILE_UNREADABLE)
        return; /* counted by the caller: it fails the run */
    if (f->outcome == PD_FILE_SKIPPED) {
        n->files_skipped++;
        return;
    }
    if (f->outcome == PD_FILE_REJECTED)
        n->files_rejected++;
    else
        n->files_loaded++;
    n->read += f->n.read;
    n->loaded += f->n.loaded;
    n->updated += f->n.updated;
    n->duplicate += f->n.duplicate;
    n->rejected += f->n.rejected;
}

static void
move_processed(const struct pd_file_result *f)
{
    char moved[PATH_MAX];
    struct pd_err e = PD_ERR_INIT;

    if (f->outcome == PD_FILE_REJECTED || f->outcome == PD_FILE_UNREADABLE)
        return; /* stays in the inbox, where someone will look */
    if (pd_inbox_move_processed(f->path, moved, sizeof(moved), &e) < 0)
        pd_log_warning("%s", e.msg);
}

/* One source's files.  1 done, 0 stopped by a signal, -1 failed. */
static int
ingest_source(struct run *run, const struct pd_config_source *s, int64_t run_id,
              size_t *unreadable, struct pd_err *err)
{
    struct pd_ingest_opts io;
    struct pd_inbox in;
    struct pd_file_result f;
    int rc = 1;

    memset(&io, 0, sizeof(io));
    io.source = s->name;
    io.day_first = -1;
    io.max_reject_ratio = -1;
    io.themes = run->themes;
    if (pd_inbox_list(run->g->config, s, &in, err) < 0)
        return -1;
    if (in.held)
        pd_log_info("%zu file%s of source '%s' still being written, left "
                    "for the next run",
                    in.held, in.held == 1 ? "" : "s", s->name);
    run->r->n.files_held += (long)in.held;
    *unreadable += in.unreadable;
    for (size_t i = 0; i < in.n && rc == 1; i++) {
        if (pd_signals_stop())
            rc = 0;
        else if (pd_ingest_file(run->conn, run->g->config, &io, run_id,
                                in.paths[i], &f, err) < 0)
            rc = -1;
        else {
            log_file(&f);
            count_file(&run->r->n, &f);
            *unreadable += f.outcome == PD_FILE_UNREADABLE;
            if (s->processed)
                move_processed(&f);
        }
    }
    pd_inbox_release(&in);
    return rc;
}

/* Every source's files.  What could not be read (a file or folder of an
 * inbox: permissions, I/O) fails the step once the rest is loaded: the
 * reports would miss it, and SPEC §5 makes it an environment failure
 * (exit 4), retried like one. */
static int
ingest(struct run *run, int64_t run_id, struct pd_err *err)
{
    size_t unreadable = 0;

    for (size_t i = 0; i < run->job->nsources; i++) {
        const struct pd_config_source *s =
            pd_config_source(run->g->config, run->job->sources[i]);
        int rc = s ? ingest_source(run, s, run_id, &unreadable, err)
                   : pd_err_set(err, PD_E_CONFIG, "no source '%s'",
                                run->job->sources[i]);
        if (rc <= 0)
            return rc;
    }
    if (unreadable)
        return pd_err_set(err, PD_E_IO,
                          "%zu file%s or folder%s of the inbox could not be "
                          "read (see the errors above)",
                          unreadable, unreadable == 1 ? "" : "s",
                          unreadable == 1 ? "" : "s");
    return 1;
}

/* ---- reports and delivery ---------------------------------------------- */

/* The experiment readouts ("experiment": every [experiment], as of the
 * default day) and the current quarter's portfolio ("experiments"). */
static int
experiment_reports(struct run *run, const struct pd_report_settings *s,
                   const char *name, const char *zone, const char *out_dir,
                   struct pd_err *err)
{
    const struct pd_config *cfg = run->g->config;
    int64_t now = run->r->scheduled_for;

    if (!strcmp(name, "experiments"))
        return pd_experiment_portfolio(run->conn, cfg->experiments,
                                       cfg->nexperiments, s, NULL, zone,
                                       out_dir, now, &run->r->outputs, err);
    for (size_t i = 0; i < cfg->nexperiments; i++)
        if (pd_experiment_report(run->conn, &cfg->experiments[i], s, zone, -1,
                                 out_dir, now, &run->r->outputs, err) < 0)
            return -1;
    return 0;
}

static int
reports(struct run *run, struct pd_err *err)
{
    char *out_dir = pd_config_abspath(run->g->config, run->job->output, err);
    struct pd_report_settings s;
    int rc = 0;

    if (!out_dir)
        return -1;
    pd_cli_report_settings(run->g->config, &s);
    for (size_t i = 0; i < run->job->nreports && rc == 0; i++) {
        struct pd_report_req req = {run->job->reports[i],  NULL, NULL, out_dir,
                                    run->r->scheduled_for, true, NULL};
        size_t before = run->r->outputs.n;
        /* The report zone: [report] timezone, else the job's own. */
        if (!run->g->config->report_timezone)
            req.zone = run->job->timezone;
        if (!strncmp(req.name, "experiment", 10))
            rc = experiment_reports(run, &s, req.name,
                                    req.zone ? req.zone
                                             : run->g->config->report_timezone,
                                    out_dir, err);
        else
            rc = pd_report_build(run->conn, &s, &req, &run->r->outputs, err);
        if (rc == 0)
            pd_log_info("wrote %s %s (%zu files in %s)", req.name,
                        run->r->outputs.label, run->r->outputs.n - before,
                        out_dir);
    }
    pd_cli_report_settings_release(&s);
    free(out_dir);
    return rc;
}

/* A job's command (deliver, on_failure): what it runs with. */
struct command {
    const char *what;  /* "deliver", "on_failure": for messages */
    const char *cmd;   /* the shell command as configured */
    char *const *args; /* its arguments, $1 ... */
    size_t nargs;
    const char *error; /* PRODOPS_ERROR, or NULL */
};

static _Noreturn void
command_child(const struct run *run, const struct command *c, int64_t run_id)
{
    char **argv = pd_xcalloc(c->nargs + 5, sizeof(char *));
    struct pd_err e = PD_ERR_INIT;
    char *dir = pd_config_abspath(run->g->config, ".", &e);
    char id[24] = "";

    /* The command never holds our database sessions (libpq opens its
     * sockets close-on-exec): were prodops killed, the lock's session
     * must end with it, whatever the command leaves running (t6003). */
    if (run_id > 0)
        snprintf(id, sizeof(id), "%" PRId64, run_id);
    setenv("PRODOPS_JOB", run->job->name, 1);
    setenv("PRODOPS_RUN_ID", id, 1);
    if (c->error)
        setenv("PRODOPS_ERROR", c->error, 1);
    /* Our stdout carries the run's summary (or its JSON): the command's
     * chatter goes to stderr with our log. */
    dup2(STDERR_FILENO, STDOUT_FILENO);
    if (!dir || chdir(dir) != 0)
        _exit(126);
    argv[0] = pd_xstrdup("sh");
    argv[1] = pd_xstrdup("-c");
    argv[2] = pd_xasprintf("%s \"$@\"", c->cmd);
    argv[3] = pd_xasprintf("prodops-%s", c->what); /* $0 */
    for (size_t i = 0; i < c->nargs; i++)
        argv[4 + i] = c->args[i];
    execv("/bin/sh", argv);
    _exit(127);
}

/* Run the command in the config's folder and wait for it: 0 when it
 * exits 0, else -1 with *err (PD_E_IO). */
static int
run_command(struct run *run, const struct command *c, int64_t run_id,
            struct pd_err *err)
{
    pid_t pid, w;
    int status;

    fflush(NULL);
    pid = fork();
    if (pid < 0)
        return pd_err_set(err, PD_E_IO, "cannot start the %s command: %s",
                          c->what, strerror(errno));
    if (pid == 0)
        command_child(run, c, run_id);
    /* A stop signal waits for the command: it is the step under way. */
    while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
        ;
    if (w < 0)
        return pd_err_set(err, PD_E_IO, "cannot wait for the %s command: %s",
                          c->what, strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFSIGNALED(status))
        return pd_err_set(err, PD_E_IO,
                          "%s command '%s' was killed by signal %d", c->what,
                          c->cmd, WTERMSIG(status));
    return pd_err_set(err, PD_E_IO, "%s command '%s' exited with status %d",
                      c->what, c->cmd, WEXITSTATUS(status));
}

/* The deliver command with the outputs as arguments, in the config's
 * folder; a non-zero exit fails the attempt (and is retried). */
static int
deliver(struct run *run, int64_t run_id, struct pd_err *err)
{
    const struct command c = {"deliver", run->job->deliver,
                              run->r->outputs.paths, run->r->outputs.n, NULL};

    if (run_command(run, &c, run_id, err) < 0)
        return -1;
    pd_log_info("delivered %zu files with '%s'", run->r->outputs.n,
                run->job->deliver);
    return 0;
}

/* A failed run's alert (issue 18): the on_failure command with the error
 * as its one argument and in PRODOPS_ERROR.  Its own failure is logged;
 * the run has failed already. */
static void
on_failure(struct run *run, const struct pd_err *why)
{
    char *msg = pd_xstrdup(why->msg);
    const struct command c = {"on_failure", run->job->on_failure, &msg, 1,
                              why->msg};
    struct pd_err e = PD_ERR_INIT;

    if (run_command(run, &c, run->r->run_id, &e) < 0)
        pd_log_error("%s", e.msg);
    else
        pd_log_info("ran on_failure command '%s'", run->job->on_failure);
    free(msg);
}

/* ---- one attempt ------------------------------------------------------- */

static void
stats_json(const struct run *run, struct pd_buf *b)
{
    const struct pd_run_counts *n = &run->r->n;

    pd_buf_addf(b,
                "{\"files\": {\"loaded\": %ld, \"skipped\": %ld, \"rejected\": "
                "%ld, \"held\": %ld}, \"rows\": {\"read\": %" PRId64
                ", \"new\": %" PRId64 ", \"updated\": %" PRId64
                ", \"duplicate\": %" PRId64 ", \"rejected\": %" PRId64
                "}, \"reports\": [",
                n->files_loaded, n->files_skipped, n->files_rejected,
                n->files_held, n->read, n->loaded, n->updated, n->duplicate,
                n->rejected);
    for (size_t i = 0; i < run->job->nreports; i++) {
        pd_buf_addstr(b, i ? ", " : "");
        pd_json_str(b, run->job->reports[i]);
    }
    pd_buf_addstr(b, "]}");
}

static void
outputs_json(const struct pd_report_outputs *o, struct pd_buf *b)
{
    pd_buf_addch(b, '[');
    for (size_t i = 0; i < o->n; i++) {
        pd_buf_addstr(b, i ? ", " : "");
        pd_json_str(b, o->paths[i]);
    }
    pd_buf_addch(b, ']');
}

/* The steps; the outcome goes to run->r.  -1 with *err: failed. */
static int
steps(struct run *run, int64_t run_id, struct pd_err *err)
{
    int rc = ingest(run, run_id, err);

    if (rc == 1 && pd_signals_stop())
        rc = 0;
    if (rc == 1)
        rc = reports(run, err) < 0 ? -1 : 1;
    if (rc == 1 && pd_signals_stop())
        rc = 0;
    if (rc == 1 && run->job->deliver)
        rc = deliver(run, run_id, err) < 0 ? -1 : 1;
    if (rc == 0) {
        run->r->outcome = PD_RUN_INTERRUPTED;
        pd_log_warning("stopped by signal %d after the step under way; "
                       "the run is recorded as interrupted",
                       pd_signals_stop());
    } else if (rc < 0)
        run->r->outcome = PD_RUN_FAILED;
    else
        run->r->outcome = run->r->n.files_rejected || run->r->n.rejected
                              ? PD_RUN_REJECTS
                              : PD_RUN_OK;
    return rc < 0 ? -1 : 0;
}

/* Record a finished attempt. */
static int
finish(struct run *run, int64_t run_id, const struct pd_err *failure,
       struct pd_err *err)
{
    struct pd_buf stats = PD_BUF_INIT, outs = PD_BUF_INIT;
    int rc;

    /* A database error may leave the work session in a failed
     * transaction, or dead (the server stopped); the ledger writes
     * outside it, from a new session if need be. */
    if (PQstatus(run->conn) != CONNECTION_OK) {
        pd_db_close(run->conn);
        run->conn = pd_warehouse_open(run->g, err);
    } else if (PQtransactionStatus(run->conn) != PQTRANS_IDLE) {
        PQclear(PQexec(run->conn, "ROLLBACK"));
    }
    stats_json(run, &stats);
    outputs_json(&run->r->outputs, &outs);
    rc = run->conn
             ? pd_ledger_job_finish(
                   run->conn, run_id, pd_run_outcome_name(run->r->outcome),
                   stats.buf, failure ? failure->msg : NULL, outs.buf, err)
             : -1;
    pd_buf_release(&stats);
    pd_buf_release(&outs);
    /* The attempt's own error is the one to report, not the failed
     * write that followed it (the row is abandoned by the next run). */
    if (rc < 0 && failure)
        *err = *failure;
    return rc;
}

/* One attempt: its row, the steps, the row finished.  0 when the attempt
 * got an outcome, -1 when the ledger itself failed. */
static int
attempt(struct run *run, int n, struct pd_err *err)
{
    struct pd_job_run_info ri = {run->job->name,
                                 trigger_names[run->o->trigger],
                                 run->r->scheduled_for,
                                 n,
                                 run->host,
                                 run->pid};
    char when[40];
    int64_t id;

    memset(&run->r->n, 0, sizeof(run->r->n));
    pd_report_outputs_release(&run->r->outputs);
    pd_err_clear(&run->r->error);
    if (pd_ledger_job_begin(run->conn, &ri, &id, err) < 0)
        return -1;
    run->r->run_id = id;
    run->r->attempts = n;
    pd_time_format_iso(run->r->scheduled_for, when, sizeof(when));
    pd_log_set_context(run->job->name, id);
    pd_log_info("run %" PRId64 " for %s (%s, attempt %d of %d)", id, when,
                ri.trigger, n, run->job->retries + 1);
    (void)steps(run, id, &run->r->error);
    return finish(
        run, id, run->r->outcome == PD_RUN_FAILED ? &run->r->error : NULL, err);
}

/* ---- retention --------------------------------------------------------- */

/* [retention] (load/retention.h): old event months and rejected rows,
 * after a successful run's reports.  A failure is a warning: the run's
 * work is done. */
static void
data_retention(struct run *run)
{
    const struct pd_config *cfg = run->g->config;
    struct pd_retention_opts o = {cfg->retention_events_months,
                                  cfg->retention_rejects_days, run->o->now};
    struct pd_retention_result r;
    struct pd_err e = PD_ERR_INIT;
    char events[300], rejects[300];

    if (!o.events_months && !o.rejects_days)
        return;
    if (!run->conn || pd_retention_prune(run->conn, &o, &r, &e) < 0) {
        pd_log_warning("retention: %s",
                       run->conn ? e.msg : "no database session");
        return;
    }
    pd_cli_retention_lines(&o, &r, events, rejects, sizeof(events));
    if (events[0])
        pd_log_info("retention: %s", events);
    if (rejects[0])
        pd_log_info("retention: %s", rejects);
}

/* A file, or a folder prodops wrote (a PM handoff): its files, then the
 * folder.  0 removed, 1 already gone, -1 with errno. */
static int
remove_output(const char *path)
{
    struct stat st;
    struct dirent *e;
    DIR *d;

    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 1 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    d = opendir(path);
    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL) {
        char *p;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        p = pd_xasprintf("%s/%s", path, e->d_name);
        (void)unlink(p); /* anything left makes rmdir() say so */
        free(p);
    }
    closedir(d);
    return rmdir(path);
}

static void
retention(struct run *run)
{
    struct pd_err e = PD_ERR_INIT;
    char **paths;
    size_t n, removed = 0;

    data_retention(run);
    if (!run->job->keep && !run->job->keep_days)
        return;
    if (pd_ledger_job_prune(run->conn, run->job->name, run->job->keep,
                            run->job->keep_days, run->o->now, &paths, &n,
                            &e) < 0) {
        pd_log_warning("retention: %s", e.msg);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        int rc = remove_output(paths[i]);
        if (rc == 0)
            removed++;
        else if (rc < 0)
            pd_log_warning("retention: cannot remove '%s': %s", paths[i],
                           strerror(errno));
        free(paths[i]);
    }
    free(paths);
    if (removed)
        pd_log_info("retention removed %zu old outputs", removed);
}

/* ---- the run ----------------------------------------------------------- */

/* Usage and configuration errors would fail again; a lock taken meanwhile
 * is another run doing the work. */
static bool
retryable(const struct pd_err *e)
{
    return e->code != PD_E_USAGE && e->code != PD_E_CONFIG &&
           e->code != PD_E_LOCKED;
}

/* Connect and lock, decide once, make attempt n.  0: the attempt (or the
 * skip) has an outcome in run->r; -1 with *err: no attempt was recorded. */
static int
try_once(struct run *run, int n, bool *decided, struct pd_err *err)
{
    if (connect_locked(run, err) < 0)
        return -1;
    if (!*decided) {
        if (pd_ledger_job_abandon(run->conn, run->job->name, err) < 0 ||
            decide(run, err) < 0)
            return -1;
        *decided = true;
        if (run->r->outcome == PD_RUN_SKIPPED)
            return 0;
    }
    return attempt(run, n, err);
}

static void
close_run(struct run *run)
{
    struct pd_err e = PD_ERR_INIT;

    /* Closing the session frees the lock anyway; unlock first so that a
     * waiting run starts without waiting for the session to end. */
    if (run->locked && PQstatus(run->lock_conn) == CONNECTION_OK)
        (void)pd_lock_release(run->lock_conn, run->job->name, &e);
    pd_db_close(run->lock_conn);
    pd_db_close(run->conn);
    pd_themes_free(run->themes);
    run->lock_conn = run->conn = NULL;
    run->themes = NULL;
    run->locked = false;
}

int
pd_pipeline_run(struct pd_globals *g, const struct pd_config_job *job,
                const struct pd_run_opts *o, struct pd_run_result *r,
                struct pd_err *err)
{
    struct run run = {g, job, o, r, NULL, NULL, false, NULL, "", 0, {0, 0}};
    bool decided = false;
    int rc = 0;

    memset(r, 0, sizeof(*r));
    pd_log_set_context(job->name, 0);
    clock_gettime(CLOCK_MONOTONIC, &run.t0);
    if (gethostname(run.host, sizeof(run.host)) != 0)
        snprintf(run.host, sizeof(run.host), "localhost");
    run.host[sizeof(run.host) - 1] = '\0';
    run.pid = (long)getpid();
    run.themes = pd_cli_themes(g->config, err);
    if (!run.themes)
        return -1;
    for (int n = 1;; n++) {
        struct pd_err e = PD_ERR_INIT;
        int once = try_once(&run, n, &decided, &e);
        const struct pd_err *why = once < 0 ? &e : &r->error;
        double delay;
        if (once == 0 && r->outcome != PD_RUN_FAILED)
            break;
        if (!retryable(why) || n > job->retries || pd_signals_stop()) {
            if (once < 0) {
                *err = e;
                rc = -1;
            } else {
                pd_log_error("run %" PRId64 " failed: %s", r->run_id, why->msg);
            }
            break;
        }
        delay = pd_schedule_backoff(job->retry_base, n);
        pd_log_warning("attempt %d of %d failed: %s; retrying in %.1f s", n,
                       job->retries + 1, why->msg, delay);
        if (!pd_signals_sleep(delay, false) && pd_signals_stop()) {
            if (once < 0) {
                *err = e;
                rc = -1;
            }
            break;
        }
    }
    if (rc == 0 && (r->outcome == PD_RUN_OK || r->outcome == PD_RUN_REJECTS))
        retention(&run);
    r->seconds = since(&run.t0);
    close_run(&run);
    /* A run that failed, or could not start (no database): not one that
     * found the job running elsewhere.  After the lock is released: a
     * slow alert must not hold up the next run. */
    if (job->on_failure && rc == 0 && r->outcome == PD_RUN_FAILED)
        on_failure(&run, &r->error);
    else if (job->on_failure && rc < 0 && err->code != PD_E_LOCKED)
        on_failure(&run, err);
    return rc;
}
