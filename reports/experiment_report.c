#include "reports/experiment_report.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/file.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "load/db.h"
#include "reports/doc.h"
#include "reports/exp_stats.h"
#include "reports/snapshot.h"
#include "reports/xlsx.h"

enum { MAX_M = 1 + 2 * PD_EXP_MAX_METRICS, MAX_V = PD_EXP_MAX_VARIANTS };
enum { MAX_DAYS = 800 };
enum role { ROLE_PRIMARY, ROLE_SECONDARY, ROLE_GUARDRAIL };

static const char *const role_names[] = {"primary", "secondary", "guardrail"};

struct variant {
    char name[208];
    double weight, users;
    struct pd_xs_sums sums[MAX_M];
};

struct result {
    size_t v, m; /* treatment variant, metric */
    struct pd_xs_result r;
    double p, p_holm, theta; /* theta: CUPED's, NAN without */
    bool sig;
};

struct readout {
    const struct pd_experiment *x;
    const char *zone;
    const char *metrics[MAX_M];
    enum role roles[MAX_M];
    size_t nm;
    struct variant v[MAX_V]; /* v[0]: the control */
    size_t nv;
    struct pd_buf other; /* "off: 3, b: 1": variants the weights omit */
    double other_users, crossovers, rejected, no_email;
    int64_t start, as_of, last, cutoff; /* local days */
    char start_s[16], as_of_s[16], cutoff_s[16], end_s[16];
    struct result res[MAX_V * MAX_M];
    size_t nres;
    double srm_p, planned, days_left;
    bool srm, reached;
    const char *decision, *winner;
};

static void
day_text(int64_t days, char *buf, size_t n)
{
    int64_t y;
    unsigned m, d;

    pd_civil_from_days(days, &y, &m, &d);
    snprintf(buf, n, "%04" PRId64 "-%02u-%02u", y, m, d);
}

/* A JSON number, null for NAN (exp_stats.h: undefined is never 0). */
static void
num(struct pd_buf *b, double v)
{
    if (isfinite(v))
        pd_buf_addf(b, "%.17g", v);
    else
        pd_buf_addstr(b, "null");
}

static void
add_metric(struct readout *r, const char *m, enum role role)
{
    for (size_t i = 0; i < r->nm; i++)
        if (!strcmp(r->metrics[i], m))
            return;
    r->roles[r->nm] = role;
    r->metrics[r->nm++] = m;
}

