/*
 * row_values - the values of one streamed result row (load/db_rows.h,
 * reports/snapshot.h) read as the report's streams need them: text
 * as a string pool's id, a float8 and a bounded integer, each checked;
 * and the account rows both streams carry (the account's cells once, not
 * on every ticket or user row), looked up by the account id's pool id.
 * A value may come as text or in the binary format (a BINARY cursor,
 * load/db_rows.h): numbers and booleans are read from either, by the
 * column's format and type (int2, int4, int8, float8, bool); a time only
 * in binary.
 *
 * For reports/attention_stream.c and reports/attention_users.c, which
 * fail a row that does not parse rather than leave it out.
 *
 * Ownership: nothing is kept but by struct pd_row_accounts, which owns
 * its array (pd_row_accounts_release()); a text's copy is the pool's.
 * Errors: false when a value is not what was asked for (never an error
 * for NULL where NULL is allowed, as said per function).
 */
#ifndef PD_ROW_VALUES_H
#define PD_ROW_VALUES_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/strpool.h"
#include "load/db_rows.h"

/* Column col of row as p's id; 0 for NULL. */
uint32_t pd_row_text_id(struct pd_strpool *p, const struct pd_db_row *row,
                        int col);

/* Column col as a number into *out, NAN for NULL; false when it is not
 * one (or NaN). */
bool pd_row_number(const struct pd_db_row *row, int col, double *out);

/* Column col as an integer within [lo, hi] into *out; false when it is
 * NULL, not an integer or out of range. */
bool pd_row_integer(const struct pd_db_row *row, int col, int64_t lo,
                    int64_t hi, int64_t *out);

/* Column col, a boolean, into *out; false when it is NULL or not one. */
bool pd_row_bool(const struct pd_db_row *row, int col, bool *out);

/* Column col as an error message shows it, in buf of n bytes: its text,
 * NULL, a binary number's value, else its type and length. */
const char *pd_row_shown(const struct pd_db_row *row, int col, char *buf,
                         size_t n);
/* The same in a buffer of the enclosing block's (a compound literal),
 * for an error message's argument. */
#define PD_ROW_SHOWN(row, col) pd_row_shown((row), (col), (char[48]){""}, 48)

/* Column col, a timestamptz in the binary format, as microseconds since
 * 2000-01-01 UTC into *out; false when it is NULL or not one (an
 * infinity is not one). */
bool pd_row_micros(const struct pd_db_row *row, int col, int64_t *out);

/* An account row's values as pool ids: its id, its plan, segment and
 * region, its name; its ARR (NAN: none). */
struct pd_row_account {
    uint32_t id, cell[3], name;
    double arr;
};

/* The account rows read so far. */
struct pd_row_accounts {
    struct pd_row_account *a;
    size_t n, cap;
};

/* Where an account row's values are: the id's column, the first of the
 * three cells' (adjacent), the name's, the ARR's. */
struct pd_row_account_cols {
    int id, cells, name, arr;
};

/* Add the account row to as.  0; -1 when its id is NULL, -2 when its
 * ARR is not a number (nothing added). */
int pd_row_accounts_add(struct pd_row_accounts *as, struct pd_strpool *p,
                        const struct pd_db_row *row,
                        const struct pd_row_account_cols *col);

/* A new array of npool entries (a pool's id count): the index in as->a of
 * the account whose id has that pool id, -1 for none.  The caller frees
 * it. */
int32_t *pd_row_accounts_index(const struct pd_row_accounts *as, size_t npool);

void pd_row_accounts_release(struct pd_row_accounts *as);

#endif
