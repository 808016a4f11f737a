#include "jobs/demo/exposures.h"

#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "common/xalloc.h"
#include "jobs/demo/accounts.h"
#include "jobs/demo/rng.h"
#include "jobs/demo/tickets.h"

enum { ONBOARDING, PRICING };

/* With the default end (Monday 2026-11-30) new-onboarding starts on
 * 2026-10-19 and signs users up for four weeks, pricing-page exposes from
 * 2026-11-02 for three weeks (to 2026-11-22, its configured end): every
 * user's window (14 and 7 days) is complete when the data end.
 * examples/prodops.conf configures both. */
const struct pd_demo_experiment pd_demo_experiments[PD_DEMO_NEXPERIMENTS] = {
    [ONBOARDING] = {"new-onboarding",
                    {"control", "treatment"},
                    "flag_key",
                    "variant",
                    PD_DEMO_SF_WEB,
                    PD_DEMO_EV_EXPOSURE,
                    42,
                    28,
                    14},
    [PRICING] = {"pricing-page",
                 {"control", "variant-b"},
                 "Experiment name",
                 "Variant name",
                 PD_DEMO_SF_MOBILE,
                 PD_DEMO_EV_EXP_STARTED,
                 28,
                 21,
                 7},
};

/* Per mille, control then treatment: a report created in the window (the
 * primary metric, drawn), a support ticket in the window (the guardrail,
 * dealt: see trial_after()), and pricing-page's upgrade click (dealt, no
 * effect). */
static const uint16_t convert_pm[2] = {200, 245};
static const uint16_t ticket_pm[2] = {40, 50};
static const uint16_t upgrade_pm[2] = {80, 80};
#define LATE_REPORT_PM 50  /* a first report after the window: not counted */
#define RETURN_PM      100 /* a trial user comes back on a given day */
#define CROSSOVERS     3   /* new-onboarding users shown both variants */

/* What trial users do besides the metric: event types by name. */
static const char *const filler_names[] = {"Dashboard Viewed", "Report Viewed",
                                           "Search Performed", "Invite Sent",
                                           "Settings Updated"};

/* The experiments' events as they are made, in no order. */
struct xlist {
    struct pd_demo_uev *v;
    size_t n, cap;
};

struct ctx {
    struct pd_demo *d;
    struct pd_demo_rng r;
    struct xlist x;
    struct pd_demo_ticket_req *tk;
    size_t ntk, tkcap;
    uint8_t filler[PD_DEMO_NELEM(filler_names)];
    uint8_t report;   /* "Report Created" */
    uint32_t deal[4]; /* per variant: ticket_pm, then upgrade_pm dealt */
};

static uint8_t
evtype_of(const char *name)
{
    for (size_t i = 0; i < PD_DEMO_NEVTYPES; i++)
        if (strcmp(pd_demo_evtypes[i].name, name) == 0)
            return (uint8_t)i;
    PD_BUG("no demo event type \"%s\"", name);
}

/* An event of user ui at t, inside the window or not at all. */
static struct pd_demo_uev *
add(struct ctx *c, int64_t t, uint32_t ui, uint8_t type, uint8_t surface,
    int64_t session)
{
    struct pd_demo_uev *e;

    if (t < c->d->start || t >= c->d->end)
        return NULL;
    if (c->x.n == c->x.cap) {
        c->x.cap = c->x.cap ? 2 * c->x.cap : 4096;
        c->x.v = pd_xrealloc(c->x.v, c->x.cap * sizeof(*c->x.v));
    }
    e = &c->x.v[c->x.n];
    memset(e, 0, sizeof(*e));
    e->t = t;
    e->session = session / 1000;
    e->r = pd_demo_rng_next(&c->r);
    e->user = ui;
    e->seq = (uint32_t)c->x.n++;
    e->type = type;
    e->surface = surface;
    return e;
}

