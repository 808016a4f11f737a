#include "migrate.h"

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

static int
applied_version(PGconn *conn, int *version, struct pd_err *err)
{
    PGresult *res = pd_db_exec(
        conn, "SELECT coalesce(max(version), 0) FROM prodops.schema_migrations",
        0, NULL, err);

    if (!res)
        return -1;
    *version = atoi(PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

/* Resources are sorted by path, so numbers come in order. */
static int
apply_newer(PGconn *conn, int have, struct pd_err *err)
{
    for (const struct pd_resource *r = pd_resources; r->path; r++) {
        int n = migration_number(r->path);
        char num[16];
        const char *params[2];
        if (n <= have)
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
    int have = 0;

    /* Fast path: up to date (the table exists and has the latest). */
    PGresult *res = PQexec(conn, "SELECT max(version) FROM "
                                 "prodops.schema_migrations");
    if (PQresultStatus(res) == PGRES_TUPLES_OK &&
        atoi(PQgetvalue(res, 0, 0)) >= pd_migrate_latest()) {
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
        applied_version(conn, &have, err) < 0 ||
        apply_newer(conn, have, err) < 0 ||
        pd_db_run(conn, "COMMIT", 0, NULL, err) < 0) {
        PQclear(PQexec(conn, "ROLLBACK"));
        return -1;
    }
    return 0;
}
