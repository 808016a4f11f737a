#include "jobs/demo/tickets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "common/xalloc.h"
#include "jobs/demo/accounts.h"
#include "jobs/demo/writer.h"

#define CLOSE_AFTER (4 * PD_US_PER_DAY) /* Zendesk's default auto-close */

/* ---- tickets: topics and vendor vocabularies ---------------------------- */

static const char *const agents[] = {
    "Avery Collins", "Jordan Reyes",    "Sam Patel",   "Riley Novak",
    "Morgan Blake",  "Casey Lindqvist", "Taylor Osei", "Jamie Moreau",
    "Alex Brennan",  "Quinn Tanaka"};

enum type { TY_QUESTION, TY_INCIDENT, TY_PROBLEM, TY_TASK, NTYPE };

/* '^' in a subject is replaced by the ticket's reference number.  Some
 * subjects carry commas, quotes and a newline on purpose: real exports do. */
static const struct topic {
    const char *area; /* Zendesk "Product Area [list]", Freshdesk Product */
    const char *group;
    const char *category; /* HubSpot Category */
    enum type type;
    uint16_t weight;
    uint16_t rising; /* extra weight, percent, reached in the last week */
    const char *tags[3];
    const char *subjects[7];
} topics[] = {
    {.area = "Billing",
     .group = "Billing",
     .category = "Billing issue",
     .type = TY_QUESTION,
     .weight = 14,
     .rising = 250,
     .tags = {"billing", "invoice"},
     .subjects =
         {"Invoice #^ shows the wrong amount",
          "Charged twice this month, please refund",
          "Card declined when upgrading our plan",
          "Need a copy of invoice #^ for our finance team",
          "Why did our bill go up? \"Usage overage\" line item",
          "Billing contact change\nPlease send invoices to our AP mailbox"}},
    {.area = "Login & Access",
     .group = "Technical Support",
     .category = "Product issue",
     .type = TY_INCIDENT,
     .weight = 12,
     .rising = 250,
     .tags = {"login", "access"},
     .subjects = {"Can't log in after password reset",
                  "SSO login loops back to the sign-in page",
                  "Locked out: \"too many attempts\" error",
                  "2FA code never arrives, can't log in",
                  "Login fails on the mobile app\nSent from my phone",
                  "New hire can't access the workspace, invite expired"}},
    {.area = "Performance",
     .group = "Technical Support",
     .category = "Product issue",
     .type = TY_INCIDENT,
     .weight = 9,
     .tags = {"performance", "slow"},
     .subjects = {"Dashboard takes over a minute to load",
                  "Reports are very slow today",
                  "Timeouts opening large projects, ref ^",
                  "\"Loading...\" spinner never ends on Board view"}},
    {.area = "Core App",
     .group = "Technical Support",
     .category = "Product issue",
     .type = TY_PROBLEM,
     .weight = 16,
     .tags = {"bug"},
     .subjects = {"Export button does nothing in Chrome",
                  "Error 500 when saving a view",
                  "Chart shows \"NaN\" instead of totals",
                  "Filters reset after refresh, again",
                  "Bug: duplicated rows in report #^"}},
    {.area = "Integrations",
     .group = "Technical Support",
     .category = "Product issue",
     .type = TY_INCIDENT,
     .weight = 10,
     .tags = {"integration", "webhook"},
     .subjects = {"Webhook deliveries failing since yesterday",
                  "CRM sync stopped, last run ^", "API returns 429 too often",
                  "Chat alerts not arriving in our channel"}},
    {.area = "Onboarding",
     .group = "Onboarding",
     .category = "General inquiry",
     .type = TY_QUESTION,
     .weight = 9,
     .tags = {"onboarding", "how_to"},
     .subjects = {"How do I invite my team?",
                  "Setting up our workspace, a few questions",
                  "Importing existing projects: where to start?"}},
    {.area = "Data Export",
     .group = "Technical Support",
     .category = "Product issue",
     .type = TY_QUESTION,
     .weight = 8,
     .tags = {"export", "csv"},
     .subjects = {"CSV export cuts off at 10,000 rows",
                  "Scheduled export e-mail is missing the attachment",
                  "Need a full data export for an audit, ref ^"}},
    {.area = "Core App",
     .group = "Support",
     .category = "Feature request",
     .type = TY_TASK,
     .weight = 9,
     .tags = {"feature_request"},
     .subjects = {"Feature request: dark mode", "Please add SAML group mapping",
                  "Would love a \"duplicate dashboard\" button"}},
    {.area = "Billing",
     .group = "Billing",
     .category = "Billing issue",
     .type = TY_QUESTION,
     .weight = 5,
     .tags = {"pricing", "sales"},
     .subjects = {"Quote for 25 more seats",
                  "Discount for an annual plan, nonprofit",
                  "Difference between Growth and Enterprise?"}},
    {.area = "Core App",
     .group = "Support",
     .category = "General inquiry",
     .type = TY_QUESTION,
     .weight = 8,
     .tags = {"ux"},
     .subjects = {"Confusing new navigation, where did Settings go?",
                  "Font too small on the reports page"}},
    /* The launches' (launches.c): never drawn (weight 0, and last, so the
     * picks above are the same with or without them), only asked for by
     * pd_demo_tickets_add().  Before a launch customers ask for it, after
     * it a few report its first bugs. */
    {.area = "Core App",
     .group = "Support",
     .category = "Feature request",
     .type = TY_TASK,
     .tags = {"feature_request"},
     .subjects = {"Feature request: bulk edit for reports",
                  "Changing the owner of 200 reports one by one: a bulk edit "
                  "would be great",
                  "Please add bulk-edit for report filters"}},
    {.area = "Core App",
     .group = "Technical Support",
     .category = "Product issue",
     .type = TY_PROBLEM,
     .tags = {"bug"},
     .subjects = {"Bulk edit skipped some of the selected reports",
                  "Bulk edit: undo does not restore the old owners"}},
    {.area = "Integrations",
     .group = "Support",
     .category = "Feature request",
     .type = TY_TASK,
     .tags = {"feature_request", "integration"},
     .subjects = {"An integrations marketplace would be great: we need Jira "
                  "and Salesforce",
                  "Feature request: an integrations hub to install apps "
                  "ourselves"}},
    {.area = "Integrations",
     .group = "Technical Support",
     .category = "Product issue",
     .type = TY_INCIDENT,
     .tags = {"integration"},
     .subjects = {"Integrations hub: Jira install fails with 403"}},
};

