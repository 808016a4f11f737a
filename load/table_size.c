#include "table_size.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "load/db.h"

int
pd_table_sizes(PGconn *conn, struct pd_table_sizes *s, struct pd_err *err)
{
    PGresult *res =
        pd_db_exec_resource(conn, "load/sql/table_sizes.sql", 0, NULL, err);

    memset(s, 0, sizeof(*s));
    if (!res)
        return -1;
    s->n = (size_t)PQntuples(res);
    s->t = pd_xcalloc(s->n ? s->n : 1, sizeof(*s->t));
    for (size_t i = 0; i < s->n; i++) {
        struct pd_table_size *t = &s->t[i];
        int r = (int)i;
        snprintf(t->name, sizeof(t->name), "%s", PQgetvalue(res, r, 0));
        t->rows = strtoll(PQgetvalue(res, r, 1), NULL, 10);
        t->bytes = strtoll(PQgetvalue(res, r, 2), NULL, 10);
        t->partitions = atoi(PQgetvalue(res, r, 3));
        snprintf(t->span, sizeof(t->span), "%s", PQgetvalue(res, r, 4));
        s->bytes += t->bytes;
    }
    PQclear(res);
    return 0;
}

void
pd_table_sizes_release(struct pd_table_sizes *s)
{
    free(s->t);
    memset(s, 0, sizeof(*s));
}

void
pd_table_size_pretty(int64_t bytes, char *buf, size_t n)
{
    static const char *const units[] = {"kB", "MB", "GB", "TB"};
    double v = (double)bytes;
    int u = -1;

    if (bytes < 10 * 1024) {
        snprintf(buf, n, "%lld bytes", (long long)bytes);
        return;
    }
    while (v >= 1024 && u < 3) {
        v /= 1024;
        u++;
    }
    snprintf(buf, n, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
}
