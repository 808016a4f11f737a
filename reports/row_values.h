/*
 * row_values - the values of one streamed result row (libpq's single-row
 * mode, reports/snapshot.h) read as the report's streams need them: text
 * as a string pool's id, a float8 and a bounded integer, each checked.
 *
 * For reports/attention_stream.c and reports/attention_users.c, which
 * fail a row that does not parse rather than leave it out.
 *
 * Ownership: nothing is kept; a text's copy is the pool's.
 * Errors: false when a value is not what was asked for (never an error
 * for NULL where NULL is allowed, as said per function).
 */
#ifndef PD_ROW_VALUES_H
#define PD_ROW_VALUES_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/strpool.h"

/* Column col of the row (row 0 of res) as p's id; 0 for NULL. */
uint32_t pd_row_text_id(struct pd_strpool *p, const PGresult *res, int col);

/* Column col as a number into *out, NAN for NULL; false when it is not
 * one (or NaN). */
bool pd_row_number(const PGresult *res, int col, double *out);

/* Column col as an integer within [lo, hi] into *out; false when it is
 * NULL, not an integer or out of range. */
bool pd_row_integer(const PGresult *res, int col, int64_t lo, int64_t hi,
                    int64_t *out);

#endif
