/*
 * nps - the demo's NPS survey responses: a truth list of answers from the
 * accounts' contacts, and the Delighted, SurveyMonkey, Typeform and
 * Qualtrics exports of each tool's share (formats.md §2).
 *
 * Scores are NPS +27 until the last four weeks, which lose a few points
 * with a rising billing theme; people of at-risk accounts turn detractors.
 * Delighted is exported twice (cumulative, with later edits), SurveyMonkey
 * runs two four-week campaigns, Typeform has partial answers, Qualtrics
 * three header rows and Denver wall-clock times.  Drawn from their own
 * stream, so the tickets' bytes do not depend on them.
 *
 * The launches (launches.c) add responses that speak of them, written
 * after every other in Typeform's export (pd_demo_nps_add()).
 *
 * Ownership: pd_demo_nps_make() allocates d->nps (the driver frees it).
 * Errors: none; writing errors are the writer's (sticky).
 * Limits: PD_DEMO_MAX_NPS_PER_WEEK responses a week, in memory.
 */
#ifndef PD_DEMO_NPS_H
#define PD_DEMO_NPS_H

#include <stddef.h>
#include <stdint.h>

#include "jobs/demo/model.h"

/* Delighted's two exports, SurveyMonkey, Typeform and Qualtrics (whose
 * file name carries the export's date), in that order. */
extern const struct pd_demo_gen pd_demo_nps_gens[];
extern const size_t pd_demo_nps_ngens;

/* The responses, after pd_demo_accounts_mark(). */
void pd_demo_nps_make(struct pd_demo *d);

/* A response a launch adds: contact `person` of `account` answers `score`
 * with `comment` (static text) at `at`, in Typeform. */
struct pd_demo_nps_req {
    int64_t at; /* UTC µs, inside the window */
    uint32_t account, person;
    uint8_t score;
    const char *comment;
};

/* Append n such responses to the truth list after every other, so that
 * each export keeps its other rows' bytes (Typeform's file gains them as
 * its last rows); ids from r, not NPS's own stream.  After
 * pd_demo_nps_make(). */
void pd_demo_nps_add(struct pd_demo *d, struct pd_demo_rng *r,
                     const struct pd_demo_nps_req *q, size_t n);

#endif
