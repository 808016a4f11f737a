#include "jobs/demo.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "common/timeutil.h"
#include "common/xalloc.h"

/*
 * How the demo data is made.
 *
 * One seeded generator (splitmix64) drives everything, always in the same
 * order, so equal options give equal bytes.  First the accounts, then a
 * "truth" list of tickets: each has a requester, a topic, a vendor and a
 * lifecycle (created, first reply, solved, maybe reopened and solved again,
 * auto-closed four days later, CSAT offered and answered).  A vendor export
 * is a *view* of that truth at a snapshot time: what had happened by then
 * decides status, Updated at, Solved at and the rest.  The two Zendesk
 * exports are views at two snapshots with overlapping windows, which is
 * exactly how real re-exports overlap (SPEC §4).
 *
 * Writing is by hand into a 1 MiB buffer (integers and dates formatted
 * without printf) because bench mode must outrun the ingest it feeds:
 * 1.3-1.5 M rows/s (about 290 bytes each) on the project machine.
 */

#define NELEM(a)    (sizeof(a) / sizeof((a)[0]))
#define NEVER       INT64_MAX
#define NO_ACCOUNT  UINT32_MAX
#define US_MINUTE   (60 * PD_US_PER_SEC)
#define CLOSE_AFTER (4 * PD_US_PER_DAY) /* Zendesk's default auto-close */
#define OVERLAP     (28 * PD_US_PER_DAY)
#define SPAN        ((int64_t)PD_DEMO_WEEKS * 7 * PD_US_PER_DAY)
#define WR_BUF      ((size_t)1 << 20)

/* ---- random numbers ---------------------------------------------------- */

struct rng {
    uint64_t s;
};

/* splitmix64 (Steele, Lea, Flood 2014): one add and three mixes per draw,
 * passes BigCrush, and any seed (even 0) is a good one. */
static uint64_t
mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t
rng_next(struct rng *r)
{
    r->s += UINT64_C(0x9e3779b97f4a7c15);
    return mix64(r->s);
}

/* Uniform in [0, n) by multiply-shift (Lemire), no division. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

static double
rng_unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1p-53;
}

static bool
rng_permille(struct rng *r, uint32_t p)
{
    return rng_below(r, 1000) < p;
}

/* Log-normal with the given median.  The normal is a sum of four uniforms
 * (Irwin-Hall), which keeps the tail bounded at ±3.5 sigma: no week-long
 * first replies from a freak draw. */
static double
lognormal(struct rng *r, double median, double sigma)
{
    double z = rng_unit(r) + rng_unit(r) + rng_unit(r) + rng_unit(r) - 2.0;
    return median * exp(sigma * z * 1.7320508075688772);
}

