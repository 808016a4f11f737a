#include "jobs/demo/nps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "common/xalloc.h"
#include "jobs/demo/accounts.h"
#include "jobs/demo/writer.h"

/* ---- Qualtrics' wall clock ----------------------------------------------- */

/* First Sunday on or after the first of month m (days since 1970). */
static int64_t
first_sunday(int64_t y, unsigned m)
{
    int64_t day = pd_days_from_civil(y, m, 1);
    int64_t dow = ((day + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */

    return day + (7 - dow) % 7;
}

/* Denver wall-clock time of a UTC instant (Qualtrics exports in the
 * account's zone).  The US rules since 2007, by hand rather than through
 * the tz database, so the bytes do not depend on the machine's tzdata:
 * daylight time from the second Sunday of March 09:00 UTC to the first
 * Sunday of November 08:00 UTC. */
static int64_t
denver_local(int64_t utc)
{
    struct pd_tm tm;
    int64_t on, off, local;

    pd_time_split(utc, &tm);
    on = (first_sunday(tm.year, 3) + 7) * PD_US_PER_DAY + 9 * PD_US_PER_HOUR;
    off = first_sunday(tm.year, 11) * PD_US_PER_DAY + 8 * PD_US_PER_HOUR;
    local = utc - (utc >= on && utc < off ? 6 : 7) * PD_US_PER_HOUR;
    return local < 0 ? 0 : local;
}

/* ---- NPS: the truth ------------------------------------------------------ */

enum survey { SV_DELIGHTED, SV_SURVEYMONKEY, SV_TYPEFORM, SV_QUALTRICS, NSV };

/* Share of responses per tool.  SurveyMonkey runs two four-week
 * relationship campaigns; the other tools run all the time. */
static const uint16_t survey_w[NSV] = {50, 45, 20, 15};
#define SM_CAMPAIGN_1 3 /* first weeks (from 0) of the campaigns */
#define SM_CAMPAIGN_2 16
#define SM_WEEKS      4
_Static_assert(SM_CAMPAIGN_2 + SM_WEEKS <= PD_DEMO_WEEKS, "campaign");

/* What comments talk about.  Everything invented; some phrases carry
 * commas, quotes, a line break, accents, umlauts or emoji on purpose.
 * Billing complaints grow in the last four weeks, as in the tickets. */
static const struct theme {
    const char *name;
    uint16_t weight, rising; /* rising: extra weight, percent, at the end */
    const char *pos[3];
    const char *neg[4];
} themes[] = {
    {"billing",
     8,
     400,
     {"Billing is simple and the invoices are clear.",
      "Switching to annual billing was painless."},
     {"We were charged twice last month and are still waiting for the "
      "refund.",
      "Invoices don't match our seat count, again.",
      "The \"usage overage\" line on our bill came out of nowhere.",
      "Billing support took a week to answer.\nNot acceptable for what we "
      "pay."}},
    {"performance",
     9,
     0,
     {"Fast, even with our huge workspace ⚡", "Dashboards load quickly now."},
     {"Dashboards are slow, sometimes 30+ seconds to load.",
      "Reports time out on large projects.\nPlease fix performance before "
      "adding features.",
      "Everything got slower since the last release."}},
    {"login",
     6,
     100,
     {"SSO setup just worked."},
     {"SSO keeps logging us out, and the 2FA codes arrive late.",
      "Password reset e-mails never arrive.",
      "Locked out twice this month: \"too many attempts\"."}},
    {"onboarding",
     7,
     0,
     {"Onboarding was smooth – Chloé from your team was fantastic!",
      "We were up and running in a day 🎉",
      "Great onboarding sessions, très utile."},
     {"Onboarding was confusing, we needed three calls to get started.",
      "Importing our existing projects took weeks."}},
    {"integrations",
     8,
     0,
     {"The Salesforce integration saves us hours every week.",
      "Love the Slack alerts."},
     {"Webhooks fail silently, we only notice days later.",
      "The HubSpot sync drops records, so we don't trust the numbers."}},
    {"pricing",
     7,
     0,
     {"Good value for money.", "Fair price for what we get."},
     {"Too expensive for a team our size, especially after the price "
      "increase.",
      "Pricing per seat makes it hard to roll out to the whole company.",
      "Preis-Leistung stimmt nicht mehr, zu teuer für uns."}},
    {"ux",
     9,
     0,
     {"Clean, intuitive UI 👍", "Beautiful dashboards, our execs love them.",
      "Easy to use, even for non-technical people."},
     {"The new navigation is confusing, where did \"Settings\" go?",
      "Too many clicks to build a simple report."}},
    {"export",
     5,
     0,
     {"Exports to Excel work perfectly."},
     {"CSV export cuts off at 10,000 rows, we need the full data.",
      "Export to Excel mangles ü and é in customer names (Müller, José)."}},
    {"bugs",
     7,
     0,
     {"Very stable, hardly any bugs."},
     {"Too many small bugs: filters reset, charts show \"NaN\".",
      "Error 500 when saving a view, several times a week.",
      "Bugs everywhere lately 😞"}},
    {"feature_requests",
     8,
     0,
     {"Would love dark mode, otherwise perfect.",
      "Great product; please add an Android widget!"},
     {"Still no SAML group mapping, it's a blocker for us.",
      "Missing basic features like scheduled exports and dark mode."}},
    {"general",
     10,
     0,
     {"Love it!", "Great product, great support 😀", "Sehr gutes Produkt."},
     {"Not what we were promised.", "Meh."}},
};

/* Delighted lets people change their answer; the later export shows the
 * new one.  The update sentence is appended to the comment. */
static const char *const updates_up[] = {
    "Update: support fixed it within a day, thank you!",
    "Edit: the refund came through, changing my score.",
    "UPDATE – our CSM called back, much better now 🙂"};
static const char *const updates_same[] = {
    "Update: still waiting for a fix.", "Edit: the mobile app crashes too.",
    "P.S. Danke für die schnelle Antwort, aber das Problem bleibt."};

struct phrase {
    uint8_t theme, idx, neg;
};

enum {
    NF_PARTIAL = 1,      /* Typeform: left before the score */
    NF_EDIT_SCORE = 2,   /* Delighted: score (and comment) changed later */
    NF_EDIT_COMMENT = 4, /* Delighted: comment changed later */
    NF_ANON = 8,         /* web link / anonymous link: no e-mail */
};

struct pd_demo_nps {
    int64_t at;       /* submitted, UTC µs */
    int64_t edited;   /* when the respondent changed it; PD_DEMO_NEVER */
    uint64_t h;       /* ids, tokens and small choices derive from it */
    uint32_t account; /* PD_DEMO_NO_ACCOUNT: someone outside the accounts */
    uint32_t person;
    uint32_t seq; /* order within its tool */
    uint16_t dur; /* seconds spent on the survey */
    uint8_t survey, score, new_score, flags, nphr, join;
    struct phrase ph[2];
    const char *text; /* a launch's response: its comment, not phrases */
};

static unsigned
phrase_count(const char *const *list, size_t cap)
{
    unsigned n = 0;

    while (n < cap && list[n])
        n++;
    return n;
}

static const char *
phrase_text(const struct phrase *p)
{
    const struct theme *t = &themes[p->theme];

    return p->neg ? t->neg[p->idx] : t->pos[p->idx];
}

static bool
sm_week(size_t week)
{
    return (week >= SM_CAMPAIGN_1 && week < SM_CAMPAIGN_1 + SM_WEEKS) ||
           (week >= SM_CAMPAIGN_2 && week < SM_CAMPAIGN_2 + SM_WEEKS);
}

static unsigned
survey_pick(const struct pd_demo *d, struct pd_demo_rng *r, int64_t at)
{
    uint16_t w[NSV];

    memcpy(w, survey_w, sizeof(w));
    if (!sm_week((size_t)((at - d->start) / (7 * PD_US_PER_DAY))))
        w[SV_SURVEYMONKEY] = 0;
    return pd_demo_rng_pick(r, w, NSV);
}

/* 48 % promoters and 21 % detractors (NPS +27) until the last four weeks,
 * which lose up to four points of each; people of at-risk accounts turn
 * detractors.  Overall about +25, the last four weeks about 7 lower. */
static unsigned
nps_score(struct pd_demo_rng *r, double k, bool at_risk)
{
    static const uint16_t det_w[7] = {4, 2, 3, 5, 7, 14, 20};
    double u = pd_demo_rng_unit(r), pro = 0.48 - 0.04 * k,
           det = 0.21 + 0.04 * k;

    if (at_risk) {
        det += 0.10 + 0.25 * k;
        pro -= 0.08 + 0.15 * k;
    }
    if (u < pro)
        return pd_demo_rng_permille(r, 550) ? 10 : 9;
    if (u < pro + det)
        return pd_demo_rng_pick(r, det_w, 7);
    return pd_demo_rng_permille(r, 550) ? 8 : 7;
}

static void
phrase_pick(const struct pd_demo *d, struct pd_demo_rng *r, int64_t at,
            bool neg, struct phrase *p)
{
    uint16_t w[PD_DEMO_NELEM(themes)];
    double k = neg ? pd_demo_ramp(d, at) : 0.0;
    const struct theme *t;

    for (size_t i = 0; i < PD_DEMO_NELEM(themes); i++)
        w[i] = (uint16_t)(themes[i].weight * (100.0 + themes[i].rising * k));
    p->theme = (uint8_t)pd_demo_rng_pick(r, w, PD_DEMO_NELEM(themes));
    p->neg = neg;
    t = &themes[p->theme];
    p->idx = (uint8_t)pd_demo_rng_below(
        r, neg ? phrase_count(t->neg, PD_DEMO_NELEM(t->neg))
               : phrase_count(t->pos, PD_DEMO_NELEM(t->pos)));
}

/* About half comment: detractors more often.  Promoters praise, detractors
 * complain, passives do both ("good, but ..."). */
static void
nps_comment(const struct pd_demo *d, struct pd_demo_rng *r,
            struct pd_demo_nps *n)
{
    static const uint16_t comment_pm[3] = {650, 450, 450};
    unsigned g = n->score <= 6 ? 0 : n->score <= 8 ? 1 : 2;

    n->nphr = 0;
    if (!pd_demo_rng_permille(r, comment_pm[g]))
        return;
    phrase_pick(d, r, n->at, g == 0, &n->ph[0]);
    n->nphr = 1;
    if (g == 1 || pd_demo_rng_permille(r, 250)) {
        phrase_pick(d, r, n->at, g != 2, &n->ph[1]);
        n->nphr = 2;
    }
    n->join = (uint8_t)pd_demo_rng_permille(r, 150); /* 1: a line break */
}

static void
nps_one(const struct pd_demo *d, struct pd_demo_rng *r, struct pd_demo_nps *n)
{
    bool at_risk;

    n->h = pd_demo_rng_next(r);
    n->edited = PD_DEMO_NEVER;
    n->survey = (uint8_t)survey_pick(d, r, n->at);
    if (pd_demo_rng_permille(r, 30)) {
        n->account = PD_DEMO_NO_ACCOUNT;
        n->person = (uint32_t)pd_demo_rng_next(r);
    } else {
        n->account = pd_demo_account_pick(d, r);
        n->person = pd_demo_rng_below(r, d->acc[n->account].ncontacts);
    }
    at_risk = n->account != PD_DEMO_NO_ACCOUNT && d->acc[n->account].at_risk;
    n->score = (uint8_t)nps_score(r, pd_demo_ramp(d, n->at), at_risk);
    n->new_score = n->score;
    nps_comment(d, r, n);
    n->dur = (uint16_t)(20 + pd_demo_rng_below(r, 300));
    if (n->survey == SV_TYPEFORM && pd_demo_rng_permille(r, 90))
        n->flags |= NF_PARTIAL;
    if (pd_demo_rng_permille(r, 150))
        n->flags |= NF_ANON;
}

/* Response times: weekdays busier, day-to-day noise, office hours; the
 * count per run is exact (inverse of the cumulative day weights). */
static void
nps_times(struct pd_demo *d, struct pd_demo_rng *r)
{
    double cum[PD_DEMO_NDAYS + 1];
    size_t day = 0;

    cum[0] = 0.0;
    for (size_t i = 0; i < PD_DEMO_NDAYS; i++) {
        struct pd_tm tm;

        pd_time_split(d->start + (int64_t)i * PD_US_PER_DAY, &tm);
        cum[i + 1] = cum[i] + pd_demo_weekday_w[tm.weekday - 1] *
                                  (0.8 + 0.4 * pd_demo_rng_unit(r));
    }
    for (size_t k = 0; k < d->nnps; k++) {
        double target =
            ((double)k + 0.5) / (double)d->nnps * cum[PD_DEMO_NDAYS];

        while (day + 1 < PD_DEMO_NDAYS && cum[day + 1] < target)
            day++;
        d->nps[k].at =
            d->start + (int64_t)day * PD_US_PER_DAY +
            pd_demo_rng_pick(r, pd_demo_hour_w, 24) * PD_US_PER_HOUR +
            pd_demo_rng_below(r, 3600) * PD_US_PER_SEC;
    }
}

/* Some Delighted respondents of the two weeks before export-1 come back
 * after it: a better score once support helped, or a comment update. */
static void
nps_edits(struct pd_demo *d, struct pd_demo_rng *r)
{
    for (size_t i = 0; i < d->nnps; i++) {
        struct pd_demo_nps *n = &d->nps[i];

        if (n->survey != SV_DELIGHTED || n->at >= d->t1 ||
            n->at < d->t1 - 14 * PD_US_PER_DAY || !pd_demo_rng_permille(r, 150))
            continue;
        n->edited = d->t1 + (2 + pd_demo_rng_below(r, 24 * 9)) * PD_US_PER_HOUR;
        if (n->score <= 8 && pd_demo_rng_permille(r, 600)) {
            n->new_score = (uint8_t)(n->score + 1 + pd_demo_rng_below(r, 3));
            if (n->new_score > 10)
                n->new_score = 10;
            n->flags |= NF_EDIT_SCORE;
        } else {
            n->flags |= NF_EDIT_COMMENT;
        }
    }
}

static int
by_response_time(const void *pa, const void *pb)
{
    const struct pd_demo_nps *a = pa, *b = pb;

    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->h < b->h ? -1 : a->h > b->h;
}

void
pd_demo_nps_make(struct pd_demo *d)
{
    struct pd_demo_rng r = {pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_NPS)};
    uint32_t seq[NSV] = {0};
    size_t per =
        d->o->nps_per_week ? d->o->nps_per_week : (size_t)PD_DEMO_NPS_PER_WEEK;

    d->nnps = per * PD_DEMO_WEEKS;
    d->nps = pd_xcalloc(d->nnps, sizeof(*d->nps));
    nps_times(d, &r);
    for (size_t k = 0; k < d->nnps; k++)
        nps_one(d, &r, &d->nps[k]);
    qsort(d->nps, d->nnps, sizeof(*d->nps), by_response_time);
    nps_edits(d, &r);
    for (size_t k = 0; k < d->nnps; k++)
        d->nps[k].seq = seq[d->nps[k].survey]++;
}

void
pd_demo_nps_add(struct pd_demo *d, struct pd_demo_rng *r,
                const struct pd_demo_nps_req *q, size_t n)
{
    uint32_t seq = 0;

    if (n == 0)
        return;
    for (size_t k = 0; k < d->nnps; k++)
        if (d->nps[k].survey == SV_TYPEFORM)
            seq++;
    d->nps = pd_xrealloc(d->nps, (d->nnps + n) * sizeof(*d->nps));
    for (size_t i = 0; i < n; i++) {
        struct pd_demo_nps *x = &d->nps[d->nnps++];

        memset(x, 0, sizeof(*x));
        x->at = q[i].at;
        x->edited = PD_DEMO_NEVER;
        x->h = pd_demo_rng_next(r);
        x->account = q[i].account;
        x->person = q[i].person;
        x->seq = seq++;
        x->dur = (uint16_t)(20 + pd_demo_rng_below(r, 300));
        x->survey = SV_TYPEFORM;
        x->score = x->new_score = q[i].score;
        x->text = q[i].comment;
    }
}

/* ---- NPS: what a survey tool's export shows ------------------------------ */

struct nview {
    const struct pd_demo *d;
    const struct pd_demo_nps *n;
    const struct pd_demo_account *a; /* NULL: none */
    const struct pd_demo_city *c;
    struct pd_demo_person p;
    unsigned score;
    bool edited; /* the export was taken after the respondent's change */
    char comment[768];
};

static void
comment_format(const struct pd_demo_nps *n, bool edited, char *buf, size_t cap)
{
    const char *sep = n->join ? "\n" : " ";
    size_t k = 0;

    buf[0] = '\0';
    if (n->text)
        pd_demo_append(buf, &k, cap, n->text);
    for (unsigned i = 0; i < n->nphr; i++) {
        if (i)
            pd_demo_append(buf, &k, cap, sep);
        pd_demo_append(buf, &k, cap, phrase_text(&n->ph[i]));
    }
    if (!edited)
        return;
    if (k)
        pd_demo_append(buf, &k, cap, sep);
    pd_demo_append(buf, &k, cap,
                   n->flags & NF_EDIT_SCORE
                       ? updates_up[n->h % PD_DEMO_NELEM(updates_up)]
                       : updates_same[n->h % PD_DEMO_NELEM(updates_same)]);
}

static void
nview_at(struct nview *v, const struct pd_demo *d, const struct pd_demo_nps *n,
         int64_t at)
{
    v->d = d;
    v->n = n;
    v->a = n->account == PD_DEMO_NO_ACCOUNT ? NULL : &d->acc[n->account];
    v->c = pd_demo_city_of(d, n->account,
                           pd_demo_person_hash(d, n->account, n->person));
    pd_demo_person_of(d, n->account, n->person, &v->p);
    v->edited = n->edited < at;
    v->score = v->edited ? n->new_score : n->score;
    comment_format(n, v->edited, v->comment, sizeof(v->comment));
}

struct pd_demo_ncol {
    const char *h[3]; /* header rows; NULL: a blank cell */
    void (*put)(struct pd_demo_wr *w, const struct nview *v);
};

static bool
anon(const struct nview *v)
{
    return (v->n->flags & NF_ANON) != 0;
}

static bool
partial(const struct nview *v)
{
    return (v->n->flags & NF_PARTIAL) != 0;
}

static void
put_n_score(struct pd_demo_wr *w, const struct nview *v)
{
    if (!partial(v))
        pd_demo_wr_u64(w, v->score);
}

static void
put_n_comment(struct pd_demo_wr *w, const struct nview *v)
{
    if (!partial(v))
        pd_demo_wr_text(w, v->comment);
}

static void
put_n_email(struct pd_demo_wr *w, const struct nview *v)
{
    if (!anon(v) || v->n->survey == SV_DELIGHTED)
        pd_demo_wr_text(w, v->p.email);
}

static void
put_n_name(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_text(w, v->p.name);
}

/* Survey tools split the name the person typed at the first space. */
static void
put_n_first(struct pd_demo_wr *w, const struct nview *v)
{
    char first[64];
    size_t n = strcspn(v->p.name, " ");

    if (anon(v))
        return;
    memcpy(first, v->p.name, n);
    first[n] = '\0';
    pd_demo_wr_text(w, first);
}

static void
put_n_last(struct pd_demo_wr *w, const struct nview *v)
{
    const char *sp = strchr(v->p.name, ' ');

    if (!anon(v))
        pd_demo_wr_text(w, sp ? sp + 1 : "");
}

static void
put_n_account(struct pd_demo_wr *w, const struct nview *v)
{
    if (v->a && !anon(v)) {
        pd_demo_wr_raw(w, "ACC-", 4);
        pd_demo_wr_u64(w, 1000 + (uint64_t)(v->a - v->d->acc));
    }
}

static void
put_n_ip(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_ip(w, pd_demo_mix64(v->n->h));
}

static void
put_n_submitted(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_datetime(w, v->n->at, true);
}

static void
put_n_started(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_datetime(w, v->n->at - v->n->dur * PD_US_PER_SEC, true);
}

/* Delighted: "Response ID" is a number in a string, ascending with gaps. */
static void
put_dl_id(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_u64(w, 58200000 + (uint64_t)v->n->seq * 3 + v->n->h % 3);
}

static void
put_dl_permalink(struct pd_demo_wr *w, const struct nview *v)
{
    char tok[25];

    pd_demo_token(v->n->h, PD_DEMO_ALNUM, 24, tok);
    pd_demo_wr_str(w, "https://app.delighted.com/r/");
    pd_demo_wr_str(w, tok);
}

/* Tags are one comma-separated cell. */
static void
put_dl_tags(struct pd_demo_wr *w, const struct nview *v)
{
    bool follow = v->score <= 6 && v->n->h % 3 == 0;
    bool vip = v->a && v->a->plan == PD_DEMO_PLAN_ENTERPRISE;

    if (follow && vip)
        pd_demo_wr_text(w, "follow-up, vip");
    else if (follow || vip)
        pd_demo_wr_text(w, follow ? "follow-up" : "vip");
}

static void
put_dl_notes(struct pd_demo_wr *w, const struct nview *v)
{
    static const char *const notes[] = {
        "Escalated to billing, refund approved",
        "CSM called; \"will renew\" if SSO is fixed",
        "Follow-up scheduled with the account owner"};

    if (v->score <= 6 && (v->n->h >> 8) % 5 == 0)
        pd_demo_wr_text(w, notes[(v->n->h >> 16) % PD_DEMO_NELEM(notes)]);
}

static void
put_n_plan(struct pd_demo_wr *w, const struct nview *v)
{
    if (v->a)
        pd_demo_wr_text(w, pd_demo_plans[v->a->plan].name);
}

static void
put_n_country(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_text(w, v->c->country);
}

/* SurveyMonkey: 11-12 digit respondent ids (one id space for all of
 * SurveyMonkey, hence the gaps), one collector per channel. */
static void
put_sm_id(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_u64(w, UINT64_C(99400000000) + (uint64_t)v->n->seq * 31000000 +
                          v->n->h % 30000000);
}

static void
put_sm_collector(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_u64(w, anon(v) ? 451277105 : 451276988);
}

/* The matrix follows the score loosely; one answer in ten is skipped. */
static void
put_sm_matrix(struct pd_demo_wr *w, const struct nview *v, unsigned item)
{
    static const char *const levels[] = {"Very dissatisfied", "Dissatisfied",
                                         "Neutral", "Satisfied",
                                         "Very satisfied"};
    uint64_t h = pd_demo_mix64(v->n->h + item);
    int level = (int)(v->score * 4 + 5) / 10 + (int)(h % 3) - 1;

    if ((h >> 8) % 10 == 0)
        return;
    level = level < 0 ? 0 : level > 4 ? 4 : level;
    pd_demo_wr_text(w, levels[level]);
}

static void
put_sm_m0(struct pd_demo_wr *w, const struct nview *v)
{
    put_sm_matrix(w, v, 0);
}

static void
put_sm_m1(struct pd_demo_wr *w, const struct nview *v)
{
    put_sm_matrix(w, v, 1);
}

static void
put_sm_m2(struct pd_demo_wr *w, const struct nview *v)
{
    put_sm_matrix(w, v, 2);
}

static void
put_sm_m3(struct pd_demo_wr *w, const struct nview *v)
{
    put_sm_matrix(w, v, 3);
}

static void
put_sm_m4(struct pd_demo_wr *w, const struct nview *v)
{
    put_sm_matrix(w, v, 4);
}

/* Typeform: "#" is a 32-character response token. */
static void
put_tf_token(struct pd_demo_wr *w, const struct nview *v)
{
    char tok[33];

    pd_demo_token(v->n->h ^ UINT64_C(0x7f4a7c15), PD_DEMO_ALNUM_LOWER, 32, tok);
    pd_demo_wr_str(w, tok);
}

static void
put_tf_type(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_str(w, partial(v) ? "partial" : "completed");
}

static void
put_tf_stage(struct pd_demo_wr *w, const struct nview *v)
{
    if (partial(v))
        pd_demo_wr_datetime(w, v->n->at, true);
}

static void
put_tf_submit(struct pd_demo_wr *w, const struct nview *v)
{
    if (!partial(v))
        pd_demo_wr_datetime(w, v->n->at, true);
}

/* Same network, same id: derived from the person, not the response. */
static void
put_tf_network(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_hex(
        w, pd_demo_person_hash(v->d, v->n->account, v->n->person) >> 8, 10);
}

static void
put_nothing(struct pd_demo_wr *w, const struct nview *v)
{
    (void)w;
    (void)v;
}

/* The ending screen's text; the promoters' one has two lines. */
static void
put_tf_ending(struct pd_demo_wr *w, const struct nview *v)
{
    if (partial(v))
        return;
    pd_demo_wr_text(w, v->score >= 9 ? "Thanks a lot! 🙌\nWould you tell others "
                                       "about us on G2?"
                                     : "Thank you for your feedback.");
}

/* Qualtrics: local times in the survey's zone, seconds. */
static void
put_q_start(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_datetime(w, denver_local(v->n->at - v->n->dur * PD_US_PER_SEC),
                        true);
}

static void
put_q_end(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_datetime(w, denver_local(v->n->at), true);
}

static void
put_q_recorded(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_datetime(w, denver_local(v->n->at) + PD_US_PER_SEC, true);
}

static void
put_q_zero(struct pd_demo_wr *w, const struct nview *v)
{
    (void)v;
    pd_demo_wr_ch(w, '0');
}

static void
put_q_one(struct pd_demo_wr *w, const struct nview *v)
{
    (void)v;
    pd_demo_wr_ch(w, '1');
}

static void
put_q_hundred(struct pd_demo_wr *w, const struct nview *v)
{
    (void)v;
    pd_demo_wr_str(w, "100");
}

static void
put_q_duration(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_u64(w, v->n->dur);
}

static void
put_q_id(struct pd_demo_wr *w, const struct nview *v)
{
    char tok[16];

    pd_demo_token(v->n->h ^ UINT64_C(0x2545f491), PD_DEMO_ALNUM, 15, tok);
    pd_demo_wr_str(w, "R_");
    pd_demo_wr_str(w, tok);
}

/* The float's exact decimal expansion, as Qualtrics prints it. */
static void
put_q_float(struct pd_demo_wr *w, float f)
{
    char buf[64];

    (void)snprintf(buf, sizeof(buf), "%.40g", (double)f);
    pd_demo_wr_str(w, buf);
}

static void
put_q_lat(struct pd_demo_wr *w, const struct nview *v)
{
    put_q_float(w, v->c->lat);
}

static void
put_q_lng(struct pd_demo_wr *w, const struct nview *v)
{
    put_q_float(w, v->c->lng);
}

static void
put_q_channel(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_str(w, anon(v) ? "anonymous" : "email");
}

static void
put_q_lang(struct pd_demo_wr *w, const struct nview *v)
{
    pd_demo_wr_str(w, v->c->qlang);
}

/* Q1_NPS_GROUP: 1 detractor, 2 passive, 3 promoter. */
static void
put_q_group(struct pd_demo_wr *w, const struct nview *v)
{
    static const char group[11] = "11111112233"; /* by score */

    pd_demo_wr_ch(w, group[v->score]);
}

#define Q_NPS \
    "How likely is it that you would recommend Acme to a friend or colleague?"
#define Q_WHY "What is the main reason for your score?"

static const struct pd_demo_ncol delighted_cols[] = {
    {{"Response ID"}, put_dl_id},
    {{"Email"}, put_n_email},
    {{"Name"}, put_n_name},
    {{"Score"}, put_n_score},
    {{"Comment"}, put_n_comment},
    {{"Response timestamp"}, put_n_submitted},
    {{"Permalink"}, put_dl_permalink},
    {{"Tags"}, put_dl_tags},
    {{"Notes"}, put_dl_notes},
    {{"Plan"}, put_n_plan},
    {{"Country"}, put_n_country},
    {{NULL}, NULL},
};

/* Row 1 is the question, blank over a question's later columns; row 2
 * the sub-label (formats.md §2.2). */
static const struct pd_demo_ncol surveymonkey_cols[] = {
    {{"Respondent ID"}, put_sm_id},
    {{"Collector ID"}, put_sm_collector},
    {{"Start Date"}, put_n_started},
    {{"End Date"}, put_n_submitted},
    {{"IP Address"}, put_n_ip},
    {{"Email Address"}, put_n_email},
    {{"First Name"}, put_n_first},
    {{"Last Name"}, put_n_last},
    {{"Custom Data 1"}, put_n_account},
    {{Q_NPS, "Response"}, put_n_score},
    {{Q_WHY, "Open-Ended Response"}, put_n_comment},
    {{"How satisfied are you with each of the following?", "Ease of use"},
     put_sm_m0},
    {{NULL, "Reporting"}, put_sm_m1},
    {{NULL, "Integrations"}, put_sm_m2},
    {{NULL, "Customer support"}, put_sm_m3},
    {{NULL, "Value for money"}, put_sm_m4},
    {{NULL}, NULL},
};

static const struct pd_demo_ncol typeform_cols[] = {
    {{"#"}, put_tf_token},
    {{"How likely are you to recommend Acme to a friend or colleague?"},
     put_n_score},
    {{Q_WHY}, put_n_comment},
    {{"Email"}, put_n_email},
    {{"Response Type"}, put_tf_type},
    {{"Start Date (UTC)"}, put_n_started},
    {{"Stage Date (UTC)"}, put_tf_stage},
    {{"Submit Date (UTC)"}, put_tf_submit},
    {{"Network ID"}, put_tf_network},
    {{"Tags"}, put_nothing},
    {{"Ending"}, put_tf_ending},
    {{NULL}, NULL},
};

/* Row 1 export tags, row 2 labels (the question text spans two lines, as
 * in real surveys), row 3 import ids with the dates' time zone (§2.4). */
#define Q_LABEL                               \
    "Thinking about the last three months:\n" \
    "How likely are you to recommend Acme to a friend or colleague?"
#define IMPORT(id) "{\"ImportId\":\"" id "\"}"
#define IMPORT_TZ(id) \
    "{\"ImportId\":\"" id "\",\"timeZone\":\"America/Denver\"}"

static const struct pd_demo_ncol qualtrics_cols[] = {
    {{"StartDate", "Start Date", IMPORT_TZ("startDate")}, put_q_start},
    {{"EndDate", "End Date", IMPORT_TZ("endDate")}, put_q_end},
    {{"Status", "Response Type", IMPORT("status")}, put_q_zero},
    {{"IPAddress", "IP Address", IMPORT("ipAddress")}, put_n_ip},
    {{"Progress", "Progress", IMPORT("progress")}, put_q_hundred},
    {{"Duration (in seconds)", "Duration (in seconds)", IMPORT("duration")},
     put_q_duration},
    {{"Finished", "Finished", IMPORT("finished")}, put_q_one},
    {{"RecordedDate", "Recorded Date", IMPORT_TZ("recordedDate")},
     put_q_recorded},
    {{"ResponseId", "Response ID", IMPORT("_recordId")}, put_q_id},
    {{"RecipientLastName", "Recipient Last Name", IMPORT("recipientLastName")},
     put_n_last},
    {{"RecipientFirstName", "Recipient First Name",
      IMPORT("recipientFirstName")},
     put_n_first},
    {{"RecipientEmail", "Recipient Email", IMPORT("recipientEmail")},
     put_n_email},
    {{"ExternalReference", "External Data Reference",
      IMPORT("externalDataReference")},
     put_n_account},
    {{"LocationLatitude", "Location Latitude", IMPORT("locationLatitude")},
     put_q_lat},
    {{"LocationLongitude", "Location Longitude", IMPORT("locationLongitude")},
     put_q_lng},
    {{"DistributionChannel", "Distribution Channel",
      IMPORT("distributionChannel")},
     put_q_channel},
    {{"UserLanguage", "User Language", IMPORT("userLanguage")}, put_q_lang},
    {{"Q1", Q_LABEL, IMPORT("QID1")}, put_n_score},
    {{"Q1_NPS_GROUP", Q_LABEL " - Group", IMPORT("QID1_NPS_GROUP")},
     put_q_group},
    {{"Q2_TEXT", Q_WHY, IMPORT("QID2_TEXT")}, put_n_comment},
    {{NULL}, NULL},
};

static void
put_nrow(struct pd_demo_wr *w, const struct pd_demo_ncol *cols,
         const struct nview *v)
{
    for (const struct pd_demo_ncol *c = cols; c->put; c++) {
        if (c != cols)
            pd_demo_wr_ch(w, ',');
        c->put(w, v);
    }
    pd_demo_wr_eol(w);
}

/* "nps/qualtrics/<Survey name>_<Month D, YYYY>_<HH.MM>.csv", the export
 * taken the morning after the end, Denver time. */
static void
qualtrics_name(const struct pd_demo *d, char *buf, size_t cap)
{
    static const char *const months[] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    struct pd_tm tm;

    pd_time_split(
        denver_local(d->end + 16 * PD_US_PER_HOUR + 14 * PD_DEMO_US_MINUTE),
        &tm);
    (void)snprintf(
        buf, cap, "nps/qualtrics/Acme Customer Pulse_%s %u, %lld_%02u.%02u.csv",
        months[tm.month - 1], tm.day, (long long)tm.year, tm.hour, tm.minute);
}

static size_t
rows_nps(struct pd_demo *d, const struct pd_demo_gen *g, struct pd_demo_wr *w)
{
    int64_t at = g->win == PD_DEMO_WIN_FIRST ? d->t1 : d->end;
    struct nview v;
    size_t n = 0;

    for (size_t i = 0; i < d->nnps; i++) {
        const struct pd_demo_nps *r = &d->nps[i];

        if (r->survey != g->survey || r->at >= at)
            continue;
        nview_at(&v, d, r, at);
        put_nrow(w, g->ncols, &v);
        n++;
    }
    return n;
}

/* The header rows: Qualtrics has three, SurveyMonkey two. */
static void
nps_head(struct pd_demo_wr *w, const struct pd_demo_gen *g)
{
    for (unsigned r = 0; r < g->hrows; r++) {
        for (const struct pd_demo_ncol *c = g->ncols; c->put; c++) {
            if (c != g->ncols)
                pd_demo_wr_ch(w, ',');
            if (c->h[r])
                pd_demo_wr_text(w, c->h[r]);
        }
        pd_demo_wr_eol(w);
    }
}

/* SurveyMonkey and Qualtrics write CRLF with bare LF inside quoted
 * answers; Delighted's export is cumulative (responses-2 repeats
 * responses-1 with later edits). */
const struct pd_demo_gen pd_demo_nps_gens[] = {
    {.name = "nps/delighted/responses-1.csv",
     .source = "delighted",
     .kind = "nps",
     .eol = "\n",
     .head = nps_head,
     .rows = rows_nps,
     .win = PD_DEMO_WIN_FIRST,
     .ncols = delighted_cols,
     .hrows = 1,
     .survey = SV_DELIGHTED},
    {.name = "nps/delighted/responses-2.csv",
     .source = "delighted",
     .kind = "nps",
     .eol = "\n",
     .head = nps_head,
     .rows = rows_nps,
     .win = PD_DEMO_WIN_ALL,
     .ncols = delighted_cols,
     .hrows = 1,
     .survey = SV_DELIGHTED},
    {.name = "nps/surveymonkey/all-responses.csv",
     .source = "surveymonkey",
     .kind = "nps",
     .eol = "\r\n",
     .head = nps_head,
     .rows = rows_nps,
     .win = PD_DEMO_WIN_ALL,
     .ncols = surveymonkey_cols,
     .hrows = 2,
     .survey = SV_SURVEYMONKEY},
    {.name = "nps/typeform/responses.csv",
     .source = "typeform",
     .kind = "nps",
     .eol = "\n",
     .head = nps_head,
     .rows = rows_nps,
     .win = PD_DEMO_WIN_ALL,
     .ncols = typeform_cols,
     .hrows = 1,
     .survey = SV_TYPEFORM},
    {.name = "nps/qualtrics/",
     .source = "qualtrics",
     .kind = "nps",
     .eol = "\r\n",
     .head = nps_head,
     .rows = rows_nps,
     .win = PD_DEMO_WIN_ALL,
     .ncols = qualtrics_cols,
     .hrows = 3,
     .survey = SV_QUALTRICS,
     .name_fn = qualtrics_name},
};
const size_t pd_demo_nps_ngens = PD_DEMO_NELEM(pd_demo_nps_gens);
