/*
 * svg - small inline SVG line charts of the report's 13-week trends, for
 * the email-safe HTML page (no scripts, no external resources: mail
 * clients block both).
 *
 * Ownership: markup is appended to the caller's buffer.
 * Errors: none; a trend without numbers draws an empty frame.
 * Limits: one polyline per run of weeks with data (a null week breaks the
 * line rather than drawing it as 0).
 */
#ifndef PD_SVG_H
#define PD_SVG_H

#include <yajl/yajl_tree.h>

#include "common/buf.h"

/* Tickets created, NPS and active users, side by side. */
void pd_svg_trends(yajl_val root, struct pd_buf *out);

#endif
