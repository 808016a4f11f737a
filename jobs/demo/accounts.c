#include "jobs/demo/accounts.h"

#include <stdio.h>
#include <string.h>

#include "common/xalloc.h"
#include "jobs/demo/writer.h"

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
_Static_assert(PD_DEMO_NELEM(company_words) % COMPANY_STEP != 0,
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

static const char *const owners[] = {"Hazel Whitmore", "Declan Ashford",
                                     "Priyanka Rao",   "Mateus Carvalho",
                                     "Lena Hoffmann",  "Grant Oyelaran"};

static const char *const free_mail[] = {"gmail.com", "gmail.com", "gmail.com",
                                        "outlook.com", "yahoo.com"};

const struct pd_demo_plan pd_demo_plans[PD_DEMO_NPLAN] = {
    [PD_DEMO_PLAN_STARTER] = {.name = "Starter",
                              .tag = "plan_starter",
                              .share = 45,
                              .arr_lo = 1200,
                              .arr_hi = 12000,
                              .contacts_lo = 3,
                              .contacts_hi = 8,
                              .weight = 10,
                              .segment_w = {90, 10, 0}},
    [PD_DEMO_PLAN_GROWTH] = {.name = "Growth",
                             .tag = "plan_growth",
                             .share = 35,
                             .arr_lo = 12000,
                             .arr_hi = 90000,
                             .contacts_lo = 6,
                             .contacts_hi = 20,
                             .weight = 20,
                             .segment_w = {20, 70, 10}},
    [PD_DEMO_PLAN_ENTERPRISE] = {.name = "Enterprise",
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

/* Monday..Sunday, and UTC hour of day, relative volumes. */
const uint16_t pd_demo_weekday_w[7] = {125, 118, 112, 106, 92, 25, 20};
const uint16_t pd_demo_hour_w[24] = {2,  2,  2,  2,  3,  4,  6,  8,
                                     11, 13, 14, 14, 13, 13, 14, 15,
                                     14, 12, 9,  7,  5,  4,  3,  2};

/* ---- bounded strings ------------------------------------------------- */

/* Bounded string building: appends are cut at cap - 1 bytes. */
void
pd_demo_append_n(char *dst, size_t *n, size_t cap, const char *s, size_t k)
{
    if (*n + k >= cap)
        k = cap - 1 - *n;
    memcpy(dst + *n, s, k);
    *n += k;
    dst[*n] = '\0';
}

void
pd_demo_append(char *dst, size_t *n, size_t cap, const char *s)
{
    pd_demo_append_n(dst, n, cap, s, strlen(s));
}

void
pd_demo_append_lower(char *dst, size_t *n, size_t cap, const char *s)
{
    size_t start = *n;

    pd_demo_append(dst, n, cap, s);
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
account_name(const struct pd_demo *d, size_t i, struct pd_demo_account *a)
{
    size_t nw = PD_DEMO_NELEM(company_words),
           ns = PD_DEMO_NELEM(company_suffixes);
    size_t round = i / nw, w = (i % nw * COMPANY_STEP + d->o->seed % nw) % nw;
    const char *word = company_words[w];
    const char *suffix = company_suffixes[(w + round) % ns];
    char num[24] = "";
    size_t n = 0, m = 0;

    if (round >= ns)
        (void)snprintf(num, sizeof(num), "%zu", round / ns + 1);
    pd_demo_append(a->name, &n, sizeof(a->name), word);
    pd_demo_append(a->name, &n, sizeof(a->name), suffix);
    a->domain[0] = '\0';
    slug_append(a->domain, &m, sizeof(a->domain), word);
    if (round > 0) {
        pd_demo_append(a->domain, &m, sizeof(a->domain), "-");
        slug_append(a->domain, &m, sizeof(a->domain), suffix);
    }
    if (num[0]) {
        pd_demo_append(a->name, &n, sizeof(a->name), " ");
        pd_demo_append(a->name, &n, sizeof(a->name), num);
        pd_demo_append(a->domain, &m, sizeof(a->domain), "-");
        pd_demo_append(a->domain, &m, sizeof(a->domain), num);
    }
    pd_demo_append(a->domain, &m, sizeof(a->domain), ".example");
}

void
pd_demo_accounts_make(struct pd_demo *d, size_t n)
{
    uint16_t plan_w[PD_DEMO_NPLAN];
    uint64_t cum = 0;

    for (size_t p = 0; p < PD_DEMO_NPLAN; p++)
        plan_w[p] = pd_demo_plans[p].share;

    d->acc = pd_xcalloc(n, sizeof(*d->acc));
    d->nacc = n;
    for (size_t i = 0; i < n; i++) {
        struct pd_demo_account *a = &d->acc[i];
        struct pd_demo_rng *r = &d->rng;
        const struct pd_demo_plan *pi;

        account_name(d, i, a);
        a->plan = (uint8_t)pd_demo_rng_pick(r, plan_w, PD_DEMO_NPLAN);
        pi = &pd_demo_plans[a->plan];
        a->segment = (uint8_t)pd_demo_rng_pick(r, pi->segment_w, 3);
        a->region =
            (uint8_t)pd_demo_rng_pick(r, region_w, PD_DEMO_NELEM(region_w));
        a->owner = (uint8_t)pd_demo_rng_below(r, PD_DEMO_NELEM(owners));
        a->web_style = (uint8_t)pd_demo_rng_below(r, 10);
        a->arr = (pi->arr_lo + pd_demo_rng_below(r, pi->arr_hi - pi->arr_lo)) /
                 100 * 100;
        a->ncontacts =
            (uint16_t)(pi->contacts_lo +
                       pd_demo_rng_below(
                           r, (uint32_t)(pi->contacts_hi - pi->contacts_lo)));
        a->seed = pd_demo_rng_next(r);
        cum += (uint64_t)pi->weight * (50 + pd_demo_rng_below(r, 150));
        a->cum = cum;
    }
}

uint32_t
pd_demo_account_pick(const struct pd_demo *d, struct pd_demo_rng *r)
{
    uint64_t total = d->acc[d->nacc - 1].cum;
    uint64_t x = total <= UINT32_MAX ? pd_demo_rng_below(r, (uint32_t)total)
                                     : pd_demo_rng_next(r) % total;
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
put_website(struct pd_demo_wr *w, const struct pd_demo_account *a)
{
    static const char *const pre[] = {
        "https://www.", "https://www.", "https://www.",
        "https://www.", "https://www.", "https://www.",
        "https://",     "www.",         "",
        "http://www."};
    static const char *const post[] = {"/", "/", "/", "/", "/",
                                       "/", "",  "",  "",  "/about"};

    pd_demo_wr_text(w, pre[a->web_style]);
    pd_demo_wr_text(w, a->domain);
    pd_demo_wr_text(w, post[a->web_style]);
}

static size_t
rows_accounts(struct pd_demo *d, struct pd_demo_wr *w)
{
    for (size_t i = 0; i < d->nacc; i++) {
        const struct pd_demo_account *a = &d->acc[i];

        pd_demo_wr_raw(w, "ACC-", 4);
        pd_demo_wr_u64(w, 1000 + i);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, a->name);
        pd_demo_wr_ch(w, ',');
        put_website(w, a);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, pd_demo_plans[a->plan].name);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, segments[a->segment]);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, regions[a->region]);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_u64(w, a->arr);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, owners[a->owner]);
        pd_demo_wr_eol(w);
    }
    return d->nacc;
}

