#include "okr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "load/db.h"
#include "reports/doc.h"
#include "reports/launch.h"
#include "reports/requests.h"
#include "reports/snapshot.h"
#include "reports/weekly.h"

/* The families a key result can read, in the order of pd_weekly_family()'s
 * names; a bit mask of them says which a quarter's key results need. */
enum family { F_TICKETS, F_NPS, F_USAGE, F_ACCOUNTS, NFAMILIES };
static const char *const family_names[NFAMILIES] = {"tickets", "nps", "usage",
                                                    "accounts"};

/* SPEC §6's metric names, each with the family whose JSON holds it. */
static const struct {
    const char *name;
    enum family family;
} metrics[] = {
    {"tickets_created", F_TICKETS},
    {"tickets_solved", F_TICKETS},
    {"backlog_end", F_TICKETS},
    {"first_reply_hours_median", F_TICKETS},
    {"first_reply_hours_p90", F_TICKETS},
    {"resolution_hours_median", F_TICKETS},
    {"resolution_hours_p90", F_TICKETS},
    {"csat_pct", F_TICKETS},
    {"reopen_rate_pct", F_TICKETS},
    {"first_reply_business_hours_median", F_TICKETS},
    {"first_reply_business_hours_p90", F_TICKETS},
    {"resolution_business_hours_median", F_TICKETS},
    {"resolution_business_hours_p90", F_TICKETS},
    {"sla_breach_pct", F_TICKETS},
    {"backlog_age_median_days", F_TICKETS},
    {"backlog_older_7d", F_TICKETS},
    {"one_touch_pct", F_TICKETS},
    {"responses", F_NPS},
    {"promoters", F_NPS},
    {"passives", F_NPS},
    {"detractors", F_NPS},
    {"nps", F_NPS},
    {"nps_moe95", F_NPS},
    {"events", F_USAGE},
    {"active_users", F_USAGE},
    {"dau_avg", F_USAGE},
    {"wau", F_USAGE},
    {"mau", F_USAGE},
    {"stickiness", F_USAGE},
    {"red_accounts", F_ACCOUNTS},
};
enum { NMETRICS = sizeof(metrics) / sizeof(metrics[0]) };

static const char adoption_prefix[] = "adoption:";

/* The family of a known metric, or -1. */
static int
family_of(const char *metric)
{
    if (strncmp(metric, adoption_prefix, sizeof(adoption_prefix) - 1) == 0)
        return metric[sizeof(adoption_prefix) - 1] ? F_USAGE : -1;
    for (size_t i = 0; i < NMETRICS; i++)
        if (strcmp(metrics[i].name, metric) == 0)
            return (int)metrics[i].family;
    return -1;
}

bool
pd_okr_metric_known(const char *metric)
{
    return family_of(metric) >= 0;
}

const char *
pd_okr_metric_list(void)
{
    static char list[1024];

    if (!list[0]) {
        /* Wrapped at 72 columns, continuation lines indented by two. */
        size_t used = 0, col = 0;
        for (size_t i = 0; i < NMETRICS && used < sizeof(list); i++) {
            size_t len = strlen(metrics[i].name);
            const char *sep = !i ? "" : col + len + 2 > 72 ? ",\n  " : ", ";
            col = (*sep == ',' && sep[1] == '\n' ? 2 : col + strlen(sep)) + len;
            used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
                                     sep, metrics[i].name);
        }
    }
    return list;
}

static bool
meets(const struct pd_okr_kr *kr, double v, double target)
{
    return strcmp(kr->direction, "<=") == 0 ? v <= target : v >= target;
}

const char *
pd_okr_status(const struct pd_okr_kr *kr, bool has_actual, double actual)
{
    double slack = 0.1 * fabs(kr->target);

    if (!has_actual)
        return "no data";
    if (meets(kr, actual, kr->target))
        return "met";
    /* Within 10 % of the target, on the wrong side of it. */
    if (meets(kr, actual,
              strcmp(kr->direction, "<=") == 0 ? kr->target + slack
                                               : kr->target - slack))
        return "at risk";
    return "off track";
}

