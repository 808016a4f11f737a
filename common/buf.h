/*
 * buf - growable NUL-terminated byte buffer with a hard cap (git strbuf).
 *
 * Invariants: b->buf is never NULL and always NUL-terminated; b->len is the
 * content length.  A buffer initialised with max > 0 refuses to grow past
 * max bytes: appends then fail with -1 and leave the content unchanged, so a
 * runaway field stops at a known place instead of eating memory.
 *
 * Ownership: the buffer owns b->buf; pd_buf_release() frees it,
 * pd_buf_detach() hands it to the caller (free() it).
 * Errors: appends return 0, or -1 when the cap would be exceeded.
 * Limits: max == 0 means no cap (use only for bounded content).
 */
#ifndef PD_BUF_H
#define PD_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct pd_buf {
    char *buf;
    size_t len;
    size_t alloc; /* 0 while buf points at the shared empty string */
    size_t max;
};

extern char pd_buf_empty[];
#define PD_BUF_INIT           \
    {                         \
        pd_buf_empty, 0, 0, 0 \
    }

void pd_buf_init(struct pd_buf *b, size_t max);
void pd_buf_release(struct pd_buf *b);
/* Return the heap string (never NULL) and reset b to empty. */
char *pd_buf_detach(struct pd_buf *b, size_t *len);
/* Empty the buffer, keeping its allocation. */
void pd_buf_reset(struct pd_buf *b);
/* Make room for n more bytes; -1 past the cap. */
int pd_buf_grow(struct pd_buf *b, size_t n);

/*
 * Room for n more bytes at b->buf + b->len, or NULL past the cap.  For
 * writers that fill bytes in place (binary COPY rows: ~90 appends of 1-8
 * bytes a ticket, where an out-of-line call per append was a fifth of the
 * row's formatting): write at most n bytes there, then pd_buf_commit().
 * The appends below are built on the same two steps, so every caller
 * shares one grow rule and one NUL rule.
 */
static inline char *
pd_buf_room(struct pd_buf *b, size_t n)
{
    if (b->len + n + 1 > b->alloc || (b->max && b->len + n > b->max))
        if (pd_buf_grow(b, n) < 0)
            return NULL;
    return b->buf + b->len;
}

/* Count n bytes written at pd_buf_room() and terminate the content. */
static inline void
pd_buf_commit(struct pd_buf *b, size_t n)
{
    b->len += n;
    b->buf[b->len] = '\0';
}

static inline int
pd_buf_add(struct pd_buf *b, const void *data, size_t n)
{
    char *p = pd_buf_room(b, n);

    if (!p)
        return -1;
    if (n)
        memcpy(p, data, n);
    pd_buf_commit(b, n);
    return 0;
}

static inline int
pd_buf_addch(struct pd_buf *b, char c)
{
    char *p = pd_buf_room(b, 1);

    if (!p)
        return -1;
    p[0] = c;
    pd_buf_commit(b, 1);
    return 0;
}

int pd_buf_addstr(struct pd_buf *b, const char *s);
/* s as HTML text or attribute value: & < > and " escaped (NULL adds
 * nothing).  One escaper for every page and email the reports write. */
int pd_buf_addhtml(struct pd_buf *b, const char *s);
/* A PostgreSQL text[] literal, for a statement's parameter: add s as its
 * next element (quoted, '"' and '\\' escaped; NULL for s NULL; the first
 * opens the literal in the empty b), then end it ('{}' when nothing was
 * added). */
void pd_buf_pg_array_add(struct pd_buf *b, const char *s);
void pd_buf_pg_array_end(struct pd_buf *b);
int pd_buf_addf(struct pd_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int pd_buf_vaddf(struct pd_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Shorten to len bytes (len <= b->len). */
void pd_buf_setlen(struct pd_buf *b, size_t len);

#endif