enum vendor { V_ZENDESK, V_FRESHDESK, V_HUBSPOT, NVENDOR };
enum channel { CH_EMAIL, CH_WEB, CH_CHAT, CH_PHONE, CH_API, NCHANNEL };
enum state {
    ST_NEW,           /* no agent reply yet */
    ST_OPEN,          /* agent working on it */
    ST_PENDING,       /* asked the customer */
    ST_WAIT_CUSTOMER, /* same, Freshdesk's custom status */
    ST_HOLD,          /* waiting on a third party */
    ST_SOLVED,
    ST_CLOSED,
    NSTATE
};
enum csat { CS_NONE, CS_OFFERED, CS_GOOD, CS_BAD, NCSAT };

static const struct vendor_info {
    uint16_t share; /* of all tickets, per mille */
    uint16_t channel_w[NCHANNEL];
    const char *channel[NCHANNEL];
    const char *priority[4];
    const char *state[NSTATE];
    const char *type[NTYPE];
    const char *csat[NCSAT];
    char tag_sep;
} vendors[NVENDOR] = {
    [V_ZENDESK] = {600,
                   {40, 25, 20, 8, 7},
                   {"Mail", "Web form", "Native Messaging",
                    "Phone call (voice)", "API"},
                   {"Low", "Normal", "High", "Urgent"},
                   {"New", "Open", "Pending", "Pending", "Hold", "Solved",
                    "Closed"},
                   {"Question", "Incident", "Problem", "Task"},
                   {"", "Offered", "Good", "Bad"},
                   ' '},
    [V_FRESHDESK] = {250,
                     {50, 30, 12, 8, 0},
                     {"Email", "Portal", "Chat", "Phone", "Email"},
                     {"Low", "Medium", "High", "Urgent"},
                     {"Open", "Open", "Pending", "Waiting on Customer",
                      "Waiting on Third Party", "Resolved", "Closed"},
                     {"Question", "Incident", "Problem", "Feature Request"},
                     {"", "", "Awesome", "Not Good"},
                     ','},
    [V_HUBSPOT] = {150,
                   {45, 20, 30, 5, 0},
                   {"Email", "Form", "Chat", "Phone", "Email"},
                   {"Low", "Medium", "High", "Urgent"},
                   {"New", "Waiting on us", "Waiting on contact",
                    "Waiting on contact", "Waiting on us", "Closed", "Closed"},
                   {"", "", "", ""},
                   {"", "", "", ""},
                   ';'},
};

static const uint16_t priority_w[] = {25, 55, 15, 5};
/* ST_OPEN, ST_PENDING, ST_WAIT_CUSTOMER, ST_HOLD while in progress. */
static const uint16_t waiting_w[] = {35, 35, 20, 10};
static const uint16_t csat_w[NCSAT] = {15, 35, 42, 8};

enum {
    F_NO_ORG = 1,       /* Organization left blank */
    F_NO_AREA = 2,      /* Product Area "-" */
    F_BLANK_SOLVED = 4, /* unsolved shows blank, not the 1900 sentinel */
    F_TRIAL = 8,        /* person is an experiment's trial user number */
};

struct pd_demo_ticket {
    int64_t created, first_reply, mid, solved1, reopen,
        solved2;      /* PD_DEMO_NEVER */
    uint64_t id;      /* the vendor's ticket id */
    uint32_t seq;     /* creation order before the duplicate pass */
    uint32_t account; /* PD_DEMO_NO_ACCOUNT: an unknown free-mail requester */
    uint32_t person;  /* contact number in the account, or a person seed */
    uint32_t num;     /* reference number pasted into the subject */
    uint8_t vendor, topic, subject, priority, channel, agent, csat, waiting,
        type, flags, replies;
};

/* What a vendor export shows of ticket t at time `at`. */
struct view {
    const struct pd_demo *d;
    const struct pd_demo_ticket *t;
    const struct pd_demo_account *a; /* NULL when none */
    const struct vendor_info *vi;
    enum state state;
    enum csat csat;
    int64_t first_reply, solved, closed, updated; /* PD_DEMO_NEVER: not yet */
    unsigned reopens, replies;
    struct pd_demo_person p;
};

static uint64_t
contact_hash(const struct pd_demo *d, const struct pd_demo_ticket *t)
{
    return pd_demo_person_hash(d, t->account, t->person);
}

