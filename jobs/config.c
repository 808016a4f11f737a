#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "reports/mime.h"
#include "reports/period.h"
#include "reports/report.h"
#include "transform/model.h"

enum { MAX_SOURCES = 64, MAX_PROFILES = 64, MAX_MAPPED = 128, MAX_OKRS = 64 };
enum { MAX_AREAS = 64, MAX_AREA_ITEMS = 64 };
enum { MAX_JOBS = 64, MAX_JOB_SOURCES = 64, MAX_JOB_REPORTS = 8 };
enum { MAX_KEEP_PROPERTIES = 32, MAX_PROPERTY_NAME = 128 };
enum { MAX_EXPERIMENTS = 64 };

struct parse_state {
    struct pd_config *cfg;
    const char *path;
    FILE *f;
    long line;            /* inih has no line numbers: our reader counts */
    struct pd_buf errors; /* every problem, one per line */
    int nerrors;
    long okr_line[MAX_OKRS];   /* where each [okr] section starts */
    long area_line[MAX_AREAS]; /* where each area was first named */
    long section_line;         /* the last [section] header read */
};

static void problem(struct parse_state *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
problem(struct parse_state *st, const char *fmt, ...)
{
    char msg[300];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    pd_buf_addf(&st->errors, "%s:%ld: %s\n", st->path, st->line, msg);
    st->nerrors++;
}

/* `source "zendesk"` -> kind "source", name "zendesk". */
static bool
split_section(const char *section, const char *kind, char *name, size_t n)
{
    size_t kl = strlen(kind);
    const char *q, *end;

    if (strncmp(section, kind, kl) != 0 || section[kl] != ' ')
        return false;
    q = strchr(section + kl, '"');
    end = q ? strrchr(q + 1, '"') : NULL;
    if (!q || !end || end == q + 1)
        return false;
    snprintf(name, n, "%.*s", (int)(end - q - 1), q + 1);
    return true;
}

static bool
parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on") ||
        !strcmp(v, "1"))
        *out = true;
    else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off") ||
             !strcmp(v, "0"))
        *out = false;
    else
        return false;
    return true;
}

static struct pd_config_source *
source_named(struct parse_state *st, const char *name)
{
    struct pd_config *c = st->cfg;

    for (size_t i = 0; i < c->nsources; i++)
        if (!strcmp(c->sources[i].name, name))
            return &c->sources[i];
    if (c->nsources == MAX_SOURCES) {
        problem(st, "too many sources (at most 64)");
        return NULL;
    }
    c->sources[c->nsources].name = pd_xstrdup(name);
    c->sources[c->nsources].settle = 5;
    return &c->sources[c->nsources++];
}

static struct pd_config_profile *
profile_named(struct parse_state *st, const char *name)
{
    struct pd_config *c = st->cfg;

    for (size_t i = 0; i < c->nprofiles; i++)
        if (!strcmp(c->profiles[i].name, name))
            return &c->profiles[i];
    if (c->nprofiles == MAX_PROFILES) {
        problem(st, "too many profiles (at most 64)");
        return NULL;
    }
    c->profiles[c->nprofiles].name = pd_xstrdup(name);
    c->profiles[c->nprofiles].header = true;
    c->profiles[c->nprofiles].map =
        pd_xcalloc(MAX_MAPPED, sizeof(struct pd_config_mapping));
    return &c->profiles[c->nprofiles++];
}

static void
set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = pd_xstrdup(v);
}

static struct pd_okr_kr *
okr_named(struct parse_state *st, const char *name)
{
    struct pd_config *c = st->cfg;

    for (size_t i = 0; i < c->nokrs; i++)
        if (!strcmp(c->okrs[i].name, name))
            return &c->okrs[i];
    if (c->nokrs == MAX_OKRS) {
        problem(st, "too many key results (at most 64)");
        return NULL;
    }
    c->okrs[c->nokrs].name = pd_xstrdup(name);
    st->okr_line[c->nokrs] = st->line;
    return &c->okrs[c->nokrs++];
}

/* A number, the whole value: "40", "-2.5". */
static bool
parse_number(const char *v, double *out)
{
    char *end;

    errno = 0;
    *out = strtod(v, &end);
    return end != v && !*end && errno == 0 && isfinite(*out);
}

