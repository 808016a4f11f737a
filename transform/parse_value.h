/*
 * parse_value - numbers, NPS scores and the enumerations of SPEC §2.
 *
 * Vendor values are mapped case-, space- and punctuation-insensitively
 * through const tables (one per enum) covering Zendesk, Freshdesk, Jira
 * (English and Spanish), HubSpot, Intercom and Help Scout display names.
 * Blank and sentinel values (NA, N/A, null, "-") give the NONE member;
 * anything unmapped gives OTHER, which the caller counts.
 *
 * Ownership: names returned are static strings.
 * Errors: numeric parsers return 0 ok, 1 empty/sentinel, -1 not a number.
 * Limits: no allocation; integers are int64 (19-digit ids stay text).
 */
#ifndef PD_PARSE_VALUE_H
#define PD_PARSE_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pd_status {
    PD_STATUS_NONE,
    PD_STATUS_NEW,
    PD_STATUS_OPEN,
    PD_STATUS_PENDING,
    PD_STATUS_ON_HOLD,
    PD_STATUS_SOLVED,
    PD_STATUS_CLOSED,
    PD_STATUS_OTHER
};

enum pd_priority {
    PD_PRIORITY_NONE,
    PD_PRIORITY_LOW,
    PD_PRIORITY_NORMAL,
    PD_PRIORITY_HIGH,
    PD_PRIORITY_URGENT,
    PD_PRIORITY_OTHER
};

enum pd_channel {
    PD_CHANNEL_NONE,
    PD_CHANNEL_EMAIL,
    PD_CHANNEL_WEB,
    PD_CHANNEL_CHAT,
    PD_CHANNEL_PHONE,
    PD_CHANNEL_API,
    PD_CHANNEL_SOCIAL,
    PD_CHANNEL_OTHER
};

enum pd_satisfaction {
    PD_SAT_NONE, /* not rated: blank, Offered, Unoffered, Not Offered */
    PD_SAT_GOOD,
    PD_SAT_BAD,
    PD_SAT_OTHER /* unmapped: stored as NULL, counted */
};

/* A feature request's status (issue 17), least to most advanced: a
 * duplicate is folded into its original, a declined post was triaged, and
 * planned < started < completed is the road to shipping.  The order is
 * the enum's: a request made of several posts takes the greatest. */
enum pd_request_status {
    PD_REQ_NONE,
    PD_REQ_DUPLICATE,
    PD_REQ_OPEN,
    PD_REQ_DECLINED,
    PD_REQ_PLANNED,
    PD_REQ_STARTED,
    PD_REQ_COMPLETED,
    PD_REQ_OTHER
};

enum pd_status pd_parse_status(const char *s, size_t n);
/* Fider slugs, Canny and Productboard words. */
enum pd_request_status pd_parse_request_status(const char *s, size_t n);
enum pd_priority pd_parse_priority(const char *s, size_t n);
enum pd_channel pd_parse_channel(const char *s, size_t n);
/* Words of SPEC §2 and numeric 1-5 ratings (4-5 good, 1-3 bad). */
enum pd_satisfaction pd_parse_satisfaction(const char *s, size_t n);

/* Canonical lower-case names as stored in PostgreSQL; NULL for NONE. */
const char *pd_status_name(enum pd_status v);
const char *pd_request_status_name(enum pd_request_status v);
const char *pd_priority_name(enum pd_priority v);
const char *pd_channel_name(enum pd_channel v);
const char *pd_satisfaction_name(enum pd_satisfaction v);

/* True for "", NA, N/A, #N/A, null, NULL, none (any case, after trimming
 * spaces and U+00A0).  Not for "-": that is "none" only in custom list
 * fields (the caller's rule) and in the enum and number parsers here. */
bool pd_is_null_text(const char *s, size_t n);

/* Integer: optional sign, digits, optional ".0…" fraction of zeros,
 * surrounding spaces allowed.  0 ok, 1 empty/sentinel, -1 not an integer. */
int pd_parse_int64(const char *s, size_t n, int64_t *out);
/* Decimal number ("1,234.5" thousands commas accepted).  Same returns. */
int pd_parse_double(const char *s, size_t n, double *out);
/* NPS score: integer 0-10 ("9", "9.0", " 9 ").  0 ok, 1 empty/sentinel,
 * -1 not a score (out of range, fractional, text). */
int pd_parse_nps_score(const char *s, size_t n, int *out);

#endif
