/*
 * db_rows - a statement's rows handed out one at a time as they arrive,
 * read in batches through a cursor, so that memory does not grow with
 * their count.
 *
 * The statement is declared as a cursor (DECLARE ... NO SCROLL CURSOR
 * FOR, parameters bound by the server) and fetched PD_DB_ROWS_BATCH rows
 * at a time; the next FETCH is sent before a batch's rows are handed
 * out, so that the server makes the next batch while the caller takes
 * this one.  libpq's single-row mode, which this replaced, made a result
 * for every row (its attributes' names copied each time): a fifth of the
 * weekly report's own CPU at the report bench warehouse (issue 15).
 * Cursors live in transactions: pd_db_rows_send() requires one;
 * pd_db_stream_resource() opens its own on an idle connection.  The
 * cursor is planned for all its rows (cursor_tuple_fraction 1), as the
 * statement itself would be, and without parallel workers.
 *
 * Ownership: a struct pd_db_rows belongs to its caller and to its
 * connection's statement until pd_db_rows_take() returns 1 or
 * pd_db_rows_abandon(); one at a time per connection.  A row is borrowed
 * for the call it is handed to.
 * Errors: -1 with *err: PD_E_DB when the server refuses, else the row
 * function's error (PD_E_INTERNAL for a missing resource).
 */
#ifndef PD_DB_ROWS_H
#define PD_DB_ROWS_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "common/err.h"

/* Rows per FETCH for the report's statements: ~1.5 MB of the weekly
 * report's widest rows. */
enum { PD_DB_ROWS_BATCH = 10000 };

/* One row of a result: row i of res. */
struct pd_db_row {
    const PGresult *res;
    int i;
};

/* Column col of row: its text (never NULL: "" for SQL NULL), whether it
 * is NULL, its length in bytes. */
static inline const char *
pd_db_row_value(const struct pd_db_row *row, int col)
{
    return PQgetvalue(row->res, row->i, col);
}
static inline bool
pd_db_row_isnull(const struct pd_db_row *row, int col)
{
    return PQgetisnull(row->res, row->i, col) != 0;
}
static inline int
pd_db_row_length(const struct pd_db_row *row, int col)
{
    return PQgetlength(row->res, row->i, col);
}

/* Called with each row of a streamed statement, borrowed for the call
 * (and, by a reader that says so, with NULL once after the last).
 * Return 0 to go on, -1 (with *err) to stop. */
typedef int pd_db_row_fn(const struct pd_db_row *row, void *ctx,
                         struct pd_err *err);

/* A streamed statement in flight. */
struct pd_db_rows {
    PGconn *conn;
    const char *what; /* the resource's path, for errors */
    char cursor[32];
    int batch;         /* rows per FETCH */
    int step;          /* what the command in flight is */
    PGresult *got;     /* its result, until its end */
    PGresult *columns; /* the last batch's columns, without rows */
};

/* Declare the embedded resource path (one statement) with its text
 * parameters as a cursor on conn, which must be inside a transaction,
 * and send it without waiting; it is fetched batch rows at a time
 * (PD_DB_ROWS_BATCH; at least 1), its values in PostgreSQL's binary
 * format when binary (a BINARY cursor: numbers and times as their bytes,
 * neither written as text by the server nor parsed here), else as text.
 * 0, or -1 with *err (nothing in flight). */
int pd_db_rows_send(struct pd_db_rows *r, PGconn *conn, const char *path,
                    int nparams, const char *const *params, int batch,
                    bool binary, struct pd_err *err);

/* Without blocking, hand the rows that have arrived to fn(row, ctx) and
 * send the next FETCH (or the CLOSE) as each batch is complete: 1 when
 * the statement is done, *columns then its last result without rows
 * (the caller's to PQclear(), as single-row mode's final result was); 0
 * while more is to come (wait for the connection's socket, then call
 * again); -1 with *err, after which pd_db_rows_abandon() must read away
 * what is in flight. */
int pd_db_rows_take(struct pd_db_rows *r, pd_db_row_fn *fn, void *ctx,
                    PGresult **columns, struct pd_err *err);

/* After a failure: read away, unseen and blocking, what the connection
 * still has in flight for r, so that it can run something else (the
 * transaction itself may be aborted: the caller ends it). */
void pd_db_rows_abandon(struct pd_db_rows *r);

/* Run the embedded resource path (one statement with parameters) and
 * hand its rows to fn one at a time, blocking until the last (fn is not
 * called with NULL).  On an idle connection the statement runs in a
 * read-only transaction of its own; inside the caller's, in that one.
 * When fn fails the rest is not fetched.  0, or -1 with *err (fn's
 * error, or PD_E_DB). */
int pd_db_stream_resource(PGconn *conn, const char *path, int nparams,
                          const char *const *params, pd_db_row_fn *fn,
                          void *ctx, struct pd_err *err);

#endif