static void
okr_key(struct parse_state *st, struct pd_okr_kr *kr, const char *key,
        const char *v)
{
    if (!strcmp(key, "quarter")) {
        if (!pd_period_quarter_label_ok(v))
            problem(st,
                    "[okr \"%s\"] quarter: '%s' is not of the form YYYYQn "
                    "(e.g. 2026Q4)",
                    kr->name, v);
        set_str(&kr->quarter, v);
    } else if (!strcmp(key, "metric")) {
        if (!pd_okr_metric_known(v))
            problem(st,
                    "[okr \"%s\"] metric: unknown metric '%s' (a SPEC "
                    "§6 name such as nps or csat_pct, adoption:<event>, "
                    "red_accounts; 'prodops report --help' lists them)",
                    kr->name, v);
        set_str(&kr->metric, v);
    } else if (!strcmp(key, "direction")) {
        if (strcmp(v, ">=") != 0 && strcmp(v, "<=") != 0)
            problem(st, "[okr \"%s\"] direction: '%s' is neither >= nor <=",
                    kr->name, v);
        set_str(&kr->direction, v);
    } else if (!strcmp(key, "target")) {
        if (!(kr->has_target = parse_number(v, &kr->target)))
            problem(st, "[okr \"%s\"] target: '%s' is not a number", kr->name,
                    v);
    } else if (!strcmp(key, "baseline")) {
        if (!(kr->has_baseline = parse_number(v, &kr->baseline)))
            problem(st, "[okr \"%s\"] baseline: '%s' is not a number", kr->name,
                    v);
    } else if (!strcmp(key, "owner")) {
        set_str(&kr->owner, v);
    } else {
        problem(st,
                "[okr \"%s\"]: unknown key '%s' (quarter, metric, "
                "direction, target, baseline, owner)",
                kr->name, key);
    }
}

static bool source_job_key(struct parse_state *st, struct pd_config_source *s,
                           const char *key, const char *v);

static long split_list(const char *v, char **list, size_t *n, size_t max);
static bool parse_int(const char *v, long min, int *out);

/* keep_properties = plan, $os (issue 15): property names, each once, no
 * control characters (they are matched against JSON keys). */
static void
source_keep_properties(struct parse_state *st, struct pd_config_source *s,
                       const char *v)
{
    if (!s->keep_properties)
        s->keep_properties = pd_xcalloc(MAX_KEEP_PROPERTIES, sizeof(char *));
    s->keep_line = st->line;
    if (split_list(v, s->keep_properties, &s->nkeep_properties,
                   MAX_KEEP_PROPERTIES) < 0) {
        problem(st, "[source \"%s\"] keep_properties: more than 32 names",
                s->name);
        return;
    }
    if (s->nkeep_properties == 0)
        problem(st, "[source \"%s\"] keep_properties: no property names",
                s->name);
    for (size_t i = 0; i < s->nkeep_properties; i++) {
        const char *k = s->keep_properties[i];
        bool ctl = false;
        for (const char *c = k; *c; c++)
            ctl |= (unsigned char)*c < 0x20 || *c == 0x7f;
        if (ctl || strlen(k) > MAX_PROPERTY_NAME)
            problem(st,
                    "[source \"%s\"] keep_properties: '%s' is not a "
                    "property name (at most 128 bytes, no control "
                    "characters)",
                    s->name, k);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(s->keep_properties[j], k))
                problem(st, "[source \"%s\"] keep_properties: '%s' named twice",
                        s->name, k);
    }
}

static void
source_key(struct parse_state *st, struct pd_config_source *s, const char *key,
           const char *v)
{
    /* The keys jobs added; timezone and kind are checked there, stored
     * here. */
    if (source_job_key(st, s, key, v))
        return;
    if (!strcmp(key, "path"))
        set_str(&s->path, v);
    else if (!strcmp(key, "kind"))
        set_str(&s->kind, v);
    else if (!strcmp(key, "profile"))
        set_str(&s->profile, v);
    else if (!strcmp(key, "timezone"))
        set_str(&s->timezone, v);
    else if (!strcmp(key, "keep_properties"))
        source_keep_properties(st, s, v);
    else if (!strcmp(key, "day_first")) {
        if (!parse_bool(v, &s->day_first))
            problem(st, "'day_first' must be true or false, not '%s'", v);
        s->day_first_set = true;
    } else
        problem(st, "unknown key '%s' in [source \"%s\"]", key, s->name);
}

static void
profile_key(struct parse_state *st, struct pd_config_profile *p,
            const char *key, const char *v)
{
    if (!strcmp(key, "kind")) {
        set_str(&p->kind, v);
    } else if (!strcmp(key, "header")) {
        if (!parse_bool(v, &p->header))
            problem(st, "'header' must be true or false, not '%s'", v);
    } else if (p->nmap == MAX_MAPPED) {
        problem(st, "too many mapped fields in profile '%s'", p->name);
    } else {
        p->map[p->nmap].field = pd_xstrdup(key);
        p->map[p->nmap].column = pd_xstrdup(v);
        p->nmap++;
    }
}

/* A zone the run would fail to open fails the configuration instead
 * (pd_tz_open: an IANA zone file). */
static void
check_zone(struct parse_state *st, const char *what, const char *v)
{
    struct pd_err e = PD_ERR_INIT;
    struct pd_tz *tz = pd_tz_open(v, &e);

    if (!tz)
        problem(st, "%s: unknown time zone '%s'", what, v);
    pd_tz_free(tz);
}

bool
pd_config_parse_ratio(const char *v, double *out)
{
    char *end;
    double r;

    errno = 0;
    r = strtod(v, &end);
    /* !(0 <= r <= 1) also refuses nan, which compares false both ways. */
    if (end == v || *end || errno || !(r >= 0 && r <= 1))
        return false;
    *out = r;
    return true;
}

/* [email] from, to, subject: header values of the weekly .eml, checked
 * here so a bad one stops the config, not the Sunday report.  A line
 * break would let a value add headers (Bcc:); inih cannot pass one, but
 * a control character is refused all the same. */
