/*
 * summary - the weekly report as text a VP reads in two minutes: headline
 * numbers with the week-over-week change, what moved most and the likely
 * reason (channel shift, top tags and themes), at-risk accounts, and the
 * data-quality line.  Markdown (chat), plain text, the HTML page and the
 * email's HTML (tables and inline styles only) say the same thing; all
 * read only the report's JSON document.  A list cut short says so (SPEC
 * §7: "5 of 1,302 rows", pd_kpi_cut_notice()).
 *
 * Ownership: text is appended to the caller's buffer.
 * Errors: none (a missing number shows as a dash).
 * Limits: at most five at-risk accounts, three usage falls and five tags
 * are named.
 */
#ifndef PD_SUMMARY_H
#define PD_SUMMARY_H

#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"

struct pd_doc; /* reports/doc.h */

enum pd_summary_style {
    PD_SUMMARY_MARKDOWN,
    PD_SUMMARY_TEXT,
    PD_SUMMARY_HTML, /* a fragment; pd_summary_weekly_html() is the page */
    /* HTML for mail clients (SPEC §7): tables and inline styles only,
     * charts as <img src="cid:..."> (pd_trends_cid()); a fragment,
     * pd_summary_weekly_email() is the page. */
    PD_SUMMARY_EMAIL
};

void pd_summary_weekly(const struct pd_doc *doc, enum pd_summary_style st,
                       struct pd_buf *out);

/* The email-safe page: inline styles only, no scripts, no external
 * resources, the 13-week trends as inline SVG. */
void pd_summary_weekly_html(const struct pd_doc *doc, struct pd_buf *out);

/* The weekly email's HTML part: the page laid out with tables (no
 * <style>, no classes, no flex or grid, no SVG), SPEC §7's first line
 * (pd_summary_weekly_lead()) first, the 13-week charts as PNG parts by
 * cid: that the caller attaches (reports/email.h). */
void pd_summary_weekly_email(const struct pd_doc *doc, struct pd_buf *out);

/* The first line of the weekly email and PDF (SPEC §7): the week, its
 * days, the report time zone and the data-as-of day of each family
 * ("Week 2026-W46, 2026-11-09 to 2026-11-15, report time zone UTC; data
 * as of 2026-11-15."). */
void pd_summary_weekly_lead(const struct pd_doc *doc, struct pd_buf *out);

/* The one-page PDF for people who forward a PDF: the lead line, the
 * headline table, the 13-week charts and the main findings.  0, or -1
 * with *err when cairo fails (reports/chart.h). */
int pd_summary_weekly_pdf(const struct pd_doc *doc, struct pd_buf *out,
                          struct pd_err *err);

/* The quarterly OKR review (reports/okr.h's document): the key results
 * with actual, target, progress and status (the HTML adds a trajectory
 * chart per key result, pd_trends_okr_html()), which moved and which are at
 * risk, what the themes and segments say, the quarter-over-quarter
 * headlines and the at-risk accounts. */
void pd_summary_okr(const struct pd_doc *doc, enum pd_summary_style st,
                    struct pd_buf *out);
void pd_summary_okr_html(const struct pd_doc *doc, struct pd_buf *out);

/* SPEC §6 "As of" of an OKR review, for its titles: "data through
 * 2026-11-29" when the three families agree, else "data through tickets
 * 2026-11-29, NPS 2026-11-28, usage 2026-11-20" ("none" for a family
 * without data), "no data yet" when none has any.  Truncated to n. */
void pd_summary_data_through(const struct pd_doc *doc, char *buf, size_t n);

#endif
