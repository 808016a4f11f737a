/*
 * model - the demo's shared state: the window, the accounts, the truth
 * lists every export is a view of, and the table entry that describes one
 * output file.
 *
 * How the demo data is made.  One seeded generator (splitmix64) drives the
 * accounts and the tickets, always in the same order, so equal options give
 * equal bytes.  First the accounts (accounts.c), then a "truth" list of
 * tickets (tickets.c): each has a requester, a topic, a vendor and a
 * lifecycle (created, first reply, solved, maybe reopened and solved again,
 * auto-closed four days later, CSAT offered and answered).  A vendor export
 * is a *view* of that truth at a snapshot time: what had happened by then
 * decides status, Updated at, Solved at and the rest.  The two Zendesk
 * exports are views at two snapshots with overlapping windows, which is
 * exactly how real re-exports overlap (SPEC §4).
 *
 * NPS responses (nps.c) are a second truth list, drawn from their own
 * generator (seeded from the seed and a salt below, so adding them did not
 * change a ticket byte): the same accounts and contacts answer, scores
 * drift down in the last four weeks with the billing theme, and each survey
 * tool's export is a view of its share.  Usage (usage.c) is made one day at
 * a time from a generator seeded by (seed, day): sessions of users (the
 * accounts' contacts) on five product surfaces, each surface exported by
 * one tool (usage_export.c), so the tools' events are disjoint.  Every
 * usage file regenerates the days it needs instead of holding half a
 * million events: a day costs ~0.2 ms.  The experiments (exposures.c)
 * add trial users, their events and tickets, and exposures of the seats,
 * from a stream of their own: no existing row changes because of them.
 * The launches (launches.c) and the feature-request posts (requests.c)
 * do the same with streams of their own.
 *
 * Ownership: struct pd_demo owns its arrays (freed by the driver, demo.c);
 * the options are borrowed.
 * Errors: none here.
 * Limits: PD_DEMO_WEEKS weeks of data; see demo.h for the sizes.
 */
#ifndef PD_DEMO_MODEL_H
#define PD_DEMO_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "common/timeutil.h"
#include "jobs/demo/demo.h"
#include "jobs/demo/rng.h"

#define PD_DEMO_NELEM(a)   (sizeof(a) / sizeof((a)[0]))
#define PD_DEMO_NEVER      INT64_MAX  /* an event that has not happened */
#define PD_DEMO_NO_ACCOUNT UINT32_MAX /* a person outside the accounts */
#define PD_DEMO_US_MINUTE  (60 * PD_US_PER_SEC)
#define PD_DEMO_OVERLAP    (28 * PD_US_PER_DAY) /* the last four weeks */
#define PD_DEMO_SPAN       ((int64_t)PD_DEMO_WEEKS * 7 * PD_US_PER_DAY)
#define PD_DEMO_NDAYS      ((size_t)PD_DEMO_WEEKS * 7)

/* Salts for the generators that are not the ticket stream: each draws from
 * its own sequence, so adding or changing one leaves the others' bytes. */
#define PD_DEMO_SALT_MARK       UINT64_C(0x6a09e667f3bcc909)
#define PD_DEMO_SALT_NPS        UINT64_C(0xbb67ae8584caa73b)
#define PD_DEMO_SALT_USERS      UINT64_C(0x3c6ef372fe94f82b)
#define PD_DEMO_SALT_DAYS       UINT64_C(0xa54ff53a5f1d36f1)
#define PD_DEMO_SALT_USAGE      UINT64_C(0x510e527fade682d1)
#define PD_DEMO_SALT_BENCH      UINT64_C(0x9b05688c2b3e6c1f)
#define PD_DEMO_SALT_FEATURE    UINT64_C(0x1f83d9abfb41bd6b)
#define PD_DEMO_SALT_EXPERIMENT UINT64_C(0x428a2f98d728ae22)
#define PD_DEMO_SALT_LAUNCH     UINT64_C(0x7137449123ef65cd)
#define PD_DEMO_SALT_REQUESTS   UINT64_C(0xb5c0fbcfec4d3b2f)

struct pd_demo_account {
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

struct pd_demo_ticket;
struct pd_demo_nps;
struct pd_demo_user;
struct pd_demo_uev;

struct pd_demo {
    const struct pd_demo_opts *o;
    int64_t start, end, t1; /* window [start, end); export-1 snapshot */
    struct pd_demo_rng rng; /* the accounts' and tickets' stream */
    struct pd_demo_account *acc;
    size_t nacc;
    struct pd_demo_ticket *tk;
    size_t ntk;
    struct pd_demo_nps *nps; /* NPS responses by time */
    size_t nnps;
    struct pd_demo_user *users;  /* usage: the accounts' seats, then the
                                    experiments' trial users */
    size_t nusers;               /* the seats: users[0 .. nusers) */
    size_t ntrial;               /* trial users after the seats */
    double *ucum;                /* seats' cumulative weight on one day */
    struct pd_demo_uev *ev;      /* one day of events */
    size_t day_n[PD_DEMO_NDAYS]; /* events per day, experiments' excluded */
    size_t evcap;                /* room in ev for the busiest day */
    struct pd_demo_uev *xev;     /* the experiments' events, by time */
    size_t nxev;
    size_t xday[PD_DEMO_NDAYS + 1]; /* xev index of each day's first; all 0
                                       without experiments */
    size_t xtickets;                /* tickets of trial users, the last of tk */
    size_t ltickets;                /* the launches', after them */
    uint32_t project;               /* Amplitude project id */
    size_t events;                  /* set by usage rows(): events written */
};

/* Which tickets or responses an export holds and when it was taken. */
enum pd_demo_window {
    PD_DEMO_WIN_ALL,    /* everything, taken at the end */
    PD_DEMO_WIN_FIRST,  /* created before t1, taken at t1 */
    PD_DEMO_WIN_SECOND, /* created from four weeks before t1, taken at the
                           end */
};

struct pd_demo_wr;
struct pd_demo_zip;
struct pd_demo_col;  /* a ticket column (tickets.c) */
struct pd_demo_ncol; /* a survey column (nps.c) */

typedef void pd_demo_put_event_fn(struct pd_demo_wr *w, struct pd_demo *d,
                                  const struct pd_demo_uev *e);

/* One output file: each kind's module lists its own (vendors as data,
 * STYLE rule 15); the driver writes them in its order. */
struct pd_demo_gen {
    const char *name, *source, *kind;
    const char *eol;
    const char *header; /* CSV header line, already quoted, or NULL */
    /* Header rows made by the module (used when header is NULL). */
    void (*head)(struct pd_demo_wr *w, const struct pd_demo_gen *g);
    size_t (*rows)(struct pd_demo *d, const struct pd_demo_gen *g,
                   struct pd_demo_wr *w);
    const struct pd_demo_col *cols; /* ticket columns */
    uint8_t vendor;                 /* tickets.c's enum vendor */
    enum pd_demo_window win;
    const struct pd_demo_ncol *ncols; /* NPS columns and their header rows */
    unsigned hrows;
    uint8_t survey;  /* nps.c's enum survey */
    uint8_t surface; /* usage.h's enum pd_demo_surface */
    pd_demo_put_event_fn *put;
    /* Zip archives: members() writes the members instead of rows(). */
    int (*members)(struct pd_demo *d, struct pd_demo_zip *z, size_t *rows,
                   struct pd_err *err);
    /* A name that depends on the data (Qualtrics puts the date in it). */
    void (*name_fn)(const struct pd_demo *d, char *buf, size_t cap);
};

#endif
