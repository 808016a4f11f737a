/*
 * row - record + bound profile to a canonical row or a reject: the
 * transform stage's entry point.
 *
 * Applies SPEC §3 field by field: trimming, null sentinels (NA, N/A, null;
 * "-" in "[list]" custom fields), timestamps in the source zone, enum maps
 * (unmapped values become "other" and are counted in stats, value by
 * value), emails and
 * domains, tags, numbers; unknown columns go to extra.  Text that is not
 * valid UTF-8 is repaired byte-wise as Windows-1252 (counted).
 *
 * Ownership: the row's pointers are borrowed from the record or allocated
 * in the arena passed in; both must outlive the row's use.  The context
 * borrows the binding and the time context.
 * Errors: a bad row is not an error: 0 is returned and *rej says which
 * column and why (SPEC §5: unparseable required timestamp, missing key,
 * unparseable number or time in a mapped column, too many fields).
 * Limits: about 1 µs per row is the budget (LIMITS.md): no regex, and no
 * malloc on the clean path (only repairing invalid UTF-8 allocates).
 */
#ifndef PD_ROW_H
#define PD_ROW_H

#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"
#include "extract/record.h"
#include "transform/model.h"
#include "transform/parse_time.h"
#include "transform/profile.h"
#include "transform/themes.h"
#include "transform/unmapped.h"

struct pd_row_stats {
    size_t status_other;
    size_t priority_other;
    size_t channel_other;
    size_t satisfaction_other;
    size_t tags_truncated;
    size_t text_repaired;
    /* The values behind the four *_other counts (issue 13). */
    struct pd_unmapped unmapped;
};

struct pd_row_ctx {
    const struct pd_binding *binding;
    struct pd_time_ctx *time;
    struct pd_row_stats stats;
    /* NPS exports without a response time (--as-of): their date. */
    int64_t as_of;
    bool has_as_of;
    /* Plausible times (ticket, NPS and event times) are [2000-01-01,
     * now + 2 days); 0: no upper bound.  Rows outside are rejects. */
    int64_t now;
    /* Theme rules for ticket subjects and tags and NPS comments (SPEC §8);
     * NULL: no themes. */
    struct pd_themes *themes;
    /* Event properties kept besides those of exposure events (issue 15:
     * [source] keep_properties): a name keeps a property whose key is the
     * name or ends in "." + name ("plan" keeps properties.plan).  Borrowed;
     * none: only exposure events keep properties. */
    const char *const *keep_properties;
    size_t nkeep_properties;
    /* The last text of each ticket enum column (status, priority, channel,
     * satisfaction) and what it parsed to: exports repeat a handful of
     * values.  Zeroed with the context; row.c's to keep. */
    struct pd_row_enum_memo {
        char text[24];
        size_t len; /* 0: empty */
        int value;
    } enum_memo[4];
};

struct pd_row_reject {
    const char *column; /* header name, or NULL for the whole row */
    const char *reason; /* arena text */
    /* Expected in good data (an unanswered NPS question in a partial
     * survey response): still a reject, but no sign of a mapping problem,
     * so it does not count toward max_reject_ratio. */
    bool expected;
};

/* 1: *out filled; 0: rejected, *rej filled. */
int pd_row_ticket(struct pd_row_ctx *ctx, const struct pd_record *rec,
                  struct pd_arena *a, struct pd_ticket *out,
                  struct pd_row_reject *rej);
int pd_row_account(struct pd_row_ctx *ctx, const struct pd_record *rec,
                   struct pd_arena *a, struct pd_account *out,
                   struct pd_row_reject *rej);
/* NPS (SPEC §3): score 0-10 and responded_at (else ctx->as_of) required;
 * without a response id the key is "h:" + the SHA-256 prefix of
 * (lower(email), responded_at, score) (SPEC §4); an export without emails
 * uses the respondent id instead, and one without either adds the comment,
 * so that different people's answers never collapse into one; a response
 * whose time is only the --as-of date is keyed by (email or respondent
 * id, score, comment): a verbatim repeat is a duplicate. */
int pd_row_nps(struct pd_row_ctx *ctx, const struct pd_record *rec,
               struct pd_arena *a, struct pd_nps *out,
               struct pd_row_reject *rej);
/* Usage (SPEC §3-4): a name, a plausible time and a user or device id;
 * the key is the vendor's insert id, else its uuid, else "h:" + a hash of
 * (user, device, name, time, properties sorted by key) -- for
 * pre-aggregated rows (event_count bound) of (user, device, name, time)
 * only, so that a re-exported bucket with a new count keeps its key.
 * Segment identify/group/alias calls are rejects marked expected. */
int pd_row_event(struct pd_row_ctx *ctx, const struct pd_record *rec,
                 struct pd_arena *a, struct pd_event *out,
                 struct pd_row_reject *rej);

/* SPEC §9: an exposure event (its properties are always kept, and the
 * load makes an exposure of it; load/sql/017_exposures.sql holds the same
 * names in prodops.is_exposure_event()). */
bool pd_row_is_exposure(const char *event_name);

/* Releases (issue 17): a name and a release date (the local date of the
 * source's zone) required; events split into a list; the rest as text. */
int pd_row_release(struct pd_row_ctx *ctx, const struct pd_record *rec,
                   struct pd_arena *a, struct pd_release *out,
                   struct pd_row_reject *rej);

/* Feature-request posts (issue 17): an id, a plausible created_at and a
 * title (else the description's first 120 bytes); votes a whole number
 * >= 0 when exported; the status mapped to parse_value.h's request
 * statuses, the vendor's word kept; updated_at defaults to created_at. */
int pd_row_request(struct pd_row_ctx *ctx, const struct pd_record *rec,
                   struct pd_arena *a, struct pd_request *out,
                   struct pd_row_reject *rej);

#endif
