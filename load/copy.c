#include "copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "load/db.h"

enum { FLUSH_AT = 64 * 1024 };

/* Binary COPY (PostgreSQL's "COPY" documentation, "Binary Format"): a
 * signature, flags and a header extension length, then per row a 16-bit
 * field count and per field a 32-bit length (-1: NULL) and the type's
 * send format, all big-endian; a count of -1 ends the data. */
static const char binary_signature[11] = "PGCOPY\n\377\r\n";
enum { TEXT_OID = 25, JSONB_VERSION = 1 };
/* timestamptz counts microseconds from 2000-01-01 00:00 UTC; years 1 to
 * 9999 (what the text format writes) in Unix microseconds. */
static const int64_t PG_EPOCH_US = INT64_C(946684800000000);
static const int32_t PG_EPOCH_DAYS = 10957; /* 2000-01-01 */
static const int64_t YEAR_1_US = INT64_C(-62135596800000000);
static const int64_t YEAR_10000_US = INT64_C(253402300800000000);

/*
 * Binary rows are written in place through pd_buf_room() (common/buf.h):
 * a ticket row is ~90 appends of 1-8 bytes.  The COPY buffers have no
 * cap, so growing cannot fail.
 */
static inline char *
room(struct pd_buf *b, size_t n)
{
    char *p = pd_buf_room(b, n);

    if (!p)
        PD_BUG("uncapped COPY buffer refused to grow");
    return p;
}

static inline void
be32(char *p, uint32_t v)
{
    p[0] = (char)(v >> 24);
    p[1] = (char)(v >> 16);
    p[2] = (char)(v >> 8);
    p[3] = (char)v;
}

static void
put16(struct pd_buf *b, unsigned v)
{
    char *p = room(b, 2);

    p[0] = (char)(v >> 8);
    p[1] = (char)v;
    pd_buf_commit(b, 2);
}

static inline void
put32(struct pd_buf *b, uint32_t v)
{
    char *p = room(b, 4);

    be32(p, v);
    pd_buf_commit(b, 4);
}

static inline void
put64(struct pd_buf *b, uint64_t v)
{
    char *p = room(b, 8);

    be32(p, (uint32_t)(v >> 32));
    be32(p + 4, (uint32_t)v);
    pd_buf_commit(b, 8);
}

static int
begin(struct pd_copy *c, PGconn *conn, const char *sql, bool binary,
      struct pd_err *err)
{
    PGresult *res;

    memset(c, 0, sizeof(*c));
    c->conn = conn;
    c->binary = binary;
    pd_buf_init(&c->buf, 0);
    pd_buf_init(&c->scratch, 0);
    res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        pd_db_fail(err, conn, res, "cannot start COPY");
        PQclear(res);
        pd_buf_release(&c->buf);
        return -1;
    }
    PQclear(res);
    pd_buf_grow(&c->buf, FLUSH_AT + 4096);
    if (binary) {
        pd_buf_add(&c->buf, binary_signature, sizeof(binary_signature));
        put32(&c->buf, 0); /* flags */
        put32(&c->buf, 0); /* header extension */
    }
    return 0;
}

int
pd_copy_begin(struct pd_copy *c, PGconn *conn, const char *sql,
              struct pd_err *err)
{
    return begin(c, conn, sql, false, err);
}

int
pd_copy_begin_binary(struct pd_copy *c, PGconn *conn, const char *sql,
                     struct pd_err *err)
{
    return begin(c, conn, sql, true, err);
}

static void
flush(struct pd_copy *c)
{
    if (c->failed || !c->buf.len)
        return;
    if (PQputCopyData(c->conn, c->buf.buf, (int)c->buf.len) != 1) {
        c->failed = true;
        pd_db_fail(&c->err, c->conn, NULL, "COPY failed");
    }
    pd_buf_reset(&c->buf);
}

/* Before each field: the tab between text fields; the row's field count
 * (written at its end) before a binary row's first. */
static void
sep(struct pd_copy *c)
{
    if (c->binary) {
        if (c->nfields++ == 0) {
            c->row_start = c->buf.len;
            put16(&c->buf, 0);
        }
        return;
    }
    if (c->need_tab)
        pd_buf_addch(&c->buf, '\t');
    c->need_tab = true;
}

