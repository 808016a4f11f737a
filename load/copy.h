/*
 * copy - stream rows into PostgreSQL with COPY ... FROM STDIN (text
 * format), 64 KiB at a time, so that parsing here and inserting there
 * overlap on two cores (LIMITS.md).
 *
 * A writer with a sticky error (STYLE rule 13): after the first failure
 * every call is a no-op and pd_copy_end() reports it.  Values are escaped
 * for COPY's text format; NUL bytes (which PostgreSQL text cannot hold) are
 * dropped.
 *
 * Ownership: the caller owns struct pd_copy and the connection it borrows;
 * pd_copy_end() (or pd_copy_abort()) must be called once after a
 * successful pd_copy_begin().
 * Errors: -1 with *err (PD_E_DB) from begin/end, the server's reason first.
 * Limits: memory is one 64 KiB buffer plus the longest row.
 */
#ifndef PD_COPY_H
#define PD_COPY_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "transform/model.h"

struct pd_copy {
    PGconn *conn;
    struct pd_buf buf;
    bool need_tab; /* a field was written on this row */
    bool failed;
    struct pd_err err;
    uint64_t rows;       /* rows sent */
    int64_t server_rows; /* rows the server reports, after pd_copy_end */
};

int pd_copy_begin(struct pd_copy *c, PGconn *conn, const char *sql,
                  struct pd_err *err);

/* Fields of the current row, in column order.  NULL text writes \N. */
void pd_copy_text(struct pd_copy *c, const char *s, size_t n);
void pd_copy_str(struct pd_copy *c, const char *s);
void pd_copy_null(struct pd_copy *c);
void pd_copy_int64(struct pd_copy *c, int64_t v);
/* UTC microseconds as timestamptz. */
void pd_copy_time(struct pd_copy *c, int64_t utc_us);
/* A text[] literal; elements are quoted. */
void pd_copy_text_array(struct pd_copy *c, const char *const *v, size_t n);
/* A jsonb object of string values. */
void pd_copy_json_object(struct pd_copy *c, const struct pd_extra *kv,
                         size_t n);
/* Finish the row; flushes when the buffer passes 64 KiB. */
void pd_copy_row_end(struct pd_copy *c);

/* Append s escaped for COPY's text format to b (for rows spooled to a
 * temporary file and sent by a later COPY). */
void pd_copy_escape(struct pd_buf *b, const char *s, size_t n);

/* Send bytes that are already COPY text rows. */
void pd_copy_raw(struct pd_copy *c, const char *s, size_t n);

/* Send the rest and end the COPY; -1 with the server's error. */
int pd_copy_end(struct pd_copy *c, struct pd_err *err);
/* End the COPY with an error so the server discards it. */
void pd_copy_abort(struct pd_copy *c, const char *why);

#endif