static bool
uses_free_mail(const struct pd_demo_ticket *t, uint64_t h)
{
    return pd_demo_person_free_mail(t->account, h);
}

static void
person_make(const struct pd_demo *d, const struct pd_demo_ticket *t,
            struct pd_demo_person *p)
{
    if (t->flags & F_TRIAL)
        pd_demo_trial_person(d, t->person, p);
    else
        pd_demo_person_of(d, t->account, t->person, p);
}

/* ---- tickets: the truth ------------------------------------------------ */

static unsigned
subject_count(const struct topic *tp)
{
    unsigned n = 0;

    while (n < PD_DEMO_NELEM(tp->subjects) && tp->subjects[n])
        n++;
    return n;
}

static unsigned
topic_pick(const struct pd_demo *d, struct pd_demo_rng *r, int64_t created)
{
    uint16_t w[PD_DEMO_NELEM(topics)];
    double k = pd_demo_ramp(d, created);

    /* Floating point only inside the ramp: this runs once per row. */
    for (size_t i = 0; i < PD_DEMO_NELEM(topics); i++)
        w[i] =
            k > 0.0
                ? (uint16_t)(topics[i].weight * (100.0 + topics[i].rising * k))
                : (uint16_t)(topics[i].weight * 100);
    return pd_demo_rng_pick(r, w, PD_DEMO_NELEM(topics));
}

static void
requester_pick(const struct pd_demo *d, struct pd_demo_rng *r,
               struct pd_demo_ticket *t)
{
    uint32_t n, a, b;
    bool free_mail_user;

    if (pd_demo_rng_permille(r, 30)) {
        t->account = PD_DEMO_NO_ACCOUNT;
        t->person = (uint32_t)pd_demo_rng_next(r);
        t->flags |= F_NO_ORG;
        return;
    }
    t->account = pd_demo_account_pick(d, r);
    /* The smaller of two draws: a few power users write most tickets. */
    n = d->acc[t->account].ncontacts;
    a = pd_demo_rng_below(r, n);
    b = pd_demo_rng_below(r, n);
    t->person = a < b ? a : b;
    /* Agents set the organization by hand for half of the personal
     * addresses; a few company addresses lose it too. */
    free_mail_user = uses_free_mail(t, contact_hash(d, t));
    if (pd_demo_rng_permille(r, free_mail_user ? 500 : 40))
        t->flags |= F_NO_ORG;
}

static unsigned
vendor_pick(struct pd_demo_rng *r)
{
    uint16_t w[NVENDOR];

    for (size_t i = 0; i < NVENDOR; i++)
        w[i] = vendors[i].share;
    return pd_demo_rng_pick(r, w, NVENDOR);
}

/* Everything but the lifecycle; vendor < 0 picks one by market share. */
static void
ticket_attrs(const struct pd_demo *d, struct pd_demo_rng *r,
             struct pd_demo_ticket *t, int vendor)
{
    requester_pick(d, r, t);
    t->topic = (uint8_t)topic_pick(d, r, t->created);
    t->subject =
        (uint8_t)pd_demo_rng_below(r, subject_count(&topics[t->topic]));
    t->num = 1000 + pd_demo_rng_below(r, 90000);
    t->vendor = (uint8_t)(vendor >= 0 ? (unsigned)vendor : vendor_pick(r));
    t->channel =
        (uint8_t)pd_demo_rng_pick(r, vendors[t->vendor].channel_w, NCHANNEL);
    t->priority =
        (uint8_t)pd_demo_rng_pick(r, priority_w, PD_DEMO_NELEM(priority_w));
    t->agent = (uint8_t)pd_demo_rng_below(r, PD_DEMO_NELEM(agents));
    t->waiting =
        (uint8_t)(ST_OPEN +
                  pd_demo_rng_pick(r, waiting_w, PD_DEMO_NELEM(waiting_w)));
    t->type =
        (uint8_t)(pd_demo_rng_permille(r, 800) ? topics[t->topic].type
                                               : pd_demo_rng_below(r, NTYPE));
    if (pd_demo_rng_permille(r, 120))
        t->flags |= F_NO_AREA;
    if (pd_demo_rng_permille(r, 300))
        t->flags |= F_BLANK_SOLVED;
}

static int64_t
hours_us(double h, double lo, double hi)
{
    h = h < lo ? lo : h > hi ? hi : h;
    return (int64_t)(h * (double)PD_US_PER_HOUR);
}

/* First reply a few hours after creation (minutes on chat and phone,
 * faster for urgent), solved a day or so later, 6% reopened within days,
 * 2% stuck forever. */
