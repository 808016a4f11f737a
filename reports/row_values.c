#include "row_values.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "common/xalloc.h"

uint32_t
pd_row_text_id(struct pd_strpool *p, const PGresult *res, int col)
{
    if (PQgetisnull(res, 0, col))
        return 0;
    return pd_strpool_id(p, PQgetvalue(res, 0, col),
                         (size_t)PQgetlength(res, 0, col));
}

bool
pd_row_number(const PGresult *res, int col, double *out)
{
    const char *v = PQgetvalue(res, 0, col);
    char *end;

    if (PQgetisnull(res, 0, col)) {
        *out = NAN;
        return true;
    }
    *out = strtod(v, &end);
    return end != v && *end == '\0' && !isnan(*out);
}

bool
pd_row_integer(const PGresult *res, int col, int64_t lo, int64_t hi,
               int64_t *out)
{
    const char *v = PQgetvalue(res, 0, col);
    char *end;
    long long x;

    if (PQgetisnull(res, 0, col))
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
                    const PGresult *res, const struct pd_row_account_cols *col)
{
    struct pd_row_account a;

    if (PQgetisnull(res, 0, col->id))
        return -1;
    if (!pd_row_number(res, col->arr, &a.arr))
        return -2;
    a.id = pd_row_text_id(p, res, col->id);
    for (int c = 0; c < 3; c++)
        a.cell[c] = pd_row_text_id(p, res, col->cells + c);
    a.name = pd_row_text_id(p, res, col->name);
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