static void
email_key(struct parse_state *st, const char *key, const char *v)
{
    struct pd_config *c = st->cfg;
    bool address = !strcmp(key, "from") || !strcmp(key, "to");

    if (!address && strcmp(key, "subject") != 0) {
        problem(st, "unknown key '%s' in [email] (from, to, subject)", key);
        return;
    }
    if (!pd_mime_header_safe(v)) {
        problem(st, "[email] %s: control characters are not allowed", key);
        return;
    }
    for (const char *p = v; address && *p; p++)
        if ((unsigned char)*p >= 0x80) {
            problem(st, "[email] %s: '%s' is not ASCII", key, v);
            return;
        }
    if (address && (!*v || !strchr(v, '@'))) {
        problem(st, "[email] %s: '%s' is not an email address", key, v);
        return;
    }
    set_str(!strcmp(key, "from") ? &c->email_from
            : !strcmp(key, "to") ? &c->email_to
                                 : &c->email_subject,
            v);
}

/* [retention] events_months, rejects_days (load/retention.h): whole
 * numbers >= 1; absent means keep everything. */
static void
retention_key(struct parse_state *st, const char *key, const char *v)
{
    struct pd_config *c = st->cfg;
    bool months = !strcmp(key, "events_months");

    if (!months && strcmp(key, "rejects_days") != 0) {
        problem(st,
                "unknown key '%s' in [retention] (events_months, "
                "rejects_days)",
                key);
        return;
    }
    if (!parse_int(v, 1,
                   months ? &c->retention_events_months
                          : &c->retention_rejects_days))
        problem(st,
                "[retention] %s: '%s' is not a whole number >= 1 (leave "
                "it out to keep everything)",
                key, v);
}

static void
global_key(struct parse_state *st, const char *section, const char *key,
           const char *v)
{
    struct pd_config *c = st->cfg;

    if (!strcmp(section, "database") && !strcmp(key, "dsn")) {
        set_str(&c->dsn, v);
    } else if (!strcmp(section, "database") && !strcmp(key, "wal")) {
        if (!pd_cluster_wal_parse(v, &c->wal))
            problem(st, "'wal' must be minimal or replica, not '%s'", v);
    } else if (!strcmp(section, "ingest") && !strcmp(key, "max_reject_ratio")) {
        double r;
        if (!pd_config_parse_ratio(v, &r))
            problem(st,
                    "'max_reject_ratio' must be between 0 and 1, not "
                    "'%s'",
                    v);
        else
            c->max_reject_ratio = r;
    } else if (!strcmp(section, "ingest") && !strcmp(key, "timezone")) {
        check_zone(st, "[ingest] timezone", v);
        set_str(&c->timezone, v);
    } else if (!strcmp(section, "themes") && !strcmp(key, "file")) {
        free(c->themes_file);
        c->themes_file = v[0] == '/' || !c->dir
                             ? pd_xstrdup(v)
                             : pd_xasprintf("%s/%s", c->dir, v);
    } else if (!strcmp(section, "requests") && !strcmp(key, "file")) {
        /* Issue 17: the request rules, read by the requests report. */
        free(c->requests_file);
        c->requests_file = v[0] == '/' || !c->dir
                               ? pd_xstrdup(v)
                               : pd_xasprintf("%s/%s", c->dir, v);
    } else if (!strcmp(section, "report") && !strcmp(key, "timezone")) {
        check_zone(st, "[report] timezone", v);
        set_str(&c->report_timezone, v);
    } else if (!strcmp(section, "report") &&
               !strcmp(key, "fiscal_year_start_month")) {
        char *end;
        long m = strtol(v, &end, 10);
        if (end == v || *end || m < 1 || m > 12)
            problem(st,
                    "[report] fiscal_year_start_month: '%s' is not a month "
                    "number 1-12",
                    v);
        else
            c->fiscal_year_start_month = (int)m;
    } else if (!strcmp(section, "email")) {
        email_key(st, key, v);
    } else if (!strcmp(section, "retention")) {
        retention_key(st, key, v);
    } else if (!strcmp(section, "ingest") && !strcmp(key, "day_first")) {
        if (!parse_bool(v, &c->day_first))
            problem(st, "'day_first' must be true or false, not '%s'", v);
    } else {
        problem(st, "unknown key '%s' in [%s]", key, section);
    }
}

/* ---- [areas] ----------------------------------------------------------- */

static struct pd_config_area *
area_named(struct parse_state *st, const char *name)
{
    struct pd_config *c = st->cfg;

    for (size_t i = 0; i < c->nareas; i++)
        if (!strcmp(c->areas[i].name, name))
            return &c->areas[i];
    if (c->nareas == MAX_AREAS) {
        problem(st, "too many areas (at most %d)", MAX_AREAS);
        return NULL;
    }
    if (!c->areas)
        c->areas = pd_xcalloc(MAX_AREAS, sizeof(*c->areas));
    st->area_line[c->nareas] = st->line;
    c->areas[c->nareas].name = pd_xstrdup(name);
    return &c->areas[c->nareas++];
}

