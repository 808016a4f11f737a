#include "reports/launch.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/file.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "load/db.h"
#include "reports/doc.h"
#include "reports/period.h"
#include "reports/requests.h"
#include "reports/snapshot.h"
#include "reports/xlsx.h"

/* "today" in zone as a local date, and the day before it minus days. */
static int
local_today(const char *zone, int64_t now, int64_t *days, struct pd_err *err)
{
    struct pd_tz *tz = pd_tz_open(zone, err);
    int64_t local;

    if (!tz)
        return -1;
    local = pd_tz_to_local(tz, now);
    pd_tz_free(tz);
    *days = local / PD_US_PER_DAY - (local % PD_US_PER_DAY < 0);
    return 0;
}

/* SPEC §6 "as of": the usage family's data_through, and the later of the
 * tickets' and NPS's (the mentions), as "YYYY-MM-DD" or "" for none. */
static int
data_through(PGconn *conn, const char *zone, int64_t today, char *usage,
             char *texts, size_t n, struct pd_err *err)
{
    char day[16];
    const char *p[2] = {day, zone};
    PGresult *res;
    int64_t best = -1;

    pd_period_day_label(today, day, sizeof(day));
    res = pd_db_exec_resource(conn, "reports/sql/data_through.sql", 2, p, err);
    if (!res)
        return -1;
    usage[0] = texts[0] = '\0';
    for (int i = 0; i < PQntuples(res) && i < 3; i++) {
        int64_t d;
        if (PQgetisnull(res, i, 0))
            continue;
        d = strtoll(PQgetvalue(res, i, 0), NULL, 10);
        if (i == 2)
            pd_period_day_label(d, usage, n);
        else if (d > best)
            best = d;
    }
    PQclear(res);
    if (best >= 0)
        pd_period_day_label(best, texts, n);
    return 0;
}

/* What every review of one run shares, read once in its snapshot: the
 * data_through days and the feature-request roll-up the reviews match
 * their requests in. */
struct asof {
    char usage[16], texts[16];
    struct pd_buf requests; /* pd_requests_top()'s JSON array */
};

/* Every request asked before now, by the rules of rules_file (NULL: the
 * posts alone), all of them: the roll-up's own accounts and order. */
static int
asof_load(PGconn *conn, const char *zone, int64_t today, int64_t now,
          const char *rules_file, struct asof *a, struct pd_err *err)
{
    const struct pd_requests_opts o = {.label = "launch",
                                       .zone = zone,
                                       .start = now,
                                       .end = now,
                                       .rules_file = rules_file,
                                       .area = NULL,
                                       .now = now,
                                       .redact_names = false};

    pd_buf_init(&a->requests, 0);
    if (data_through(conn, zone, today, a->usage, a->texts, sizeof(a->usage),
                     err) < 0)
        return -1;
    return pd_requests_top(conn, &o, PD_REQUESTS_BY_ARR, SIZE_MAX, &a->requests,
                           err);
}

/* A release's own pattern is whatever its file said: tried once under a
 * savepoint, so that a bad one is a message naming the launch (exit 1, as
 * bad input) instead of launch.sql failing as a database error. */
static int
check_pattern(PGconn *conn, const char *const *p, struct pd_err *err)
{
    struct pd_err e = PD_ERR_INIT;

    if (pd_db_run(conn, "SAVEPOINT launch_pattern", 0, NULL, err) < 0)
        return -1;
    if (pd_db_run(conn,
                  "SELECT '' ~* pattern FROM prodops.releases"
                  " WHERE source = $1 AND name = $2",
                  2, p, &e) == 0)
        return pd_db_run(conn, "RELEASE SAVEPOINT launch_pattern", 0, NULL,
                         err);
    if (pd_db_run(conn, "ROLLBACK TO SAVEPOINT launch_pattern", 0, NULL, err) <
        0)
        return -1;
    pd_err_set(err, PD_E_PARSE,
               "the pattern of release '%s' (source '%s') is no regular "
               "expression: %s",
               p[1], p[0], e.msg);
    return pd_err_hint(err, "fix its pattern column (a PostgreSQL regular "
                            "expression, matched case-insensitively) and "
                            "ingest the file again");
}

