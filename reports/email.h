/*
 * email - the weekly report as an email (.eml, SPEC §7): the summary as
 * text and as HTML built from tables and inline styles, the 13-week charts
 * as PNG parts the HTML shows by cid: (Gmail and Outlook drop inline SVG),
 * and the period, report time zone and data-as-of day in the first line.
 *
 * Ownership: opts are borrowed; the message is appended to the caller's
 * buffer.
 * Errors: -1 with *err: PD_E_USAGE for a header value reports/mime.h
 * refuses, PD_E_INTERNAL when a part renders empty (never a blank email)
 * or cairo fails.
 * Limits: as reports/mime.h (ASCII addresses).
 */
#ifndef PD_EMAIL_H
#define PD_EMAIL_H

#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"

struct pd_doc; /* reports/doc.h */

struct pd_email_opts {
    const char *from;    /* NULL: "prodops <prodops@localhost>" */
    const char *to;      /* NULL: no To: header */
    const char *subject; /* NULL: "Weekly report"; the week is appended */
};

/* now: the Date header's time (UTC µs). */
int pd_email_weekly(const struct pd_doc *doc, const struct pd_email_opts *opts,
                    int64_t now, struct pd_buf *out, struct pd_err *err);

#endif