/* SPEC §9 default as-of: min(today, the usage data_through), local days. */
int
pd_experiment_default_as_of(PGconn *conn, const char *zone, int64_t now,
                            int64_t *as_of, struct pd_err *err)
{
    char iso[40], today[16];
    const char *p[2] = {iso, zone};
    PGresult *res;

    pd_time_format_iso(now, iso, sizeof(iso));
    res =
        pd_db_exec_resource(conn, "reports/sql/attention_today.sql", 2, p, err);
    if (!res)
        return -1;
    snprintf(today, sizeof(today), "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    if (pd_time_parse_day(today, strlen(today), as_of) < 0)
        return pd_err_set(err, PD_E_INTERNAL, "bad day '%s'", today);
    p[0] = today;
    res = pd_db_exec_resource(conn, "reports/sql/data_through.sql", 2, p, err);
    if (!res)
        return -1;
    if (PQntuples(res) >= 3 && !PQgetisnull(res, 2, 0))
        *as_of = strtoll(PQgetvalue(res, 2, 0), NULL, 10);
    PQclear(res);
    return 0;
}

static struct variant *
variant_of(struct readout *r, const char *name, bool add)
{
    for (size_t i = 0; i < r->nv; i++)
        if (!strcmp(r->v[i].name, name))
            return &r->v[i];
    if (!add || r->nv == MAX_V)
        return NULL;
    snprintf(r->v[r->nv].name, sizeof(r->v[r->nv].name), "%s", name);
    r->v[r->nv].weight = 1;
    return &r->v[r->nv++];
}

/* The control first, then the weights' variants in their order (or, with
 * no weights, those the exposures show, as they come). */
static void
init_variants(struct readout *r)
{
    const struct pd_experiment *x = r->x;

    variant_of(r, x->control, true);
    for (size_t i = 0; i < x->nvariants; i++)
        variant_of(r, x->variants[i], true)->weight = x->weights[i];
}

/* A '{"a","b"}' array literal of the metric names. */
static void
metric_array(const struct readout *r, struct pd_buf *b)
{
    pd_buf_addch(b, '{');
    for (size_t i = 0; i < r->nm; i++) {
        pd_buf_addstr(b, i ? ",\"" : "\"");
        for (const char *c = r->metrics[i]; *c; c++) {
            if (*c == '"' || *c == '\\')
                pd_buf_addch(b, '\\');
            pd_buf_addch(b, *c);
        }
        pd_buf_addch(b, '"');
    }
    pd_buf_addch(b, '}');
}

static int
make_tables(PGconn *conn, struct pd_err *err)
{
    return pd_db_run(conn, "DROP TABLE IF EXISTS exp_people, exp_values", 0,
                     NULL, err) < 0 ||
                   pd_db_run(conn,
                             "CREATE TEMP TABLE exp_people (person_id integer"
                             " PRIMARY KEY, variants integer, variant text,"
                             " first_at timestamptz, until timestamptz,"
                             " email text)",
                             0, NULL, err) < 0 ||
                   pd_db_run(conn,
                             "CREATE TEMP TABLE exp_values (person_id integer,"
                             " variant text, first_at timestamptz, metric"
                             " text, y double precision, x double precision)",
                             0, NULL, err) < 0
               ? -1
               : 0;
}

/* Assignment and per-person values (experiment_assign.sql,
 * experiment_values.sql). */
static int
compute(PGconn *conn, struct readout *r, struct pd_err *err)
{
    char window[16];
    struct pd_buf arr = PD_BUF_INIT;
    const char *pa[5] = {r->x->flag, r->start_s, r->cutoff_s, window, r->zone};
    const char *pv[3] = {NULL, r->x->cuped ? "true" : "false", window};
    PGresult *res;
    int rc;

    snprintf(window, sizeof(window), "%d", r->x->window_days);
    res = pd_db_exec_resource(conn, "reports/sql/experiment_assign.sql", 5, pa,
                              err);
    if (!res)
        return -1;
    PQclear(res);
    /* Temporary tables have no statistics until analyzed. */
    if (pd_db_run(conn, "ANALYZE exp_people", 0, NULL, err) < 0)
        return -1;
    metric_array(r, &arr);
    pv[0] = arr.buf;
    res = pd_db_exec_resource(conn, "reports/sql/experiment_values.sql", 3, pv,
                              err);
    pd_buf_release(&arr);
    if (!res)
        return -1;
    PQclear(res);
    rc = pd_db_run(conn, "ANALYZE exp_values", 0, NULL, err);
    return rc;
}

static double
cell(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? 0
                                      : strtod(PQgetvalue(res, row, col), NULL);
}

static size_t
metric_index(const struct readout *r, const char *m)
{
    for (size_t i = 0; i < r->nm; i++)
        if (!strcmp(r->metrics[i], m))
            return i;
    return r->nm;
}

/* A row of experiment_summary.sql whose metric is NULL: users of a
 * variant, or the crossovers and rejected exposures. */
static void
count_row(struct readout *r, const char *name, double n)
{
    struct variant *v;

    if (!strcmp(name, "*crossover")) {
        r->crossovers = n;
        return;
    }
    if (!strcmp(name, "*rejected")) {
        r->rejected = n;
        return;
    }
    v = variant_of(r, name, r->x->nvariants == 0);
    if (v) {
        v->users = n;
        return;
    }
    r->other_users += n;
    pd_buf_addf(&r->other, "%s%s: %.0f", r->other.len ? ", " : "", name, n);
}

static int
load_summary(PGconn *conn, struct readout *r, struct pd_err *err)
{
    const char *p[4] = {r->x->flag, r->start_s, r->cutoff_s, r->zone};
    PGresult *res = pd_db_exec_resource(
        conn, "reports/sql/experiment_summary.sql", 4, p, err);

    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res); i++) {
        const char *name = PQgetvalue(res, i, 0);
        struct variant *v;
        size_t m;
        if (PQgetisnull(res, i, 1)) {
            count_row(r, name, cell(res, i, 2));
            continue;
        }
        v = variant_of(r, name, r->x->nvariants == 0);
        m = metric_index(r, PQgetvalue(res, i, 1));
        if (!v || m == r->nm)
            continue;
        v->sums[m] = (struct pd_xs_sums){cell(res, i, 2), cell(res, i, 3),
                                         cell(res, i, 4), cell(res, i, 5),
                                         cell(res, i, 6), cell(res, i, 7)};
    }
    PQclear(res);
    return 0;
}

