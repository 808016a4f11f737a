/*
 * profile - vendor export profiles: which header means which canonical
 * field, how a file is recognized, which columns it cannot do without.
 *
 * A profile is a const table (one per vendor in profiles/<vendor>.c, listed
 * in pd_profiles[]) or is built at run time from a [profile "NAME"] mapping
 * in the configuration (the generic profile).  Binding a profile to a
 * file's header gives, per column, the canonical field it feeds or "extra".
 *
 * Ownership: built-in profiles are static.  pd_profile_from_mapping()
 * returns a heap profile freed with pd_profile_free().  A binding is
 * caller-owned; pd_binding_release() frees what pd_binding_init() made.
 * Errors: -1 with *err: no profile matches the header (PD_E_FORMAT, with
 * the header in detail and a hint), a required column is missing (naming
 * the column and the profile), an unknown field in a mapping (PD_E_CONFIG).
 * Limits: PD_BINDING_MAX_COLS columns per file: a wider header is a file
 * error (PD_E_LIMIT) from detection and binding alike.  Detection and
 * binding are linear in the header's width (one hash of its keys).
 */
#ifndef PD_PROFILE_H
#define PD_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"
#include "common/err.h"
#include "common/strmap.h"
#include "extract/record.h"
#include "transform/model.h"

/*
 * The version of the vendor mappings (profiles, enum tables, row rules):
 * stored per file in prodops.files at load, so `prodops files` can show
 * which files were read by an older mapping and `prodops ingest
 * --reprocess` can bring a fix to their rows.  Bump it with every change
 * that gives a loaded file's rows other values.
 *   1  before issue 13 (files loaded before migration 011)
 *   2  issue 13: SPEC §2 channel display names, Freshdesk "Initial response
 *      time", Jira SM satisfaction custom fields
 *   3  issue 15: ticket type, requester name and Zendesk's calendar full
 *      resolution time in columns of their own, no longer in extra
 */
enum { PD_MAPPING_VERSION = 3 };

enum pd_field_id {
    PD_F_NONE = 0,
    /* tickets */
    PD_F_EXTERNAL_ID,
    PD_F_ACCOUNT_REF,
    PD_F_ORGANIZATION,
    PD_F_REQUESTER_EMAIL,
    PD_F_SUBJECT,
    PD_F_STATUS,
    PD_F_PRIORITY,
    PD_F_CHANNEL,
    PD_F_PRODUCT_AREA,
    PD_F_TAGS,
    PD_F_ASSIGNEE,
    PD_F_GROUP_NAME,
    PD_F_CREATED_AT,
    PD_F_FIRST_REPLY_AT,
    PD_F_FIRST_REPLY_MINUTES, /* Zendesk: minutes after created_at */
    PD_F_FIRST_REPLY_HOURS,   /* Freshdesk: "hh:mm:ss" or hours */
    PD_F_SOLVED_AT,
    PD_F_CLOSED_AT,
    PD_F_UPDATED_AT,
    PD_F_REOPENS,
    PD_F_REPLIES,
    PD_F_SATISFACTION,
    PD_F_REQUESTER_DOMAIN, /* the vendor's own: used when there is no email */
    /* The vendors' business-hours durations (SPEC §6 "Support operations";
     * kept beside the calendar ones, never turned into times). */
    PD_F_FIRST_REPLY_BUSINESS_MINUTES, /* Zendesk: a number of minutes */
    PD_F_FIRST_REPLY_BUSINESS_HOURS,   /* Freshdesk: "hh:mm:ss" or hours */
    PD_F_RESOLUTION_BUSINESS_MINUTES,  /* Zendesk: full resolution */
    /* Issue 15 (migration 022): columns every export of a vendor carries,
     * typed instead of repeating their names in each row's extra. */
    PD_F_RESOLUTION_MINUTES, /* Zendesk: calendar minutes, created to solved */
    PD_F_TICKET_TYPE,        /* Incident, Question, Issue Type, ... */
    PD_F_REQUESTER_NAME,     /* PII: erased by `prodops forget` */
    /* accounts */
    PD_F_ACCOUNT_ID,
    PD_F_NAME,
    PD_F_DOMAIN,
    PD_F_PLAN,
    PD_F_SEGMENT,
    PD_F_REGION,
    PD_F_ARR,
    PD_F_OWNER,
    /* nps */
    PD_F_RESPONDENT_EMAIL,
    PD_F_SCORE,
    PD_F_COMMENT,
    PD_F_RESPONDED_AT,
    PD_F_SURVEY,
    PD_F_RESPONDENT_ID, /* who answered, when there is no email */
    /* usage */
    PD_F_EVENT_KEY,  /* insert id */
    PD_F_EVENT_UUID, /* second choice of key (Amplitude's uuid) */
    PD_F_USER_ID,
    PD_F_DEVICE_ID,
    PD_F_USER_EMAIL,
    PD_F_EVENT_NAME,
    PD_F_EVENT_TYPE, /* Segment's call type: track, page, identify, ... */
    PD_F_EVENT_TIME,
    PD_F_EVENT_COUNT, /* pre-aggregated rows (Pendo's numEvents) */
    /* releases (issue 17); the name is PD_F_NAME, the area
     * PD_F_PRODUCT_AREA */
    PD_F_RELEASE_DATE,
    PD_F_EVENT_NAMES, /* a list: "Export Started; Export Downloaded" */
    PD_F_FLAG,
    PD_F_LINK,
    PD_F_PATTERN,
    PD_F_DESCRIPTION,
    /* feature requests (issue 17) */
    PD_F_TITLE,
    PD_F_VOTES,
    PD_F_AUTHOR, /* a display name */
    PD_F_AUTHOR_EMAIL,
    PD_F_MERGED_INTO, /* Fider original_number: the post it duplicates */
    /* A mapped exposure export (Statsig, Optimizely, LaunchDarkly; SPEC
     * §9): each row is an exposure event ("$exposure" when no event name
     * is mapped) carrying these as its flag_key and variant properties. */
    PD_F_EXPERIMENT,
    PD_F_VARIANT,
    PD_F__COUNT
};

