#include "jobs/demo/launches.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "common/xalloc.h"
#include "jobs/demo/accounts.h"
#include "jobs/demo/exposures.h"
#include "jobs/demo/nps.h"
#include "jobs/demo/rng.h"
#include "jobs/demo/tickets.h"
#include "jobs/demo/usage.h"
#include "jobs/demo/writer.h"

/* With the default end (Monday 2026-11-30): Bulk edit on Tuesday
 * 2026-10-06, Integrations hub on Tuesday 2026-11-10.  The subjects are
 * tickets.c's launch topics; the patterns match them, the NPS comments
 * below and nothing else the tickets and NPS of the demo say (its other
 * NPS comments speak of scheduled exports and Excel, not of these).  The
 * asks before say "please add", "would be great" or "missing feature", the
 * feature-request theme's words (transform/rules/themes.conf), and name the
 * launch as examples/requests.conf's rules do. */
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
      "Bulk edit: undo does not restore the old owners"},
     6,
     8,
     {"Please add bulk edit: changing report owners one by one takes hours.",
      "Good tool, but a bulk edit for reports would be great.",
      "Missing feature: bulk-edit of filters across all our dashboards."},
     {"Bulk edit saved our admins a whole afternoon, thank you!",
      "Love the new bulk edit for reports.",
      "Bulk edit is great, but undo should bring back the old owners."}},
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
     {"Integrations hub: Jira install fails with 403"},
     4,
     5,
     {"An integrations marketplace would be great, we still ask support "
      "for every install.",
      "Please add an integrations hub so we can install Jira ourselves."},
     {"The new integrations hub made connecting Salesforce a two-minute job.",
      "Integrations hub is nice, but Microsoft Teams is missing."}},
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
    size_t *first;         /* each account's first seat in d->users */
    int64_t *adopted;      /* the launch's adoption day per account, or NEVER */
    struct pd_demo_rng nr; /* the NPS responses' own stream */
    struct pd_demo_nps_req *nq;
    size_t nnq, nqcap;
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

/* n NPS comments of the default demo's 150 a week, scaled to the
 * responses asked for. */
static unsigned
scaled_nps(const struct pd_demo *d, unsigned n)
{
    uint64_t all = PD_DEMO_NPS_PER_WEEK;
    uint64_t per = d->o->nps_per_week ? d->o->nps_per_week : all;

    return (unsigned)((n * per + all / 2) / all);
}

static void
nps(struct ctx *c, int64_t day0, uint32_t a, uint8_t score, const char *text)
{
    int64_t t = day0 + (9 + pd_demo_rng_below(&c->nr, 8)) * PD_US_PER_HOUR +
                pd_demo_rng_below(&c->nr, 3600) * PD_US_PER_SEC;
    uint32_t person = pd_demo_rng_below(&c->nr, c->d->acc[a].ncontacts);

    if (t < c->d->start || t >= c->d->end)
        return;
    if (c->nnq == c->nqcap) {
        c->nqcap = c->nqcap ? 2 * c->nqcap : 32;
        c->nq = pd_xrealloc(c->nq, c->nqcap * sizeof(*c->nq));
    }
    c->nq[c->nnq++] = (struct pd_demo_nps_req){.at = t,
                                               .account = a,
                                               .person = person,
                                               .score = score,
                                               .comment = text};
}

/* Before the release: people of any account ask for it (passives and
 * mild detractors, 6-8). */
static void
nps_asks(struct ctx *c, const struct pd_demo_launch *l, int64_t day0)
{
    unsigned n = scaled_nps(c->d, l->nps_asks);
    size_t nt = count(l->nps_ask_texts, PD_DEMO_NELEM(l->nps_ask_texts));

    for (unsigned i = 0; i < n; i++) {
        uint32_t a = pd_demo_rng_below(&c->nr, (uint32_t)c->d->nacc);
        int64_t day = day0 - (28 - (int64_t)pd_demo_rng_below(&c->nr, 28)) *
                                 PD_US_PER_DAY;

        if (c->d->acc[a].ncontacts > 0)
            nps(c, day, a, (uint8_t)(6 + pd_demo_rng_below(&c->nr, 3)),
                l->nps_ask_texts[i % nt]);
    }
}

/* After it: people of accounts that adopted it, on a day after they did;
 * praise from promoters, the last text (a fault) from a passive. */
static void
nps_after(struct ctx *c, const struct pd_demo_launch *l)
{
    const struct pd_demo *d = c->d;
    unsigned n = scaled_nps(d, l->nps_after);
    size_t nt = count(l->nps_after_texts, PD_DEMO_NELEM(l->nps_after_texts));
    uint32_t *who = pd_xcalloc(d->nacc + 1, sizeof(*who));
    uint32_t nwho = 0;

    for (uint32_t a = 0; a < d->nacc; a++)
        if (c->adopted[a] < d->end - PD_US_PER_DAY && d->acc[a].ncontacts > 0)
            who[nwho++] = a;
    for (unsigned i = 0; i < n && nwho > 0; i++) {
        uint32_t a = who[pd_demo_rng_below(&c->nr, nwho)];
        int64_t left = (d->end - c->adopted[a]) / PD_US_PER_DAY - 1;
        int64_t day = c->adopted[a] +
                      (1 + (int64_t)pd_demo_rng_below(&c->nr, (uint32_t)left)) *
                          PD_US_PER_DAY;
        bool fault = nt > 1 && i % nt == nt - 1;

        nps(c, day, a, fault ? 7 : (uint8_t)(9 + pd_demo_rng_below(&c->nr, 2)),
            l->nps_after_texts[i % nt]);
    }
    free(who);
}

static void
launch(struct ctx *c, size_t i)
{
    const struct pd_demo_launch *l = &pd_demo_launches[i];
    struct pd_demo *d = c->d;
    int64_t day0 = pd_demo_launch_day(d, i);
    unsigned beta = 0;

    for (uint32_t a = 0; a < d->nacc; a++)
        c->adopted[a] = PD_DEMO_NEVER;
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
        c->adopted[a] = day0 + delay * PD_US_PER_DAY;
        adopt(c, l, a, c->adopted[a]);
    }
    tickets(c, day0 - 28 * PD_US_PER_DAY, scaled(d, l->asks), l->ask_subjects,
            count(l->ask_subjects, PD_DEMO_NELEM(l->ask_subjects)));
    tickets(c, day0, scaled(d, l->bugs), l->bug_subjects,
            count(l->bug_subjects, PD_DEMO_NELEM(l->bug_subjects)));
    nps_asks(c, l, day0);
    nps_after(c, l);
}

size_t
pd_demo_launches_make(struct pd_demo *d)
{
    struct ctx c;
    size_t nnps;

    memset(&c, 0, sizeof(c));
    c.d = d;
    c.r.s = pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_LAUNCH);
    c.nr.s = pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_LAUNCH ^ 2);
    c.first = pd_xcalloc(d->nacc + 1, sizeof(*c.first));
    c.adopted = pd_xcalloc(d->nacc + 1, sizeof(*c.adopted));
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
    pd_demo_nps_add(d, &c.nr, c.nq, c.nnq);
    nnps = c.nnq;
    free(c.v);
    free(c.tk);
    free(c.first);
    free(c.adopted);
    free(c.nq);
    return nnps;
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
