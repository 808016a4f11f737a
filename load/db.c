#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/resource.h"
#include "common/xalloc.h"

/* First line of a libpq message, without the "ERROR:  " prefix. */
static void
first_line(const char *msg, char *out, size_t n)
{
    size_t len;

    if (!msg)
        msg = "";
    if (strncmp(msg, "ERROR:  ", 8) == 0)
        msg += 8;
    len = strcspn(msg, "\n");
    snprintf(out, n, "%.*s", (int)len, msg);
}

int
pd_db_fail(struct pd_err *err, PGconn *conn, const PGresult *res,
           const char *what)
{
    char line[400];
    const char *state = res ? pd_db_sqlstate(res) : "";

    first_line(res ? PQresultErrorMessage(res) : PQerrorMessage(conn), line,
               sizeof(line));
    if (!line[0] && conn)
        first_line(PQerrorMessage(conn), line, sizeof(line));
    pd_err_set(err, PD_E_DB, "%s: %s", what, line);
    if (state[0])
        pd_err_detail(err, "SQLSTATE %s", state);
    return -1;
}

const char *
pd_db_sqlstate(const PGresult *res)
{
    const char *s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return s ? s : "";
}

/* The session every connection gets; conn finished on failure. */
static PGconn *
set_up(PGconn *conn, struct pd_err *err)
{
    /* jit off: the report queries are costed high enough to be compiled,
     * and compiling takes ~0.5 s a query -- more than most of them run.
     * Notices ("already exists, skipping") are not for the user.
     * cursor_tuple_fraction 1: a streamed statement (load/db_rows.h) is
     * read to its end, so its cursor is planned as the statement itself
     * would be, not for its first tenth. */
    if (PQsetClientEncoding(conn, "UTF8") != 0 ||
        pd_db_run(conn,
                  "SET TIME ZONE 'UTC'; SET application_name = 'prodops'; "
                  "SET jit = off; SET client_min_messages = warning; "
                  "SET cursor_tuple_fraction = 1",
                  0, NULL, err) < 0) {
        if (!err || err->code == PD_E_OK)
            pd_db_fail(err, conn, NULL, "cannot set up the session");
        PQfinish(conn);
        return NULL;
    }
    return conn;
}

PGconn *
pd_db_connect(const char *conninfo, struct pd_err *err)
{
    PGconn *conn = PQconnectdb(conninfo);

    if (PQstatus(conn) != CONNECTION_OK) {
        pd_db_fail(err, conn, NULL, "cannot connect to the database");
        pd_err_hint(err, "check PRODOPS_DSN / [database] dsn, or unset them "
                         "to use the embedded database ('prodops db start')");
        PQfinish(conn);
        return NULL;
    }
    return set_up(conn, err);
}

PGconn *
pd_db_connect_like(PGconn *like, struct pd_err *err)
{
    PQconninfoOption *opts = PQconninfo(like);
    const char **kw, **val;
    size_t n = 0;
    PGconn *conn;

    if (!opts) {
        pd_err_set(err, PD_E_DB, "cannot read the connection's options");
        return NULL;
    }
    for (PQconninfoOption *o = opts; o->keyword; o++)
        n++;
    kw = pd_xcalloc(n + 1, sizeof(*kw));
    val = pd_xcalloc(n + 1, sizeof(*val));
    n = 0;
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if (o->val) {
            kw[n] = o->keyword;
            val[n++] = o->val;
        }
    conn = PQconnectdbParams(kw, val, 0);
    free(kw);
    free(val);
    PQconninfoFree(opts);
    if (PQstatus(conn) != CONNECTION_OK) {
        pd_db_fail(err, conn, NULL, "cannot open a second connection");
        PQfinish(conn);
        return NULL;
    }
    return set_up(conn, err);
}

void
pd_db_close(PGconn *conn)
{
    if (conn)
        PQfinish(conn);
}

static PGresult *
checked(PGconn *conn, PGresult *res, const char *what, struct pd_err *err)
{
    ExecStatusType st = PQresultStatus(res);

    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return res;
    pd_db_fail(err, conn, res, what);
    PQclear(res);
    return NULL;
}

PGresult *
pd_db_exec(PGconn *conn, const char *sql, int nparams,
           const char *const *params, struct pd_err *err)
{
    PGresult *res;
    char what[80];

    if (nparams == 0)
        res = PQexec(conn, sql);
    else
        res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
    snprintf(what, sizeof(what), "query failed (%.40s)", sql);
    for (char *p = what; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return checked(conn, res, what, err);
}

int
pd_db_run(PGconn *conn, const char *sql, int nparams, const char *const *params,
          struct pd_err *err)
{
    PGresult *res = pd_db_exec(conn, sql, nparams, params, err);

    if (!res)
        return -1;
    PQclear(res);
    return 0;
}

PGresult *
pd_db_exec_resource(PGconn *conn, const char *path, int nparams,
                    const char *const *params, struct pd_err *err)
{
    const char *sql = pd_resource_get(path, NULL);
    PGresult *res;

    if (!sql) {
        pd_err_set(err, PD_E_INTERNAL, "embedded SQL '%s' is missing", path);
        return NULL;
    }
    if (nparams == 0)
        res = PQexec(conn, sql);
    else
        res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
    return checked(conn, res, path, err);
}

int
pd_db_send_resource(PGconn *conn, const char *path, int nparams,
                    const char *const *params, struct pd_err *err)
{
    const char *sql = pd_resource_get(path, NULL);

    if (!sql)
        return pd_err_set(err, PD_E_INTERNAL, "embedded SQL '%s' is missing",
                          path);
    if (!PQsendQueryParams(conn, sql, nparams, NULL, params, NULL, NULL, 0))
        return pd_db_fail(err, conn, NULL, path);
    return 0;
}

bool
pd_db_busy(PGconn *conn)
{
    /* A failed read leaves the connection's error to PQgetResult(). */
    return PQconsumeInput(conn) && PQisBusy(conn);
}

PGresult *
pd_db_collect(PGconn *conn, const char *path, struct pd_err *err)
{
    PGresult *res = PQgetResult(conn), *more;

    /* The statement's result, then NULL: read to the end either way, so
     * that the connection can run the next one. */
    while ((more = PQgetResult(conn)) != NULL)
        PQclear(more);
    if (!res) {
        pd_db_fail(err, conn, NULL, path);
        return NULL;
    }
    return checked(conn, res, path, err);
}

void
pd_db_libpq_version(char *buf, size_t n)
{
    /* Since PostgreSQL 10: major * 10000 + minor. */
    int v = PQlibVersion();

    snprintf(buf, n, "%d.%d", v / 10000, v % 10000);
}
