/* prodops init [DIR]: a starting prodops.conf, the inbox folders and the
 * theme rules, so that a team edits a working setup instead of writing one
 * (issue 6). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/file.h"
#include "common/log.h"
#include "common/resource.h"
#include "jobs/cli.h"
#include "jobs/exit.h"

static void
help(void)
{
    printf("prodops init writes a commented prodops.conf (sources for each "
           "vendor's exports,\na weekly and a quarterly job), the inbox "
           "folders and the default theme rules\ninto DIR, and prints the "
           "next steps.  It never overwrites a prodops.conf.\n\n"
           "Usage:\n"
           "  prodops init [DIR]      (default: the working directory)\n\n"
           "Options:\n"
           "  -h, --help   show this help and exit\n\n"
           "Exit status: 0 written, 2 a prodops.conf is already there, 4 "
           "file system error.\n");
}

/* One [source] per folder `prodops demo` writes, named like the vendor
 * profiles so that rows get the same source as with `prodops ingest`. */
static const struct {
    const char *name, *folder, *kind;
} sources[] = {
    {"crm", "inbox/crm", "accounts"},
    {"zendesk", "inbox/zendesk", "tickets"},
    {"freshdesk", "inbox/freshdesk", "tickets"},
    {"hubspot", "inbox/hubspot", "tickets"},
    {"delighted", "inbox/nps/delighted", "nps"},
    {"surveymonkey", "inbox/nps/surveymonkey", "nps"},
    {"typeform", "inbox/nps/typeform", "nps"},
    {"qualtrics", "inbox/nps/qualtrics", "nps"},
    {"amplitude", "inbox/usage/amplitude", "usage"},
    {"mixpanel", "inbox/usage/mixpanel", "usage"},
    {"segment", "inbox/usage/segment", "usage"},
    {"posthog", "inbox/usage/posthog", "usage"},
    {"pendo", "inbox/usage/pendo", "usage"},
};
#define NSOURCES (sizeof(sources) / sizeof(sources[0]))

/* Issue 17: the launches `prodops report launch` reviews, one file beside
 * the config (a releases CSV: transform/profiles/releases.c).  The event
 * names are those `prodops demo` writes. */
static const char releases_source[] =
    "\n# Launches for 'prodops report launch' and the OKR review: edit "
    "releases.csv\n# (events: the usage events that mean someone used it, "
    "';'-separated; or\n# flag: a feature flag whose exposures do; "
    "pattern: what tickets and NPS\n# comments about it say, a "
    "case-insensitive regular expression).\n"
    "[source \"releases\"]\npath = releases.csv\nkind = releases\n";

static const char releases_csv[] =
    "name,date,product area,events,flag,link,pattern\n"
    "CSV export,2026-10-21,Reporting,Export CSV,,"
    "https://example.com/changelog/csv-export,export|csv|download\n"
    "Integrations hub,2026-11-04,Integrations,Integration Connected,,"
    "https://example.com/changelog/integrations,integration|connect\n";

static const char head[] =
    "# prodops.conf, written by 'prodops init'.  Paths are relative to this "
    "file.\n"
    "# Every key is in README.md (\"Configuration\", \"Scheduled jobs\").\n\n"
    "[database]\n"
    "# Without a dsn (or PRODOPS_DSN, or PGHOST), prodops runs its own "
    "PostgreSQL\n"
    "# in $PRODOPS_HOME (default ./.prodops).\n"
    ";dsn = postgresql://etl@warehouse.internal/prodops\n"
    "# Its WAL: minimal loads faster but rules out base backups and "
    "point-in-time\n# recovery; replica allows them (takes effect at the "
    "server's next start).\n"
    ";wal = minimal\n\n"
    "[report]\n"
    "# The reports' weeks and days start at midnight in this zone; without "
    "it, in\n# each job's zone.\n"
    ";timezone = America/New_York\n"
    ";fiscal_year_start_month = 1\n\n"
    "[email]\n"
    "# Headers of the weekly email (weekly-YYYY-Www.eml, for sendmail -t); "
    "without\n# to, no To: line (the job's deliver command adds "
    "recipients).\n"
    ";from = Product Ops <reports@example.com>\n"
    ";to = leadership@example.com\n"
    ";subject = Weekly report\n\n"
    "# Support operations (README \"Support operations\"): business hours "
    "for the\n# first-reply and resolution times in business hours, and "
    "first-reply\n# targets per priority for the SLA breach rate (in "
    "business hours when\n# [business_hours] is there).  Without them "
    "those metrics are null.\n"
    ";[business_hours]\n"
    ";timezone = Europe/Berlin       ; default: the report zone\n"
    ";monday = 09:00-17:00           ; ... sunday; HH:MM-HH:MM or closed "
    "(default\n"
    ";saturday = closed              ; Monday-Friday 09:00-17:00)\n"
    ";holidays = 2026-12-24, 2026-12-25\n"
    ";holidays_file = holidays.txt   ; one date a line\n"
    ";[sla]\n"
    ";first_reply_hours.urgent = 1\n"
    ";first_reply_hours.high = 4\n"
    ";first_reply_hours.normal = 8\n\n"
    "[themes]\n"
    "file = themes.conf             ; theme rules: edit, then 'prodops "
    "retheme'\n\n"
    "# Retention (README \"Operations\"): after each job run, or 'prodops "
    "db prune'.\n"
    ";[retention]\n"
    ";events_months = 25            ; drop usage events older than this, a "
    "month at a time\n"
    ";rejects_days = 90             ; delete rejected rows of files loaded "
    "before\n\n"
    ";[requests]                    ; 'prodops report requests' (README "
    "\"Feature requests\")\n"
    ";file = requests.conf          ; request rules: 'name = pcre2 "
    "pattern' lines\n\n"
    "# ---- sources: one inbox folder (or glob such as inbox/zendesk/*.csv) "
    "each ----\n"
    "# kind: tickets, nps, usage, requests, accounts or releases.  The vendor "
    "is\n# detected from the header; 'profile = NAME' forces one, or names a "
    "[profile] "
    "mapping.\n"
    "# timezone: the zone of times without an offset in these files "
    "(default UTC).\n"
    "# day_first = true reads 03/04/2026 as 3 April.  processed = true "
    "moves loaded\n"
    "# files to processed/ beside them.  settle = 5: a file changed in the "
    "last 5\n# seconds is waited for, and left for the next run if it is "
    "still changing.\n";

