#include "row.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/sha256.h"
#include "common/utf8.h"
#include "transform/normalize.h"
#include "transform/parse_value.h"

/* A byte pd_trim() could remove at the start (a space, or the first of
 * U+00A0's two) or the end (a space, or U+00A0's last). */
static inline bool
trim_start(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xC2;
}

static inline bool
trim_end(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0;
}

/* Only ASCII in s[0..n): valid UTF-8 without the full check.  Cells are
 * short and mostly ASCII; the call into pd_utf8_valid() for each was a
 * third of cell()'s cost (callgrind, bench tickets). */
static inline bool
all_ascii(const char *s, size_t n)
{
    uint64_t w, acc = 0;
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        acc |= w;
    }
    for (; i < n; i++)
        acc |= (unsigned char)s[i];
    return (acc & UINT64_C(0x8080808080808080)) == 0;
}

/* A cell's text after trimming, sentinels and UTF-8 repair; NULL when the
 * cell is absent or means "none". */
static const char *
cell(struct pd_row_ctx *ctx, const struct pd_record *rec, struct pd_arena *a,
     size_t col, size_t *len)
{
    const char *s;
    size_t n;

    if (col >= rec->nfields)
        return NULL;
    s = rec->fields[col].s;
    n = rec->fields[col].len;
    if (n &&
        (trim_start((unsigned char)s[0]) || trim_end((unsigned char)s[n - 1])))
        pd_trim(&s, &n);
    /* Null words are at most 4 bytes and start with n or # ("na", "n/a",
     * "null", "none", "#n/a"; s is trimmed): skip the check for other
     * cells (short numbers and codes are common). */
    if (n == 0 || (n <= 4 && ((s[0] | 0x20) == 'n' || s[0] == '#') &&
                   pd_is_null_text(s, n)))
        return NULL;
    if (n == 1 && s[0] == '-' && ctx->binding->col_list[col])
        return NULL;
    /* A record whose reader vouches for its text (rec->utf8: the JSON
     * reader's) is not checked twice (issue 15: 2 % of an Amplitude
     * check's instructions). */
    if (!rec->utf8 && !all_ascii(s, n) && !pd_utf8_valid(s, n)) {
        struct pd_buf b;
        pd_buf_init(&b, 0);
        pd_utf8_repair(&b, s, n);
        s = pd_arena_strndup(a, b.buf, b.len);
        n = b.len;
        pd_buf_release(&b);
        ctx->stats.text_repaired++;
    } else if (s[n] != '\0') {
        s = pd_arena_strndup(a, s, n);
    }
    if (len)
        *len = n;
    return s;
}

/* The cell of a field's first column. */
static const char *
field(struct pd_row_ctx *ctx, const struct pd_record *rec, struct pd_arena *a,
      enum pd_field_id f, size_t *len)
{
    int col = ctx->binding->field_col[f];

    if (col < 0)
        return NULL;
    return cell(ctx, rec, a, (size_t)col, len);
}

static int
reject(struct pd_row_reject *rej, struct pd_row_ctx *ctx, struct pd_arena *a,
       enum pd_field_id f, const char *reason)
{
    int col = ctx->binding->field_col[f];

    rej->column = col >= 0 ? ctx->binding->col_name[col] : pd_field_name(f);
    rej->reason = pd_arena_strdup(a, reason);
    return 0;
}

/* Rows longer than the header lose nothing silently: non-empty surplus
 * cells reject the row. */
static bool
surplus_cells(const struct pd_row_ctx *ctx, const struct pd_record *rec)
{
    for (size_t i = ctx->binding->ncols; i < rec->nfields; i++)
        if (rec->fields[i].len)
            return true;
    return false;
}

enum time_rc { T_OK, T_NONE, T_BAD };

static enum time_rc
time_field(struct pd_row_ctx *ctx, const struct pd_record *rec,
           struct pd_arena *a, enum pd_field_id f, int64_t *out,
           const char **bad)
{
    size_t n;
    const char *s = field(ctx, rec, a, f, &n);

    if (!s)
        return T_NONE;
    switch (pd_parse_time(ctx->time, s, n, out)) {
    case PD_TIME_OK:
        return T_OK;
    case PD_TIME_EMPTY:
        return T_NONE;
    case PD_TIME_BAD:
        break;
    }
    *bad = s;
    return T_BAD;
}

static int
bad_time(struct pd_row_reject *rej, struct pd_row_ctx *ctx, struct pd_arena *a,
         enum pd_field_id f, const char *v)
{
    return reject(rej, ctx, a, f,
                  pd_arena_printf(a,
                                  "cannot parse '%s': \"%.80s\" is not a "
                                  "timestamp",
                                  pd_field_name(f), v));
}

/*
 * Plausible times are [2000-01-01, now + 2 days) (ctx->now 0: no upper
 * bound).  Older values are placeholders or units mistaken (seconds read
 * as ms, an epoch 0 written out as 1970-01-01) and 9999-12-31 is a "never"
 * sentinel; stored, they would stretch every trend and, for events, open
 * partitions for them.  The 1900-01-01 sentinel never gets here: it parses
 * as no value (parse_time.h).
 */
static bool
plausible_time(const struct pd_row_ctx *ctx, int64_t t)
{
    static const int64_t floor_us = INT64_C(946684800) * PD_US_PER_SEC;
    static const int64_t ahead_us = INT64_C(2) * 86400 * PD_US_PER_SEC;

    return t >= floor_us && (!ctx->now || t < ctx->now + ahead_us);
}

static int
implausible_time(struct pd_row_reject *rej, struct pd_row_ctx *ctx,
                 struct pd_arena *a, enum pd_field_id f, int64_t t)
{
    char iso[40];

    pd_time_format_iso(t, iso, sizeof(iso));
    return reject(rej, ctx, a, f,
                  pd_arena_printf(a,
                                  "'%s' out of range (before 2000 or more "
                                  "than 2 days ahead): %s",
                                  pd_field_name(f), iso));
}

static int
int_field(struct pd_row_ctx *ctx, const struct pd_record *rec,
          struct pd_arena *a, enum pd_field_id f, int64_t *out, bool *has,
          struct pd_row_reject *rej)
{
    size_t n;
    const char *s = field(ctx, rec, a, f, &n);
    int rc;

    *has = false;
    if (!s)
        return 1;
    rc = pd_parse_int64(s, n, out);
    if (rc == 0)
        *has = true;
    if (rc >= 0)
        return 1;
    return reject(rej, ctx, a, f,
                  pd_arena_printf(a,
                                  "cannot parse '%s': \"%.80s\" is not a "
                                  "whole number",
                                  pd_field_name(f), s));
}

