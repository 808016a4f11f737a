#include "retention.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "load/db.h"

int64_t
pd_retention_events_cutoff(int64_t now, int months)
{
    struct pd_tm tm;
    int64_t m;
    unsigned dim;

    pd_time_split(now, &tm);
    /* Months since year 0, back by `months`; the day clamped to the
     * target month (31 March less one month is 28 or 29 February). */
    m = tm.year * 12 + (tm.month - 1) - months;
    dim = pd_days_in_month(m / 12, (unsigned)(m % 12) + 1);
    return pd_time_make(m / 12, (unsigned)(m % 12) + 1,
                        tm.day < dim ? tm.day : dim, tm.hour, tm.minute,
                        tm.second, tm.usec);
}

static int
prune_events(PGconn *conn, int64_t cutoff, struct pd_retention_result *r,
             struct pd_err *err)
{
    char when[40];
    const char *params[1] = {when};
    PGresult *res;

    pd_time_format_iso(cutoff, when, sizeof(when));
    res = pd_db_exec_resource(conn, "load/sql/retention_events.sql", 1, params,
                              err);
    if (!res)
        return -1;
    r->months = PQntuples(res);
    for (int i = 0; i < r->months; i++) {
        r->events += strtoll(PQgetvalue(res, i, 1), NULL, 10);
        r->event_bytes += strtoll(PQgetvalue(res, i, 2), NULL, 10);
    }
    if (r->months > 0) {
        snprintf(r->first, sizeof(r->first), "%.7s", PQgetvalue(res, 0, 0));
        snprintf(r->last, sizeof(r->last), "%.7s",
                 PQgetvalue(res, r->months - 1, 0));
    }
    PQclear(res);
    return 0;
}

static int
prune_rejects(PGconn *conn, int64_t cutoff, struct pd_retention_result *r,
              struct pd_err *err)
{
    char when[40];
    const char *params[1] = {when};
    PGresult *res;

    pd_time_format_iso(cutoff, when, sizeof(when));
    res = pd_db_exec_resource(conn, "load/sql/retention_rejects.sql", 1, params,
                              err);
    if (!res)
        return -1;
    r->rejects = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    r->reject_files = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    PQclear(res);
    return 0;
}

int
pd_retention_prune(PGconn *conn, const struct pd_retention_opts *o,
                   struct pd_retention_result *r, struct pd_err *err)
{
    memset(r, 0, sizeof(*r));
    if (o->events_months > 0 &&
        prune_events(conn, pd_retention_events_cutoff(o->now, o->events_months),
                     r, err) < 0)
        return -1;
    if (o->rejects_days > 0 &&
        prune_rejects(conn, o->now - (int64_t)o->rejects_days * PD_US_PER_DAY,
                      r, err) < 0)
        return -1;
    return 0;
}