/* Bytes of a binary text value known to hold no NUL byte (a C string's). */
static void
binary_str(struct pd_buf *b, const char *s, size_t n)
{
    char *p = room(b, 4 + n);

    be32(p, (uint32_t)n);
    memcpy(p + 4, s, n);
    pd_buf_commit(b, 4 + n);
}

/* Bytes of a binary text value, NUL bytes dropped (text cannot hold
 * them; the text format drops them too). */
static void
binary_bytes(struct pd_buf *b, const char *s, size_t n)
{
    size_t start = b->len;

    if (!memchr(s, '\0', n)) {
        binary_str(b, s, n);
        return;
    }
    put32(b, (uint32_t)n);
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\0')
            pd_buf_addch(b, s[i]);
    n = b->len - start - 4;
    b->buf[start] = (char)(n >> 24);
    b->buf[start + 1] = (char)(n >> 16);
    b->buf[start + 2] = (char)(n >> 8);
    b->buf[start + 3] = (char)n;
}

/* The sticky error of a value the column cannot take. */
static void
value_failed(struct pd_copy *c, const char *msg)
{
    if (c->failed)
        return;
    c->failed = true;
    pd_err_set(&c->err, PD_E_DB, "COPY failed: %s", msg);
}

/* COPY text escaping: backslash, tab, newline and CR are escaped. */
void
pd_copy_escape(struct pd_buf *b, const char *s, size_t n)
{
    size_t start = 0;

    for (size_t i = 0; i < n; i++) {
        char esc;
        switch (s[i]) {
        case '\\':
            esc = '\\';
            break;
        case '\t':
            esc = 't';
            break;
        case '\n':
            esc = 'n';
            break;
        case '\r':
            esc = 'r';
            break;
        case '\0':
            esc = 0;
            break;
        default:
            continue;
        }
        pd_buf_add(b, s + start, i - start);
        if (esc) {
            pd_buf_addch(b, '\\');
            pd_buf_addch(b, esc);
        }
        start = i + 1;
    }
    pd_buf_add(b, s + start, n - start);
}

void
pd_copy_text(struct pd_copy *c, const char *s, size_t n)
{
    if (!s) {
        pd_copy_null(c);
        return;
    }
    sep(c);
    if (c->binary)
        binary_bytes(&c->buf, s, n);
    else
        pd_copy_escape(&c->buf, s, n);
}

void
pd_copy_str(struct pd_copy *c, const char *s)
{
    if (s && c->binary) { /* strlen() found the only NUL: no search */
        sep(c);
        binary_str(&c->buf, s, strlen(s));
        return;
    }
    pd_copy_text(c, s, s ? strlen(s) : 0);
}

void
pd_copy_uuid(struct pd_copy *c, const unsigned char v[16])
{
    static const char hex[] = "0123456789abcdef";
    char text[36];
    size_t n = 0;

    sep(c);
    if (c->binary) {
        put32(&c->buf, 16);
        pd_buf_add(&c->buf, v, 16);
        return;
    }
    for (size_t i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            text[n++] = '-';
        text[n++] = hex[v[i] >> 4];
        text[n++] = hex[v[i] & 15];
    }
    pd_buf_add(&c->buf, text, n);
}

void
pd_copy_null(struct pd_copy *c)
{
    sep(c);
    if (c->binary)
        put32(&c->buf, UINT32_MAX); /* -1 */
    else
        pd_buf_add(&c->buf, "\\N", 2);
}

void
pd_copy_int64(struct pd_copy *c, int64_t v)
{
    char tmp[24];
    int n;

    sep(c);
    if (c->binary) {
        put32(&c->buf, 8);
        put64(&c->buf, (uint64_t)v);
        return;
    }
    n = snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
    pd_buf_add(&c->buf, tmp, (size_t)n);
}

/* A binary integer of width bytes (2 or 4); out of the column type's
 * range, the COPY fails as the server would fail the text value. */
static void
binary_int(struct pd_copy *c, int64_t v, unsigned width, const char *type)
{
    int64_t max = width == 2 ? INT16_MAX : INT32_MAX;

    if (!c->binary) {
        pd_copy_int64(c, v);
        return;
    }
    if (v < -max - 1 || v > max) {
        char msg[64];
        snprintf(msg, sizeof(msg), "value out of range for type %s", type);
        value_failed(c, msg);
        return;
    }
    sep(c);
    put32(&c->buf, width);
    if (width == 2)
        put16(&c->buf, (unsigned)(uint16_t)v);
    else
        put32(&c->buf, (uint32_t)v);
}