/* Unknown columns, and mapped ones whose value had no canonical home. */
static void
collect_extra(struct pd_row_ctx *ctx, const struct pd_record *rec,
              struct pd_arena *a, struct pd_extra **extra, size_t *nextra)
{
    const struct pd_binding *b = ctx->binding;
    size_t cap = 0, n = 0;
    struct pd_extra *e = NULL;

    for (size_t i = 0; i < b->ncols && i < rec->nfields; i++) {
        size_t len;
        const char *v;
        /* An empty cell is none (cell() would say so): a JSON layout has
         * a column for every key the file has used and most are empty in
         * a given record, so the call is saved (issue 15: 0.6 % of an
         * Amplitude check's instructions). */
        if (b->col_field[i] != PD_F_NONE || rec->fields[i].len == 0)
            continue;
        v = cell(ctx, rec, a, i, &len);
        if (!v)
            continue;
        if (n == cap) {
            struct pd_extra *ne;
            cap = cap ? cap * 2 : 16;
            ne = pd_arena_alloc(a, cap * sizeof(*ne));
            if (n)
                memcpy(ne, e, n * sizeof(*ne));
            e = ne;
        }
        e[n].key = b->col_name[i];
        e[n].value = v;
        e[n].value_len = len;
        n++;
    }
    *extra = e;
    *nextra = n;
}

/* The vendor's requester domain is mapped, so collect_extra() passes over
 * it; where it says something the email's domain does not, it goes to
 * extra under its own column name rather than being lost.  (Equal, it
 * would repeat requester_domain in every row: 52 bytes a ticket on the
 * bench file, a tenth of the table.) */
static void
keep_other_domain(struct pd_row_ctx *ctx, const struct pd_record *rec,
                  struct pd_arena *a, struct pd_ticket *t)
{
    const struct pd_binding *b = ctx->binding;
    int col = b->field_col[PD_F_REQUESTER_DOMAIN];
    struct pd_extra *e;
    const char *v, *norm;
    size_t len;

    if (col < 0 || (size_t)col >= rec->nfields)
        return;
    v = cell(ctx, rec, a, (size_t)col, &len);
    if (!v)
        return;
    /* The common case, the column equal to the email's domain, without a
     * second normalization: that domain is already valid and lower-case
     * (pd_norm_email), so pd_norm_domain() would return it unchanged unless
     * it starts with "www.", which it strips. */
    if (t->requester_domain && strcmp(v, t->requester_domain) == 0 &&
        strncmp(v, "www.", 4) != 0)
        return;
    norm = pd_norm_domain(a, v, len);
    if (norm && t->requester_domain && strcmp(norm, t->requester_domain) == 0)
        return;
    e = pd_arena_alloc(a, (t->nextra + 1) * sizeof(*e));
    if (t->nextra)
        memcpy(e, t->extra, t->nextra * sizeof(*e));
    e[t->nextra].key = b->col_name[col];
    e[t->nextra].value = v;
    e[t->nextra].value_len = len;
    t->extra = e;
    t->nextra++;
}

/* Every tags column joined: Jira repeats "Labels" once per label. */
static size_t
tags_of(struct pd_row_ctx *ctx, const struct pd_record *rec, struct pd_arena *a,
        const char ***tags)
{
    const struct pd_binding *b = ctx->binding;
    const char *joined = NULL;
    size_t jlen = 0, n;
    bool truncated = false;

    *tags = NULL;
    for (size_t i = 0; i < b->ncols; i++) {
        const char *s;
        if (b->col_field[i] != PD_F_TAGS)
            continue;
        s = cell(ctx, rec, a, i, &n);
        if (!s)
            continue;
        if (!joined) {
            joined = s;
            jlen = n;
        } else {
            char *j = pd_arena_alloc(a, jlen + n + 2);
            memcpy(j, joined, jlen);
            j[jlen] = ' ';
            memcpy(j + jlen + 1, s, n);
            j[jlen + n + 1] = '\0';
            joined = j;
            jlen += n + 1;
        }
    }
    n = joined ? pd_norm_tags(a, joined, jlen, tags, &truncated) : 0;
    if (truncated)
        ctx->stats.tags_truncated++;
    return n;
}

static void
ticket_tags(struct pd_row_ctx *ctx, const struct pd_record *rec,
            struct pd_arena *a, struct pd_ticket *t)
{
    t->ntags = tags_of(ctx, rec, a, &t->tags);
}

/* A value that found no canonical home: counted, and named (issue 13). */
static void
unmapped(struct pd_row_ctx *ctx, size_t *count, enum pd_unmapped_column c,
         const char *s, size_t n)
{
    (*count)++;
    pd_unmapped_add(&ctx->stats.unmapped, c, s, n);
}

/* An enum column's value through its memo: the parsers are pure, and the
 * same few texts in every row made them 6 % of a bench ticket's transform
 * (callgrind).  Only the parse is saved; unmapped values are still counted
 * per row by the caller. */
enum enum_col { E_STATUS, E_PRIORITY, E_CHANNEL, E_SATISFACTION };

static int
parse_enum_col(struct pd_row_ctx *ctx, enum enum_col col, const char *s,
               size_t n)
{
    struct pd_row_enum_memo *m = &ctx->enum_memo[col];
    int v;

    if (n && m->len == n && memcmp(m->text, s, n) == 0)
        return m->value;
    switch (col) {
    case E_STATUS:
        v = (int)pd_parse_status(s, n);
        break;
    case E_PRIORITY:
        v = (int)pd_parse_priority(s, n);
        break;
    case E_CHANNEL:
        v = (int)pd_parse_channel(s, n);
        break;
    default:
        v = (int)pd_parse_satisfaction(s, n);
        break;
    }
    if (n && n < sizeof(m->text)) {
        memcpy(m->text, s, n);
        m->len = n;
        m->value = v;
    }
    return v;
}

static void
ticket_enums(struct pd_row_ctx *ctx, const struct pd_record *rec,
             struct pd_arena *a, struct pd_ticket *t)
{
    struct pd_row_stats *st = &ctx->stats;
    size_t n;
    const char *s;

