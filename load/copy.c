#include "copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "load/db.h"

enum { FLUSH_AT = 64 * 1024 };

int
pd_copy_begin(struct pd_copy *c, PGconn *conn, const char *sql,
              struct pd_err *err)
{
    PGresult *res;

    memset(c, 0, sizeof(*c));
    c->conn = conn;
    pd_buf_init(&c->buf, 0);
    res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        pd_db_fail(err, conn, res, "cannot start COPY");
        PQclear(res);
        pd_buf_release(&c->buf);
        return -1;
    }
    PQclear(res);
    pd_buf_grow(&c->buf, FLUSH_AT + 4096);
    return 0;
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

static void
sep(struct pd_copy *c)
{
    if (c->need_tab)
        pd_buf_addch(&c->buf, '\t');
    c->need_tab = true;
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
    sep(c);
    if (!s) {
        pd_buf_add(&c->buf, "\\N", 2);
        return;
    }
    pd_copy_escape(&c->buf, s, n);
}

void
pd_copy_str(struct pd_copy *c, const char *s)
{
    pd_copy_text(c, s, s ? strlen(s) : 0);
}

void
pd_copy_null(struct pd_copy *c)
{
    sep(c);
    pd_buf_add(&c->buf, "\\N", 2);
}

void
pd_copy_int64(struct pd_copy *c, int64_t v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof(tmp), "%lld", (long long)v);

    sep(c);
    pd_buf_add(&c->buf, tmp, (size_t)n);
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
pd_copy_time(struct pd_copy *c, int64_t utc_us)
{
    struct pd_tm tm;
    char t[40];

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
void
pd_copy_text_array(struct pd_copy *c, const char *const *v, size_t n)
{
    struct pd_buf lit = PD_BUF_INIT;

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

static void
json_string(struct pd_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";

    pd_buf_addch(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
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
        } else if (ch < 0x20) {
            char u[6] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15]};
            pd_buf_add(b, u, 6);
        } else {
            pd_buf_addch(b, (char)ch);
        }
    }
    pd_buf_addch(b, '"');
}

void
pd_copy_json_object(struct pd_copy *c, const struct pd_extra *kv, size_t n)
{
    struct pd_buf j = PD_BUF_INIT;

    pd_buf_addch(&j, '{');
    for (size_t i = 0; i < n; i++) {
        if (i)
            pd_buf_addch(&j, ',');
        json_string(&j, kv[i].key, strlen(kv[i].key));
        pd_buf_addch(&j, ':');
        json_string(&j, kv[i].value, kv[i].value_len);
    }
    pd_buf_addch(&j, '}');
    pd_copy_text(c, j.buf, j.len);
    pd_buf_release(&j);
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
    pd_buf_addch(&c->buf, '\n');
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
    return rc;
}

int
pd_copy_end(struct pd_copy *c, struct pd_err *err)
{
    flush(c);
    return finish(c, NULL, err);
}

void
pd_copy_abort(struct pd_copy *c, const char *why)
{
    finish(c, why ? why : "aborted", NULL);
}
