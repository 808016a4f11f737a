/*
 * launches - the demo's two launches (issue 17): the releases list
 * (releases/releases.csv, prodops' own releases profile), the launches'
 * usage events in the PostHog export, and the tickets about them.
 *
 * "Bulk edit" (Core App, "Bulk Edit Applied") is released on the Tuesday
 * eight weeks before the end, "Integrations hub" (Integrations,
 * "Integration Installed") on the Tuesday three weeks before it.  From the
 * release day the accounts adopt it one by one (a few accounts try a beta
 * in the days before), so the share of active accounts using it rises
 * week by week; some of each adopting account's people use it on about
 * one working day in three.  In the four weeks before a release
 * customers ask for it in tickets (tagged feature_request, so they are
 * also the feature-request roll-up's); after it a few report its first
 * bugs: tickets about it fall.  NPS comments speak of it too: people ask
 * for it in the four weeks before (feature requests, so the roll-up's),
 * and people of accounts that adopted it praise or fault it after they
 * did.  Everything is drawn from streams of its own and only adds rows:
 * events merged into the days' (in the Analytics add-on, PostHog's
 * surface), tickets after every other, NPS responses as Typeform's last
 * rows.
 *
 * Ownership: pd_demo_launches_make() grows d->xev, d->tk and d->nps (the
 * driver frees them).
 * Errors: none.
 * Limits: a few events per adopting user and working day; 25 tickets in
 * the default demo, in proportion to opts.tickets (none under ~540); 23
 * NPS responses in it, in proportion to opts.nps_per_week.
 */
#ifndef PD_DEMO_LAUNCHES_H
#define PD_DEMO_LAUNCHES_H

#include <stddef.h>
#include <stdint.h>

#include "jobs/demo/model.h"

struct pd_demo_launch {
    const char *name, *area, *link, *pattern;
    uint8_t event;            /* usage.h's PD_DEMO_EV_* */
    uint16_t days_before_end; /* the release day: the end minus this */
    uint16_t adopt_pm;        /* accounts that ever adopt it, per mille */
    uint16_t mean_days;       /* mean days from release to an account's
                                 first use */
    uint16_t asks, bugs;      /* tickets in the 4 weeks before, after, in
                                 the default demo's 13 000 (scaled) */
    const char *ask_subjects[3], *bug_subjects[2];
    uint16_t nps_asks, nps_after; /* NPS comments in the 4 weeks before (of
                                     any account), after (of adopters), in
                                     the default 150 a week (scaled) */
    const char *nps_ask_texts[3], *nps_after_texts[3];
};

#define PD_DEMO_NLAUNCHES 2
extern const struct pd_demo_launch pd_demo_launches[PD_DEMO_NLAUNCHES];

/* releases/releases.csv. */
extern const struct pd_demo_gen pd_demo_launches_gens[];
extern const size_t pd_demo_launches_ngens;

/* The launches' usage events, tickets and NPS responses.  After
 * pd_demo_exposures_make() and pd_demo_nps_make(); returns the NPS
 * responses added. */
size_t pd_demo_launches_make(struct pd_demo *d);

/* The release day of launch i, UTC µs at 00:00. */
int64_t pd_demo_launch_day(const struct pd_demo *d, size_t i);

#endif