/* ---- people ------------------------------------------------------------ */

/* Contact `person` of an account, or with PD_DEMO_NO_ACCOUNT someone outside
 * any account whose person number is a seed.  Tickets, NPS and usage all name
 * people this way, so the same person has the same address everywhere. */
uint64_t
pd_demo_person_hash(const struct pd_demo *d, uint32_t account, uint32_t person)
{
    uint64_t base =
        account == PD_DEMO_NO_ACCOUNT ? d->o->seed : d->acc[account].seed;
    return pd_demo_mix64(base ^
                         pd_demo_mix64(person + UINT64_C(0x632be59bd9b4e019)));
}

/* About one account contact in twelve writes from a personal address. */
bool
pd_demo_person_free_mail(uint32_t account, uint64_t h)
{
    return account == PD_DEMO_NO_ACCOUNT || h % 12 == 0;
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

void
pd_demo_person_of(const struct pd_demo *d, uint32_t account, uint32_t person,
                  struct pd_demo_person *p)
{
    uint64_t h = pd_demo_person_hash(d, account, person);
    const struct first_name *fn = &first_names[h % PD_DEMO_NELEM(first_names)];
    const char *last = last_names[(h >> 16) % PD_DEMO_NELEM(last_names)];
    unsigned style = (unsigned)(h >> 32) % 10;
    size_t n = 0, e = 0;
    char first1[2] = {fn->ascii[0], '\0'};
    char digits[3];

    pd_demo_append(p->name, &n, sizeof(p->name), fn->name);
    pd_demo_append(p->name, &n, sizeof(p->name), " ");
    pd_demo_append(p->name, &n, sizeof(p->name), last);
    p->email[0] = '\0';
    if (pd_demo_person_free_mail(account, h)) {
        pd_demo_put2(digits, (unsigned)(h >> 40) % 90 + 10);
        digits[2] = '\0';
        pd_demo_append(p->email, &e, sizeof(p->email), fn->ascii);
        pd_demo_append_lower(p->email, &e, sizeof(p->email), last);
        pd_demo_append(p->email, &e, sizeof(p->email), digits);
        p->domain = free_mail[(h >> 48) % PD_DEMO_NELEM(free_mail)];
    } else {
        const struct email_style *es = &email_styles[style];
        pd_demo_append(p->email, &e, sizeof(p->email),
                       es->initial ? first1 : fn->ascii);
        pd_demo_append(p->email, &e, sizeof(p->email), es->sep);
        if (es->last)
            pd_demo_append_lower(p->email, &e, sizeof(p->email), last);
        p->domain = d->acc[account].domain;
    }
    pd_demo_append(p->email, &e, sizeof(p->email), "@");
    pd_demo_append(p->email, &e, sizeof(p->email), p->domain);
}

/* Trial users sign up with a personal address.  The number (1000 + k)
 * makes every address unique, and the shape "first.last.NNNN@" is one
 * pd_demo_person_of() never makes, so a trial user never shares an address
 * with a contact or another outsider (whose tickets and NPS answers would
 * join to the wrong person). */
void
pd_demo_trial_person(const struct pd_demo *d, uint32_t k,
                     struct pd_demo_person *p)
{
    uint64_t h = pd_demo_trial_hash(d, k);
    const struct first_name *fn = &first_names[h % PD_DEMO_NELEM(first_names)];
    const char *last = last_names[(h >> 16) % PD_DEMO_NELEM(last_names)];
    char num[16];
    size_t n = 0, e = 0;

    (void)snprintf(num, sizeof(num), ".%lu@", 1000UL + (unsigned long)k);
    p->name[0] = p->email[0] = '\0';
    pd_demo_append(p->name, &n, sizeof(p->name), fn->name);
    pd_demo_append(p->name, &n, sizeof(p->name), " ");
    pd_demo_append(p->name, &n, sizeof(p->name), last);
    p->domain = free_mail[(h >> 48) % PD_DEMO_NELEM(free_mail)];
    pd_demo_append(p->email, &e, sizeof(p->email), fn->ascii);
    pd_demo_append(p->email, &e, sizeof(p->email), ".");
    pd_demo_append_lower(p->email, &e, sizeof(p->email), last);
    pd_demo_append(p->email, &e, sizeof(p->email), num);
    pd_demo_append(p->email, &e, sizeof(p->email), p->domain);
}

uint64_t
pd_demo_trial_hash(const struct pd_demo *d, uint32_t k)
{
    return pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_EXPERIMENT ^
                         pd_demo_mix64((uint64_t)k + 1));
}