static void
ticket_life(struct pd_demo_rng *r, struct pd_demo_ticket *t)
{
    static const double channel_speed[NCHANNEL] = {1.0, 1.0, 0.08, 0.03, 1.2};
    static const double priority_speed[4] = {1.4, 1.0, 0.6, 0.3};
    double speed = channel_speed[t->channel] * priority_speed[t->priority];

    t->first_reply =
        t->created + PD_US_PER_SEC * pd_demo_rng_below(r, 60) +
        hours_us(pd_demo_rng_lognormal(r, 2.5, 1.0) * speed, 1.0 / 60, 144);
    t->replies =
        (uint8_t)(1 + pd_demo_rng_below(r, 2) +
                  (pd_demo_rng_permille(r, 300) ? pd_demo_rng_below(r, 5) : 0));
    t->mid = t->solved1 = t->reopen = t->solved2 = PD_DEMO_NEVER;
    t->csat = CS_NONE;
    if (pd_demo_rng_permille(r, 20)) {
        t->mid = t->first_reply +
                 hours_us(pd_demo_rng_lognormal(r, 30, 0.8), 1, 999);
        return;
    }
    t->solved1 = t->first_reply + hours_us(pd_demo_rng_lognormal(r, 20, 1.1) *
                                               priority_speed[t->priority],
                                           0.1, 720);
    if (t->replies >= 2)
        t->mid =
            t->first_reply + (int64_t)((double)(t->solved1 - t->first_reply) *
                                       pd_demo_rng_unit(r));
    if (pd_demo_rng_permille(r, 60)) {
        /* Reopened before the four-day auto-close. */
        t->reopen =
            t->solved1 + hours_us(pd_demo_rng_lognormal(r, 20, 0.8), 1, 84);
        t->solved2 =
            t->reopen + hours_us(pd_demo_rng_lognormal(r, 6, 1.0), 0.2, 240);
        t->replies++;
    }
    t->csat = (uint8_t)pd_demo_rng_pick(r, csat_w, NCSAT);
}

/* Creation times: weekday seasonality, a slow growth over the half year,
 * a bump in the last four weeks, day-to-day noise, office-hours peaks.
 * Day k of the ticket list is found by inverting the cumulative weights,
 * so the total is exact. */
static void
created_times(struct pd_demo *d, struct pd_demo_rng *r)
{
    size_t ndays = (size_t)PD_DEMO_WEEKS * 7, day = 0;
    double *cum = pd_xmalloc((ndays + 1) * sizeof(*cum));

    cum[0] = 0.0;
    for (size_t i = 0; i < ndays; i++) {
        int64_t t = d->start + (int64_t)i * PD_US_PER_DAY;
        struct pd_tm tm;

        pd_time_split(t, &tm);
        cum[i + 1] = cum[i] + pd_demo_weekday_w[tm.weekday - 1] *
                                  (1.0 + 0.15 * (double)i / (double)ndays) *
                                  (1.0 + 0.25 * pd_demo_ramp(d, t)) *
                                  (0.85 + 0.3 * pd_demo_rng_unit(r));
    }
    for (size_t k = 0; k < d->ntk; k++) {
        double target = ((double)k + 0.5) / (double)d->ntk * cum[ndays];
        struct pd_demo_ticket *t = &d->tk[k];

        while (day + 1 < ndays && cum[day + 1] < target)
            day++;
        t->created = d->start + (int64_t)day * PD_US_PER_DAY +
                     pd_demo_rng_pick(r, pd_demo_hour_w, 24) * PD_US_PER_HOUR +
                     pd_demo_rng_below(r, 3600) * PD_US_PER_SEC;
        t->seq = (uint32_t)k;
    }
    free(cum);
}

/* A customer who e-mails and then opens a chat: the same requester and
 * subject minutes apart in another tool (SPEC §4 probable duplicates). */
static void
cross_source_duplicates(struct pd_demo *d, struct pd_demo_rng *r)
{
    for (size_t k = 1; k < d->ntk; k++) {
        struct pd_demo_ticket *t = &d->tk[k];
        const struct pd_demo_ticket *prev = &d->tk[k - 1];
        int64_t when;

        if (!pd_demo_rng_permille(r, 15) || prev->account == PD_DEMO_NO_ACCOUNT)
            continue;
        when =
            prev->created + (2 + pd_demo_rng_below(r, 24)) * PD_DEMO_US_MINUTE;
        if (when >= d->end)
            continue;
        t->created = when;
        t->account = prev->account;
        t->person = prev->person;
        t->flags = prev->flags;
        t->topic = prev->topic;
        t->subject = prev->subject;
        t->num = prev->num;
        t->vendor =
            (uint8_t)((prev->vendor + 1 + pd_demo_rng_below(r, 2)) % NVENDOR);
        t->channel = (uint8_t)pd_demo_rng_pick(r, vendors[t->vendor].channel_w,
                                               NCHANNEL);
    }
}

