#include "jobs/demo/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "common/xalloc.h"
#include "jobs/demo/accounts.h"

#define BETA_FIRST_WEEK 18
#define BETA_WEEKS      4
_Static_assert(BETA_FIRST_WEEK + BETA_WEEKS <= PD_DEMO_WEEKS, "beta window");

static const char *const login_methods[] = {"password", "sso", "google"};
static const char *const dashboards[] = {"Overview", "Pipeline", "Revenue",
                                         "Team", "Support"};
static const char *const report_types[] = {"table", "chart", "funnel",
                                           "cohort"};
static const char *const export_sources[] = {"report", "dashboard", "table"};
static const char *const integrations[] = {"Slack", "Salesforce", "HubSpot",
                                           "Jira", "Zapier"};
static const char *const roles[] = {"member", "admin", "viewer"};
static const char *const billing_sections[] = {"invoices", "plan",
                                               "payment_method"};
static const char *const settings[] = {"notifications", "timezone", "sso",
                                       "theme"};
static const char *const pathnames[] = {"/dashboards", "/reports",
                                        "/reports/new", "/explore"};

/* Property values are plain words: written into JSON without escaping. */
const struct pd_demo_evtype pd_demo_evtypes[PD_DEMO_NEVTYPES] = {
    {"Login",
     NULL,
     "/login",
     NULL,
     "method",
     login_methods,
     3,
     NULL,
     0,
     {0, 0, 0, 0, 0},
     0},
    {"Dashboard Viewed",
     "Dashboard",
     "/dashboards",
     NULL,
     "dashboard",
     dashboards,
     5,
     NULL,
     0,
     {30, 35, 30, 25, 0},
     0},
    {"Report Viewed",
     "Report",
     "/reports",
     NULL,
     "report_type",
     report_types,
     4,
     "report_id",
     90000,
     {18, 20, 18, 30, 0},
     0},
    {"Report Created",
     NULL,
     "/reports/new",
     NULL,
     "report_type",
     report_types,
     4,
     "widgets",
     12,
     {8, 3, 8, 18, 0},
     0},
    {"Search Performed",
     NULL,
     "/search",
     NULL,
     NULL,
     NULL,
     0,
     "results",
     200,
     {10, 12, 10, 8, 0},
     0},
    {"Export CSV",
     NULL,
     "/exports",
     "Export Center",
     "source",
     export_sources,
     3,
     "rows",
     50000,
     {5, 0, 5, 12, 14},
     0},
    {"Integration Connected",
     NULL,
     "/settings/integrations",
     "Integrations Setup",
     "integration",
     integrations,
     5,
     NULL,
     0,
     {1, 0, 1, 0, 14},
     0},
    {"Invite Sent",
     NULL,
     "/settings/team",
     "Invite Users",
     "role",
     roles,
     3,
     "invitees",
     5,
     {2, 1, 2, 0, 22},
     0},
    {"Billing Page Viewed",
     "Billing",
     "/settings/billing",
     "Billing Page",
     "section",
     billing_sections,
     3,
     NULL,
     0,
     {2, 1, 2, 0, 30},
     200},
    {"Settings Updated",
     NULL,
     "/settings",
     "Settings",
     "setting",
     settings,
     4,
     NULL,
     0,
     {3, 1, 3, 0, 20},
     0},
    {"$autocapture",
     NULL,
     "/reports",
     NULL,
     NULL,
     NULL,
     0,
     NULL,
     0,
     {0, 0, 0, 10, 0},
     0},
    {"$pageview",
     NULL,
     "/dashboards",
     NULL,
     "$pathname",
     pathnames,
     4,
     NULL,
     0,
     {0, 0, 0, 20, 0},
     0},
    /* The experiments' own (exposures.c): never drawn for a session, and
     * last, so the weights and tables indexed by type above are the same
     * with or without them. */
    {"$exposure",
     NULL,
     "/onboarding",
     NULL,
     NULL,
     NULL,
     0,
     NULL,
     0,
     {0, 0, 0, 0, 0},
     0},
    {"$experiment_started",
     NULL,
     "/pricing",
     NULL,
     NULL,
     NULL,
     0,
     NULL,
     0,
     {0, 0, 0, 0, 0},
     0},
    {"Upgrade Clicked",
     "Pricing",
     "/pricing",
     NULL,
     NULL,
     NULL,
     0,
     NULL,
     0,
     {0, 0, 0, 0, 0},
     0},
    /* The two launches' (launches.c): never drawn, from their release
     * day on, in the Analytics add-on (PostHog). */
    {"Bulk Edit Applied",
     NULL,
     "/reports/bulk-edit",
     NULL,
     NULL,
     NULL,
     0,
     "items",
     200,
     {0, 0, 0, 0, 0},
     0},
    {"Integration Installed",
     NULL,
     "/integrations/hub",
     NULL,
     "integration",
     integrations,
     5,
     NULL,
     0,
     {0, 0, 0, 0, 0},
     0},
};
_Static_assert(PD_DEMO_NEVTYPES < 256, "type is a byte");
_Static_assert(PD_DEMO_NELEM(pd_demo_evtypes) == PD_DEMO_NEVTYPES, "count");

