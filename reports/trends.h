/*
 * trends - the weekly report's 13-week trends (tickets created, NPS,
 * active users) as chart descriptions read from the report's JSON
 * document, and as the inline SVG of the HTML page.
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

#endif