/* SPEC §9's variance: p(1-p) for a 0/1 metric, s² for a count. */
static struct pd_xs_sample
sample(const struct readout *r, size_t m, const struct pd_xs_sums *s)
{
    enum pd_exp_metric_kind k = PD_EXP_COUNT;
    const char *ev;

    pd_exp_metric_parse(r->metrics[m], &k, &ev);
    if (k == PD_EXP_CONVERSION || k == PD_EXP_DETRACTOR)
        return pd_xs_proportion(s->n, s->y);
    return pd_xs_counts(s->n, s->y, s->yy);
}

/* The mixture's variance τ²: the effect worth detecting, squared (mde,
 * else 10 %, of the control mean); the estimate's own variance when the
 * control mean is 0. */
static double
msprt_tau2(const struct readout *r, double mean_c, double v)
{
    double rel = r->x->mde > 0 ? r->x->mde : 0.1, t = rel * mean_c;

    return t != 0 ? t * t : v;
}

static void
compare(struct readout *r, struct result *o)
{
    const struct pd_xs_sums *ts = &r->v[o->v].sums[o->m],
                            *cs = &r->v[0].sums[o->m];
    struct pd_xs_sample t = sample(r, o->m, ts), c = sample(r, o->m, cs);

    o->theta = NAN;
    if (r->x->cuped && ts->n > 1 && cs->n > 1)
        pd_xs_cuped(ts, cs, &t, &c, &o->theta);
    pd_xs_compare(&t, &c, &o->r);
    o->p = o->r.p;
    if (r->x->sequential && isfinite(o->r.se)) {
        double v = o->r.se * o->r.se, tau2 = msprt_tau2(r, c.mean, v);
        double h = pd_xs_msprt_halfwidth(v, tau2, 0.05);
        o->p = pd_xs_msprt_p(o->r.diff, v, tau2, 1);
        o->r.ci_low = o->r.diff - h;
        o->r.ci_high = o->r.diff + h;
        /* The relative interval scaled alike (delta method). */
        o->r.lift_ci_low = o->r.lift - h * o->r.lift_se / o->r.se;
        o->r.lift_ci_high = o->r.lift + h * o->r.lift_se / o->r.se;
    }
}

/* Every (treatment, metric) test, then Holm over those with a p-value. */
static void
stats(struct readout *r)
{
    double p[MAX_V * MAX_M] = {0}, adj[MAX_V * MAX_M];
    size_t idx[MAX_V * MAX_M], n = 0;

    for (size_t v = 1; v < r->nv; v++)
        for (size_t m = 0; m < r->nm; m++) {
            struct result *o = &r->res[r->nres++];
            o->v = v;
            o->m = m;
            compare(r, o);
            o->p_holm = NAN;
            if (isfinite(o->p)) {
                idx[n] = r->nres - 1;
                p[n++] = o->p;
            }
        }
    pd_xs_holm(p, n, adj);
    for (size_t i = 0; i < n; i++) {
        r->res[idx[i]].p_holm = adj[i];
        r->res[idx[i]].sig = adj[i] < 0.05;
    }
}

static void
srm(struct readout *r)
{
    double users[MAX_V], w[MAX_V];
    bool enough = r->nv >= 2;

    for (size_t i = 0; i < r->nv; i++) {
        users[i] = r->v[i].users;
        w[i] = r->v[i].weight;
        enough = enough && users[i] >= 100;
    }
    r->srm_p = pd_xs_srm_p(users, w, r->nv);
    /* SPEC §9: the verdict once every variant has 100 users. */
    r->srm = enough && r->srm_p < 0.001;
}

/* The planned sample (mde: per variant, from the control's primary) or
 * the end day; days left at the current exposure rate. */