static void
area_add(struct parse_state *st, const struct pd_config_area *a, char ***list,
         size_t *n, const char *item, size_t len)
{
    if (*n == MAX_AREA_ITEMS) {
        problem(st, "too many items in area '%s' (at most %d of a kind)",
                a->name, MAX_AREA_ITEMS);
        return;
    }
    if (!*list)
        *list = pd_xcalloc(MAX_AREA_ITEMS, sizeof(**list));
    (*list)[(*n)++] = pd_xstrndup(item, len);
}

/* One comma-separated item, trimmed: a product area, theme:X or event:X. */
static void
area_item(struct parse_state *st, struct pd_config_area *a, const char *s,
          size_t len)
{
    size_t p = 0;

    while (p < len && (isalpha((unsigned char)s[p]) || s[p] == '_'))
        p++;
    if (p == 0 || p == len || s[p] != ':') {
        area_add(st, a, &a->product_areas, &a->nproduct_areas, s, len);
        return;
    }
    if (p + 1 == len) {
        problem(st, "empty '%.*s' item in area '%s'", (int)p + 1, s, a->name);
    } else if (p == 5 && !strncmp(s, "theme", 5)) {
        area_add(st, a, &a->themes, &a->nthemes, s + 6, len - 6);
    } else if (p == 5 && !strncmp(s, "event", 5)) {
        const char *star = memchr(s + 6, '*', len - 6);
        if (star && star != s + len - 1)
            problem(st,
                    "'%.*s' in area '%s': only a trailing '*' is a "
                    "wildcard",
                    (int)len, s, a->name);
        else
            area_add(st, a, &a->events, &a->nevents, s + 6, len - 6);
    } else {
        problem(st,
                "unknown item prefix '%.*s' in area '%s' (theme:, event: "
                "or a bare product area)",
                (int)p + 1, s, a->name);
    }
}

static void
area_key(struct parse_state *st, const char *key, const char *v)
{
    struct pd_config_area *a = area_named(st, key);

    if (!a)
        return;
    for (const char *s = v; *s;) {
        size_t len = strcspn(s, ",");
        const char *next = s + len + (s[len] == ',');
        while (len > 0 && isspace((unsigned char)*s))
            s++, len--;
        while (len > 0 && isspace((unsigned char)s[len - 1]))
            len--;
        /* Empty items (a trailing comma before a continued line) are
         * skipped. */
        if (len > 0)
            area_item(st, a, s, len);
        s = next;
    }
}

/* An area with no items at all (its value may continue on indented
 * lines, so this is checked at the end). */
static void
validate_areas(struct parse_state *st)
{
    long line = st->line;

    for (size_t i = 0; i < st->cfg->nareas; i++) {
        const struct pd_config_area *a = &st->cfg->areas[i];
        if (a->nproduct_areas + a->nthemes + a->nevents > 0)
            continue;
        st->line = st->area_line[i];
        problem(st,
                "area '%s' lists nothing (product areas, theme:NAME, "
                "event:NAME)",
                a->name);
    }
    st->line = line;
}

/* [product_areas] aliases in the handoff areas: an area that names a
 * product area also takes the tickets filed under its aliases, as the
 * weekly breakdown counts them under that name.  Runs after the whole
 * file is read, whatever the order of the two sections. */
static void
area_aliases(struct parse_state *st)
{
    const struct pd_hygiene *h = &st->cfg->support.hygiene;

    for (size_t i = 0; i < st->cfg->nareas; i++) {
        struct pd_config_area *a = &st->cfg->areas[i];
        size_t named = a->nproduct_areas;
        for (size_t k = 0; k < h->naliases; k++) {
            bool has = false, wanted = false;
            for (size_t j = 0; j < a->nproduct_areas; j++) {
                has |= !strcasecmp(a->product_areas[j], h->alias_from[k]);
                wanted |= j < named &&
                          !strcasecmp(a->product_areas[j], h->alias_to[k]);
            }
            if (wanted && !has)
                area_add(st, a, &a->product_areas, &a->nproduct_areas,
                         h->alias_from[k], strlen(h->alias_from[k]));
        }
    }
}

/* ---- [job "NAME"] and the job keys of [source] -------------------------- */

static bool
source_job_key(struct parse_state *st, struct pd_config_source *s,
               const char *key, const char *v)
{
    struct pd_err e = PD_ERR_INIT;
    struct pd_tz *tz;

    if (!strcmp(key, "timezone") && !(tz = pd_tz_open(v, &e))) {
        problem(st, "[source \"%s\"] timezone: unknown time zone '%s'", s->name,
                v);
        return false;
    } else if (!strcmp(key, "timezone")) {
        pd_tz_free(tz);
        return false;
    }
    if (!strcmp(key, "kind") && pd_kind_parse(v) == PD_KIND_NONE) {
        problem(st,
                "[source \"%s\"] kind: '%s' is not tickets, nps, usage, "
                "requests, accounts or releases",
                s->name, v);
        return false;
    }
    if (!strcmp(key, "processed")) {
        if (!parse_bool(v, &s->processed))
            problem(st, "'processed' must be true or false, not '%s'", v);
    } else if (!strcmp(key, "settle")) {
        if (!parse_number(v, &s->settle) || s->settle < 0)
            problem(st,
                    "[source \"%s\"] settle: '%s' is not a number of "
                    "seconds",
                    s->name, v);
    } else {
        return false;
    }
    return true;
}

