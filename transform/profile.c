#include "profile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "transform/header.h"
#include "transform/survey.h"

const enum pd_field_id pd_ticket_required[2] = {PD_F_EXTERNAL_ID,
                                                PD_F_CREATED_AT};
const enum pd_field_id pd_nps_required[2] = {PD_F_SCORE, PD_F_RESPONDED_AT};
const enum pd_field_id pd_usage_required[2] = {PD_F_EVENT_NAME,
                                               PD_F_EVENT_TIME};
const enum pd_field_id pd_request_required[2] = {PD_F_EXTERNAL_ID,
                                                 PD_F_CREATED_AT};

static const char *const field_names[PD_F__COUNT] = {
    [PD_F_NONE] = "none",
    [PD_F_EXTERNAL_ID] = "external_id",
    [PD_F_ACCOUNT_REF] = "account_ref",
    [PD_F_ORGANIZATION] = "organization",
    [PD_F_REQUESTER_EMAIL] = "requester_email",
    [PD_F_SUBJECT] = "subject",
    [PD_F_STATUS] = "status",
    [PD_F_PRIORITY] = "priority",
    [PD_F_CHANNEL] = "channel",
    [PD_F_PRODUCT_AREA] = "product_area",
    [PD_F_TAGS] = "tags",
    [PD_F_ASSIGNEE] = "assignee",
    [PD_F_GROUP_NAME] = "group_name",
    [PD_F_CREATED_AT] = "created_at",
    [PD_F_FIRST_REPLY_AT] = "first_reply_at",
    [PD_F_FIRST_REPLY_MINUTES] = "first_reply_minutes",
    [PD_F_FIRST_REPLY_HOURS] = "first_reply_hours",
    [PD_F_SOLVED_AT] = "solved_at",
    [PD_F_CLOSED_AT] = "closed_at",
    [PD_F_UPDATED_AT] = "updated_at",
    [PD_F_REOPENS] = "reopens",
    [PD_F_REPLIES] = "replies",
    [PD_F_SATISFACTION] = "satisfaction",
    [PD_F_FIRST_REPLY_BUSINESS_MINUTES] = "first_reply_business_minutes",
    [PD_F_FIRST_REPLY_BUSINESS_HOURS] = "first_reply_business_hours",
    [PD_F_RESOLUTION_BUSINESS_MINUTES] = "resolution_business_minutes",
    [PD_F_RESOLUTION_MINUTES] = "resolution_minutes",
    [PD_F_TICKET_TYPE] = "ticket_type",
    [PD_F_REQUESTER_NAME] = "requester_name",
    [PD_F_REQUESTER_DOMAIN] = "requester_domain",
    [PD_F_ACCOUNT_ID] = "account_id",
    [PD_F_NAME] = "name",
    [PD_F_DOMAIN] = "domain",
    [PD_F_PLAN] = "plan",
    [PD_F_SEGMENT] = "segment",
    [PD_F_REGION] = "region",
    [PD_F_ARR] = "arr",
    [PD_F_OWNER] = "owner",
    [PD_F_RESPONDENT_EMAIL] = "respondent_email",
    [PD_F_SCORE] = "score",
    [PD_F_COMMENT] = "comment",
    [PD_F_RESPONDED_AT] = "responded_at",
    [PD_F_SURVEY] = "survey",
    [PD_F_RESPONDENT_ID] = "respondent_id",
    [PD_F_EVENT_KEY] = "event_key",
    [PD_F_EVENT_UUID] = "event_uuid",
    [PD_F_USER_ID] = "user_id",
    [PD_F_DEVICE_ID] = "device_id",
    [PD_F_USER_EMAIL] = "user_email",
    [PD_F_EVENT_NAME] = "event_name",
    [PD_F_EVENT_TYPE] = "event_type",
    [PD_F_EVENT_TIME] = "event_time",
    [PD_F_EVENT_COUNT] = "event_count",
    [PD_F_RELEASE_DATE] = "release_date",
    [PD_F_EVENT_NAMES] = "event_names",
    [PD_F_FLAG] = "flag",
    [PD_F_LINK] = "link",
    [PD_F_PATTERN] = "pattern",
    [PD_F_DESCRIPTION] = "description",
    [PD_F_TITLE] = "title",
    [PD_F_VOTES] = "votes",
    [PD_F_AUTHOR] = "author",
    [PD_F_AUTHOR_EMAIL] = "author_email",
    [PD_F_MERGED_INTO] = "merged_into",
    [PD_F_EXPERIMENT] = "experiment",
    [PD_F_VARIANT] = "variant",
};

