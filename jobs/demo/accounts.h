/*
 * accounts - the demo company's customers and their people: the CRM
 * accounts export, plans, names and e-mail addresses, cities, and the ids
 * and tokens every other kind derives from a person.
 *
 * Tickets, NPS and usage all name a person as (account, person number),
 * so the same person has the same name and address in every export and
 * the warehouse can join them through e-mail domains and account ids.
 *
 * Ownership: pd_demo_accounts_make() allocates d->acc (the driver frees
 * it); everything else writes into caller buffers or returns pointers to
 * static tables.
 * Errors: none.
 * Limits: PD_DEMO_MAX_ACCOUNTS accounts; names and addresses are cut to
 * their buffers (64 and 128 bytes).
 */
#ifndef PD_DEMO_ACCOUNTS_H
#define PD_DEMO_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jobs/demo/model.h"
#include "jobs/demo/rng.h"

enum pd_demo_plan_kind {
    PD_DEMO_PLAN_STARTER,
    PD_DEMO_PLAN_GROWTH,
    PD_DEMO_PLAN_ENTERPRISE,
    PD_DEMO_NPLAN
};

struct pd_demo_plan {
    const char *name;
    const char *tag;
    uint16_t share;          /* of accounts */
    uint32_t arr_lo, arr_hi; /* ARR range, dollars */
    uint16_t contacts_lo, contacts_hi;
    uint16_t weight;       /* tickets per account, relative */
    uint16_t segment_w[3]; /* SMB, Mid-Market, Enterprise */
};

extern const struct pd_demo_plan pd_demo_plans[PD_DEMO_NPLAN];

/* Monday..Sunday, and UTC hour of day: relative volumes of tickets and
 * survey answers. */
extern const uint16_t pd_demo_weekday_w[7];
extern const uint16_t pd_demo_hour_w[24];

/* Where people sit, by account region.  Coordinates are floats because
 * Qualtrics stores them so: its exports print a float's exact decimal
 * expansion ("37.777099609375"). */
struct pd_demo_city {
    const char *name, *state, *country, *tz, *lang, *qlang;
    float lat, lng;
    int utc_off; /* hours, standard time, for office hours */
    uint8_t region;
};

struct pd_demo_person {
    char name[64];
    char email[128];
    const char *domain; /* static or the account's: borrowed */
};

/* Alphabets for pd_demo_token(). */
#define PD_DEMO_ALNUM \
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define PD_DEMO_ALNUM_LOWER "abcdefghijklmnopqrstuvwxyz0123456789"
#define PD_DEMO_BASE64URL \
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

/* The CRM export (crm/accounts.csv). */
extern const struct pd_demo_gen pd_demo_accounts_gens[];
extern const size_t pd_demo_accounts_ngens;

/* n accounts into d->acc, drawn from d->rng (the ticket stream: the order
 * of draws is part of the output). */
void pd_demo_accounts_make(struct pd_demo *d, size_t n);

/* Which accounts go quiet at the end (at_risk) and which send Amplitude's
 * account group; from their own stream. */
void pd_demo_accounts_mark(struct pd_demo *d);

/* An account drawn by ticket weight. */
uint32_t pd_demo_account_pick(const struct pd_demo *d, struct pd_demo_rng *r);

/* The hash every attribute of a person derives from; with
 * PD_DEMO_NO_ACCOUNT, person is a seed for someone outside the accounts. */
uint64_t pd_demo_person_hash(const struct pd_demo *d, uint32_t account,
                             uint32_t person);

/* Whether that person writes from a personal address (always, outside the
 * accounts; about one contact in twelve). */
bool pd_demo_person_free_mail(uint32_t account, uint64_t h);

/* Name, address and domain of a person. */
void pd_demo_person_of(const struct pd_demo *d, uint32_t account,
                       uint32_t person, struct pd_demo_person *p);

/* Trial user k of the experiments (exposures.c): someone outside the
 * accounts with a personal address of their own shape, unique per k; the
 * hash their other attributes derive from. */
void pd_demo_trial_person(const struct pd_demo *d, uint32_t k,
                          struct pd_demo_person *p);
uint64_t pd_demo_trial_hash(const struct pd_demo *d, uint32_t k);

/* A person's city: one in their account's region; anywhere outside. */
const struct pd_demo_city *pd_demo_city_of(const struct pd_demo *d,
                                           uint32_t account, uint64_t h);

/* 0 before the last four weeks, rising to 1 at the end: the growing
 * billing and login theme the weekly report should surface. */
double pd_demo_ramp(const struct pd_demo *d, int64_t t);

/* n characters of `set` drawn from h into out[n + 1]. */
void pd_demo_token(uint64_t h, const char *set, size_t n, char *out);

/* Version 4 UUID text of r into out[37]. */
void pd_demo_uuid_text(uint64_t r, char *out);

/* Bounded string building: append s (or its first k bytes) to dst (length
 * *n, size cap), cut at cap - 1 bytes; _lower lower-cases ASCII letters as
 * it goes. */
void pd_demo_append_n(char *dst, size_t *n, size_t cap, const char *s,
                      size_t k);
void pd_demo_append(char *dst, size_t *n, size_t cap, const char *s);
void pd_demo_append_lower(char *dst, size_t *n, size_t cap, const char *s);

#endif