static struct pd_config_job *
job_named(struct parse_state *st, const char *name)
{
    struct pd_config *c = st->cfg;
    struct pd_config_job *j;

    for (size_t i = 0; i < c->njobs; i++)
        if (!strcmp(c->jobs[i].name, name))
            return &c->jobs[i];
    if (c->njobs == MAX_JOBS) {
        problem(st, "too many jobs (at most 64)");
        return NULL;
    }
    j = &c->jobs[c->njobs++];
    j->name = pd_xstrdup(name);
    j->timezone = pd_xstrdup("UTC");
    j->output = pd_xasprintf("output/%s", name);
    j->retries = 2;
    j->retry_base = 60;
    j->catchup = true;
    j->line = st->line;
    j->sources = pd_xcalloc(MAX_JOB_SOURCES, sizeof(char *));
    j->reports = pd_xcalloc(MAX_JOB_REPORTS, sizeof(char *));
    return j;
}

/* "a, b ,c" into list (replacing what it held): the count, or -1 when
 * there are more than max names. */
static long
split_list(const char *v, char **list, size_t *n, size_t max)
{
    const char *p = v;

    for (size_t i = 0; i < *n; i++)
        free(list[i]);
    *n = 0;
    while (*p) {
        size_t len = strcspn(p, ",");
        const char *a = p, *b = p + len;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        if (b > a) {
            if (*n == max)
                return -1;
            list[(*n)++] = pd_xasprintf("%.*s", (int)(b - a), a);
        }
        p += len + (p[len] == ',');
    }
    return (long)*n;
}

/* A whole number >= min, the whole value. */
static bool
parse_int(const char *v, long min, int *out)
{
    char *end;
    long n;

    errno = 0;
    n = strtol(v, &end, 10);
    if (end == v || *end || errno || n < min || n > 1000000)
        return false;
    *out = (int)n;
    return true;
}

/* A job may name any report of reports/report.c's table, and the
 * experiment readouts (every [experiment]) and portfolio (issue 16). */
static bool
report_known(const char *name)
{
    return pd_report_kind_find(name) != NULL || !strcmp(name, "experiment") ||
           !strcmp(name, "experiments");
}

static void
job_list_key(struct parse_state *st, struct pd_config_job *j, const char *key,
             const char *v)
{
    if (!strcmp(key, "sources")) {
        j->sources_line = st->line;
        if (split_list(v, j->sources, &j->nsources, MAX_JOB_SOURCES) < 0)
            problem(st, "[job \"%s\"] sources: more than 64 sources", j->name);
        return;
    }
    if (split_list(v, j->reports, &j->nreports, MAX_JOB_REPORTS) < 0)
        problem(st, "[job \"%s\"] reports: more than 8 reports", j->name);
    for (size_t i = 0; i < j->nreports; i++)
        if (!report_known(j->reports[i]))
            problem(st,
                    "[job \"%s\"] reports: unknown report '%s' (weekly, "
                    "okr, handoff, requests, launch, experiment, "
                    "experiments)",
                    j->name, j->reports[i]);
}

static void
job_schedule_key(struct parse_state *st, struct pd_config_job *j,
                 const char *key, const char *v)
{
    struct pd_err e = PD_ERR_INIT;

    if (!strcmp(key, "schedule")) {
        set_str(&j->schedule, v);
        pd_cron_free(j->cron);
        j->cron = pd_cron_parse(v, &e);
        if (!j->cron || pd_cron_check(j->cron, &e) < 0)
            problem(st, "[job \"%s\"] schedule: %s", j->name, e.msg);
    } else if (!strcmp(key, "timezone")) {
        struct pd_tz *tz = pd_tz_open(v, &e);
        if (!tz)
            problem(st, "[job \"%s\"] timezone: unknown time zone '%s'",
                    j->name, v);
        pd_tz_free(tz);
        set_str(&j->timezone, v);
    } else if (!strcmp(key, "catchup")) {
        j->catchup = strcmp(v, "none") != 0;
        if (strcmp(v, "latest") != 0 && strcmp(v, "none") != 0)
            problem(st, "[job \"%s\"] catchup: '%s' is neither latest nor none",
                    j->name, v);
    }
}

