/*
 * config - prodops.conf (INI, read with inih) to struct pd_config.
 *
 * Found by --config, $PRODOPS_CONFIG, or ./prodops.conf.  Parsed once and
 * validated; every problem is reported at once with file:line.
 *
 * Sections (so far): [database] dsn, wal (the embedded cluster's WAL
 * level: minimal or replica); [ingest] max_reject_ratio, timezone,
 * day_first; [source "NAME"] path, kind, profile, timezone, day_first;
 * [profile "NAME"] kind plus canonical-field = Column Header lines (the
 * generic profile by mapping); [report] timezone, fiscal_year_start_month;
 * [okr "NAME"] quarter, metric, direction, target, baseline, owner (a key
 * result: every key is checked before anything runs); [areas] NAME =
 * items, the product areas of the PM handoff (see struct pd_config_area);
 * [job "NAME"] schedule, timezone, sources, reports, output, keep,
 * keep_days, retries, retry_base, deliver, on_failure, catchup (a
 * scheduled job: cron
 * expression, zone and source names are checked at load);
 * [business_hours] and [sla] (reports/support.h); [requests] file (the
 * request rules, issue 17); [email] from, to, subject (the weekly .eml's
 * headers: ASCII addresses, no line breaks); [retention] events_months,
 * rejects_days (load/retention.h); [experiment "NAME"] flag, control,
 * weights, start, end, window_days, primary, secondary, guardrails, mde,
 * sequential, cuped (SPEC §9).
 *
 * Ownership: pd_config_load() returns a heap object; free with
 * pd_config_free().  Strings inside are owned by the config.
 * Errors: -1 with *err (PD_E_CONFIG) counting the problems, each of
 * which was logged as its own "file:line: what" error line first.
 * Limits: 64 sources (32 kept properties each), 64 profiles, 128 mapped fields
 * per profile, 64 key results, 64 areas of 64 items of each kind, 64 jobs of 64
 * sources and 8 reports each, 64 experiments.
 */
#ifndef PD_CONFIG_H
#define PD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"
#include "jobs/cron.h"
#include "load/cluster.h"
#include "reports/experiment.h"
#include "reports/okr.h"
#include "reports/support.h"

struct pd_config_mapping {
    char *field;  /* canonical field name, e.g. "external_id" */
    char *column; /* header text in the export */
};

struct pd_config_profile {
    char *name;
    char *kind; /* tickets, accounts, nps, usage */
    struct pd_config_mapping *map;
    size_t nmap;
    bool header; /* false: the file has no header row; columns are 1,2,... */
};

struct pd_config_source {
    char *name;
    char *path;
    char *kind;
    char *profile;
    char *timezone;
    bool day_first;
    bool day_first_set;
    bool processed; /* jobs move loaded files to <folder>/processed/ */
    double settle;  /* seconds a file must be unchanged before a job loads
                       it (default 5) */
    /* keep_properties = plan, $os: event properties stored besides those
     * of exposure events (issue 15; transform/row.h says how a name
     * matches).  Usage sources only; at most 32 names. */
    char **keep_properties;
    size_t nkeep_properties;
    long keep_line; /* where keep_properties is, for messages */
};

/* [job "NAME"]: what `prodops run` and `prodops schedule` do. */
struct pd_config_job {
    char *name;
    char *schedule;       /* the cron expression as written */
    struct pd_cron *cron; /* parsed; owned by the config */
    char *timezone;       /* IANA zone of the schedule (default UTC) */
    char **sources;       /* [source] names, in order */
    size_t nsources;
    char **reports; /* weekly, okr, handoff */
    size_t nreports;
    char *output;      /* folder as written (default output/NAME) */
    char *deliver;     /* shell command, or NULL */
    char *on_failure;  /* shell command run when a run fails, or NULL */
    int keep;          /* output sets of runs to keep; 0 = all */
    int keep_days;     /* remove outputs of runs older than this; 0 = never */
    int retries;       /* attempts after the first (default 2) */
    double retry_base; /* seconds before the first retry (default 60) */
    bool catchup;      /* catchup = latest (true, default) or none */
    long line;         /* its first key's line, for messages */
    long sources_line; /* where 'sources' is, for messages */
};

