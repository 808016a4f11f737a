/*
 * requests - the demo's feature requests (issue 17): a Fider posts export
 * (fider/posts.csv, formats.md §3.7) written by the accounts' people.
 *
 * Thirty posts over the 26 weeks: dark mode, bulk edit, Excel export, SSO,
 * scheduled exports, API rate limits and a few more, with votes, comments
 * and Fider's statuses; the posts asking for the two launches
 * (launches.h) are completed on their release day, and "Night theme" is
 * merged into "Dark mode" as a duplicate (original_number).  Fider's
 * created_by is a display name; the file adds a last column, company (the
 * author's account name, as a team adds it from its CRM), which the Fider
 * profile maps to the organization, so the posts reach the accounts and
 * their ARR.  examples/requests.conf groups these posts with the demo's
 * tickets and NPS comments that ask for the same things.  Drawn from a
 * stream of its own: no other file changes because of it.
 *
 * Ownership: nothing is allocated.
 * Errors: none; writing errors are the writer's (sticky).
 * Limits: a fixed table of posts; at least one account.
 */
#ifndef PD_DEMO_REQUESTS_H
#define PD_DEMO_REQUESTS_H

#include <stddef.h>

#include "jobs/demo/model.h"

/* fider/posts.csv. */
extern const struct pd_demo_gen pd_demo_requests_gens[];
extern const size_t pd_demo_requests_ngens;

#endif