const char *
pd_field_name(enum pd_field_id f)
{
    if ((size_t)f >= PD_F__COUNT)
        return "?";
    return field_names[f];
}

enum pd_field_id
pd_field_parse(const char *name)
{
    for (size_t i = 1; i < PD_F__COUNT; i++)
        if (strcmp(field_names[i], name) == 0)
            return (enum pd_field_id)i;
    return PD_F_NONE;
}

const char *
pd_kind_name(enum pd_kind kind)
{
    switch (kind) {
    case PD_KIND_TICKETS:
        return "tickets";
    case PD_KIND_ACCOUNTS:
        return "accounts";
    case PD_KIND_NPS:
        return "nps";
    case PD_KIND_USAGE:
        return "usage";
    case PD_KIND_RELEASES:
        return "releases";
    case PD_KIND_REQUESTS:
        return "requests";
    case PD_KIND_NONE:
        break;
    }
    return NULL;
}

enum pd_kind
pd_kind_parse(const char *name)
{
    if (!name)
        return PD_KIND_NONE;
    if (strcmp(name, "tickets") == 0)
        return PD_KIND_TICKETS;
    if (strcmp(name, "accounts") == 0)
        return PD_KIND_ACCOUNTS;
    if (strcmp(name, "nps") == 0)
        return PD_KIND_NPS;
    if (strcmp(name, "usage") == 0)
        return PD_KIND_USAGE;
    if (strcmp(name, "releases") == 0)
        return PD_KIND_RELEASES;
    if (strcmp(name, "requests") == 0)
        return PD_KIND_REQUESTS;
    return PD_KIND_NONE;
}

const struct pd_profile *
pd_profile_find(const char *name)
{
    for (size_t i = 0; pd_profiles[i]; i++)
        if (strcmp(pd_profiles[i]->name, name) == 0)
            return pd_profiles[i];
    return NULL;
}

static bool
maps(const struct pd_profile *p, enum pd_field_id f)
{
    for (size_t j = 0; j < p->ncolumns; j++)
        if (p->columns[j].field == f)
            return true;
    return false;
}

struct pd_profile *
pd_profile_from_mapping(const char *name, enum pd_kind kind,
                        const char *const *fields, const char *const *headers,
                        size_t n, struct pd_err *err)
{
    struct pd_profile *p = pd_xcalloc(1, sizeof(*p));
    struct pd_profile_column *cols = pd_xcalloc(n, sizeof(*cols));
    enum pd_field_id *req = pd_xcalloc(2, sizeof(*req));

    p->name = pd_xstrdup(name);
    p->kind = kind;
    p->columns = cols;
    p->required = req;
    p->from_config = true;
    for (size_t i = 0; i < n; i++) {
        enum pd_field_id f = pd_field_parse(fields[i]);
        if (f == PD_F_NONE) {
            pd_profile_free(p);
            pd_err_set(err, PD_E_CONFIG,
                       "unknown field '%s' in the mapping of profile '%s'",
                       fields[i], name);
            return NULL;
        }
        cols[i].header = pd_xstrdup(headers[i]);
        cols[i].field = f;
        p->ncolumns++;
    }
    /* The key columns of the kind are required (SPEC §5). */
    if (kind == PD_KIND_TICKETS) {
        req[0] = PD_F_EXTERNAL_ID;
        req[1] = PD_F_CREATED_AT;
        p->nrequired = 2;
    } else if (kind == PD_KIND_ACCOUNTS) {
        req[0] = PD_F_ACCOUNT_ID;
        p->nrequired = 1;
    } else if (kind == PD_KIND_NPS) {
        /* No response time is allowed: some exports have none, and the
         * load then asks for --as-of. */
        req[0] = PD_F_SCORE;
        p->nrequired = 1;
    } else if (kind == PD_KIND_USAGE) {
        /* A mapped exposure export needs no event name (SPEC §9): its
         * rows are "$exposure" events, and its variant column is needed
         * with its experiment column. */
        bool exposures = maps(p, PD_F_EXPERIMENT);
        req[0] = exposures ? PD_F_EXPERIMENT : PD_F_EVENT_NAME;
        req[1] = PD_F_EVENT_TIME;
        p->nrequired = 2;
        if (exposures != maps(p, PD_F_VARIANT)) {
            pd_err_set(err, PD_E_CONFIG,
                       "profile '%s' maps '%s' without '%s' (an exposure "
                       "export maps both)",
                       name, exposures ? "experiment" : "variant",
                       exposures ? "variant" : "experiment");
            pd_profile_free(p);
            return NULL;
        }
    } else if (kind == PD_KIND_RELEASES) {
        req[0] = PD_F_NAME;
        req[1] = PD_F_RELEASE_DATE;
    } else if (kind == PD_KIND_REQUESTS) {
        req[0] = PD_F_EXTERNAL_ID;
        req[1] = PD_F_CREATED_AT;
        p->nrequired = 2;
    }
    /* An NPS mapping without a score column finds it by its wording. */
    p->nps_by_wording = kind == PD_KIND_NPS;
    for (size_t i = 0; i < p->nrequired; i++) {
        bool mapped = p->nps_by_wording && req[i] == PD_F_SCORE;
        for (size_t j = 0; j < p->ncolumns; j++)
            mapped = mapped || p->columns[j].field == req[i];
        if (!mapped) {
            pd_err_set(err, PD_E_CONFIG,
                       "profile '%s' maps no '%s', which %s need", name,
                       pd_field_name(req[i]), pd_kind_name(kind));
            pd_profile_free(p);
            return NULL;
        }
    }
    return p;
}

