#include "okr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "reports/doc.h"
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
    *pct = *pct < 0 ? 0 : *pct > 100 ? 100 : *pct;
    return true;
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

/* The families of mask over [start, end). */
static int
families_run(PGconn *conn, unsigned mask, int64_t start, int64_t end,
             const char *zone, const struct pd_support *support,
             struct families *f, struct pd_err *err)
{
    memset(f, 0, sizeof(*f));
    for (int i = 0; i < NFAMILIES; i++) {
        pd_buf_init(&f->json[i], 0);
        if (!(mask & (1u << i)))
            continue;
        if (pd_weekly_family(conn, family_names[i], start, end, zone, false,
                             support, &f->json[i], err) < 0 ||
            pd_doc_parse(&f->doc[i], f->json[i].buf, err) < 0)
            return -1;
    }
    return 0;
}

/* A key result's metric in the families of one period. */
static bool
metric_value(const char *metric, const struct families *f, bool empty,
             double *out)
{
    int fam = family_of(metric);
    yajl_val root = fam >= 0 ? f->doc[fam].root : NULL;

    if (empty || !root)
        return false; /* a period with no days has no data */
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

/* The ends of the quarter's weeks: each local Monday after the start
 * before to_date, then to_date itself.  Labels name the ISO week that
 * ends there. */
struct point {
    int64_t end;
    char week[16];
};

static size_t
week_points(const struct pd_quarter *q, struct point *pts, size_t max)
{
    struct pd_tz *tz = pd_tz_open(q->zone, NULL);
    int64_t local_start, local_to, monday;
    size_t n = 0;
    int y, w;

    if (!tz || q->to_date <= q->start) {
        pd_tz_free(tz);
        return 0;
    }
    local_start = pd_tz_to_local(tz, q->start);
    local_to = pd_tz_to_local(tz, q->to_date);
    pd_iso_week(local_start, &y, &w);
    monday = pd_iso_week_start(y, w) + 7 * PD_US_PER_DAY;
    for (; n + 1 < max; monday += 7 * PD_US_PER_DAY) {
        int64_t end = monday < local_to ? monday : local_to;
        pd_iso_week(end - 1, &y, &w);
        pts[n].end = pd_tz_to_utc(tz, end);
        snprintf(pts[n].week, sizeof(pts[n].week), "%04d-W%02d", y, w);
        n++;
        if (end == local_to)
            break;
    }
    pd_tz_free(tz);
    return n;
}

static void
period_json(const struct pd_quarter *q, int64_t now, struct pd_buf *out)
{
    char a[40], b[40], c[40], d[40], e[40], g[40];

    pd_time_format_iso(q->start, a, sizeof(a));
    pd_time_format_iso(q->end, b, sizeof(b));
    pd_time_format_iso(q->to_date, c, sizeof(c));
    pd_time_format_iso(q->prev_start, d, sizeof(d));
    pd_time_format_iso(q->prev_to, e, sizeof(e));
    pd_time_format_iso(now, g, sizeof(g));
    pd_buf_addstr(out, "{\n  \"report\": \"okr\",\n  \"period\": {\"label\": ");
    pd_json_str(out, q->label);
    pd_buf_addf(out,
                ", \"start\": \"%s\", \"end\": \"%s\", \"to_date\": \"%s\", "
                "\"first_day\": \"%s\", \"last_day\": \"%s\", \"timezone\": ",
                a, b, c, q->first_day, q->last_day);
    pd_json_str(out, q->zone);
    pd_buf_addf(out, ", \"fiscal_year_start_month\": %d, \"previous_label\": ",
                q->fy_start);
    pd_json_str(out, q->prev_label);
    pd_buf_addf(out,
                ", \"previous_start\": \"%s\", \"previous_to\": \"%s\"},\n"
                "  \"generated_at\": \"%s\"",
                d, e, g);
}

static void
kr_json(const struct pd_okr_kr *kr, const struct families *qtd, bool empty,
        const struct point *pts, size_t npts, struct families *at,
        struct pd_buf *out)
{
    double actual = 0, pct = 0;
    bool has = metric_value(kr->metric, qtd, empty, &actual);
    /* Apart: argument evaluation order is unspecified. */
    bool has_pct = pd_okr_progress(kr, has, actual, &pct);

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
    pd_buf_addstr(out, ", \"progress_pct\": ");
    json_num(out, has_pct, pct);
    pd_buf_addstr(out, ", \"status\": ");
    pd_json_str(out, pd_okr_status(kr, has, actual));
    pd_buf_addstr(out, ", \"owner\": ");
    if (kr->owner)
        pd_json_str(out, kr->owner);
    else
        pd_buf_addstr(out, "null");
    pd_buf_addstr(out, ", \"trajectory\": [");
    for (size_t i = 0; i < npts; i++) {
        double v;
        /* The last point is to_date: the quarter-to-date families. */
        bool h =
            metric_value(kr->metric, i + 1 == npts ? qtd : &at[i], false, &v);
        pd_buf_addf(out, "%s{\"week\": \"%s\", \"value\": ", i ? ", " : "",
                    pts[i].week);
        json_num(out, h, v);
        pd_buf_addstr(out, "}");
    }
    pd_buf_addstr(out, "]}");
}

int
pd_okr_json(PGconn *conn, const struct pd_quarter *q,
            const struct pd_okr_kr *krs, size_t nkrs,
            const struct pd_support *support, int64_t now, struct pd_buf *out,
            struct pd_err *err)
{
    /* The QoQ table needs tickets, NPS and usage whatever the key results
     * read; accounts give the at-risk list and red_accounts. */
    const unsigned all = (1u << NFAMILIES) - 1;
    struct point pts[16];
    struct families qtd, prev, *at = NULL;
    size_t npts = week_points(q, pts, sizeof(pts) / sizeof(pts[0]));
    bool empty = q->to_date <= q->start, first = true;
    unsigned need = 0;
    int rc = -1;

    memset(&qtd, 0, sizeof(qtd));
    memset(&prev, 0, sizeof(prev));

    for (size_t i = 0; i < nkrs; i++)
        if (strcmp(krs[i].quarter, q->label) == 0 &&
            family_of(krs[i].metric) >= 0)
            need |= 1u << family_of(krs[i].metric);
    at = pd_xcalloc(npts ? npts : 1, sizeof(*at));
    /* One snapshot for the quarter, the quarter before and every week of
     * the trajectory: a load committing meanwhile must not make them
     * disagree. */
    if (pd_report_snapshot_begin(conn, err) < 0)
        goto done;
    rc = families_run(conn, all, q->start, q->to_date, q->zone, support, &qtd,
                      err);
    if (rc == 0)
        rc = families_run(conn, all & ~(1u << F_ACCOUNTS), q->prev_start,
                          q->prev_to, q->zone, support, &prev, err);
    for (size_t i = 0; rc == 0 && i + 1 < npts; i++)
        rc = families_run(conn, need, q->start, pts[i].end, q->zone, support,
                          &at[i], err);
    if (pd_report_snapshot_end(conn, rc == 0, err) < 0 || rc < 0) {
        rc = -1;
        goto done;
    }
    period_json(q, now, out);
    for (int i = 0; i < NFAMILIES; i++) {
        pd_buf_addf(out, ",\n  \"%s\": %s", family_names[i], qtd.json[i].buf);
        if (i != F_ACCOUNTS)
            pd_buf_addf(out, ",\n  \"%s_previous\": %s", family_names[i],
                        prev.json[i].buf);
    }
    pd_buf_addstr(out, ",\n  \"key_results\": [");
    for (size_t i = 0; i < nkrs; i++) {
        if (strcmp(krs[i].quarter, q->label) != 0)
            continue;
        pd_buf_addstr(out, first ? "\n    " : ",\n    ");
        kr_json(&krs[i], &qtd, empty, pts, npts, at, out);
        first = false;
    }
    pd_buf_addstr(out, first ? "]\n}\n" : "\n  ]\n}\n");
    rc = 0;
done:
    families_release(&qtd);
    families_release(&prev);
    for (size_t i = 0; i < npts; i++)
        families_release(&at[i]);
    free(at);
    return rc;
}