    if ((s = field(ctx, rec, a, PD_F_STATUS, &n))) {
        enum pd_status v = (enum pd_status)parse_enum_col(ctx, E_STATUS, s, n);
        if (v == PD_STATUS_OTHER)
            unmapped(ctx, &st->status_other, PD_UNMAPPED_STATUS, s, n);
        t->status = pd_status_name(v);
    }
    if ((s = field(ctx, rec, a, PD_F_PRIORITY, &n))) {
        enum pd_priority v =
            (enum pd_priority)parse_enum_col(ctx, E_PRIORITY, s, n);
        if (v == PD_PRIORITY_OTHER)
            unmapped(ctx, &st->priority_other, PD_UNMAPPED_PRIORITY, s, n);
        t->priority = pd_priority_name(v);
    }
    if ((s = field(ctx, rec, a, PD_F_CHANNEL, &n))) {
        enum pd_channel v =
            (enum pd_channel)parse_enum_col(ctx, E_CHANNEL, s, n);
        if (v == PD_CHANNEL_OTHER)
            unmapped(ctx, &st->channel_other, PD_UNMAPPED_CHANNEL, s, n);
        t->channel = pd_channel_name(v);
    }
    if ((s = field(ctx, rec, a, PD_F_SATISFACTION, &n))) {
        enum pd_satisfaction v =
            (enum pd_satisfaction)parse_enum_col(ctx, E_SATISFACTION, s, n);
        if (v == PD_SAT_OTHER)
            unmapped(ctx, &st->satisfaction_other, PD_UNMAPPED_SATISFACTION, s,
                     n);
        t->satisfaction = v == PD_SAT_OTHER ? NULL : pd_satisfaction_name(v);
    }
}

/* Durations beyond ten years are no reply time: a mapping error. */
#define MAX_DURATION_US (INT64_C(10) * 366 * PD_US_PER_DAY)

/* "02:30:00" (Freshdesk) or a decimal number of hours. */
static bool
parse_hours(const char *s, size_t n, int64_t *us)
{
    int64_t part[3] = {0, 0, 0};
    double d;
    size_t parts = 0, i = 0;

    if (memchr(s, ':', n)) {
        while (parts < 3) {
            size_t start = i;
            /* At most 7 digits a part: no overflow, and 10^7 hours is
             * already beyond MAX_DURATION_US. */
            while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 7)
                part[parts] = part[parts] * 10 + (s[i++] - '0');
            if (i == start)
                return false;
            parts++;
            if (i == n)
                break;
            if (s[i++] != ':' || i == n)
                return false;
        }
        *us = ((part[0] * 60 + part[1]) * 60 + part[2]) * PD_US_PER_SEC;
        return i == n && parts >= 2 && *us <= MAX_DURATION_US;
    }
    if (pd_parse_double(s, n, &d) != 0 || !(d >= 0) ||
        d * 3600.0 * 1e6 > (double)MAX_DURATION_US)
        return false;
    *us = (int64_t)(d * 3600.0 * 1e6);
    return true;
}

static int
ticket_first_reply(struct pd_row_ctx *ctx, const struct pd_record *rec,
                   struct pd_arena *a, struct pd_ticket *t,
                   struct pd_row_reject *rej)
{
    const char *bad = NULL, *s;
    int64_t v;
    size_t n;

    switch (time_field(ctx, rec, a, PD_F_FIRST_REPLY_AT, &t->first_reply_at,
                       &bad)) {
    case T_OK:
        t->has_first_reply_at = true;
        return 1;
    case T_BAD:
        return bad_time(rej, ctx, a, PD_F_FIRST_REPLY_AT, bad);
    case T_NONE:
        break;
    }
    if ((s = field(ctx, rec, a, PD_F_FIRST_REPLY_MINUTES, &n))) {
        double minutes;
        if (pd_parse_double(s, n, &minutes) != 0 || !(minutes >= 0) ||
            minutes * 60e6 > (double)MAX_DURATION_US)
            return reject(rej, ctx, a, PD_F_FIRST_REPLY_MINUTES,
                          pd_arena_printf(a,
                                          "\"%.80s\" is not a number of "
                                          "minutes",
                                          s));
        t->first_reply_at = t->created_at + (int64_t)(minutes * 60e6);
        t->has_first_reply_at = true;
    } else if ((s = field(ctx, rec, a, PD_F_FIRST_REPLY_HOURS, &n))) {
        if (!parse_hours(s, n, &v))
            return reject(rej, ctx, a, PD_F_FIRST_REPLY_HOURS,
                          pd_arena_printf(a, "\"%.80s\" is not a duration", s));
        t->first_reply_at = t->created_at + v;
        t->has_first_reply_at = true;
    }
    return 1;
}

/* A vendor's duration column: minutes (Zendesk, business hours or not) or
 * hh:mm:ss / hours (Freshdesk's business first reply).  1 with *has set
 * when present, 0 with rej filled when bad. */
static int
business_field(struct pd_row_ctx *ctx, const struct pd_record *rec,
               struct pd_arena *a, enum pd_field_id f, int64_t *us, bool *has,
               struct pd_row_reject *rej)
{
    size_t n;
    const char *s = field(ctx, rec, a, f, &n);
    double minutes;

    if (!s)
        return 1;
    if (f == PD_F_FIRST_REPLY_BUSINESS_HOURS) {
        if (!parse_hours(s, n, us))
            return reject(rej, ctx, a, f,
                          pd_arena_printf(a, "\"%.80s\" is not a duration", s));
    } else if (pd_parse_double(s, n, &minutes) != 0 || !(minutes >= 0) ||
               minutes * 60e6 > (double)MAX_DURATION_US) {
        return reject(
            rej, ctx, a, f,
            pd_arena_printf(a, "\"%.80s\" is not a number of minutes", s));
    } else {
        *us = (int64_t)(minutes * 60e6);
    }
    *has = true;
    return 1;
}

/* SPEC §6 "Support operations": the vendor's business-hours durations,
 * and whether the export carries a first-reply column at all (an unknown
 * reply is no SLA breach).  Freshdesk writes "00:00:00" as the business
 * first response of a ticket nobody answered yet: a zero business
 * duration without a first reply time is no reply. */
static int
ticket_business(struct pd_row_ctx *ctx, const struct pd_record *rec,
                struct pd_arena *a, struct pd_ticket *t,
                struct pd_row_reject *rej)
{
    static const enum pd_field_id reply_fields[] = {
        PD_F_FIRST_REPLY_AT, PD_F_FIRST_REPLY_MINUTES, PD_F_FIRST_REPLY_HOURS,
        PD_F_FIRST_REPLY_BUSINESS_MINUTES, PD_F_FIRST_REPLY_BUSINESS_HOURS};
    enum pd_field_id reply = PD_F_FIRST_REPLY_BUSINESS_MINUTES;

    for (size_t i = 0; i < sizeof(reply_fields) / sizeof(reply_fields[0]); i++)
        t->first_reply_reported |=
            ctx->binding->field_col[reply_fields[i]] >= 0;
    if (ctx->binding->field_col[reply] < 0)
        reply = PD_F_FIRST_REPLY_BUSINESS_HOURS;
    if (!business_field(ctx, rec, a, reply, &t->first_reply_business,
                        &t->has_first_reply_business, rej) ||
        !business_field(ctx, rec, a, PD_F_RESOLUTION_BUSINESS_MINUTES,
                        &t->resolution_business, &t->has_resolution_business,
                        rej) ||
        !business_field(ctx, rec, a, PD_F_RESOLUTION_MINUTES, &t->resolution,
                        &t->has_resolution, rej))
        return 0;
    if (t->has_first_reply_business && t->first_reply_business == 0 &&
        !t->has_first_reply_at)
        t->has_first_reply_business = false;
    return 1;
}