void
pd_profile_free(struct pd_profile *p)
{
    if (!p)
        return;
    if (!p->from_config)
        PD_BUG("pd_profile_free on a built-in profile");
    for (size_t i = 0; i < p->ncolumns; i++)
        free((char *)(uintptr_t)p->columns[i].header);
    free((void *)(uintptr_t)p->columns);
    free((void *)(uintptr_t)p->required);
    free((char *)(uintptr_t)p->name);
    free(p);
}

/* The header's keys, each mapped to its first column: one pass over the
 * header, then one lookup per signature or column alternative (scanning
 * the header per alternative was O(width x profile columns)). */
static void
header_keys(const struct pd_record *h, struct pd_strmap *keys)
{
    char key[PD_HEADER_KEY_MAX];

    pd_strmap_init(keys);
    for (size_t i = 0; i < h->nfields; i++) {
        size_t n = pd_header_key(h->fields[i].s, h->fields[i].len, key);
        if (!pd_strmap_get(keys, key, n, NULL))
            pd_strmap_put(keys, key, n, (int64_t)i);
    }
}

/* Is any alternative of "A|B|C" a column of the header? */
static bool
header_has(const struct pd_strmap *keys, const char *alts)
{
    char want[PD_HEADER_KEY_MAX];

    while (*alts) {
        const char *bar = strchr(alts, '|');
        size_t len = bar ? (size_t)(bar - alts) : strlen(alts);
        size_t n = pd_header_key(alts, len, want);
        if (pd_strmap_get(keys, want, n, NULL))
            return true;
        alts += len + (bar ? 1 : 0);
    }
    return false;
}

/* Number of header columns the profile knows; -1 if its signature fails. */
static int
profile_score(const struct pd_profile *p, const struct pd_strmap *h)
{
    int score = 0;

    for (size_t i = 0; i < p->nsignature; i++)
        if (!header_has(h, p->signature[i]))
            return -1;
    if (p->from_config) {
        /* A configured mapping matches when all its columns are there, and
         * beats the built-ins: the user wrote it for these files. */
        for (size_t i = 0; i < p->ncolumns; i++)
            if (!header_has(h, p->columns[i].header))
                return -1;
        return 1000 + (int)p->ncolumns;
    }
    for (size_t i = 0; i < p->ncolumns; i++)
        if (header_has(h, p->columns[i].header))
            score++;
    return score;
}

/* A header wider than the limit fails the file, with the count. */
static int
check_width(const struct pd_record *header, struct pd_err *err)
{
    if (header->nfields <= PD_BINDING_MAX_COLS)
        return 0;
    pd_err_set(err, PD_E_LIMIT, "header has %zu columns, more than %d",
               header->nfields, PD_BINDING_MAX_COLS);
    return pd_err_hint(err, "split the export, or leave out columns prodops "
                            "does not use");
}