static void
job_key(struct parse_state *st, struct pd_config_job *j, const char *key,
        const char *v)
{
    static const char keys[] =
        "schedule, timezone, sources, reports, output, keep, keep_days, "
        "retries, retry_base, deliver, on_failure, catchup";

    if (!strcmp(key, "schedule") || !strcmp(key, "timezone") ||
        !strcmp(key, "catchup"))
        job_schedule_key(st, j, key, v);
    else if (!strcmp(key, "sources") || !strcmp(key, "reports"))
        job_list_key(st, j, key, v);
    else if (!strcmp(key, "output"))
        set_str(&j->output, v);
    else if (!strcmp(key, "deliver"))
        set_str(&j->deliver, v);
    else if (!strcmp(key, "on_failure"))
        set_str(&j->on_failure, v);
    else if (!strcmp(key, "keep") || !strcmp(key, "keep_days")) {
        if (!parse_int(v, 1, !strcmp(key, "keep") ? &j->keep : &j->keep_days))
            problem(st, "[job \"%s\"] %s: '%s' is not a whole number >= 1",
                    j->name, key, v);
    } else if (!strcmp(key, "retries")) {
        if (!parse_int(v, 0, &j->retries))
            problem(st, "[job \"%s\"] retries: '%s' is not a whole number",
                    j->name, v);
    } else if (!strcmp(key, "retry_base")) {
        if (!parse_number(v, &j->retry_base) || j->retry_base <= 0)
            problem(st,
                    "[job \"%s\"] retry_base: '%s' is not a number of "
                    "seconds",
                    j->name, v);
    } else
        problem(st, "[job \"%s\"]: unknown key '%s' (%s)", j->name, key, keys);
}

/* After the whole file: a job needs a schedule and sources that exist and
 * say where their files are. */
static void
validate_jobs(struct parse_state *st)
{
    struct pd_config *c = st->cfg;

    for (size_t i = 0; i < c->njobs; i++) {
        struct pd_config_job *j = &c->jobs[i];
        if (!j->schedule) {
            st->line = j->line;
            problem(st,
                    "[job \"%s\"] schedule: missing (a cron expression "
                    "such as 0 7 * * MON, or @weekly)",
                    j->name);
        }
        st->line = j->sources_line ? j->sources_line : j->line;
        for (size_t k = 0; k < j->nsources; k++) {
            const struct pd_config_source *s =
                pd_config_source(c, j->sources[k]);
            if (!s)
                problem(st, "[job \"%s\"] sources: no [source \"%s\"] section",
                        j->name, j->sources[k]);
            else if (!s->path)
                problem(st,
                        "[job \"%s\"] sources: [source \"%s\"] has no "
                        "'path' (its inbox folder or glob)",
                        j->name, j->sources[k]);
        }
    }
}

static void
free_jobs(struct pd_config *cfg)
{
    for (size_t i = 0; i < cfg->njobs; i++) {
        struct pd_config_job *j = &cfg->jobs[i];
        for (size_t k = 0; k < j->nsources; k++)
            free(j->sources[k]);
        for (size_t k = 0; k < j->nreports; k++)
            free(j->reports[k]);
        free(j->sources);
        free(j->reports);
        free(j->name);
        free(j->schedule);
        pd_cron_free(j->cron);
        free(j->timezone);
        free(j->output);
        free(j->deliver);
        free(j->on_failure);
    }
    free(cfg->jobs);
}

/* [business_hours] and [sla]: reports/support.h checks the values; a
 * holidays file resolves against the config's folder. */
static void
support_key(struct parse_state *st, const char *section, const char *key,
            const char *v)
{
    struct pd_support *s = &st->cfg->support;
    char msg[300];
    int rc;

    if (!strcmp(section, "business_hours") && !strcmp(key, "holidays_file")) {
        char *path = v[0] == '/' || !st->cfg->dir
                         ? pd_xstrdup(v)
                         : pd_xasprintf("%s/%s", st->cfg->dir, v);
        rc = pd_support_holidays_file(s, path, msg, sizeof(msg));
        free(path);
    } else {
        rc = pd_support_set(s, section, key, v, msg, sizeof(msg));
    }
    if (rc < 0)
        problem(st, "%s", msg);
}

/* [report] ignore_tags, [product_areas], [usage] ignore_events:
 * reports/hygiene.h checks the lists. */
static void
hygiene_key(struct parse_state *st, const char *section, const char *key,
            const char *v)
{
    char msg[300];

    if (pd_hygiene_set(&st->cfg->support.hygiene, section, key, v, msg,
                       sizeof(msg)) < 0)
        problem(st, "%s", msg);
}

/* [experiment "NAME"] (SPEC §9): the keys are checked by
 * reports/experiment.c, the section's needs in validate(). */
static struct pd_experiment *
experiment_named(struct parse_state *st, const char *name)
{
    struct pd_config *c = st->cfg;

    for (size_t i = 0; i < c->nexperiments; i++)
        if (!strcmp(c->experiments[i].name, name))
            return &c->experiments[i];
    if (c->nexperiments == MAX_EXPERIMENTS) {
        problem(st, "more than %d experiments", MAX_EXPERIMENTS);
        return NULL;
    }
    c->experiments[c->nexperiments].name = pd_xstrdup(name);
    c->experiments[c->nexperiments].line = st->section_line;
    return &c->experiments[c->nexperiments++];
}

static void
experiment_key(struct parse_state *st, struct pd_experiment *x, const char *key,
               const char *v)
{
    char msg[256];

    if (pd_experiment_set(x, key, v, msg, sizeof(msg)) < 0)
        problem(st, "[experiment \"%s\"] %s", x->name, msg);
}

