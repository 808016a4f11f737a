#include "weekly.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "load/db.h"
#include "reports/attention.h"
#include "reports/requests.h"
#include "reports/snapshot.h"

/* A family's statement: its resource and parameters, which point into
 * the struct and into *sp and *hp (the caller's, ~50 KB each: fine on a
 * report's stack). */
struct family_call {
    char a[40], b[40], before[40], sql[64];
    const char *params[13];
    int nparams;
};

/* family's statement for [start, end); before: usage only, the start of
 * the period before, whose usage the statement gives too (its second
 * column), or NULL. */
static void
family_call(const char *family, int64_t start, int64_t end,
            const int64_t *before, const char *zone, bool trend,
            const struct pd_support *support, struct pd_support_params *sp,
            struct pd_hygiene_params *hp, struct family_call *c)
{
    pd_time_format_iso(start, c->a, sizeof(c->a));
    pd_time_format_iso(end, c->b, sizeof(c->b));
    c->params[0] = c->a;
    c->params[1] = c->b;
    c->params[2] = zone;
    c->params[3] = trend ? "true" : "false";
    c->nparams = 4;
    if (strcmp(family, "accounts") == 0) {
        /* Health as of end: parameters end, zone. */
        c->params[0] = c->b;
        c->params[1] = zone;
        c->nparams = 2;
    } else if (strcmp(family, "quality") == 0) {
        c->nparams = 3; /* start, end (today of SPEC §6's as-of rule), zone */
    } else if (strcmp(family, "tickets") == 0) {
        /* SPEC §6 "Support operations": the schedule and the targets. */
        pd_support_params(support, zone, sp);
        memcpy(c->params + 4, sp->values, sizeof(sp->values));
        /* Report-time hygiene: tags left out, product-area aliases. */
        pd_hygiene_params(support ? &support->hygiene : NULL, hp);
        c->params[10] = hp->tags;
        c->params[11] = hp->from;
        c->params[12] = hp->to;
        c->nparams = 13;
    } else if (strcmp(family, "usage") == 0) {
        /* Events left out of adoption (never out of active users). */
        pd_hygiene_params(support ? &support->hygiene : NULL, hp);
        c->params[4] = hp->events;
        c->params[5] = NULL;
        if (before) {
            pd_time_format_iso(*before, c->before, sizeof(c->before));
            c->params[5] = c->before;
        }
        c->nparams = 6;
    }
    snprintf(c->sql, sizeof(c->sql), "reports/sql/weekly_%s.sql", family);
}

int
pd_weekly_family(PGconn *conn, const char *family, int64_t start, int64_t end,
                 const char *zone, bool trend, const struct pd_support *support,
                 struct pd_buf *out, struct pd_err *err)
{
    struct family_call c;
    struct pd_support_params sp;
    struct pd_hygiene_params hp;
    PGresult *res;