static void
plan(struct readout *r)
{
    const struct pd_experiment *x = r->x;
    double elapsed = (double)(r->last - r->start + 1);

    r->planned = NAN;
    r->days_left = NAN;
    if (x->mde > 0) {
        struct pd_xs_sample c = sample(r, 0, &r->v[0].sums[0]);
        r->planned = pd_xs_sample_size(c.mean, c.variance, x->mde);
        r->reached = isfinite(r->planned) && r->nv >= 2;
        r->days_left = 0;
        for (size_t i = 0; i < r->nv && isfinite(r->planned); i++) {
            double have = r->v[i].users, rate = have / fmax(elapsed, 1);
            if (have >= r->planned)
                continue;
            r->reached = false;
            r->days_left =
                rate > 0 ? fmax(r->days_left, ceil((r->planned - have) / rate))
                         : NAN;
        }
        if (!isfinite(r->planned))
            r->days_left = NAN;
        return;
    }
    /* SPEC §9: without mde the plan runs to end; no end, no plan.  But a
     * variant nobody has seen yet is no sample at all: an experiment that
     * starts after the as-of day keeps running rather than reading "no
     * effect" on zero users. */
    r->reached = !x->has_end || r->as_of >= x->end_day;
    for (size_t i = 0; i < r->nv; i++)
        if (r->v[i].users <= 0)
            r->reached = false;
    if (r->nv < 2)
        r->reached = false;
    if (x->has_end)
        r->days_left =
            (double)(r->as_of >= x->end_day ? 0 : x->end_day - r->as_of);
}

static void
decide(struct readout *r)
{
    struct pd_exp_test t[MAX_V * MAX_M];
    double best = 0;

    for (size_t i = 0; i < r->nres; i++) {
        const struct result *o = &r->res[i];
        t[i] = (struct pd_exp_test){
            r->roles[o->m] == ROLE_PRIMARY, r->roles[o->m] == ROLE_GUARDRAIL,
            pd_exp_metric_lower_better(r->metrics[o->m]), o->r.diff, o->sig};
        if (o->m == 0 && o->sig && o->r.diff > best) {
            best = o->r.diff;
            r->winner = r->v[o->v].name;
        }
    }
    r->decision = pd_exp_decide(r->srm, t, r->nres, r->reached);
    if (strcmp(r->decision, "ship") != 0)
        r->winner = NULL;
}

static void
str_list(struct pd_buf *b, char *const *list, size_t n)
{
    pd_buf_addch(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            pd_buf_addstr(b, ", ");
        pd_json_str(b, list[i]);
    }
    pd_buf_addch(b, ']');
}

static void
json_head(const struct readout *r, int64_t now, struct pd_buf *b)
{
    const struct pd_experiment *x = r->x;
    char slug[256], gen[40];

    pd_experiment_slug(x->name, slug, sizeof(slug));
    pd_time_format_iso(now, gen, sizeof(gen));
    pd_buf_addstr(b, "{\"report\": \"experiment\", \"experiment\": ");
    pd_json_str(b, x->name);
    pd_buf_addstr(b, ", \"slug\": ");
    pd_json_str(b, slug);
    pd_buf_addstr(b, ", \"flag\": ");
    pd_json_str(b, x->flag);
    pd_buf_addstr(b, ", \"control\": ");
    pd_json_str(b, x->control);
    pd_buf_addf(b, ",\n \"start\": \"%s\", \"end\": ", r->start_s);
    pd_json_str(b, x->has_end ? r->end_s : NULL);
    pd_buf_addf(b, ", \"as_of\": \"%s\", \"timezone\": ", r->as_of_s);
    pd_json_str(b, r->zone);
    pd_buf_addf(b, ", \"generated_at\": \"%s\", \"window_days\": %d", gen,
                x->window_days);
    pd_buf_addf(b, ",\n \"method\": \"%s\", \"cuped\": %s, \"mde\": ",
                x->sequential ? "sequential (mSPRT)" : "fixed-horizon",
                x->cuped ? "true" : "false");
    num(b, x->mde > 0 ? x->mde : NAN);
    pd_buf_addstr(b, ", \"primary\": ");
    pd_json_str(b, x->primary);
    pd_buf_addstr(b, ", \"secondary\": ");
    str_list(b, x->secondary, x->nsecondary);
    pd_buf_addstr(b, ", \"guardrails\": ");
    str_list(b, x->guardrails, x->nguardrails);
}

static void
json_checks(const struct readout *r, struct pd_buf *b)
{
    pd_buf_addstr(b, ",\n \"srm_p\": ");
    num(b, r->srm_p);
    pd_buf_addf(b,
                ", \"srm\": %s, \"crossover_users\": %.0f, "
                "\"exposures_rejected\": %.0f, \"other_variant_users\": "
                "%.0f",
                r->srm ? "true" : "false", r->crossovers, r->rejected,
                r->other_users);
    pd_buf_addstr(b, ",\n \"planned_users_per_variant\": ");
    num(b, r->planned);
    pd_buf_addf(b, ", \"planned_reached\": %s, \"days_left\": ",
                r->reached ? "true" : "false");
    num(b, r->days_left);
    pd_buf_addf(b, ",\n \"decision\": \"%s\", \"winner\": ", r->decision);
    pd_json_str(b, r->winner);
}

