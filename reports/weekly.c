#include "weekly.h"

#include <stdio.h>
#include <string.h>

#include "common/json.h"
#include "common/timeutil.h"
#include "load/db.h"
#include "reports/attention.h"
#include "reports/requests.h"
#include "reports/snapshot.h"

/* A family's statement, run (*res its result) or, res NULL, sent
 * without waiting (pd_db_collect() reads it).  0, or -1 with *err. */
static int
family_statement(PGconn *conn, const char *family, int64_t start, int64_t end,
                 const char *zone, bool trend, const struct pd_support *support,
                 PGresult **res, struct pd_err *err)
{
    char a[40], b[40], sql[64];
    const char *params[13] = {a, b, zone, trend ? "true" : "false"};
    int nparams = 4;
    struct pd_support_params sp;
    struct pd_hygiene_params hp; /* ~50 KB: fine on a report's stack */

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
    if (!res)
        return pd_db_send_resource(conn, sql, nparams, params, err);
    *res = pd_db_exec_resource(conn, sql, nparams, params, err);
    return *res ? 0 : -1;
}

int
pd_weekly_family(PGconn *conn, const char *family, int64_t start, int64_t end,
                 const char *zone, bool trend, const struct pd_support *support,
                 struct pd_buf *out, struct pd_err *err)
{
    PGresult *res;

    if (family_statement(conn, family, start, end, zone, trend, support, &res,
                         err) < 0)
        return -1;
    pd_buf_addstr(out, PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

/* The document's families, in its order.  Issue 15: the usage ones
 * (1.2 s of backend CPU at a fifth of the report bench warehouse, as
 * much as the six others) run on a second connection in the same
 * snapshot, when there is one, while the report's own runs the rest. */
static const struct part {
    const char *key, *family;
    bool previous; /* the week before: no 13-week trend */
    bool second;
} parts[] = {
    {"tickets", "tickets", false, false},
    {"tickets_previous", "tickets", true, false},
    {"nps", "nps", false, false},
    {"nps_previous", "nps", true, false},
    {"usage", "usage", false, true},
    {"usage_previous", "usage", true, true},
    {"accounts", "accounts", false, false},
    {"data_quality", "quality", false, false},
};
enum { NPARTS = sizeof(parts) / sizeof(parts[0]) };

static int
part_statement(PGconn *conn, size_t i, const struct pd_period *p,
               const struct pd_support *sup, PGresult **res, struct pd_err *err)
{
    const struct part *x = &parts[i];
    /* The week before's report needs no trend; health and the quality
     * line have none. */
    bool trend = !x->previous && strcmp(x->family, "accounts") != 0 &&
                 strcmp(x->family, "quality") != 0;

    return family_statement(
        conn, x->family, x->previous ? p->prev_start : p->start,
        x->previous ? p->start : p->end, p->zone, trend, sup, res, err);
}

/* The second connection's statement in flight (-1: none) and the next
 * part to consider sending. */
struct queue {
    PGconn *conn;
    int busy;
    size_t next;
};

/* Collect the second connection's finished statement (waiting for it when
 * wait) and send its next one.  0, or -1 with *err. */
static int
advance(struct queue *q, bool wait, const struct pd_period *p,
        const struct pd_support *sup, PGresult **res, struct pd_err *err)
{
    if (q->busy >= 0 && (wait || !pd_db_busy(q->conn))) {
        size_t i = (size_t)q->busy;

        q->busy = -1;
        res[i] = pd_db_collect(q->conn, "reports/sql/weekly_usage.sql", err);
        if (!res[i])
            return -1;
    }
    for (; q->busy < 0 && q->next < NPARTS; q->next++)
        if (parts[q->next].second) {
            if (part_statement(q->conn, q->next, p, sup, NULL, err) < 0)
                return -1;
            q->busy = (int)q->next;
        }
    return 0;
}

static bool
pending(const struct queue *q)
{
    if (!q->conn)
        return false;
    if (q->busy >= 0)
        return true;
    for (size_t i = q->next; i < NPARTS; i++)
        if (parts[i].second)
            return true;
    return false;
}

/* ",\n  \"key\": <family JSON>" for every part. */
static int
families_json(PGconn *conn, const struct pd_period *p,
              const struct pd_support *sup, struct pd_buf *out,
              struct pd_err *err)
{
    PGresult *res[NPARTS] = {NULL};
    struct pd_err ignored = PD_ERR_INIT;
    struct queue q = {NULL, -1, 0};
    int rc = 0;

    q.conn = pd_report_snapshot_share(conn, &ignored);
    if (q.conn)
        rc = advance(&q, false, p, sup, res, err);
    for (size_t i = 0; rc == 0 && i < NPARTS; i++) {
        if (q.conn && parts[i].second)
            continue;
        rc = part_statement(conn, i, p, sup, &res[i], err);
        if (rc == 0 && q.conn)
            rc = advance(&q, false, p, sup, res, err);
    }
    while (rc == 0 && pending(&q))
        rc = advance(&q, true, p, sup, res, err);
    if (q.conn) {
        /* A statement still in flight after a failure is read away. */
        if (q.busy >= 0)
            PQclear(pd_db_collect(q.conn, "", &ignored));
        (void)pd_report_snapshot_end(q.conn, rc == 0, &ignored);
        pd_db_close(q.conn);
    }
    for (size_t i = 0; i < NPARTS; i++) {
        if (rc == 0) {
            pd_buf_addf(out, ",\n  \"%s\": ", parts[i].key);
            pd_buf_addstr(out, PQgetvalue(res[i], 0, 0));
        }
        PQclear(res[i]);
    }
    return rc;
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
    if (families_json(conn, p, sup, out, err) < 0 ||
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
