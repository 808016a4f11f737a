/* prodops run JOB: one run of a configured job, now (issue 6). */
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
#include "jobs/pipeline.h"
#include "jobs/schedule.h"
#include "jobs/signals.h"

static void
help(void)
{
    printf("prodops run runs a job of prodops.conf once, now: it loads the new "
           "files of\nthe job's sources, writes its reports and delivers "
           "them, and records the run\n(prodops jobs history).\n\n"
           "Usage:\n"
           "  prodops run [OPTION]... JOB\n\n"
           "Options:\n"
           "      --at=TIME  the instant the run is for (ISO 8601; without an "
           "offset, in\n"
           "                 the job's zone): the reports' \"now\" (default: "
           "now)\n"
           "      --wait     wait for a run of the job elsewhere to end "
           "(default: exit 6)\n"
           "      --json     print the result as JSON\n"
           "      --log-format=FORMAT  the log on stderr: text (default: "
           "timestamp, level,\n"
           "                 job[run id]), json (one object a line) or "
           "plain\n"
           "  -h, --help     show this help and exit\n\n"
           "Only one run of a job goes at a time, on any host: a PostgreSQL "
           "advisory lock.\nA failed attempt is retried after retry_base x "
           "2^(n-1) seconds, up to\n'retries' times.  SIGTERM or SIGINT "
           "stops after the file or step under way.\n\n"
           "Environment:\n"
           "  PRODOPS_NOW   the current time (ISO 8601), for tests\n\n"
           "Exit status: 0 ok, 1 files or rows rejected, 2 usage or "
           "configuration,\n3 database, 4 file system or deliver command, 5 "
           "internal error, 6 the job\nis running elsewhere, 128+N stopped "
           "by signal N.\n");
}

struct run_args {
    const char *job, *at;
    bool wait, json;
};

static int
parse_args(int argc, char **argv, struct run_args *a)
{
    enum { O_AT = 256, O_WAIT, O_JSON, O_LOG };
    static const struct option opts[] = {
        {"at", required_argument, NULL, O_AT},
        {"log-format", required_argument, NULL, O_LOG},
        {"wait", no_argument, NULL, O_WAIT},
        {"json", no_argument, NULL, O_JSON},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c, rc;

    /* Logs for servers by default (issue 18). */
    pd_log_set_style(PD_LOG_STYLE_TEXT);
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case O_AT:
            a->at = optarg;
            break;
        case O_WAIT:
            a->wait = true;
            break;
        case O_JSON:
            a->json = true;
            break;
        case O_LOG:
            if ((rc = pd_cli_log_format("run", optarg)) != 0)
                return rc;
            break;
        case 'h':
            help();
            return -1;
        default:
            return pd_cli_usage_error("run", "bad option");
        }
    }
    if (optind >= argc)
        return pd_cli_usage_error("run", "name a job ([job \"NAME\"] of "
                                         "prodops.conf)");
    if (optind + 1 < argc)
        return pd_cli_usage_error("run", "unexpected argument '%s'",
                                  argv[optind + 1]);
    a->job = argv[optind];
    return 0;
}

static void
print_json(const struct pd_config_job *job, const struct pd_run_result *r)
{
    struct pd_buf b = PD_BUF_INIT;
    const struct pd_run_counts *n = &r->n;
    char when[40];

    pd_time_format_iso(r->scheduled_for, when, sizeof(when));
    pd_buf_addstr(&b, "{\"job\": ");
    pd_json_str(&b, job->name);
    pd_buf_addf(&b,
                ", \"run_id\": %" PRId64 ", \"status\": \"%s\", "
                "\"scheduled_for\": \"%s\", \"attempts\": %d, \"seconds\": "
                "%.3f, \"files\": {\"loaded\": %ld, \"skipped\": %ld, "
                "\"rejected\": %ld, \"held\": %ld}, \"rows\": {\"read\": "
                "%" PRId64 ", \"new\": %" PRId64 ", \"updated\": %" PRId64
                ", \"duplicate\": %" PRId64 ", \"rejected\": %" PRId64
                "}, \"outputs\": [",
                r->run_id, pd_run_outcome_name(r->outcome), when, r->attempts,
                r->seconds, n->files_loaded, n->files_skipped,
                n->files_rejected, n->files_held, n->read, n->loaded,
                n->updated, n->duplicate, n->rejected);
    for (size_t i = 0; i < r->outputs.n; i++) {
        pd_buf_addstr(&b, i ? ", " : "");
        pd_json_str(&b, r->outputs.paths[i]);
    }
    pd_buf_addstr(&b, "], \"error\": ");
    pd_json_str(&b, r->outcome == PD_RUN_FAILED ? r->error.msg : NULL);
    pd_buf_addstr(&b, "}\n");
    fputs(b.buf, stdout);
    pd_buf_release(&b);
}