void
pd_copy_int32(struct pd_copy *c, int64_t v)
{
    binary_int(c, v, 4, "integer");
}

void
pd_copy_int16(struct pd_copy *c, int64_t v)
{
    binary_int(c, v, 2, "smallint");
}

void
pd_copy_bool(struct pd_copy *c, bool v)
{
    sep(c);
    if (c->binary) {
        put32(&c->buf, 1);
        pd_buf_addch(&c->buf, v ? 1 : 0);
    } else {
        pd_buf_addch(&c->buf, v ? 't' : 'f');
    }
}

static void
digits(char *p, unsigned v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void
pd_copy_date(struct pd_copy *c, int32_t days)
{
    char t[40];
    int64_t us = (int64_t)days * INT64_C(86400000000);

    if (us < YEAR_1_US || us >= YEAR_10000_US) {
        pd_copy_null(c);
        return;
    }
    if (c->binary) {
        sep(c);
        put32(&c->buf, 4);
        put32(&c->buf, (uint32_t)(days - PG_EPOCH_DAYS));
        return;
    }
    pd_time_format_iso(us, t, sizeof(t));
    pd_copy_text(c, t, 10); /* the date part of the ISO instant */
}

void
pd_copy_time(struct pd_copy *c, int64_t utc_us)
{
    struct pd_tm tm;
    char t[40];

    if (c->binary) {
        if (utc_us < YEAR_1_US || utc_us >= YEAR_10000_US) {
            pd_copy_null(c);
            return;
        }
        sep(c);
        put32(&c->buf, 8);
        put64(&c->buf, (uint64_t)(utc_us - PG_EPOCH_US));
        return;
    }
    /* Formatted by hand: snprintf per timestamp costs more than the parse. */
    pd_time_split(utc_us, &tm);
    sep(c);
    if (tm.year < 1 || tm.year > 9999) {
        pd_buf_add(&c->buf, "\\N", 2);
        return;
    }
    digits(t, (unsigned)tm.year, 4);
    t[4] = '-';
    digits(t + 5, tm.month, 2);
    t[7] = '-';
    digits(t + 8, tm.day, 2);
    t[10] = ' ';
    digits(t + 11, tm.hour, 2);
    t[13] = ':';
    digits(t + 14, tm.minute, 2);
    t[16] = ':';
    digits(t + 17, tm.second, 2);
    t[19] = '.';
    digits(t + 20, tm.usec, 6);
    memcpy(t + 26, "+00", 3);
    pd_buf_add(&c->buf, t, 29);
}

/* Array elements are double-quoted with " and \ backslash-escaped; COPY's
 * own escaping then doubles those backslashes. */
/* Binary array_send: dimensions, a has-nulls flag, the element type,
 * then per dimension its length and lower bound, then the elements. */
/* Written in place, its length filled in after: no second copy. */
static void
binary_text_array(struct pd_copy *c, const char *const *v, size_t n)
{
    struct pd_buf *b = &c->buf;
    size_t at;

    sep(c);
    at = b->len;
    put32(b, 0); /* the value's length, below */
    put32(b, n ? 1 : 0);
    put32(b, 0);
    put32(b, TEXT_OID);
    if (n) {
        put32(b, (uint32_t)n);
        put32(b, 1);
    }
    for (size_t i = 0; i < n; i++)
        binary_str(b, v[i], strlen(v[i]));
    be32(b->buf + at, (uint32_t)(b->len - at - 4));
}

void
pd_copy_text_array(struct pd_copy *c, const char *const *v, size_t n)
{
    struct pd_buf lit = PD_BUF_INIT;

    if (c->binary) {
        binary_text_array(c, v, n);
        return;
    }

    pd_buf_addch(&lit, '{');
    for (size_t i = 0; i < n; i++) {
        if (i)
            pd_buf_addch(&lit, ',');
        pd_buf_addch(&lit, '"');
        for (const char *p = v[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                pd_buf_addch(&lit, '\\');
            pd_buf_addch(&lit, *p);
        }
        pd_buf_addch(&lit, '"');
    }
    pd_buf_addch(&lit, '}');
    pd_copy_text(c, lit.buf, lit.len);
    pd_buf_release(&lit);
}

/* Runs of bytes that need no escape are appended whole. */
static void
json_string(struct pd_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;

    pd_buf_addch(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
        pd_buf_add(b, s + run, i - run);
        run = i + 1;
        if (ch == '"' || ch == '\\') {
            pd_buf_addch(b, '\\');
            pd_buf_addch(b, (char)ch);
        } else if (ch == '\n') {
            pd_buf_add(b, "\\n", 2);
        } else if (ch == '\t') {
            pd_buf_add(b, "\\t", 2);
        } else if (ch == '\r') {
            pd_buf_add(b, "\\r", 2);
        } else if (ch == 0) {
            continue; /* jsonb cannot hold \u0000 */
        } else {
            char u[6] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15]};
            pd_buf_add(b, u, 6);
        }
    }
    pd_buf_add(b, s + run, n - run);
    pd_buf_addch(b, '"');
}

