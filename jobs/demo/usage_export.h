/*
 * usage_export - the demo's usage events as each tool exports them:
 * Amplitude (a zip of gzipped JSON lines, one member a day), Mixpanel and
 * Segment (JSON lines), PostHog (CSV) and Pendo (rows pre-aggregated per
 * visitor, feature and day), formats.md §3; and the bench files.
 *
 * Key orders, null members, id shapes (UUIDv4, UUIDv7, "$device:" ids),
 * time formats and CSV quoting follow the vendors; anonymous events carry
 * no e-mail or account.
 *
 * Ownership: nothing kept; the rows functions regenerate the days they
 * need through pd_demo_usage_day().
 * Errors: writing errors are the writer's (sticky) or the archive's.
 * Limits: see usage.h.
 */
#ifndef PD_DEMO_USAGE_EXPORT_H
#define PD_DEMO_USAGE_EXPORT_H

#include <stddef.h>

#include "jobs/demo/model.h"

/* usage/amplitude/export.zip, usage/mixpanel/export.jsonl,
 * usage/segment/track.jsonl, usage/posthog/events.csv,
 * usage/pendo/feature-events.csv, in that order; after
 * pd_demo_usage_plan(). */
extern const struct pd_demo_gen pd_demo_usage_gens[];
extern const size_t pd_demo_usage_ngens;

/* bench/amplitude-bench.zip and bench/mixpanel-bench.jsonl:
 * opts.bench_events events each, after pd_demo_users_make(). */
extern const struct pd_demo_gen pd_demo_usage_bench_gens[];
extern const size_t pd_demo_usage_bench_ngens;

#endif