/* 0 before the last four weeks, rising to 1 at the end: drives the growing
 * billing and login theme that the weekly report should surface. */
double
pd_demo_ramp(const struct pd_demo *d, int64_t t)
{
    int64_t from = d->end - PD_DEMO_OVERLAP;

    return t <= from ? 0.0 : (double)(t - from) / (double)PD_DEMO_OVERLAP;
}

/* ---- places and identifiers shared by NPS and usage -------------------- */

/* Where people sit, by account region (regions[]).  Coordinates are
 * floats because Qualtrics stores them so: its exports print a float's
 * exact decimal expansion ("37.777099609375"). */
static const struct pd_demo_city cities[] = {
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
const struct pd_demo_city *
pd_demo_city_of(const struct pd_demo *d, uint32_t account, uint64_t h)
{
    int region = account == PD_DEMO_NO_ACCOUNT ? -1 : d->acc[account].region;
    unsigned n = 0, k;

    for (size_t i = 0; i < PD_DEMO_NELEM(cities); i++)
        n += region < 0 || cities[i].region == region;
    k = (unsigned)((h >> 24) % n);
    for (size_t i = 0; i < PD_DEMO_NELEM(cities); i++)
        if ((region < 0 || cities[i].region == region) && k-- == 0)
            return &cities[i];
    return &cities[0];
}

/* n characters of `set` drawn from h; out holds n + 1 bytes. */
void
pd_demo_token(uint64_t h, const char *set, size_t n, char *out)
{
    size_t k = strlen(set);

    for (size_t i = 0; i < n; i++) {
        h = pd_demo_mix64(h + UINT64_C(0x9e3779b97f4a7c15));
        out[i] = set[h % k];
    }
    out[n] = '\0';
}

/* Version 4 UUID text of r into out[37]. */
void
pd_demo_uuid_text(uint64_t r, char *out)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t a = pd_demo_mix64(r ^ UINT64_C(0x5851f42d4c957f2d));
    uint64_t b = pd_demo_mix64(r + UINT64_C(0x14057b7ef767814f));
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

/* Which accounts go quiet at the end, and which send Amplitude's account
 * group.  A few of the paying (non-Starter) accounts are at risk: the
 * ones a CSM would call, and the ones the health report must flag. */
void
pd_demo_accounts_mark(struct pd_demo *d)
{
    struct pd_demo_rng r = {pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_MARK)};
    size_t want = (d->nacc + 6) / 13, got = 0, first;

    if (want == 0)
        want = 1;
    for (size_t i = 0; i < d->nacc; i++)
        d->acc[i].groups = (uint8_t)pd_demo_rng_permille(&r, 700);
    first = pd_demo_rng_below(&r, (uint32_t)d->nacc);
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < d->nacc && got < want; k++) {
            struct pd_demo_account *a = &d->acc[(first + k) % d->nacc];

            if (a->at_risk || (pass == 0 && a->plan == PD_DEMO_PLAN_STARTER))
                continue;
            a->at_risk = 1;
            got++;
        }
}

static size_t
rows_crm(struct pd_demo *d, const struct pd_demo_gen *g, struct pd_demo_wr *w)
{
    (void)g;
    return rows_accounts(d, w);
}

/* The CRM writes CRLF (formats.md §0). */
const struct pd_demo_gen pd_demo_accounts_gens[] = {
    {.name = "crm/accounts.csv",
     .source = "crm",
     .kind = "accounts",
     .eol = "\r\n",
     .header = "Account ID,Account Name,Website,Plan,Segment,Region,ARR,"
               "Account Owner",
     .rows = rows_crm},
};
const size_t pd_demo_accounts_ngens = PD_DEMO_NELEM(pd_demo_accounts_gens);