/* Every time of a ticket in the plausible range, else a reject naming
 * the first one out of it (a solved_at read from closed_at is named
 * solved_at, a first reply computed from minutes first_reply_at). */
static int
plausible_ticket(struct pd_row_ctx *ctx, struct pd_arena *a,
                 const struct pd_ticket *t, struct pd_row_reject *rej)
{
    if (!plausible_time(ctx, t->created_at))
        return implausible_time(rej, ctx, a, PD_F_CREATED_AT, t->created_at);
    if (t->has_solved_at && !plausible_time(ctx, t->solved_at))
        return implausible_time(rej, ctx, a, PD_F_SOLVED_AT, t->solved_at);
    if (t->has_first_reply_at && !plausible_time(ctx, t->first_reply_at))
        return implausible_time(rej, ctx, a, PD_F_FIRST_REPLY_AT,
                                t->first_reply_at);
    /* Last: without its own column it is the latest of the others. */
    if (!plausible_time(ctx, t->updated_at))
        return implausible_time(rej, ctx, a, PD_F_UPDATED_AT, t->updated_at);
    return 1;
}

/* created (required), solved/closed, updated (falls back to the latest
 * known time of the row when the export has none). */
static int
ticket_times(struct pd_row_ctx *ctx, const struct pd_record *rec,
             struct pd_arena *a, struct pd_ticket *t, struct pd_row_reject *rej)
{
    const char *bad = NULL;
    int64_t closed = 0, latest;
    enum time_rc rc;

    rc = time_field(ctx, rec, a, PD_F_CREATED_AT, &t->created_at, &bad);
    if (rc == T_BAD)
        return bad_time(rej, ctx, a, PD_F_CREATED_AT, bad);
    if (rc == T_NONE)
        return reject(rej, ctx, a, PD_F_CREATED_AT,
                      "missing required value 'created_at'");
    rc = time_field(ctx, rec, a, PD_F_SOLVED_AT, &t->solved_at, &bad);
    if (rc == T_BAD)
        return bad_time(rej, ctx, a, PD_F_SOLVED_AT, bad);
    t->has_solved_at = rc == T_OK;
    rc = time_field(ctx, rec, a, PD_F_CLOSED_AT, &closed, &bad);
    if (rc == T_BAD)
        return bad_time(rej, ctx, a, PD_F_CLOSED_AT, bad);
    if (rc == T_OK && !t->has_solved_at) {
        t->solved_at = closed;
        t->has_solved_at = true;
    }
    if (!ticket_first_reply(ctx, rec, a, t, rej))
        return 0;
    latest = t->created_at;
    if (t->has_solved_at && t->solved_at > latest)
        latest = t->solved_at;
    if (rc == T_OK && closed > latest)
        latest = closed;
    if (t->has_first_reply_at && t->first_reply_at > latest)
        latest = t->first_reply_at;
    rc = time_field(ctx, rec, a, PD_F_UPDATED_AT, &t->updated_at, &bad);
    if (rc == T_BAD)
        return bad_time(rej, ctx, a, PD_F_UPDATED_AT, bad);
    if (rc == T_NONE)
        t->updated_at = latest;
    return plausible_ticket(ctx, a, t, rej);
}

static void
ticket_people(struct pd_row_ctx *ctx, const struct pd_record *rec,
              struct pd_arena *a, struct pd_ticket *t)
{
    size_t n;
    const char *s = field(ctx, rec, a, PD_F_REQUESTER_EMAIL, &n);

    if (s)
        t->requester_email = pd_norm_email(a, s, n, &t->requester_domain);
    /* SPEC §3: the domain is the email's; the vendor's own column (Zendesk
     * "Requester domain") stands in when the export hides the email, so
     * the account still resolves by domain. */
    if (!t->requester_domain &&
        (s = field(ctx, rec, a, PD_F_REQUESTER_DOMAIN, &n)))
        t->requester_domain = pd_norm_domain(a, s, n);
    t->account_ref = field(ctx, rec, a, PD_F_ACCOUNT_REF, NULL);
    t->organization = field(ctx, rec, a, PD_F_ORGANIZATION, NULL);
    t->assignee = field(ctx, rec, a, PD_F_ASSIGNEE, NULL);
    t->group_name = field(ctx, rec, a, PD_F_GROUP_NAME, NULL);
    t->product_area = field(ctx, rec, a, PD_F_PRODUCT_AREA, NULL);
    if ((s = field(ctx, rec, a, PD_F_SUBJECT, &n)))
        t->subject = pd_norm_text(a, s, n);
}

/* SPEC §8: themes of the texts given, into an arena array. */
static size_t
themes_of(struct pd_row_ctx *ctx, struct pd_arena *a, const char *const *texts,
          size_t ntexts, const char ***out)
{
    const char *names[PD_THEMES_PER_TEXT];
    size_t n = 0;

    *out = NULL;
    if (!ctx->themes)
        return 0;
    for (size_t i = 0; i < ntexts; i++)
        if (texts[i])
            pd_themes_of(ctx->themes, texts[i], strlen(texts[i]), names, &n);
    if (n) {
        *out = pd_arena_alloc(a, n * sizeof(**out));
        memcpy(*out, names, n * sizeof(**out));
    }
    return n;
}

/* A ticket's themes come from its subject and its tags, the tags matched
 * as one space-joined text: one pcre2 call per rule instead of one per tag
 * (themes are a third of the transform time otherwise). */
static void
ticket_themes(struct pd_row_ctx *ctx, struct pd_arena *a, struct pd_ticket *t)
{
    const char *texts[2] = {t->subject, NULL};
    size_t len = 0;

    if (!ctx->themes)
        return;
    for (size_t i = 0; i < t->ntags; i++)
        len += strlen(t->tags[i]) + 1;
    if (len) {
        char *joined = pd_arena_alloc(a, len), *p = joined;
        for (size_t i = 0; i < t->ntags; i++) {
            size_t n = strlen(t->tags[i]);
            memcpy(p, t->tags[i], n);
            p[n] = i + 1 < t->ntags ? ' ' : '\0';
            p += n + 1;
        }
        texts[1] = joined;
    }
    t->nthemes = themes_of(ctx, a, texts, 2, &t->themes);
}