/* Canonical field name ("external_id") and back (PD_F_NONE if unknown). */
const char *pd_field_name(enum pd_field_id f);
enum pd_field_id pd_field_parse(const char *name);

struct pd_profile_column {
    const char *header; /* as the vendor writes it; matched by header key */
    enum pd_field_id field;
};

struct pd_profile {
    const char *name;   /* also the rows' default source */
    const char *source; /* the rows' source when not the name, or NULL */
    enum pd_kind kind;
    const struct pd_profile_column *columns;
    size_t ncolumns;
    /* Recognition: every entry must be present; "A|B" means A or B. */
    const char *const *signature;
    size_t nsignature;
    /* Fields whose column must exist (the file fails without it). */
    const enum pd_field_id *required;
    size_t nrequired;
    bool from_config;
    /* Survey exports: the score and comment columns are found by the
     * question's wording (transform/survey.h), not by a fixed name. */
    bool nps_by_wording;
    /* Zone-less times are UTC whatever the configured zone (Amplitude). */
    bool times_utc;
    /* NPS polls whose follow-up text comes as its own row (Pendo): a text
     * in the score column is an expected reject, not a bad score. */
    bool followup_rows;
};

/* Ticket profiles all need the key and the creation time (SPEC §5); NPS
 * profiles the score and the response time (the id may be derived). */
extern const enum pd_field_id pd_ticket_required[2];
extern const enum pd_field_id pd_nps_required[2];
/* Usage profiles need a name and a time; who did it is checked per row
 * (user or device id), as JSON records omit null keys. */
extern const enum pd_field_id pd_usage_required[2];
/* Feature-request profiles need the post's id and its creation time. */
extern const enum pd_field_id pd_request_required[2];

/* Define a built-in profile from the file's static columns[] and
 * signature[] tables and a required-fields array; survey profiles find
 * their NPS question by wording and need a score and a response time. */
#define PD_COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))
#define PD_PROFILE_INIT(pname, pkind, req, wording, utc)          \
    {                                                             \
        .name = pname, .kind = pkind, .columns = columns,         \
        .ncolumns = PD_COUNT_OF(columns), .signature = signature, \
        .nsignature = PD_COUNT_OF(signature), .required = req,    \
        .nrequired = PD_COUNT_OF(req), .nps_by_wording = wording, \
        .times_utc = utc                                          \
    }
#define PD_PROFILE_DEFINE(var, pname, pkind, req) \
    const struct pd_profile var =                 \
        PD_PROFILE_INIT(pname, pkind, req, false, false)
#define PD_SURVEY_PROFILE_DEFINE(var, pname) \
    const struct pd_profile var =            \
        PD_PROFILE_INIT(pname, PD_KIND_NPS, pd_nps_required, true, false)
/* Usage profiles; utc: zone-less times are UTC (the vendor says so). */
#define PD_USAGE_PROFILE_DEFINE(var, pname, utc) \
    const struct pd_profile var =                \
        PD_PROFILE_INIT(pname, PD_KIND_USAGE, pd_usage_required, false, utc)