const struct pd_demo_browser pd_demo_browsers[PD_DEMO_NBROWSERS] = {
    {"Chrome", "124", "Mac OS X", "Mac",
     "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
     "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"},
    {"Chrome", "124", "Windows", "Windows",
     "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
     "like Gecko) Chrome/124.0.0.0 Safari/537.36"},
    {"Safari", "17.4", "Mac OS X", "Mac",
     "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) Version/17.4 Safari/605.1.15"},
    {"Firefox", "125", "Windows", "Windows",
     "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 "
     "Firefox/125.0"},
    {"Edge", "124", "Windows", "Windows",
     "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
     "like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0"},
};
static const uint16_t browser_w[PD_DEMO_NBROWSERS] = {40, 20, 18, 10, 12};

/* Monday..Sunday: a B2B product is used at work.  Local hours of use. */
static const uint16_t usage_weekday_w[7] = {115, 120, 120, 115, 100, 35, 30};
static const uint16_t local_hour_w[24] = {1,  1,  1,  1,  1,  2,  4,  8,
                                          14, 16, 16, 15, 11, 14, 16, 15,
                                          13, 9,  6,  4,  3,  3,  2,  1};

static void
user_init(struct pd_demo *d, struct pd_demo_rng *r, struct pd_demo_user *u,
          uint32_t a, uint32_t p)
{
    struct pd_demo_person pp;
    size_t n = 0;
    int64_t created;

    pd_demo_person_of(d, a, p, &pp);
    pd_demo_append(u->email, &n, sizeof(u->email), pp.email);
    u->h = pd_demo_person_hash(d, a, p);
    u->c = pd_demo_city_of(d, a, u->h);
    pd_demo_uuid_text(pd_demo_rng_next(r), u->device);
    (void)snprintf(u->acc_id, sizeof(u->acc_id), "ACC-%lu",
                   1000UL + (unsigned long)a);
    u->account = a;
    u->amp_id =
        UINT64_C(10000000000) + pd_demo_rng_next(r) % UINT64_C(90000000000);
    /* A few seats are barely used; the rest log-normal: power users. */
    u->weight = pd_demo_rng_permille(r, 100)
                    ? 0.05
                    : pd_demo_rng_lognormal(r, 1.0, 0.8);
    created = d->start - (int64_t)pd_demo_rng_below(r, 400) * PD_US_PER_DAY -
              (int64_t)pd_demo_rng_below(r, 86400) * PD_US_PER_SEC;
    u->created = created < 0 ? 0 : created;
    u->mobile = pd_demo_rng_permille(r, 400)
                    ? 0
                    : (uint16_t)(150 + pd_demo_rng_below(r, 350));
    u->admin = p < 2; /* the first contacts are the admins */
    u->beta = (uint8_t)pd_demo_rng_permille(r, 250);
    u->addon = (uint8_t)(d->acc[a].plan != PD_DEMO_PLAN_STARTER &&
                         pd_demo_rng_permille(r, 600));
    u->browser = (uint8_t)pd_demo_rng_pick(r, browser_w,
                                           PD_DEMO_NELEM(pd_demo_browsers));
    u->ios = (uint8_t)pd_demo_rng_permille(r, 550);
}

/* Seats of an account: its contacts (who write tickets and answer
 * surveys) and about a third more people who only use the product.  All
 * are named by pd_demo_person_of(), so the addresses match everywhere. */
static uint32_t
seats(const struct pd_demo_account *a)
{
    return a->ncontacts + (a->ncontacts * 3u + 5) / 10;
}

void
pd_demo_users_make(struct pd_demo *d)
{
    struct pd_demo_rng r = {pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_USERS)};
    size_t n = 0, k = 0;

    for (size_t a = 0; a < d->nacc; a++)
        n += seats(&d->acc[a]);
    d->users = pd_xcalloc(n, sizeof(*d->users));
    d->ucum = pd_xcalloc(n, sizeof(*d->ucum));
    d->nusers = n;
    for (size_t a = 0; a < d->nacc; a++)
        for (uint32_t p = 0; p < seats(&d->acc[a]); p++)
            user_init(d, &r, &d->users[k++], (uint32_t)a, p);
}

/* An at-risk account's people stop using the product within ten days
 * of the start of the last four weeks. */
