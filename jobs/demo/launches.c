#include "jobs/demo/launches.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "common/xalloc.h"
#include "jobs/demo/accounts.h"
#include "jobs/demo/exposures.h"
#include "jobs/demo/rng.h"
#include "jobs/demo/tickets.h"
#include "jobs/demo/usage.h"
#include "jobs/demo/writer.h"

/* With the default end (Monday 2026-11-30): Bulk edit on Tuesday
 * 2026-10-06, Integrations hub on Tuesday 2026-11-10.  The subjects are
 * tickets.c's launch topics; the patterns match them and nothing else the
 * demo writes (its NPS comments speak of scheduled exports and Excel, not
 * of these). */
const struct pd_demo_launch pd_demo_launches[PD_DEMO_NLAUNCHES] = {
    {"Bulk edit",
     "Core App",
     "https://docs.example.com/releases/bulk-edit",
     "bulk[ -]?edit",
     PD_DEMO_EV_BULK_EDIT,
     55,
     750,
     12,
     12,
     3,
     {"Feature request: bulk edit for reports",
      "Changing the owner of 200 reports one by one: a bulk edit would be "
      "great",
      "Please add bulk-edit for report filters"},
     {"Bulk edit skipped some of the selected reports",
      "Bulk edit: undo does not restore the old owners"}},
    {"Integrations hub",
     "Integrations",
     "https://docs.example.com/releases/integrations-hub",
     "integrations? (hub|marketplace)",
     PD_DEMO_EV_HUB_INSTALL,
     20,
     600,
     8,
     8,
     2,
     {"An integrations marketplace would be great: we need Jira and "
      "Salesforce",
      "Feature request: an integrations hub to install apps ourselves"},
     {"Integrations hub: Jira install fails with 403"}},
};

#define USE_PM   330 /* an adopting user uses it on a working day */
#define BETA_ACC 2   /* accounts trying it in the week before */

struct ctx {
    struct pd_demo *d;
    struct pd_demo_rng r;
    struct pd_demo_uev *v;
    size_t n, cap;
    struct pd_demo_ticket_req *tk;
    size_t ntk, tkcap;
    size_t *first; /* each account's first seat in d->users */
};

int64_t
pd_demo_launch_day(const struct pd_demo *d, size_t i)
{
    int64_t t = d->end - pd_demo_launches[i].days_before_end * PD_US_PER_DAY;

    return t - t % PD_US_PER_DAY;
}

static size_t
seats_of(const struct ctx *c, uint32_t a)
{
    return c->first[a + 1] - c->first[a];
}

/* A time in the office hours (09:00-17:00) of user ui, on the UTC day
 * that starts at day0. */
static int64_t
work_time(struct ctx *c, uint32_t ui, int64_t day0)
{
    int off = c->d->users[ui].c->utc_off;
    int hour = (9 + (int)pd_demo_rng_below(&c->r, 8) - off + 48) % 24;

    return day0 + hour * PD_US_PER_HOUR +
           pd_demo_rng_below(&c->r, 3600) * PD_US_PER_SEC +
           pd_demo_rng_below(&c->r, 1000000);
}

static void
add(struct ctx *c, int64_t t, uint32_t ui, uint8_t type)
{
    struct pd_demo_uev *e;

    if (t < c->d->start || t >= c->d->end)
        return;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        c->v = pd_xrealloc(c->v, c->cap * sizeof(*c->v));
    }
    e = &c->v[c->n++];
    memset(e, 0, sizeof(*e));
    e->t = t;
    e->session = t / 1000;
    e->r = pd_demo_rng_next(&c->r);
    e->user = ui;
    e->type = type;
    e->surface = PD_DEMO_SF_ADDON;
}

/* User ui uses the launch on day0: one to three events minutes apart. */
static void
use(struct ctx *c, uint32_t ui, int64_t day0, uint8_t type)
{
    int64_t t = work_time(c, ui, day0);
    unsigned k = 1 + pd_demo_rng_below(&c->r, 3);

    for (unsigned j = 0; j < k; j++) {
        add(c, t, ui, type);
        t += (20 + pd_demo_rng_below(&c->r, 600)) * PD_US_PER_SEC;
    }
}

static bool
working_day(int64_t day0)
{
    struct pd_tm tm;

    pd_time_split(day0, &tm);
    return tm.weekday <= 5;
}

/* Account a adopts on day `from`: one to three of its people use it on
 * about one working day in three until the end. */
static void
adopt(struct ctx *c, const struct pd_demo_launch *l, uint32_t a, int64_t from)
{
    size_t ns = seats_of(c, a);
    unsigned users = 1 + pd_demo_rng_below(&c->r, 3);

    for (unsigned k = 0; k < users && k < ns; k++) {
        uint32_t ui =
            (uint32_t)(c->first[a] + pd_demo_rng_below(&c->r, (uint32_t)ns));

        /* The first user's first use is the adoption day itself. */
        if (k == 0)
            use(c, ui, from, l->event);
        for (int64_t day = from + PD_US_PER_DAY; day < c->d->end;
             day += PD_US_PER_DAY)
            if (working_day(day) && pd_demo_rng_permille(&c->r, USE_PM))
                use(c, ui, day, l->event);
    }
}

static void
ticket(struct ctx *c, int64_t t, uint32_t a, uint32_t person,
       const char *subject)
{
    if (t < c->d->start || t >= c->d->end)
        return;
    if (c->ntk == c->tkcap) {
        c->tkcap = c->tkcap ? 2 * c->tkcap : 64;
        c->tk = pd_xrealloc(c->tk, c->tkcap * sizeof(*c->tk));
    }
    c->tk[c->ntk++] = (struct pd_demo_ticket_req){
        .created = t, .person = person, .account = a, .subject = subject};
}

