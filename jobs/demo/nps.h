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
 * Ownership: pd_demo_nps_make() allocates d->nps (the driver frees it).
 * Errors: none; writing errors are the writer's (sticky).
 * Limits: PD_DEMO_MAX_NPS_PER_WEEK responses a week, in memory.
 */
#ifndef PD_DEMO_NPS_H
#define PD_DEMO_NPS_H

#include <stddef.h>

#include "jobs/demo/model.h"

/* Delighted's two exports, SurveyMonkey, Typeform and Qualtrics (whose
 * file name carries the export's date), in that order. */
extern const struct pd_demo_gen pd_demo_nps_gens[];
extern const size_t pd_demo_nps_ngens;

/* The responses, after pd_demo_accounts_mark(). */
void pd_demo_nps_make(struct pd_demo *d);

#endif