static double
risk_factor(const struct pd_demo *d, int64_t t)
{
    double k = pd_demo_ramp(d, t) * 2.8;

    return 1.0 - 0.9 * (k > 1.0 ? 1.0 : k);
}

static double
user_factor(const struct pd_demo *d, const struct pd_demo_user *u, int64_t t)
{
    return d->acc[u->account].at_risk ? risk_factor(d, t) : 1.0;
}

/* Events per day: weekday seasonality, slow growth, noise; the at-risk
 * accounts' silence lowers the total rather than moving to others. */
void
pd_demo_usage_plan(struct pd_demo *d)
{
    struct pd_demo_rng r = {pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_DAYS)};
    double v[PD_DEMO_NDAYS], vs = 0.0, w0 = 0.0, wr = 0.0;
    double per = d->o->events_per_day ? (double)d->o->events_per_day
                                      : PD_DEMO_EVENTS_PER_DAY;

    for (size_t i = 0; i < d->nusers; i++) {
        w0 += d->users[i].weight;
        if (d->acc[d->users[i].account].at_risk)
            wr += d->users[i].weight;
    }
    for (size_t i = 0; i < PD_DEMO_NDAYS; i++) {
        struct pd_tm tm;

        pd_time_split(d->start + (int64_t)i * PD_US_PER_DAY, &tm);
        v[i] = usage_weekday_w[tm.weekday - 1] *
               (1.0 + 0.1 * (double)i / (double)PD_DEMO_NDAYS) *
               (0.9 + 0.2 * pd_demo_rng_unit(&r));
        vs += v[i];
    }
    d->evcap = 1;
    for (size_t i = 0; i < PD_DEMO_NDAYS; i++) {
        int64_t noon =
            d->start + (int64_t)i * PD_US_PER_DAY + 12 * PD_US_PER_HOUR;
        double active = (w0 - wr * (1.0 - risk_factor(d, noon))) / w0;

        d->day_n[i] =
            (size_t)(per * (double)PD_DEMO_NDAYS * v[i] / vs * active + 0.5);
        if (d->day_n[i] > d->evcap)
            d->evcap = d->day_n[i];
    }
    d->ev = pd_xcalloc(d->evcap, sizeof(*d->ev));
}

static void
users_weigh(struct pd_demo *d, int64_t t)
{
    double c = 0.0;

    for (size_t i = 0; i < d->nusers; i++) {
        c += d->users[i].weight * user_factor(d, &d->users[i], t);
        d->ucum[i] = c;
    }
}

static uint32_t
user_pick(const struct pd_demo *d, struct pd_demo_rng *r)
{
    double x = pd_demo_rng_unit(r) * d->ucum[d->nusers - 1];
    size_t lo = 0, hi = d->nusers - 1;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->ucum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return (uint32_t)lo;
}

static enum pd_demo_surface
surface_pick(struct pd_demo_rng *r, const struct pd_demo_user *u, size_t day)
{
    size_t week = day / 7;

    if (u->mobile && pd_demo_rng_permille(r, u->mobile))
        return PD_DEMO_SF_MOBILE;
    if (u->admin && pd_demo_rng_permille(r, 150))
        return PD_DEMO_SF_ADMIN;
    if (u->beta && week >= BETA_FIRST_WEEK &&
        week < BETA_FIRST_WEEK + BETA_WEEKS)
        return PD_DEMO_SF_BETA;
    if (u->addon && pd_demo_rng_permille(r, 200))
        return PD_DEMO_SF_ADDON;
    return PD_DEMO_SF_WEB;
}

static unsigned
evtype_pick(const struct pd_demo *d, struct pd_demo_rng *r,
            enum pd_demo_surface sf, int64_t t)
{
    uint16_t w[PD_DEMO_NELEM(pd_demo_evtypes)];
    double k = pd_demo_ramp(d, t);

    for (size_t i = 0; i < PD_DEMO_NELEM(pd_demo_evtypes); i++)
        w[i] = (uint16_t)(pd_demo_evtypes[i].w[sf] *
                          (100.0 + pd_demo_evtypes[i].rising * k));
    return pd_demo_rng_pick(r, w, PD_DEMO_NELEM(pd_demo_evtypes));
}

/* A session: one user on one surface, a handful of events seconds to
 * minutes apart, starting in the user's office hours.  Adds at least one
 * event (the start is inside the day) and returns the new count. */
