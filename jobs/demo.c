#include "jobs/demo.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
/* The demo is the only writer of gzip and zip in the tree (extract/source.c
 * reads them); bench mode needs deflate on its own buffers. */
#include <zip.h>
#include <zlib.h>

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
 * NPS responses are a second truth list, drawn from their own generator
 * (seeded from the seed, so adding them did not change a ticket byte): the
 * same accounts and contacts answer, scores drift down in the last four
 * weeks with the billing theme, and each survey tool's export is a view of
 * its share.  Usage is made one day at a time from a generator seeded by
 * (seed, day): sessions of users (the accounts' contacts) on five product
 * surfaces, each surface exported by one tool, so the tools' events are
 * disjoint.  Every usage file regenerates the days it needs instead of
 * holding half a million events: a day costs ~0.2 ms.
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
#define Z_BUF       ((size_t)1 << 18)
#define NDAYS       ((size_t)PD_DEMO_WEEKS * 7)

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
    uint8_t at_risk; /* usage collapses and NPS sours in the last 4 weeks */
    uint8_t groups;  /* sends the Amplitude "account" group */
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

struct nps;
struct user;
struct uev;

struct demo {
    const struct pd_demo_opts *o;
    int64_t start, end, t1; /* window [start, end); export-1 snapshot */
    struct rng rng;
    struct account *acc;
    size_t nacc;
    struct ticket *tk;
    size_t ntk;
    struct nps *nps; /* NPS responses by time */
    size_t nnps;
    struct user *users; /* usage: every contact of every account */
    size_t nusers;
    double *ucum;        /* users' cumulative weight on one day */
    struct uev *ev;      /* one day of events */
    size_t day_n[NDAYS]; /* events per day */
    size_t evcap;
    uint32_t project; /* Amplitude project id */
    size_t events;    /* set by usage rows(): events written */
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
    z_stream *z; /* non-NULL: bytes are gzipped on their way to f */
    unsigned char *zbuf;
    int64_t day[8]; /* day numbers whose "YYYY-MM-DD" are in ymd */
    char ymd[8][10];
};

static void
wr_out(struct wr *w, const void *p, size_t n)
{
    if (n > 0 && !w->err && fwrite(p, 1, n, w->f) != n)
        w->err = errno ? errno : EIO;
}

/* Deflate the buffer into f (zpipe.c's loop: call again while deflate
 * fills the whole output buffer). */
static void
wr_deflate(struct wr *w, int flush)
{
    z_stream *z = w->z;

    z->next_in = (Bytef *)w->buf;
    z->avail_in = (uInt)w->len;
    do {
        z->next_out = w->zbuf;
        z->avail_out = (uInt)Z_BUF;
        if (deflate(z, flush) == Z_STREAM_ERROR && !w->err)
            w->err = EIO;
        wr_out(w, w->zbuf, Z_BUF - z->avail_out);
    } while (z->avail_out == 0);
}

static void
wr_flush(struct wr *w)
{
    if (w->z)
        wr_deflate(w, Z_NO_FLUSH);
    else
        wr_out(w, w->buf, w->len);
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

static void
wr_str(struct wr *w, const char *s)
{
    wr_raw(w, s, strlen(s));
}

/* A JSON string.  Our text is UTF-8 already, so only quotes, backslashes
 * and control characters need escapes. */
static void
wr_json(struct wr *w, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = strlen(s);
    char *p = wr_room(w, 6 * n + 2), *q = p;

    *q++ = '"';
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\') {
            *q++ = '\\';
            *q++ = (char)c;
        } else if (c < 0x20) {
            *q++ = '\\';
            *q++ = 'u';
            *q++ = '0';
            *q++ = '0';
            *q++ = hex[c >> 4];
            *q++ = hex[c & 15];
        } else {
            *q++ = (char)c;
        }
    }
    *q++ = '"';
    w->len += (size_t)(q - p);
}

/* The low n hex digits of v, lower case. */
static void
wr_hex(struct wr *w, uint64_t v, unsigned n)
{
    static const char hex[] = "0123456789abcdef";
    char *p = wr_room(w, 16);

    for (unsigned i = n; i > 0; i--) {
        p[i - 1] = hex[v & 15];
        v >>= 4;
    }
    w->len += n;
}

/* 8-4-4-4-12 hex; the caller sets version and variant bits in a and b. */
static void
wr_uuid_bits(struct wr *w, uint64_t a, uint64_t b)
{
    wr_hex(w, a >> 32, 8);
    wr_ch(w, '-');
    wr_hex(w, a >> 16, 4);
    wr_ch(w, '-');
    wr_hex(w, a, 4);
    wr_ch(w, '-');
    wr_hex(w, b >> 48, 4);
    wr_ch(w, '-');
    wr_hex(w, b, 12);
}