bool
pd_okr_progress(const struct pd_okr_kr *kr, bool has_actual, double actual,
                double *pct)
{
    if (!has_actual || !kr->has_baseline)
        return false;
    if (kr->target == kr->baseline)
        *pct = meets(kr, actual, kr->target) ? 100 : 0;
    else
        *pct = 100 * (actual - kr->baseline) / (kr->target - kr->baseline);
    /* SPEC §6: capped at 100, not at 0 -- a key result that went
     * backwards must show it. */
    *pct = *pct > 100 ? 100 : *pct;
    return true;
}

bool
pd_okr_below_baseline(const struct pd_okr_kr *kr, bool has_actual,
                      double actual)
{
    return has_actual && kr->has_baseline && actual != kr->baseline &&
           !meets(kr, actual, kr->baseline);
}

bool
pd_okr_window_metric(const char *metric)
{
    return strcmp(metric, "wau") == 0 || strcmp(metric, "mau") == 0 ||
           strcmp(metric, "stickiness") == 0;
}

/* The families of one period, as JSON text and parsed. */
struct families {
    struct pd_buf json[NFAMILIES];
    struct pd_doc doc[NFAMILIES];
};

static void
families_release(struct families *f)
{
    for (int i = 0; i < NFAMILIES; i++) {
        pd_buf_release(&f->json[i]);
        pd_doc_free(&f->doc[i]);
    }
}

/* The families of mask, family i over [start, end[i]). */
static int
families_run(PGconn *conn, unsigned mask, int64_t start,
             const int64_t end[NFAMILIES], const char *zone,
             const struct pd_support *support, struct families *f,
             struct pd_err *err)
{
    memset(f, 0, sizeof(*f));
    for (int i = 0; i < NFAMILIES; i++) {
        pd_buf_init(&f->json[i], 0);
        if (!(mask & (1u << i)))
            continue;
        if (pd_weekly_family(conn, family_names[i], start, end[i], zone, false,
                             support, &f->json[i], err) < 0 ||
            pd_doc_parse(&f->doc[i], f->json[i].buf, err) < 0)
            return -1;
    }
    return 0;
}

/*
 * SPEC §6 "As of": the data of a family stops on its data_through day
 * (capped at yesterday), so its quarter to date ends at the end of that
 * day, not at today's midnight: a window metric over days the exports do
 * not cover yet would count a half-empty week (the demo's WAU of 292
 * against 900 was one).  Account health reads all three families and takes
 * the earliest day.  The quarter before is compared over as many days.
 */
struct asof {
    int64_t today;               /* local day number of now */
    bool has[NFAMILIES];         /* false: no data at all */
    int64_t day[NFAMILIES];      /* data_through, a local day number */
    bool stale[NFAMILIES];       /* more than 7 days old, short of to_date */
    int64_t end[NFAMILIES];      /* UTC µs: end of the quarter to date */
    int64_t prev_end[NFAMILIES]; /* and of the same days of the one before */
    bool before[NFAMILIES];      /* the data stops before the quarter starts */
};

enum { STALE_DAYS = 7 };

static int64_t
local_day(struct pd_tz *tz, int64_t utc)
{
    int64_t t = pd_tz_to_local(tz, utc);
    return (t - (t % PD_US_PER_DAY + PD_US_PER_DAY) % PD_US_PER_DAY) /
           PD_US_PER_DAY;
}

/* Each dated family's data_through (reports/sql/data_through.sql). */
static int
asof_query(PGconn *conn, const char *zone, struct asof *a, struct pd_err *err)
{
    char today[16];
    const char *params[2] = {today, zone};
    PGresult *res;

    pd_period_day_label(a->today, today, sizeof(today));
    res = pd_db_exec_resource(conn, "reports/sql/data_through.sql", 2, params,
                              err);
    if (!res)
        return -1;
    for (int i = 0; i < F_ACCOUNTS && i < PQntuples(res); i++) {
        a->has[i] = !PQgetisnull(res, i, 0);
        if (a->has[i])
            a->day[i] = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    }
    PQclear(res);
    /* SPEC §6: red_accounts (health reads every family) uses the earliest
     * of the three dates. */
    for (int i = 0; i < F_ACCOUNTS; i++)
        if (a->has[i] &&
            (!a->has[F_ACCOUNTS] || a->day[i] < a->day[F_ACCOUNTS])) {
            a->has[F_ACCOUNTS] = true;
            a->day[F_ACCOUNTS] = a->day[i];
        }
    return 0;
}

