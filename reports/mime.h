/*
 * mime - an email message as an RFC 5322 / MIME file (.eml), ready for
 * `sendmail -t`: a text and an HTML alternative plus inline images that
 * the HTML references by cid:.
 *
 * Layout: multipart/related { multipart/alternative { text/plain,
 * text/html }, image parts }.  Text parts are UTF-8 in quoted-printable,
 * images base64 in 76-character lines; every line ends in CRLF.  A
 * non-ASCII Subject is written as RFC 2047 encoded words.
 *
 * Ownership: the message borrows everything; output is appended to the
 * caller's buffer.
 * Errors: pd_mime_write() returns -1 with *err (PD_E_USAGE) when a header
 * value holds CR, LF or another control character (header injection), or
 * when from, an address or a cid is missing or not ASCII.
 * Limits: addresses are ASCII (no encoded display names); at most 16 image
 * parts.
 */
#ifndef PD_MIME_H
#define PD_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"

enum { PD_MIME_MAX_PARTS = 16 };

struct pd_mime_part {
    const char *type;     /* "image/png" */
    const char *cid;      /* "trend-1@prodops", referenced as cid:trend-1@... */
    const char *filename; /* "tickets.png" */
    const void *data;
    size_t len;
};

struct pd_mime_msg {
    const char *from;    /* "Reports <reports@example.com>" */
    const char *to;      /* NULL: no To: header (the deliverer adds one) */
    const char *subject; /* UTF-8 */
    int64_t date;        /* UTC microseconds */
    const char *text;    /* UTF-8, LF line ends */
    const char *html;
    const struct pd_mime_part *parts;
    size_t nparts;
};

/* True when v may be a header value: no CR, LF or other control byte. */
bool pd_mime_header_safe(const char *v);

/* data as base64, 76 characters a line, each line ending in CRLF. */
void pd_mime_base64(const void *data, size_t n, struct pd_buf *out);

/* UTF-8 text (LF or CRLF line ends) as quoted-printable with CRLF line
 * ends and lines of at most 76 characters; a line's leading "." and
 * trailing white space are encoded, so no MTA mistakes or strips them. */
void pd_mime_qp(const char *s, struct pd_buf *out);

/* "Name: value" CRLF, folded before 78 characters; a value with non-ASCII
 * bytes becomes RFC 2047 UTF-8 B encoded words (never split inside a
 * character).  The caller has checked pd_mime_header_safe(). */
void pd_mime_header(const char *name, const char *value, struct pd_buf *out);

/* The whole message. */
int pd_mime_write(const struct pd_mime_msg *m, struct pd_buf *out,
                  struct pd_err *err);

#endif
