#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/file.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "jobs/exit.h"
#include "load/cluster.h"

const struct pd_command pd_commands[] = {
    {"ingest", pd_cmd_ingest, "load export files into the warehouse"},
    {"check", pd_cmd_check, "read and normalize files without loading"},
    {"files", pd_cmd_files, "list loaded and rejected files"},
    {"rejects", pd_cmd_rejects, "list rejected rows with their reasons"},
    {"db", pd_cmd_db, "start, stop or inspect the embedded database"},
    {"report", pd_cmd_report,
     "write the weekly report, the OKR review or PM handoffs"},
    {"retheme", pd_cmd_retheme, "apply changed theme rules to loaded rows"},
    {"demo", pd_cmd_demo, "write a set of sample vendor exports"},
    {"init", pd_cmd_init, "write a starting prodops.conf and inbox folders"},
    {"run", pd_cmd_run, "run a configured job once, now"},
    {"schedule", pd_cmd_schedule, "run the jobs on their schedules"},
    {"jobs", pd_cmd_jobs, "list jobs, their next runs and history"},
    {"cron", pd_cmd_cron, "print crontab lines and systemd timers for jobs"},
    {"forget", pd_cmd_forget, "erase one person (an email address) everywhere"},
    {NULL, NULL, NULL}};

int
pd_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "prodops: error: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'prodops %s --help' for more information.\n", cmd);
    return PD_EXIT_USAGE;
}

int
pd_cli_log_format(const char *cmd, const char *format)
{
    enum pd_log_style style;

    if (!pd_log_style_parse(format, &style))
        return pd_cli_usage_error(cmd,
                                  "--log-format: '%s' is not plain, text or "
                                  "json",
                                  format);
    pd_log_set_style(style);
    return 0;
}

bool
pd_cli_external_db(const struct pd_globals *g)
{
    const char *dsn = getenv("PRODOPS_DSN");

    return (dsn && *dsn) || (g->config && g->config->dsn) || getenv("PGHOST") ||
           getenv("PGDATABASE");
}

const char *
pd_cli_conninfo(struct pd_globals *g, struct pd_err *err)
{
    static struct pd_cluster cluster;
    const char *dsn = getenv("PRODOPS_DSN");

    if (dsn && *dsn)
        return dsn;
    if (g->config && g->config->dsn)
        return g->config->dsn;
    if (getenv("PGHOST") || getenv("PGDATABASE"))
        return ""; /* libpq reads the PG* environment itself */
    if (pd_cluster_locate(&cluster, NULL, err) < 0)
        return NULL;
    if (g->config)
        cluster.wal = g->config->wal;
    if (pd_cluster_start(&cluster, err) < 0)
        return NULL;
    return cluster.uri;
}

/* YYYY-MM-DD as midnight UTC, in µs (pd_time_parse_day's days). */
int
pd_cli_parse_day(const char *s, int64_t *out)
{
    int64_t days;

    if (pd_time_parse_day(s, strlen(s), &days) < 0)
        return -1;
    *out = days * PD_US_PER_DAY;
    return 0;
}

struct pd_themes *
pd_cli_themes(const struct pd_config *cfg, struct pd_err *err)
{
    struct pd_themes *t;
    char *text;

    if (!cfg->themes_file)
        return pd_themes_default(err);
    text = pd_file_read_all(cfg->themes_file, 1 << 20, err);
    if (!text)
        return NULL;
    t = pd_themes_parse(text, cfg->themes_file, err);
    free(text);
    return t;
}

void
pd_cli_report_settings(const struct pd_config *cfg,
                       struct pd_report_settings *s)
{
    struct pd_handoff_area *v = pd_xcalloc(cfg->nareas + 1, sizeof(*v));
    char source[600];

    for (size_t i = 0; i < cfg->nareas; i++) {
        const struct pd_config_area *c = &cfg->areas[i];
        v[i].name = c->name;
        v[i].product_areas = (const char *const *)c->product_areas;
        v[i].nproduct_areas = c->nproduct_areas;
        v[i].themes = (const char *const *)c->themes;
        v[i].nthemes = c->nthemes;
        v[i].events = (const char *const *)c->events;
        v[i].nevents = c->nevents;
    }
    if (cfg->nareas)
        snprintf(source, sizeof(source), "[areas] of %s", cfg->path);
    *s = (struct pd_report_settings){cfg->report_timezone,
                                     cfg->fiscal_year_start_month,
                                     cfg->okrs,
                                     cfg->nokrs,
                                     &cfg->support,
                                     cfg->email_from,
                                     cfg->email_to,
                                     cfg->email_subject,
                                     v,
                                     cfg->nareas,
                                     cfg->nareas ? pd_xstrdup(source) : NULL,
                                     cfg->requests_file,
                                     cfg->experiments,
                                     cfg->nexperiments};
}

void
pd_cli_report_settings_release(struct pd_report_settings *s)
{
    free(s->areas);
    free(s->area_source);
    s->areas = NULL;
    s->area_source = NULL;
}
