/* prodops demo: write a set of sample vendor exports (jobs/demo/demo.h). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/timeutil.h"
#include "jobs/cli.h"
#include "jobs/demo/demo.h"
#include "jobs/exit.h"

static void
help(void)
{
    printf(
        "prodops demo writes realistic sample exports to try prodops "
        "on.\n\n"
        "Usage:\n"
        "  prodops demo [OPTION]...\n\n"
        "Writes, for the %d weeks before the end date and the same "
        "accounts and people:\n"
        "  crm/        a CRM accounts export\n"
        "  zendesk/    two overlapping ticket exports; freshdesk/, "
        "hubspot/ tickets\n"
        "  nps/        Delighted (two cumulative exports), SurveyMonkey, "
        "Typeform and\n"
        "              Qualtrics survey responses\n"
        "  usage/      Amplitude (zip of gzipped JSON lines), Mixpanel, "
        "Segment, PostHog\n"
        "              and Pendo product-usage events, with the exposures "
        "of two\n"
        "              experiments in the last six weeks (new-onboarding in "
        "Amplitude,\n"
        "              pricing-page in Mixpanel)\n"
        "  releases/   two launches (Bulk edit, eight weeks before the end, "
        "and\n"
        "              Integrations hub, three weeks before), used in the "
        "PostHog\n"
        "              events and asked about in tickets and NPS comments\n"
        "  fider/      thirty feature-request posts of the accounts' people "
        "(a Fider\n"
        "              export with a company column)\n"
        "The same options always write the same bytes.\n\n"
        "Options:\n"
        "  -o, --out=DIR            output folder (default: demo)\n"
        "  -s, --seed=N             random seed (default: %d)\n"
        "  -e, --end=DATE           end of the data, exclusive, "
        "YYYY-MM-DD in UTC\n"
        "                           (default: the Monday starting the "
        "current ISO week)\n"
        "  -a, --accounts=N         number of accounts (default: %d)\n"
        "  -t, --tickets=N          total tickets (default: %d, at most "
        "%d)\n"
        "  -n, --nps-per-week=N     NPS responses a week over all tools "
        "(default: %d)\n"
        "  -u, --events-per-day=N   usage events a day, about (default: "
        "%d)\n"
        "  -b, --bench-tickets=N    bench mode: write bench/zendesk-bench.csv "
        "with N rows\n"
        "  -E, --bench-events=N     bench mode: write "
        "bench/amplitude-bench.zip and\n"
        "                           bench/mixpanel-bench.jsonl with N "
        "events each\n"
        "                           (both bench options may be given; "
        "bench mode writes\n"
        "                           nothing else)\n"
        "  -h, --help               show this help and exit\n\n"
        "Environment:\n"
        "  PRODOPS_NOW              the current time (ISO 8601), for "
        "the default end\n\n"
        "Exit status: 0 written, 2 usage, 4 file system error.\n",
        PD_DEMO_WEEKS, PD_DEMO_DEFAULT_SEED, PD_DEMO_DEFAULT_ACCOUNTS,
        PD_DEMO_TICKETS_PER_WEEK * PD_DEMO_WEEKS, PD_DEMO_MAX_TICKETS,
        PD_DEMO_NPS_PER_WEEK, PD_DEMO_EVENTS_PER_DAY);
}

/* A whole decimal number no larger than max. */
static int
parse_count(const char *s, uint64_t max, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (s[0] < '0' || s[0] > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Monday 00:00 UTC of the ISO week holding t. */
static int64_t
week_start(int64_t t)
{
    struct pd_tm tm;

    pd_time_split(t, &tm);
    return pd_time_make(tm.year, tm.month, tm.day, 0, 0, 0, 0) -
           (int64_t)(tm.weekday - 1) * PD_US_PER_DAY;
}

/* Stores a number option; the usage error's exit code otherwise. */
static int
count_opt(const char *name, uint64_t min, uint64_t max, size_t *out)
{
    uint64_t v;

    if (parse_count(optarg, max, &v) < 0 || v < min)
        return pd_cli_usage_error("demo",
                                  "--%s takes a number from %" PRIu64
                                  " to %" PRIu64 ", not \"%s\"",
                                  name, min, max, optarg);
    *out = (size_t)v;
    return 0;
}

static int
parse_one(int c, struct pd_demo_opts *o)
{
    switch (c) {
    case 'o':
        if (!optarg[0])
            return pd_cli_usage_error("demo", "--out takes a folder name");
        o->out_dir = optarg;
        return 0;
    case 's':
        if (parse_count(optarg, UINT64_MAX, &o->seed) < 0)
            return pd_cli_usage_error(
                "demo", "--seed takes a number, not \"%s\"", optarg);
        return 0;
    case 'e':
        if (pd_cli_parse_day(optarg, &o->end_us) < 0)
            return pd_cli_usage_error(
                "demo", "--end takes a date as YYYY-MM-DD, not \"%s\"", optarg);
        return 0;
    case 'a':
        return count_opt("accounts", 1, PD_DEMO_MAX_ACCOUNTS, &o->accounts);
    case 't':
        return count_opt("tickets", 1, PD_DEMO_MAX_TICKETS, &o->tickets);
    case 'n':
        return count_opt("nps-per-week", 1, PD_DEMO_MAX_NPS_PER_WEEK,
                         &o->nps_per_week);
    case 'u':
        return count_opt("events-per-day", 1, PD_DEMO_MAX_EVENTS_PER_DAY,
                         &o->events_per_day);
    case 'b':
        return count_opt("bench-tickets", 0, SIZE_MAX, &o->bench_tickets);
    case 'E':
        return count_opt("bench-events", 0, SIZE_MAX, &o->bench_events);
    case 'h':
        help();
        return -1;
    default:
        PD_BUG("option '%c' in the string but not handled", c);
    }
}

/* 0 to go on, -1 after --help, else an exit code. */
static int
parse_args(int argc, char **argv, struct pd_demo_opts *o)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"seed", required_argument, NULL, 's'},
        {"end", required_argument, NULL, 'e'},
        {"accounts", required_argument, NULL, 'a'},
        {"tickets", required_argument, NULL, 't'},
        {"nps-per-week", required_argument, NULL, 'n'},
        {"events-per-day", required_argument, NULL, 'u'},
        {"bench-tickets", required_argument, NULL, 'b'},
        {"bench-events", required_argument, NULL, 'E'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c, rc;

    opterr = 0; /* our own message, in our own format */
    while ((c = getopt_long(argc, argv, ":o:s:e:a:t:n:u:b:E:h", opts, NULL)) !=
           -1) {
        if (c == '?')
            return pd_cli_usage_error("demo", "unrecognized option '%s'",
                                      argv[optind - 1]);
        if (c == ':')
            return pd_cli_usage_error("demo", "option '%s' needs a value",
                                      argv[optind - 1]);
        if ((rc = parse_one(c, o)) != 0)
            return rc;
    }
    if (optind < argc)
        return pd_cli_usage_error("demo", "unexpected argument '%s'",
                                  argv[optind]);
    return 0;
}

/* Rows for CSV files; events for usage, with the members of an archive
 * and the rows of a pre-aggregated export. */
static void
print_file(const struct pd_demo_file *f)
{
    if (strcmp(f->kind, "usage") != 0)
        printf("wrote %s (%zu rows)\n", f->path, f->rows);
    else if (f->members)
        printf("wrote %s (%zu members, %zu events)\n", f->path, f->members,
               f->events);
    else if (f->rows != f->events)
        printf("wrote %s (%zu rows, %zu events)\n", f->path, f->rows,
               f->events);
    else
        printf("wrote %s (%zu events)\n", f->path, f->events);
}

int
pd_cmd_demo(int argc, char **argv, struct pd_globals *g)
{
    struct pd_demo_opts o;
    struct pd_demo_stats st;
    struct pd_err err = PD_ERR_INIT;
    int rc;

    (void)g;
    pd_demo_opts_init(&o, week_start(pd_now_us()));
    rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? PD_EXIT_OK : rc;
    rc = pd_demo_generate(&o, &st, &err);
    /* Files finished before a failure are complete and listed too. */
    for (size_t i = 0; i < st.nfiles; i++)
        print_file(&st.files[i]);
    if (rc < 0) {
        pd_log_err(&err);
        return (int)pd_exit_for(err.code);
    }
    return fflush(stdout) == 0 ? PD_EXIT_OK : PD_EXIT_IO;
}