static int
asof_load(PGconn *conn, const struct pd_quarter *q, int64_t now, struct asof *a,
          struct pd_err *err)
{
    struct pd_tz *tz = pd_tz_open(q->zone, err);
    int64_t first, pfirst, prev_days;

    if (!tz)
        return -1;
    memset(a, 0, sizeof(*a));
    a->today = local_day(tz, now);
    if (asof_query(conn, q->zone, a, err) < 0) {
        pd_tz_free(tz);
        return -1;
    }
    first = local_day(tz, q->start);
    pfirst = local_day(tz, q->prev_start);
    prev_days = local_day(tz, q->prev_to) - pfirst;
    for (int i = 0; i < NFAMILIES; i++) {
        int64_t days;
        a->end[i] = q->to_date;
        if (a->has[i]) {
            int64_t e = pd_tz_to_utc(tz, (a->day[i] + 1) * PD_US_PER_DAY);
            a->end[i] = e < q->start ? q->start : e < a->end[i] ? e : a->end[i];
            a->before[i] = a->end[i] <= q->start;
        }
        /* As many days of the quarter before, or what period.c compares
         * when the data covers the quarter to date (all of it once this
         * quarter is over). */
        days = local_day(tz, a->end[i]) - first;
        a->prev_end[i] =
            a->end[i] == q->to_date
                ? q->prev_to
                : pd_tz_to_utc(
                      tz, (pfirst + (days < prev_days ? days : prev_days)) *
                              PD_US_PER_DAY);
        /* Stale only when the data also stops short of the quarter to date:
         * a closed quarter the exports covered is judged whatever came
         * (or did not) since. */
        a->stale[i] = i != F_ACCOUNTS && a->has[i] &&
                      a->today - a->day[i] > STALE_DAYS &&
                      a->end[i] < q->to_date;
    }
    pd_tz_free(tz);
    return 0;
}

/* A key result's metric in the families of one period. */
static bool
metric_value(const char *metric, const struct families *f, double *out)
{
    int fam = family_of(metric);
    yajl_val root = fam >= 0 ? f->doc[fam].root : NULL;

    if (!root)
        return false;
    if (fam == F_ACCOUNTS) {
        size_t n = YAJL_IS_ARRAY(root) ? root->u.array.len : 0, red = 0;
        for (size_t i = 0; i < n; i++) {
            const char *rag = pd_doc_str(root->u.array.values[i], "rag");
            red += rag && strcmp(rag, "red") == 0;
        }
        *out = (double)red;
        return n > 0; /* no accounts: no data, not zero red ones */
    }
    if (strncmp(metric, adoption_prefix, sizeof(adoption_prefix) - 1) == 0) {
        /* The event name may hold dots: look it up as one member. */
        const char *event = metric + sizeof(adoption_prefix) - 1;
        const char *path[] = {"adoption", event, NULL};
        yajl_val share = yajl_tree_get(root, path, yajl_t_number);
        double active;
        if (!pd_doc_num(root, "active_users", &active) || active == 0)
            return false;
        *out = share ? YAJL_GET_DOUBLE(share) : 0; /* nobody used it */
        return true;
    }
    return pd_doc_num(root, metric, out);
}

static void
json_num(struct pd_buf *out, bool has, double v)
{
    if (has)
        pd_buf_addf(out, "%.17g", v);
    else
        pd_buf_addstr(out, "null");
}

/* The ends of the quarter's weeks: each local Monday after the start, the
 * quarter's end for a last week cut short by it, none after to_date.
 * Labels name the ISO week that ends there.  A key result shows the points
 * its family's data covers completely (end <= asof.end). */
struct point {
    int64_t end;
    char week[16];
};

