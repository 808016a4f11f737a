/*
 * usage - the demo's product usage: the users (every account's seats),
 * the event types of each product surface, and one day of events at a
 * time.  usage_export.c writes them in each tool's format.
 *
 * The product's surfaces and the tool that records each (formats.md §3):
 * the web app in Amplitude, the phone app in Mixpanel, the four-week beta
 * of the new web UI through Segment, the Analytics add-on in PostHog and
 * the admin console's tagged features in Pendo.  A session stays on one
 * surface, so no event is in two exports.  Each day is drawn from a
 * stream seeded by (seed, day), so every file regenerates exactly the same
 * day instead of holding half a million events (a day costs ~0.2 ms).
 *
 * Ownership: pd_demo_users_make() allocates d->users and d->ucum,
 * pd_demo_usage_plan() d->ev (the driver frees them).  Events live in d->ev
 * until the next pd_demo_usage_day() call.
 * Errors: none.
 * Limits: PD_DEMO_MAX_EVENTS_PER_DAY events a day in memory; bench events
 * use fixed memory for any count.
 */
#ifndef PD_DEMO_USAGE_H
#define PD_DEMO_USAGE_H

#include <stddef.h>
#include <stdint.h>

#include "jobs/demo/accounts.h"
#include "jobs/demo/model.h"
#include "jobs/demo/rng.h"

enum pd_demo_surface {
    PD_DEMO_SF_WEB,
    PD_DEMO_SF_MOBILE,
    PD_DEMO_SF_BETA,
    PD_DEMO_SF_ADDON,
    PD_DEMO_SF_ADMIN,
    PD_DEMO_NSURF
};

/* An event type and where it happens. */
struct pd_demo_evtype {
    const char *name;
    const char *page;    /* Segment sends it as a page call with this name */
    const char *path;    /* where in the app it happens */
    const char *feature; /* Pendo feature; NULL: not tagged */
    const char *skey;    /* a word property, or NULL */
    const char *const *svals;
    unsigned nsvals;
    const char *nkey; /* a number property 1..nmax, or NULL */
    uint32_t nmax;
    uint16_t w[PD_DEMO_NSURF]; /* weight per surface */
    uint16_t rising;           /* extra weight, percent, reached at the end */
};

#define PD_DEMO_NEVTYPES       17
#define PD_DEMO_EV_LOGIN       0 /* first event of some sessions, never drawn */
#define PD_DEMO_EV_AUTOCAPTURE 10 /* PostHog's own events */
#define PD_DEMO_EV_EXPOSURE    12 /* Amplitude Experiment's, never drawn */
#define PD_DEMO_EV_EXP_STARTED 13 /* Mixpanel's, never drawn */
#define PD_DEMO_EV_UPGRADE     14 /* "Upgrade Clicked", never drawn */
#define PD_DEMO_EV_BULK_EDIT   15 /* the launches' (launches.h), never drawn */
#define PD_DEMO_EV_HUB_INSTALL 16
extern const struct pd_demo_evtype pd_demo_evtypes[PD_DEMO_NEVTYPES];

struct pd_demo_browser {
    const char *name, *version, *family, *device_type, *ua;
};

#define PD_DEMO_NBROWSERS 5
extern const struct pd_demo_browser pd_demo_browsers[PD_DEMO_NBROWSERS];

struct pd_demo_user {
    char email[128];
    char device[37]; /* device id, a UUID */
    char acc_id[16]; /* "ACC-1003" */
    const struct pd_demo_city *c;
    int64_t created;   /* first seen, UTC µs (Amplitude user_creation_time) */
    uint64_t h;        /* the person's hash */
    uint64_t amp_id;   /* 11 digits */
    double weight;     /* activity, relative */
    uint32_t account;  /* every user belongs to an account */
    uint32_t event_id; /* Amplitude's per-device counter */
    uint16_t mobile;   /* per mille of sessions on the phone app */
    uint8_t admin, beta, addon, browser, ios;
};

/* One event of a day: who, what, where and when; ids and property values
 * are derived from r by the writers. */
struct pd_demo_uev {
    int64_t t;       /* UTC µs */
    int64_t session; /* session start, UTC ms (Amplitude session_id) */
    uint64_t r;
    uint32_t user, seq;
    uint8_t type, surface, anon;
    uint8_t exp;     /* an exposure: 1 + the experiment (exposures.h); 0 */
    uint8_t variant; /* of an exposure: the variant's index */
};

/* Bench events are spread evenly over the window; users and types come
 * from small tables, so nothing grows with the count but the output. */
struct pd_demo_bench {
    struct pd_demo_rng r;
    double step;
    enum pd_demo_surface sf;
    uint8_t lut[256]; /* event type by a random byte */
};

/* The seats of every account into d->users, after
 * pd_demo_accounts_mark(). */
void pd_demo_users_make(struct pd_demo *d);

/* Events per day over the window, and room for the busiest day. */
void pd_demo_usage_plan(struct pd_demo *d);

/* Day `day`'s events into d->ev, in time order, with the experiments'
 * events of that day (d->xev); returns the count. */
size_t pd_demo_usage_day(struct pd_demo *d, size_t day);

/* n bench events of surface sf: pd_demo_bench_event() makes event k. */
void pd_demo_bench_init(const struct pd_demo *d, struct pd_demo_bench *b,
                        enum pd_demo_surface sf, size_t n);
void pd_demo_bench_event(const struct pd_demo *d, struct pd_demo_bench *b,
                         size_t k, struct pd_demo_uev *e);

#endif
