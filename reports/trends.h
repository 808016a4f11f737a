/*
 * trends - the weekly report's 13-week trends (tickets created, NPS,
 * active users) and the OKR review's trajectories as chart descriptions
 * read from the report's JSON document, and as the inline SVG of the HTML
 * page or the <img> of the email's PNG parts.
 *
 * Each chart gets a baseline band: the middle half (25th to 75th
 * percentile) of the weeks before the last, so the reader sees at a glance
 * whether this week is unusual.
 *
 * Ownership: the charts borrow strings from the document (valid while it
 * is); markup is appended to the caller's buffer.
 * Errors: pd_trends_html() cannot fail: a chart cairo cannot draw becomes
 * a line of text saying so.
 * Limits: PD_TRENDS_N charts of at most PD_CHART_MAX_POINTS weeks.
 */
#ifndef PD_TRENDS_H
#define PD_TRENDS_H

#include <stddef.h>

#include "common/buf.h"
#include "reports/chart.h"

struct pd_doc; /* reports/doc.h */

enum { PD_TRENDS_N = 3 };

/* Fill charts[0..PD_TRENDS_N) from root's tickets, nps and usage trends. */
void pd_trends_weekly(const struct pd_doc *doc,
                      struct pd_chart charts[PD_TRENDS_N]);

/* The "Last 13 weeks" heading and the charts, one per table row (so a
 * 400 px screen shows each whole), as inline SVG scaled to the width. */
void pd_trends_html(const struct pd_doc *doc, struct pd_buf *out);

/* The Content-ID of the k-th chart's PNG part (k from 0), without the
 * angle brackets: "trend-1@prodops".  Truncated to n. */
void pd_trends_cid(size_t k, char *buf, size_t n);

/* As pd_trends_html() for an email: each chart an <img> of the PNG part
 * pd_trends_cid(k) names, with width and height attributes (Gmail and
 * Outlook drop inline SVG; Outlook sizes images by their attributes). */
void pd_trends_email(const struct pd_doc *doc, struct pd_buf *out);

/* The OKR review's trajectories (reports/okr.h's document): a "Trajectory"
 * heading and one chart per key result, titled with its name and the
 * catalogue's label of its metric (never the id), its weekly values in
 * the catalogue's units and its target as a line; inline SVG as
 * pd_trends_html().  Nothing without key results. */
void pd_trends_okr_html(const struct pd_doc *doc, struct pd_buf *out);

#endif