/* One line of [areas]: "Billing = Billing, theme:billing, event:Invoice*".
 * A bare item is a ticket product_area value (matched case-insensitively),
 * theme:NAME a theme, event:NAME an event name whose one trailing '*' makes
 * it a prefix.  A key given again (or continued on an indented line) adds
 * items to the same area. */
struct pd_config_area {
    char *name;
    char **product_areas;
    size_t nproduct_areas;
    char **themes;
    size_t nthemes;
    char **events;
    size_t nevents;
};

struct pd_config {
    char *path;              /* the file read, or NULL for defaults */
    char *dir;               /* its directory (relative paths resolve here) */
    char *dsn;               /* [database] dsn */
    enum pd_cluster_wal wal; /* [database] wal (embedded cluster only) */
    double max_reject_ratio;
    char *timezone;        /* default zone of naive times */
    char *themes_file;     /* [themes] file: rules (absolute path), or NULL */
    char *report_timezone; /* [report] timezone, or NULL (UTC) */
    bool day_first;
    struct pd_config_area *areas; /* [areas], in file order */
    size_t nareas;
    struct pd_config_source *sources;
    size_t nsources;
    struct pd_config_profile *profiles;
    size_t nprofiles;
    struct pd_okr_kr *okrs; /* [okr "NAME"]: key results, in file order */
    size_t nokrs;
    int fiscal_year_start_month; /* [report] fiscal_year_start_month, 1-12 */
    struct pd_config_job *jobs;  /* [job "NAME"], in file order */
    size_t njobs;
    /* [business_hours] timezone, monday ... sunday, holidays,
     * holidays_file; [sla] first_reply_hours.<priority> (SPEC §6). */
    struct pd_support support;
    /* [email] from, to, subject of the weekly .eml (reports/email.h);
     * NULL: the defaults there.  No CR, LF or control characters. */
    char *email_from;
    char *email_to;
    char *email_subject;
    /* [retention]: 0 keeps everything (load/retention.h). */
    int retention_events_months;
    int retention_rejects_days;
    /* [requests] file: the request rules of the requests roll-up
     * (reports/requests.h; absolute path), or NULL. */
    char *requests_file;
    /* [experiment "NAME"] (SPEC §9), in file order, checked and with
     * their defaults filled (reports/experiment.h). */
    struct pd_experiment *experiments;
    size_t nexperiments;
};

/* path NULL: $PRODOPS_CONFIG, else ./prodops.conf if it exists, else
 * defaults.  An explicit path that does not exist is an error. */
struct pd_config *pd_config_load(const char *path, struct pd_err *err);
void pd_config_free(struct pd_config *cfg);

const struct pd_config_source *pd_config_source(const struct pd_config *cfg,
                                                const char *name);
const struct pd_config_profile *pd_config_profile(const struct pd_config *cfg,
                                                  const char *name);

/* A reject ratio: a number from 0 to 1, the whole text (not nan, inf or
 * empty).  The config's max_reject_ratio and --max-reject-ratio. */
bool pd_config_parse_ratio(const char *v, double *out);

/* The job named name, or NULL. */
const struct pd_config_job *pd_config_job(const struct pd_config *cfg,
                                          const char *name);

/* A path of the config (an inbox, an output folder) made absolute: rel
 * itself when absolute, else resolved against the config file's folder
 * (the working directory without a config file).  Owned by caller, free().
 * The folder must exist; NULL with *err (PD_E_IO) otherwise. */
char *pd_config_abspath(const struct pd_config *cfg, const char *rel,
                        struct pd_err *err);

#endif