/* Checks of the record as a whole, before any field: 1 go on, 0 rejected. */
static int
record_ok(const struct pd_row_ctx *ctx, const struct pd_record *rec,
          struct pd_arena *a, struct pd_row_reject *rej)
{
    memset(rej, 0, sizeof(*rej));
    if (rec->reject) {
        rej->reason = rec->reject;
        return 0;
    }
    if (surplus_cells(ctx, rec)) {
        rej->reason = pd_arena_printf(a, "row has %zu fields, the header %zu",
                                      rec->nfields, ctx->binding->ncols);
        return 0;
    }
    return 1;
}

int
pd_row_ticket(struct pd_row_ctx *ctx, const struct pd_record *rec,
              struct pd_arena *a, struct pd_ticket *t,
              struct pd_row_reject *rej)
{
    memset(t, 0, sizeof(*t));
    if (!record_ok(ctx, rec, a, rej))
        return 0;
    t->external_id = field(ctx, rec, a, PD_F_EXTERNAL_ID, NULL);
    if (!t->external_id)
        return reject(rej, ctx, a, PD_F_EXTERNAL_ID,
                      "missing required value 'external_id'");
    if (!ticket_times(ctx, rec, a, t, rej) ||
        !ticket_business(ctx, rec, a, t, rej))
        return 0;
    if (!int_field(ctx, rec, a, PD_F_REOPENS, &t->reopens, &t->has_reopens,
                   rej) ||
        !int_field(ctx, rec, a, PD_F_REPLIES, &t->replies, &t->has_replies,
                   rej))
        return 0;
    ticket_people(ctx, rec, a, t);
    t->requester_name = field(ctx, rec, a, PD_F_REQUESTER_NAME, NULL);
    t->ticket_type = field(ctx, rec, a, PD_F_TICKET_TYPE, NULL);
    ticket_enums(ctx, rec, a, t);
    ticket_tags(ctx, rec, a, t);
    ticket_themes(ctx, a, t);
    collect_extra(ctx, rec, a, &t->extra, &t->nextra);
    keep_other_domain(ctx, rec, a, t);
    return 1;
}

int
pd_row_account(struct pd_row_ctx *ctx, const struct pd_record *rec,
               struct pd_arena *a, struct pd_account *acc,
               struct pd_row_reject *rej)
{
    size_t n;
    const char *s;

    memset(acc, 0, sizeof(*acc));
    if (!record_ok(ctx, rec, a, rej))
        return 0;
    acc->account_id = field(ctx, rec, a, PD_F_ACCOUNT_ID, NULL);
    if (!acc->account_id)
        return reject(rej, ctx, a, PD_F_ACCOUNT_ID,
                      "missing required value 'account_id'");
    acc->name = field(ctx, rec, a, PD_F_NAME, NULL);
    if ((s = field(ctx, rec, a, PD_F_DOMAIN, &n)))
        acc->domain = pd_norm_domain(a, s, n);
    acc->plan = field(ctx, rec, a, PD_F_PLAN, NULL);
    acc->segment = field(ctx, rec, a, PD_F_SEGMENT, NULL);
    acc->region = field(ctx, rec, a, PD_F_REGION, NULL);
    acc->owner = field(ctx, rec, a, PD_F_OWNER, NULL);
    if ((s = field(ctx, rec, a, PD_F_ARR, &n))) {
        double arr;
        /* "$1,200,000" is common in CRM exports. */
        if (*s == '$') {
            s++;
            n--;
        }
        /* Bounded: "1e300" is no revenue, and would print 300 digits. */
        if (pd_parse_double(s, n, &arr) != 0 || !(arr > -1e15 && arr < 1e15))
            return reject(rej, ctx, a, PD_F_ARR,
                          pd_arena_printf(a,
                                          "cannot parse 'arr': \"%.80s\" "
                                          "is not a number",
                                          s));
        acc->arr = pd_arena_printf(a, "%.2f", arr);
    }
    collect_extra(ctx, rec, a, &acc->extra, &acc->nextra);
    return 1;
}

/* SPEC §4: a response without an id is keyed by (lower(email),
 * responded_at, score).  128 bits of SHA-256 keep the key short and
 * collision-free in practice. */
static const char *
hash_key(struct pd_arena *a, const char *text, size_t len)
{
    struct pd_sha256 c;
    unsigned char digest[32];
    char hex[65];

    pd_sha256_init(&c);
    pd_sha256_update(&c, text, len);
    pd_sha256_final(&c, digest);
    pd_sha256_hex(digest, hex);
    return pd_arena_printf(a, "h:%.32s", hex);
}

static const char *
derived_nps_key(struct pd_arena *a, const struct pd_nps *r,
                const char *respondent, bool timeless)
{
    char *key;

    /* Without a real response time (--as-of), one person's two answers
     * with the same score differ only by their comment. */
    if (timeless && (r->respondent_email || respondent))
        key = pd_arena_printf(a, "%s|%s|%d|%s",
                              r->respondent_email ? r->respondent_email : "",
                              respondent ? respondent : "", r->score,
                              r->comment ? r->comment : "");
    else if (r->respondent_email)
        key = pd_arena_printf(a, "%s|%lld|%d", r->respondent_email,
                              (long long)r->responded_at, r->score);
    else if (respondent)
        key = pd_arena_printf(a, "id:%s|%lld|%d", respondent,
                              (long long)r->responded_at, r->score);
    else
        key = pd_arena_printf(a, "|%lld|%d|%s", (long long)r->responded_at,
                              r->score, r->comment ? r->comment : "");
    return hash_key(a, key, strlen(key));
}

static int
nps_score(struct pd_row_ctx *ctx, const struct pd_record *rec,
          struct pd_arena *a, struct pd_nps *r, struct pd_row_reject *rej)
{
    size_t n;
    const char *s = field(ctx, rec, a, PD_F_SCORE, &n);

    if (!s) {
        rej->expected = true; /* a partial response: the question unanswered */
        return reject(rej, ctx, a, PD_F_SCORE,
                      "no answer to the NPS question (blank score)");
    }
    if (ctx->binding->profile->followup_rows &&
        pd_parse_nps_score(s, n, &r->score) != 0 &&
        pd_parse_double(s, n, &(double){0}) != 0) {
        rej->expected = true;
        return reject(rej, ctx, a, PD_F_SCORE,
                      "a poll's follow-up text, not a score");
    }
    if (pd_parse_nps_score(s, n, &r->score) != 0)
        return reject(rej, ctx, a, PD_F_SCORE,
                      pd_arena_printf(a,
                                      "\"%.80s\" is not an NPS score "
                                      "(an integer 0-10)",
                                      s));
    return 1;
}