static const char jobs[] =
    "\n# ---- jobs: 'prodops run NAME' runs one now; 'prodops schedule' runs "
    "them on\n"
    "# schedule (or see 'prodops cron' for crontab and systemd timers) "
    "----\n"
    "[job \"weekly\"]\n"
    "schedule = 0 7 * * MON         ; cron: minute hour day month weekday: "
    "Mondays 07:00\n"
    "timezone = UTC                 ; the team's zone, e.g. "
    "America/New_York\n"
    "sources  = %s\n"
    "reports  = weekly              ; weekly, okr, handoff, requests,\n"
    "                                 ; experiment(s)\n"
    "output   = output/weekly       ; reports land here, named by week\n"
    "keep     = 12                  ; output sets of the last 12 runs are "
    "kept\n"
    "retries  = 3                   ; a failed run is tried again after 60, "
    "120, 240 s\n"
    ";retry_base = 60\n"
    ";catchup  = latest             ; after downtime: run once (latest) or "
    "not (none)\n"
    ";deliver  = ./send-to-slack.sh ; run after the reports, with their "
    "paths\n"
    ";on_failure = ./alert.sh       ; run when a run fails, with the error "
    "as $1\n\n"
    "[job \"quarterly\"]\n"
    "schedule = @quarterly          ; 00:00 on 1 Jan, 1 Apr, 1 Jul, 1 Oct: "
    "the quarter just ended\n"
    "timezone = UTC\n"
    "sources  = %s%s\n"
    "reports  = okr\n"
    "output   = output/quarterly\n"
    "keep     = 8\n"
    "retries  = 3\n\n"
    "# ---- key results of the quarterly OKR review (prodops report okr) "
    "----\n"
    ";[okr \"Customers love the product\"]\n"
    ";quarter   = 2026Q4\n"
    ";metric    = nps                ; a metric of 'prodops report --help'\n"
    ";direction = >=\n"
    ";target    = 40\n"
    ";baseline  = 30\n"
    ";owner     = VP Product\n\n"
    "# ---- product areas of the PM handoff (prodops report handoff) ----\n"
    "# A bare item is a ticket product_area, theme:NAME a theme, "
    "event:NAME a usage\n# event (a trailing * makes it a prefix).\n"
    ";[areas]\n"
    ";Billing   = Billing, theme:billing, theme:pricing, event:Invoice*\n"
    ";Reporting = Data Export, theme:data/export, event:Report Created\n\n"
    "# ---- experiments (prodops report experiment NAME; SPEC §9) ----\n"
    "# Exposures come from the usage exports' exposure events ($exposure,\n"
    "# $experiment_started, $feature_flag_called, Experiment Viewed).\n"
    "# Metrics: conversion:<event>, count:<event>, tickets, detractor.\n"
    ";[experiment \"new-onboarding\"]\n"
    ";flag        = new-onboarding   ; the vendor's flag or experiment key\n"
    ";control     = control\n"
    ";weights     = control:50, treatment:50 ; default: equal shares\n"
    ";start       = 2026-11-02\n"
    ";end         = 2026-11-29       ; the last day (optional)\n"
    ";window_days = 14               ; each user's metrics window\n"
    ";primary     = conversion:Report Created\n"
    ";secondary   = count:Report Created\n"
    ";guardrails  = tickets, detractor ; lower is better\n"
    ";mde         = 0.05             ; relative; plans the sample size\n"
    ";sequential  = false            ; true: always-valid p-values "
    "(mSPRT)\n"
    ";cuped       = false            ; true: CUPED with the pre-exposure "
    "window\n";

