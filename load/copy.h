/*
 * copy - stream rows into PostgreSQL with COPY ... FROM STDIN, text or
 * binary format, 64 KiB at a time, so that parsing here and inserting
 * there overlap on two cores (LIMITS.md).
 *
 * A writer with a sticky error (STYLE rule 13): after the first failure
 * every call is a no-op and pd_copy_end() reports it.  The same field
 * calls write either format, chosen at begin: text values are escaped for
 * COPY's text format; binary values are PostgreSQL's send formats, so each
 * call must match its column's type (int32 for integer, int64 for bigint,
 * time for timestamptz, ...).  NUL bytes (which PostgreSQL text cannot
 * hold) are dropped in both.
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
    struct pd_buf scratch; /* an array or jsonb value being built */
    bool binary;
    bool need_tab;    /* a field was written on this row */
    size_t row_start; /* binary: where the row's field count goes */
    unsigned nfields; /* binary: fields written on this row */
    bool failed;
    struct pd_err err;
    uint64_t rows;       /* rows sent */
    int64_t server_rows; /* rows the server reports, after pd_copy_end */
};

int pd_copy_begin(struct pd_copy *c, PGconn *conn, const char *sql,
                  struct pd_err *err);
/* The same for a COPY ... WITH (FORMAT binary): about 1.5-1.9 times the
 * rows per second of text (LIMITS.md), since the server parses nothing. */
int pd_copy_begin_binary(struct pd_copy *c, PGconn *conn, const char *sql,
                         struct pd_err *err);

/* Fields of the current row, in column order.  NULL text writes \N. */
void pd_copy_text(struct pd_copy *c, const char *s, size_t n);
void pd_copy_str(struct pd_copy *c, const char *s);
void pd_copy_null(struct pd_copy *c);
void pd_copy_int64(struct pd_copy *c, int64_t v);
/* An integer column: in binary, a value outside int32 fails the COPY, as
 * the server does for text. */
void pd_copy_int32(struct pd_copy *c, int64_t v);
/* A smallint column, likewise. */
void pd_copy_int16(struct pd_copy *c, int64_t v);
void pd_copy_bool(struct pd_copy *c, bool v);
/* A uuid column from its 16 bytes. */
void pd_copy_uuid(struct pd_copy *c, const unsigned char v[16]);
/* A date column from days since 1970-01-01; NULL outside years 1-9999. */
void pd_copy_date(struct pd_copy *c, int32_t days);
/* UTC microseconds as timestamptz; NULL outside years 1-9999. */
void pd_copy_time(struct pd_copy *c, int64_t utc_us);
/* A text[] literal; elements are quoted. */
void pd_copy_text_array(struct pd_copy *c, const char *const *v, size_t n);
/* A jsonb object of string values. */
void pd_copy_json_object(struct pd_copy *c, const struct pd_extra *kv,
                         size_t n);
/* Append the same object's JSON text to b (for rows spooled to a
 * temporary file and sent by a later text COPY); b must have no cap. */
void pd_copy_json_append(struct pd_buf *b, const struct pd_extra *kv, size_t n);
/* Finish the row; flushes when the buffer passes 64 KiB. */
void pd_copy_row_end(struct pd_copy *c);

/* Append s escaped for COPY's text format to b (for rows spooled to a
 * temporary file and sent by a later text COPY). */
void pd_copy_escape(struct pd_buf *b, const char *s, size_t n);

/* Send bytes that are already COPY text rows (text format only). */
void pd_copy_raw(struct pd_copy *c, const char *s, size_t n);

/* Send the rest and end the COPY; -1 with the server's error. */
int pd_copy_end(struct pd_copy *c, struct pd_err *err);
/* End the COPY with an error so the server discards it. */
void pd_copy_abort(struct pd_copy *c, const char *why);

#endif