static size_t
week_points(const struct pd_quarter *q, struct point *pts, size_t max)
{
    struct pd_tz *tz = pd_tz_open(q->zone, NULL);
    int64_t local_start, local_end, local_to, monday;
    size_t n = 0;
    int y, w;

    if (!tz || q->to_date <= q->start) {
        pd_tz_free(tz);
        return 0;
    }
    local_start = pd_tz_to_local(tz, q->start);
    local_end = pd_tz_to_local(tz, q->end);
    local_to = pd_tz_to_local(tz, q->to_date);
    pd_iso_week(local_start, &y, &w);
    monday = pd_iso_week_start(y, w) + 7 * PD_US_PER_DAY;
    for (; n < max; monday += 7 * PD_US_PER_DAY) {
        int64_t end = monday < local_end ? monday : local_end;
        if (end > local_to)
            break;
        pd_iso_week(end - 1, &y, &w);
        pts[n].end = pd_tz_to_utc(tz, end);
        snprintf(pts[n].week, sizeof(pts[n].week), "%04d-W%02d", y, w);
        n++;
        if (end == local_end)
            break;
    }
    pd_tz_free(tz);
    return n;
}

static void
period_json(const struct pd_quarter *q, const struct asof *a, int64_t now,
            struct pd_buf *out)
{
    char s[40], e[40], c[40], d[40], p[40], g[40], today[16];

    pd_time_format_iso(q->start, s, sizeof(s));
    pd_time_format_iso(q->end, e, sizeof(e));
    pd_time_format_iso(q->to_date, c, sizeof(c));
    pd_time_format_iso(q->prev_start, d, sizeof(d));
    pd_time_format_iso(q->prev_to, p, sizeof(p));
    pd_time_format_iso(now, g, sizeof(g));
    pd_period_day_label(a->today, today, sizeof(today));
    pd_buf_addstr(out, "{\n  \"report\": \"okr\",\n  \"period\": {\"label\": ");
    pd_json_str(out, q->label);
    pd_buf_addf(out,
                ", \"start\": \"%s\", \"end\": \"%s\", \"to_date\": \"%s\", "
                "\"first_day\": \"%s\", \"last_day\": \"%s\", \"today\": "
                "\"%s\", \"timezone\": ",
                s, e, c, q->first_day, q->last_day, today);
    pd_json_str(out, q->zone);
    pd_buf_addf(out, ", \"fiscal_year_start_month\": %d, \"previous_label\": ",
                q->fy_start);
    pd_json_str(out, q->prev_label);
    pd_buf_addf(out,
                ", \"previous_start\": \"%s\", \"previous_to\": \"%s\"},\n"
                "  \"generated_at\": \"%s\"",
                d, p, g);
}

/* "data_through": {"tickets": "2026-11-29", ...}, "stale": ["usage"] */
static void
asof_json(const struct asof *a, struct pd_buf *out)
{
    bool first = true;

    pd_buf_addstr(out, ",\n  \"data_through\": {");
    for (int i = 0; i < F_ACCOUNTS; i++) {
        char day[16];
        pd_period_day_label(a->day[i], day, sizeof(day));
        pd_buf_addf(out, "%s\"%s\": ", i ? ", " : "", family_names[i]);
        if (a->has[i])
            pd_buf_addf(out, "\"%s\"", day);
        else
            pd_buf_addstr(out, "null");
    }
    pd_buf_addstr(out, "},\n  \"stale\": [");
    for (int i = 0; i < F_ACCOUNTS; i++)
        if (a->stale[i]) {
            pd_buf_addf(out, "%s\"%s\"", first ? "" : ", ", family_names[i]);
            first = false;
        }
    pd_buf_addstr(out, "]");
}

/* Status and progress: SPEC §6's verdict, or "stale" and no progress for
 * a window metric (WAU, MAU, stickiness) of a stale family. */