static void
validate_experiments(struct parse_state *st)
{
    struct pd_config *c = st->cfg;
    char msg[256];

    for (size_t i = 0; i < c->nexperiments; i++) {
        struct pd_experiment *x = &c->experiments[i];
        if (pd_experiment_check(x, msg, sizeof(msg)) == 0)
            continue;
        st->line = x->line;
        problem(st, "[experiment \"%s\"] %s", x->name, msg);
    }
}

static int
handler(void *user, const char *section, const char *key, const char *v)
{
    struct parse_state *st = user;
    char name[200];

    if (split_section(section, "source", name, sizeof(name))) {
        struct pd_config_source *s = source_named(st, name);
        if (s)
            source_key(st, s, key, v);
    } else if (split_section(section, "profile", name, sizeof(name))) {
        struct pd_config_profile *p = profile_named(st, name);
        if (p)
            profile_key(st, p, key, v);
    } else if (split_section(section, "okr", name, sizeof(name))) {
        struct pd_okr_kr *kr = okr_named(st, name);
        if (kr)
            okr_key(st, kr, key, v);
    } else if (split_section(section, "experiment", name, sizeof(name))) {
        struct pd_experiment *x = experiment_named(st, name);
        if (x)
            experiment_key(st, x, key, v);
    } else if (!strcmp(section, "areas")) {
        area_key(st, key, v);
    } else if (!strcmp(section, "business_hours") || !strcmp(section, "sla")) {
        support_key(st, section, key, v);
    } else if (pd_hygiene_owns(section, key)) {
        hygiene_key(st, section, key, v);
    } else if (split_section(section, "job", name, sizeof(name))) {
        struct pd_config_job *j = job_named(st, name);
        if (j)
            job_key(st, j, key, v);
    } else {
        global_key(st, section, key, v);
    }
    return 1; /* keep going: report every problem at once */
}

static char *
reader(char *line, int n, void *stream)
{
    struct parse_state *st = stream;
    char *r = fgets(line, n, st->f);
    size_t len = r ? strlen(line) : 0;
    int c;

    if (r)
        st->line++;
    if (r && line[0] == '[')
        st->section_line = st->line;
    /* inih calls the handler per key only: a [business_hours] section with
     * no key still means the default schedule (SPEC §6). */
    if (r && !strncmp(line, "[business_hours]", 16))
        st->cfg->support.business = true;
    /* inih reads lines into a fixed buffer: the rest of a longer line
     * would come back as a line of its own and be misread. */
    if (len > 0 && line[len - 1] != '\n' && !feof(st->f)) {
        problem(st,
                "line longer than %d bytes (continue a long value on "
                "an indented line)",
                n - 2);
        while ((c = fgetc(st->f)) != EOF && c != '\n')
            ;
        line[0] = '\0';
    }
    return r;
}

static void
validate(struct parse_state *st)
{
    struct pd_config *c = st->cfg;

    for (size_t i = 0; i < c->nprofiles; i++) {
        const struct pd_config_profile *p = &c->profiles[i];
        if (!p->kind)
            problem(st, "profile '%s' has no 'kind'", p->name);
    }
    /* A key result needs its quarter, metric and target; the direction
     * defaults to >=.  Reported at the section's line. */
    for (size_t i = 0; i < c->nokrs; i++) {
        struct pd_okr_kr *kr = &c->okrs[i];
        static const char *const keys[] = {"quarter", "metric", "target"};
        const bool have[] = {kr->quarter != NULL, kr->metric != NULL,
                             kr->has_target};
        for (size_t k = 0; k < 3; k++) {
            if (have[k])
                continue;
            st->line = st->okr_line[i];
            problem(st,
                    "[okr \"%s\"] %s: missing (every key result needs "
                    "quarter, metric and target)",
                    kr->name, keys[k]);
        }
        if (!kr->direction)
            kr->direction = pd_xstrdup(">=");
    }
    /* Only events have properties to keep (issue 15). */
    for (size_t i = 0; i < c->nsources; i++) {
        const struct pd_config_source *s = &c->sources[i];
        if (!s->nkeep_properties || !s->kind ||
            pd_kind_parse(s->kind) == PD_KIND_USAGE)
            continue;
        st->line = s->keep_line;
        problem(st,
                "[source \"%s\"] keep_properties: only a usage source keeps "
                "event properties (kind is %s)",
                s->name, s->kind);
    }
    validate_areas(st);
    area_aliases(st);
    validate_jobs(st);
    validate_experiments(st);
}

static struct pd_config *
defaults(void)
{
    struct pd_config *c = pd_xcalloc(1, sizeof(*c));

    c->max_reject_ratio = 0.05; /* SPEC §5 */
    c->wal = PD_CLUSTER_WAL_MINIMAL;
    c->timezone = pd_xstrdup("UTC");
    c->sources = pd_xcalloc(MAX_SOURCES, sizeof(*c->sources));
    c->profiles = pd_xcalloc(MAX_PROFILES, sizeof(*c->profiles));
    c->okrs = pd_xcalloc(MAX_OKRS, sizeof(*c->okrs));
    c->fiscal_year_start_month = 1;
    c->jobs = pd_xcalloc(MAX_JOBS, sizeof(*c->jobs));
    c->experiments = pd_xcalloc(MAX_EXPERIMENTS, sizeof(*c->experiments));
    pd_support_init(&c->support);
    return c;
}

