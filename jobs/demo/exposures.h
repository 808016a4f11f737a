/*
 * exposures - the demo's two experiments (SPEC §9): who was exposed to
 * which variant, the exposure events in the usage exports, and what each
 * variant changed in the users' events and support tickets.
 *
 * "new-onboarding" (Amplitude Experiment, "$exposure" with flag_key and
 * variant) runs on the web app's new sign-ups: trial users exposed on their
 * first visit, half to "control", half to "treatment".  Treatment users
 * more often create a report within 14 days (24.5 % against 20 %: a real
 * effect, a few thousand users at the default size) and file somewhat more
 * onboarding and login tickets (5 % against 4 %: the support guardrail's
 * story, not significant at the default size).  Three users are exposed to
 * both variants (crossovers).  "pricing-page" (Mixpanel,
 * "$experiment_started" with "Experiment name" and "Variant name") runs on
 * the phone app's users for three weeks from four weeks before the end,
 * "control" against "variant-b", with no effect on "Upgrade Clicked" (8 %
 * in both).
 *
 * Exposed users carry their e-mail (Amplitude user_id and
 * user_properties.email, Mixpanel distinct_id and $email) so tickets and
 * NPS answers join to them.  Everything is drawn from a stream of its own
 * and only adds rows: trial users after the seats, their events merged
 * into the days' events, their tickets after the others.
 *
 * Ownership: pd_demo_exposures_make() allocates d->xev and grows d->users,
 * d->ev and d->tk (the driver frees them).
 * Errors: none.
 * Limits: trial users number 4/3 of opts.events_per_day (4 000 at the
 * default), each with about six events.
 */
#ifndef PD_DEMO_EXPOSURES_H
#define PD_DEMO_EXPOSURES_H

#include <stdint.h>

#include "jobs/demo/model.h"
#include "jobs/demo/usage.h"
#include "jobs/demo/writer.h"

struct pd_demo_experiment {
    const char *flag;        /* the vendor's key: the config's flag */
    const char *variants[2]; /* the control first */
    const char *flag_prop;   /* the exposure event's property names */
    const char *variant_prop;
    uint8_t surface;      /* PD_DEMO_SF_WEB (Amplitude), _MOBILE (Mixpanel) */
    uint8_t event;        /* PD_DEMO_EV_EXPOSURE or PD_DEMO_EV_EXP_STARTED */
    uint16_t start_days;  /* exposures start this many days before the end */
    uint16_t days;        /* and go on for this many days */
    uint16_t window_days; /* the readout's window the effects live in */
};

#define PD_DEMO_NEXPERIMENTS 2
extern const struct pd_demo_experiment
    pd_demo_experiments[PD_DEMO_NEXPERIMENTS];

/* The experiments: trial users, events and tickets.  After
 * pd_demo_tickets_make(), pd_demo_users_make() and pd_demo_usage_plan(). */
void pd_demo_exposures_make(struct pd_demo *d);

/* Add n more events (the launches') to d->xev, after
 * pd_demo_exposures_make(): each day's events then include them, in time
 * order, with the earlier events of equal times first. */
void pd_demo_xev_append(struct pd_demo *d, const struct pd_demo_uev *v,
                        size_t n);

/* The event properties of exposure e (e->exp > 0), as JSON members
 * without braces. */
void pd_demo_exposure_props(struct pd_demo_wr *w, const struct pd_demo_uev *e);

#endif