static size_t
session_make(struct pd_demo *d, struct pd_demo_rng *r, size_t day, size_t n,
             size_t target)
{
    int64_t t0 = d->start + (int64_t)day * PD_US_PER_DAY;
    uint32_t ui = user_pick(d, r);
    const struct pd_demo_user *u = &d->users[ui];
    enum pd_demo_surface sf = surface_pick(r, u, day);
    unsigned len = 1 + (unsigned)pd_demo_rng_lognormal(r, 3.0, 0.7);
    uint8_t anon_s = sf != PD_DEMO_SF_ADMIN && pd_demo_rng_permille(r, 50);
    int hour =
        ((int)pd_demo_rng_pick(r, local_hour_w, 24) - u->c->utc_off + 48) % 24;
    int64_t t = t0 + hour * PD_US_PER_HOUR +
                pd_demo_rng_below(r, 3600) * PD_US_PER_SEC +
                pd_demo_rng_below(r, 1000000);

    int64_t session = t / 1000; /* the first event's ms */

    for (unsigned j = 0; j < len && n < target && t < t0 + PD_US_PER_DAY; j++) {
        struct pd_demo_uev *e = &d->ev[n];
        bool login = j == 0 && !anon_s && sf <= PD_DEMO_SF_BETA &&
                     pd_demo_rng_permille(r, 500);

        e->t = t;
        e->session = session;
        e->user = ui;
        e->surface = (uint8_t)sf;
        e->anon = anon_s;
        e->type =
            (uint8_t)(login ? PD_DEMO_EV_LOGIN : evtype_pick(d, r, sf, t));
        e->r = pd_demo_rng_next(r);
        e->seq = (uint32_t)n++;
        e->exp = e->variant = 0;
        t += (5 + pd_demo_rng_below(r, 240)) * PD_US_PER_SEC +
             pd_demo_rng_below(r, 1000000);
    }
    return n;
}

static int
by_event_time(const void *pa, const void *pb)
{
    const struct pd_demo_uev *a = pa, *b = pb;

    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Day `day`'s events into d->ev, in time order; returns the count.  Seeded
 * by (seed, day): every usage file regenerates exactly the same day. */
size_t
pd_demo_usage_day(struct pd_demo *d, size_t day)
{
    struct pd_demo_rng r = {pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_USAGE) ^
                            pd_demo_mix64(day + 1)};
    size_t n = 0, target = d->day_n[day];

    users_weigh(d,
                d->start + (int64_t)day * PD_US_PER_DAY + 12 * PD_US_PER_HOUR);
    while (n < target)
        n = session_make(d, &r, day, n, target);
    /* The experiments' events of the day (exposures.c) join in time order;
     * on equal times the day's own events stay first. */
    for (size_t i = d->xday[day]; i < d->xday[day + 1]; i++) {
        d->ev[n] = d->xev[i];
        d->ev[n].seq = (uint32_t)n;
        n++;
    }
    qsort(d->ev, n, sizeof(*d->ev), by_event_time);
    return n;
}

/* ---- bench events ------------------------------------------------------ */

void
pd_demo_bench_init(const struct pd_demo *d, struct pd_demo_bench *b,
                   enum pd_demo_surface sf, size_t n)
{
    uint32_t w[PD_DEMO_NELEM(pd_demo_evtypes)], total = 0, acc = 0;
    size_t t = 0;

    b->r.s = pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_BENCH ^ (uint64_t)sf);
    b->step = (double)(d->end - d->start) / (double)n;
    b->sf = sf;
    for (size_t i = 0; i < PD_DEMO_NELEM(pd_demo_evtypes); i++) {
        w[i] = i == PD_DEMO_EV_LOGIN ? 12 : pd_demo_evtypes[i].w[sf];
        total += w[i];
    }
    for (unsigned i = 0; i < 256; i++) {
        uint32_t x = (uint32_t)((i * 2 + 1) * total / 512);

        while (t + 1 < PD_DEMO_NELEM(pd_demo_evtypes) && acc + w[t] <= x)
            acc += w[t++];
        b->lut[i] = (uint8_t)t;
    }
}

void
pd_demo_bench_event(const struct pd_demo *d, struct pd_demo_bench *b, size_t k,
                    struct pd_demo_uev *e)
{
    uint64_t x = pd_demo_rng_next(&b->r);
    uint64_t a = ((x >> 32) * d->nusers) >> 32;
    uint64_t c = ((x & 0xffffffff) * d->nusers) >> 32;

    e->t = d->start +
           (int64_t)(((double)k + (double)((x >> 8) & 0xff) / 256.0) * b->step);
    if (e->t >= d->end)
        e->t = d->end - 1;
    e->user = (uint32_t)(a < c ? a : c); /* the smaller of two: power users */
    e->type = b->lut[x & 255];
    e->anon = ((x >> 16) & 31) == 0;
    e->surface = (uint8_t)b->sf;
    e->r = pd_demo_rng_next(&b->r);
    e->session = e->t / 1000 - (int64_t)((e->r >> 50) % 1800) * 1000;
    e->seq = 0;
    e->exp = e->variant = 0;
}