static void
expose(struct ctx *c, unsigned x, int64_t t, uint32_t ui, unsigned variant)
{
    const struct pd_demo_experiment *ex = &pd_demo_experiments[x];
    struct pd_demo_uev *e = add(c, t, ui, ex->event, ex->surface, t);

    if (e) {
        e->exp = (uint8_t)(x + 1);
        e->variant = (uint8_t)variant;
    }
}

/* A time in the office hours (08:00-18:00) of a city, on the UTC day that
 * starts at day0. */
static int64_t
office_time(struct pd_demo_rng *r, const struct pd_demo_city *city,
            int64_t day0)
{
    int hour = (8 + (int)pd_demo_rng_below(r, 10) - city->utc_off + 48) % 24;

    return day0 + hour * PD_US_PER_HOUR +
           pd_demo_rng_below(r, 3600) * PD_US_PER_SEC +
           pd_demo_rng_below(r, 1000000);
}

/* A visit: n filler events seconds to minutes apart from t; returns the
 * time after the last. */
static int64_t
visit(struct ctx *c, uint32_t ui, int64_t t, unsigned n)
{
    int64_t session = t;

    for (unsigned j = 0; j < n; j++) {
        t += (5 + pd_demo_rng_below(&c->r, 240)) * PD_US_PER_SEC;
        add(c, t, ui,
            c->filler[pd_demo_rng_below(&c->r, PD_DEMO_NELEM(c->filler))],
            PD_DEMO_SF_WEB, session);
    }
    return t;
}

static void
ticket(struct ctx *c, uint32_t k, int64_t t, const char *area)
{
    if (t >= c->d->end)
        return;
    if (c->ntk == c->tkcap) {
        c->tkcap = c->tkcap ? 2 * c->tkcap : 64;
        c->tk = pd_xrealloc(c->tk, c->tkcap * sizeof(*c->tk));
    }
    c->tk[c->ntk++] =
        (struct pd_demo_ticket_req){.created = t, .person = k, .area = area};
}

/* Trial user k: who they are, and the day and time they sign up. */
static void
trial_init(struct ctx *c, uint32_t k, int64_t day0)
{
    struct pd_demo *d = c->d;
    struct pd_demo_user *u = &d->users[d->nusers + k];
    struct pd_demo_person p;
    size_t n = 0;

    memset(u, 0, sizeof(*u));
    pd_demo_trial_person(d, k, &p);
    pd_demo_append(u->email, &n, sizeof(u->email), p.email);
    u->h = pd_demo_trial_hash(d, k);
    u->c = pd_demo_city_of(d, PD_DEMO_NO_ACCOUNT, u->h);
    pd_demo_uuid_text(pd_demo_rng_next(&c->r), u->device);
    u->account = PD_DEMO_NO_ACCOUNT;
    u->amp_id =
        UINT64_C(10000000000) + pd_demo_rng_next(&c->r) % UINT64_C(90000000000);
    u->weight = 1.0;
    u->browser = (uint8_t)pd_demo_rng_below(&c->r, PD_DEMO_NBROWSERS);
    u->created = office_time(&c->r, u->c, day0);
}