/* The built-in profiles, NULL-terminated (profiles/registry.c). */
extern const struct pd_profile *const pd_profiles[];
extern const struct pd_profile pd_profile_zendesk;
extern const struct pd_profile pd_profile_freshdesk;
extern const struct pd_profile pd_profile_jira;
extern const struct pd_profile pd_profile_hubspot;
extern const struct pd_profile pd_profile_crm;
extern const struct pd_profile pd_profile_delighted;
extern const struct pd_profile pd_profile_surveymonkey;
extern const struct pd_profile pd_profile_typeform;
extern const struct pd_profile pd_profile_qualtrics;
extern const struct pd_profile pd_profile_pendo_nps;
extern const struct pd_profile pd_profile_helpscout;
extern const struct pd_profile pd_profile_amplitude;
extern const struct pd_profile pd_profile_mixpanel;
extern const struct pd_profile pd_profile_segment;
extern const struct pd_profile pd_profile_posthog;
extern const struct pd_profile pd_profile_pendo;
extern const struct pd_profile pd_profile_releases;
extern const struct pd_profile pd_profile_jira_versions;
extern const struct pd_profile pd_profile_fider;

/* A built-in profile by name, or NULL. */
const struct pd_profile *pd_profile_find(const char *name);

/* Build a profile from a configuration mapping (field name -> header). */
struct pd_profile *pd_profile_from_mapping(const char *name, enum pd_kind kind,
                                           const char *const *fields,
                                           const char *const *headers, size_t n,
                                           struct pd_err *err);
void pd_profile_free(struct pd_profile *p);

/* How one file's columns feed the canonical row. */
struct pd_binding {
    const struct pd_profile *profile;
    size_t ncols;
    enum pd_field_id *col_field; /* per column; PD_F_NONE = extra */
    bool *col_list;              /* "[list]" custom field: "-" is empty */
    char **col_name;             /* header text (extra key), made unique */
    int field_col[PD_F__COUNT];  /* first column of a field, -1 if none */
    struct pd_strmap fields;     /* the profile's header keys -> field */
    /* JSON files (pd_binding_init_json): columns are added as record keys
     * are first seen; names maps a key to its column.  next_col[0] is the
     * column of the previous record's first key, next_col[c + 1] the
     * column whose key followed column c's; col_len[c] is strlen of
     * col_name[c].  Both cover the first ncached columns. */
    bool json;
    size_t cap;
    struct pd_strmap names;
    int *next_col;
    size_t *col_len;
    size_t ncached, cache_cap;
};

/* Survey exports run to thousands of columns (one per matrix row and
 * option); 16 384 is Excel's column limit, so wider files are not exports
 * a person works with.  The limit bounds the binding's arrays, not time. */
enum { PD_BINDING_MAX_COLS = 16384 };

/* Choose the best-matching profile among candidates (NULL-terminated) for
 * this header, restricted to kind.  PD_KIND_NONE auto-detects among the
 * event kinds (tickets, ...); accounts and releases are only loaded when
 * asked for.  Returns
 * NULL with *err when none matches. */
const struct pd_profile *
pd_profile_detect(const struct pd_profile *const *candidates, enum pd_kind kind,
                  const struct pd_record *header, struct pd_err *err);

/* Bind profile to the header; checks required columns. */
int pd_binding_init(struct pd_binding *b, const struct pd_profile *profile,
                    const struct pd_record *header, struct pd_err *err);
/* The same, with question texts parallel to the header (Qualtrics' second
 * row; may be NULL) for profiles that find their NPS question by wording. */
int pd_binding_init_texts(struct pd_binding *b,
                          const struct pd_profile *profile,
                          const struct pd_record *header,
                          const struct pd_record *texts, struct pd_err *err);
/* A binding for a JSON file, started from its first record's key names
 * (header: one field per key).  Required fields are checked per row, as
 * JSON exports omit keys whose value is null. */
int pd_binding_init_json(struct pd_binding *b, const struct pd_profile *profile,
                         const struct pd_record *header, struct pd_err *err);
/* Lay a JSON record out in the binding's columns, so that it reads like a
 * CSV row: out->fields[col] is the value of that column's key or empty.  A
 * key not seen before gets a new column.  Fields are arena memory.
 * Returns -1 when the file has more than PD_BINDING_MAX_KEYS distinct
 * keys (the record is then a reject: nothing is dropped silently). */
enum { PD_BINDING_MAX_KEYS = 4096 };
int pd_binding_layout(struct pd_binding *b, const struct pd_record *rec,
                      struct pd_arena *a, struct pd_record *out);
void pd_binding_release(struct pd_binding *b);

#endif
