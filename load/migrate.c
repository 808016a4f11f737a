#include "migrate.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/resource.h"
#include "load/db.h"

/* Arbitrary constant: the advisory lock key of schema migrations. */
#define MIGRATE_LOCK "7365012001"

static const char prefix[] = "load/sql/";

/* Migration number of a resource path, or -1 if it is no migration. */
static int
migration_number(const char *path)
{
    const char *p;
    int n = 0;

    if (strncmp(path, prefix, sizeof(prefix) - 1) != 0)
        return -1;
    p = path + sizeof(prefix) - 1;
    for (int i = 0; i < 3; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        n = n * 10 + (p[i] - '0');
    }
    return p[3] == '_' ? n : -1;
}

int
pd_migrate_latest(void)
{
    int latest = 0;

    for (const struct pd_resource *r = pd_resources; r->path; r++) {
        int n = migration_number(r->path);
        if (n > latest)
            latest = n;
    }
    return latest;
}

/* The embedded migration numbers as an array literal, "{1,2,3}"; returns
 * how many. */
static int
embedded(char *out, size_t n)
{
    size_t len = 0;
    int count = 0;

    len += (size_t)snprintf(out, n, "{");
    for (const struct pd_resource *r = pd_resources; r->path && len < n; r++) {
        int v = migration_number(r->path);
        if (v < 0)
            continue;
        len +=
            (size_t)snprintf(out + len, n - len, "%s%d", count ? "," : "", v);
        count++;
    }
    if (len < n)
        snprintf(out + len, n - len, "}");
    return count;
}

/* Every migration not in schema_migrations, in order.  Not only those
 * above the highest applied: migrations written on parallel branches
 * (008 and 009 landing in either order) must all apply, so they must not
 * depend on each other. */
static int
apply_missing(PGconn *conn, struct pd_err *err)
{
    bool have[1000] = {false};
    PGresult *res = pd_db_exec(
        conn, "SELECT version FROM prodops.schema_migrations", 0, NULL, err);

    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res); i++) {
        int v = atoi(PQgetvalue(res, i, 0));
        if (v >= 0 && v < 1000)
            have[v] = true;
    }
    PQclear(res);
    for (const struct pd_resource *r = pd_resources; r->path; r++) {
        int n = migration_number(r->path);
        char num[16];
        const char *params[2];
        if (n < 0 || have[n])
            continue;
        if (pd_db_run(conn, r->text, 0, NULL, err) < 0)
            return pd_err_detail(err, "while applying migration %s", r->path);
        snprintf(num, sizeof(num), "%d", n);
        params[0] = num;
        params[1] = r->path + sizeof(prefix) - 1;
        if (pd_db_run(conn,
                      "INSERT INTO prodops.schema_migrations (version, name) "
                      "VALUES ($1::int, $2)",
                      2, params, err) < 0)
            return -1;
    }
    return 0;
}

int
pd_migrate(PGconn *conn, struct pd_err *err)
{
    char list[4096];
    int count = embedded(list, sizeof(list));
    const char *p[1] = {list};
    /* Fast path: up to date (the table exists and has every migration
     * this binary carries): one query. */
    PGresult *res = PQexecParams(conn,
                                 "SELECT count(*) FROM "
                                 "prodops.schema_migrations WHERE version = "
                                 "ANY($1::int[])",
                                 1, NULL, p, NULL, NULL, 0);

    if (PQresultStatus(res) == PGRES_TUPLES_OK &&
        atoi(PQgetvalue(res, 0, 0)) == count) {
        PQclear(res);
        return 0;
    }
    PQclear(res);
    if (pd_db_run(conn, "BEGIN", 0, NULL, err) < 0)
        return -1;
    if (pd_db_run(conn, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ")", 0,
                  NULL, err) < 0 ||
        pd_db_run(conn,
                  "CREATE SCHEMA IF NOT EXISTS prodops; "
                  "CREATE TABLE IF NOT EXISTS prodops.schema_migrations ("
                  " version int PRIMARY KEY, name text NOT NULL,"
                  " applied_at timestamptz NOT NULL DEFAULT now())",
                  0, NULL, err) < 0 ||
        apply_missing(conn, err) < 0 ||
        pd_db_run(conn, "COMMIT", 0, NULL, err) < 0) {
        PQclear(PQexec(conn, "ROLLBACK"));
        return -1;
    }
    return 0;
}