/* What a trial user does in the 14 days after sign-up, by variant. */
static void
trial_after(struct ctx *c, uint32_t k, unsigned v)
{
    const struct pd_demo_experiment *ex = &pd_demo_experiments[ONBOARDING];
    uint32_t ui = (uint32_t)(c->d->nusers + k);
    const struct pd_demo_user *u = &c->d->users[ui];
    int64_t t0 = u->created, window = ex->window_days * PD_US_PER_DAY;
    int64_t day0 = t0 - t0 % PD_US_PER_DAY;

    for (unsigned day = 1; day < ex->window_days; day++)
        if (pd_demo_rng_permille(&c->r, RETURN_PM))
            visit(c, ui, office_time(&c->r, u->c, day0 + day * PD_US_PER_DAY),
                  1 + pd_demo_rng_below(&c->r, 3));
    if (pd_demo_rng_permille(&c->r, convert_pm[v]))
        add(c,
            t0 + 5 * PD_DEMO_US_MINUTE +
                (int64_t)(pd_demo_rng_unit(&c->r) *
                          (double)(window - 10 * PD_DEMO_US_MINUTE)),
            ui, c->report, PD_DEMO_SF_WEB, t0);
    else if (pd_demo_rng_permille(&c->r, LATE_REPORT_PM))
        add(c,
            t0 + window +
                (int64_t)(pd_demo_rng_unit(&c->r) * 10.0 * PD_US_PER_DAY),
            ui, c->report, PD_DEMO_SF_WEB, t0);
    /* Tickets are dealt, not drawn: every 25th control and every 20th
     * treatment user in sign-up order files one, so the guardrail tells
     * the same story at every seed (+25 % tickets per 1 000 users, z about
     * 1.5 at the default size: visible, not significant). */
    c->deal[v] += ticket_pm[v];
    if (c->deal[v] >= 1000) {
        c->deal[v] -= 1000;
        ticket(c, k,
               t0 + PD_US_PER_HOUR +
                   (int64_t)(pd_demo_rng_unit(&c->r) * 13.0 * PD_US_PER_DAY),
               pd_demo_rng_permille(&c->r, 600) ? "Onboarding"
                                                : "Login & Access");
    }
}

/* new-onboarding: n trial users sign up on the experiment's days, busier
 * on weekdays, and are exposed on their first visit. */
static void
onboarding(struct ctx *c, size_t n)
{
    static const uint16_t weekday_w[7] = {115, 120, 120, 115, 100, 35, 30};
    const struct pd_demo_experiment *ex = &pd_demo_experiments[ONBOARDING];
    int64_t from = c->d->end - ex->start_days * PD_US_PER_DAY;
    uint16_t w[64];

    for (unsigned i = 0; i < ex->days; i++) {
        struct pd_tm tm;

        pd_time_split(from + (int64_t)i * PD_US_PER_DAY, &tm);
        w[i] = weekday_w[tm.weekday - 1];
    }
    for (uint32_t k = 0; k < n; k++) {
        unsigned day = pd_demo_rng_pick(&c->r, w, ex->days);
        unsigned v = pd_demo_rng_below(&c->r, 2);
        uint32_t ui = (uint32_t)(c->d->nusers + k);
        int64_t t0, t;

        trial_init(c, k, from + (int64_t)day * PD_US_PER_DAY);
        t0 = c->d->users[ui].created;
        expose(c, ONBOARDING, t0, ui, v);
        t = visit(c, ui, t0, 1 + pd_demo_rng_below(&c->r, 3));
        /* A few come back on another device that draws the other
         * variant: crossovers, which the readout must exclude. */
        if (n >= 4 * CROSSOVERS && k % (n / CROSSOVERS) == n / CROSSOVERS / 2)
            expose(c, ONBOARDING, t + PD_US_PER_DAY, ui, 1 - v);
        trial_after(c, k, v);
    }
}

/* pricing-page: every phone-app user of the accounts still active opens
 * the pricing page once in the four weeks; upgrade clicks do not depend on
 * the variant. */
static void
pricing(struct ctx *c)
{
    const struct pd_demo_experiment *ex = &pd_demo_experiments[PRICING];
    struct pd_demo *d = c->d;
    int64_t from = d->end - ex->start_days * PD_US_PER_DAY;
    uint8_t upgrade = evtype_of("Upgrade Clicked");

    for (uint32_t ui = 0; ui < d->nusers; ui++) {
        const struct pd_demo_user *u = &d->users[ui];
        unsigned day, v;
        int64_t t;

        if (!u->mobile || d->acc[u->account].at_risk)
            continue;
        day = pd_demo_rng_below(&c->r, ex->days);
        v = pd_demo_rng_below(&c->r, 2);
        t = office_time(&c->r, u->c, from + (int64_t)day * PD_US_PER_DAY);
        expose(c, PRICING, t, ui, v);
        /* Dealt like the tickets: no effect is what the data show at every
         * seed (a draw at this size can look like one, p < 0.1). */
        c->deal[2 + v] += upgrade_pm[v];
        if (c->deal[2 + v] < 1000)
            continue;
        c->deal[2 + v] -= 1000;
        add(c,
            t + PD_DEMO_US_MINUTE +
                (int64_t)(pd_demo_rng_unit(&c->r) * 6.5 * PD_US_PER_DAY),
            ui, upgrade, PD_DEMO_SF_MOBILE, t);
    }
}