static void
print_text(const struct pd_config_job *job, const struct pd_run_result *r)
{
    const struct pd_run_counts *n = &r->n;
    char when[40];

    pd_time_format_iso(r->scheduled_for, when, sizeof(when));
    printf("job '%s' run %" PRId64 " for %s: %s in %.2f s (attempt %d)\n",
           job->name, r->run_id, when, pd_run_outcome_name(r->outcome),
           r->seconds, r->attempts);
    printf("  files: %ld loaded, %ld skipped (loaded before), %ld rejected, "
           "%ld still being written\n",
           n->files_loaded, n->files_skipped, n->files_rejected, n->files_held);
    printf("  rows: %" PRId64 " read, %" PRId64 " new, %" PRId64
           " updated, %" PRId64 " duplicate, %" PRId64 " rejected\n",
           n->read, n->loaded, n->updated, n->duplicate, n->rejected);
    for (size_t i = 0; i < r->outputs.n; i++)
        printf("  wrote %s\n", r->outputs.paths[i]);
    if (r->outcome == PD_RUN_FAILED)
        printf("  error: %s\n", r->error.msg);
}

static int
exit_code(const struct pd_run_result *r)
{
    switch (r->outcome) {
    case PD_RUN_OK:
    case PD_RUN_SKIPPED:
        return PD_EXIT_OK;
    case PD_RUN_REJECTS:
        return PD_EXIT_REJECTS;
    case PD_RUN_FAILED:
        return (int)pd_exit_for(r->error.code);
    case PD_RUN_INTERRUPTED:
        break;
    }
    /* Stopped by a signal: as a shell reports a command it ended. */
    return 128 + pd_signals_stop();
}

int
pd_cmd_run(int argc, char **argv, struct pd_globals *g)
{
    struct run_args a = {NULL, NULL, false, false};
    struct pd_run_opts o = {PD_RUN_MANUAL, 0, 0, false, "run"};
    struct pd_run_result r;
    struct pd_err err = PD_ERR_INIT;
    const struct pd_config_job *job;
    int rc;

    if ((rc = parse_args(argc, argv, &a)) != 0)
        return rc < 0 ? PD_EXIT_OK : rc;
    job = pd_config_job(g->config, a.job);
    if (!job)
        return pd_cli_usage_error("run", "no job '%s' in %s", a.job,
                                  g->config->path ? g->config->path
                                                  : "the configuration "
                                                    "(no prodops.conf found)");
    o.now = pd_now_us();
    o.scheduled_for = o.now - o.now % PD_US_PER_SEC; /* reads better */
    o.wait = a.wait;
    if (a.at &&
        pd_schedule_parse_time(a.at, job->timezone, &o.scheduled_for, &err) < 0)
        return pd_cli_usage_error("run", "--at: %s", err.msg);
    pd_signals_install();
    memset(&r, 0, sizeof(r));
    if (pd_pipeline_run(g, job, &o, &r, &err) < 0) {
        pd_log_err(&err);
        return (int)pd_exit_for(err.code);
    }
    if (a.json)
        print_json(job, &r);
    else
        print_text(job, &r);
    rc = exit_code(&r);
    pd_run_result_release(&r);
    return fflush(stdout) == 0 ? rc : PD_EXIT_IO;
}