/* A random (version 4) UUID made from r. */
static void
wr_uuid(struct wr *w, uint64_t r)
{
    uint64_t a = mix64(r ^ UINT64_C(0x5851f42d4c957f2d));
    uint64_t b = mix64(r + UINT64_C(0x14057b7ef767814f));

    wr_uuid_bits(w, (a & ~UINT64_C(0xf000)) | 0x4000,
                 (b & ~(UINT64_C(3) << 62)) | (UINT64_C(2) << 62));
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

/* "YYYY-MM-DD<sep>HH:MM:SS", then `frac` digits (0, 3 or 6) of the second
 * after a dot, then `zone` ("Z", "+00:00" or "").  us must be >= 0. */
static void
wr_stamp(struct wr *w, int64_t us, char sep, unsigned frac, const char *zone)
{
    int64_t s = us / PD_US_PER_SEC, days = s / 86400;
    unsigned sod = (unsigned)(s % 86400);
    unsigned sub = (unsigned)(us % PD_US_PER_SEC), div = 100000;
    size_t zl = strlen(zone), n = 19;
    char *p = wr_room(w, 27 + zl);

    memcpy(p, wr_ymd(w, days), 10);
    p[10] = sep;
    put2(p + 11, sod / 3600);
    p[13] = ':';
    put2(p + 14, sod / 60 % 60);
    p[16] = ':';
    put2(p + 17, sod % 60);
    if (frac)
        p[n++] = '.';
    for (unsigned i = 0; i < frac; i++, div /= 10)
        p[n++] = (char)('0' + sub / div % 10);
    for (size_t i = 0; i < zl; i++)
        p[n++] = zone[i];
    w->len += n;
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

/* A writer is buffers (wr_init, wr_release) plus a file (wr_file_open,
 * wr_file_close): a zip's members reuse one writer's buffers and deflate
 * state instead of allocating 1.5 MB per member. */
static void
wr_init(struct wr *w, const char *eol)
{
    memset(w, 0, sizeof(*w));
    w->eol = eol;
    for (size_t i = 0; i < NELEM(w->day); i++)
        w->day[i] = -1;
    w->buf = pd_xmalloc(WR_BUF);
}

/* Gzip output (a header without name or time, so the bytes depend on the
 * data only). */
static int
wr_init_gz(struct wr *w, int level, struct pd_err *err)
{
    wr_init(w, "\n");
    w->z = pd_xcalloc(1, sizeof(*w->z));
    w->zbuf = pd_xmalloc(Z_BUF);
    if (deflateInit2(w->z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) ==
        Z_OK)
        return 0;
    free(w->z);
    w->z = NULL;
    return pd_err_set(err, PD_E_INTERNAL, "cannot start gzip compression");
}

/* Frees everything; an open file is abandoned and its .tmp removed. */
static void
wr_release(struct wr *w)
{
    if (w->f) {
        (void)fclose(w->f);
        (void)remove(w->tmp);
        w->f = NULL;
    }
    if (w->z)
        (void)deflateEnd(w->z);
    free(w->z);
    free(w->zbuf);
    free(w->buf);
    w->z = NULL;
    w->zbuf = NULL;
    w->buf = NULL;
}

static int
wr_file_open(struct wr *w, const char *path, struct pd_err *err)
{
    w->path = path;
    w->len = 0;
    w->err = 0;
    (void)snprintf(w->tmp, sizeof(w->tmp), "%s.tmp", path); /* sized for it */
    if (make_parents(path, err) < 0)
        return -1;
    w->f = fopen(w->tmp, "wb");
    if (!w->f)
        return pd_err_set(err, PD_E_IO, "cannot create \"%s\": %s", w->tmp,
                          strerror(errno));
    return 0;
}

/* Flush (finishing the gzip stream), close and rename into place; the
 * full disk shows up here. */
static int
wr_file_close(struct wr *w, struct pd_err *err)
{
    /* Reset only after the last deflate: the next deflate call writes the
     * next stream's header, which belongs in the next file. */
    if (w->z) {
        wr_deflate(w, Z_FINISH);
        w->len = 0;
        if (deflateReset(w->z) != Z_OK && !w->err)
            w->err = EIO;
    } else {
        wr_flush(w);
    }
    if (fclose(w->f) != 0 && !w->err)
        w->err = errno;
    w->f = NULL;
    if (!w->err && rename(w->tmp, w->path) != 0)
        w->err = errno;
    if (!w->err)
        return 0;
    (void)remove(w->tmp);
    return pd_err_set(err, PD_E_IO, "cannot write \"%s\": %s", w->path,
                      strerror(w->err));
}

static int
wr_open(struct wr *w, const char *path, const char *eol, struct pd_err *err)
{
    wr_init(w, eol);
    if (wr_file_open(w, path, err) == 0)
        return 0;
    wr_release(w);
    return -1;
}

static int
wr_close(struct wr *w, struct pd_err *err)
{
    int rc = wr_file_close(w, err);

    wr_release(w);
    return rc;
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

/* Contact `person` of an account, or with NO_ACCOUNT someone outside any
 * account whose person number is a seed.  Tickets, NPS and usage all name
 * people this way, so the same person has the same address everywhere. */
static uint64_t
person_hash(const struct demo *d, uint32_t account, uint32_t person)
{
    uint64_t base = account == NO_ACCOUNT ? d->o->seed : d->acc[account].seed;
    return mix64(base ^ mix64(person + UINT64_C(0x632be59bd9b4e019)));
}

static uint64_t
contact_hash(const struct demo *d, const struct ticket *t)
{
    return person_hash(d, t->account, t->person);
}

/* About one account contact in twelve writes from a personal address. */
static bool
free_mail_person(uint32_t account, uint64_t h)
{
    return account == NO_ACCOUNT || h % 12 == 0;
}

static bool
uses_free_mail(const struct ticket *t, uint64_t h)
{
    return free_mail_person(t->account, h);
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
person_of(const struct demo *d, uint32_t account, uint32_t person,
          struct person *p)
{
    uint64_t h = person_hash(d, account, person);
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
    if (free_mail_person(account, h)) {
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
        p->domain = d->acc[account].domain;
    }
    append(p->email, &e, sizeof(p->email), "@");
    append(p->email, &e, sizeof(p->email), p->domain);
}

static void
person_make(const struct demo *d, const struct ticket *t, struct person *p)
{
    person_of(d, t->account, t->person, p);
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

/* ---- places and identifiers shared by NPS and usage -------------------- */

/* Salts for the generators that are not the ticket stream: each draws from
 * its own sequence, so adding or changing one leaves the others' bytes. */
#define SALT_MARK    UINT64_C(0x6a09e667f3bcc909)
#define SALT_NPS     UINT64_C(0xbb67ae8584caa73b)
#define SALT_USERS   UINT64_C(0x3c6ef372fe94f82b)
#define SALT_DAYS    UINT64_C(0xa54ff53a5f1d36f1)
#define SALT_USAGE   UINT64_C(0x510e527fade682d1)
#define SALT_BENCH   UINT64_C(0x9b05688c2b3e6c1f)
#define SALT_FEATURE UINT64_C(0x1f83d9abfb41bd6b)

/* Where people sit, by account region (regions[]).  Coordinates are
 * floats because Qualtrics stores them so: its exports print a float's
 * exact decimal expansion ("37.777099609375"). */
static const struct city {
    const char *name, *state, *country, *tz, *lang, *qlang;
    float lat, lng;
    int utc_off; /* hours, standard time, for office hours */
    uint8_t region;
} cities[] = {
    {"Denver", "Colorado", "United States", "America/Denver", "English", "EN",
     39.7392f, -104.9903f, -7, 0},
    {"New York", "New York", "United States", "America/New_York", "English",
     "EN", 40.7128f, -74.0060f, -5, 0},
    {"Austin", "Texas", "United States", "America/Chicago", "English", "EN",
     30.2672f, -97.7431f, -6, 0},
    {"Toronto", "Ontario", "Canada", "America/Toronto", "English", "EN",
     43.6532f, -79.3832f, -5, 0},
    {"London", "England", "United Kingdom", "Europe/London", "English", "EN",
     51.5074f, -0.1278f, 0, 1},
    {"München", "Bavaria", "Germany", "Europe/Berlin", "German", "DE", 48.1351f,
     11.5820f, 1, 1},
    {"Berlin", "Berlin", "Germany", "Europe/Berlin", "German", "DE", 52.5200f,
     13.4050f, 1, 1},
    {"Paris", "Île-de-France", "France", "Europe/Paris", "French", "FR",
     48.8566f, 2.3522f, 1, 1},
    {"Sydney", "New South Wales", "Australia", "Australia/Sydney", "English",
     "EN", -33.8688f, 151.2093f, 10, 2},
    {"Tokyo", "Tokyo", "Japan", "Asia/Tokyo", "Japanese", "JA", 35.6762f,
     139.6503f, 9, 2},
    {"Bengaluru", "Karnataka", "India", "Asia/Kolkata", "English", "EN",
     12.9716f, 77.5946f, 5, 2},
    {"São Paulo", "São Paulo", "Brazil", "America/Sao_Paulo", "Portuguese",
     "PT-BR", -23.5505f, -46.6333f, -3, 3},
    {"Mexico City", "Mexico City", "Mexico", "America/Mexico_City", "Spanish",
     "ES", 19.4326f, -99.1332f, -6, 3},
};

/* A person's city: one in their account's region; anywhere for people
 * outside the accounts. */
static const struct city *
city_of(const struct demo *d, uint32_t account, uint64_t h)
{
    int region = account == NO_ACCOUNT ? -1 : d->acc[account].region;
    unsigned n = 0, k;

    for (size_t i = 0; i < NELEM(cities); i++)
        n += region < 0 || cities[i].region == region;
    k = (unsigned)((h >> 24) % n);
    for (size_t i = 0; i < NELEM(cities); i++)
        if ((region < 0 || cities[i].region == region) && k-- == 0)
            return &cities[i];
    return &cities[0];
}

static const char ALNUM[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static const char ALNUM_LOWER[] = "abcdefghijklmnopqrstuvwxyz0123456789";
static const char BASE64URL[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* n characters of `set` drawn from h; out holds n + 1 bytes. */
static void
token(uint64_t h, const char *set, size_t n, char *out)
{
    size_t k = strlen(set);

    for (size_t i = 0; i < n; i++) {
        h = mix64(h + UINT64_C(0x9e3779b97f4a7c15));
        out[i] = set[h % k];
    }
    out[n] = '\0';
}

/* Version 4 UUID text of r into out[37]. */
static void
uuid_text(uint64_t r, char *out)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t a = mix64(r ^ UINT64_C(0x5851f42d4c957f2d));
    uint64_t b = mix64(r + UINT64_C(0x14057b7ef767814f));
    size_t k = 0;

    a = (a & ~UINT64_C(0xf000)) | 0x4000;
    b = (b & ~(UINT64_C(3) << 62)) | (UINT64_C(2) << 62);
    for (int i = 15; i >= 0; i--) {
        if (k == 8 || k == 13)
            out[k++] = '-';
        out[k++] = hex[(a >> (4 * i)) & 15];
    }
    for (int i = 15; i >= 0; i--) {
        if (k == 18 || k == 23)
            out[k++] = '-';
        out[k++] = hex[(b >> (4 * i)) & 15];
    }
    out[36] = '\0';
}

/* Documentation addresses only (RFC 5737): invented data must not point
 * at real hosts. */
static void
wr_ip(struct wr *w, uint64_t h)
{
    static const char *const nets[] = {"192.0.2.", "198.51.100.", "203.0.113."};

    wr_str(w, nets[h % NELEM(nets)]);
    wr_u64(w, (h >> 8) % 254 + 1);
}

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

/* Which accounts go quiet at the end, and which send Amplitude's account
 * group.  A few of the paying (non-Starter) accounts are at risk: the
 * ones a CSM would call, and the ones the health report must flag. */
static void
accounts_mark(struct demo *d)
{
    struct rng r = {mix64(d->o->seed ^ SALT_MARK)};
    size_t want = (d->nacc + 6) / 13, got = 0, first;

    if (want == 0)
        want = 1;
    for (size_t i = 0; i < d->nacc; i++)
        d->acc[i].groups = (uint8_t)rng_permille(&r, 700);
    first = rng_below(&r, (uint32_t)d->nacc);
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < d->nacc && got < want; k++) {
            struct account *a = &d->acc[(first + k) % d->nacc];

            if (a->at_risk || (pass == 0 && a->plan == PLAN_STARTER))
                continue;
            a->at_risk = 1;
            got++;
        }
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

struct nps {
    int64_t at;       /* submitted, UTC µs */
    int64_t edited;   /* when the respondent changed it; NEVER */
    uint64_t h;       /* ids, tokens and small choices derive from it */
    uint32_t account; /* NO_ACCOUNT: someone outside the accounts */
    uint32_t person;
    uint32_t seq; /* order within its tool */
    uint16_t dur; /* seconds spent on the survey */
    uint8_t survey, score, new_score, flags, nphr, join;
    struct phrase ph[2];
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
survey_pick(const struct demo *d, struct rng *r, int64_t at)
{
    uint16_t w[NSV];

    memcpy(w, survey_w, sizeof(w));
    if (!sm_week((size_t)((at - d->start) / (7 * PD_US_PER_DAY))))
        w[SV_SURVEYMONKEY] = 0;
    return pick(r, w, NSV);
}

/* 48 % promoters and 21 % detractors (NPS +27) until the last four weeks,
 * which lose up to four points of each; people of at-risk accounts turn
 * detractors.  Overall about +25, the last four weeks about 7 lower. */
static unsigned
nps_score(struct rng *r, double k, bool at_risk)
{
    static const uint16_t det_w[7] = {4, 2, 3, 5, 7, 14, 20};
    double u = rng_unit(r), pro = 0.48 - 0.04 * k, det = 0.21 + 0.04 * k;

    if (at_risk) {
        det += 0.10 + 0.25 * k;
        pro -= 0.08 + 0.15 * k;
    }
    if (u < pro)
        return rng_permille(r, 550) ? 10 : 9;
    if (u < pro + det)
        return pick(r, det_w, 7);
    return rng_permille(r, 550) ? 8 : 7;
}

static void
phrase_pick(const struct demo *d, struct rng *r, int64_t at, bool neg,
            struct phrase *p)
{
    uint16_t w[NELEM(themes)];
    double k = neg ? ramp(d, at) : 0.0;
    const struct theme *t;

    for (size_t i = 0; i < NELEM(themes); i++)
        w[i] = (uint16_t)(themes[i].weight * (100.0 + themes[i].rising * k));
    p->theme = (uint8_t)pick(r, w, NELEM(themes));
    p->neg = neg;
    t = &themes[p->theme];
    p->idx = (uint8_t)rng_below(r, neg ? phrase_count(t->neg, NELEM(t->neg))
                                       : phrase_count(t->pos, NELEM(t->pos)));
}

/* About half comment: detractors more often.  Promoters praise, detractors
 * complain, passives do both ("good, but ..."). */
static void
nps_comment(const struct demo *d, struct rng *r, struct nps *n)
{
    static const uint16_t comment_pm[3] = {650, 450, 450};
    unsigned g = n->score <= 6 ? 0 : n->score <= 8 ? 1 : 2;

    n->nphr = 0;
    if (!rng_permille(r, comment_pm[g]))
        return;
    phrase_pick(d, r, n->at, g == 0, &n->ph[0]);
    n->nphr = 1;
    if (g == 1 || rng_permille(r, 250)) {
        phrase_pick(d, r, n->at, g != 2, &n->ph[1]);
        n->nphr = 2;
    }
    n->join = (uint8_t)rng_permille(r, 150); /* 1: a line break */
}

static void
nps_one(const struct demo *d, struct rng *r, struct nps *n)
{
    bool at_risk;

    n->h = rng_next(r);
    n->edited = NEVER;
    n->survey = (uint8_t)survey_pick(d, r, n->at);
    if (rng_permille(r, 30)) {
        n->account = NO_ACCOUNT;
        n->person = (uint32_t)rng_next(r);
    } else {
        n->account = account_pick(d, r);
        n->person = rng_below(r, d->acc[n->account].ncontacts);
    }
    at_risk = n->account != NO_ACCOUNT && d->acc[n->account].at_risk;
    n->score = (uint8_t)nps_score(r, ramp(d, n->at), at_risk);
    n->new_score = n->score;
    nps_comment(d, r, n);
    n->dur = (uint16_t)(20 + rng_below(r, 300));
    if (n->survey == SV_TYPEFORM && rng_permille(r, 90))
        n->flags |= NF_PARTIAL;
    if (rng_permille(r, 150))
        n->flags |= NF_ANON;
}

/* Response times: weekdays busier, day-to-day noise, office hours; the
 * count per run is exact (inverse of the cumulative day weights). */
static void
nps_times(struct demo *d, struct rng *r)
{
    double cum[NDAYS + 1];
    size_t day = 0;

    cum[0] = 0.0;
    for (size_t i = 0; i < NDAYS; i++) {
        struct pd_tm tm;

        pd_time_split(d->start + (int64_t)i * PD_US_PER_DAY, &tm);
        cum[i + 1] =
            cum[i] + weekday_w[tm.weekday - 1] * (0.8 + 0.4 * rng_unit(r));
    }
    for (size_t k = 0; k < d->nnps; k++) {
        double target = ((double)k + 0.5) / (double)d->nnps * cum[NDAYS];

        while (day + 1 < NDAYS && cum[day + 1] < target)
            day++;
        d->nps[k].at = d->start + (int64_t)day * PD_US_PER_DAY +
                       pick(r, hour_w, 24) * PD_US_PER_HOUR +
                       rng_below(r, 3600) * PD_US_PER_SEC;
    }
}

/* Some Delighted respondents of the two weeks before export-1 come back
 * after it: a better score once support helped, or a comment update. */
static void
nps_edits(struct demo *d, struct rng *r)
{
    for (size_t i = 0; i < d->nnps; i++) {
        struct nps *n = &d->nps[i];

        if (n->survey != SV_DELIGHTED || n->at >= d->t1 ||
            n->at < d->t1 - 14 * PD_US_PER_DAY || !rng_permille(r, 150))
            continue;
        n->edited = d->t1 + (2 + rng_below(r, 24 * 9)) * PD_US_PER_HOUR;
        if (n->score <= 8 && rng_permille(r, 600)) {
            n->new_score = (uint8_t)(n->score + 1 + rng_below(r, 3));
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
    const struct nps *a = pa, *b = pb;

    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->h < b->h ? -1 : a->h > b->h;
}

static void
nps_make(struct demo *d)
{
    struct rng r = {mix64(d->o->seed ^ SALT_NPS)};
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

/* ---- NPS: what a survey tool's export shows ------------------------------ */

struct nview {
    const struct demo *d;
    const struct nps *n;
    const struct account *a; /* NULL: none */
    const struct city *c;
    struct person p;
    unsigned score;
    bool edited; /* the export was taken after the respondent's change */
    char comment[768];
};

static void
comment_format(const struct nps *n, bool edited, char *buf, size_t cap)
{
    const char *sep = n->join ? "\n" : " ";
    size_t k = 0;

    buf[0] = '\0';
    for (unsigned i = 0; i < n->nphr; i++) {
        if (i)
            append(buf, &k, cap, sep);
        append(buf, &k, cap, phrase_text(&n->ph[i]));
    }
    if (!edited)
        return;
    if (k)
        append(buf, &k, cap, sep);
    append(buf, &k, cap,
           n->flags & NF_EDIT_SCORE ? updates_up[n->h % NELEM(updates_up)]
                                    : updates_same[n->h % NELEM(updates_same)]);
}

static void
nview_at(struct nview *v, const struct demo *d, const struct nps *n, int64_t at)
{
    v->d = d;
    v->n = n;
    v->a = n->account == NO_ACCOUNT ? NULL : &d->acc[n->account];
    v->c = city_of(d, n->account, person_hash(d, n->account, n->person));
    person_of(d, n->account, n->person, &v->p);
    v->edited = n->edited < at;
    v->score = v->edited ? n->new_score : n->score;
    comment_format(n, v->edited, v->comment, sizeof(v->comment));
}

struct ncol {
    const char *h[3]; /* header rows; NULL: a blank cell */
    void (*put)(struct wr *w, const struct nview *v);
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
put_n_score(struct wr *w, const struct nview *v)
{
    if (!partial(v))
        wr_u64(w, v->score);
}

static void
put_n_comment(struct wr *w, const struct nview *v)
{
    if (!partial(v))
        wr_text(w, v->comment);
}

static void
put_n_email(struct wr *w, const struct nview *v)
{
    if (!anon(v) || v->n->survey == SV_DELIGHTED)
        wr_text(w, v->p.email);
}

static void
put_n_name(struct wr *w, const struct nview *v)
{
    wr_text(w, v->p.name);
}

/* Survey tools split the name the person typed at the first space. */
static void
put_n_first(struct wr *w, const struct nview *v)
{
    char first[64];
    size_t n = strcspn(v->p.name, " ");

    if (anon(v))
        return;
    memcpy(first, v->p.name, n);
    first[n] = '\0';
    wr_text(w, first);
}

static void
put_n_last(struct wr *w, const struct nview *v)
{
    const char *sp = strchr(v->p.name, ' ');

    if (!anon(v))
        wr_text(w, sp ? sp + 1 : "");
}

static void
put_n_account(struct wr *w, const struct nview *v)
{
    if (v->a && !anon(v)) {
        wr_raw(w, "ACC-", 4);
        wr_u64(w, 1000 + (uint64_t)(v->a - v->d->acc));
    }
}

static void
put_n_ip(struct wr *w, const struct nview *v)
{
    wr_ip(w, mix64(v->n->h));
}

static void
put_n_submitted(struct wr *w, const struct nview *v)
{
    wr_datetime(w, v->n->at, true);
}

static void
put_n_started(struct wr *w, const struct nview *v)
{
    wr_datetime(w, v->n->at - v->n->dur * PD_US_PER_SEC, true);
}

/* Delighted: "Response ID" is a number in a string, ascending with gaps. */
static void
put_dl_id(struct wr *w, const struct nview *v)
{
    wr_u64(w, 58200000 + (uint64_t)v->n->seq * 3 + v->n->h % 3);
}

static void
put_dl_permalink(struct wr *w, const struct nview *v)
{
    char tok[25];

    token(v->n->h, ALNUM, 24, tok);
    wr_str(w, "https://app.delighted.com/r/");
    wr_str(w, tok);
}

/* Tags are one comma-separated cell. */
static void
put_dl_tags(struct wr *w, const struct nview *v)
{
    bool follow = v->score <= 6 && v->n->h % 3 == 0;
    bool vip = v->a && v->a->plan == PLAN_ENTERPRISE;

    if (follow && vip)
        wr_text(w, "follow-up, vip");
    else if (follow || vip)
        wr_text(w, follow ? "follow-up" : "vip");
}

static void
put_dl_notes(struct wr *w, const struct nview *v)
{
    static const char *const notes[] = {
        "Escalated to billing, refund approved",
        "CSM called; \"will renew\" if SSO is fixed",
        "Follow-up scheduled with the account owner"};

    if (v->score <= 6 && (v->n->h >> 8) % 5 == 0)
        wr_text(w, notes[(v->n->h >> 16) % NELEM(notes)]);
}

static void
put_n_plan(struct wr *w, const struct nview *v)
{
    if (v->a)
        wr_text(w, plans[v->a->plan].name);
}

static void
put_n_country(struct wr *w, const struct nview *v)
{
    wr_text(w, v->c->country);
}

/* SurveyMonkey: 11-12 digit respondent ids (one id space for all of
 * SurveyMonkey, hence the gaps), one collector per channel. */
static void
put_sm_id(struct wr *w, const struct nview *v)
{
    wr_u64(w, UINT64_C(99400000000) + (uint64_t)v->n->seq * 31000000 +
                  v->n->h % 30000000);
}

static void
put_sm_collector(struct wr *w, const struct nview *v)
{
    wr_u64(w, anon(v) ? 451277105 : 451276988);
}

/* The matrix follows the score loosely; one answer in ten is skipped. */
static void
put_sm_matrix(struct wr *w, const struct nview *v, unsigned item)
{
    static const char *const levels[] = {"Very dissatisfied", "Dissatisfied",
                                         "Neutral", "Satisfied",
                                         "Very satisfied"};
    uint64_t h = mix64(v->n->h + item);
    int level = (int)(v->score * 4 + 5) / 10 + (int)(h % 3) - 1;

    if ((h >> 8) % 10 == 0)
        return;
    level = level < 0 ? 0 : level > 4 ? 4 : level;
    wr_text(w, levels[level]);
}

static void
put_sm_m0(struct wr *w, const struct nview *v)
{
    put_sm_matrix(w, v, 0);
}

static void
put_sm_m1(struct wr *w, const struct nview *v)
{
    put_sm_matrix(w, v, 1);
}

static void
put_sm_m2(struct wr *w, const struct nview *v)
{
    put_sm_matrix(w, v, 2);
}

static void
put_sm_m3(struct wr *w, const struct nview *v)
{
    put_sm_matrix(w, v, 3);
}

static void
put_sm_m4(struct wr *w, const struct nview *v)
{
    put_sm_matrix(w, v, 4);
}

/* Typeform: "#" is a 32-character response token. */
static void
put_tf_token(struct wr *w, const struct nview *v)
{
    char tok[33];

    token(v->n->h ^ UINT64_C(0x7f4a7c15), ALNUM_LOWER, 32, tok);
    wr_str(w, tok);
}

static void
put_tf_type(struct wr *w, const struct nview *v)
{
    wr_str(w, partial(v) ? "partial" : "completed");
}

static void
put_tf_stage(struct wr *w, const struct nview *v)
{
    if (partial(v))
        wr_datetime(w, v->n->at, true);
}

static void
put_tf_submit(struct wr *w, const struct nview *v)
{
    if (!partial(v))
        wr_datetime(w, v->n->at, true);
}

/* Same network, same id: derived from the person, not the response. */
static void
put_tf_network(struct wr *w, const struct nview *v)
{
    wr_hex(w, person_hash(v->d, v->n->account, v->n->person) >> 8, 10);
}

static void
put_nothing(struct wr *w, const struct nview *v)
{
    (void)w;
    (void)v;
}

/* The ending screen's text; the promoters' one has two lines. */
static void
put_tf_ending(struct wr *w, const struct nview *v)
{
    if (partial(v))
        return;
    wr_text(w, v->score >= 9 ? "Thanks a lot! 🙌\nWould you tell others "
                               "about us on G2?"
                             : "Thank you for your feedback.");
}

/* Qualtrics: local times in the survey's zone, seconds. */
static void
put_q_start(struct wr *w, const struct nview *v)
{
    wr_datetime(w, denver_local(v->n->at - v->n->dur * PD_US_PER_SEC), true);
}

static void
put_q_end(struct wr *w, const struct nview *v)
{
    wr_datetime(w, denver_local(v->n->at), true);
}

static void
put_q_recorded(struct wr *w, const struct nview *v)
{
    wr_datetime(w, denver_local(v->n->at) + PD_US_PER_SEC, true);
}

static void
put_q_zero(struct wr *w, const struct nview *v)
{
    (void)v;
    wr_ch(w, '0');
}

static void
put_q_one(struct wr *w, const struct nview *v)
{
    (void)v;
    wr_ch(w, '1');
}

static void
put_q_hundred(struct wr *w, const struct nview *v)
{
    (void)v;
    wr_str(w, "100");
}

static void
put_q_duration(struct wr *w, const struct nview *v)
{
    wr_u64(w, v->n->dur);
}

static void
put_q_id(struct wr *w, const struct nview *v)
{
    char tok[16];

    token(v->n->h ^ UINT64_C(0x2545f491), ALNUM, 15, tok);
    wr_str(w, "R_");
    wr_str(w, tok);
}

/* The float's exact decimal expansion, as Qualtrics prints it. */
static void
put_q_float(struct wr *w, float f)
{
    char buf[64];

    (void)snprintf(buf, sizeof(buf), "%.40g", (double)f);
    wr_str(w, buf);
}

static void
put_q_lat(struct wr *w, const struct nview *v)
{
    put_q_float(w, v->c->lat);
}

static void
put_q_lng(struct wr *w, const struct nview *v)
{
    put_q_float(w, v->c->lng);
}

static void
put_q_channel(struct wr *w, const struct nview *v)
{
    wr_str(w, anon(v) ? "anonymous" : "email");
}

static void
put_q_lang(struct wr *w, const struct nview *v)
{
    wr_str(w, v->c->qlang);
}

/* Q1_NPS_GROUP: 1 detractor, 2 passive, 3 promoter. */
static void
put_q_group(struct wr *w, const struct nview *v)
{
    static const char group[11] = "11111112233"; /* by score */

    wr_ch(w, group[v->score]);
}

#define Q_NPS \
    "How likely is it that you would recommend Acme to a friend or colleague?"
#define Q_WHY "What is the main reason for your score?"

static const struct ncol delighted_cols[] = {
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
static const struct ncol surveymonkey_cols[] = {
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

static const struct ncol typeform_cols[] = {
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

static const struct ncol qualtrics_cols[] = {
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
put_nrow(struct wr *w, const struct ncol *cols, const struct nview *v)
{
    for (const struct ncol *c = cols; c->put; c++) {
        if (c != cols)
            wr_ch(w, ',');
        c->put(w, v);
    }
    wr_eol(w);
}

/* "nps/qualtrics/<Survey name>_<Month D, YYYY>_<HH.MM>.csv", the export
 * taken the morning after the end, Denver time. */
static void
qualtrics_name(const struct demo *d, char *buf, size_t cap)
{
    static const char *const months[] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    struct pd_tm tm;

    pd_time_split(denver_local(d->end + 16 * PD_US_PER_HOUR + 14 * US_MINUTE),
                  &tm);
    (void)snprintf(
        buf, cap, "nps/qualtrics/Acme Customer Pulse_%s %u, %lld_%02u.%02u.csv",
        months[tm.month - 1], tm.day, (long long)tm.year, tm.hour, tm.minute);
}

/* ---- usage: the model ---------------------------------------------------- */

/* The product's surfaces and the tool that records each (formats.md §3):
 * the web app in Amplitude, the phone app in Mixpanel, the four-week beta
 * of the new web UI through Segment, the Analytics add-on in PostHog and
 * the admin console's tagged features in Pendo.  A session stays on one
 * surface, so no event is in two exports. */
enum surface { SF_WEB, SF_MOBILE, SF_BETA, SF_ADDON, SF_ADMIN, NSURF };
#define BETA_FIRST_WEEK 18
#define BETA_WEEKS      4
_Static_assert(BETA_FIRST_WEEK + BETA_WEEKS <= PD_DEMO_WEEKS, "beta window");

#define APP_URL "https://app.acmehq.example"

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
static const struct evtype {
    const char *name;
    const char *page;    /* Segment sends it as a page call with this name */
    const char *path;    /* where in the app it happens */
    const char *feature; /* Pendo feature; NULL: not tagged */
    const char *skey;    /* a word property, or NULL */
    const char *const *svals;
    unsigned nsvals;
    const char *nkey; /* a number property 1..nmax, or NULL */
    uint32_t nmax;
    uint16_t w[NSURF]; /* weight per surface */
    uint16_t rising;   /* extra weight, percent, reached at the end */
} evtypes[] = {
#define EV_LOGIN 0 /* first event of some sessions, never drawn */
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
#define EV_AUTOCAPTURE 10 /* PostHog's own events */
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
};
_Static_assert(NELEM(evtypes) < 256, "type is a byte");

/* PostHog's flattened DOM path of an autocaptured click; quotes and a
 * comma make the CSV quote it. */
static const char *const chains[] = {
    "button.btn.btn-primary:attr__class=\"btn btn-primary\"nth-child=\"2\""
    "nth-of-type=\"1\"text=\"Export CSV\";div.toolbar:attr__class=\"toolbar\""
    "nth-child=\"1\"nth-of-type=\"1\"",
    "a:attr__href=\"/reports/new\"href=\"/reports/new\"nth-child=\"1\""
    "nth-of-type=\"1\"text=\"New report\";nav.sidebar:attr__class=\"sidebar\""
    "nth-child=\"1\"nth-of-type=\"1\"",
    "button:nth-child=\"3\"nth-of-type=\"2\"text=\"Save, then share\";"
    "form#report-form:attr__id=\"report-form\"nth-child=\"1\""
    "nth-of-type=\"1\"",
};

static const struct browser {
    const char *name, *version, *family, *device_type, *ua;
} browsers[] = {
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
static const uint16_t browser_w[NELEM(browsers)] = {40, 20, 18, 10, 12};

/* Monday..Sunday: a B2B product is used at work.  Local hours of use. */
static const uint16_t usage_weekday_w[7] = {115, 120, 120, 115, 100, 35, 30};
static const uint16_t local_hour_w[24] = {1,  1,  1,  1,  1,  2,  4,  8,
                                          14, 16, 16, 15, 11, 14, 16, 15,
                                          13, 9,  6,  4,  3,  3,  2,  1};

struct user {
    char email[128];
    char device[37]; /* device id, a UUID */
    char acc_id[16]; /* "ACC-1003" */
    const struct city *c;
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
struct uev {
    int64_t t;       /* UTC µs */
    int64_t session; /* session start, UTC ms (Amplitude session_id) */
    uint64_t r;
    uint32_t user, seq;
    uint8_t type, surface, anon;
};

static void
user_init(struct demo *d, struct rng *r, struct user *u, uint32_t a, uint32_t p)
{
    struct person pp;
    size_t n = 0;
    int64_t created;

    person_of(d, a, p, &pp);
    append(u->email, &n, sizeof(u->email), pp.email);
    u->h = person_hash(d, a, p);
    u->c = city_of(d, a, u->h);
    uuid_text(rng_next(r), u->device);
    (void)snprintf(u->acc_id, sizeof(u->acc_id), "ACC-%lu",
                   1000UL + (unsigned long)a);
    u->account = a;
    u->amp_id = UINT64_C(10000000000) + rng_next(r) % UINT64_C(90000000000);
    /* A few seats are barely used; the rest log-normal: power users. */
    u->weight = rng_permille(r, 100) ? 0.05 : lognormal(r, 1.0, 0.8);
    created = d->start - (int64_t)rng_below(r, 400) * PD_US_PER_DAY -
              (int64_t)rng_below(r, 86400) * PD_US_PER_SEC;
    u->created = created < 0 ? 0 : created;
    u->mobile = rng_permille(r, 400) ? 0 : (uint16_t)(150 + rng_below(r, 350));
    u->admin = p < 2; /* the first contacts are the admins */
    u->beta = (uint8_t)rng_permille(r, 250);
    u->addon =
        (uint8_t)(d->acc[a].plan != PLAN_STARTER && rng_permille(r, 600));
    u->browser = (uint8_t)pick(r, browser_w, NELEM(browsers));
    u->ios = (uint8_t)rng_permille(r, 550);
}

/* Seats of an account: its contacts (who write tickets and answer
 * surveys) and about a third more people who only use the product.  All
 * are named by person_of(), so the addresses match everywhere. */
static uint32_t
seats(const struct account *a)
{
    return a->ncontacts + (a->ncontacts * 3u + 5) / 10;
}

static void
users_make(struct demo *d)
{
    struct rng r = {mix64(d->o->seed ^ SALT_USERS)};
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
risk_factor(const struct demo *d, int64_t t)
{
    double k = ramp(d, t) * 2.8;

    return 1.0 - 0.9 * (k > 1.0 ? 1.0 : k);
}

static double
user_factor(const struct demo *d, const struct user *u, int64_t t)
{
    return d->acc[u->account].at_risk ? risk_factor(d, t) : 1.0;
}

/* Events per day: weekday seasonality, slow growth, noise; the at-risk
 * accounts' silence lowers the total rather than moving to others. */
static void
usage_plan(struct demo *d)
{
    struct rng r = {mix64(d->o->seed ^ SALT_DAYS)};
    double v[NDAYS], vs = 0.0, w0 = 0.0, wr = 0.0;
    double per = d->o->events_per_day ? (double)d->o->events_per_day
                                      : PD_DEMO_EVENTS_PER_DAY;

    for (size_t i = 0; i < d->nusers; i++) {
        w0 += d->users[i].weight;
        if (d->acc[d->users[i].account].at_risk)
            wr += d->users[i].weight;
    }
    for (size_t i = 0; i < NDAYS; i++) {
        struct pd_tm tm;

        pd_time_split(d->start + (int64_t)i * PD_US_PER_DAY, &tm);
        v[i] = usage_weekday_w[tm.weekday - 1] *
               (1.0 + 0.1 * (double)i / (double)NDAYS) *
               (0.9 + 0.2 * rng_unit(&r));
        vs += v[i];
    }
    d->evcap = 1;
    for (size_t i = 0; i < NDAYS; i++) {
        int64_t noon =
            d->start + (int64_t)i * PD_US_PER_DAY + 12 * PD_US_PER_HOUR;
        double active = (w0 - wr * (1.0 - risk_factor(d, noon))) / w0;

        d->day_n[i] = (size_t)(per * (double)NDAYS * v[i] / vs * active + 0.5);
        if (d->day_n[i] > d->evcap)
            d->evcap = d->day_n[i];
    }
    d->ev = pd_xcalloc(d->evcap, sizeof(*d->ev));
}

static void
users_weigh(struct demo *d, int64_t t)
{
    double c = 0.0;

    for (size_t i = 0; i < d->nusers; i++) {
        c += d->users[i].weight * user_factor(d, &d->users[i], t);
        d->ucum[i] = c;
    }
}

static uint32_t
user_pick(const struct demo *d, struct rng *r)
{
    double x = rng_unit(r) * d->ucum[d->nusers - 1];
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

static enum surface
surface_pick(struct rng *r, const struct user *u, size_t day)
{
    size_t week = day / 7;

    if (u->mobile && rng_permille(r, u->mobile))
        return SF_MOBILE;
    if (u->admin && rng_permille(r, 150))
        return SF_ADMIN;
    if (u->beta && week >= BETA_FIRST_WEEK &&
        week < BETA_FIRST_WEEK + BETA_WEEKS)
        return SF_BETA;
    if (u->addon && rng_permille(r, 200))
        return SF_ADDON;
    return SF_WEB;
}

static unsigned
evtype_pick(const struct demo *d, struct rng *r, enum surface sf, int64_t t)
{
    uint16_t w[NELEM(evtypes)];
    double k = ramp(d, t);

    for (size_t i = 0; i < NELEM(evtypes); i++)
        w[i] = (uint16_t)(evtypes[i].w[sf] * (100.0 + evtypes[i].rising * k));
    return pick(r, w, NELEM(evtypes));
}

/* A session: one user on one surface, a handful of events seconds to
 * minutes apart, starting in the user's office hours.  Adds at least one
 * event (the start is inside the day) and returns the new count. */
static size_t
session_make(struct demo *d, struct rng *r, size_t day, size_t n, size_t target)
{
    int64_t t0 = d->start + (int64_t)day * PD_US_PER_DAY;
    uint32_t ui = user_pick(d, r);
    const struct user *u = &d->users[ui];
    enum surface sf = surface_pick(r, u, day);
    unsigned len = 1 + (unsigned)lognormal(r, 3.0, 0.7);
    uint8_t anon_s = sf != SF_ADMIN && rng_permille(r, 50);
    int hour = ((int)pick(r, local_hour_w, 24) - u->c->utc_off + 48) % 24;
    int64_t t = t0 + hour * PD_US_PER_HOUR +
                rng_below(r, 3600) * PD_US_PER_SEC + rng_below(r, 1000000);

    int64_t session = t / 1000; /* the first event's ms */

    for (unsigned j = 0; j < len && n < target && t < t0 + PD_US_PER_DAY; j++) {
        struct uev *e = &d->ev[n];
        bool login = j == 0 && !anon_s && sf <= SF_BETA && rng_permille(r, 500);

        e->t = t;
        e->session = session;
        e->user = ui;
        e->surface = (uint8_t)sf;
        e->anon = anon_s;
        e->type = (uint8_t)(login ? EV_LOGIN : evtype_pick(d, r, sf, t));
        e->r = rng_next(r);
        e->seq = (uint32_t)n++;
        t += (5 + rng_below(r, 240)) * PD_US_PER_SEC + rng_below(r, 1000000);
    }
    return n;
}

static int
by_event_time(const void *pa, const void *pb)
{
    const struct uev *a = pa, *b = pb;

    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Day `day`'s events into d->ev, in time order; returns the count.  Seeded
 * by (seed, day): every usage file regenerates exactly the same day. */
static size_t
usage_day(struct demo *d, size_t day)
{
    struct rng r = {mix64(d->o->seed ^ SALT_USAGE) ^ mix64(day + 1)};
    size_t n = 0, target = d->day_n[day];

    users_weigh(d,
                d->start + (int64_t)day * PD_US_PER_DAY + 12 * PD_US_PER_HOUR);
    while (n < target)
        n = session_make(d, &r, day, n, target);
    qsort(d->ev, n, sizeof(*d->ev), by_event_time);
    return n;
}

/* ---- usage: one event, per vendor ---------------------------------------- */

/* The event's properties as JSON members, without braces. */
static void
put_props(struct wr *w, const struct uev *e)
{
    const struct evtype *et = &evtypes[e->type];

    if (et->skey) {
        wr_ch(w, '"');
        wr_str(w, et->skey);
        wr_str(w, "\":\"");
        wr_str(w, et->svals[(e->r >> 8) % et->nsvals]);
        wr_ch(w, '"');
    }
    if (et->nkey) {
        wr_str(w, et->skey ? ",\"" : "\"");
        wr_str(w, et->nkey);
        wr_str(w, "\":");
        wr_u64(w, 1 + (e->r >> 24) % et->nmax);
    }
}

static bool
has_props(const struct uev *e)
{
    return evtypes[e->type].skey || evtypes[e->type].nkey;
}

/* The export's key order is alphabetical; keys the SDK did not send are
 * present with null (formats.md §3.1).  Split in two for length only. */
static void
put_amplitude_head(struct wr *w, const struct demo *d, const struct uev *e,
                   const struct user *u)
{
    const struct browser *b = &browsers[u->browser];
    int64_t up = e->t + (int64_t)(1 + (e->r >> 40) % 5) * PD_US_PER_SEC +
                 (int64_t)((e->r >> 12) % 1000000);

    wr_str(w, "{\"$insert_id\":\"");
    wr_uuid(w, e->r);
    wr_str(w, "\",\"$insert_key\":null,\"$schema\":12,\"adid\":null,"
              "\"amplitude_attribution_ids\":null,"
              "\"amplitude_event_type\":null,\"amplitude_id\":");
    wr_u64(w, u->amp_id);
    wr_str(w, ",\"app\":");
    wr_u64(w, d->project);
    wr_str(w, ",\"city\":");
    wr_json(w, u->c->name);
    wr_str(w, ",\"client_event_time\":\"");
    wr_stamp(w, e->t, ' ', 6, "");
    wr_str(w, "\",\"client_upload_time\":\"");
    wr_stamp(w, up, ' ', 6, "");
    wr_str(w, "\",\"country\":");
    wr_json(w, u->c->country);
    wr_str(w, ",\"data\":{\"path\":\"/2/httpapi\",\"group_first_event\":{},"
              "\"group_ids\":{}},\"data_type\":\"event\",\"device_brand\":null,"
              "\"device_carrier\":null,\"device_family\":");
    wr_json(w, b->family);
    wr_str(w, ",\"device_id\":\"");
    wr_str(w, u->device);
    wr_str(w, "\",\"device_manufacturer\":null,\"device_model\":null,"
              "\"device_type\":");
    wr_json(w, b->device_type);
    wr_str(w, ",\"dma\":null,\"event_id\":");
    wr_u64(w, u->event_id);
    wr_str(w, ",\"event_properties\":{");
    put_props(w, e);
    wr_str(w, "},\"event_time\":\"");
    wr_stamp(w, e->t, ' ', 6, "");
    wr_str(w, "\",\"event_type\":");
    wr_json(w, evtypes[e->type].name);
}

static void
put_amplitude_tail(struct wr *w, const struct demo *d, const struct uev *e,
                   const struct user *u)
{
    const struct browser *b = &browsers[u->browser];
    int64_t recv = e->t + (int64_t)(1 + (e->r >> 40) % 5) * PD_US_PER_SEC +
                   (int64_t)((e->r >> 12) % 1000000) + 180000;

    wr_str(w, ",\"global_user_properties\":{},\"group_properties\":{},"
              "\"groups\":{");
    if (!e->anon && d->acc[u->account].groups) {
        wr_str(w, "\"account\":\"");
        wr_str(w, u->acc_id);
        wr_ch(w, '"');
    }
    wr_str(w, "},\"idfa\":null,\"ip_address\":\"");
    wr_ip(w, u->h);
    wr_str(w, "\",\"is_attribution_event\":false,\"language\":");
    wr_json(w, u->c->lang);
    wr_str(w, ",\"library\":\"amplitude-ts/2.16.1\",\"location_lat\":null,"
              "\"location_lng\":null,\"os_name\":");
    wr_json(w, b->name);
    wr_str(w, ",\"os_version\":");
    wr_json(w, b->version);
    wr_str(w, ",\"partner_id\":null,\"paying\":null,\"platform\":\"Web\","
              "\"processed_time\":\"");
    wr_stamp(w, recv + 1400000, ' ', 6, "");
    wr_str(w, "\",\"region\":");
    wr_json(w, u->c->state);
    wr_str(w, ",\"sample_rate\":null,\"server_received_time\":\"");
    wr_stamp(w, recv, ' ', 6, "");
    wr_str(w, "\",\"server_upload_time\":\"");
    wr_stamp(w, recv + 3000, ' ', 6, "");
    wr_str(w, "\",\"session_id\":");
    wr_u64(w, (uint64_t)e->session);
    wr_str(w, ",\"source_id\":null,\"start_version\":null,"
              "\"user_creation_time\":\"");
    wr_stamp(w, u->created, ' ', 6, "");
    wr_str(w, "\",\"user_id\":");
    if (e->anon)
        wr_str(w, "null");
    else
        wr_json(w, u->email);
    wr_str(w, ",\"user_properties\":{");
    if (!e->anon) {
        wr_str(w, "\"plan\":\"");
        wr_str(w, plans[d->acc[u->account].plan].name);
        wr_ch(w, '"');
    }
    wr_str(w, "},\"uuid\":\"");
    wr_uuid(w, mix64(e->r));
    wr_str(w, "\",\"version_name\":null}\n");
}

static void
put_amplitude(struct wr *w, struct demo *d, const struct uev *e)
{
    struct user *u = &d->users[e->user];

    u->event_id++;
    put_amplitude_head(w, d, e, u);
    put_amplitude_tail(w, d, e, u);
}

/* Mixpanel raw export: anonymous events carry "$device:<id>" as
 * distinct_id (simplified ID merge) and no e-mail or account. */
static void
put_mixpanel(struct wr *w, struct demo *d, const struct uev *e)
{
    const struct user *u = &d->users[e->user];

    wr_str(w, "{\"event\":");
    wr_json(w, evtypes[e->type].name);
    wr_str(w, ",\"properties\":{\"time\":");
    wr_u64(w, (uint64_t)(e->t / PD_US_PER_SEC));
    wr_str(w, ",\"distinct_id\":");
    if (e->anon) {
        wr_str(w, "\"$device:");
        wr_str(w, u->device);
        wr_ch(w, '"');
    } else {
        wr_json(w, u->email);
    }
    wr_str(w, ",\"$insert_id\":\"");
    wr_uuid(w, e->r);
    wr_str(w, "\",\"mp_processing_time_ms\":");
    wr_u64(w, (uint64_t)(e->t / 1000) + 1500 + (e->r >> 44) % 60000);
    if (!e->anon) {
        wr_str(w, ",\"$email\":");
        wr_json(w, u->email);
        wr_str(w, ",\"account_id\":\"");
        wr_str(w, u->acc_id);
        wr_str(w, "\",\"plan\":\"");
        wr_str(w, plans[d->acc[u->account].plan].name);
        wr_ch(w, '"');
    }
    wr_str(w, ",\"$device_id\":\"");
    wr_str(w, u->device);
    wr_str(w, u->ios ? "\",\"$os\":\"iOS\",\"$app_version_string\":\"4.12.0\","
                       "\"mp_lib\":\"swift\",\"$city\":"
                     : "\",\"$os\":\"Android\",\"$app_version_string\":"
                       "\"4.11.2\",\"mp_lib\":\"android\",\"$city\":");
    wr_json(w, u->c->name);
    if (has_props(e)) {
        wr_ch(w, ',');
        put_props(w, e);
    }
    wr_str(w, "}}\n");
}

static void
put_segment_props(struct wr *w, const struct uev *e, bool page)
{
    const struct evtype *et = &evtypes[e->type];

    wr_str(w, ",\"properties\":{");
    if (page) {
        wr_str(w, "\"path\":\"");
        wr_str(w, et->path);
        wr_str(w, "\",\"referrer\":\"\",\"title\":\"");
        wr_str(w, et->page);
        wr_str(w, " · Acme\",\"url\":\"" APP_URL);
        wr_str(w, et->path);
        wr_ch(w, '"');
    } else {
        put_props(w, e);
    }
    wr_ch(w, '}');
}

/* Segment track and page calls (formats.md §3.3).  context.groupId ties a
 * call to the account (Segment's B2B convention). */
static void
put_segment(struct wr *w, struct demo *d, const struct uev *e)
{
    const struct user *u = &d->users[e->user];
    const struct evtype *et = &evtypes[e->type];
    bool page = et->page != NULL;
    int64_t sent = e->t + (int64_t)(200 + (e->r >> 50) % 2000) * 1000;

    wr_str(w, page ? "{\"type\":\"page\",\"name\":"
                   : "{\"type\":\"track\","
                     "\"event\":");
    wr_json(w, page ? et->page : et->name);
    wr_str(w, ",\"userId\":");
    if (e->anon)
        wr_str(w, "null");
    else
        wr_json(w, u->email);
    wr_str(w, ",\"anonymousId\":\"");
    wr_str(w, u->device);
    wr_str(w, "\",\"messageId\":\"ajs-next-");
    wr_hex(w, e->r, 16);
    wr_hex(w, mix64(e->r), 16);
    wr_str(w, "\",\"timestamp\":\"");
    wr_stamp(w, e->t, 'T', 3, "Z");
    wr_str(w, "\",\"originalTimestamp\":\"");
    wr_stamp(w, e->t, 'T', 3, "Z");
    wr_str(w, "\",\"sentAt\":\"");
    wr_stamp(w, sent, 'T', 3, "Z");
    wr_str(w, "\",\"receivedAt\":\"");
    wr_stamp(w, sent + 84000, 'T', 3, "Z");
    wr_ch(w, '"');
    put_segment_props(w, e, page);
    wr_str(w, ",\"context\":{");
    if (!e->anon) {
        wr_str(w, "\"groupId\":\"");
        wr_str(w, u->acc_id);
        wr_str(w, "\",");
    }
    wr_str(w, "\"ip\":\"");
    wr_ip(w, u->h);
    wr_str(w, "\",\"library\":{\"name\":\"analytics.js\",\"version\":"
              "\"next-1.70.0\"},\"locale\":\"en-US\",\"page\":{\"path\":\"");
    wr_str(w, et->path);
    wr_str(w, "\",\"url\":\"" APP_URL);
    wr_str(w, et->path);
    wr_str(w, "\"},\"timezone\":\"");
    wr_str(w, u->c->tz);
    wr_str(w, "\",\"userAgent\":");
    wr_json(w, browsers[u->browser].ua);
    wr_str(w, "},\"integrations\":{},\"version\":2}\n");
}

/* PostHog CSV row (formats.md §3.4): ids are UUIDv7 (time first, as
 * PostHog makes them), times with µs and "+00:00". */
static void
put_posthog(struct wr *w, struct demo *d, const struct uev *e)
{
    const struct user *u = &d->users[e->user];
    uint64_t ms = (uint64_t)(e->t / 1000);

    wr_uuid_bits(w, (ms << 16) | 0x7000 | (e->r & 0xfff),
                 (mix64(e->r) & ~(UINT64_C(3) << 62)) | (UINT64_C(2) << 62));
    wr_ch(w, ',');
    if (e->anon)
        wr_str(w, u->device);
    else
        wr_text(w, u->email);
    wr_ch(w, ',');
    wr_text(w, browsers[u->browser].name);
    wr_ch(w, ',');
    if (!e->anon)
        wr_text(w, plans[d->acc[u->account].plan].name);
    wr_ch(w, ',');
    wr_text(w, evtypes[e->type].name);
    wr_ch(w, ',');
    wr_stamp(w, e->t, 'T', 6, "+00:00");
    wr_str(w, ",,");
    if (e->type == EV_AUTOCAPTURE)
        wr_text(w, chains[(e->r >> 8) % NELEM(chains)]);
    wr_eol(w);
}

typedef void put_event_fn(struct wr *w, struct demo *d, const struct uev *e);

/* Every event of surface sf over the window, one day at a time. */
static size_t
usage_rows(struct demo *d, enum surface sf, struct wr *w, put_event_fn *put)
{
    size_t rows = 0;

    for (size_t day = 0; day < NDAYS && !w->err; day++) {
        size_t n = usage_day(d, day);

        for (size_t i = 0; i < n; i++) {
            if (d->ev[i].surface != sf)
                continue;
            put(w, d, &d->ev[i]);
            rows++;
        }
    }
    d->events = rows;
    return rows;
}

/* ---- usage: Pendo's pre-aggregated rows ---------------------------------- */

struct pagg {
    uint32_t user;
    uint8_t type;
    int64_t minute;
};

static int
by_visitor_feature(const void *pa, const void *pb)
{
    const struct pagg *a = pa, *b = pb;

    if (a->user != b->user)
        return a->user < b->user ? -1 : 1;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    return a->minute < b->minute ? -1 : a->minute > b->minute;
}

/* One row per visitor, feature and day: numEvents, and numMinutes = the
 * minutes with at least one event (formats.md §3.5). */
static size_t
pendo_day(struct demo *d, struct wr *w, struct pagg *agg, size_t day,
          char (*fid)[28])
{
    size_t n = usage_day(d, day), m = 0, rows = 0;
    int64_t t0 = d->start + (int64_t)day * PD_US_PER_DAY;

    for (size_t i = 0; i < n; i++) {
        const struct uev *e = &d->ev[i];

        if (e->surface == SF_ADMIN && evtypes[e->type].feature)
            agg[m++] =
                (struct pagg){e->user, e->type, e->t / (60 * PD_US_PER_SEC)};
    }
    qsort(agg, m, sizeof(*agg), by_visitor_feature);
    for (size_t i = 0; i < m;) {
        size_t j = i, minutes = 0;
        const struct user *u = &d->users[agg[i].user];

        for (;
             j < m && agg[j].user == agg[i].user && agg[j].type == agg[i].type;
             j++)
            minutes += j == i || agg[j].minute != agg[j - 1].minute;
        wr_str(w, u->acc_id);
        wr_ch(w, ',');
        wr_text(w, u->email);
        wr_ch(w, ',');
        wr_str(w, fid[agg[i].type]);
        wr_ch(w, ',');
        wr_u64(w, (uint64_t)(t0 / 1000));
        wr_ch(w, ',');
        wr_u64(w, j - i);
        wr_ch(w, ',');
        wr_u64(w, minutes);
        wr_eol(w);
        d->events += j - i;
        rows++;
        i = j;
    }
    return rows;
}

/* ---- zip archives of gzipped members ------------------------------------- */

/* Members are written one at a time as gzip files in a staging folder,
 * then added to the archive stored: they are compressed already, and
 * libzip reads them only in zip_close(), so they stay until then. */
struct zipw {
    const char *path;               /* the final archive */
    char tmp[PD_DEMO_PATH_MAX + 8]; /* the archive while it is written */
    char dir[PD_DEMO_PATH_MAX + 8]; /* staging folder */
    char part[PD_DEMO_PATH_MAX + 32];
    char name[PD_DEMO_NAME_MAX]; /* the open member's name in the archive */
    zip_t *za;
    time_t mtime; /* every entry's time */
    size_t members;
    struct wr w; /* the open member */
};

static int
zip_fail(struct zipw *z, const char *what, struct pd_err *err)
{
    return pd_err_set(err, PD_E_IO, "cannot %s \"%s\": %s", what, z->path,
                      z->za ? zip_strerror(z->za) : strerror(errno));
}

/* libzip 1.7 turns time_t into the DOS date with localtime(); asking
 * mktime() for the wanted wall clock gives a time_t that comes back as
 * that wall clock in any TZ, so the archive's bytes do not depend on the
 * machine's zone.  06:00 is outside every DST gap. */
static time_t
zip_mtime(int64_t us)
{
    struct tm tm;
    struct pd_tm t;
    int64_t floor = pd_time_make(1980, 1, 1, 0, 0, 0, 0); /* DOS epoch */

    pd_time_split(us < floor ? floor : us, &t);
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = (int)(t.year - 1900);
    tm.tm_mon = (int)t.month - 1;
    tm.tm_mday = (int)t.day;
    tm.tm_hour = 6;
    tm.tm_isdst = -1;
    return mktime(&tm);
}

static int
zw_open(struct zipw *z, const char *path, int64_t when, int level,
        struct pd_err *err)
{
    int ze = 0;

    memset(z, 0, sizeof(*z));
    z->path = path;
    z->mtime = zip_mtime(when);
    (void)snprintf(z->tmp, sizeof(z->tmp), "%s.tmp", path);
    (void)snprintf(z->dir, sizeof(z->dir), "%s.parts", path);
    if (make_parents(path, err) < 0)
        return -1;
    if (mkdir(z->dir, 0755) != 0 && errno != EEXIST)
        return pd_err_set(err, PD_E_IO, "cannot create directory \"%s\": %s",
                          z->dir, strerror(errno));
    if (wr_init_gz(&z->w, level, err) < 0)
        return -1;
    z->za = zip_open(z->tmp, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!z->za) {
        zip_error_t e;

        zip_error_init_with_code(&e, ze);
        pd_err_set(err, PD_E_IO, "cannot create \"%s\": %s", z->tmp,
                   zip_error_strerror(&e));
        zip_error_fini(&e);
        return -1;
    }
    return 0;
}

static void
part_path(const struct zipw *z, size_t i, char *buf, size_t cap)
{
    (void)snprintf(buf, cap, "%s/part-%06zu.json.gz", z->dir, i);
}

static int
zw_begin(struct zipw *z, const char *name, struct pd_err *err)
{
    (void)snprintf(z->name, sizeof(z->name), "%s", name);
    part_path(z, z->members, z->part, sizeof(z->part));
    return wr_file_open(&z->w, z->part, err);
}

/* Close the member's gzip file and add it stored, with a fixed time and
 * mode, so equal data gives an equal archive. */
static int
zw_end(struct zipw *z, struct pd_err *err)
{
    zip_source_t *src;
    zip_int64_t idx;

    if (wr_file_close(&z->w, err) < 0)
        return -1;
    z->members++;
    src = zip_source_file(z->za, z->part, 0, -1);
    if (!src)
        return zip_fail(z, "add a member to", err);
    idx = zip_file_add(z->za, z->name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        return zip_fail(z, "add a member to", err);
    }
    if (zip_set_file_compression(z->za, (zip_uint64_t)idx, ZIP_CM_STORE, 0) <
            0 ||
        zip_file_set_mtime(z->za, (zip_uint64_t)idx, z->mtime, 0) < 0 ||
        zip_file_set_external_attributes(z->za, (zip_uint64_t)idx, 0,
                                         ZIP_OPSYS_UNIX, 0100644u << 16) < 0)
        return zip_fail(z, "set a member's attributes in", err);
    return 0;
}

/* Staged members go whatever happened. */
static void
zw_cleanup(struct zipw *z)
{
    char part[PD_DEMO_PATH_MAX + 32];

    for (size_t i = 0; i <= z->members; i++) {
        part_path(z, i, part, sizeof(part));
        (void)remove(part);
    }
    (void)rmdir(z->dir);
}

/* Write the archive (this is when libzip copies the members) and rename
 * it into place.  On failure nothing is left behind. */
static int
zw_close(struct zipw *z, int failed, struct pd_err *err)
{
    int rc = 0;

    if (failed) {
        zip_discard(z->za);
        rc = -1;
    } else if (zip_close(z->za) < 0) {
        rc = zip_fail(z, "write", err);
        zip_discard(z->za);
    } else if (rename(z->tmp, z->path) != 0) {
        rc = pd_err_set(err, PD_E_IO, "cannot write \"%s\": %s", z->path,
                        strerror(errno));
    }
    z->za = NULL;
    wr_release(&z->w); /* abandons a member left open by a failure */
    zw_cleanup(z);
    if (rc < 0)
        (void)remove(z->tmp);
    return rc;
}

/* Amplitude names members "<project>/<project>_<yyyy-MM-dd>_<H>#<n>.json.gz"
 * (formats.md §3.1; the archive has a folder named after the project). */
static void
amplitude_member(const struct demo *d, int64_t t, unsigned part, char *buf,
                 size_t cap)
{
    struct pd_tm tm;

    pd_time_split(t, &tm);
    (void)snprintf(buf, cap, "%lu/%lu_%04lld-%02u-%02u_%u#%u.json.gz",
                   (unsigned long)d->project, (unsigned long)d->project,
                   (long long)tm.year, tm.month, tm.day, tm.hour, part);
}

/* One member per day (hour 0) with that day's web-app events; a quiet day
 * still gets its (empty) member, so the archive is never empty. */
static int
members_amplitude(struct demo *d, struct zipw *z, size_t *rows,
                  struct pd_err *err)
{
    char name[PD_DEMO_NAME_MAX];

    for (size_t i = 0; i < d->nusers; i++)
        d->users[i].event_id = 0;
    for (size_t day = 0; day < NDAYS; day++) {
        size_t n;

        amplitude_member(d, d->start + (int64_t)day * PD_US_PER_DAY, 0, name,
                         sizeof(name));
        if (zw_begin(z, name, err) < 0)
            return -1;
        n = usage_day(d, day);
        for (size_t i = 0; i < n; i++)
            if (d->ev[i].surface == SF_WEB) {
                put_amplitude(&z->w, d, &d->ev[i]);
                (*rows)++;
            }
        if (zw_end(z, err) < 0)
            return -1;
    }
    return 0;
}

/* ---- bench events ---------------------------------------------------------
 */

/* Bench events are spread evenly over the window; users and types come
 * from small tables, so nothing grows with the count but the output. */
struct bench {
    struct rng r;
    double step;
    enum surface sf;
    uint8_t lut[256]; /* event type by a random byte */
};

static void
bench_init(const struct demo *d, struct bench *b, enum surface sf, size_t n)
{
    uint32_t w[NELEM(evtypes)], total = 0, acc = 0;
    size_t t = 0;

    b->r.s = mix64(d->o->seed ^ SALT_BENCH ^ (uint64_t)sf);
    b->step = (double)(d->end - d->start) / (double)n;
    b->sf = sf;
    for (size_t i = 0; i < NELEM(evtypes); i++) {
        w[i] = i == EV_LOGIN ? 12 : evtypes[i].w[sf];
        total += w[i];
    }
    for (unsigned i = 0; i < 256; i++) {
        uint32_t x = (uint32_t)((i * 2 + 1) * total / 512);

        while (t + 1 < NELEM(evtypes) && acc + w[t] <= x)
            acc += w[t++];
        b->lut[i] = (uint8_t)t;
    }
}

static void
bench_event(const struct demo *d, struct bench *b, size_t k, struct uev *e)
{
    uint64_t x = rng_next(&b->r);
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
    e->r = rng_next(&b->r);
    e->session = e->t / 1000 - (int64_t)((e->r >> 50) % 1800) * 1000;
    e->seq = 0;
}

/* Members of bench_member events, named by their first event's
 * hour; a second member in the same hour takes the next partition. */
static int
members_bench(struct demo *d, struct zipw *z, size_t *rows, struct pd_err *err)
{
    size_t n = d->o->bench_events;
    size_t per =
        d->o->bench_member ? d->o->bench_member : (size_t)PD_DEMO_BENCH_MEMBER;
    char name[PD_DEMO_NAME_MAX], prev[PD_DEMO_NAME_MAX] = "";
    unsigned part = 0;
    struct bench b;
    struct uev e;

    bench_init(d, &b, SF_WEB, n);
    for (size_t k = 0; k < n; k++) {
        bench_event(d, &b, k, &e);
        if (k % per == 0) {
            if (k > 0 && zw_end(z, err) < 0)
                return -1;
            amplitude_member(d, e.t, 0, name, sizeof(name));
            part = strcmp(name, prev) ? 0 : part + 1;
            memcpy(prev, name, sizeof(prev));
            amplitude_member(d, e.t, part, name, sizeof(name));
            if (zw_begin(z, name, err) < 0)
                return -1;
        }
        d->users[e.user].event_id++;
        put_amplitude_head(&z->w, d, &e, &d->users[e.user]);
        put_amplitude_tail(&z->w, d, &e, &d->users[e.user]);
        (*rows)++;
    }
    return zw_end(z, err);
}

/* ---- the files --------------------------------------------------------- */

/* Which tickets or responses an export holds and when it was taken. */
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
    const struct ncol *ncols; /* NPS columns and their header rows */
    unsigned hrows;
    enum survey survey;
    enum surface surface;
    put_event_fn *put;
    /* Zip archives: members() writes the members instead of rows(). */
    int (*members)(struct demo *d, struct zipw *z, size_t *rows,
                   struct pd_err *err);
    /* A name that depends on the data (Qualtrics puts the date in it). */
    void (*name_fn)(const struct demo *d, char *buf, size_t cap);
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

/* A survey tool's export: its responses submitted before the snapshot, as
 * they were then.  Delighted's export is cumulative (responses-2 repeats
 * responses-1 with later edits). */
static size_t
rows_nps(struct demo *d, const struct gen *g, struct wr *w)
{
    int64_t at = g->win == WIN_FIRST ? d->t1 : d->end;
    struct nview v;
    size_t n = 0;

    for (size_t i = 0; i < d->nnps; i++) {
        const struct nps *r = &d->nps[i];

        if (r->survey != g->survey || r->at >= at)
            continue;
        nview_at(&v, d, r, at);
        put_nrow(w, g->ncols, &v);
        n++;
    }
    return n;
}

static size_t
rows_usage(struct demo *d, const struct gen *g, struct wr *w)
{
    return usage_rows(d, g->surface, w, g->put);
}

static size_t
rows_pendo(struct demo *d, const struct gen *g, struct wr *w)
{
    struct pagg *agg = pd_xmalloc(d->evcap * sizeof(*agg));
    char fid[NELEM(evtypes)][28];
    size_t rows = 0;

    (void)g;
    /* Pendo feature ids are opaque, stable per feature. */
    for (size_t i = 0; i < NELEM(evtypes); i++)
        token(mix64(d->o->seed ^ SALT_FEATURE) + i, BASE64URL, 27, fid[i]);
    d->events = 0;
    for (size_t day = 0; day < NDAYS && !w->err; day++)
        rows += pendo_day(d, w, agg, day, fid);
    free(agg);
    return rows;
}

static size_t
rows_bench_mixpanel(struct demo *d, const struct gen *g, struct wr *w)
{
    size_t n = d->o->bench_events;
    struct bench b;
    struct uev e;

    (void)g;
    bench_init(d, &b, SF_MOBILE, n);
    for (size_t k = 0; k < n && !w->err; k++) {
        bench_event(d, &b, k, &e);
        put_mixpanel(w, d, &e);
    }
    d->events = n;
    return n;
}

/* Zendesk and the CRM write CRLF, Freshdesk and HubSpot LF (formats.md §0).
 * Export-1 was taken three weeks before the end; export-2 at the end
 * repeats export-1's last four weeks with their later state.  SurveyMonkey
 * and Qualtrics write CRLF with bare LF inside quoted answers. */
static const struct gen gens[] = {
    {.name = "crm/accounts.csv",
     .source = "crm",
     .kind = "accounts",
     .eol = "\r\n",
     .header = "Account ID,Account Name,Website,Plan,Segment,Region,ARR,"
               "Account Owner",
     .rows = rows_crm},
    {.name = "zendesk/export-1.csv",
     .source = "zendesk",
     .kind = "tickets",
     .eol = "\r\n",
     .cols = zendesk_cols,
     .rows = rows_tickets,
     .vendor = V_ZENDESK,
     .win = WIN_FIRST},
    {.name = "zendesk/export-2.csv",
     .source = "zendesk",
     .kind = "tickets",
     .eol = "\r\n",
     .cols = zendesk_cols,
     .rows = rows_tickets,
     .vendor = V_ZENDESK,
     .win = WIN_SECOND},
    {.name = "freshdesk/tickets.csv",
     .source = "freshdesk",
     .kind = "tickets",
     .eol = "\n",
     .cols = freshdesk_cols,
     .rows = rows_tickets,
     .vendor = V_FRESHDESK},
    {.name = "hubspot/tickets.csv",
     .source = "hubspot",
     .kind = "tickets",
     .eol = "\n",
     .cols = hubspot_cols,
     .rows = rows_tickets,
     .vendor = V_HUBSPOT},
    {.name = "nps/delighted/responses-1.csv",
     .source = "delighted",
     .kind = "nps",
     .eol = "\n",
     .rows = rows_nps,
     .win = WIN_FIRST,
     .ncols = delighted_cols,
     .hrows = 1,
     .survey = SV_DELIGHTED},
    {.name = "nps/delighted/responses-2.csv",
     .source = "delighted",
     .kind = "nps",
     .eol = "\n",
     .rows = rows_nps,
     .win = WIN_ALL,
     .ncols = delighted_cols,
     .hrows = 1,
     .survey = SV_DELIGHTED},
    {.name = "nps/surveymonkey/all-responses.csv",
     .source = "surveymonkey",
     .kind = "nps",
     .eol = "\r\n",
     .rows = rows_nps,
     .win = WIN_ALL,
     .ncols = surveymonkey_cols,
     .hrows = 2,
     .survey = SV_SURVEYMONKEY},
    {.name = "nps/typeform/responses.csv",
     .source = "typeform",
     .kind = "nps",
     .eol = "\n",
     .rows = rows_nps,
     .win = WIN_ALL,
     .ncols = typeform_cols,
     .hrows = 1,
     .survey = SV_TYPEFORM},
    {.name = "nps/qualtrics/",
     .source = "qualtrics",
     .kind = "nps",
     .eol = "\r\n",
     .rows = rows_nps,
     .win = WIN_ALL,
     .ncols = qualtrics_cols,
     .hrows = 3,
     .survey = SV_QUALTRICS,
     .name_fn = qualtrics_name},
    {.name = "usage/amplitude/export.zip",
     .source = "amplitude",
     .kind = "usage",
     .surface = SF_WEB,
     .members = members_amplitude},
    {.name = "usage/mixpanel/export.jsonl",
     .source = "mixpanel",
     .kind = "usage",
     .eol = "\n",
     .rows = rows_usage,
     .surface = SF_MOBILE,
     .put = put_mixpanel},
    {.name = "usage/segment/track.jsonl",
     .source = "segment",
     .kind = "usage",
     .eol = "\n",
     .rows = rows_usage,
     .surface = SF_BETA,
     .put = put_segment},
    {.name = "usage/posthog/events.csv",
     .source = "posthog",
     .kind = "usage",
     .eol = "\r\n",
     .header = "id,distinct_id,properties.$browser,properties.plan,event,"
               "timestamp,person,elements_chain",
     .rows = rows_usage,
     .surface = SF_ADDON,
     .put = put_posthog},
    {.name = "usage/pendo/feature-events.csv",
     .source = "pendo",
     .kind = "usage",
     .eol = "\n",
     .header = "accountId,visitorId,featureId,day,numEvents,numMinutes",
     .rows = rows_pendo,
     .surface = SF_ADMIN},
};
_Static_assert(NELEM(gens) <= PD_DEMO_MAX_FILES, "raise PD_DEMO_MAX_FILES");

static const struct gen bench_gen = {.name = "bench/zendesk-bench.csv",
                                     .source = "zendesk",
                                     .kind = "tickets",
                                     .eol = "\r\n",
                                     .cols = zendesk_cols,
                                     .rows = rows_bench,
                                     .vendor = V_ZENDESK};

static const struct gen bench_event_gens[] = {
    {.name = "bench/amplitude-bench.zip",
     .source = "amplitude",
     .kind = "usage",
     .members = members_bench},
    {.name = "bench/mixpanel-bench.jsonl",
     .source = "mixpanel",
     .kind = "usage",
     .eol = "\n",
     .rows = rows_bench_mixpanel},
};
_Static_assert(NELEM(bench_event_gens) + 1 <= PD_DEMO_MAX_FILES, "files");

static void
write_header(struct wr *w, const struct gen *g)
{
    if (g->ncols) {
        for (unsigned r = 0; r < g->hrows; r++) {
            for (const struct ncol *c = g->ncols; c->put; c++) {
                if (c != g->ncols)
                    wr_ch(w, ',');
                if (c->h[r])
                    wr_text(w, c->h[r]);
            }
            wr_eol(w);
        }
        return;
    }
    if (g->header) {
        wr_raw(w, g->header, strlen(g->header)); /* already CSV */
    } else if (g->cols) {
        for (const struct col *c = g->cols; c->name; c++) {
            if (c != g->cols)
                wr_ch(w, ',');
            wr_text(w, c->name);
        }
    } else {
        return; /* JSON lines: no header */
    }
    wr_eol(w);
}

static int
write_zip(struct demo *d, const struct gen *g, struct pd_demo_file *f,
          struct pd_err *err)
{
    struct zipw z;
    size_t rows = 0;
    int failed;

    if (zw_open(&z, f->path, d->end, Z_BEST_SPEED, err) < 0) {
        wr_release(&z.w);
        (void)rmdir(z.dir);
        return -1;
    }
    failed = g->members(d, &z, &rows, err) < 0;
    if (zw_close(&z, failed, err) < 0)
        return -1;
    f->rows = f->events = rows;
    f->members = z.members;
    return 0;
}

static int
write_text(struct demo *d, const struct gen *g, struct pd_demo_file *f,
           struct pd_err *err)
{
    struct wr w;

    if (wr_open(&w, f->path, g->eol, err) < 0)
        return -1;
    d->events = 0;
    write_header(&w, g);
    f->rows = g->rows(d, g, &w);
    f->events = d->events;
    return wr_close(&w, err);
}

static int
write_file(struct demo *d, const struct gen *g, struct pd_demo_stats *st,
           struct pd_err *err)
{
    struct pd_demo_file *f = &st->files[st->nfiles];
    char name[PD_DEMO_NAME_MAX];
    int n;

    memset(f, 0, sizeof(*f));
    if (g->name_fn)
        g->name_fn(d, name, sizeof(name));
    else
        (void)snprintf(name, sizeof(name), "%s", g->name);
    memcpy(f->name, name, sizeof(name));
    n = snprintf(f->path, sizeof(f->path), "%s/%s", d->o->out_dir, name);
    /* Room for the ".parts/part-NNNNNN.json.gz.tmp" of zip members too. */
    if (n < 0 || (size_t)n + 32 >= sizeof(f->path))
        return pd_err_set(err, PD_E_LIMIT,
                          "output directory name too long: \"%s\"",
                          d->o->out_dir);
    if ((g->members ? write_zip(d, g, f, err) : write_text(d, g, f, err)) < 0)
        return -1;
    f->source = g->source;
    f->kind = g->kind;
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
    o->nps_per_week = PD_DEMO_NPS_PER_WEEK;
    o->events_per_day = PD_DEMO_EVENTS_PER_DAY;
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
    if (o->nps_per_week > PD_DEMO_MAX_NPS_PER_WEEK)
        return pd_err_set(err, PD_E_LIMIT,
                          "too many NPS responses a week: %zu (limit %d)",
                          o->nps_per_week, PD_DEMO_MAX_NPS_PER_WEEK);
    if (o->events_per_day > PD_DEMO_MAX_EVENTS_PER_DAY) {
        pd_err_set(err, PD_E_LIMIT,
                   "too many usage events a day: %zu (limit %d)",
                   o->events_per_day, PD_DEMO_MAX_EVENTS_PER_DAY);
        return pd_err_hint(err, "bench mode writes any number of events");
    }
    if (o->tickets > PD_DEMO_MAX_TICKETS) {
        pd_err_set(err, PD_E_LIMIT, "too many demo tickets: %zu (limit %d)",
                   o->tickets, PD_DEMO_MAX_TICKETS);
        return pd_err_hint(err, "bench mode writes any number of rows");
    }
    return 0;
}

static int
generate_bench(struct demo *d, struct pd_demo_stats *st, struct pd_err *err)
{
    int rc = 0;

    if (d->o->bench_tickets > 0)
        rc = write_file(d, &bench_gen, st, err);
    if (d->o->bench_events == 0 || rc < 0)
        return rc;
    accounts_mark(d);
    users_make(d);
    for (size_t i = 0; i < NELEM(bench_event_gens) && rc == 0; i++)
        rc = write_file(d, &bench_event_gens[i], st, err);
    return rc;
}

static int
generate_demo(struct demo *d, struct pd_demo_stats *st, struct pd_err *err)
{
    int rc = 0;

    tickets_make(d);
    /* NPS and usage draw from their own generators (see the top). */
    accounts_mark(d);
    nps_make(d);
    users_make(d);
    usage_plan(d);
    for (size_t i = 0; i < NELEM(gens) && rc == 0; i++)
        rc = write_file(d, &gens[i], st, err);
    return rc;
}

int
pd_demo_generate(const struct pd_demo_opts *o, struct pd_demo_stats *st,
                 struct pd_err *err)
{
    struct demo d;
    int rc;

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
    d.project = 300000 + (uint32_t)(mix64(o->seed) % 600000);
    accounts_make(&d, o->accounts ? o->accounts : PD_DEMO_DEFAULT_ACCOUNTS);
    if (o->bench_tickets > 0 || o->bench_events > 0)
        rc = generate_bench(&d, st, err);
    else
        rc = generate_demo(&d, st, err);
    free(d.acc);
    free(d.tk);
    free(d.nps);
    free(d.users);
    free(d.ucum);
    free(d.ev);
    return rc;
}