static void
json_variants(const struct readout *r, struct pd_buf *b)
{
    pd_buf_addstr(b, ",\n \"variants\": [");
    for (size_t i = 0; i < r->nv; i++) {
        const struct variant *v = &r->v[i];
        pd_buf_addstr(b, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
        pd_json_str(b, v->name);
        pd_buf_addf(b, ", \"users\": %.0f, \"weight\": ", v->users);
        num(b, v->weight);
        pd_buf_addstr(b, ", \"metrics\": {");
        for (size_t m = 0; m < r->nm; m++) {
            struct pd_xs_sample s = sample(r, m, &v->sums[m]);
            if (m)
                pd_buf_addstr(b, ", ");
            pd_json_str(b, r->metrics[m]);
            pd_buf_addf(b, ": {\"n\": %.0f, \"mean\": ", v->sums[m].n);
            num(b, v->sums[m].n > 0 ? s.mean : NAN);
            pd_buf_addstr(b, ", \"variance\": ");
            num(b, v->sums[m].n > 0 ? s.variance : NAN);
            pd_buf_addch(b, '}');
        }
        pd_buf_addstr(b, "}}");
    }
    pd_buf_addch(b, ']');
}

static void
json_results(const struct readout *r, struct pd_buf *b)
{
    pd_buf_addstr(b, ",\n \"results\": [");
    for (size_t i = 0; i < r->nres; i++) {
        const struct result *o = &r->res[i];
        const double v[] = {o->r.diff, o->r.ci_low,      o->r.ci_high,
                            o->r.lift, o->r.lift_ci_low, o->r.lift_ci_high,
                            o->p,      o->p_holm,        o->theta};
        static const char *const k[] = {
            "diff",     "ci_low",          "ci_high",
            "lift_rel", "lift_rel_ci_low", "lift_rel_ci_high",
            "p_value",  "p_value_holm",    "cuped_theta"};
        pd_buf_addstr(b, i ? ",\n  {\"variant\": " : "\n  {\"variant\": ");
        pd_json_str(b, r->v[o->v].name);
        pd_buf_addstr(b, ", \"metric\": ");
        pd_json_str(b, r->metrics[o->m]);
        pd_buf_addf(b, ", \"role\": \"%s\", \"lower_is_better\": %s",
                    role_names[r->roles[o->m]],
                    pd_exp_metric_lower_better(r->metrics[o->m]) ? "true"
                                                                 : "false");
        for (size_t j = 0; j < sizeof(k) / sizeof(*k); j++) {
            pd_buf_addf(b, ", \"%s\": ", k[j]);
            num(b, v[j]);
        }
        pd_buf_addf(b, ", \"significant\": %s}", o->sig ? "true" : "false");
    }
    pd_buf_addch(b, ']');
}

static void caveat(struct pd_buf *b, bool *first, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
caveat(struct pd_buf *b, bool *first, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    pd_buf_addstr(b, *first ? "\n  " : ",\n  ");
    pd_json_str(b, msg);
    *first = false;
}

static double
total_users(const struct readout *r)
{
    double n = 0;

    for (size_t i = 0; i < r->nv; i++)
        n += r->v[i].users;
    return n + r->other_users;
}

static void
json_caveats(const struct readout *r, struct pd_buf *b)
{
    bool first = true;

    pd_buf_addstr(b, ",\n \"caveats\": [");
    if (r->srm)
        caveat(b, &first,
               "sample ratio mismatch (SRM p = %.2g < 0.001): the "
               "split is not the configured one, so no decision "
               "is made",
               r->srm_p);
    else if (r->srm_p < 0.001)
        caveat(b, &first,
               "SRM p = %.2g, not judged before every variant has "
               "100 users",
               r->srm_p);
    if (r->v[0].users == 0 && total_users(r) > 0)
        caveat(b, &first,
               "no user was assigned to the control '%s' (variant names are "
               "compared exactly: check control = and weights =)",
               r->v[0].name);
    if (r->crossovers > 0)
        caveat(b, &first,
               "%.0f user%s saw more than one variant and %s left "
               "out",
               r->crossovers, r->crossovers == 1 ? "" : "s",
               r->crossovers == 1 ? "is" : "are");
    if (r->rejected > 0)
        caveat(b, &first,
               "%.0f exposure event%s named no experiment or no "
               "variant and could not be assigned",
               r->rejected, r->rejected == 1 ? "" : "s");
    if (r->other_users > 0)
        caveat(b, &first,
               "%.0f users in variants the weights do not name are "
               "left out (%s)",
               r->other_users, r->other.buf);
    if (r->x->mde > 0 && !r->reached && isfinite(r->planned))
        caveat(b, &first,
               "planned sample not reached: %.0f users per variant "
               "needed for a %.4g relative effect%s",
               r->planned, r->x->mde,
               isfinite(r->days_left) ? "" : "; no exposures yet to project");
    if (r->x->mde > 0 && !isfinite(r->planned))
        caveat(b, &first,
               "no sample plan yet: the control's primary metric "
               "has no mean to plan from");
    if (!r->reached && isfinite(r->days_left))
        caveat(b, &first, "about %.0f days left at the current exposure rate",
               r->days_left);
    if (r->no_email > 0)
        caveat(b, &first,
               "%.0f assigned user%s no email: tickets and "
               "detractor count only the others",
               r->no_email, r->no_email == 1 ? " has" : "s have");
    pd_buf_addch(b, ']');
}

/* Per day from the start to the last day, each variant's cumulative users
 * and the mean primary value of the users assigned so far. */
static int
json_daily(PGconn *conn, const struct readout *r, struct pd_buf *b,
           struct pd_err *err)
{
    const char *p[2] = {r->metrics[0], r->zone};
    PGresult *res = pd_db_exec_resource(
        conn, "reports/sql/experiment_daily.sql", 2, p, err);
    double users[MAX_V] = {0}, sum[MAX_V] = {0};
    int row = 0, rows;

    if (!res)
        return -1;
    rows = PQntuples(res);
    pd_buf_addstr(b, ",\n \"daily\": [");
    for (int64_t d = r->start; d <= r->last && d - r->start < MAX_DAYS; d++) {
        char day[16];
        day_text(d, day, sizeof(day));
        for (; row < rows && strcmp(PQgetvalue(res, row, 0), day) <= 0; row++)
            for (size_t i = 0; i < r->nv; i++)
                if (!strcmp(r->v[i].name, PQgetvalue(res, row, 1))) {
                    users[i] += cell(res, row, 2);
                    sum[i] += cell(res, row, 3);
                }
        pd_buf_addf(b, "%s\n  {\"day\": \"%s\", \"users\": {",
                    d > r->start ? "," : "", day);
        for (size_t i = 0; i < r->nv; i++) {
            pd_buf_addstr(b, i ? ", " : "");
            pd_json_str(b, r->v[i].name);
            pd_buf_addf(b, ": %.0f", users[i]);
        }
        pd_buf_addstr(b, "}, \"primary_mean\": {");
        for (size_t i = 0; i < r->nv; i++) {
            pd_buf_addstr(b, i ? ", " : "");
            pd_json_str(b, r->v[i].name);
            pd_buf_addstr(b, ": ");
            num(b, users[i] > 0 ? sum[i] / users[i] : NAN);
        }
        pd_buf_addstr(b, "}}");
    }
    pd_buf_addstr(b, "]");
    PQclear(res);
    return 0;
}

/* Assigned users without an email (tickets and detractor skip them). */
static void
count_no_email(struct readout *r)
{
    for (size_t m = 0; m < r->nm; m++) {
        enum pd_exp_metric_kind k;
        const char *ev;
        double n = 0, users = 0;
        pd_exp_metric_parse(r->metrics[m], &k, &ev);
        if (k != PD_EXP_TICKETS && k != PD_EXP_DETRACTOR)
            continue;
        for (size_t i = 0; i < r->nv; i++) {
            n += r->v[i].sums[m].n;
            users += r->v[i].users;
        }
        r->no_email = users - n;
        return;
    }
}

static void
set_days(struct readout *r, int64_t as_of)
{
    const struct pd_experiment *x = r->x;

    r->start = x->start_day;
    r->as_of = as_of;
    r->last = x->has_end && x->end_day < as_of ? x->end_day : as_of;
    r->cutoff = r->last + 1;
    day_text(r->start, r->start_s, sizeof(r->start_s));
    day_text(r->as_of, r->as_of_s, sizeof(r->as_of_s));
    day_text(r->cutoff, r->cutoff_s, sizeof(r->cutoff_s));
    if (x->has_end)
        day_text(x->end_day, r->end_s, sizeof(r->end_s));
}

/* Inside the snapshot: the days, the queries, the document. */
static int
build(PGconn *conn, struct readout *r, int64_t as_of_day, int64_t now,
      struct pd_buf *out, struct pd_err *err)
{
    if (as_of_day < 0 &&
        pd_experiment_default_as_of(conn, r->zone, now, &as_of_day, err) < 0)
        return -1;
    set_days(r, as_of_day);
    if (compute(conn, r, err) < 0 || load_summary(conn, r, err) < 0)
        return -1;
    count_no_email(r);
    stats(r);
    srm(r);
    plan(r);
    decide(r);
    json_head(r, now, out);
    json_checks(r, out);
    json_variants(r, out);
    json_results(r, out);
    json_caveats(r, out);
    if (json_daily(conn, r, out, err) < 0)
        return -1;
    pd_buf_addstr(out, "}\n");
    return 0;
}

int
pd_experiment_json(PGconn *conn, const struct pd_experiment *x,
                   const char *zone, int64_t as_of_day, int64_t now,
                   struct pd_buf *out, struct pd_err *err)
{
    struct readout *r = pd_xcalloc(1, sizeof(*r));
    int rc = -1;

    r->x = x;
    r->zone = zone ? zone : "UTC";
    r->other = (struct pd_buf)PD_BUF_INIT;
    add_metric(r, x->primary, ROLE_PRIMARY);
    for (size_t i = 0; i < x->nsecondary; i++)
        add_metric(r, x->secondary[i], ROLE_SECONDARY);
    for (size_t i = 0; i < x->nguardrails; i++)
        add_metric(r, x->guardrails[i], ROLE_GUARDRAIL);
    init_variants(r);
    /* The temporary tables first: a report's snapshot is read-only
     * (snapshot.h), where CREATE is refused but writing a temporary table
     * is not. */
    if (make_tables(conn, err) < 0 || pd_report_snapshot_begin(conn, err) < 0)
        goto out;
    rc = build(conn, r, as_of_day, now, out, err);
    if (pd_report_snapshot_end(conn, rc == 0, err) < 0)
        rc = -1;
out:
    pd_buf_release(&r->other);
    free(r);
    return rc;
}

/* ---- files ---------------------------------------------------------- */

static int
exp_md(const struct pd_report_ctx *c, struct pd_buf *out, struct pd_err *e)
{
    (void)e;
    pd_experiment_md(c->doc, out);
    return 0;
}

static int
exp_html(const struct pd_report_ctx *c, struct pd_buf *out, struct pd_err *e)
{
    (void)e;
    pd_experiment_html(c->doc, out);
    return 0;
}

static int
exp_xlsx(const struct pd_report_ctx *c, const char *path, struct pd_err *e)
{
    return pd_xlsx_experiment(c->doc, path, e);
}

static const struct pd_report_renderer renderers[] = {{".md", exp_md, NULL},
                                                      {".html", exp_html, NULL},
                                                      {".xlsx", NULL, exp_xlsx},
                                                      {NULL, NULL, NULL}};

int
pd_experiment_report(PGconn *conn, const struct pd_experiment *x,
                     const struct pd_report_settings *s, const char *zone,
                     int64_t as_of_day, const char *out_dir, int64_t now,
                     struct pd_report_outputs *out, struct pd_err *err)
{
    struct pd_buf json = PD_BUF_INIT;
    char slug[256], base[4096];
    int rc;

    pd_experiment_slug(x->name, slug, sizeof(slug));
    if (snprintf(base, sizeof(base), "%s/experiment-%s", out_dir, slug) >=
        (int)sizeof(base) - 8)
        return pd_err_set(err, PD_E_USAGE, "output path too long: '%s'",
                          out_dir);
    if (pd_file_mkdirs(out_dir, err) < 0)
        return -1;
    rc = pd_experiment_json(conn, x, zone, as_of_day, now, &json, err);
    if (rc == 0)
        rc = pd_report_write(renderers, json.buf, base, s, now, out, err);
    pd_buf_release(&json);
    return rc;
}