static void
describe_header(struct pd_err *err, const struct pd_record *h)
{
    struct pd_buf b;

    pd_buf_init(&b, 400);
    for (size_t i = 0; i < h->nfields; i++) {
        if (pd_buf_addf(&b, "%s%s", i ? ", " : "", h->fields[i].s) < 0)
            break;
    }
    pd_err_detail(err, "header: %s", b.buf);
    pd_buf_release(&b);
}

const struct pd_profile *
pd_profile_detect(const struct pd_profile *const *candidates, enum pd_kind kind,
                  const struct pd_record *header, struct pd_err *err)
{
    const struct pd_profile *best = NULL;
    int best_score = 0;
    struct pd_strmap keys;

    if (check_width(header, err) < 0)
        return NULL;
    header_keys(header, &keys);
    /* Accounts and releases have generic headers (name, date, ...), so
     * they are never guessed; a file that only they match says so. */
    const struct pd_profile *named_only = NULL;

    for (size_t i = 0; candidates[i]; i++) {
        const struct pd_profile *p = candidates[i];
        bool never_guessed =
            p->kind == PD_KIND_ACCOUNTS || p->kind == PD_KIND_RELEASES;
        int s;
        if (kind != PD_KIND_NONE ? p->kind != kind : never_guessed) {
            if (kind == PD_KIND_NONE && never_guessed && !named_only &&
                profile_score(p, &keys) > 0)
                named_only = p;
            continue;
        }
        s = profile_score(p, &keys);
        if (s > best_score) {
            best = p;
            best_score = s;
        }
    }
    pd_strmap_release(&keys);
    if (best)
        return best;
    pd_err_set(err, PD_E_FORMAT,
               "unknown format: the header matches no %s%s"
               "profile",
               kind ? pd_kind_name(kind) : "", kind ? " " : "");
    describe_header(err, header);
    if (named_only)
        pd_err_hint(err,
                    "it looks like %s: load it with --kind %s (or kind = "
                    "%s in its [source] section)",
                    pd_kind_name(named_only->kind),
                    pd_kind_name(named_only->kind),
                    pd_kind_name(named_only->kind));
    else
        pd_err_hint(err, "name one with --profile, or map the columns in a "
                         "[profile \"NAME\"] section of prodops.conf");
    return NULL;
}

/* The profile's header keys, each mapped to the field of its first
 * column: one lookup per file column. */
static void
profile_keys(const struct pd_profile *p, struct pd_strmap *fields)
{
    char pk[PD_HEADER_KEY_MAX];

    pd_strmap_init(fields);
    for (size_t i = 0; i < p->ncolumns; i++) {
        size_t n = pd_header_key(p->columns[i].header,
                                 strlen(p->columns[i].header), pk);
        if (!pd_strmap_get(fields, pk, n, NULL))
            pd_strmap_put(fields, pk, n, (int64_t)p->columns[i].field);
    }
}

static enum pd_field_id
column_field(const struct pd_binding *b, const char *s, size_t len)
{
    char key[PD_HEADER_KEY_MAX];
    size_t n = pd_header_key(s, len, key);
    int64_t f;

    return pd_strmap_get(&b->fields, key, n, &f) ? (enum pd_field_id)f
                                                 : PD_F_NONE;
}

static int
check_required(const struct pd_binding *b, struct pd_err *err)
{
    const struct pd_profile *p = b->profile;

    for (size_t i = 0; i < p->nrequired; i++) {
        enum pd_field_id f = p->required[i];
        const char *hdr = "?";
        if (b->field_col[f] >= 0)
            continue;
        if (f == PD_F_SCORE && p->nps_by_wording) {
            pd_err_set(err, PD_E_FORMAT,
                       "no NPS question (0-10, \"how likely ... recommend\") "
                       "found for profile '%s'",
                       p->name);
            return pd_err_hint(err, "map the score column in a [profile] "
                                    "section: score = <column header>");
        }
        for (size_t j = 0; j < p->ncolumns; j++)
            if (p->columns[j].field == f) {
                hdr = p->columns[j].header;
                break;
            }
        return pd_err_set(err, PD_E_FORMAT,
                          "missing required column '%s' (%s) for profile "
                          "'%s'",
                          hdr, pd_field_name(f), p->name);
    }
    return 0;
}

