/*
 * summary - the weekly report as text a VP reads in two minutes: headline
 * numbers with the week-over-week change, what moved most and the likely
 * reason (channel shift, top tags and themes), at-risk accounts, and the
 * data-quality line.  Markdown (chat) and plain text (email) say the same
 * thing; both read only the report's JSON document.
 *
 * Ownership: text is appended to the caller's buffer.
 * Errors: none (a missing number shows as a dash).
 * Limits: at most five at-risk accounts and five tags are named.
 */
#ifndef PD_SUMMARY_H
#define PD_SUMMARY_H

#include <stdbool.h>
#include <yajl/yajl_tree.h>

#include "common/buf.h"

void pd_summary_weekly(yajl_val root, bool markdown, struct pd_buf *out);

#endif