/* One launch's document: res row 0 of launch.sql. */
static PGresult *
review(PGconn *conn, const char *source, const char *name, const char *zone,
       const struct asof *a, struct pd_err *err)
{
    const char *p[6] = {source,
                        name,
                        zone,
                        a->usage[0] ? a->usage : NULL,
                        a->texts[0] ? a->texts : NULL,
                        a->requests.buf};
    PGresult *res;

    if (check_pattern(conn, p, err) < 0)
        return NULL;
    res = pd_db_exec_resource(conn, "reports/sql/launch.sql", 6, p, err);

    if (res && PQntuples(res) != 1) {
        PQclear(res);
        pd_err_set(err, PD_E_INTERNAL, "release '%s' of '%s' went away", name,
                   source);
        return NULL;
    }
    return res;
}

static void
add_output(struct pd_report_outputs *out, const char *path)
{
    out->paths = pd_xrealloc(out->paths, (out->n + 1) * sizeof(char *));
    out->paths[out->n++] = pd_xstrdup(path);
}

static int
write_text(const char *base, const char *ext, const struct pd_buf *b,
           struct pd_report_outputs *out, struct pd_err *err)
{
    char path[4200];

    snprintf(path, sizeof(path), "%s%s", base, ext);
    if (pd_file_write_atomic(path, b->buf, b->len, err) < 0)
        return -1;
    add_output(out, path);
    return 0;
}

static int
write_xlsx(const char *base, const struct pd_doc *doc,
           struct pd_report_outputs *out, struct pd_err *err)
{
    char path[4200], tmp[4300];

    snprintf(path, sizeof(path), "%s.xlsx", base);
    pd_file_tmp_name(path, tmp, sizeof(tmp));
    if (pd_xlsx_launch(doc, tmp, err) < 0) {
        (void)remove(tmp);
        return -1;
    }
    if (pd_file_commit(tmp, path, err) < 0)
        return -1;
    add_output(out, path);
    return 0;
}

/* The four files of one document: .json, .md, .html, .xlsx. */
static int
write_review(const char *dir, const char *slug, const char *json,
             struct pd_report_outputs *out, struct pd_err *err)
{
    struct pd_buf b = PD_BUF_INIT;
    struct pd_doc doc;
    char base[4096];
    int n = snprintf(base, sizeof(base), "%s/launch-%s", dir, slug), rc;

    if (n < 0 || (size_t)n >= sizeof(base))
        return pd_err_set(err, PD_E_USAGE, "output path too long: '%s'", dir);
    pd_buf_addstr(&b, json);
    rc = write_text(base, ".json", &b, out, err);
    if (rc == 0)
        rc = pd_doc_parse(&doc, json, err);
    if (rc < 0) {
        pd_buf_release(&b);
        return -1;
    }
    pd_buf_reset(&b);
    pd_launch_markdown(&doc, &b);
    rc = write_text(base, ".md", &b, out, err);
    pd_buf_reset(&b);
    if (rc == 0)
        rc = pd_launch_html(&doc, &b, err);
    if (rc == 0)
        rc = write_text(base, ".html", &b, out, err);
    if (rc == 0)
        rc = write_xlsx(base, &doc, out, err);
    pd_doc_free(&doc);
    pd_buf_release(&b);
    return rc;
}

/* The releases a request selects (launch_list.sql); none is an error
 * unless req->none_ok (*none set, NULL returned). */
static PGresult *
selected(PGconn *conn, const struct pd_launch_req *req, int64_t today,
         bool *none, struct pd_err *err)
{
    char since[16];
    const char *p[3] = {req->name, req->since, NULL};
    PGresult *res;

    *none = false;
    if (!req->name && !req->since) {
        pd_period_day_label(today - PD_LAUNCH_DEFAULT_DAYS, since,
                            sizeof(since));
        p[1] = since;
    }
    res = pd_db_exec_resource(conn, "reports/sql/launch_list.sql", 3, p, err);
    if (!res || PQntuples(res) > 0)
        return res;
    PQclear(res);
    if (req->none_ok) {
        *none = true;
        return NULL;
    }
    if (req->name)
        pd_err_set(err, PD_E_USAGE, "no release named '%s'", req->name);
    else
        pd_err_set(err, PD_E_USAGE, "no release on or after %s", p[1]);
    pd_err_hint(err, "load a releases file: prodops ingest --kind releases "
                     "releases.csv");
    return NULL;
}

static int
check_since(const char *since, struct pd_err *err)
{
    int64_t days;

    if (!since || pd_time_parse_day(since, strlen(since), &days) == 0)
        return 0;
    return pd_err_set(err, PD_E_USAGE,
                      "--since '%s' is not a date (YYYY-MM-DD)", since);
}