/* Survey profiles: bind the NPS question and its follow-up by wording
 * when no fixed column did. */
static void
bind_by_wording(struct pd_binding *b, const struct pd_record *header,
                const struct pd_record *texts)
{
    int score = b->field_col[PD_F_SCORE], comment;

    if (score < 0) {
        score = pd_survey_nps_column(header, texts);
        if (score >= 0 && b->col_field[score] == PD_F_NONE) {
            b->col_field[score] = PD_F_SCORE;
            b->field_col[PD_F_SCORE] = score;
        }
    }
    if (b->field_col[PD_F_COMMENT] >= 0)
        return;
    comment = pd_survey_comment_column(header, texts, score);
    if (comment >= 0 && b->col_field[comment] == PD_F_NONE) {
        b->col_field[comment] = PD_F_COMMENT;
        b->field_col[PD_F_COMMENT] = comment;
    }
}

int
pd_binding_init(struct pd_binding *b, const struct pd_profile *profile,
                const struct pd_record *header, struct pd_err *err)
{
    return pd_binding_init_texts(b, profile, header, NULL, err);
}

static int
bind_header(struct pd_binding *b, const struct pd_profile *profile,
            const struct pd_record *header, const struct pd_record *texts,
            bool json, struct pd_err *err)
{
    size_t n = header->nfields;
    struct pd_header_names names;

    memset(b, 0, sizeof(*b));
    if (check_width(header, err) < 0)
        return -1;
    b->json = json;
    b->profile = profile;
    b->ncols = n;
    b->col_field = pd_xcalloc(n, sizeof(*b->col_field));
    b->col_list = pd_xcalloc(n, sizeof(*b->col_list));
    b->col_name = pd_xcalloc(n, sizeof(*b->col_name));
    profile_keys(profile, &b->fields);
    for (size_t f = 0; f < PD_F__COUNT; f++)
        b->field_col[f] = -1;
    /* Repeated names (Jira's Comment, Comment) get " (2)", " (3)" in
     * extra, so no two columns share a key (jsonb would keep one). */
    pd_header_names_init(&names);
    for (size_t i = 0; i < n; i++) {
        const struct pd_field *h = &header->fields[i];
        const char *name = h->s[0] ? h->s : "column";
        enum pd_field_id f = column_field(b, h->s, h->len);
        size_t len;

        name = pd_header_names_take(&names, name, strlen(name), &len);
        b->col_name[i] = pd_xstrndup(name, len);
        b->col_list[i] = pd_header_is_list_field(h->s, h->len);
        /* A field fed twice: tags accumulate (Jira's Labels, Labels);
         * anything else keeps the first column and the rest go to extra. */
        if (f != PD_F_NONE && b->field_col[f] >= 0 && f != PD_F_TAGS)
            f = PD_F_NONE;
        b->col_field[i] = f;
        if (f != PD_F_NONE && b->field_col[f] < 0)
            b->field_col[f] = (int)i;
    }
    pd_header_names_release(&names);
    if (profile->nps_by_wording)
        bind_by_wording(b, header, texts);
    b->cap = n;
    if (!b->json && check_required(b, err) < 0) {
        pd_binding_release(b);
        return -1;
    }
    return 0;
}

int
pd_binding_init_texts(struct pd_binding *b, const struct pd_profile *profile,
                      const struct pd_record *header,
                      const struct pd_record *texts, struct pd_err *err)
{
    return bind_header(b, profile, header, texts, false, err);
}

int
pd_binding_init_json(struct pd_binding *b, const struct pd_profile *profile,
                     const struct pd_record *header, struct pd_err *err)
{
    if (bind_header(b, profile, header, NULL, true, err) < 0)
        return -1;
    pd_strmap_init(&b->names);
    for (size_t i = 0; i < b->ncols; i++)
        pd_strmap_put(&b->names, b->col_name[i], strlen(b->col_name[i]),
                      (int64_t)i);
    return 0;
}

