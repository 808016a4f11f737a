#include "account_map.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "load/db.h"

/* Whether lower() here changes ASCII letters and nothing else: PostgreSQL's
 * str_tolower() takes its ASCII-only path when the default collation's
 * character classification is C or POSIX; with the libc provider nothing
 * else can change that. */
static const char ascii_lower_sql[] =
    "SELECT datlocprovider = 'c' AND datctype IN ('C', 'POSIX')"
    "  FROM pg_database WHERE datname = current_database()";

/* The three lookups of load/sql/tickets_direct_accounts.sql, read as the
 * server would join them. */
static const char count_sql[] = "SELECT count(*) FROM prodops.accounts";
static const char ids_sql[] = "SELECT account_id FROM prodops.accounts";
static const char names_sql[] =
    "SELECT lname, account_id FROM prodops.account_by_name";
static const char domains_sql[] =
    "SELECT domain, account_id FROM prodops.account_by_domain";

static void
index_rows(struct pd_strmap *map, const PGresult *res)
{
    for (int i = 0; i < PQntuples(res); i++)
        (void)pd_strmap_put(map, PQgetvalue(res, i, 0),
                            (size_t)PQgetlength(res, i, 0), i);
}

static bool
first_value_true(PGconn *conn, const char *sql, bool *v, struct pd_err *err)
{
    PGresult *res = pd_db_exec(conn, sql, 0, NULL, err);

    if (!res)
        return false;
    *v = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    return true;
}

int
pd_account_map_load(PGconn *conn, struct pd_account_map *m, struct pd_err *err)
{
    PGresult *res;
    bool ascii;
    long n;

    memset(m, 0, sizeof(*m));
    if (!first_value_true(conn, ascii_lower_sql, &ascii, err))
        return -1;
    if (!ascii)
        return 0;
    if (!(res = pd_db_exec(conn, count_sql, 0, NULL, err)))
        return -1;
    n = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    if (n > PD_ACCOUNT_MAP_MAX)
        return 0;
    if (n == 0)
        return 1; /* nothing can resolve: every row's account is NULL */
    if (!(m->ids = pd_db_exec(conn, ids_sql, 0, NULL, err)) ||
        !(m->names = pd_db_exec(conn, names_sql, 0, NULL, err)) ||
        !(m->domains = pd_db_exec(conn, domains_sql, 0, NULL, err))) {
        pd_account_map_release(m);
        return -1;
    }
    index_rows(&m->by_id, m->ids);
    index_rows(&m->by_name, m->names);
    index_rows(&m->by_domain, m->domains);
    return 1;
}

static const char *
lookup(const struct pd_strmap *map, const PGresult *res, int column,
       const char *key, size_t len)
{
    int64_t row;

    if (!pd_strmap_get(map, key, len, &row))
        return NULL;
    return PQgetvalue(res, (int)row, column);
}

const char *
pd_account_map_resolve(struct pd_account_map *m, const char *account_ref,
                       const char *organization, const char *domain)
{
    const char *id = NULL;

    if (!m->ids)
        return NULL;
    if (account_ref)
        id = lookup(&m->by_id, m->ids, 0, account_ref, strlen(account_ref));
    if (!id && organization) {
        size_t len = strlen(organization);
        if (len + 1 > m->lowered_cap) {
            m->lowered_cap = len + 64;
            m->lowered = pd_xrealloc(m->lowered, m->lowered_cap);
        }
        /* lower() under a C classification: A-Z only, bytes of other
         * characters as they are. */
        for (size_t i = 0; i < len; i++) {
            char c = organization[i];
            m->lowered[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
        }
        id = lookup(&m->by_name, m->names, 1, m->lowered, len);
    }
    if (!id && domain)
        id = lookup(&m->by_domain, m->domains, 1, domain, strlen(domain));
    return id;
}

void
pd_account_map_release(struct pd_account_map *m)
{
    PQclear(m->ids);
    PQclear(m->names);
    PQclear(m->domains);
    pd_strmap_release(&m->by_id);
    pd_strmap_release(&m->by_name);
    pd_strmap_release(&m->by_domain);
    free(m->lowered);
    memset(m, 0, sizeof(*m));
}