static void
kr_verdict(const struct pd_okr_kr *kr, const struct asof *a, bool has,
           double actual, struct pd_buf *out)
{
    int fam = family_of(kr->metric);
    bool stale = fam >= 0 && a->stale[fam] && pd_okr_window_metric(kr->metric);
    double pct = 0;
    bool has_pct = !stale && pd_okr_progress(kr, has, actual, &pct);

    pd_buf_addstr(out, ", \"progress_pct\": ");
    json_num(out, has_pct, pct);
    pd_buf_addf(out, ", \"below_baseline\": %s",
                !stale && pd_okr_below_baseline(kr, has, actual) ? "true"
                                                                 : "false");
    pd_buf_addstr(out, ", \"status\": ");
    pd_json_str(out, stale ? "stale" : pd_okr_status(kr, has, actual));
    pd_buf_addstr(out, ", \"data_through\": ");
    if (fam >= 0 && a->has[fam]) {
        char day[16];
        pd_period_day_label(a->day[fam], day, sizeof(day));
        pd_buf_addf(out, "\"%s\"", day);
    } else {
        pd_buf_addstr(out, "null");
    }
}

static void
kr_json(const struct pd_okr_kr *kr, const struct families *qtd, bool empty,
        const struct asof *a, const struct point *pts, size_t npts,
        const struct families *at, struct pd_buf *out)
{
    int fam = family_of(kr->metric);
    double actual = 0;
    /* A family whose data stops before the quarter has no quarter yet. */
    bool has = !empty && fam >= 0 && !a->before[fam] &&
               metric_value(kr->metric, qtd, &actual);

    pd_buf_addstr(out, "{\"name\": ");
    pd_json_str(out, kr->name);
    pd_buf_addstr(out, ", \"metric\": ");
    pd_json_str(out, kr->metric);
    pd_buf_addstr(out, ", \"direction\": ");
    pd_json_str(out, kr->direction);
    pd_buf_addstr(out, ", \"actual\": ");
    json_num(out, has, actual);
    pd_buf_addstr(out, ", \"target\": ");
    json_num(out, true, kr->target);
    pd_buf_addstr(out, ", \"baseline\": ");
    json_num(out, kr->has_baseline, kr->baseline);
    kr_verdict(kr, a, has, actual, out);
    pd_buf_addstr(out, ", \"owner\": ");
    if (kr->owner)
        pd_json_str(out, kr->owner);
    else
        pd_buf_addstr(out, "null");
    pd_buf_addstr(out, ", \"trajectory\": [");
    /* SPEC §6: only the weeks the family's data covers completely. */
    for (size_t i = 0; fam >= 0 && i < npts && pts[i].end <= a->end[fam]; i++) {
        double v;
        bool h = metric_value(kr->metric, &at[i], &v);
        pd_buf_addf(out, "%s{\"week\": \"%s\", \"value\": ", i ? ", " : "",
                    pts[i].week);
        json_num(out, h, v);
        pd_buf_addstr(out, "}");
    }
    pd_buf_addstr(out, "]}");
}

/* Every query of the review, in one snapshot: a load committing meanwhile
 * must not make the quarter, the quarter before, the weeks of the
 * trajectory and the as-of days disagree. */
/* Issue 17: the quarter's ten feature requests with the most ARR at
 * stake (reports/requests.h), in the review's snapshot. */
static int
top_requests(PGconn *conn, const struct pd_quarter *q, int64_t now,
             const char *requests_file, struct pd_buf *out, struct pd_err *err)
{
    const struct pd_requests_opts o = {.label = q->label,
                                       .zone = q->zone,
                                       .start = q->start,
                                       .end = q->to_date,
                                       .rules_file = requests_file,
                                       .area = NULL,
                                       .now = now};

    return pd_requests_top(conn, &o, PD_REQUESTS_BY_ARR, 10, out, err);
}

static int
review_run(PGconn *conn, const struct pd_quarter *q, int64_t now, unsigned need,
           const struct point *pts, size_t npts,
           const struct pd_support *support, struct asof *a,
           struct families *qtd, struct families *prev, struct families *at,
           const char *requests_file, struct pd_buf *requests,
           struct pd_err *err)
{
    /* The QoQ table needs tickets, NPS and usage whatever the key results
     * read; accounts give the at-risk list and red_accounts. */
    const unsigned all = (1u << NFAMILIES) - 1;
    int rc;