static int
nps_times(struct pd_row_ctx *ctx, const struct pd_record *rec,
          struct pd_arena *a, struct pd_nps *r, struct pd_row_reject *rej,
          bool *timeless)
{
    const char *bad = NULL;
    enum time_rc rc;

    rc = time_field(ctx, rec, a, PD_F_RESPONDED_AT, &r->responded_at, &bad);
    if (rc == T_BAD)
        return bad_time(rej, ctx, a, PD_F_RESPONDED_AT, bad);
    if (rc == T_NONE && ctx->has_as_of) {
        r->responded_at = ctx->as_of;
        *timeless = true;
    } else if (rc == T_NONE) {
        return reject(rej, ctx, a, PD_F_RESPONDED_AT,
                      "missing required value 'responded_at'");
    } else if (!plausible_time(ctx, r->responded_at)) {
        /* The same range as tickets and events: a survey answered in 1970
         * or 9999 is a placeholder; --as-of dates are the user's own. */
        return implausible_time(rej, ctx, a, PD_F_RESPONDED_AT,
                                r->responded_at);
    }
    rc = time_field(ctx, rec, a, PD_F_UPDATED_AT, &r->updated_at, &bad);
    if (rc == T_BAD)
        return bad_time(rej, ctx, a, PD_F_UPDATED_AT, bad);
    if (rc == T_NONE || r->updated_at < r->responded_at)
        r->updated_at = r->responded_at;
    return 1;
}

int
pd_row_nps(struct pd_row_ctx *ctx, const struct pd_record *rec,
           struct pd_arena *a, struct pd_nps *r, struct pd_row_reject *rej)
{
    size_t n;
    const char *s;
    bool timeless = false;

    memset(r, 0, sizeof(*r));
    if (!record_ok(ctx, rec, a, rej) || !nps_score(ctx, rec, a, r, rej) ||
        !nps_times(ctx, rec, a, r, rej, &timeless))
        return 0;
    if ((s = field(ctx, rec, a, PD_F_RESPONDENT_EMAIL, &n)))
        r->respondent_email = pd_norm_email(a, s, n, &r->respondent_domain);
    r->account_ref = field(ctx, rec, a, PD_F_ACCOUNT_REF, NULL);
    r->organization = field(ctx, rec, a, PD_F_ORGANIZATION, NULL);
    r->comment = field(ctx, rec, a, PD_F_COMMENT, NULL);
    r->survey = field(ctx, rec, a, PD_F_SURVEY, NULL);
    r->nthemes = themes_of(ctx, a, &r->comment, 1, &r->themes);
    r->external_id = field(ctx, rec, a, PD_F_EXTERNAL_ID, NULL);
    if (!r->external_id)
        r->external_id = derived_nps_key(
            a, r, field(ctx, rec, a, PD_F_RESPONDENT_ID, NULL), timeless);
    collect_extra(ctx, rec, a, &r->extra, &r->nextra);
    return 1;
}

/* ---- usage ------------------------------------------------------------ */

static int
cmp_extra_key(const void *x, const void *y)
{
    return strcmp(((const struct pd_extra *)x)->key,
                  ((const struct pd_extra *)y)->key);
}

/* SPEC §4: no insert id: hash who, what, when and the properties in key
 * order (their column order is the order keys were first seen, which
 * differs between files). */
static const char *
derived_event_key(struct pd_arena *a, const struct pd_event *e, bool aggregated)
{
    struct pd_buf b = PD_BUF_INIT;
    const char *key;

    pd_buf_addf(&b, "%s\037%s\037%s\037%lld", e->user_id ? e->user_id : "",
                e->device_id ? e->device_id : "", e->event_name,
                (long long)e->event_time);
    if (!aggregated && e->nextra) {
        struct pd_extra *sorted =
            pd_arena_alloc(a, e->nextra * sizeof(*sorted));
        memcpy(sorted, e->extra, e->nextra * sizeof(*sorted));
        qsort(sorted, e->nextra, sizeof(*sorted), cmp_extra_key);
        for (size_t i = 0; i < e->nextra; i++) {
            pd_buf_addf(&b, "\036%s\037", sorted[i].key);
            pd_buf_add(&b, sorted[i].value, sorted[i].value_len);
        }
    }
    key = hash_key(a, b.buf, b.len);
    pd_buf_release(&b);
    return key;
}

/* Segment calls that are not usage: who someone is, not what they did. */
static bool
not_an_event(const char *type)
{
    return strcmp(type, "identify") == 0 || strcmp(type, "group") == 0 ||
           strcmp(type, "alias") == 0;
}

static int
event_name(struct pd_row_ctx *ctx, const struct pd_record *rec,
           struct pd_arena *a, struct pd_event *e, struct pd_row_reject *rej)
{
    const char *type = field(ctx, rec, a, PD_F_EVENT_TYPE, NULL);

    if (type && not_an_event(type)) {
        rej->expected = true;
        return reject(rej, ctx, a, PD_F_EVENT_TYPE,
                      pd_arena_printf(a,
                                      "a Segment %s call is not a usage "
                                      "event",
                                      type));
    }
    e->event_name = field(ctx, rec, a, PD_F_EVENT_NAME, NULL);
    /* Segment page and screen calls have no event name: the call is it. */
    if (!e->event_name && type)
        e->event_name = type;
    /* A mapped exposure export: each row is an exposure (SPEC §9). */
    if (!e->event_name && ctx->binding->field_col[PD_F_EXPERIMENT] >= 0)
        e->event_name = "$exposure";
    if (!e->event_name)
        return reject(rej, ctx, a, PD_F_EVENT_NAME,
                      "missing required value 'event_name'");
    return 1;
}

static int
event_time(struct pd_row_ctx *ctx, const struct pd_record *rec,
           struct pd_arena *a, struct pd_event *e, struct pd_row_reject *rej)
{
    const char *bad = NULL;
    enum time_rc rc =
        time_field(ctx, rec, a, PD_F_EVENT_TIME, &e->event_time, &bad);

    if (rc == T_BAD)
        return bad_time(rej, ctx, a, PD_F_EVENT_TIME, bad);
    if (rc == T_NONE)
        return reject(rej, ctx, a, PD_F_EVENT_TIME,
                      "missing required value 'event_time'");
    if (!plausible_time(ctx, e->event_time))
        return reject(rej, ctx, a, PD_F_EVENT_TIME,
                      "event time out of range (before 2000 or more than "
                      "2 days ahead)");
    return 1;
}

static int
event_count(struct pd_row_ctx *ctx, const struct pd_record *rec,
            struct pd_arena *a, struct pd_event *e, struct pd_row_reject *rej)
{
    bool has;

    if (!int_field(ctx, rec, a, PD_F_EVENT_COUNT, &e->count, &has, rej))
        return 0;
    if (!has)
        e->count = 1;
    else if (e->count < 0)
        return reject(rej, ctx, a, PD_F_EVENT_COUNT, "negative event count");
    return 1;
}

