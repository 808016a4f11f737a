#include "weekly.h"

#include <stdio.h>
#include <string.h>

#include "common/json.h"
#include "common/timeutil.h"
#include "load/db.h"
#include "reports/attention.h"
#include "reports/requests.h"
#include "reports/snapshot.h"

int
pd_weekly_family(PGconn *conn, const char *family, int64_t start, int64_t end,
                 const char *zone, bool trend, const struct pd_support *support,
                 struct pd_buf *out, struct pd_err *err)
{
    char a[40], b[40], sql[64];
    const char *params[13] = {a, b, zone, trend ? "true" : "false"};
    int nparams = 4;
    struct pd_support_params sp;
    struct pd_hygiene_params hp; /* ~50 KB: fine on a report's stack */
    PGresult *res;

    pd_time_format_iso(start, a, sizeof(a));
    pd_time_format_iso(end, b, sizeof(b));
    if (strcmp(family, "accounts") == 0) {
        /* Health as of end: parameters end, zone. */
        params[0] = b;
        params[1] = zone;
        nparams = 2;
    } else if (strcmp(family, "quality") == 0) {
        nparams = 3; /* start, end (today of SPEC §6's as-of rule), zone */
    } else if (strcmp(family, "tickets") == 0) {
        /* SPEC §6 "Support operations": the schedule and the targets. */
        pd_support_params(support, zone, &sp);
        memcpy(params + 4, sp.values, sizeof(sp.values));
        /* Report-time hygiene: tags left out, product-area aliases. */
        pd_hygiene_params(support ? &support->hygiene : NULL, &hp);
        params[10] = hp.tags;
        params[11] = hp.from;
        params[12] = hp.to;
        nparams = 13;
    } else if (strcmp(family, "usage") == 0) {
        /* Events left out of adoption (never out of active users). */
        pd_hygiene_params(support ? &support->hygiene : NULL, &hp);
        params[4] = hp.events;
        nparams = 5;
    }
    snprintf(sql, sizeof(sql), "reports/sql/weekly_%s.sql", family);
    res = pd_db_exec_resource(conn, sql, nparams, params, err);
    if (!res)
        return -1;
    pd_buf_addstr(out, PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

/* ",\n  \"key\": <family JSON>" */
static int
add_family(struct pd_buf *out, PGconn *conn, const char *key,
           const char *family, int64_t start, int64_t end, const char *zone,
           bool trend, const struct pd_support *support, struct pd_err *err)
{
    pd_buf_addf(out, ",\n  \"%s\": ", key);
    return pd_weekly_family(conn, family, start, end, zone, trend, support, out,
                            err);
}

/* Issue 17: the five feature requests asked most this week
 * (reports/requests.h), with their standing totals. */
static int
gained_requests(PGconn *conn, const struct pd_period *p,
                const char *requests_file, int64_t now, struct pd_buf *out,
                struct pd_err *err)
{
    const struct pd_requests_opts o = {.label = p->label,
                                       .zone = p->zone,
                                       .start = p->start,
                                       .end = p->end,
                                       .rules_file = requests_file,
                                       .area = NULL,
                                       .now = now};

    pd_buf_addstr(out, ",\n  \"requests_gained\": ");
    return pd_requests_top(conn, &o, PD_REQUESTS_BY_GAIN, 5, out, err);
}

static int
weekly_json(PGconn *conn, const struct pd_period *p,
            const struct pd_support *sup, const char *requests_file,
            const char *experiments, int64_t now, struct pd_buf *out,
            struct pd_err *err)
{
    static const char *const families[] = {"tickets", "nps", "usage"};
    char start[40], end[40], gen[40];

    pd_time_format_iso(p->start, start, sizeof(start));
    pd_time_format_iso(p->end, end, sizeof(end));
    pd_time_format_iso(now, gen, sizeof(gen));
    pd_buf_addf(out,
                "{\n  \"report\": \"weekly\",\n  \"period\": {\"label\": ");
    pd_json_str(out, p->label);
    pd_buf_addf(out,
                ", \"start\": \"%s\", \"end\": \"%s\", \"timezone\": ", start,
                end);
    pd_json_str(out, p->zone);
    pd_buf_addf(out, ", \"previous_label\": ");
    pd_json_str(out, p->prev_label);
    pd_buf_addf(out, "},\n  \"generated_at\": \"%s\"", gen);
    for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
        char prev_key[40];
        snprintf(prev_key, sizeof(prev_key), "%s_previous", families[i]);
        /* The week before needs no 13-week trend. */
        if (add_family(out, conn, families[i], families[i], p->start, p->end,
                       p->zone, true, sup, err) < 0 ||
            add_family(out, conn, prev_key, families[i], p->prev_start,
                       p->start, p->zone, false, sup, err) < 0)
            return -1;
    }
    if (add_family(out, conn, "accounts", "accounts", p->start, p->end, p->zone,
                   false, sup, err) < 0 ||
        add_family(out, conn, "data_quality", "quality", p->start, p->end,
                   p->zone, false, sup, err) < 0 ||
        pd_attention_json(conn, p, sup ? &sup->hygiene : NULL, out, err) < 0 ||
        gained_requests(conn, p, requests_file, now, out, err) < 0)
        return -1;
    /* Issue 16: the experiments block, built before the snapshot. */
    if (experiments)
        pd_buf_addf(out, ",\n  \"experiments\": %s", experiments);
    pd_buf_addstr(out, "\n}\n");
    return 0;
}

int
pd_weekly_json(PGconn *conn, const struct pd_period *p,
               const struct pd_support *support, const char *requests_file,
               const char *experiments, int64_t now, struct pd_buf *out,
               struct pd_err *err)
{
    int rc;

    /* One snapshot for every family: a load committing meanwhile must not
     * make tickets and tickets_previous (or the trend) disagree. */
    if (pd_report_snapshot_begin(conn, err) < 0)
        return -1;
    rc = weekly_json(conn, p, support, requests_file, experiments, now, out,
                     err);
    return pd_report_snapshot_end(conn, rc == 0, err) < 0 ? -1 : rc;
}