static int
by_time(const void *pa, const void *pb)
{
    const struct pd_demo_uev *a = pa, *b = pb;

    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Sort d->xev by time, index it by day, and make room in d->ev for the
 * busiest day with them. */
static void
index_days(struct pd_demo *d)
{
    size_t i = 0, cap = d->evcap;

    qsort(d->xev, d->nxev, sizeof(*d->xev), by_time);
    for (size_t day = 0; day < PD_DEMO_NDAYS; day++) {
        int64_t next = d->start + (int64_t)(day + 1) * PD_US_PER_DAY;

        d->xday[day] = i;
        while (i < d->nxev && d->xev[i].t < next)
            i++;
        if (d->day_n[day] + (i - d->xday[day]) > cap)
            cap = d->day_n[day] + (i - d->xday[day]);
    }
    d->xday[PD_DEMO_NDAYS] = i;
    if (cap > d->evcap) {
        d->ev = pd_xrealloc(d->ev, cap * sizeof(*d->ev));
        d->evcap = cap;
    }
}

void
pd_demo_exposures_make(struct pd_demo *d)
{
    struct ctx c;
    size_t per =
        d->o->events_per_day ? d->o->events_per_day : PD_DEMO_EVENTS_PER_DAY;
    size_t n = per * 4 / 3;

    memset(&c, 0, sizeof(c));
    c.d = d;
    for (size_t i = 0; i < PD_DEMO_NELEM(c.deal); i++)
        c.deal[i] = 500; /* round to the nearest */
    c.r.s = pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_EXPERIMENT);
    for (size_t i = 0; i < PD_DEMO_NELEM(filler_names); i++)
        c.filler[i] = evtype_of(filler_names[i]);
    c.report = evtype_of("Report Created");
    d->users = pd_xrealloc(d->users, (d->nusers + n) * sizeof(*d->users));
    d->ntrial = n;
    onboarding(&c, n);
    pricing(&c);
    d->xev = c.x.v;
    d->nxev = c.x.n;
    index_days(d);
    /* The tickets' attributes from a stream of their own, so a change to
     * the events above does not reach them. */
    c.r.s = pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_EXPERIMENT ^ 1);
    pd_demo_tickets_add(d, &c.r, c.tk, c.ntk);
    d->xtickets = c.ntk;
    free(c.tk);
}

void
pd_demo_xev_append(struct pd_demo *d, const struct pd_demo_uev *v, size_t n)
{
    d->xev = pd_xrealloc(d->xev, (d->nxev + n) * sizeof(*d->xev));
    for (size_t i = 0; i < n; i++) {
        d->xev[d->nxev] = v[i];
        /* After every earlier event on equal times: theirs keep their
         * order. */
        d->xev[d->nxev].seq = (uint32_t)d->nxev;
        d->nxev++;
    }
    index_days(d);
}

void
pd_demo_exposure_props(struct pd_demo_wr *w, const struct pd_demo_uev *e)
{
    const struct pd_demo_experiment *ex = &pd_demo_experiments[e->exp - 1];

    pd_demo_wr_json(w, ex->flag_prop);
    pd_demo_wr_ch(w, ':');
    pd_demo_wr_json(w, ex->flag);
    pd_demo_wr_ch(w, ',');
    pd_demo_wr_json(w, ex->variant_prop);
    pd_demo_wr_ch(w, ':');
    pd_demo_wr_json(w, ex->variants[e->variant]);
}
