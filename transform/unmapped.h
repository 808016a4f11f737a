/*
 * unmapped - the vendor values of one file that found no canonical value:
 * status, priority and channel values stored as "other", satisfaction
 * values stored as NULL for want of a mapping (SPEC §2), each distinct
 * value with its count.
 *
 * A silent "other" is how a mapping gap hides (issue 13: 405 Zendesk
 * "Phone call (incoming)" tickets became other, reported as a bare count);
 * naming the values makes the gap a one-line table fix.  The row code adds
 * each such value; ingest stores the lists in prodops.files.warnings,
 * `prodops check` prints them, and the weekly report's data-quality block
 * sums them per source.
 *
 * Ownership: plain data in fixed arrays (no allocation): copy it freely.
 * Output goes to a caller-owned pd_buf.
 * Errors: none.
 * Limits: PD_UNMAPPED_VALUES distinct values per column are kept; rows
 * with a further value are counted in `more` only.  A value is kept to
 * PD_UNMAPPED_LEN - 1 bytes, cut at a character boundary, so two long
 * values with the same beginning count as one.
 */
#ifndef PD_UNMAPPED_H
#define PD_UNMAPPED_H

#include <stddef.h>

#include "common/buf.h"

enum pd_unmapped_column {
    PD_UNMAPPED_STATUS,
    PD_UNMAPPED_PRIORITY,
    PD_UNMAPPED_CHANNEL,
    PD_UNMAPPED_SATISFACTION,
    PD_UNMAPPED__COUNT
};

enum { PD_UNMAPPED_VALUES = 20, PD_UNMAPPED_LEN = 64 };

struct pd_unmapped_value {
    char text[PD_UNMAPPED_LEN]; /* as in the file, trimmed; UTF-8 */
    size_t count;
};

struct pd_unmapped_list {
    struct pd_unmapped_value v[PD_UNMAPPED_VALUES]; /* first seen first */
    size_t n;
    size_t more; /* rows whose value did not fit in v[] */
};

struct pd_unmapped {
    struct pd_unmapped_list col[PD_UNMAPPED__COUNT];
};

/* Count one value (n bytes of valid UTF-8) of column c. */
void pd_unmapped_add(struct pd_unmapped *u, enum pd_unmapped_column c,
                     const char *s, size_t n);

/* "status", "priority", "channel", "satisfaction". */
const char *pd_unmapped_column_name(enum pd_unmapped_column c);
/* What the column's unmapped values became: "other", or "NULL". */
const char *pd_unmapped_target(enum pd_unmapped_column c);
/* Rows counted in column c (listed values and more). */
size_t pd_unmapped_total(const struct pd_unmapped_list *l);

/* The values by count, most first, as "'Phone call (incoming)' 405,
 * 'Pigeon' 2", at most max of them then "and N more values" (rows);
 * values in printable form (common/printable.h).  Appends to out. */
void pd_unmapped_describe(const struct pd_unmapped_list *l, size_t max,
                          struct pd_buf *out);

/* The lists as JSON array elements, by column then count, most first:
 * {"column": "channel", "value": "Phone call (incoming)", "count": 405},
 * and for a column with rows beyond its kept values one element with
 * "value": null counting them.  Appends the elements, comma-separated,
 * without brackets; returns how many. */
size_t pd_unmapped_json(const struct pd_unmapped *u, struct pd_buf *out);

#endif
