#include "row_values.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

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