/* Amplitude's groups hold arrays (["ACC-1"]): the first id is the
 * account.  Plain text is returned as it is. */
static const char *
first_of_array(struct pd_arena *a, const char *s)
{
    const char *end;

    if (s[0] != '[')
        return s;
    s++;
    while (*s == ' ')
        s++;
    if (*s != '"')
        return NULL;
    s++;
    end = strchr(s, '"');
    return end && end > s ? pd_arena_strndup(a, s, (size_t)(end - s)) : NULL;
}

/* SPEC §9: the exposure events, whose properties (experiment, variant)
 * are always kept. */
static const char *const exposure_events[] = {
    "$exposure", "[Experiment] Exposure", "$experiment_started",
    "$feature_flag_called", "Experiment Viewed"};

bool
pd_row_is_exposure(const char *name)
{
    for (size_t i = 0; i < sizeof(exposure_events) / sizeof(*exposure_events);
         i++)
        if (strcmp(name, exposure_events[i]) == 0)
            return true;
    return false;
}

static bool
keep_property(const struct pd_row_ctx *ctx, const char *key)
{
    const char *last;

    /* Usually none are configured: then no strrchr() per property (issue
     * 15: ~27 an Amplitude event, 0.8 % of a check's instructions). */
    if (ctx->nkeep_properties == 0)
        return false;
    last = strrchr(key, '.');
    for (size_t i = 0; i < ctx->nkeep_properties; i++) {
        const char *k = ctx->keep_properties[i];
        if (strcmp(key, k) == 0 || (last && strcmp(last + 1, k) == 0))
            return true;
    }
    return false;
}

/* Issue 15, the lean event row: no report reads the ~566 bytes of
 * properties an event carries, so only exposure events and configured
 * keys keep any.  Done after the key is derived: a key without an insert
 * id hashes every property (SPEC §4). */
static void
keep_properties(const struct pd_row_ctx *ctx, struct pd_event *e)
{
    size_t n = 0;

    if (pd_row_is_exposure(e->event_name))
        return;
    for (size_t i = 0; i < e->nextra; i++)
        if (keep_property(ctx, e->extra[i].key))
            e->extra[n++] = e->extra[i];
    e->nextra = n;
}

/* A mapped exposure export's experiment and variant columns become the
 * properties an Amplitude $exposure carries (flag_key, variant), which
 * load/sql/017_exposures.sql reads; a missing one is left out, and the
 * load counts the exposure as unassignable.  Before the key is derived:
 * two experiments' exposures of one user at one time are two events. */
static void
exposure_properties(struct pd_row_ctx *ctx, const struct pd_record *rec,
                    struct pd_arena *a, struct pd_event *e)
{
    const char *x, *v;
    struct pd_extra *ne;
    size_t n = e->nextra;

    if (ctx->binding->field_col[PD_F_EXPERIMENT] < 0)
        return;
    x = field(ctx, rec, a, PD_F_EXPERIMENT, NULL);
    v = field(ctx, rec, a, PD_F_VARIANT, NULL);
    ne = pd_arena_alloc(a, (n + 2) * sizeof(*ne));
    if (n)
        memcpy(ne, e->extra, n * sizeof(*ne));
    if (x)
        ne[n++] = (struct pd_extra){"flag_key", x, strlen(x)};
    if (v)
        ne[n++] = (struct pd_extra){"variant", v, strlen(v)};
    e->extra = ne;
    e->nextra = n;
}

int
pd_row_event(struct pd_row_ctx *ctx, const struct pd_record *rec,
             struct pd_arena *a, struct pd_event *e, struct pd_row_reject *rej)
{
    size_t n;
    const char *s;

    memset(e, 0, sizeof(*e));
    if (!record_ok(ctx, rec, a, rej) || !event_name(ctx, rec, a, e, rej) ||
        !event_time(ctx, rec, a, e, rej) || !event_count(ctx, rec, a, e, rej))
        return 0;
    e->user_id = field(ctx, rec, a, PD_F_USER_ID, NULL);
    e->device_id = field(ctx, rec, a, PD_F_DEVICE_ID, NULL);
    if (!e->user_id && !e->device_id)
        return reject(rej, ctx, a, PD_F_USER_ID,
                      "no user id and no device id: nobody to count");
    if ((s = field(ctx, rec, a, PD_F_ACCOUNT_REF, NULL)))
        e->account_ref = first_of_array(a, s);
    /* SPEC §3: the account comes from a group property, else an email in
     * an email property or in user_id. */
    if ((s = field(ctx, rec, a, PD_F_USER_EMAIL, &n)) && memchr(s, '@', n))
        e->email = pd_norm_email(a, s, n, &e->domain);
    else if (e->user_id && strchr(e->user_id, '@'))
        e->email = pd_norm_email(a, e->user_id, strlen(e->user_id), &e->domain);
    collect_extra(ctx, rec, a, &e->extra, &e->nextra);
    exposure_properties(ctx, rec, a, e);
    e->event_key = field(ctx, rec, a, PD_F_EVENT_KEY, NULL);
    if (!e->event_key)
        e->event_key = field(ctx, rec, a, PD_F_EVENT_UUID, NULL);
    if (!e->event_key)
        e->event_key = derived_event_key(
            a, e, ctx->binding->field_col[PD_F_EVENT_COUNT] >= 0);
    keep_properties(ctx, e);
    return 1;
}

/* ---- releases (issue 17) ---------------------------------------------- */

/* A launch's event names: a list in one cell, split on ';', '|' or ','
 * (event names have spaces, "Export Started", but none of these), each
 * trimmed, empty items dropped. */
static void
release_events(struct pd_arena *a, const char *s, struct pd_release *r)
{
    size_t cap = 1;

    for (const char *p = s; *p; p++)
        cap += *p == ';' || *p == '|' || *p == ',';
    r->events = pd_arena_alloc(a, cap * sizeof(*r->events));
    while (*s) {
        size_t n = strcspn(s, ";|,");
        const char *item = s;
        size_t len = n;
        pd_trim(&item, &len);
        if (len)
            r->events[r->nevents++] = pd_arena_strndup(a, item, len);
        s += n + (s[n] != '\0');
    }
}

/* The release date as the local date of the source's zone: a date-only
 * cell is midnight there, so it comes back as itself; a time of day is
 * dropped.  Any year of 2000-9999: a release may be planned ahead. */
static int
release_date(struct pd_row_ctx *ctx, const struct pd_record *rec,
             struct pd_arena *a, struct pd_release *r,
             struct pd_row_reject *rej)
{
    static const int64_t floor_us = INT64_C(946684800) * PD_US_PER_SEC;
    const char *bad = NULL;
    int64_t t, local, days, y;
    unsigned m, d;

