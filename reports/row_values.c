#include "row_values.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "common/xalloc.h"

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
    errno = 0;
    x = strtoll(v, &end, 10);
    if (end == v || *end != '\0' || errno == ERANGE || x < lo || x > hi)
        return false;
    *out = x;
    return true;
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
