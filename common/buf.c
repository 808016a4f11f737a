#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "xalloc.h"

char pd_buf_empty[1];

void
pd_buf_init(struct pd_buf *b, size_t max)
{
    b->buf = pd_buf_empty;
    b->len = 0;
    b->alloc = 0;
    b->max = max;
}

void
pd_buf_release(struct pd_buf *b)
{
    if (b->alloc)
        free(b->buf);
    pd_buf_init(b, b->max);
}

char *
pd_buf_detach(struct pd_buf *b, size_t *len)
{
    char *s = b->alloc ? b->buf : pd_xstrdup("");

    if (len)
        *len = b->len;
    pd_buf_init(b, b->max);
    return s;
}

void
pd_buf_reset(struct pd_buf *b)
{
    b->len = 0;
    /* Not into the shared pd_buf_empty: readers on worker threads reset
     * empty buffers at the same time (a data race ThreadSanitizer found;
     * git's strbuf_reset had the same one with its slopbuf). */
    if (b->alloc)
        b->buf[0] = '\0';
}

int
pd_buf_grow(struct pd_buf *b, size_t n)
{
    size_t need = b->len + n + 1;
    size_t na;

    if (b->max && b->len + n > b->max)
        return -1;
    if (need <= b->alloc)
        return 0;
    na = b->alloc ? b->alloc : 64;
    while (na < need)
        na = na / 2 * 3 + 16;
    if (!b->alloc) {
        b->buf = pd_xmalloc(na);
        b->buf[0] = '\0';
    } else {
        b->buf = pd_xrealloc(b->buf, na);
    }
    b->alloc = na;
    return 0;
}

int
pd_buf_addstr(struct pd_buf *b, const char *s)
{
    return pd_buf_add(b, s, strlen(s));
}

int
pd_buf_vaddf(struct pd_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return -1;
    if (pd_buf_grow(b, (size_t)n) < 0)
        return -1;
    vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int
pd_buf_addf(struct pd_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = pd_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void
pd_buf_setlen(struct pd_buf *b, size_t len)
{
    if (len > b->len)
        PD_BUG("pd_buf_setlen beyond length");
    if (!b->alloc)
        return;
    b->len = len;
    b->buf[len] = '\0';
}

int
pd_buf_addhtml(struct pd_buf *b, const char *s)
{
    int rc = 0;

    for (; s && *s && rc == 0; s++) {
        switch (*s) {
        case '&':
            rc = pd_buf_addstr(b, "&amp;");
            break;
        case '<':
            rc = pd_buf_addstr(b, "&lt;");
            break;
        case '>':
            rc = pd_buf_addstr(b, "&gt;");
            break;
        case '"':
            rc = pd_buf_addstr(b, "&quot;");
            break;
        default:
            rc = pd_buf_addch(b, *s);
        }
    }
    return rc;
}

void
pd_buf_pg_array_add(struct pd_buf *b, const char *s)
{
    pd_buf_addch(b, b->len ? ',' : '{');
    if (!s) {
        pd_buf_addstr(b, "NULL");
        return;
    }
    pd_buf_addch(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            pd_buf_addch(b, '\\');
        pd_buf_addch(b, *s);
    }
    pd_buf_addch(b, '"');
}

void
pd_buf_pg_array_end(struct pd_buf *b)
{
    if (!b->len)
        pd_buf_addch(b, '{');
    pd_buf_addch(b, '}');
}