/* n tickets from day0 over 28 days, subjects in turn, each from a contact
 * of an account with people. */
static void
tickets(struct ctx *c, int64_t day0, unsigned n, const char *const *subjects,
        size_t nsubjects)
{
    for (unsigned i = 0; i < n; i++) {
        uint32_t a = (uint32_t)pd_demo_rng_below(&c->r, (uint32_t)c->d->nacc);
        int64_t day =
            day0 + (int64_t)pd_demo_rng_below(&c->r, 28) * PD_US_PER_DAY;
        uint32_t p;

        if (seats_of(c, a) == 0)
            continue;
        p = pd_demo_rng_below(&c->r, (uint32_t)seats_of(c, a));
        ticket(c, work_time(c, (uint32_t)(c->first[a] + p), day), a, p,
               subjects[i % nsubjects]);
    }
}

static size_t
count(const char *const *v, size_t cap)
{
    size_t n = 0;

    while (n < cap && v[n])
        n++;
    return n;
}

/* n tickets of the default demo, scaled to the tickets asked for (a small
 * demo gets none: its ticket count stays the one asked for). */
static unsigned
scaled(const struct pd_demo *d, unsigned n)
{
    uint64_t all = (uint64_t)PD_DEMO_TICKETS_PER_WEEK * PD_DEMO_WEEKS;
    uint64_t t = d->o->tickets ? d->o->tickets : all;

    return (unsigned)((n * t + all / 2) / all);
}

static void
launch(struct ctx *c, size_t i)
{
    const struct pd_demo_launch *l = &pd_demo_launches[i];
    struct pd_demo *d = c->d;
    int64_t day0 = pd_demo_launch_day(d, i);
    unsigned beta = 0;

    for (uint32_t a = 0; a < d->nacc; a++) {
        double u;
        int64_t delay;

        /* The accounts going quiet do not try new things. */
        if (d->acc[a].at_risk || seats_of(c, a) == 0 ||
            !pd_demo_rng_permille(&c->r, l->adopt_pm))
            continue;
        u = pd_demo_rng_unit(&c->r);
        delay = (int64_t)(-log(1.0 - u) * l->mean_days);
        /* A couple of the keenest saw it in beta the week before. */
        if (delay == 0 && beta < BETA_ACC) {
            beta++;
            use(c,
                (uint32_t)(c->first[a] +
                           pd_demo_rng_below(&c->r, (uint32_t)seats_of(c, a))),
                day0 -
                    (2 + (int64_t)pd_demo_rng_below(&c->r, 5)) * PD_US_PER_DAY,
                l->event);
        }
        adopt(c, l, a, day0 + delay * PD_US_PER_DAY);
    }
    tickets(c, day0 - 28 * PD_US_PER_DAY, scaled(d, l->asks), l->ask_subjects,
            count(l->ask_subjects, PD_DEMO_NELEM(l->ask_subjects)));
    tickets(c, day0, scaled(d, l->bugs), l->bug_subjects,
            count(l->bug_subjects, PD_DEMO_NELEM(l->bug_subjects)));
}

void
pd_demo_launches_make(struct pd_demo *d)
{
    struct ctx c;

    memset(&c, 0, sizeof(c));
    c.d = d;
    c.r.s = pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_LAUNCH);
    c.first = pd_xcalloc(d->nacc + 1, sizeof(*c.first));
    /* The seats are laid out account by account (usage.c). */
    for (size_t ui = 0; ui < d->nusers; ui++)
        c.first[d->users[ui].account + 1]++;
    for (size_t a = 0; a < d->nacc; a++)
        c.first[a + 1] += c.first[a];
    for (size_t i = 0; i < PD_DEMO_NLAUNCHES; i++)
        launch(&c, i);
    pd_demo_xev_append(d, c.v, c.n);
    /* The tickets' attributes from a stream of their own. */
    c.r.s = pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_LAUNCH ^ 1);
    pd_demo_tickets_add(d, &c.r, c.tk, c.ntk);
    d->ltickets = c.ntk;
    free(c.v);
    free(c.tk);
    free(c.first);
}

/* ---- releases/releases.csv ----------------------------------------------- */

static size_t
rows_releases(struct pd_demo *d, const struct pd_demo_gen *g,
              struct pd_demo_wr *w)
{
    (void)g;
    for (size_t i = 0; i < PD_DEMO_NLAUNCHES; i++) {
        const struct pd_demo_launch *l = &pd_demo_launches[i];
        char date[16];
        struct pd_tm tm;

        pd_demo_wr_text(w, l->name);
        pd_demo_wr_ch(w, ',');
        pd_time_split(pd_demo_launch_day(d, i), &tm);
        (void)snprintf(date, sizeof(date), "%04lld-%02u-%02u",
                       (long long)tm.year, tm.month, tm.day);
        pd_demo_wr_str(w, date);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, l->area);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, pd_demo_evtypes[l->event].name);
        pd_demo_wr_str(w, ",,");
        pd_demo_wr_text(w, l->link);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, l->pattern);
        pd_demo_wr_eol(w);
    }
    return PD_DEMO_NLAUNCHES;
}

const struct pd_demo_gen pd_demo_launches_gens[] = {
    {.name = "releases/releases.csv",
     .source = "releases",
     .kind = "releases",
     .eol = "\n",
     .header = "name,date,product area,events,flag,link,pattern",
     .rows = rows_releases},
};
const size_t pd_demo_launches_ngens = PD_DEMO_NELEM(pd_demo_launches_gens);