static int
by_created(const void *pa, const void *pb)
{
    const struct pd_demo_ticket *a = pa, *b = pb;

    if (a->created != b->created)
        return a->created < b->created ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Per-vendor id shapes: Zendesk sequential with gaps (deleted and spam
 * tickets use ids too), Freshdesk sequential, HubSpot large and sparse. */
static const struct id_rule {
    uint64_t base;
    uint32_t base_jitter, step, step_jitter;
} id_rules[NVENDOR] = {
    [V_ZENDESK] = {30000, 20000, 1, 3},
    [V_FRESHDESK] = {1000, 500, 1, 0},
    [V_HUBSPOT] = {1500000000, 100000000, 1000, 90000},
};

static void
assign_ids(struct pd_demo *d, struct pd_demo_rng *r)
{
    uint64_t next[NVENDOR];

    for (size_t v = 0; v < NVENDOR; v++)
        next[v] =
            id_rules[v].base + pd_demo_rng_below(r, id_rules[v].base_jitter);
    for (size_t k = 0; k < d->ntk; k++) {
        struct pd_demo_ticket *t = &d->tk[k];
        const struct id_rule *ir = &id_rules[t->vendor];

        t->id = next[t->vendor];
        next[t->vendor] += ir->step;
        if (ir->step_jitter &&
            pd_demo_rng_permille(r, t->vendor == V_ZENDESK ? 50 : 1000))
            next[t->vendor] += pd_demo_rng_below(r, ir->step_jitter) + 1;
    }
}

void
pd_demo_tickets_make(struct pd_demo *d)
{
    struct pd_demo_rng *r = &d->rng;

    d->ntk = d->o->tickets ? d->o->tickets
                           : (size_t)PD_DEMO_TICKETS_PER_WEEK * PD_DEMO_WEEKS;
    d->tk = pd_xcalloc(d->ntk, sizeof(*d->tk));
    created_times(d, r);
    qsort(d->tk, d->ntk, sizeof(*d->tk), by_created);
    for (size_t k = 0; k < d->ntk; k++)
        ticket_attrs(d, r, &d->tk[k], -1);
    cross_source_duplicates(d, r);
    for (size_t k = 0; k < d->ntk; k++)
        ticket_life(r, &d->tk[k]);
    qsort(d->tk, d->ntk, sizeof(*d->tk), by_created);
    assign_ids(d, r);
}

/* ---- tickets from the experiments' users ------------------------------- */

static unsigned
topic_of(const char *area)
{
    for (size_t i = 0; i < PD_DEMO_NELEM(topics); i++)
        if (strcmp(topics[i].area, area) == 0)
            return (unsigned)i;
    PD_BUG("no demo ticket topic \"%s\"", area);
}

/* The topic and subject whose text is `subject` exactly. */
static void
subject_of(const char *subject, uint8_t *topic, uint8_t *k)
{
    for (size_t i = 0; i < PD_DEMO_NELEM(topics); i++)
        for (unsigned j = 0; j < subject_count(&topics[i]); j++)
            if (strcmp(topics[i].subjects[j], subject) == 0) {
                *topic = (uint8_t)i;
                *k = (uint8_t)j;
                return;
            }
    PD_BUG("no demo ticket subject \"%s\"", subject);
}

/* A trial user's ticket: no organization, the topic asked for; or an
 * account's contact's, with the subject asked for.  Zendesk or Freshdesk
 * (the tools their sign-up form and chat widget feed). */
static void
request_attrs(struct pd_demo_rng *r, struct pd_demo_ticket *t,
              const struct pd_demo_ticket_req *q)
{
    t->created = q->created;
    if (q->subject) {
        t->account = q->account;
        t->person = q->person;
        subject_of(q->subject, &t->topic, &t->subject);
    } else {
        t->account = PD_DEMO_NO_ACCOUNT;
        t->person = q->person;
        t->flags = F_NO_ORG | F_TRIAL;
        t->topic = (uint8_t)topic_of(q->area);
        t->subject =
            (uint8_t)pd_demo_rng_below(r, subject_count(&topics[t->topic]));
    }
    t->num = 1000 + pd_demo_rng_below(r, 90000);
    t->vendor = pd_demo_rng_permille(r, 700) ? V_ZENDESK : V_FRESHDESK;
    t->channel =
        (uint8_t)pd_demo_rng_pick(r, vendors[t->vendor].channel_w, NCHANNEL);
    t->priority =
        (uint8_t)pd_demo_rng_pick(r, priority_w, PD_DEMO_NELEM(priority_w));
    t->agent = (uint8_t)pd_demo_rng_below(r, PD_DEMO_NELEM(agents));
    t->waiting =
        (uint8_t)(ST_OPEN +
                  pd_demo_rng_pick(r, waiting_w, PD_DEMO_NELEM(waiting_w)));
    t->type = (uint8_t)topics[t->topic].type;
    if (pd_demo_rng_permille(r, 300))
        t->flags |= F_BLANK_SOLVED;
}

void
pd_demo_tickets_add(struct pd_demo *d, struct pd_demo_rng *r,
                    const struct pd_demo_ticket_req *q, size_t n)
{
    uint64_t next[NVENDOR] = {0};

    /* Ids continue after the vendor's last: these tickets come last in an
     * export sorted by id, and no existing row changes. */
    for (size_t k = 0; k < d->ntk; k++) {
        const struct pd_demo_ticket *t = &d->tk[k];

        if (t->id + id_rules[t->vendor].step > next[t->vendor])
            next[t->vendor] = t->id + id_rules[t->vendor].step;
    }
    d->tk = pd_xrealloc(d->tk, (d->ntk + n) * sizeof(*d->tk));
    for (size_t i = 0; i < n; i++) {
        struct pd_demo_ticket *t = &d->tk[d->ntk + i];

        memset(t, 0, sizeof(*t));
        t->seq = (uint32_t)(d->ntk + i);
        request_attrs(r, t, &q[i]);
        ticket_life(r, t);
        t->id = next[t->vendor];
        next[t->vendor] += id_rules[t->vendor].step;
    }
    d->ntk += n;
}

/* ---- tickets: what an export shows at a snapshot ----------------------- */

static int64_t
seen(int64_t event, int64_t at)
{
    return event < at ? event : PD_DEMO_NEVER;
}

static int64_t
latest(const int64_t *events, size_t n, int64_t at)
{
    int64_t best = INT64_MIN;

    for (size_t i = 0; i < n; i++)
        if (events[i] < at && events[i] > best)
            best = events[i];
    return best;
}

static enum csat
view_csat(const struct pd_demo_ticket *t, int64_t final, int64_t at)
{
    int64_t offered, rated;

    if (final == PD_DEMO_NEVER || t->csat == CS_NONE)
        return CS_NONE;
    /* Surveys go out a day after the solve; answers trickle in. */
    offered = final + PD_US_PER_DAY;
    rated = offered + (1 + t->num % 20) * PD_US_PER_HOUR;
    if (offered >= at)
        return CS_NONE;
    if (t->csat == CS_OFFERED || rated >= at)
        return CS_OFFERED;
    return (enum csat)t->csat;
}

static int64_t
view_updated(const struct pd_demo_ticket *t, int64_t final, int64_t closed,
             int64_t at)
{
    int64_t offered = PD_DEMO_NEVER, rated = PD_DEMO_NEVER;

    if (final != PD_DEMO_NEVER && t->csat != CS_NONE) {
        offered = final + PD_US_PER_DAY;
        if (t->csat != CS_OFFERED)
            rated = offered + (1 + t->num % 20) * PD_US_PER_HOUR;
    }
    {
        const int64_t ev[] = {t->created, t->first_reply, t->mid,
                              t->solved1, t->reopen,      t->solved2,
                              offered,    rated,          closed};
        return latest(ev, PD_DEMO_NELEM(ev), at);
    }
}

static void
view_at(struct view *v, const struct pd_demo *d, const struct pd_demo_ticket *t,
        int64_t at)
{
    int64_t final = t->reopen != PD_DEMO_NEVER ? t->solved2 : t->solved1;
    bool reopened = t->reopen < at;

    v->d = d;
    v->t = t;
    v->a = t->account == PD_DEMO_NO_ACCOUNT ? NULL : &d->acc[t->account];
    v->vi = &vendors[t->vendor];
    v->first_reply = seen(t->first_reply, at);
    v->solved = seen(reopened ? t->solved2 : t->solved1, at);
    v->closed = final != PD_DEMO_NEVER && final + CLOSE_AFTER < at
                    ? final + CLOSE_AFTER
                    : PD_DEMO_NEVER;
    v->reopens = reopened;
    if (v->closed != PD_DEMO_NEVER)
        v->state = ST_CLOSED;
    else if (v->solved != PD_DEMO_NEVER)
        v->state = ST_SOLVED;
    else if (v->first_reply == PD_DEMO_NEVER)
        v->state = ST_NEW;
    else
        v->state = reopened ? ST_OPEN : (enum state)t->waiting;
    v->csat = view_csat(t, final, at);
    if (v->first_reply == PD_DEMO_NEVER)
        v->replies = 0;
    else if (final < at)
        v->replies = t->replies;
    else
        v->replies = 1u + (t->mid < at) + reopened;
    if (v->replies > t->replies)
        v->replies = t->replies;
    v->updated = view_updated(t, final, v->closed, at);
    person_make(d, t, &v->p);
}

/* ---- tickets: columns -------------------------------------------------- */

struct pd_demo_col {
    const char *name;
    void (*put)(struct pd_demo_wr *w, const struct view *v);
};

/* Decimal digits of v into out[11], NUL-terminated. */
static void
fmt_u32(char *out, uint32_t v)
{
    char tmp[10];
    size_t k = 0, i = 0;

    do {
        tmp[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (k > 0)
        out[i++] = tmp[--k];
    out[i] = '\0';
}

/* The subject with '^' replaced by the reference number (by hand: this
 * runs once per bench row). */
static void
subject_format(const struct pd_demo_ticket *t, char *buf, size_t cap)
{
    const char *s = topics[t->topic].subjects[t->subject];
    const char *hole = strchr(s, '^');
    char num[11];
    size_t n = 0;

    buf[0] = '\0';
    if (!hole) {
        pd_demo_append(buf, &n, cap, s);
        return;
    }
    fmt_u32(num, t->num);
    pd_demo_append_n(buf, &n, cap, s, (size_t)(hole - s));
    pd_demo_append(buf, &n, cap, num);
    pd_demo_append(buf, &n, cap, hole + 1);
}

static void
tags_format(const struct view *v, char *buf, size_t cap)
{
    const struct topic *tp = &topics[v->t->topic];
    const char sep[2] = {v->vi->tag_sep, '\0'};
    const char *extra[3] = {NULL, NULL, NULL};
    size_t n = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < PD_DEMO_NELEM(tp->tags) && tp->tags[i]; i++) {
        if (n)
            pd_demo_append(buf, &n, cap, sep);
        pd_demo_append(buf, &n, cap, tp->tags[i]);
    }
    if (v->a) {
        extra[0] = pd_demo_plans[v->a->plan].tag;
        if (v->a->plan == PD_DEMO_PLAN_ENTERPRISE)
            extra[1] = "vip";
    }
    if (v->reopens)
        extra[2] = "reopened";
    for (size_t i = 0; i < PD_DEMO_NELEM(extra); i++) {
        if (!extra[i])
            continue;
        pd_demo_append(buf, &n, cap, sep);
        pd_demo_append(buf, &n, cap, extra[i]);
    }
}

static void
put_id(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_u64(w, v->t->id);
}

static void
put_requester(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_text(w, v->p.name);
}

static void
put_email(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_text(w, v->p.email);
}

static void
put_domain(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_text(w, v->p.domain);
}

/* Nobody is assigned until the first reply. */
static void
put_agent(struct pd_demo_wr *w, const struct view *v)
{
    if (v->state != ST_NEW)
        pd_demo_wr_text(w, agents[v->t->agent]);
}

static void
put_group(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_text(w, topics[v->t->topic].group);
}

static void
put_subject(struct pd_demo_wr *w, const struct view *v)
{
    char buf[256];

    subject_format(v->t, buf, sizeof(buf));
    pd_demo_wr_text(w, buf);
}

static void
put_tags(struct pd_demo_wr *w, const struct view *v)
{
    char buf[256];

    tags_format(v, buf, sizeof(buf));
    pd_demo_wr_text(w, buf);
}

static void
put_status(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_text(w, v->vi->state[v->state]);
}

static void
put_priority(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_text(w, v->vi->priority[v->t->priority]);
}

static void
put_channel(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_text(w, v->vi->channel[v->t->channel]);
}

static void
put_type(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_text(w, v->vi->type[v->t->type]);
}

static void
put_org(struct pd_demo_wr *w, const struct view *v)
{
    if (v->a && !(v->t->flags & F_NO_ORG))
        pd_demo_wr_text(w, v->a->name);
}

static void
put_csat(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_text(w, v->vi->csat[v->csat]);
}

static void
put_reopens(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_u64(w, v->reopens);
}

static void
put_replies(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_u64(w, v->replies);
}

static void
put_area(struct pd_demo_wr *w, const struct view *v)
{
    if (!(v->t->flags & F_NO_AREA))
        pd_demo_wr_text(w, topics[v->t->topic].area);
}

/* Zendesk custom list fields export "-" when empty (formats.md §1.1). */
static void
put_area_list(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_text(w,
                    v->t->flags & F_NO_AREA ? "-" : topics[v->t->topic].area);
}

static void
put_when(struct pd_demo_wr *w, int64_t us, bool seconds)
{
    if (us != PD_DEMO_NEVER)
        pd_demo_wr_datetime(w, us, seconds);
}

static void
put_created_s(struct pd_demo_wr *w, const struct view *v)
{
    put_when(w, v->t->created, true);
}

static void
put_updated_s(struct pd_demo_wr *w, const struct view *v)
{
    put_when(w, v->updated, true);
}

static void
put_solved_s(struct pd_demo_wr *w, const struct view *v)
{
    put_when(w, v->solved, true);
}

static void
put_closed_s(struct pd_demo_wr *w, const struct view *v)
{
    put_when(w, v->closed, true);
}

static void
put_created_m(struct pd_demo_wr *w, const struct view *v)
{
    put_when(w, v->t->created, false);
}

static void
put_updated_m(struct pd_demo_wr *w, const struct view *v)
{
    put_when(w, v->updated, false);
}

static void
put_solved_m(struct pd_demo_wr *w, const struct view *v)
{
    put_when(w, v->solved, false);
}

static void
put_first_reply_m(struct pd_demo_wr *w, const struct view *v)
{
    put_when(w, v->first_reply, false);
}

/* Unsolved: the 1900 sentinel in most rows, blank in some (both occur in
 * one real Zendesk file, formats.md §0). */
static void
put_zendesk_solved(struct pd_demo_wr *w, const struct view *v)
{
    static const char sentinel[] = "1900-01-01 00:00:00";

    if (v->solved != PD_DEMO_NEVER)
        pd_demo_wr_datetime(w, v->solved, true);
    else if (!(v->t->flags & F_BLANK_SOLVED))
        pd_demo_wr_raw(w, sentinel, sizeof(sentinel) - 1);
}

static void
put_minutes_since_created(struct pd_demo_wr *w, const struct view *v,
                          int64_t us)
{
    if (us != PD_DEMO_NEVER)
        pd_demo_wr_u64(w, (uint64_t)((us - v->t->created) / PD_DEMO_US_MINUTE));
}

static void
put_first_reply_minutes(struct pd_demo_wr *w, const struct view *v)
{
    put_minutes_since_created(w, v, v->first_reply);
}

static void
put_resolution_minutes(struct pd_demo_wr *w, const struct view *v)
{
    put_minutes_since_created(w, v, v->solved);
}

static void
put_pipeline(struct pd_demo_wr *w, const struct view *v)
{
    (void)v;
    pd_demo_wr_text(w, "Support Pipeline");
}

static void
put_category(struct pd_demo_wr *w, const struct view *v)
{
    pd_demo_wr_text(w, topics[v->t->topic].category);
}

static const struct pd_demo_col zendesk_cols[] = {
    {"Id", put_id},
    {"Requester", put_requester},
    {"Requester email", put_email},
    {"Requester domain", put_domain},
    {"Assignee", put_agent},
    {"Group", put_group},
    {"Subject", put_subject},
    {"Tags", put_tags},
    {"Status", put_status},
    {"Priority", put_priority},
    {"Via", put_channel},
    {"Ticket type", put_type},
    {"Created at", put_created_s},
    {"Updated at", put_updated_s},
    {"Organization", put_org},
    {"Solved at", put_zendesk_solved},
    {"Satisfaction Score", put_csat},
    {"Reopens", put_reopens},
    {"Replies", put_replies},
    {"First reply time in minutes", put_first_reply_minutes},
    {"Full resolution time in minutes", put_resolution_minutes},
    {"Product Area [list]", put_area_list},
    {NULL, NULL},
};

static const struct pd_demo_col freshdesk_cols[] = {
    {"Ticket ID", put_id},
    {"Subject", put_subject},
    {"Status", put_status},
    {"Priority", put_priority},
    {"Source", put_channel},
    {"Type", put_type},
    {"Agent", put_agent},
    {"Group", put_group},
    {"Created time", put_created_s},
    {"Resolved time", put_solved_s},
    {"Closed time", put_closed_s},
    {"Last update time", put_updated_s},
    {"Tags", put_tags},
    {"Survey results", put_csat},
    {"Product", put_area},
    {"Email", put_email},
    {"Company Name", put_org},
    {NULL, NULL},
};

static const struct pd_demo_col hubspot_cols[] = {
    {"Ticket ID", put_id},
    {"Ticket name", put_subject},
    {"Ticket status", put_status},
    {"Pipeline", put_pipeline},
    {"Priority", put_priority},
    {"Ticket owner", put_agent},
    {"Create date", put_created_m},
    {"Close date", put_solved_m},
    {"Last modified date", put_updated_m},
    {"Source", put_channel},
    {"Category", put_category},
    {"Ticket Tags", put_tags},
    {"First agent response date", put_first_reply_m},
    {"Company Name", put_org},
    {"Contact Email", put_email},
    {NULL, NULL},
};

static void
put_row(struct pd_demo_wr *w, const struct pd_demo_col *cols,
        const struct view *v)
{
    for (const struct pd_demo_col *c = cols; c->name; c++) {
        if (c != cols)
            pd_demo_wr_ch(w, ',');
        c->put(w, v);
    }
    pd_demo_wr_eol(w);
}

static size_t
rows_tickets(struct pd_demo *d, const struct pd_demo_gen *g,
             struct pd_demo_wr *w)
{
    int64_t at = d->end, from = d->start, to = d->end;
    struct view v;
    size_t n = 0;

    if (g->win == PD_DEMO_WIN_FIRST)
        at = to = d->t1;
    else if (g->win == PD_DEMO_WIN_SECOND)
        from = d->t1 - PD_DEMO_OVERLAP;
    for (size_t i = 0; i < d->ntk; i++) {
        const struct pd_demo_ticket *t = &d->tk[i];

        if (t->vendor != g->vendor || t->created < from || t->created >= to)
            continue;
        view_at(&v, d, t, at);
        put_row(w, g->cols, &v);
        n++;
    }
    return n;
}

/* Streaming: one ticket at a time, so memory does not depend on the row
 * count.  Creation times advance evenly with a little jitter. */
static size_t
rows_bench(struct pd_demo *d, const struct pd_demo_gen *g, struct pd_demo_wr *w)
{
    size_t n = d->o->bench_tickets;
    double step = (double)(d->end - d->start) / (double)n;
    struct pd_demo_ticket t;
    struct view v;

    for (size_t k = 0; k < n && !w->err; k++) {
        memset(&t, 0, sizeof(t));
        t.created = d->start +
                    (int64_t)(((double)k + pd_demo_rng_unit(&d->rng)) * step);
        if (t.created >= d->end)
            t.created = d->end - 1;
        ticket_attrs(d, &d->rng, &t, V_ZENDESK);
        ticket_life(&d->rng, &t);
        t.id = 1000000 + (uint64_t)k;
        view_at(&v, d, &t, d->end);
        put_row(w, g->cols, &v);
    }
    return n;
}

/* A survey tool's export: its responses submitted before the snapshot, as
 * they were then.  Delighted's export is cumulative (responses-2 repeats
 * responses-1 with later edits). */

/* The header row: the columns' names. */
static void
tickets_head(struct pd_demo_wr *w, const struct pd_demo_gen *g)
{
    for (const struct pd_demo_col *c = g->cols; c->name; c++) {
        if (c != g->cols)
            pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, c->name);
    }
    pd_demo_wr_eol(w);
}

/* Zendesk writes CRLF, Freshdesk and HubSpot LF (formats.md §0).
 * Export-1 was taken three weeks before the end; export-2 at the end
 * repeats export-1's last four weeks with their later state. */
const struct pd_demo_gen pd_demo_tickets_gens[] = {
    {.name = "zendesk/export-1.csv",
     .source = "zendesk",
     .kind = "tickets",
     .eol = "\r\n",
     .cols = zendesk_cols,
     .head = tickets_head,
     .rows = rows_tickets,
     .vendor = V_ZENDESK,
     .win = PD_DEMO_WIN_FIRST},
    {.name = "zendesk/export-2.csv",
     .source = "zendesk",
     .kind = "tickets",
     .eol = "\r\n",
     .cols = zendesk_cols,
     .head = tickets_head,
     .rows = rows_tickets,
     .vendor = V_ZENDESK,
     .win = PD_DEMO_WIN_SECOND},
    {.name = "freshdesk/tickets.csv",
     .source = "freshdesk",
     .kind = "tickets",
     .eol = "\n",
     .cols = freshdesk_cols,
     .head = tickets_head,
     .rows = rows_tickets,
     .vendor = V_FRESHDESK},
    {.name = "hubspot/tickets.csv",
     .source = "hubspot",
     .kind = "tickets",
     .eol = "\n",
     .cols = hubspot_cols,
     .head = tickets_head,
     .rows = rows_tickets,
     .vendor = V_HUBSPOT},
};
const size_t pd_demo_tickets_ngens = PD_DEMO_NELEM(pd_demo_tickets_gens);

const struct pd_demo_gen pd_demo_tickets_bench_gen = {
    .name = "bench/zendesk-bench.csv",
    .source = "zendesk",
    .kind = "tickets",
    .eol = "\r\n",
    .cols = zendesk_cols,
    .head = tickets_head,
    .rows = rows_bench,
    .vendor = V_ZENDESK};