    switch (time_field(ctx, rec, a, PD_F_RELEASE_DATE, &t, &bad)) {
    case T_NONE:
        return reject(rej, ctx, a, PD_F_RELEASE_DATE,
                      "missing required value 'release_date'");
    case T_BAD:
        return bad_time(rej, ctx, a, PD_F_RELEASE_DATE, bad);
    case T_OK:
        break;
    }
    if (t < floor_us)
        return implausible_time(rej, ctx, a, PD_F_RELEASE_DATE, t);
    local = pd_tz_to_local(ctx->time->tz, t);
    days = local / PD_US_PER_DAY - (local % PD_US_PER_DAY < 0);
    pd_civil_from_days(days, &y, &m, &d);
    r->released_on = pd_arena_printf(a, "%04lld-%02u-%02u", (long long)y, m, d);
    return 1;
}

int
pd_row_release(struct pd_row_ctx *ctx, const struct pd_record *rec,
               struct pd_arena *a, struct pd_release *r,
               struct pd_row_reject *rej)
{
    const char *s;

    memset(r, 0, sizeof(*r));
    if (!record_ok(ctx, rec, a, rej))
        return 0;
    r->name = field(ctx, rec, a, PD_F_NAME, NULL);
    if (!r->name)
        return reject(rej, ctx, a, PD_F_NAME, "missing required value 'name'");
    if (!release_date(ctx, rec, a, r, rej))
        return 0;
    r->product_area = field(ctx, rec, a, PD_F_PRODUCT_AREA, NULL);
    if ((s = field(ctx, rec, a, PD_F_EVENT_NAMES, NULL)))
        release_events(a, s, r);
    r->flag = field(ctx, rec, a, PD_F_FLAG, NULL);
    r->link = field(ctx, rec, a, PD_F_LINK, NULL);
    r->pattern = field(ctx, rec, a, PD_F_PATTERN, NULL);
    r->description = field(ctx, rec, a, PD_F_DESCRIPTION, NULL);
    collect_extra(ctx, rec, a, &r->extra, &r->nextra);
    return 1;
}

/* ---- feature requests (issue 17) ---------------------------------------- */

static int
request_times(struct pd_row_ctx *ctx, const struct pd_record *rec,
              struct pd_arena *a, struct pd_request *r,
              struct pd_row_reject *rej)
{
    const char *bad = NULL;
    enum time_rc rc;

    rc = time_field(ctx, rec, a, PD_F_CREATED_AT, &r->created_at, &bad);
    if (rc == T_BAD)
        return bad_time(rej, ctx, a, PD_F_CREATED_AT, bad);
    if (rc == T_NONE)
        return reject(rej, ctx, a, PD_F_CREATED_AT,
                      "missing required value 'created_at'");
    if (!plausible_time(ctx, r->created_at))
        return implausible_time(rej, ctx, a, PD_F_CREATED_AT, r->created_at);
    rc = time_field(ctx, rec, a, PD_F_UPDATED_AT, &r->updated_at, &bad);
    if (rc == T_BAD)
        return bad_time(rej, ctx, a, PD_F_UPDATED_AT, bad);
    /* SPEC §4: the newest version wins; without an update time (a Fider
     * post never answered) the post is as new as it was created. */
    if (rc == T_NONE || r->updated_at < r->created_at)
        r->updated_at = r->created_at;
    return 1;
}

static int
request_votes(struct pd_row_ctx *ctx, const struct pd_record *rec,
              struct pd_arena *a, struct pd_request *r,
              struct pd_row_reject *rej)
{
    if (!int_field(ctx, rec, a, PD_F_VOTES, &r->votes, &r->has_votes, rej))
        return 0;
    if (r->has_votes && r->votes < 0)
        return reject(rej, ctx, a, PD_F_VOTES, "negative vote count");
    return 1;
}

static void
request_status(struct pd_row_ctx *ctx, const struct pd_record *rec,
               struct pd_arena *a, struct pd_request *r)
{
    size_t n;
    const char *s = field(ctx, rec, a, PD_F_STATUS, &n);
    enum pd_request_status v;

    if (!s)
        return;
    r->status_raw = s;
    v = pd_parse_request_status(s, n);
    if (v == PD_REQ_OTHER)
        unmapped(ctx, &ctx->stats.status_other, PD_UNMAPPED_STATUS, s, n);
    r->status = pd_request_status_name(v);
}

int
pd_row_request(struct pd_row_ctx *ctx, const struct pd_record *rec,
               struct pd_arena *a, struct pd_request *r,
               struct pd_row_reject *rej)
{
    size_t n;
    const char *s;

    memset(r, 0, sizeof(*r));
    if (!record_ok(ctx, rec, a, rej))
        return 0;
    r->external_id = field(ctx, rec, a, PD_F_EXTERNAL_ID, NULL);
    if (!r->external_id)
        return reject(rej, ctx, a, PD_F_EXTERNAL_ID,
                      "missing required value 'external_id'");
    if (!request_times(ctx, rec, a, r, rej) ||
        !request_votes(ctx, rec, a, r, rej))
        return 0;
    if ((s = field(ctx, rec, a, PD_F_TITLE, &n)))
        r->title = pd_norm_text(a, s, n);
    r->description = field(ctx, rec, a, PD_F_DESCRIPTION, NULL);
    /* A Productboard note may have no title: its text names it, cut at
     * a character boundary. */
    if (!r->title && r->description) {
        n = strnlen(r->description, 120);
        while (n > 0 && n < strlen(r->description) &&
               ((unsigned char)r->description[n] & 0xC0) == 0x80)
            n--;
        r->title = pd_norm_text(a, r->description, n);
    }
    if (!r->title)
        return reject(rej, ctx, a, PD_F_TITLE,
                      "missing required value 'title' (no title and no "
                      "description)");
    request_status(ctx, rec, a, r);
    r->author = field(ctx, rec, a, PD_F_AUTHOR, NULL);
    if ((s = field(ctx, rec, a, PD_F_AUTHOR_EMAIL, &n)) && memchr(s, '@', n))
        r->author_email = pd_norm_email(a, s, n, &r->author_domain);
    r->account_ref = field(ctx, rec, a, PD_F_ACCOUNT_REF, NULL);
    r->organization = field(ctx, rec, a, PD_F_ORGANIZATION, NULL);
    r->merged_into = field(ctx, rec, a, PD_F_MERGED_INTO, NULL);
    r->ntags = tags_of(ctx, rec, a, &r->tags);
    collect_extra(ctx, rec, a, &r->extra, &r->nextra);
    return 1;
}
