/*
 * model - canonical rows of SPEC §2 as transform/ hands them to load/.
 *
 * A row is filled by pd_row_transform() from one record; absent values are
 * NULL pointers (text) or has_* == false (numbers, times).  Times are UTC
 * microseconds.
 *
 * Ownership: every pointer is arena memory of the row arena passed to
 * pd_row_transform() and dies when that arena is reset.
 * Errors/limits: plain data, none.
 */
#ifndef PD_MODEL_H
#define PD_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pd_kind {
    PD_KIND_NONE,
    PD_KIND_TICKETS,
    PD_KIND_ACCOUNTS,
    PD_KIND_NPS,
    PD_KIND_USAGE,
    PD_KIND_RELEASES, /* issue 17: launches, only loaded when asked for */
    PD_KIND_REQUESTS  /* feature-request posts (issue 17) */
};

/* "tickets", "accounts", "nps", "usage", "releases", "requests"; NULL for
 * NONE. */
const char *pd_kind_name(enum pd_kind kind);
/* PD_KIND_NONE for an unknown name. */
enum pd_kind pd_kind_parse(const char *name);

/* One unknown column kept for the extra jsonb (schema drift never fails). */
struct pd_extra {
    const char *key;
    const char *value;
    size_t value_len;
};

struct pd_ticket {
    const char *external_id;
    const char *account_ref;
    const char *organization;
    const char *requester_email;
    const char *requester_domain;
    const char *subject;
    const char *status; /* canonical names of parse_value.h, or NULL */
    const char *priority;
    const char *channel;
    const char *product_area;
    const char **tags;
    size_t ntags;
    const char *assignee;
    const char *group_name;
    int64_t created_at;
    int64_t first_reply_at;
    int64_t solved_at;
    int64_t updated_at;
    bool has_first_reply_at, has_solved_at;
    int64_t reopens, replies;
    bool has_reopens, has_replies;
    /* The vendor's business-hours durations (µs), and whether the export
     * has a first-reply column at all (SPEC §6 sla_breach_pct). */
    int64_t first_reply_business, resolution_business;
    bool has_first_reply_business, has_resolution_business;
    bool first_reply_reported;
    const char *satisfaction;
    /* Issue 15: typed, where they used to fill every row's extra. */
    const char *ticket_type;
    const char *requester_name; /* PII (prodops forget clears it) */
    int64_t resolution;         /* the vendor's calendar duration (µs) */
    bool has_resolution;
    const char **themes; /* SPEC §8, from subject and tags; names borrowed
                            from the rule set */
    size_t nthemes;
    struct pd_extra *extra;
    size_t nextra;
};

struct pd_nps {
    const char *external_id; /* the vendor's id, or "h:" + a hash (SPEC §4) */
    const char *account_ref;
    const char *organization;
    const char *respondent_email;
    const char *respondent_domain;
    int score; /* 0-10 */
    const char *comment;
    int64_t responded_at;
    int64_t updated_at; /* the vendor's edit time, else responded_at */
    const char *survey;
    const char **themes; /* SPEC §8, from the comment */
    size_t nthemes;
    struct pd_extra *extra;
    size_t nextra;
};

/* One product-usage event, or one pre-aggregated bucket of them (Pendo:
 * a visitor's events of one feature on one day, count = numEvents). */
struct pd_event {
    const char *event_key; /* the vendor's insert id, or "h:" + a hash */
    const char *user_id;   /* NULL for an anonymous event */
    const char *device_id; /* the user when user_id is NULL (SPEC §6) */
    const char *account_ref;
    const char *email; /* lowercased; from an email property or user_id */
    const char *domain;
    const char *event_name;
    int64_t event_time;
    int64_t count;          /* 1 for a raw event */
    struct pd_extra *extra; /* the properties jsonb */
    size_t nextra;
};

/* One feature-request post (issue 17): a Fider post, a Canny post, a
 * Productboard note.  status is the canonical name (parse_value.h) and
 * status_raw the vendor's word; votes is the exported count (has_votes
 * false when the export has none: a note is one ask, not a vote). */
struct pd_request {
    const char *external_id;
    const char *title;
    const char *description;
    const char *status;
    const char *status_raw;
    int64_t votes;
    bool has_votes;
    const char *author; /* a display name (Fider writes no email) */
    const char *author_email;
    const char *author_domain;
    const char *account_ref;
    const char *organization;
    int64_t created_at;
    int64_t updated_at;      /* the vendor's update time, else created_at */
    const char *merged_into; /* the external id of the post it duplicates */
    const char **tags;
    size_t ntags;
    struct pd_extra *extra;
    size_t nextra;
};

struct pd_account {
    const char *account_id;
    const char *name;
    const char *domain;
    const char *plan;
    const char *segment;
    const char *region;
    const char *arr; /* validated decimal text, passed to numeric */
    const char *owner;
    struct pd_extra *extra;
    size_t nextra;
};

/* One launch (issue 17): a row of a releases CSV or a Jira version.  Its
 * use is any of its events, or (no events) an exposure to its flag. */
struct pd_release {
    const char *name;
    const char *released_on; /* "YYYY-MM-DD", the local date of the source */
    const char *product_area;
    const char **events; /* event names, split on ';', '|' or ',' */
    size_t nevents;
    const char *flag;
    const char *link;
    const char *pattern;     /* pcre2-ish regex for tickets and NPS, or NULL */
    const char *description; /* Jira's version description */
    struct pd_extra *extra;
    size_t nextra;
};

#endif
