#include "lock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/db.h"

/* The two-key form keeps our locks apart from the migration lock (a
 * bigint key, load/migrate.c): pg_locks shows them with objsubid 2. */
#define KEY "hashtext('prodops.job'), hashtext($1)"

int
pd_lock_set_name(PGconn *conn, const char *name, struct pd_err *err)
{
    const char *p[1] = {name};

    return pd_db_run(conn, "SELECT set_config('application_name', $1, false)",
                     1, p, err);
}

int
pd_lock_try(PGconn *conn, const char *job, struct pd_err *err)
{
    const char *p[1] = {job};
    PGresult *res =
        pd_db_exec(conn, "SELECT pg_try_advisory_lock(" KEY ")", 1, p, err);
    int got;

    if (!res)
        return -1;
    got = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return got;
}

int
pd_lock_release(PGconn *conn, const char *job, struct pd_err *err)
{
    const char *p[1] = {job};

    return pd_db_run(conn, "SELECT pg_advisory_unlock(" KEY ")", 1, p, err);
}

/* "prodops run weekly (host:1234)": host and pid from the parentheses. */
static void
parse_application(struct pd_lock_holder *h)
{
    const char *open = strrchr(h->application, '(');
    const char *colon = open ? strchr(open, ':') : NULL;
    char *end;
    long pid;

    if (!open || !colon || strncmp(h->application, "prodops ", 8) != 0)
        return;
    pid = strtol(colon + 1, &end, 10);
    if (*end != ')' || pid <= 0)
        return;
    snprintf(h->host, sizeof(h->host), "%.*s", (int)(colon - open - 1),
             open + 1);
    h->pid = pid;
}

int
pd_lock_holder(PGconn *conn, const char *job, struct pd_lock_holder *h,
               struct pd_err *err)
{
    const char *p[1] = {job};
    PGresult *res;
    int found;

    /* state_change: the holder's session does nothing after taking the
     * lock, so its last state change is when the lock query ended. */
    res = pd_db_exec(
        conn,
        "SELECT a.application_name, to_char(a.state_change AT TIME ZONE "
        "'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC' FROM pg_locks l JOIN "
        "pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
        "AND l.granted AND l.objsubid = 2 AND l.classid = "
        "hashtext('prodops.job')::oid AND l.objid = hashtext($1)::oid",
        1, p, err);
    if (!res)
        return -1;
    memset(h, 0, sizeof(*h));
    found = PQntuples(res) > 0;
    if (found) {
        snprintf(h->application, sizeof(h->application), "%s",
                 PQgetvalue(res, 0, 0));
        snprintf(h->since, sizeof(h->since), "%s", PQgetvalue(res, 0, 1));
        parse_application(h);
    }
    PQclear(res);
    return found;
}