    if (pd_report_snapshot_begin(conn, err) < 0)
        return -1;
    rc = asof_load(conn, q, now, a, err);
    if (rc == 0)
        rc = families_run(conn, all, q->start, a->end, q->zone, support, qtd,
                          err);
    if (rc == 0)
        rc = families_run(conn, all & ~(1u << F_ACCOUNTS), q->prev_start,
                          a->prev_end, q->zone, support, prev, err);
    for (size_t i = 0; rc == 0 && i < npts; i++) {
        /* Only the families whose data covers this week. */
        int64_t ends[NFAMILIES];
        unsigned mask = 0;
        for (int f = 0; f < NFAMILIES; f++) {
            ends[f] = pts[i].end;
            if ((need & (1u << f)) && pts[i].end <= a->end[f])
                mask |= 1u << f;
        }
        rc = families_run(conn, mask, q->start, ends, q->zone, support, &at[i],
                          err);
    }
    if (rc == 0)
        rc = top_requests(conn, q, now, requests_file, requests, err);
    return pd_report_snapshot_end(conn, rc == 0, err) < 0 ? -1 : rc;
}

int
pd_okr_json(PGconn *conn, const struct pd_quarter *q,
            const struct pd_okr_kr *krs, size_t nkrs,
            const struct pd_support *support, const char *requests_file,
            const char *experiment_decisions, int64_t now, struct pd_buf *out,
            struct pd_err *err)
{
    struct pd_buf requests = PD_BUF_INIT;
    struct point pts[16];
    struct families qtd, prev, *at = NULL;
    struct asof a;
    size_t npts = week_points(q, pts, sizeof(pts) / sizeof(pts[0]));
    bool empty = q->to_date <= q->start, first = true;
    unsigned need = 0;
    int rc;

    memset(&qtd, 0, sizeof(qtd));
    memset(&prev, 0, sizeof(prev));
    for (size_t i = 0; i < nkrs; i++)
        if (strcmp(krs[i].quarter, q->label) == 0 &&
            family_of(krs[i].metric) >= 0)
            need |= 1u << family_of(krs[i].metric);
    at = pd_xcalloc(npts ? npts : 1, sizeof(*at));
    rc = review_run(conn, q, now, need, pts, npts, support, &a, &qtd, &prev, at,
                    requests_file, &requests, err);
    if (rc < 0)
        goto done;
    period_json(q, &a, now, out);
    asof_json(&a, out);
    for (int i = 0; i < NFAMILIES; i++) {
        pd_buf_addf(out, ",\n  \"%s\": %s", family_names[i], qtd.json[i].buf);
        if (i != F_ACCOUNTS)
            pd_buf_addf(out, ",\n  \"%s_previous\": %s", family_names[i],
                        prev.json[i].buf);
    }
    /* Issue 17: the quarter's launches with their adoption, as the launch
     * review (reports/launch.h) states it. */
    pd_buf_addstr(out, ",\n  \"launches\": ");
    rc = pd_launch_headlines_json(conn, q->first_day, q->last_day, q->zone,
                                  requests_file, now, out, err);
    if (rc < 0)
        goto done;
    /* Issue 16: the quarter's experiment decisions, as the portfolio
     * (reports/experiment_portfolio.h) states them. */
    if (experiment_decisions)
        pd_buf_addf(out, ",\n  \"experiment_decisions\": %s",
                    experiment_decisions);
    pd_buf_addf(out, ",\n  \"requests_top\": %s", requests.buf);
    pd_buf_addstr(out, ",\n  \"key_results\": [");
    for (size_t i = 0; i < nkrs; i++) {
        if (strcmp(krs[i].quarter, q->label) != 0)
            continue;
        pd_buf_addstr(out, first ? "\n    " : ",\n    ");
        kr_json(&krs[i], &qtd, empty, &a, pts, npts, at, out);
        first = false;
    }
    pd_buf_addstr(out, first ? "]\n}\n" : "\n  ]\n}\n");
done:
    pd_buf_release(&requests);
    families_release(&qtd);
    families_release(&prev);
    for (size_t i = 0; i < npts; i++)
        families_release(&at[i]);
    free(at);
    return rc;
}