/* Each launch of list reviewed and written, in the caller's snapshot. */
static int
write_all(PGconn *conn, const struct pd_launch_req *req, const char *zone,
          const PGresult *list, const struct asof *a,
          struct pd_report_outputs *out, struct pd_err *err)
{
    for (int i = 0; i < PQntuples(list); i++) {
        PGresult *res = review(conn, PQgetvalue(list, i, 0),
                               PQgetvalue(list, i, 1), zone, a, err);
        int rc;

        if (!res)
            return -1;
        snprintf(out->label, sizeof(out->label), "%s", PQgetvalue(res, 0, 1));
        rc = write_review(req->out_dir, PQgetvalue(res, 0, 1),
                          PQgetvalue(res, 0, 0), out, err);
        PQclear(res);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int
pd_launch_build(PGconn *conn, const struct pd_launch_req *req,
                struct pd_report_outputs *out, struct pd_err *err)
{
    const char *zone = req->zone ? req->zone : "UTC";
    struct asof a;
    int64_t today;
    PGresult *list = NULL;
    bool none = false;
    int rc;

    if (check_since(req->since, err) < 0 ||
        local_today(zone, req->now, &today, err) < 0)
        return -1;
    snprintf(out->zone, sizeof(out->zone), "%s", zone);
    if (!conn)
        return 0;
    if (pd_file_mkdirs(req->out_dir, err) < 0 ||
        pd_report_snapshot_begin(conn, err) < 0)
        return -1;
    /* Every launch of the request from one snapshot (snapshot.h). */
    rc = asof_load(conn, zone, today, req->now, req->rules_file, &a, err);
    if (rc == 0 && !(list = selected(conn, req, today, &none, err)) && !none)
        rc = -1;
    if (rc == 0 && list)
        rc = write_all(conn, req, zone, list, &a, out, err);
    PQclear(list);
    pd_buf_release(&a.requests);
    return pd_report_snapshot_end(conn, rc == 0, err) < 0 ? -1 : rc;
}

/* The launches of [first, last] from one snapshot: the document's own
 * headline fields, so the OKR review and the launch review never
 * disagree. */
static int
headlines(PGconn *conn, const char *const *p, const char *zone,
          const struct asof *a, struct pd_buf *out, struct pd_err *err)
{
    PGresult *list;
    int rc = 0;

    list = pd_db_exec_resource(conn, "reports/sql/launch_list.sql", 3, p, err);
    if (!list)
        return -1;
    pd_buf_addch(out, '[');
    for (int i = 0; i < PQntuples(list) && rc == 0; i++) {
        PGresult *res = review(conn, PQgetvalue(list, i, 0),
                               PQgetvalue(list, i, 1), zone, a, err);
        if (!res) {
            rc = -1;
            break;
        }
        pd_buf_addf(out, "%s{\"name\": ", i ? ", " : "");
        pd_json_str(out, PQgetvalue(list, i, 1));
        pd_buf_addf(out, ", \"weeks_since_launch\": %s",
                    PQgetisnull(res, 0, 2) ? "null" : PQgetvalue(res, 0, 2));
        pd_buf_addf(out, ", \"share_of_active_accounts\": %s",
                    PQgetisnull(res, 0, 3) ? "null" : PQgetvalue(res, 0, 3));
        pd_buf_addstr(out, ", \"verdict\": ");
        pd_json_str(out, PQgetvalue(res, 0, 4));
        pd_buf_addstr(out, ", \"released_on\": ");
        pd_json_str(out, PQgetvalue(res, 0, 5));
        pd_buf_addch(out, '}');
        PQclear(res);
    }
    pd_buf_addch(out, ']');
    PQclear(list);
    return rc;
}

int
pd_launch_headlines_json(PGconn *conn, const char *first, const char *last,
                         const char *zone, const char *rules_file, int64_t now,
                         struct pd_buf *out, struct pd_err *err)
{
    const char *p[3] = {NULL, first, last};
    struct asof a;
    char day[16];
    int64_t today;
    int rc;

    if (local_today(zone, now, &today, err) < 0)
        return -1;
    pd_period_day_label(today, day, sizeof(day));
    if (strcmp(day, last) < 0) /* ISO dates sort as text */
        p[2] = day;
    if (pd_report_snapshot_begin(conn, err) < 0)
        return -1;
    rc = asof_load(conn, zone, today, now, rules_file, &a, err);
    if (rc == 0)
        rc = headlines(conn, p, zone, &a, out, err);
    pd_buf_release(&a.requests);
    return pd_report_snapshot_end(conn, rc == 0, err) < 0 ? -1 : rc;
}
