/*
 * tickets - the demo's support tickets: a truth list of tickets with
 * their whole lifecycle, and the Zendesk, Freshdesk and HubSpot exports
 * that show it at a snapshot (formats.md §1).
 *
 * Each ticket has a requester (an account's contact or someone outside
 * the accounts), a topic, a vendor and a lifecycle: created, first reply,
 * solved, maybe reopened and solved again, auto-closed four days later,
 * CSAT offered and answered.  An export is a view of that truth at its
 * snapshot: what had happened by then decides status, Updated at, Solved
 * at and the rest, so the two overlapping Zendesk exports disagree exactly
 * as real re-exports do (SPEC §4).
 *
 * Ownership: pd_demo_tickets_make() allocates d->tk (the driver frees it).
 * Errors: none; writing errors are the writer's (sticky).
 * Limits: PD_DEMO_MAX_TICKETS tickets in memory, ~100 bytes each; bench
 * mode streams any number.
 */
#ifndef PD_DEMO_TICKETS_H
#define PD_DEMO_TICKETS_H

#include <stddef.h>
#include <stdint.h>

#include "jobs/demo/model.h"
#include "jobs/demo/rng.h"

/* zendesk/export-1.csv, zendesk/export-2.csv, freshdesk/tickets.csv,
 * hubspot/tickets.csv, in that order. */
extern const struct pd_demo_gen pd_demo_tickets_gens[];
extern const size_t pd_demo_tickets_ngens;

/* bench/zendesk-bench.csv: opts.bench_tickets rows, streamed. */
extern const struct pd_demo_gen pd_demo_tickets_bench_gen;

/* The truth list, from d->rng, after pd_demo_accounts_make(). */
void pd_demo_tickets_make(struct pd_demo *d);

/* A ticket an experiment's trial user files: person is their number
 * (pd_demo_trial_person()), area a topic's product area ("Onboarding",
 * "Login & Access", ...).  With subject set (one of the topics' subjects,
 * exactly), it is the launches' (launches.c): contact `person` of
 * `account` files that subject, and area is not read. */
struct pd_demo_ticket_req {
    int64_t created; /* UTC µs, inside the window */
    uint32_t person;
    const char *area;
    uint32_t account;    /* with subject only */
    const char *subject; /* NULL: a trial user's ticket */
};

/* Append n such tickets to the truth list, drawn from r (not d->rng, so
 * the other tickets keep their bytes), with ids after each vendor's last.
 * After pd_demo_tickets_make(). */
void pd_demo_tickets_add(struct pd_demo *d, struct pd_demo_rng *r,
                         const struct pd_demo_ticket_req *q, size_t n);

#endif
