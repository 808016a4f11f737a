/* prodops schedule: the long-running scheduler (jobs/scheduler.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/log.h"
#include "common/timeutil.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/schedule.h"
#include "jobs/scheduler.h"
#include "jobs/signals.h"

static void
help(void)
{
    printf("prodops schedule runs the jobs of prodops.conf at their scheduled "
           "times until\nstopped.  It stays in the foreground and logs to "
           "stderr: run it under systemd,\nor see 'prodops cron' to use "
           "the system's scheduler instead.\n\n"
           "Usage:\n"
           "  prodops schedule [OPTION]... [JOB]...\n\n"
           "With JOB names, only those jobs.  At start, a job with catchup = "
           "latest (the\ndefault) runs once for the latest time it missed "
           "since its last run.\n\n"
           "Options:\n"
           "      --once          catch up what is due, then exit (no "
           "waiting)\n"
           "      --now=TIME      start the clock at TIME (ISO 8601); it "
           "then advances in\n"
           "                      real time (for tests)\n"
           "      --exit-after=N  exit after N runs (for tests)\n"
           "      --log-format=FORMAT  text (default: one line an event: "
           "ISO 8601 time,\n"
           "                      level, job[run id]: message), json (one "
           "object a line,\n"
           "                      for log shippers) or plain\n"
           "  -h, --help          show this help and exit\n\n"
           "Signals: SIGTERM and SIGINT stop after the file or step under "
           "way (the run is\nrecorded as interrupted and caught up at the "
           "next start); SIGHUP reloads\nthe configuration between runs.\n\n"
           "Environment:\n"
           "  PRODOPS_NOW         a fixed current time (ISO 8601), for "
           "tests\n\n"
           "Exit status: 0 stopped cleanly, 2 usage or no job configured.\n");
}

static int
parse_args(int argc, char **argv, struct pd_scheduler_opts *o)
{
    enum { O_ONCE = 256, O_NOW, O_EXIT, O_LOG };
    static const struct option opts[] = {
        {"once", no_argument, NULL, O_ONCE},
        {"now", required_argument, NULL, O_NOW},
        {"exit-after", required_argument, NULL, O_EXIT},
        {"log-format", required_argument, NULL, O_LOG},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct pd_err err = PD_ERR_INIT;
    char *end;
    int c, rc;

    /* Logs for servers by default (issue 18). */
    pd_log_set_style(PD_LOG_STYLE_TEXT);
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case O_ONCE:
            o->once = true;
            break;
        case O_NOW:
            if (pd_schedule_parse_time(optarg, "UTC", &o->start, &err) < 0)
                return pd_cli_usage_error("schedule", "--now: %s", err.msg);
            o->has_start = true;
            break;
        case O_EXIT:
            o->exit_after = strtol(optarg, &end, 10);
            if (*end || end == optarg || o->exit_after < 1)
                return pd_cli_usage_error("schedule",
                                          "--exit-after takes a number >= 1");
            break;
        case O_LOG:
            if ((rc = pd_cli_log_format("schedule", optarg)) != 0)
                return rc;
            break;
        case 'h':
            help();
            return -1;
        default:
            return pd_cli_usage_error("schedule", "bad option");
        }
    }
    o->jobs = argv + optind;
    o->njobs = (size_t)(argc - optind);
    return 0;
}

int
pd_cmd_schedule(int argc, char **argv, struct pd_globals *g)
{
    struct pd_scheduler_opts o = {NULL, 0, false, 0, false, 0};
    struct pd_err err = PD_ERR_INIT;
    int rc;

    if ((rc = parse_args(argc, argv, &o)) != 0)
        return rc < 0 ? PD_EXIT_OK : rc;
    pd_signals_install();
    if (pd_scheduler_run(g, &o, &err) < 0) {
        pd_log_err(&err);
        return (int)pd_exit_for(err.code);
    }
    return PD_EXIT_OK;
}