    family_call(family, start, end, NULL, zone, trend, support, &sp, &hp, &c);
    res = pd_db_exec_resource(conn, c.sql, c.nparams, c.params, err);
    if (!res)
        return -1;
    pd_buf_addstr(out, PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

/* The document's families, in its order, each with its place in the
 * order the statements are sent in (rank: lowest first).  Issue 15: they
 * and the attention's statements run as one list on two connections
 * sharing the report's snapshot (pd_report_snapshot_run()), the request
 * roll-up's beside them (weekly_parts()), each taking the first statement
 * that is ready whenever it is free: the quality line first, whose dates
 * the attention's statements wait on (weekly_quality.sql), then the
 * longest first.  Run as two steps, families then attention, one core
 * idled for 1-1.5 s at the first step's end while account health ran
 * alone, and the attention's statements started only then.  A third
 * connection took 0.5-1.5 more CPU-seconds (four backends and the
 * report's two streams on two cores) and was slower in 5 of 6
 * interleaved reports at the report bench warehouse. */
/* A part's 13-week trend: none (the week before's report, health, the
 * quality line), the query's, or the attention's (the tickets created and
 * solved and the active users per week, which the attention's statements
 * count anyway: the query's own took 13 scans of a week of tickets, and
 * three months of user days rather than one, 1.8 s of the server's CPU at
 * the report bench's scale, issue 15). */
enum trend { NO_TREND, QUERY_TREND, ATTENTION_TREND };
/* A part's rank when its statement is its family's current one's, which
 * gives the week before in its second column (weekly_usage.sql: the two
 * weeks' usage share one read of the rollups, issue 15). */
enum { PAIRED = -1 };
static const struct part {
    const char *key, *family;
    bool previous; /* the week before */
    enum trend trend;
    int rank;
} parts[] = {
    {"tickets", "tickets", false, ATTENTION_TREND, 2},
    {"tickets_previous", "tickets", true, NO_TREND, 5},
    {"nps", "nps", false, QUERY_TREND, 4},
    {"nps_previous", "nps", true, NO_TREND, 6},
    {"usage", "usage", false, ATTENTION_TREND, 1},
    {"usage_previous", "usage", true, NO_TREND, PAIRED},
    {"accounts", "accounts", false, NO_TREND, 3},
    {"data_quality", "quality", false, NO_TREND, 0},
};
enum { NPARTS = sizeof(parts) / sizeof(parts[0]) };
/* pd_att_dates_fn: the attention's dates from the quality line's result
 * (weekly_quality.sql's six columns after its JSON), -1 for NULL. */
static int
quality_dates(const PGresult *q, struct pd_att_dates *d, struct pd_err *err)
{
    if (!q || PQntuples(q) != 1 || PQnfields(q) != 7)
        return pd_err_set(err, PD_E_INTERNAL,
                          "weekly: the quality line has no data_through");
    for (int i = 0; i < 3; i++) {
        int64_t *v[2] = {&d->through[i], &d->first[i]};

        for (int k = 0; k < 2; k++)
            *v[k] = PQgetisnull(q, 0, 1 + 2 * i + k)
                        ? -1
                        : strtoll(PQgetvalue(q, 0, 1 + 2 * i + k), NULL, 10);
    }
    return 0;
}

/* Every part's statement and the attention's, and their results. */
struct weekly_run {
    struct family_call c[NPARTS];
    /* One of each serves every part: their values depend only on the
     * settings and the zone, so a later part rewrites the same bytes the
     * earlier parts' parameters point to. */
    struct pd_support_params sp;
    struct pd_hygiene_params hp;
    struct pd_report_stmt st[NPARTS + PD_ATT_MAXSTMT];
    PGresult *res[NPARTS + PD_ATT_MAXSTMT];
    size_t at[NPARTS]; /* part i's statement */
    size_t natt, att;  /* the attention's, from st[att] */
};

/* The part of the same family as parts[i] for the other week: the
 * current one of a PAIRED part, the PAIRED one of a current part; -1 for
 * none. */
static int
pair_of(size_t i)
{
    for (size_t j = 0; j < NPARTS; j++)
        if (j != i && strcmp(parts[j].family, parts[i].family) == 0 &&
            (parts[i].rank == PAIRED || parts[j].rank == PAIRED))
            return (int)j;
    return -1;
}

/* Run every part's statement and the attention's (*att made, the
 * caller's to free), in w.  0, or -1 with *err. */
static int
parts_run(PGconn *conn, const struct pd_period *p, const struct pd_support *sup,
          struct weekly_run *w, struct pd_attention **att, struct pd_err *err)
{
    size_t n = 0, paired = 0;

    for (int rank = 0; rank < NPARTS; rank++)
        for (size_t i = 0; i < NPARTS; i++) {
            const struct part *x = &parts[i];

            if (x->rank != rank)
                continue;
            family_call(x->family, x->previous ? p->prev_start : p->start,
                        x->previous ? p->start : p->end,
                        pair_of(i) >= 0 ? &p->prev_start : NULL, p->zone,
                        x->trend == QUERY_TREND, sup, &w->sp, &w->hp, &w->c[i]);
            w->at[i] = n;
            w->st[n++] = (struct pd_report_stmt){.sql = w->c[i].sql,
                                                 .nparams = w->c[i].nparams,
                                                 .params = w->c[i].params};
            if (strcmp(x->family, "quality") == 0) {
                /* The attention's right behind it: the first ready. */
                w->att = n;
                *att = pd_attention_begin(p, sup ? &sup->hygiene : NULL, n,
                                          quality_dates, w->st + n, &w->natt);
                n += w->natt;
            }
        }
    for (size_t i = 0; i < NPARTS; i++)
        if (parts[i].rank == PAIRED && pair_of(i) >= 0) {
            w->at[i] = w->at[pair_of(i)];
            paired++;
        }
    /* Each rank once, 0 the quality line's (with the attention's). */
    if (!*att || n + paired != NPARTS + w->natt)
        return pd_err_set(err, PD_E_INTERNAL, "weekly: parts' ranks broken");
    return pd_report_snapshot_run(conn, w->st, n, w->res, err);
}

/* ",\n  \"key\": <family JSON>" for every part of w (parts_run()),
 * an ATTENTION_TREND part's "trend" : null (its query's, without one)
 * made the attention's trend.  0, or -1 with *err. */
static int
families_json(const struct weekly_run *w, const struct pd_attention *att,
              struct pd_buf *out, struct pd_err *err)
{
    static const char none[] = "\"trend\" : null";

    for (size_t i = 0; i < NPARTS; i++) {
        const PGresult *res = w->res[w->at[i]];
        int column = parts[i].rank == PAIRED; /* the week before's */
        const char *json, *at;

        if (PQnfields(res) <= column || PQgetisnull(res, 0, column))
            return pd_err_set(err, PD_E_INTERNAL, "weekly %s: no result",
                              parts[i].key);
        json = PQgetvalue(res, 0, column);
        at = strstr(json, none);
        pd_buf_addf(out, ",\n  \"%s\": ", parts[i].key);
        if (parts[i].trend != ATTENTION_TREND) {
            pd_buf_addstr(out, json);
            continue;
        }
        /* The key's quotes are bare: a value's would be escaped. */
        if (!at || strstr(at + 1, none))
            return pd_err_set(err, PD_E_INTERNAL,
                              "weekly %s: no one \"trend\" to fill",
                              parts[i].key);
        pd_buf_add(out, json, (size_t)(at - json));
        pd_buf_addstr(out, "\"trend\" : ");
        if (pd_attention_trend_json(att, parts[i].family, out) < 0)
            return pd_err_set(err, PD_E_INTERNAL,
                              "weekly %s: the attention has no trend",
                              parts[i].key);
        pd_buf_addstr(out, at + strlen(none));
    }
    return 0;
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

/* The request roll-up on a connection of its own, in a thread of its
 * own, from the report's start: run after the attention on the report's
 * connection, it was 2 s with one core idle (its texts' statement 0.8-1 s
 * and the rules' matching of them here) at the report bench's scale,
 * issue 15. */
struct requests_job {
    PGconn *conn; /* sharing the report's snapshot */
    const struct pd_period *p;
    const char *file;
    int64_t now;
    struct pd_buf out;
    struct pd_err err;
    int rc;
};

static void *
requests_thread(void *arg)
{
    struct requests_job *j = arg;

    j->rc = gained_requests(j->conn, j->p, j->file, j->now, &j->out, &j->err);
    return NULL;
}

/* The families, the attention (reports/attention.h) and the request
 * roll-up, appended to out in that order: the roll-up in a thread on a
 * second connection when one can be opened, else after the rest on
 * conn. */
static int
weekly_parts(PGconn *conn, const struct pd_period *p,
             const struct pd_support *sup, const char *requests_file,
             int64_t now, struct pd_buf *out, struct pd_err *err)
{
    struct pd_err ignored = PD_ERR_INIT;
    struct requests_job job = {.p = p,
                               .file = requests_file,
                               .now = now,
                               .out = PD_BUF_INIT,
                               .err = PD_ERR_INIT,
                               .rc = 0};
    struct pd_attention *att = NULL;
    struct weekly_run *w = pd_xcalloc(1, sizeof(*w)); /* parameter buffers */
    struct pd_buf through = PD_BUF_INIT; /* the attention's data_through */
    pthread_t thread;
    bool threaded = false;
    int rc;

    if ((job.conn = pd_report_snapshot_share(conn, &ignored))) {
        threaded = pthread_create(&thread, NULL, requests_thread, &job) == 0;
        if (!threaded) {
            (void)pd_report_snapshot_end(job.conn, false, &ignored);
            pd_db_close(job.conn);
        }
    }
    rc = parts_run(conn, p, sup, w, &att, err);
    if (att)
        pd_attention_end(att, rc == 0 ? w->res + w->att : NULL, &through);
    if (rc == 0)
        rc = families_json(w, att, out, err);
    if (rc == 0) {
        pd_buf_add(out, through.buf, through.len);
        rc = pd_attention_write(conn, p, att, out, err);
    }
    pd_attention_free(att);
    pd_buf_release(&through);
    for (size_t i = 0; i < NPARTS; i++)
        if (parts[i].rank != PAIRED)
            PQclear(w->res[w->at[i]]);
    free(w);
    if (threaded) {
        pthread_join(thread, NULL);
        if (pd_report_snapshot_end(job.conn, job.rc == 0, &job.err) < 0)
            job.rc = -1;
        pd_db_close(job.conn);
    } else if (rc == 0) {
        job.rc =
            gained_requests(conn, p, requests_file, now, &job.out, &job.err);
    }
    if (rc == 0 && job.rc < 0) {
        *err = job.err;
        rc = -1;
    }
    if (rc == 0)
        pd_buf_add(out, job.out.buf, job.out.len);
    pd_buf_release(&job.out);
    return rc;
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
    if (weekly_parts(conn, p, sup, requests_file, now, out, err) < 0)
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
