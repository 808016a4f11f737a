/*
 * db - connections and statements over libpq, errors as struct pd_err.
 *
 * Ownership: pd_db_connect() returns a connection closed with
 * pd_db_close() (NULL accepted).  pd_db_exec() returns a PGresult the
 * caller PQclear()s.
 * Errors: -1 / NULL with *err: PD_E_DB, the server's message (first line)
 * as the message, SQLSTATE and the statement's name in detail, a hint for
 * unreachable servers.  SQL text is never pasted from values: parameters
 * go through PQexecParams (STYLE rule 17).
 * Limits: statements come from embedded .sql resources or short literals.
 */
#ifndef PD_DB_H
#define PD_DB_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "common/err.h"

/* Connect, set client_encoding UTF8, timezone UTC and application_name. */
PGconn *pd_db_connect(const char *conninfo, struct pd_err *err);
void pd_db_close(PGconn *conn);

/* Another connection to the database of like, with its options (host,
 * user, password...) and the same session; NULL with *err. */
PGconn *pd_db_connect_like(PGconn *like, struct pd_err *err);

/* Run one statement with text parameters; NULL on failure.  Accepts
 * COMMAND_OK and TUPLES_OK. */
PGresult *pd_db_exec(PGconn *conn, const char *sql, int nparams,
                     const char *const *params, struct pd_err *err);

/* pd_db_exec and PQclear: 0 / -1. */
int pd_db_run(PGconn *conn, const char *sql, int nparams,
              const char *const *params, struct pd_err *err);

/* Run an embedded resource (see common/resource.h) holding one statement
 * (with parameters) or, when nparams is 0, any number of statements. */
PGresult *pd_db_exec_resource(PGconn *conn, const char *path, int nparams,
                              const char *const *params, struct pd_err *err);

/* Fill *err from the connection or result: returns -1. */
int pd_db_fail(struct pd_err *err, PGconn *conn, const PGresult *res,
               const char *what);

/* SQLSTATE of a failed result ("" if none). */
const char *pd_db_sqlstate(const PGresult *res);

/* A statement without waiting for it: pd_db_send_resource() sends an
 * embedded resource with its parameters (0, or -1 with *err);
 * pd_db_busy() says whether its result is still to come, without
 * blocking; pd_db_collect() waits for it and returns it as
 * pd_db_exec_resource() does (NULL with *err, path naming the
 * statement).  One statement at a time per connection: every send is
 * collected before the connection runs anything else. */
int pd_db_send_resource(PGconn *conn, const char *path, int nparams,
                        const char *const *params, struct pd_err *err);
bool pd_db_busy(PGconn *conn);
PGresult *pd_db_collect(PGconn *conn, const char *path, struct pd_err *err);

/* The version of the libpq prodops runs with (PQlibVersion: the shared
 * library, not the headers), "15.14", into buf of n bytes (prodops
 * --version). */
void pd_db_libpq_version(char *buf, size_t n);

#endif
