#include "row_values.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

/* The types read in the binary format (PostgreSQL's catalog OIDs,
 * pg_type.dat, fixed since 7.x). */
enum {
    BOOL_OID = 16,
    INT8_OID = 20,
    INT2_OID = 21,
    INT4_OID = 23,
    FLOAT8_OID = 701,
    TIMESTAMPTZ_OID = 1184
};

static bool
binary(const struct pd_db_row *row, int col)
{
    return PQfformat(row->res, col) == 1;
}

/* Column col's n bytes (network order) as an unsigned integer; false when
 * the value has another length. */
static bool
big_endian(const struct pd_db_row *row, int col, int n, uint64_t *out)
{
    const unsigned char *v = (const unsigned char *)pd_db_row_value(row, col);

    if (pd_db_row_length(row, col) != n)
        return false;
    *out = 0;
    for (int i = 0; i < n; i++)
        *out = *out << 8 | v[i];
    return true;
}

/* A binary int2, int4 or int8 into *out. */
static bool
binary_integer(const struct pd_db_row *row, int col, int64_t *out)
{
    Oid type = PQftype(row->res, col);
    uint64_t u;

    if (type == INT2_OID && big_endian(row, col, 2, &u))
        *out = (int16_t)(uint16_t)u;
    else if (type == INT4_OID && big_endian(row, col, 4, &u))
        *out = (int32_t)(uint32_t)u;
    else if (type == INT8_OID && big_endian(row, col, 8, &u))
        *out = (int64_t)u;
    else
        return false;
    return true;
}

uint32_t
pd_row_text_id(struct pd_strpool *p, const struct pd_db_row *row, int col)
{
    if (pd_db_row_isnull(row, col))
        return 0;
    return pd_strpool_id(p, pd_db_row_value(row, col),
                         (size_t)pd_db_row_length(row, col));
}

bool
pd_row_number(const struct pd_db_row *row, int col, double *out)
{
    const char *v = pd_db_row_value(row, col);
    char *end;

    if (pd_db_row_isnull(row, col)) {
        *out = NAN;
        return true;
    }
    if (binary(row, col)) {
        uint64_t u;
        int64_t i;

        if (PQftype(row->res, col) == FLOAT8_OID && big_endian(row, col, 8, &u))
            memcpy(out, &u, sizeof(*out)); /* IEEE 754, as the server's */
        else if (binary_integer(row, col, &i))
            *out = (double)i;
        else
            return false;
        return !isnan(*out);
    }
    *out = strtod(v, &end);
    return end != v && *end == '\0' && !isnan(*out);
}

bool
pd_row_integer(const struct pd_db_row *row, int col, int64_t lo, int64_t hi,
               int64_t *out)
{
    const char *v = pd_db_row_value(row, col);
    char *end;
    long long x;

    if (pd_db_row_isnull(row, col))
        return false;
    if (binary(row, col)) {
        int64_t i;

        if (!binary_integer(row, col, &i) || i < lo || i > hi)
            return false;
        *out = i;
        return true;
    }
    errno = 0;
    x = strtoll(v, &end, 10);
    if (end == v || *end != '\0' || errno == ERANGE || x < lo || x > hi)
        return false;
    *out = x;
    return true;
}

bool
pd_row_bool(const struct pd_db_row *row, int col, bool *out)
{
    const char *v = pd_db_row_value(row, col);

    if (pd_db_row_isnull(row, col))
        return false;
    if (binary(row, col)) {
        if (PQftype(row->res, col) != BOOL_OID ||
            pd_db_row_length(row, col) != 1 || (v[0] != 0 && v[0] != 1))
            return false;
        *out = v[0] == 1;
        return true;
    }
    if (strcmp(v, "t") != 0 && strcmp(v, "f") != 0)
        return false;
    *out = v[0] == 't';
    return true;
}

bool
pd_row_micros(const struct pd_db_row *row, int col, int64_t *out)
{
    uint64_t u;

    if (pd_db_row_isnull(row, col) || !binary(row, col) ||
        PQftype(row->res, col) != TIMESTAMPTZ_OID ||
        !big_endian(row, col, 8, &u))
        return false;
    *out = (int64_t)u;
    /* The infinities are the extremes of int64 (DT_NOBEGIN, DT_NOEND). */
    return *out != INT64_MIN && *out != INT64_MAX;
}

const char *
pd_row_shown(const struct pd_db_row *row, int col, char *buf, size_t n)
{
    int64_t i;
    double x;

    if (pd_db_row_isnull(row, col))
        snprintf(buf, n, "NULL");
    else if (!binary(row, col))
        snprintf(buf, n, "%s", pd_db_row_value(row, col));
    else if (binary_integer(row, col, &i))
        snprintf(buf, n, "%lld", (long long)i);
    else if (PQftype(row->res, col) == FLOAT8_OID &&
             pd_row_number(row, col, &x))
        snprintf(buf, n, "%.17g", x);
    else
        snprintf(buf, n, "(type %u, %d bytes)",
                 (unsigned)PQftype(row->res, col), pd_db_row_length(row, col));
    return buf;
}

int
pd_row_accounts_add(struct pd_row_accounts *as, struct pd_strpool *p,
                    const struct pd_db_row *row,
                    const struct pd_row_account_cols *col)
{
    struct pd_row_account a;

    if (pd_db_row_isnull(row, col->id))
        return -1;
    if (!pd_row_number(row, col->arr, &a.arr))
        return -2;
    a.id = pd_row_text_id(p, row, col->id);
    for (int c = 0; c < 3; c++)
        a.cell[c] = pd_row_text_id(p, row, col->cells + c);
    a.name = pd_row_text_id(p, row, col->name);
    if (as->n == as->cap) {
        as->cap = as->cap ? as->cap * 2 : 64;
        as->a = pd_xrealloc(as->a, as->cap * sizeof(*as->a));
    }
    as->a[as->n++] = a;
    return 0;
}

int32_t *
pd_row_accounts_index(const struct pd_row_accounts *as, size_t npool)
{
    int32_t *of = pd_xmalloc((npool ? npool : 1) * sizeof(*of));

    for (size_t i = 0; i < npool; i++)
        of[i] = -1;
    for (size_t i = 0; i < as->n; i++)
        of[as->a[i].id] = (int32_t)i;
    return of;
}

void
pd_row_accounts_release(struct pd_row_accounts *as)
{
    free(as->a);
    *as = (struct pd_row_accounts){NULL, 0, 0};
}