void
pd_copy_json_append(struct pd_buf *j, const struct pd_extra *kv, size_t n)
{
    pd_buf_addch(j, '{');
    for (size_t i = 0; i < n; i++) {
        if (i)
            pd_buf_addch(j, ',');
        json_string(j, kv[i].key, strlen(kv[i].key));
        pd_buf_addch(j, ':');
        json_string(j, kv[i].value, kv[i].value_len);
    }
    pd_buf_addch(j, '}');
}

/* jsonb_send: a version byte, then the JSON text. */
void
pd_copy_json_object(struct pd_copy *c, const struct pd_extra *kv, size_t n)
{
    struct pd_buf *j = &c->scratch;
    size_t at;

    if (!c->binary) {
        pd_buf_reset(j);
        pd_copy_json_append(j, kv, n);
        pd_copy_text(c, j->buf, j->len);
        return;
    }
    /* In place, the length filled in after, as for arrays. */
    sep(c);
    at = c->buf.len;
    put32(&c->buf, 0);
    pd_buf_addch(&c->buf, JSONB_VERSION);
    pd_copy_json_append(&c->buf, kv, n);
    be32(c->buf.buf + at, (uint32_t)(c->buf.len - at - 4));
}

void
pd_copy_raw(struct pd_copy *c, const char *s, size_t n)
{
    pd_buf_add(&c->buf, s, n);
    if (c->buf.len >= FLUSH_AT)
        flush(c);
}

void
pd_copy_row_end(struct pd_copy *c)
{
    if (c->binary) {
        c->buf.buf[c->row_start] = (char)(c->nfields >> 8);
        c->buf.buf[c->row_start + 1] = (char)c->nfields;
        c->nfields = 0;
    } else {
        pd_buf_addch(&c->buf, '\n');
    }
    c->need_tab = false;
    c->rows++;
    if (c->buf.len >= FLUSH_AT)
        flush(c);
}

static int
finish(struct pd_copy *c, const char *errmsg, struct pd_err *err)
{
    PGresult *res;
    int rc = 0;

    if (PQputCopyEnd(c->conn, errmsg) != 1 && !c->failed) {
        c->failed = true;
        pd_db_fail(&c->err, c->conn, NULL, "COPY failed");
    }
    while ((res = PQgetResult(c->conn)) != NULL) {
        if (PQresultStatus(res) == PGRES_COMMAND_OK)
            c->server_rows = strtoll(PQcmdTuples(res), NULL, 10);
        if (PQresultStatus(res) != PGRES_COMMAND_OK && !c->failed && !errmsg) {
            c->failed = true;
            pd_db_fail(&c->err, c->conn, res, "COPY failed");
        }
        PQclear(res);
    }
    if (c->failed) {
        if (err)
            *err = c->err;
        rc = -1;
    }
    pd_buf_release(&c->buf);
    pd_buf_release(&c->scratch);
    return rc;
}

int
pd_copy_end(struct pd_copy *c, struct pd_err *err)
{
    if (c->binary)
        put16(&c->buf, 0xffff); /* the trailer: a field count of -1 */
    flush(c);
    return finish(c, NULL, err);
}

void
pd_copy_abort(struct pd_copy *c, const char *why)
{
    finish(c, why ? why : "aborted", NULL);
}