static unsigned
pick(struct rng *r, const uint16_t *w, unsigned n)
{
    uint32_t total = 0, x;

    for (unsigned i = 0; i < n; i++)
        total += w[i];
    x = rng_below(r, total);
    for (unsigned i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* ---- vocabulary: all invented ------------------------------------------ */

static const char *const company_words[] = {
    "Acme",      "Globex",     "Brightpath", "Cobalt",     "Dunmore",
    "Everfield", "Foxglove",   "Granite",    "Harborview", "Ironwood",
    "Juniper",   "Kestrel",    "Lakeside",   "Meridian",   "Northgate",
    "Oakridge",  "Pinecrest",  "Quarry",     "Redwood",    "Silverline",
    "Tidewater", "Upland",     "Vantage",    "Westbrook",  "Yarrow",
    "Zephyr",    "Alder",      "Bluefin",    "Copperleaf", "Driftwood",
    "Emberly",   "Fairhaven",  "Goldcrest",  "Hollowell",  "Inkwell",
    "Jasper",    "Keystone",   "Lumen",      "Marlow",     "Nimbus",
    "Orchard",   "Peregrine",  "Quillon",    "Riverton",   "Sable",
    "Thistle",   "Umberfield", "Verity",     "Willowby",   "Zenith"};

/* Account i uses word (i * STEP + seed) mod N: a seed-dependent order that
 * still visits every word once per round. */
#define COMPANY_STEP 7
_Static_assert(NELEM(company_words) % COMPANY_STEP != 0,
               "COMPANY_STEP must be coprime with the word count");

static const char *const company_suffixes[] = {
    " Corp",      ", Inc.", " Labs",     " Group",     " Health",
    " Logistics", " Foods", " Robotics", " Analytics", " Systems",
    " Partners",  " Media", " Energy",   " Studios",   " Outfitters",
    " Holdings",  " & Co."};

struct first_name {
    const char *name;
    const char *ascii; /* for the e-mail address */
};

static const struct first_name first_names[] = {
    {"Dana", "dana"},     {"Priya", "priya"},   {"Marcus", "marcus"},
    {"Elena", "elena"},   {"Tomás", "tomas"},   {"Aisha", "aisha"},
    {"Kenji", "kenji"},   {"Sofia", "sofia"},   {"Liam", "liam"},
    {"Chloé", "chloe"},   {"Omar", "omar"},     {"Hannah", "hannah"},
    {"Ravi", "ravi"},     {"Grace", "grace"},   {"Mateo", "mateo"},
    {"Ingrid", "ingrid"}, {"Kwame", "kwame"},   {"Lucía", "lucia"},
    {"Noah", "noah"},     {"Mei", "mei"},       {"Felix", "felix"},
    {"Zoë", "zoe"},       {"Samir", "samir"},   {"Olivia", "olivia"},
    {"Jonas", "jonas"},   {"Amara", "amara"},   {"Daniel", "daniel"},
    {"Yuki", "yuki"},     {"Carmen", "carmen"}, {"Ethan", "ethan"},
    {"Nadia", "nadia"},   {"Pavel", "pavel"},   {"Rosa", "rosa"},
    {"Victor", "victor"}, {"Leah", "leah"},     {"Arjun", "arjun"},
    {"Maya", "maya"},     {"Bruno", "bruno"},   {"Freya", "freya"},
    {"Isaac", "isaac"}};

static const char *const last_names[] = {
    "Whitfield",  "Okafor",   "Lindqvist", "Marsh",     "Tanaka",
    "Delgado",    "Brennan",  "Kowalski",  "Haddad",    "Fairbanks",
    "Moreau",     "Nakamura", "Osei",      "Pryce",     "Quintero",
    "Rasmussen",  "Sorensen", "Thornton",  "Underwood", "Vasquez",
    "Winslow",    "Yilmaz",   "Zimmer",    "Abernathy", "Blackwood",
    "Castellano", "Dunbar",   "Ellison",   "Farrow",    "Gallagher",
    "Holloway",   "Iverson",  "Jankowski", "Kilgore",   "Lockhart",
    "Mendez",     "Novak",    "Ashdown",   "Pemberton", "Redmond"};

static const char *const agents[] = {
    "Avery Collins", "Jordan Reyes",    "Sam Patel",   "Riley Novak",
    "Morgan Blake",  "Casey Lindqvist", "Taylor Osei", "Jamie Moreau",
    "Alex Brennan",  "Quinn Tanaka"};

static const char *const owners[] = {"Hazel Whitmore", "Declan Ashford",
                                     "Priyanka Rao",   "Mateus Carvalho",
                                     "Lena Hoffmann",  "Grant Oyelaran"};

static const char *const free_mail[] = {"gmail.com", "gmail.com", "gmail.com",
                                        "outlook.com", "yahoo.com"};

enum plan { PLAN_STARTER, PLAN_GROWTH, PLAN_ENTERPRISE, NPLAN };

static const struct plan_info {
    const char *name;
    const char *tag;
    uint16_t share;          /* of accounts */
    uint32_t arr_lo, arr_hi; /* ARR range, dollars */
    uint16_t contacts_lo, contacts_hi;
    uint16_t weight;       /* tickets per account, relative */
    uint16_t segment_w[3]; /* SMB, Mid-Market, Enterprise */
} plans[NPLAN] = {
    [PLAN_STARTER] = {.name = "Starter",
                      .tag = "plan_starter",
                      .share = 45,
                      .arr_lo = 1200,
                      .arr_hi = 12000,
                      .contacts_lo = 3,
                      .contacts_hi = 8,
                      .weight = 10,
                      .segment_w = {90, 10, 0}},
    [PLAN_GROWTH] = {.name = "Growth",
                     .tag = "plan_growth",
                     .share = 35,
                     .arr_lo = 12000,
                     .arr_hi = 90000,
                     .contacts_lo = 6,
                     .contacts_hi = 20,
                     .weight = 20,
                     .segment_w = {20, 70, 10}},
    [PLAN_ENTERPRISE] = {.name = "Enterprise",
                         .tag = "plan_enterprise",
                         .share = 20,
                         .arr_lo = 90000,
                         .arr_hi = 750000,
                         .contacts_lo = 15,
                         .contacts_hi = 60,
                         .weight = 40,
                         .segment_w = {0, 25, 75}},
};

static const char *const segments[] = {"SMB", "Mid-Market", "Enterprise"};
static const char *const regions[] = {"NA", "EMEA", "APAC", "LATAM"};
static const uint16_t region_w[] = {45, 30, 15, 10};

/* ---- tickets: topics and vendor vocabularies ---------------------------- */

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
/* Monday..Sunday, and UTC hour of day, relative volumes. */
static const uint16_t weekday_w[7] = {125, 118, 112, 106, 92, 25, 20};
static const uint16_t hour_w[24] = {2,  2,  2,  2,  3,  4,  6,  8,
                                    11, 13, 14, 14, 13, 13, 14, 15,
                                    14, 12, 9,  7,  5,  4,  3,  2};

/* ---- the model --------------------------------------------------------- */

struct account {
    char name[64];
    char domain[64];
    uint64_t seed; /* contacts derive from it */
    uint64_t cum;  /* cumulative ticket weight, for picking */
    uint32_t arr;
    uint16_t ncontacts;
    uint8_t plan, segment, region, owner, web_style;
};

enum {
    F_NO_ORG = 1,       /* Organization left blank */
    F_NO_AREA = 2,      /* Product Area "-" */
    F_BLANK_SOLVED = 4, /* unsolved shows blank, not the 1900 sentinel */
};

struct ticket {
    int64_t created, first_reply, mid, solved1, reopen, solved2; /* NEVER */
    uint64_t id;      /* the vendor's ticket id */
    uint32_t seq;     /* creation order before the duplicate pass */
    uint32_t account; /* NO_ACCOUNT: an unknown free-mail requester */
    uint32_t person;  /* contact number in the account, or a person seed */
    uint32_t num;     /* reference number pasted into the subject */
    uint8_t vendor, topic, subject, priority, channel, agent, csat, waiting,
        type, flags, replies;
};

struct demo {
    const struct pd_demo_opts *o;
    int64_t start, end, t1; /* window [start, end); export-1 snapshot */
    struct rng rng;
    struct account *acc;
    size_t nacc;
    struct ticket *tk;
    size_t ntk;
};

struct person {
    char name[64];
    char email[128];
    const char *domain;
};

/* What a vendor export shows of ticket t at time `at`. */
struct view {
    const struct demo *d;
    const struct ticket *t;
    const struct account *a; /* NULL when none */
    const struct vendor_info *vi;
    enum state state;
    enum csat csat;
    int64_t first_reply, solved, closed, updated; /* NEVER: not yet */
    unsigned reopens, replies;
    struct person p;
};

/* ---- buffered CSV writer with a sticky error --------------------------- */

struct wr {
    FILE *f;
    const char *path; /* final path, for messages */
    char tmp[PD_DEMO_PATH_MAX + 8];
    char *buf;
    size_t len;
    int err; /* first errno; later writes are no-ops (STYLE rule 13) */
    const char *eol;
    int64_t day[8]; /* day numbers whose "YYYY-MM-DD" are in ymd */
    char ymd[8][10];
};

static void
wr_flush(struct wr *w)
{
    if (w->len > 0 && !w->err && fwrite(w->buf, 1, w->len, w->f) != w->len)
        w->err = errno ? errno : EIO;
    w->len = 0;
}

/* Room for n more bytes (n is small: every field we write is bounded). */
static char *
wr_room(struct wr *w, size_t n)
{
    if (n > WR_BUF)
        PD_BUG("demo field of %zu bytes", n);
    if (WR_BUF - w->len < n)
        wr_flush(w);
    return w->buf + w->len;
}

static void
wr_raw(struct wr *w, const char *s, size_t n)
{
    memcpy(wr_room(w, n), s, n);
    w->len += n;
}

static void
wr_ch(struct wr *w, char c)
{
    *wr_room(w, 1) = c;
    w->len++;
}

static void
wr_eol(struct wr *w)
{
    wr_raw(w, w->eol, strlen(w->eol));
}

/* A field, quoted only when it has to be (RFC 4180).  The common case, a
 * short field with nothing to quote, is copied while it is scanned: a
 * separate strlen + strpbrk + memcpy took a fifth of bench mode. */
static void
wr_text(struct wr *w, const char *s)
{
    static const unsigned char stop[256] = {
        [0] = 1, [','] = 2, ['"'] = 2, ['\n'] = 2, ['\r'] = 2};
    enum { FAST = 512 };
    char *p = wr_room(w, FAST), *q = p;
    const char *e = s;
    size_t n;

    while (!stop[(unsigned char)*e] && q < p + FAST)
        *q++ = *e++;
    if (!*e) {
        w->len += (size_t)(q - p);
        return;
    }
    n = strlen(s); /* long or needs quotes: start over */
    if (!strpbrk(s, ",\"\r\n")) {
        wr_raw(w, s, n);
        return;
    }
    p = q = wr_room(w, 2 * n + 2);
    *q++ = '"';
    for (; *s; s++) {
        if (*s == '"')
            *q++ = '"';
        *q++ = *s;
    }
    *q++ = '"';
    w->len += (size_t)(q - p);
}

static void
wr_u64(struct wr *w, uint64_t v)
{
    char tmp[20];
    size_t n = 0;

    do {
        tmp[sizeof(tmp) - ++n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    wr_raw(w, tmp + sizeof(tmp) - n, n);
}

static void
put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

/* "YYYY-MM-DD" of a day, from a small direct-mapped cache: a row's
 * created, updated and solved dates are different days, but the same few
 * recur row after row. */
static const char *
wr_ymd(struct wr *w, int64_t days)
{
    size_t slot = (size_t)days & (NELEM(w->day) - 1);
    char *ymd = w->ymd[slot];
    int64_t y;
    unsigned mo, d;

    if (w->day[slot] == days)
        return ymd;
    pd_civil_from_days(days, &y, &mo, &d);
    put2(ymd, (unsigned)(y / 100));
    put2(ymd + 2, (unsigned)(y % 100));
    ymd[4] = '-';
    put2(ymd + 5, mo);
    ymd[7] = '-';
    put2(ymd + 8, d);
    w->day[slot] = days;
    return ymd;
}

/* "YYYY-MM-DD HH:MM[:SS]", no zone: how the vendors export.  Times before
 * 1970 never reach here (pd_demo_generate checks the range). */
static void
wr_datetime(struct wr *w, int64_t us, bool seconds)
{
    int64_t s = us / PD_US_PER_SEC, days = s / 86400;
    unsigned sod = (unsigned)(s % 86400);
    char *p = wr_room(w, 19);

    memcpy(p, wr_ymd(w, days), 10);
    p[10] = ' ';
    put2(p + 11, sod / 3600);
    p[13] = ':';
    put2(p + 14, sod / 60 % 60);
    if (seconds) {
        p[16] = ':';
        put2(p + 17, sod % 60);
    }
    w->len += seconds ? 19 : 16;
}

/* mkdir -p for the directories above a file path. */
static int
make_parents(const char *path, struct pd_err *err)
{
    char dir[PD_DEMO_PATH_MAX];

    (void)snprintf(dir, sizeof(dir), "%s", path); /* fits: checked by caller */
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            return pd_err_set(err, PD_E_IO,
                              "cannot create directory \"%s\": %s", dir,
                              strerror(errno));
        *p = '/';
    }
    return 0;
}

static int
wr_open(struct wr *w, const char *path, const char *eol, struct pd_err *err)
{
    memset(w, 0, sizeof(*w));
    w->path = path;
    w->eol = eol;
    for (size_t i = 0; i < NELEM(w->day); i++)
        w->day[i] = -1;
    (void)snprintf(w->tmp, sizeof(w->tmp), "%s.tmp", path); /* sized for it */
    if (make_parents(path, err) < 0)
        return -1;
    w->f = fopen(w->tmp, "wb");
    if (!w->f)
        return pd_err_set(err, PD_E_IO, "cannot create \"%s\": %s", w->tmp,
                          strerror(errno));
    w->buf = pd_xmalloc(WR_BUF);
    return 0;
}

/* Flush, close and rename into place; the full disk shows up here. */
static int
wr_close(struct wr *w, struct pd_err *err)
{
    wr_flush(w);
    if (fclose(w->f) != 0 && !w->err)
        w->err = errno;
    w->f = NULL;
    free(w->buf);
    w->buf = NULL;
    if (!w->err && rename(w->tmp, w->path) != 0)
        w->err = errno;
    if (!w->err)
        return 0;
    (void)remove(w->tmp);
    return pd_err_set(err, PD_E_IO, "cannot write \"%s\": %s", w->path,
                      strerror(w->err));
}

/* ---- bounded strings ------------------------------------------------- */

/* Bounded string building: appends are cut at cap - 1 bytes. */
static void
append_n(char *dst, size_t *n, size_t cap, const char *s, size_t k)
{
    if (*n + k >= cap)
        k = cap - 1 - *n;
    memcpy(dst + *n, s, k);
    *n += k;
    dst[*n] = '\0';
}

static void
append(char *dst, size_t *n, size_t cap, const char *s)
{
    append_n(dst, n, cap, s, strlen(s));
}

static void
lower_append(char *dst, size_t *n, size_t cap, const char *s)
{
    size_t start = *n;

    append(dst, n, cap, s);
    for (size_t i = start; i < *n; i++)
        if (dst[i] >= 'A' && dst[i] <= 'Z')
            dst[i] = (char)(dst[i] - 'A' + 'a');
}

/* ---- accounts ---------------------------------------------------------- */

/* Append the lower-cased letters and digits of s. */
static void
slug_append(char *dst, size_t *n, size_t cap, const char *s)
{
    for (; *s && *n + 1 < cap; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            dst[(*n)++] = c;
    }
    dst[*n] = '\0';
}

/* Round 0 is "Acme Corp" at acme.example; later rounds reuse the words
 * with other suffixes ("Acme Labs", acme-labs.example) and then numbers. */
static void
account_name(const struct demo *d, size_t i, struct account *a)
{
    size_t nw = NELEM(company_words), ns = NELEM(company_suffixes);
    size_t round = i / nw, w = (i % nw * COMPANY_STEP + d->o->seed % nw) % nw;
    const char *word = company_words[w];
    const char *suffix = company_suffixes[(w + round) % ns];
    char num[24] = "";
    size_t n = 0, m = 0;

    if (round >= ns)
        (void)snprintf(num, sizeof(num), "%zu", round / ns + 1);
    append(a->name, &n, sizeof(a->name), word);
    append(a->name, &n, sizeof(a->name), suffix);
    a->domain[0] = '\0';
    slug_append(a->domain, &m, sizeof(a->domain), word);
    if (round > 0) {
        append(a->domain, &m, sizeof(a->domain), "-");
        slug_append(a->domain, &m, sizeof(a->domain), suffix);
    }
    if (num[0]) {
        append(a->name, &n, sizeof(a->name), " ");
        append(a->name, &n, sizeof(a->name), num);
        append(a->domain, &m, sizeof(a->domain), "-");
        append(a->domain, &m, sizeof(a->domain), num);
    }
    append(a->domain, &m, sizeof(a->domain), ".example");
}

static void
accounts_make(struct demo *d, size_t n)
{
    uint16_t plan_w[NPLAN];
    uint64_t cum = 0;

    for (size_t p = 0; p < NPLAN; p++)
        plan_w[p] = plans[p].share;

    d->acc = pd_xcalloc(n, sizeof(*d->acc));
    d->nacc = n;
    for (size_t i = 0; i < n; i++) {
        struct account *a = &d->acc[i];
        struct rng *r = &d->rng;
        const struct plan_info *pi;

        account_name(d, i, a);
        a->plan = (uint8_t)pick(r, plan_w, NPLAN);
        pi = &plans[a->plan];
        a->segment = (uint8_t)pick(r, pi->segment_w, 3);
        a->region = (uint8_t)pick(r, region_w, NELEM(region_w));
        a->owner = (uint8_t)rng_below(r, NELEM(owners));
        a->web_style = (uint8_t)rng_below(r, 10);
        a->arr =
            (pi->arr_lo + rng_below(r, pi->arr_hi - pi->arr_lo)) / 100 * 100;
        a->ncontacts = (uint16_t)(pi->contacts_lo +
                                  rng_below(r, (uint32_t)(pi->contacts_hi -
                                                          pi->contacts_lo)));
        a->seed = rng_next(r);
        cum += (uint64_t)pi->weight * (50 + rng_below(r, 150));
        a->cum = cum;
    }
}

static uint32_t
account_pick(const struct demo *d, struct rng *r)
{
    uint64_t total = d->acc[d->nacc - 1].cum;
    uint64_t x = total <= UINT32_MAX ? rng_below(r, (uint32_t)total)
                                     : rng_next(r) % total;
    size_t lo = 0, hi = d->nacc - 1;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->acc[mid].cum > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return (uint32_t)lo;
}

/* CRM exports write the website however the rep typed it; the loader
 * strips scheme, www. and path (SPEC §3). */
static void
put_website(struct wr *w, const struct account *a)
{
    static const char *const pre[] = {
        "https://www.", "https://www.", "https://www.",
        "https://www.", "https://www.", "https://www.",
        "https://",     "www.",         "",
        "http://www."};
    static const char *const post[] = {"/", "/", "/", "/", "/",
                                       "/", "",  "",  "",  "/about"};

    wr_text(w, pre[a->web_style]);
    wr_text(w, a->domain);
    wr_text(w, post[a->web_style]);
}

static size_t
rows_accounts(struct demo *d, struct wr *w)
{
    for (size_t i = 0; i < d->nacc; i++) {
        const struct account *a = &d->acc[i];

        wr_raw(w, "ACC-", 4);
        wr_u64(w, 1000 + i);
        wr_ch(w, ',');
        wr_text(w, a->name);
        wr_ch(w, ',');
        put_website(w, a);
        wr_ch(w, ',');
        wr_text(w, plans[a->plan].name);
        wr_ch(w, ',');
        wr_text(w, segments[a->segment]);
        wr_ch(w, ',');
        wr_text(w, regions[a->region]);
        wr_ch(w, ',');
        wr_u64(w, a->arr);
        wr_ch(w, ',');
        wr_text(w, owners[a->owner]);
        wr_eol(w);
    }
    return d->nacc;
}

/* ---- people ------------------------------------------------------------ */

static uint64_t
contact_hash(const struct demo *d, const struct ticket *t)
{
    uint64_t base =
        t->account == NO_ACCOUNT ? d->o->seed : d->acc[t->account].seed;
    return mix64(base ^ mix64(t->person + UINT64_C(0x632be59bd9b4e019)));
}

/* About one account contact in twelve writes from a personal address. */
static bool
uses_free_mail(const struct ticket *t, uint64_t h)
{
    return t->account == NO_ACCOUNT || h % 12 == 0;
}

/* How companies spell addresses: first.last, flast, first, first_last. */
static const struct email_style {
    const char *sep;
    bool initial, last;
} email_styles[10] = {
    {".", false, true}, {".", false, true}, {".", false, true},
    {".", false, true}, {".", false, true}, {".", false, true},
    {"", true, true},   {"", true, true},   {"", false, false},
    {"_", false, true},
};

static void
person_make(const struct demo *d, const struct ticket *t, struct person *p)
{
    uint64_t h = contact_hash(d, t);
    const struct first_name *fn = &first_names[h % NELEM(first_names)];
    const char *last = last_names[(h >> 16) % NELEM(last_names)];
    unsigned style = (unsigned)(h >> 32) % 10;
    size_t n = 0, e = 0;
    char first1[2] = {fn->ascii[0], '\0'};
    char digits[3];

    append(p->name, &n, sizeof(p->name), fn->name);
    append(p->name, &n, sizeof(p->name), " ");
    append(p->name, &n, sizeof(p->name), last);
    p->email[0] = '\0';
    if (uses_free_mail(t, h)) {
        put2(digits, (unsigned)(h >> 40) % 90 + 10);
        digits[2] = '\0';
        append(p->email, &e, sizeof(p->email), fn->ascii);
        lower_append(p->email, &e, sizeof(p->email), last);
        append(p->email, &e, sizeof(p->email), digits);
        p->domain = free_mail[(h >> 48) % NELEM(free_mail)];
    } else {
        const struct email_style *es = &email_styles[style];
        append(p->email, &e, sizeof(p->email),
               es->initial ? first1 : fn->ascii);
        append(p->email, &e, sizeof(p->email), es->sep);
        if (es->last)
            lower_append(p->email, &e, sizeof(p->email), last);
        p->domain = d->acc[t->account].domain;
    }
    append(p->email, &e, sizeof(p->email), "@");
    append(p->email, &e, sizeof(p->email), p->domain);
}

/* ---- tickets: the truth ------------------------------------------------ */

static unsigned
subject_count(const struct topic *tp)
{
    unsigned n = 0;

    while (n < NELEM(tp->subjects) && tp->subjects[n])
        n++;
    return n;
}

/* 0 before the last four weeks, rising to 1 at the end: drives the growing
 * billing and login theme that the weekly report should surface. */
static double
ramp(const struct demo *d, int64_t t)
{
    int64_t from = d->end - OVERLAP;

    return t <= from ? 0.0 : (double)(t - from) / (double)OVERLAP;
}

static unsigned
topic_pick(const struct demo *d, struct rng *r, int64_t created)
{
    uint16_t w[NELEM(topics)];
    double k = ramp(d, created);

    /* Floating point only inside the ramp: this runs once per row. */
    for (size_t i = 0; i < NELEM(topics); i++)
        w[i] =
            k > 0.0
                ? (uint16_t)(topics[i].weight * (100.0 + topics[i].rising * k))
                : (uint16_t)(topics[i].weight * 100);
    return pick(r, w, NELEM(topics));
}

static void
requester_pick(const struct demo *d, struct rng *r, struct ticket *t)
{
    uint32_t n, a, b;
    bool free_mail_user;

    if (rng_permille(r, 30)) {
        t->account = NO_ACCOUNT;
        t->person = (uint32_t)rng_next(r);
        t->flags |= F_NO_ORG;
        return;
    }
    t->account = account_pick(d, r);
    /* The smaller of two draws: a few power users write most tickets. */
    n = d->acc[t->account].ncontacts;
    a = rng_below(r, n);
    b = rng_below(r, n);
    t->person = a < b ? a : b;
    /* Agents set the organization by hand for half of the personal
     * addresses; a few company addresses lose it too. */
    free_mail_user = uses_free_mail(t, contact_hash(d, t));
    if (rng_permille(r, free_mail_user ? 500 : 40))
        t->flags |= F_NO_ORG;
}

static unsigned
vendor_pick(struct rng *r)
{
    uint16_t w[NVENDOR];

    for (size_t i = 0; i < NVENDOR; i++)
        w[i] = vendors[i].share;
    return pick(r, w, NVENDOR);
}

/* Everything but the lifecycle; vendor < 0 picks one by market share. */
static void
ticket_attrs(const struct demo *d, struct rng *r, struct ticket *t, int vendor)
{
    requester_pick(d, r, t);
    t->topic = (uint8_t)topic_pick(d, r, t->created);
    t->subject = (uint8_t)rng_below(r, subject_count(&topics[t->topic]));
    t->num = 1000 + rng_below(r, 90000);
    t->vendor = (uint8_t)(vendor >= 0 ? (unsigned)vendor : vendor_pick(r));
    t->channel = (uint8_t)pick(r, vendors[t->vendor].channel_w, NCHANNEL);
    t->priority = (uint8_t)pick(r, priority_w, NELEM(priority_w));
    t->agent = (uint8_t)rng_below(r, NELEM(agents));
    t->waiting = (uint8_t)(ST_OPEN + pick(r, waiting_w, NELEM(waiting_w)));
    t->type = (uint8_t)(rng_permille(r, 800) ? topics[t->topic].type
                                             : rng_below(r, NTYPE));
    if (rng_permille(r, 120))
        t->flags |= F_NO_AREA;
    if (rng_permille(r, 300))
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
ticket_life(struct rng *r, struct ticket *t)
{
    static const double channel_speed[NCHANNEL] = {1.0, 1.0, 0.08, 0.03, 1.2};
    static const double priority_speed[4] = {1.4, 1.0, 0.6, 0.3};
    double speed = channel_speed[t->channel] * priority_speed[t->priority];

    t->first_reply = t->created + PD_US_PER_SEC * rng_below(r, 60) +
                     hours_us(lognormal(r, 2.5, 1.0) * speed, 1.0 / 60, 144);
    t->replies = (uint8_t)(1 + rng_below(r, 2) +
                           (rng_permille(r, 300) ? rng_below(r, 5) : 0));
    t->mid = t->solved1 = t->reopen = t->solved2 = NEVER;
    t->csat = CS_NONE;
    if (rng_permille(r, 20)) {
        t->mid = t->first_reply + hours_us(lognormal(r, 30, 0.8), 1, 999);
        return;
    }
    t->solved1 =
        t->first_reply +
        hours_us(lognormal(r, 20, 1.1) * priority_speed[t->priority], 0.1, 720);
    if (t->replies >= 2)
        t->mid = t->first_reply +
                 (int64_t)((double)(t->solved1 - t->first_reply) * rng_unit(r));
    if (rng_permille(r, 60)) {
        /* Reopened before the four-day auto-close. */
        t->reopen = t->solved1 + hours_us(lognormal(r, 20, 0.8), 1, 84);
        t->solved2 = t->reopen + hours_us(lognormal(r, 6, 1.0), 0.2, 240);
        t->replies++;
    }
    t->csat = (uint8_t)pick(r, csat_w, NCSAT);
}

/* Creation times: weekday seasonality, a slow growth over the half year,
 * a bump in the last four weeks, day-to-day noise, office-hours peaks.
 * Day k of the ticket list is found by inverting the cumulative weights,
 * so the total is exact. */
static void
created_times(struct demo *d, struct rng *r)
{
    size_t ndays = (size_t)PD_DEMO_WEEKS * 7, day = 0;
    double *cum = pd_xmalloc((ndays + 1) * sizeof(*cum));

    cum[0] = 0.0;
    for (size_t i = 0; i < ndays; i++) {
        int64_t t = d->start + (int64_t)i * PD_US_PER_DAY;
        struct pd_tm tm;

        pd_time_split(t, &tm);
        cum[i + 1] = cum[i] + weekday_w[tm.weekday - 1] *
                                  (1.0 + 0.15 * (double)i / (double)ndays) *
                                  (1.0 + 0.25 * ramp(d, t)) *
                                  (0.85 + 0.3 * rng_unit(r));
    }
    for (size_t k = 0; k < d->ntk; k++) {
        double target = ((double)k + 0.5) / (double)d->ntk * cum[ndays];
        struct ticket *t = &d->tk[k];

        while (day + 1 < ndays && cum[day + 1] < target)
            day++;
        t->created = d->start + (int64_t)day * PD_US_PER_DAY +
                     pick(r, hour_w, 24) * PD_US_PER_HOUR +
                     rng_below(r, 3600) * PD_US_PER_SEC;
        t->seq = (uint32_t)k;
    }
    free(cum);
}

/* A customer who e-mails and then opens a chat: the same requester and
 * subject minutes apart in another tool (SPEC §4 probable duplicates). */
static void
cross_source_duplicates(struct demo *d, struct rng *r)
{
    for (size_t k = 1; k < d->ntk; k++) {
        struct ticket *t = &d->tk[k];
        const struct ticket *prev = &d->tk[k - 1];
        int64_t when;

        if (!rng_permille(r, 15) || prev->account == NO_ACCOUNT)
            continue;
        when = prev->created + (2 + rng_below(r, 24)) * US_MINUTE;
        if (when >= d->end)
            continue;
        t->created = when;
        t->account = prev->account;
        t->person = prev->person;
        t->flags = prev->flags;
        t->topic = prev->topic;
        t->subject = prev->subject;
        t->num = prev->num;
        t->vendor = (uint8_t)((prev->vendor + 1 + rng_below(r, 2)) % NVENDOR);
        t->channel = (uint8_t)pick(r, vendors[t->vendor].channel_w, NCHANNEL);
    }
}

static int
by_created(const void *pa, const void *pb)
{
    const struct ticket *a = pa, *b = pb;

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
assign_ids(struct demo *d, struct rng *r)
{
    uint64_t next[NVENDOR];

    for (size_t v = 0; v < NVENDOR; v++)
        next[v] = id_rules[v].base + rng_below(r, id_rules[v].base_jitter);
    for (size_t k = 0; k < d->ntk; k++) {
        struct ticket *t = &d->tk[k];
        const struct id_rule *ir = &id_rules[t->vendor];

        t->id = next[t->vendor];
        next[t->vendor] += ir->step;
        if (ir->step_jitter &&
            rng_permille(r, t->vendor == V_ZENDESK ? 50 : 1000))
            next[t->vendor] += rng_below(r, ir->step_jitter) + 1;
    }
}

static void
tickets_make(struct demo *d)
{
    struct rng *r = &d->rng;

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

/* ---- tickets: what an export shows at a snapshot ----------------------- */

static int64_t
seen(int64_t event, int64_t at)
{
    return event < at ? event : NEVER;
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
view_csat(const struct ticket *t, int64_t final, int64_t at)
{
    int64_t offered, rated;

    if (final == NEVER || t->csat == CS_NONE)
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
view_updated(const struct ticket *t, int64_t final, int64_t closed, int64_t at)
{
    int64_t offered = NEVER, rated = NEVER;

    if (final != NEVER && t->csat != CS_NONE) {
        offered = final + PD_US_PER_DAY;
        if (t->csat != CS_OFFERED)
            rated = offered + (1 + t->num % 20) * PD_US_PER_HOUR;
    }
    {
        const int64_t ev[] = {t->created, t->first_reply, t->mid,
                              t->solved1, t->reopen,      t->solved2,
                              offered,    rated,          closed};
        return latest(ev, NELEM(ev), at);
    }
}

static void
view_at(struct view *v, const struct demo *d, const struct ticket *t,
        int64_t at)
{
    int64_t final = t->reopen != NEVER ? t->solved2 : t->solved1;
    bool reopened = t->reopen < at;

    v->d = d;
    v->t = t;
    v->a = t->account == NO_ACCOUNT ? NULL : &d->acc[t->account];
    v->vi = &vendors[t->vendor];
    v->first_reply = seen(t->first_reply, at);
    v->solved = seen(reopened ? t->solved2 : t->solved1, at);
    v->closed = final != NEVER && final + CLOSE_AFTER < at ? final + CLOSE_AFTER
                                                           : NEVER;
    v->reopens = reopened;
    if (v->closed != NEVER)
        v->state = ST_CLOSED;
    else if (v->solved != NEVER)
        v->state = ST_SOLVED;
    else if (v->first_reply == NEVER)
        v->state = ST_NEW;
    else
        v->state = reopened ? ST_OPEN : (enum state)t->waiting;
    v->csat = view_csat(t, final, at);
    if (v->first_reply == NEVER)
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

struct col {
    const char *name;
    void (*put)(struct wr *w, const struct view *v);
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
subject_format(const struct ticket *t, char *buf, size_t cap)
{
    const char *s = topics[t->topic].subjects[t->subject];
    const char *hole = strchr(s, '^');
    char num[11];
    size_t n = 0;

    buf[0] = '\0';
    if (!hole) {
        append(buf, &n, cap, s);
        return;
    }
    fmt_u32(num, t->num);
    append_n(buf, &n, cap, s, (size_t)(hole - s));
    append(buf, &n, cap, num);
    append(buf, &n, cap, hole + 1);
}

static void
tags_format(const struct view *v, char *buf, size_t cap)
{
    const struct topic *tp = &topics[v->t->topic];
    const char sep[2] = {v->vi->tag_sep, '\0'};
    const char *extra[3] = {NULL, NULL, NULL};
    size_t n = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < NELEM(tp->tags) && tp->tags[i]; i++) {
        if (n)
            append(buf, &n, cap, sep);
        append(buf, &n, cap, tp->tags[i]);
    }
    if (v->a) {
        extra[0] = plans[v->a->plan].tag;
        if (v->a->plan == PLAN_ENTERPRISE)
            extra[1] = "vip";
    }
    if (v->reopens)
        extra[2] = "reopened";
    for (size_t i = 0; i < NELEM(extra); i++) {
        if (!extra[i])
            continue;
        append(buf, &n, cap, sep);
        append(buf, &n, cap, extra[i]);
    }
}

static void
put_id(struct wr *w, const struct view *v)
{
    wr_u64(w, v->t->id);
}

static void
put_requester(struct wr *w, const struct view *v)
{
    wr_text(w, v->p.name);
}

static void
put_email(struct wr *w, const struct view *v)
{
    wr_text(w, v->p.email);
}

static void
put_domain(struct wr *w, const struct view *v)
{
    wr_text(w, v->p.domain);
}

/* Nobody is assigned until the first reply. */
static void
put_agent(struct wr *w, const struct view *v)
{
    if (v->state != ST_NEW)
        wr_text(w, agents[v->t->agent]);
}

static void
put_group(struct wr *w, const struct view *v)
{
    wr_text(w, topics[v->t->topic].group);
}

static void
put_subject(struct wr *w, const struct view *v)
{
    char buf[256];

    subject_format(v->t, buf, sizeof(buf));
    wr_text(w, buf);
}

static void
put_tags(struct wr *w, const struct view *v)
{
    char buf[256];

    tags_format(v, buf, sizeof(buf));
    wr_text(w, buf);
}

static void
put_status(struct wr *w, const struct view *v)
{
    wr_text(w, v->vi->state[v->state]);
}

static void
put_priority(struct wr *w, const struct view *v)
{
    wr_text(w, v->vi->priority[v->t->priority]);
}

static void
put_channel(struct wr *w, const struct view *v)
{
    wr_text(w, v->vi->channel[v->t->channel]);
}

static void
put_type(struct wr *w, const struct view *v)
{
    wr_text(w, v->vi->type[v->t->type]);
}

static void
put_org(struct wr *w, const struct view *v)
{
    if (v->a && !(v->t->flags & F_NO_ORG))
        wr_text(w, v->a->name);
}

static void
put_csat(struct wr *w, const struct view *v)
{
    wr_text(w, v->vi->csat[v->csat]);
}

static void
put_reopens(struct wr *w, const struct view *v)
{
    wr_u64(w, v->reopens);
}

static void
put_replies(struct wr *w, const struct view *v)
{
    wr_u64(w, v->replies);
}

static void
put_area(struct wr *w, const struct view *v)
{
    if (!(v->t->flags & F_NO_AREA))
        wr_text(w, topics[v->t->topic].area);
}

/* Zendesk custom list fields export "-" when empty (formats.md §1.1). */
static void
put_area_list(struct wr *w, const struct view *v)
{
    wr_text(w, v->t->flags & F_NO_AREA ? "-" : topics[v->t->topic].area);
}

static void
put_when(struct wr *w, int64_t us, bool seconds)
{
    if (us != NEVER)
        wr_datetime(w, us, seconds);
}

static void
put_created_s(struct wr *w, const struct view *v)
{
    put_when(w, v->t->created, true);
}

static void
put_updated_s(struct wr *w, const struct view *v)
{
    put_when(w, v->updated, true);
}

static void
put_solved_s(struct wr *w, const struct view *v)
{
    put_when(w, v->solved, true);
}

static void
put_closed_s(struct wr *w, const struct view *v)
{
    put_when(w, v->closed, true);
}

static void
put_created_m(struct wr *w, const struct view *v)
{
    put_when(w, v->t->created, false);
}

static void
put_updated_m(struct wr *w, const struct view *v)
{
    put_when(w, v->updated, false);
}

static void
put_solved_m(struct wr *w, const struct view *v)
{
    put_when(w, v->solved, false);
}

static void
put_first_reply_m(struct wr *w, const struct view *v)
{
    put_when(w, v->first_reply, false);
}

/* Unsolved: the 1900 sentinel in most rows, blank in some (both occur in
 * one real Zendesk file, formats.md §0). */
static void
put_zendesk_solved(struct wr *w, const struct view *v)
{
    static const char sentinel[] = "1900-01-01 00:00:00";

    if (v->solved != NEVER)
        wr_datetime(w, v->solved, true);
    else if (!(v->t->flags & F_BLANK_SOLVED))
        wr_raw(w, sentinel, sizeof(sentinel) - 1);
}

static void
put_minutes_since_created(struct wr *w, const struct view *v, int64_t us)
{
    if (us != NEVER)
        wr_u64(w, (uint64_t)((us - v->t->created) / US_MINUTE));
}

static void
put_first_reply_minutes(struct wr *w, const struct view *v)
{
    put_minutes_since_created(w, v, v->first_reply);
}

static void
put_resolution_minutes(struct wr *w, const struct view *v)
{
    put_minutes_since_created(w, v, v->solved);
}

static void
put_pipeline(struct wr *w, const struct view *v)
{
    (void)v;
    wr_text(w, "Support Pipeline");
}

static void
put_category(struct wr *w, const struct view *v)
{
    wr_text(w, topics[v->t->topic].category);
}

static const struct col zendesk_cols[] = {
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

static const struct col freshdesk_cols[] = {
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

static const struct col hubspot_cols[] = {
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
put_row(struct wr *w, const struct col *cols, const struct view *v)
{
    for (const struct col *c = cols; c->name; c++) {
        if (c != cols)
            wr_ch(w, ',');
        c->put(w, v);
    }
    wr_eol(w);
}

/* ---- the files --------------------------------------------------------- */

/* Which tickets an export holds and when it was taken. */
enum window {
    WIN_ALL,    /* everything, taken at the end */
    WIN_FIRST,  /* created before t1, taken at t1 */
    WIN_SECOND, /* created from four weeks before t1, taken at the end */
};

struct gen {
    const char *name, *source, *kind;
    const char *eol;
    const char *header;     /* CSV header line, used when cols is NULL */
    const struct col *cols; /* ticket columns */
    size_t (*rows)(struct demo *d, const struct gen *g, struct wr *w);
    enum vendor vendor;
    enum window win;
};

static size_t
rows_crm(struct demo *d, const struct gen *g, struct wr *w)
{
    (void)g;
    return rows_accounts(d, w);
}

static size_t
rows_tickets(struct demo *d, const struct gen *g, struct wr *w)
{
    int64_t at = d->end, from = d->start, to = d->end;
    struct view v;
    size_t n = 0;

    if (g->win == WIN_FIRST)
        at = to = d->t1;
    else if (g->win == WIN_SECOND)
        from = d->t1 - OVERLAP;
    for (size_t i = 0; i < d->ntk; i++) {
        const struct ticket *t = &d->tk[i];

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
rows_bench(struct demo *d, const struct gen *g, struct wr *w)
{
    size_t n = d->o->bench_tickets;
    double step = (double)(d->end - d->start) / (double)n;
    struct ticket t;
    struct view v;

    for (size_t k = 0; k < n && !w->err; k++) {
        memset(&t, 0, sizeof(t));
        t.created =
            d->start + (int64_t)(((double)k + rng_unit(&d->rng)) * step);
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

/* Zendesk and the CRM write CRLF, Freshdesk and HubSpot LF (formats.md §0).
 * Export-1 was taken three weeks before the end; export-2 at the end
 * repeats export-1's last four weeks with their later state.
 * NPS (e.g. delighted/responses.csv) and usage (amplitude/<date>.json.gz)
 * generators slot in here with a rows function of their own. */
static const struct gen gens[] = {
    {"crm/accounts.csv", "crm", "accounts", "\r\n",
     "Account ID,Account Name,Website,Plan,Segment,Region,ARR,Account Owner",
     NULL, rows_crm, V_ZENDESK, WIN_ALL},
    {"zendesk/export-1.csv", "zendesk", "tickets", "\r\n", NULL, zendesk_cols,
     rows_tickets, V_ZENDESK, WIN_FIRST},
    {"zendesk/export-2.csv", "zendesk", "tickets", "\r\n", NULL, zendesk_cols,
     rows_tickets, V_ZENDESK, WIN_SECOND},
    {"freshdesk/tickets.csv", "freshdesk", "tickets", "\n", NULL,
     freshdesk_cols, rows_tickets, V_FRESHDESK, WIN_ALL},
    {"hubspot/tickets.csv", "hubspot", "tickets", "\n", NULL, hubspot_cols,
     rows_tickets, V_HUBSPOT, WIN_ALL},
};
_Static_assert(NELEM(gens) <= PD_DEMO_MAX_FILES, "raise PD_DEMO_MAX_FILES");

static const struct gen bench_gen = {
    "bench/zendesk-bench.csv",
    "zendesk",
    "tickets",
    "\r\n",
    NULL,
    zendesk_cols,
    rows_bench,
    V_ZENDESK,
    WIN_ALL,
};

static void
write_header(struct wr *w, const struct gen *g)
{
    if (g->header) {
        wr_raw(w, g->header, strlen(g->header)); /* already CSV */
    } else {
        for (const struct col *c = g->cols; c->name; c++) {
            if (c != g->cols)
                wr_ch(w, ',');
            wr_text(w, c->name);
        }
    }
    wr_eol(w);
}

static int
write_file(struct demo *d, const struct gen *g, struct pd_demo_stats *st,
           struct pd_err *err)
{
    struct pd_demo_file *f = &st->files[st->nfiles];
    struct wr w;
    size_t rows;
    int n = snprintf(f->path, sizeof(f->path), "%s/%s", d->o->out_dir, g->name);

    if (n < 0 || (size_t)n >= sizeof(f->path))
        return pd_err_set(err, PD_E_LIMIT,
                          "output directory name too long: \"%s\"",
                          d->o->out_dir);
    if (wr_open(&w, f->path, g->eol, err) < 0)
        return -1;
    write_header(&w, g);
    rows = g->rows(d, g, &w);
    if (wr_close(&w, err) < 0)
        return -1;
    f->name = g->name;
    f->source = g->source;
    f->kind = g->kind;
    f->rows = rows;
    st->nfiles++;
    return 0;
}

/* ---- entry points ------------------------------------------------------ */

void
pd_demo_opts_init(struct pd_demo_opts *o, int64_t end_us)
{
    memset(o, 0, sizeof(*o));
    o->out_dir = "demo";
    o->seed = PD_DEMO_DEFAULT_SEED;
    o->end_us = end_us;
    o->accounts = PD_DEMO_DEFAULT_ACCOUNTS;
    o->tickets = (size_t)PD_DEMO_TICKETS_PER_WEEK * PD_DEMO_WEEKS;
}

static int
check_opts(const struct pd_demo_opts *o, struct pd_err *err)
{
    int64_t span = SPAN;

    if (!o->out_dir || !o->out_dir[0])
        return pd_err_set(err, PD_E_USAGE, "no output directory given");
    /* Four-digit years keep the hand-written date formatter simple. */
    if (o->end_us < span || o->end_us > pd_time_make(9999, 1, 1, 0, 0, 0, 0))
        return pd_err_set(
            err, PD_E_USAGE,
            "demo end date is out of range (1970-07-02 to 9999-01-01)");
    if (o->accounts > PD_DEMO_MAX_ACCOUNTS)
        return pd_err_set(err, PD_E_LIMIT,
                          "too many demo accounts: %zu (limit %d)", o->accounts,
                          PD_DEMO_MAX_ACCOUNTS);
    if (o->tickets > PD_DEMO_MAX_TICKETS) {
        pd_err_set(err, PD_E_LIMIT, "too many demo tickets: %zu (limit %d)",
                   o->tickets, PD_DEMO_MAX_TICKETS);
        return pd_err_hint(err, "bench mode writes any number of rows");
    }
    return 0;
}

int
pd_demo_generate(const struct pd_demo_opts *o, struct pd_demo_stats *st,
                 struct pd_err *err)
{
    struct demo d;
    int rc = 0;

    memset(st, 0, sizeof(*st));
    if (check_opts(o, err) < 0)
        return -1;
    memset(&d, 0, sizeof(d));
    d.o = o;
    d.end = o->end_us;
    d.start = d.end - SPAN;
    /* Export-1 was taken on the Wednesday 09:00 three weeks before the end
     * (when the end is a Monday). */
    d.t1 = d.end - 19 * PD_US_PER_DAY + 9 * PD_US_PER_HOUR;
    d.rng.s = o->seed;
    accounts_make(&d, o->accounts ? o->accounts : PD_DEMO_DEFAULT_ACCOUNTS);
    if (o->bench_tickets > 0) {
        rc = write_file(&d, &bench_gen, st, err);
    } else {
        tickets_make(&d);
        for (size_t i = 0; i < NELEM(gens) && rc == 0; i++)
            rc = write_file(&d, &gens[i], st, err);
    }
    free(d.acc);
    free(d.tk);
    return rc;
}
