/*
 * email - the weekly report as an email (.eml, SPEC §7): the summary as
 * text and as HTML built from tables and inline styles
 * (pd_summary_weekly_email(), the summary's email writer), the 13-week
 * charts as PNG parts the HTML shows by cid: (Gmail and Outlook drop
 * inline SVG), and the period, report time zone and data-as-of day in the
 * first line of both parts.
 *
 * Ownership: opts are borrowed; the message is appended to the caller's
 * buffer.
 * Errors: -1 with *err and nothing appended: PD_E_USAGE for a header
 * value reports/mime.h refuses; PD_E_INTERNAL when the email would come
 * out empty (never a blank email): a document that names no week, one in
 * which no headline has a value in either week, or a part without its
 * body; PD_E_INTERNAL or PD_E_LIMIT when cairo fails.
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