static int
parse_file(struct pd_config *cfg, const char *path, struct pd_err *err)
{
    struct parse_state st = {cfg, path, NULL, 0, PD_BUF_INIT, 0, {0}, {0}, 0};
    char *copy;
    int rc;

    st.f = fopen(path, "r");
    if (!st.f)
        return pd_err_set(err, PD_E_CONFIG, "cannot open config '%s': %s", path,
                          strerror(errno));
    cfg->path = pd_xstrdup(path);
    copy = pd_xstrdup(path);
    cfg->dir = pd_xstrdup(dirname(copy));
    free(copy);
    rc = ini_parse_stream(reader, &st, handler, &st);
    fclose(st.f);
    if (rc > 0) {
        st.line = rc;
        problem(&st, "syntax error");
    }
    validate(&st);
    if (st.nerrors) {
        /* SPEC §5: one line per problem, and all of them: a list this
         * long does not fit the fixed buffers of struct pd_err. */
        for (char *p = st.errors.buf, *nl; (nl = strchr(p, '\n')); p = nl + 1)
            pd_log_error("%.*s", (int)(nl - p), p);
        pd_err_set(err, PD_E_CONFIG,
                   "invalid configuration: %d problem%s in %s", st.nerrors,
                   st.nerrors == 1 ? "" : "s", path);
        pd_buf_release(&st.errors);
        return -1;
    }
    pd_buf_release(&st.errors);
    return 0;
}

struct pd_config *
pd_config_load(const char *path, struct pd_err *err)
{
    struct pd_config *cfg = defaults();

    if (!path)
        path = getenv("PRODOPS_CONFIG");
    if (!path && access("prodops.conf", F_OK) == 0)
        path = "prodops.conf";
    if (path && parse_file(cfg, path, err) < 0) {
        pd_config_free(cfg);
        return NULL;
    }
    return cfg;
}

static void
strings_free(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

static void
area_free(struct pd_config_area *a)
{
    free(a->name);
    strings_free(a->product_areas, a->nproduct_areas);
    strings_free(a->themes, a->nthemes);
    strings_free(a->events, a->nevents);
}

void
pd_config_free(struct pd_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->nsources; i++) {
        struct pd_config_source *s = &cfg->sources[i];
        free(s->name);
        free(s->path);
        free(s->kind);
        free(s->profile);
        free(s->timezone);
        for (size_t k = 0; k < s->nkeep_properties; k++)
            free(s->keep_properties[k]);
        free(s->keep_properties);
    }
    for (size_t i = 0; i < cfg->nprofiles; i++) {
        struct pd_config_profile *p = &cfg->profiles[i];
        for (size_t j = 0; j < p->nmap; j++) {
            free(p->map[j].field);
            free(p->map[j].column);
        }
        free(p->map);
        free(p->name);
        free(p->kind);
    }
    for (size_t i = 0; i < cfg->nareas; i++)
        area_free(&cfg->areas[i]);
    free(cfg->areas);
    for (size_t i = 0; i < cfg->nokrs; i++) {
        struct pd_okr_kr *kr = &cfg->okrs[i];
        free(kr->name);
        free(kr->quarter);
        free(kr->metric);
        free(kr->direction);
        free(kr->owner);
    }
    free_jobs(cfg);
    for (size_t i = 0; i < cfg->nexperiments; i++)
        pd_experiment_release(&cfg->experiments[i]);
    free(cfg->experiments);
    free(cfg->okrs);
    free(cfg->sources);
    free(cfg->profiles);
    free(cfg->path);
    free(cfg->dir);
    free(cfg->dsn);
    free(cfg->timezone);
    free(cfg->themes_file);
    free(cfg->requests_file);
    free(cfg->report_timezone);
    free(cfg->email_from);
    free(cfg->email_to);
    free(cfg->email_subject);
    free(cfg);
}

const struct pd_config_source *
pd_config_source(const struct pd_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->nsources; i++)
        if (!strcmp(cfg->sources[i].name, name))
            return &cfg->sources[i];
    return NULL;
}

const struct pd_config_profile *
pd_config_profile(const struct pd_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->nprofiles; i++)
        if (!strcmp(cfg->profiles[i].name, name))
            return &cfg->profiles[i];
    return NULL;
}

const struct pd_config_job *
pd_config_job(const struct pd_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->njobs; i++)
        if (!strcmp(cfg->jobs[i].name, name))
            return &cfg->jobs[i];
    return NULL;
}

char *
pd_config_abspath(const struct pd_config *cfg, const char *rel,
                  struct pd_err *err)
{
    char *dir;
    char *out;

    if (rel[0] == '/')
        return pd_xstrdup(rel);
    dir = realpath(cfg->dir ? cfg->dir : ".", NULL);
    if (!dir) {
        pd_err_set(err, PD_E_IO, "cannot resolve the folder of '%s': %s",
                   cfg->path ? cfg->path : ".", strerror(errno));
        return NULL;
    }
    out = pd_xasprintf("%s/%s", strcmp(dir, "/") ? dir : "", rel);
    free(dir);
    return out;
}