/* A column for a key first seen in this record. */
static int
add_column(struct pd_binding *b, const struct pd_field *name)
{
    size_t i = b->ncols;
    enum pd_field_id f;

    if (i >= PD_BINDING_MAX_KEYS)
        return -1;
    if (i == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->col_field =
            pd_xrealloc(b->col_field, b->cap * sizeof(*b->col_field));
        b->col_list = pd_xrealloc(b->col_list, b->cap * sizeof(*b->col_list));
        b->col_name = pd_xrealloc(b->col_name, b->cap * sizeof(*b->col_name));
    }
    f = column_field(b, name->s, name->len);
    if (f != PD_F_NONE && b->field_col[f] >= 0)
        f = PD_F_NONE;
    b->col_field[i] = f;
    b->col_list[i] = false;
    b->col_name[i] = pd_xstrndup(name->s, name->len);
    if (f != PD_F_NONE)
        b->field_col[f] = (int)i;
    b->ncols++;
    pd_strmap_put(&b->names, name->s, name->len, (int64_t)i);
    return (int)i;
}

/* Extend next_col and col_len to the columns added since the last call. */
static void
cache_columns(struct pd_binding *b)
{
    if (b->ncols + 1 > b->cache_cap) {
        b->cache_cap = 2 * (b->ncols + 1) + 16;
        b->next_col =
            pd_xrealloc(b->next_col, b->cache_cap * sizeof(*b->next_col));
        b->col_len =
            pd_xrealloc(b->col_len, b->cache_cap * sizeof(*b->col_len));
        if (b->ncached == 0)
            b->next_col[0] = -1;
    }
    for (size_t i = b->ncached; i < b->ncols; i++) {
        b->col_len[i] = strlen(b->col_name[i]);
        b->next_col[i + 1] = -1;
    }
    b->ncached = b->ncols;
}

/*
 * The column of a record's key, given the column of the key before it
 * (-1 for the first).  Exports write their keys in one order, but leave
 * out keys whose value is null and vary the event properties between
 * event types, so a key's position moves from record to record while
 * the key after a given key mostly does not: the guess is the column
 * that followed prev last time (issue 15: a cache by position missed
 * often enough that the lookup and its strncmp were ~9 % of an Amplitude
 * check's cycles).  A guess counts only when its name is the key, so the
 * result is what the map would say.
 */
static int
column_of(struct pd_binding *b, int prev, const struct pd_field *name)
{
    int *guess = &b->next_col[prev + 1];
    int64_t col;
    int c = *guess;

    if (c >= 0 && b->col_len[c] == name->len &&
        memcmp(b->col_name[c], name->s, name->len) == 0)
        return c;
    if (pd_strmap_get(&b->names, name->s, name->len, &col)) {
        c = (int)col;
    } else {
        if ((c = add_column(b, name)) < 0)
            return -1;
        cache_columns(b); /* may move next_col: guess is not used again */
        b->next_col[prev + 1] = c;
        return c;
    }
    *guess = c;
    return c;
}

int
pd_binding_layout(struct pd_binding *b, const struct pd_record *rec,
                  struct pd_arena *a, struct pd_record *out)
{
    struct pd_field *f;
    int cols[256];
    size_t n = rec->nfields;
    int *col = n <= 256 ? cols : pd_arena_alloc(a, n * sizeof(*col));

    cache_columns(b);
    /* Columns first: a new key widens the layout. */
    for (size_t i = 0; i < n; i++)
        if ((col[i] = column_of(b, i ? col[i - 1] : -1, &rec->names[i])) < 0)
            return -1;
    f = pd_arena_alloc(a, (b->ncols + 1) * sizeof(*f));
    for (size_t i = 0; i < b->ncols; i++) {
        f[i].s = "";
        f[i].len = 0;
    }
    for (size_t i = 0; i < n; i++)
        f[col[i]] = rec->fields[i];
    *out = *rec;
    out->fields = f;
    out->names = NULL;
    out->nfields = b->ncols;
    return 0;
}

void
pd_binding_release(struct pd_binding *b)
{
    for (size_t i = 0; i < b->ncols && b->col_name; i++)
        free(b->col_name[i]);
    free(b->col_field);
    free(b->col_list);
    free(b->col_name);
    free(b->next_col);
    free(b->col_len);
    if (b->json)
        pd_strmap_release(&b->names);
    pd_strmap_release(&b->fields);
    memset(b, 0, sizeof(*b));
}