static void
config_text(struct pd_buf *b)
{
    char list[512] = "";
    size_t len = 0;

    pd_buf_addstr(b, head);
    for (size_t i = 0; i < NSOURCES; i++) {
        pd_buf_addf(b, "\n[source \"%s\"]\npath = %s\nkind = %s\n",
                    sources[i].name, sources[i].folder, sources[i].kind);
        len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
                                i ? ", " : "", sources[i].name);
    }
    pd_buf_addstr(b, releases_source);
    /* The quarterly review lists the quarter's launches: its job loads
     * releases.csv too (the weekly report shows none). */
    pd_buf_addf(b, jobs, list, list, ", releases");
}

/* dir/name, or an error when it does not fit. */
static int
join(char *out, const char *dir, const char *name, struct pd_err *err)
{
    int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);

    if (n < 0 || n >= PATH_MAX)
        return pd_err_set(err, PD_E_IO, "path too long: '%s/%s'", dir, name);
    return 0;
}

static int
write_all(const char *dir, struct pd_err *err)
{
    struct pd_buf conf = PD_BUF_INIT;
    char path[PATH_MAX];
    size_t len;
    const char *themes = pd_resource_get("transform/rules/themes.conf", &len);
    int rc = 0;

    for (size_t i = 0; i < NSOURCES && rc == 0; i++)
        rc = join(path, dir, sources[i].folder, err) < 0
                 ? -1
                 : pd_file_mkdirs(path, err);
    if (rc == 0 && join(path, dir, "themes.conf", err) == 0 &&
        access(path, F_OK) != 0 && themes)
        rc = pd_file_write_atomic(path, themes, len, err);
    if (rc == 0 && join(path, dir, "releases.csv", err) == 0 &&
        access(path, F_OK) != 0)
        rc = pd_file_write_atomic(path, releases_csv, sizeof(releases_csv) - 1,
                                  err);
    config_text(&conf);
    if (rc == 0 && (rc = join(path, dir, "prodops.conf", err)) == 0)
        rc = pd_file_write_atomic(path, conf.buf, conf.len, err);
    pd_buf_release(&conf);
    return rc;
}

static void
next_steps(const char *dir)
{
    bool here = strcmp(dir, ".") == 0;

    printf("wrote %s/prodops.conf, %s/themes.conf, %s/releases.csv and the "
           "inbox folders\nunder %s/inbox/\n\n"
           "Next steps:\n",
           dir, dir, dir, dir);
    if (!here)
        printf("  cd %s\n", dir);
    printf("  $EDITOR prodops.conf          # the jobs' time zone, the "
           "database, key results\n"
           "  # put exports in inbox/<vendor>/, or try the sample ones:\n"
           "  prodops demo --out inbox\n"
           "  prodops run weekly            # load, report, deliver: once, "
           "now\n"
           "  prodops jobs history          # what it did\n"
           "  prodops schedule              # keep running on schedule (or: "
           "prodops cron)\n");
}

int
pd_cmd_init(int argc, char **argv, struct pd_globals *g)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    struct pd_err err = PD_ERR_INIT;
    char conf[PATH_MAX];
    const char *dir;
    int c;

    (void)g;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            help();
            return PD_EXIT_OK;
        }
        return pd_cli_usage_error("init", "bad option");
    }
    dir = optind < argc ? argv[optind] : ".";
    if (optind + 1 < argc)
        return pd_cli_usage_error("init", "unexpected argument '%s'",
                                  argv[optind + 1]);
    if (join(conf, dir, "prodops.conf", &err) == 0 && access(conf, F_OK) == 0) {
        pd_log_error("%s already exists; not overwritten", conf);
        fprintf(stderr, "prodops: hint: edit it, or run 'prodops init "
                        "OTHER-FOLDER'\n");
        return PD_EXIT_USAGE;
    }
    if (pd_file_mkdirs(dir, &err) < 0 || write_all(dir, &err) < 0) {
        pd_log_err(&err);
        return (int)pd_exit_for(err.code);
    }
    next_steps(dir);
    return fflush(stdout) == 0 ? PD_EXIT_OK : PD_EXIT_IO;
}
